#pragma once
// Which alleles of one haplotype a transcript translates together (docs/rules.md 2f), the rule
// bcftools csq applies in its haplotype-aware mode: alleles that change one codon, and every
// allele in a stretch whose reading frame an indel 5' of it has shifted, up to and including the
// allele that restores the frame. Their consequence is one (CodingTranscript::annotate on the
// group); each other allele is named on its own.
//
// Worked example (bcftools' ABCA10 case ENST00000269081, - strand, all on one haplotype):
// 17:46862 AAT>A deletes 2 bases in codon 453; 46859 A>G, 35061 A>G and 8710 G>C lie 3' of it in
// the shifted frame; 7210 C>CACCTGGAA inserts 8 bases, bringing the CDS change to +6, a multiple
// of 3: one group led by 46862. Its translation meets a stop 6 codons after the deletion, before
// the insertion restores the frame: frameshift_variant and stop_gained.
#include <cstddef>
#include <vector>

#include "engine/annotate/mane_consequence.hpp"

namespace nbs {

/// The groups of `haplotype` (alleles on one haplotype, not overlapping) that `t` translates
/// together, as indexes into `haplotype`; each group in transcript order (5' first: the allele
/// the group's consequence is credited to), the groups ordered by their first allele. An allele
/// that touches no CDS base is a group of its own.
[[nodiscard]] std::vector<std::vector<std::size_t>> translation_groups(
    const CodingTranscript& t, const std::vector<Variant>& haplotype);

}  // namespace nbs
