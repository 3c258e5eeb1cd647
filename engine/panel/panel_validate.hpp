#pragma once
// `nbscreen panel validate`: every problem of a panel at once, each with file:line:column, what is
// wrong and how to fix it. The loader's own checks (schema, columns, values, coordinates) come
// from parse_panel; this adds the checks that need the whole panel (duplicates, chrX genes,
// variants inside their gene, include/exclude conflicts) and, given the previous release, the
// release checks (content changed without a version bump or a CHANGELOG entry).
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/panel/panel.hpp"
#include "engine/panel/panel_files.hpp"
#include "engine/panel/panel_parser.hpp"

namespace nbs {

struct ValidateOptions {
    /// The previous release, to check that changed content comes with a new version.
    const PanelFiles* previous = nullptr;
    /// CHANGELOG.md of the panel being checked (read_panel_changelog), when it has one. Only
    /// consulted with `previous`.
    std::optional<std::string> changelog;
    /// Where the changelog was read from, for messages.
    std::string changelog_path;
};

struct PanelValidation {
    Panel panel;                         // rows with problems are left out
    std::vector<PanelProblem> problems;  // sorted by file, line, column
    /// Things a curator should look at that do not make the panel wrong (a gene without coverage
    /// targets, a retired column still filled in a pre-1.2 panel); same order. Never fail.
    std::vector<PanelProblem> warnings;

    [[nodiscard]] bool ok() const { return problems.empty(); }
};

/// Checks `files` as described above. Never throws for problems in the content.
[[nodiscard]] PanelValidation validate_panel(const PanelFiles& files,
                                             const ValidateOptions& options = {});

/// CHANGELOG.md of a panel directory, or nullopt (bundles carry no changelog).
[[nodiscard]] std::optional<std::string> read_panel_changelog(const std::filesystem::path& panel);

/// Panel versions are MAJOR.MINOR.PATCH (semver) or MAJOR.MINOR (as PanelApp numbers its
/// releases). Returns the numeric parts, or nullopt when `v` is neither.
[[nodiscard]] std::optional<std::vector<int>> parse_panel_version(std::string_view v);

/// True when `changelog` has a heading (a line starting with '#') naming `version` as a whole
/// word, e.g. "## 1.2.0 (2026-11-30)".
[[nodiscard]] bool changelog_mentions(const std::string& changelog, const std::string& version);

/// Gene symbols with at least one coverage target. A gene without one is never callable when
/// the baby's alignments are screened (docs/coverage.md), so its entries are not assessable.
[[nodiscard]] std::set<std::string> genes_with_targets(const Panel& panel);

/// "1 problem" / "3 problems".
[[nodiscard]] std::string count_problems(std::size_t n);

}  // namespace nbs
