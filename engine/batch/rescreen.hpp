#pragma once
// `nbscreen rescreen`: every baby of a results folder decided again under a new panel from its
// evidence snapshot (screen/baby_evidence.hpp), without reading its VCF, and a change report
// (batch/change_report.hpp) of what the new panel changes for each baby x condition.
//
// A baby is re-decided only when its snapshot holds everything the new panel reads (a new gene's
// region, a wider padding, another INFO key or coverage threshold may not have been read): such a
// baby "needs re-screen from the VCF" and gets no new result, or with `reread` is screened again
// from its VCF when that file is still there with the SHA-256 the snapshot records. A snapshot
// that is missing, corrupt or of another version fails that baby alone (bad input).
//
// Under an unchanged panel the new results are the old ones byte for byte (with the provenance
// block off on both runs): the same code decides from the same evidence.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/batch/batch_summary.hpp"
#include "engine/batch/change_report.hpp"
#include "engine/report/json_result.hpp"
#include "engine/report/output_dir.hpp"
#include "engine/screen/screen_baby.hpp"
#include "engine/screen/screen_plan.hpp"

namespace nbs {

struct RescreenOptions {
    std::filesystem::path previous;  // the results folder of the earlier screen
    std::filesystem::path out_dir;   // where the new results go (not `previous`)
    OutputDirOptions output;
    int threads = 1;
    bool reread = false;   // screen babies that need it from their VCF, when still valid
    ScreenOptions screen;  // for those re-reads
    std::optional<RunProvenance> provenance;
    std::function<void(std::size_t done, std::size_t total)> on_progress;  // called serially
};

struct RescreenOutcome {
    std::vector<SummaryRow> rows;  // every baby of `previous`, sorted by sample_id
    /// Rows of change_report.tsv per change class (the rows themselves are only in the file).
    std::map<std::string, std::size_t> change_counts;
    std::size_t redecided = 0, reread = 0, needs_rescreen = 0, input_errors = 0, io_errors = 0;
    std::size_t previous_failures = 0;  // babies whose earlier screen had failed (listed, skipped)
    std::string summary_error;          // set when a summary file could not be written
};

/// The panel path the snapshots of `previous` record, when they all name the same panel
/// (by checksum); "" otherwise.
[[nodiscard]] std::string previous_panel_source(const std::filesystem::path& previous);

/// \throws OutputDirLocked when another process writes to either folder; InputError when
/// `previous` is not a results folder. Per-baby failures are rows.
[[nodiscard]] RescreenOutcome run_rescreen(const ScreenPlan& plan, const Panel& old_panel,
                                           const RescreenOptions& options);

}  // namespace nbs
