// Fuzz target: any bytes as genes.tsv / variants.tsv / panel.toml of an otherwise valid panel
// must give a Panel plus problems, never a crash. The first input byte picks the file.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/panel/panel_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    nbs::PanelFiles files;
    files.origin = "fuzz";
    files.origin_kind = "directory";
    files.content["panel.toml"] =
        "schema_version = \"1.0\"\nid = \"f\"\nname = \"f\"\nversion = \"1.0.0\"\nreleased = "
        "\"2026-01-01\"\n"
        "reference = \"GRCh38\"\n";
    files.content["conditions.tsv"] =
        "condition_id\tname\tcategory\tonset\tintervention\tomim\tmondo\nc\tC\tX\t\t\t\t\n";
    files.content["genes.tsv"] =
        "symbol\thgnc_id\tcondition_id\tmoi\tlof_mechanism\tlof_source\tchrom\tstart\tend\tmane_"
        "transcript\t"
        "moi_source\tnotes\n";
    files.content["variants.tsv"] =
        "chrom\tpos\tref\talt\tgene\tlist\twhy\tsource\tstars\tadded_in\n";
    static const char* kTargets[] = {"panel.toml", "conditions.tsv", "genes.tsv", "variants.tsv",
                                     "targets.tsv"};
    const std::string name = kTargets[data[0] % 5];
    files.content[name] = std::string(reinterpret_cast<const char*>(data + 1), size - 1);
    std::vector<nbs::PanelProblem> problems;
    const nbs::Panel panel = nbs::parse_panel(files, problems);
    for (const auto& p : problems)
        (void)p.to_string();
    (void)panel;
    return 0;
}
