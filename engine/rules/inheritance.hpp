#pragma once
// Inheritance: do a baby's qualifying alleles in one gene entry amount to a finding?
//
//   MONOALLELIC          one qualifying allele (any non-reference genotype).
//   BIALLELIC            a homozygous qualifying allele; or two qualifying alleles not known to
//                        be in cis. A single heterozygous allele is a carrier: never reported.
//   XLINKED_MONOALLELIC  one qualifying allele, in any karyotype.
//   XLINKED_BIALLELIC    outside the PARs, XY and X0 are hemizygous: one allele (written `1` or
//                        `1/1`) is enough; XX and XXY use the BIALLELIC rule. Inside PAR1/PAR2
//                        chrX is treated as an autosome.
//
// Phase of a pair of heterozygous alleles A and B (worked examples, GT and PS of each):
//   A 0|1 PS=100, B 1|0 PS=100  -> trans  (same phase set, different haplotypes): reported
//   A 0|1 PS=100, B 0|1 PS=100  -> cis    (same phase set, same haplotype): NOT reported
//   A 0|1 PS=100, B 0|1 PS=250  -> unknown (different phase sets): reported, "phase unknown"
//   A 0/1,        B 0/1         -> unknown (unphased): reported, "phase unknown"
//   one record, GT 1/2          -> trans  (a diploid call holds the two ALTs on different copies)
//   two SNVs of one MNP ALT     -> cis    (genome/normalize.hpp decomposes MNPs; one allele)
// Phased calls without a PS field share one phase set per chromosome (VCF convention).
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/karyotype.hpp"
#include "engine/core/variant.hpp"
#include "engine/panel/panel.hpp"

namespace nbs {

enum class Phase { trans, cis, unknown, not_applicable };
[[nodiscard]] std::string_view to_string(Phase p);

/// Phase of two different heterozygous alleles, per the examples above.
[[nodiscard]] Phase pair_phase(const AlleleCall& a, const AlleleCall& b);

struct InheritanceOutcome {
    bool reported = false;
    Phase phase = Phase::not_applicable;
    std::string zygosity;  // heterozygous | homozygous | hemizygous | compound_heterozygous
    std::string reason;    // why it is (or is not) reported
};

/// `alleles`: the qualifying, QC-passing alleles of one gene entry (distinct alleles).
/// `karyotype`: the karyotype used for chrX decisions (unknown -> the biallelic rule).
[[nodiscard]] InheritanceOutcome evaluate_inheritance(const GeneEntry& gene,
                                                      const std::vector<const AlleleCall*>& alleles,
                                                      Karyotype karyotype);

}  // namespace nbs
