#pragma once
// Normalisation on read: one record becomes one AlleleCall per ALT allele, each trimmed to a
// minimal representation so the same variant written two ways compares equal.
//
// Worked example — a multi-allelic record and a 1/2 call:
//   chr7  117559590  ATCT  A,ATCTCT   GT 1/2
//   -> allele 1: chr7:117559590 ATCT>A     copies 1 (heterozygous)
//   -> allele 2: chr7:117559590 A>ATC      copies 1 (heterozygous; trimmed: shared suffix TCT)
// Neither allele is "homozygous": a 1/2 call is two different ALT alleles, one copy each.
#include <optional>
#include <vector>

#include "engine/core/region.hpp"
#include "engine/core/variant.hpp"
#include "engine/genome/reference.hpp"

namespace nbs {

/// Trims a shared suffix, then a shared prefix, keeping at least one base on each side (VCF
/// anchor base). Does not left-align (that would need the reference sequence).
[[nodiscard]] Variant minimal_representation(Variant v);

/// Left-aligns `v` against the reference slices, then trims it to its minimal representation:
/// the one key every valid VCF spelling of the same change shares (Tan et al. 2015, "Unified
/// representation of genetic variants"; what `bcftools norm -f` writes for one allele).
/// nullopt when the slices do not cover the bases needed, or REF disagrees with them (then the
/// caller must match as written, and say so). SNVs and equal-length substitutions are only
/// trimmed: there is nothing to shift.
///
/// Worked example — one CA unit deleted, written at the 3' end of a CA repeat:
///   reference chr20:101-108 = G C A C A C A T
///   as written:   chr20:105 ACA>A      (deletes C,A at 106-107)
///   same last base (A): drop it        -> chr20:105 AC>""
///   ALT empty: prepend chr20:104 (C)   -> chr20:104 CAC>C; drop C -> CA>""; prepend 103 ...
///   ... until the last bases differ    -> chr20:101 GCA>G (the base before the repeat anchors)
[[nodiscard]] std::optional<Variant> left_align(Variant v, const ReferenceSlices& ref);

/// The reference bases every equivalent placement of an indel touches: from the left-aligned
/// anchor to the last base of the right-most placement (plus its following base for an
/// insertion). A record written anywhere in that span may be the same indel, so it must be read.
/// For substitutions and complex alleles, the bases of REF. nullopt as for left_align.
[[nodiscard]] std::optional<Region> equivalent_span(const Variant& v, const ReferenceSlices& ref);

/// True for ALT alleles that are not sequence: '*', '.', '<...>' and breakends.
[[nodiscard]] bool is_symbolic_allele(const std::string& alt);

/// Splits `rec` into one call per ALT the sample carries (copies > 0). Symbolic and '*' alleles
/// are skipped; missing GT alleles never count as carrying anything.
[[nodiscard]] std::vector<AlleleCall> split_alleles(const VcfRecord& rec);

/// A symbolic deletion the sample carries (ALT <DEL> or <DEL:...>, VCF 4.3 section 5.3): the
/// call (variant = as written) and the last deleted base, from INFO/END, else POS + |SVLEN|
/// (SVLEN must be among the INFO keys read); 0 when the record gives neither.
struct SymbolicDeletion {
    AlleleCall call;
    std::int64_t end = 0;
};
[[nodiscard]] std::vector<SymbolicDeletion> symbolic_deletions(const VcfRecord& rec);

/// The GT string as written, e.g. "0|1", "1", "./.".
[[nodiscard]] std::string format_genotype(const SampleFormat& s);

}  // namespace nbs
