#pragma once
// `nbscreen panel import-panelapp`: a PanelApp API v1 panel (GET /api/v1/panels/<id>/, see
// ../shared/docs/domain-newborn-screening.md section 5) as a panel directory. Only Green genes
// (confidence_level "3") are imported; PanelApp's mode-of-inheritance strings are mapped by a
// fixed table (panelapp_moi_table) and the ones a screening panel cannot use (imprinted,
// mitochondrial, unknown, Other, empty) are listed, never guessed.
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/panel/panel.hpp"

namespace nbs {

/// One row of PanelApp's MOI vocabulary: the string as PanelApp stores it, the panel classes it
/// becomes (two for BOTH: one gene entry each), or why it cannot be screened.
struct PanelAppMoi {
    std::string_view panelapp;
    std::vector<Moi> classes;  // empty when refused
    std::string_view refused_because;
};

/// The table, from ../shared/data/panelapp/moi_vocabulary.tsv (copied to
/// tests/data/panel/moi_vocabulary.tsv, which a unit test checks it against).
[[nodiscard]] std::span<const PanelAppMoi> panelapp_moi_table();

/// The table row for a PanelApp string, or nullptr when the string is not in the vocabulary.
[[nodiscard]] const PanelAppMoi* find_panelapp_moi(std::string_view panelapp_string);

/// "Paroxysmal central nervous system disorders" -> "paroxysmal-central-nervous-system-disorders".
[[nodiscard]] std::string slugify(std::string_view name);

struct PanelAppImport {
    /// The files of the new panel directory, by name: panel.toml, conditions.tsv, genes.tsv,
    /// variants.tsv (header only) and CHANGELOG.md.
    std::map<std::string, std::string> files;
    std::string id;
    std::string version;
    std::size_t green_genes = 0;        // Green gene entities seen
    std::size_t gene_entries = 0;       // genes.tsv rows written
    std::size_t not_green = 0;          // Amber, Red and unrated genes left out
    std::size_t strs = 0, regions = 0;  // entities the panel format does not carry
    /// Green genes left out, each "SYMBOL: why" (unmappable MOI, no GRCh38 location, ...).
    std::vector<std::string> not_imported;
};

/// Converts the JSON text of one PanelApp panel. `origin` names the file in messages and in
/// CHANGELOG.md. \throws InputError if the text is not JSON or not a PanelApp panel.
[[nodiscard]] PanelAppImport import_panelapp(std::string_view json_text, const std::string& origin);

}  // namespace nbs
