#pragma once
// Genotype quality gates from the panel's thresholds: FILTER, GQ, DP and allele balance from AD.
// A qualifying allele that fails is reported as "failed genotype QC" with its numbers; it never
// makes a finding and is never silently dropped.
#include <string>
#include <vector>

#include "engine/core/variant.hpp"
#include "engine/panel/panel.hpp"

namespace nbs {

struct GenotypeQc {
    bool pass = true;
    std::vector<std::string> failures;     // e.g. "GQ 12 < 20"
    std::vector<std::string> not_checked;  // fields the input does not carry, e.g. "AD"
    /// Passes, but a reviewer must see why the call is not plain, e.g. a homozygous or
    /// hemizygous call with heterozygous allele balance.
    std::vector<std::string> warnings;
};

/// Allele balance (AD alt / AD total) is judged by what the genotype claims:
///   heterozygous call:             fails below min_het_allele_balance (0.2 by default).
///   homozygous/hemizygous call:    fails only below min_het_allele_balance too: the ALT is then
///                                  barely in the reads. Between that and min_hom_allele_balance
///                                  (0.8) the call passes with a warning (zygosity uncertain:
///                                  mosaicism, contamination, a heterozygous call or XXY).
/// Worked example: a haploid chrX call "1" with AD 6,23 has balance 0.79: evidence for the ALT,
/// not noise; it passes with the warning and reaches a reviewer. AD 27,2 (0.07) fails.
/// Homozygous (or hemizygous) when every called allele is this ALT; otherwise heterozygous.
[[nodiscard]] bool is_homozygous_call(const AlleleCall& call);

[[nodiscard]] GenotypeQc check_genotype(const AlleleCall& call, const Thresholds& th);

}  // namespace nbs
