#pragma once
// What the SMN1 caller counts in a baby's alignments (smn_copy_number.hpp decides): bases at each
// differentiating site, at the SMN1 and the SMN2 position together, and mean depth over the SMN1
// and SMN2 exon 7-8 regions and the normalisation regions. Only those regions are decoded.
// Reads with MAPQ 0 count (smn.tsv min_mapq), since the paralogs are near-identical.
#include "engine/coverage/smn_copy_number.hpp"
#include "engine/io/alignment_reader.hpp"
#include "engine/panel/panel.hpp"

namespace nbs {

/// \throws InputError if the alignments cannot be decoded (a CRAM without its reference).
[[nodiscard]] SmnObservation observe_smn(AlignmentReader& reader, const SmnConfig& cfg);

}  // namespace nbs
