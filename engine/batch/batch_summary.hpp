#pragma once
// batch_summary.tsv: one row per baby the output folder holds, sorted by sample_id. Rows come from
// a result just made, or from a verified result already in the folder (resume, or a baby screened
// by an earlier run into the same folder), or from a failure.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/screen/baby_result.hpp"

namespace nbs {

enum class RowOutcome { screened, skipped_existing, input_error, io_error, earlier_run };

struct SummaryRow {
    std::string sample_id;  // printable(): never a raw control byte
    std::string status;     // a BabyStatus, or "error"
    std::size_t n_findings = 0;
    std::string condition_ids;  // comma-separated
    std::string genes;
    std::string sex_inferred;
    std::string sex_reported;
    std::string qc_failures;
    std::size_t n_not_assessable = 0;  // distinct conditions not assessable
    std::size_t n_set_aside = 0;       // qualifying alleles set aside (QC failure, exclude list)
    std::size_t n_qc_flags = 0;
    std::string message;  // the error for failed rows; a note for rows of another panel
    RowOutcome outcome = RowOutcome::screened;
};

[[nodiscard]] SummaryRow row_from_result(const BabyResult& r);

/// The row for a stored result (docs/result-schema.md). A result made with another panel than
/// `panel_sha256` says so in `message`. \throws std::runtime_error if `json` is not a result.
[[nodiscard]] SummaryRow row_from_json(std::string_view json, std::string_view panel_sha256);

/// batch_summary.tsv content for `rows`.
[[nodiscard]] std::string summary_tsv(const std::vector<SummaryRow>& rows);

}  // namespace nbs
