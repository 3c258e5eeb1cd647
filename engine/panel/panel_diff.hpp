#pragma once
// `nbscreen panel diff OLD NEW`: what a reviewer needs to see between two panel versions —
// conditions, gene entries and curated variants added, removed and changed (MOI, coordinates,
// list membership, ...), plus manifest changes — as text for people and JSON for tools.
#include <string>
#include <utility>
#include <vector>

#include "engine/panel/panel.hpp"

namespace nbs {

/// One field of one item, before and after.
struct FieldChange {
    std::string field;
    std::string before;
    std::string after;
};

/// An added or removed item: a stable key ("CFTR / cystic-fibrosis / BIALLELIC",
/// "chr7:117559590:ATCT>A") and its fields in column order.
struct DiffItem {
    std::string key;
    std::vector<std::pair<std::string, std::string>> fields;
};

struct ChangedItem {
    std::string key;
    std::vector<FieldChange> changes;
};

struct SectionDiff {
    std::vector<DiffItem> added;
    std::vector<DiffItem> removed;
    std::vector<ChangedItem> changed;

    [[nodiscard]] bool empty() const { return added.empty() && removed.empty() && changed.empty(); }
};

struct PanelDiff {
    struct Side {
        std::string path, id, version, sha256;
    };
    Side old_panel, new_panel;
    std::vector<FieldChange> manifest;  // panel.toml keys, sources.*, thresholds.*
    SectionDiff conditions;
    SectionDiff genes;  // gene entries (genes.tsv rows)
    SectionDiff variants;
    std::size_t old_targets = 0, new_targets = 0;
    /// Genes whose coverage targets appear, disappear or differ in any row (symbols, sorted):
    /// a target change moves what "callable" means for the gene.
    struct TargetGenes {
        std::vector<std::string> added, removed, changed;
        [[nodiscard]] bool empty() const {
            return added.empty() && removed.empty() && changed.empty();
        }
    } target_genes;

    [[nodiscard]] bool empty() const {
        return manifest.empty() && conditions.empty() && genes.empty() && variants.empty() &&
               old_targets == new_targets && target_genes.empty() &&
               old_panel.sha256 == new_panel.sha256;
    }
};

/// Compares two parsed panels. Gene entries are matched by symbol and condition; where each side
/// has one row for the pair, a different MOI shows as a change of that row rather than a removal
/// and an addition. Variants are matched by allele, so moving an allele between the include and
/// exclude lists is a change of `list`.
[[nodiscard]] PanelDiff diff_panels(const Panel& old_panel, const Panel& new_panel);

/// Readable text, one line per item, grouped by section, ending with a summary line.
[[nodiscard]] std::string render_diff_text(const PanelDiff& diff);

/// The same content as a JSON document (pretty-printed, keys in a fixed order).
[[nodiscard]] std::string render_diff_json(const PanelDiff& diff);

/// The thresholds as key/value strings, in panel.toml order (for diffs and `panel info`).
[[nodiscard]] std::vector<std::pair<std::string, std::string>> thresholds_as_strings(
    const Thresholds& t);

}  // namespace nbs
