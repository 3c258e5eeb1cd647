#pragma once
// The SMN1 copy-number route (docs/rules.md "SMN1 copy number"): from the counts gathered in the
// baby's alignments, call SMN1/SMN2 (coverage/smn_copy_number) and turn the call into the result
// for every gene entry whose condition requires `smn1_copy_number`:
//   intact SMN1 = 0      a finding (route smn1_copy_number) with the call as evidence
//   intact SMN1 = 1      a carrier: recorded in result.smn, not reported
//   intact SMN1 >= 2     recorded in result.smn; nothing to report
//   not assessable       a not_assessable entry with the caller's reason
#include <map>
#include <optional>
#include <set>
#include <string>

#include "engine/coverage/smn_copy_number.hpp"
#include "engine/panel/panel.hpp"
#include "engine/screen/baby_result.hpp"

namespace nbs {

struct SmnEvidence {
    std::set<std::string> available;                 // "smn1_copy_number" when the caller ran
    std::map<std::string, std::string> why_missing;  // else what would have given it
};

/// `obs`: the counts, when alignments were read and the panel has smn.tsv. `had_alignments`:
/// whether --cram/--bam (or the manifest column) was given.
[[nodiscard]] SmnEvidence apply_smn(BabyResult& r, const Panel& panel,
                                    const std::optional<SmnObservation>& obs, bool had_alignments);

}  // namespace nbs
