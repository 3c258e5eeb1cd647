#pragma once
// Many babies per process: the panel is loaded once, babies are screened in parallel (TBB), each
// result is written as soon as it is ready (nothing is held per baby but its summary row), and
// the batch summary is sorted by sample_id so output does not depend on thread count or manifest
// order. A re-run skips babies whose result exists for the same panel checksum and inputs.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/batch/manifest.hpp"
#include "engine/report/json_result.hpp"
#include "engine/screen/screen_plan.hpp"

namespace nbs {

struct BatchOptions {
    std::filesystem::path out_dir;
    int threads = 1;                          // babies screened at once
    ScreenOptions screen;                     // per-file options (htslib threads, index use)
    std::optional<RunProvenance> provenance;  // nullopt: no provenance block
    bool force = false;                       // redo babies whose result already exists
    std::function<void(std::size_t done, std::size_t total)> on_progress;  // called serially
};

enum class RowOutcome { screened, skipped_existing, input_error, io_error };

struct SummaryRow {
    std::string sample_id;
    std::string status;  // a BabyStatus, or "error"
    std::size_t n_findings = 0;
    std::string condition_ids;  // comma-separated
    std::string genes;
    std::string sex_inferred;
    std::string sex_reported;
    std::string qc_failures;
    std::size_t n_not_assessable = 0;  // distinct conditions not assessable
    std::size_t n_set_aside = 0;       // qualifying alleles set aside (QC failure, exclude list)
    std::size_t n_qc_flags = 0;
    std::string message;  // the error for failed rows
    RowOutcome outcome = RowOutcome::screened;
};

struct BatchOutcome {
    std::vector<SummaryRow> rows;  // sorted by sample_id
    std::size_t screened = 0, skipped = 0, input_errors = 0, io_errors = 0;
};

[[nodiscard]] BatchOutcome run_batch(const ScreenPlan& plan, const std::vector<ManifestRow>& babies,
                                     const BatchOptions& options);

/// batch_summary.tsv content for `rows`.
[[nodiscard]] std::string summary_tsv(const std::vector<SummaryRow>& rows);

/// The key that decides whether an existing result can be reused: panel checksum, the input
/// file's path, size and modification time, and the options that change results.
/// What a stored result must match to be reused: the panel, the VCF's content (SHA-256), the
/// alignments' and reference's size and time, the sample column and the reported sex. Empty (never
/// reuse) for stdin or anything that is not a regular file.
[[nodiscard]] std::string resume_key(const ScreenPlan& plan, const BabyInput& input);

}  // namespace nbs
