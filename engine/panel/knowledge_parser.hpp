#pragma once
// Reading the knowledge sections of a panel (knowledge.hpp) and the checks `panel validate` adds
// for them. Internal to the panel layer, kept apart so each file reads as one format.
#include <vector>

#include "engine/panel/panel.hpp"
#include "engine/panel/panel_files.hpp"
#include "engine/panel/panel_parser.hpp"

namespace nbs {

/// Fills panel.knowledge when panel.toml has a [knowledge] table; every inconsistency (a section
/// missing, a checksum that differs, a row that does not parse) becomes a problem. Without
/// [knowledge] and without knowledge files, nothing happens.
void parse_knowledge(const PanelFiles& files, Panel& panel, std::vector<PanelProblem>& problems);

/// Whole-panel checks of the knowledge: the REF of every curated row agrees with the embedded
/// sequence, each transcript model lies inside its gene's slice, each gene has a slice row.
void check_knowledge(const PanelFiles& files, const Panel& panel,
                     std::vector<PanelProblem>& problems);

}  // namespace nbs
