#pragma once
// Many babies per process: the panel is loaded once, babies are screened in parallel (TBB), each
// result is written as soon as it is ready (nothing is held per baby but its summary row), and
// the batch summary is sorted by sample_id so output does not depend on thread count or manifest
// order. Babies whose rows name the same multi-sample file are screened from one read of it
// (screen/screen_cohort.hpp), each with its own result, key and failure, exactly as if alone. The
// output folder (report/output_dir) is locked for the whole batch; a re-run reuses a baby's result
// only when its record proves it was made from the same inputs, panel, engine and options, and the
// summary lists every baby the folder holds.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/batch/batch_summary.hpp"
#include "engine/batch/manifest.hpp"
#include "engine/report/json_result.hpp"
#include "engine/report/output_dir.hpp"
#include "engine/screen/screen_plan.hpp"

namespace nbs {

struct BatchOptions {
    std::filesystem::path out_dir;
    OutputDirOptions output;                  // lock waiting, file mode
    int threads = 1;                          // babies screened at once
    ScreenOptions screen;                     // per-file options (htslib threads, index use)
    std::optional<RunProvenance> provenance;  // nullopt: no provenance block
    bool force = false;                       // redo babies whose result already exists
    std::function<void(std::size_t done, std::size_t total)> on_progress;  // called serially
};

struct BatchOutcome {
    std::vector<SummaryRow> rows;  // this run's babies, sorted by sample_id
    std::size_t screened = 0, skipped = 0, input_errors = 0, io_errors = 0;
    std::size_t from_earlier_runs = 0;  // other babies of the folder listed in the summary
    /// Multi-sample files read once for several of their babies, and the babies screened so.
    std::size_t cohort_reads = 0, cohort_babies = 0;
    /// Cohort reads that met a problem with the file and fell back to one read per baby.
    std::size_t cohort_fallbacks = 0;
    std::string summary_error;  // set when batch_summary.tsv could not be written
};

/// \throws OutputDirLocked when another process writes to the folder (and options.output does not
/// wait); std::runtime_error when the folder cannot be made. Per-baby failures are rows.
[[nodiscard]] BatchOutcome run_batch(const ScreenPlan& plan, const std::vector<ManifestRow>& babies,
                                     const BatchOptions& options);

/// Commits what the folder still holds queued (report/output_dir.hpp) and makes an error of the row
/// of every baby whose result could not be made durable (rows[i] is the baby ids[i]); returns
/// their indices.
std::vector<std::size_t> flush_results(OutputDir& out_dir, const std::vector<std::string>& ids,
                                       std::vector<SummaryRow>& rows);

/// What identifies the running executable in a resume key: "gnu-build-id:<hex>" (the linker's
/// build id, read from memory), else the SHA-256 of /proc/self/exe, else "".
[[nodiscard]] const std::string& engine_build_id();

/// What a stored result must match to be reused: the engine and result schema versions, the
/// panel's checksum, the VCF's content (its SHA-256, or the footprint identity of
/// batch/vcf_identity.hpp), the alignments' and reference's size and time,
/// the sample column, the reported sex, and the options that change a result (index use, the
/// alignment sample check, the provenance block). Empty (never reuse) for stdin or anything that
/// is not a regular file.
[[nodiscard]] std::string resume_key(const ScreenPlan& plan, const BabyInput& input,
                                     const BatchOptions& options = {});
/// The same, with the VCF's identity already computed (vcf_identity.hpp; the whole file's
/// SHA-256 once per file for a cohort's babies).
[[nodiscard]] std::string resume_key(const ScreenPlan& plan, const BabyInput& input,
                                     const BatchOptions& options, const std::string& vcf_sha256);

}  // namespace nbs
