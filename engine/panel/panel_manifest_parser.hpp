#pragma once
// panel.toml: the manifest and every [thresholds] key, with a problem (file, line, column, what,
// how to fix) for each bad value. Internal to panel_parser.cpp, kept apart so each file reads as
// one format.
#include <string>
#include <vector>

#include "engine/panel/panel.hpp"
#include "engine/panel/panel_files.hpp"
#include "engine/panel/panel_parser.hpp"

namespace nbs {

/// Where a panel content file lives, for messages: "dir/genes.tsv" or "bundle!genes.tsv".
[[nodiscard]] std::string panel_file_path(const PanelFiles& files, const std::string& name);

/// Fills panel.manifest from panel.toml (absent: nothing; the caller reports missing files).
void parse_manifest(const PanelFiles& files, Panel& panel, std::vector<PanelProblem>& problems);

}  // namespace nbs
