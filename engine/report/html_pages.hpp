#pragma once
// Internal to engine/report: the index page and the coverage plot, used by html_report.cpp and
// html_baby_page.cpp.
#include <map>
#include <string>
#include <vector>

#include "engine/report/html_common.hpp"
#include "engine/report/html_report.hpp"

namespace nbs::html {

/// One row of the batch index: a baby with a result, or a baby whose last attempt failed
/// (from batch_summary.tsv, status "error", no page).
struct IndexEntry {
    std::string sample_id;
    std::string status;
    bool has_page = false;
    bool verified = false;
    std::vector<std::pair<std::string, std::string>> findings;  // (condition name, gene)
    std::size_t n_not_assessable = 0;                           // distinct conditions
    std::size_t n_set_aside = 0;
    std::vector<std::string> flags;  // qc flags, qc failures and finding flags, as written
    std::string sex;                 // "used (inferred X, reported Y)"
    std::string message;             // error rows: why
};

/// One row of change_report.tsv (a rescreen's; engine/batch/change_report.hpp).
struct ChangeEntry {
    std::string sample_id, condition_id, change, before, after, cause, detail;
};

/// change_report.tsv as the index shows it: rows per class, and the rows that are not UNCHANGED
/// (a batch of 100,000 babies has ~47 M rows, nearly all UNCHANGED: those are only counted).
struct ChangeSummary {
    std::map<std::string, std::size_t> per_class;
    std::vector<ChangeEntry> changed;
};

/// The index entry of a checked result.
[[nodiscard]] IndexEntry index_entry(const Json& result, bool verified);

/// `changes`: the folder's change_report.tsv rows, when it was written by a rescreen (shown as
/// its own section: counts per class, then every row that is not UNCHANGED).
[[nodiscard]] std::string render_index(const std::vector<IndexEntry>& babies,
                                       const std::vector<ReportProblem>& problems,
                                       const ReportOptions& options,
                                       const ChangeSummary& changes = {});

/// The coverage section of a baby page: per gene with a finding or not assessable, an SVG of its
/// callable fraction and of each target the result lists below the threshold, against the
/// panel's threshold; or the result's note when coverage was not assessed.
[[nodiscard]] std::string coverage_section(const Json& result);

/// The footer line (generator, and generation time when provenance is on); escaped HTML.
[[nodiscard]] std::string footer(const ReportOptions& options);

}  // namespace nbs::html
