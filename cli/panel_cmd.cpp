// nbscreen panel: the curator's tools.
#include <iostream>
#include <map>
#include <memory>

#include "cli/commands.hpp"
#include "engine/panel/panel_parser.hpp"

namespace nbs::cli {
namespace {

struct PanelArgs {
    std::string path;
};

int run_info(const PanelArgs& a) {
    const Panel p = load_panel(a.path);
    std::cout << "id\t" << p.manifest.id << "\nversion\t" << p.manifest.version << "\nschema_version\t"
              << p.manifest.schema_version << "\nsha256\t" << p.sha256 << "\nconditions\t" << p.conditions.size()
              << "\ngene_entries\t" << p.genes.size() << "\n";
    std::map<std::string, int> by_moi, by_category;
    for (const auto& g : p.genes) ++by_moi[std::string(to_string(g.moi))];
    for (const auto& c : p.conditions) ++by_category[c.category];
    for (const auto& [k, v] : by_moi) std::cout << "moi\t" << k << '\t' << v << '\n';
    for (const auto& [k, v] : by_category) std::cout << "category\t" << k << '\t' << v << '\n';
    int inc = 0, exc = 0;
    for (const auto& v : p.variants) (v.list == ListKind::include ? inc : exc)++;
    std::cout << "include_variants\t" << inc << "\nexclude_variants\t" << exc << "\ntargets\t" << p.targets.size()
              << '\n';
    return kOk;
}

}  // namespace

Runner add_panel_command(CLI::App& app) {
    auto info = std::make_shared<PanelArgs>();
    CLI::App* cmd = app.add_subcommand("panel", "Curator's tools for versioned panels");
    cmd->require_subcommand(1);
    CLI::App* info_cmd = cmd->add_subcommand("info", "Id, version, checksum, counts by category and MOI");
    info_cmd->add_option("PANEL", info->path, "Panel directory or .nbpanel bundle")->required();
    return [cmd, info]() -> int {
        if (cmd->got_subcommand("info")) return run_info(*info);
        return kUsage;
    };
}

}  // namespace nbs::cli
