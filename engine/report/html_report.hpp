#pragma once
// `nbscreen report`: one self-contained HTML page per baby and a batch index, made from the result
// JSON files only (docs/user-guide.md, "Reports"). The report is a view: it decides nothing, it
// shows what each result says, with the documented meaning of each value. Same results, same
// bytes; the generation time is the only varying part and `provenance = false` leaves it out.
//
// A results folder may hold a file that is not a readable nbscreen result (hand-edited, another
// tool's JSON, a result of an unknown major schema). As for a batch (one bad baby never takes a
// batch down), every other page is still written, the index lists the bad file with what is
// wrong, and the caller is told so it can exit 3.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "engine/report/output_dir.hpp"

namespace nbs {

struct ReportOptions {
    bool provenance = true;        // false: no generation time (byte-for-byte comparable)
    std::string generated_at;      // ISO 8601 UTC, shown only with provenance
    std::string nbscreen_version;  // the version that made the report
    OutputDirOptions output;       // lock and file mode of the report folder
};

/// One result file the report could not show, and why (names the file and what is wrong).
struct ReportProblem {
    std::string file;
    std::string message;
};

struct ReportOutcome {
    std::size_t pages = 0;                // baby pages written
    std::vector<ReportProblem> problems;  // results not shown (each listed in the index too)
    std::filesystem::path index;          // the index page written
};

/// The baby page of one result JSON document (already parsed and checked by check_result).
/// `result_sha256` names the exact bytes shown; `verified` says whether the results folder's own
/// record (.nbscreen/<id>.key) proves them to be nbscreen's.
[[nodiscard]] std::string render_baby_page(std::string_view result_json,
                                           std::string_view result_sha256, bool verified,
                                           const ReportOptions& options);

/// Throws InputError (naming `file`) unless `result_json` is a nbscreen result of a known major
/// schema whose sample id is `expected_id` (the file's name). Returns the sample id.
std::string check_result(std::string_view result_json, const std::string& file,
                         std::string_view expected_id);

/// Reads every `*.json` in `results_dir` (and its batch_summary.tsv for babies that have no
/// result) and writes `<id>.html` per readable result and `index.html` into `out_dir`, through
/// OutputDir (lock, file mode, atomic renames; nothing outside out_dir).
/// \throws OutputDirLocked, std::runtime_error (I/O), InputError (results_dir is not a folder).
ReportOutcome write_report(const std::filesystem::path& results_dir,
                           const std::filesystem::path& out_dir, const ReportOptions& options);

}  // namespace nbs
