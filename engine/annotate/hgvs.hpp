#pragma once
// HGVS names of a change on a transcript (HGVS Nomenclature, varnomen.hgvs.org): c. positions
// counted from the A of the start codon, introns as c.87+1 / c.88-2, UTRs as c.-5 / c.*10; indels
// shifted 3' on the transcript (the "3' rule") within their exon or intron, an insertion that
// repeats the bases 5' of it named dup; p. names with three-letter amino acids (Ter for stop).
// Predicted consequences are written without parentheses, as VEP and ClinVar print them.
//
// Worked example (+ strand, CDS ...CTG AAG CGT..., codon 12 AAG at c.34-36): deleting the A of
// c.35 gives c.35del; the new frame reads AGC GT... and first differs at codon 12 (Lys -> Arg); a
// stop 5 codons on, counting Arg as 1, makes p.Lys12ArgfsTer5.
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/annotate/mane_consequence.hpp"

namespace nbs {

/// The c. name (n. on a non-coding transcript) of one edit on `t`, e.g. "c.35del".
[[nodiscard]] std::string hgvs_c(const CodingTranscript& t, GenomicEdit e);

/// The p. name of a protein change. `ref_protein` is the reference translation (stop as '*'),
/// `k0` the 0-based codon the change starts at, `alt_tail` the new translation from codon k0 up
/// to and including its first stop (no '*' when the transcript ends first), `codon_delta` the
/// net number of codons gained (negative: lost) for an in-frame change.
[[nodiscard]] std::string hgvs_p(std::string_view ref_protein, std::int64_t k0,
                                 std::string_view alt_tail, bool frameshift, bool start_lost,
                                 std::int64_t codon_delta);

}  // namespace nbs
