// `panel diff`: added, removed and changed conditions, genes and variants.
#include "engine/panel/panel_diff.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/panel/panel_parser.hpp"
#include "panel_test_support.hpp"

namespace nbs {
namespace {

using test::replace_in;

Panel parse(const PanelFiles& f) {
    std::vector<PanelProblem> problems;
    Panel p = parse_panel(f, problems);
    EXPECT_TRUE(problems.empty()) << problems.front().to_string();
    return p;
}

TEST(PanelDiff, IdenticalPanelsHaveNoDifferences) {
    const Panel p = parse(test::mini_panel());
    const PanelDiff d = diff_panels(p, p);
    EXPECT_TRUE(d.empty());
    EXPECT_NE(render_diff_text(d).find("(no differences)"), std::string::npos);
    EXPECT_TRUE(nlohmann::json::parse(render_diff_json(d))["identical"].get<bool>());
}

TEST(PanelDiff, ReportsEachKindOfChange) {
    const PanelFiles a = test::mini_panel();
    PanelFiles b = a;
    replace_in(b, "panel.toml", "version = \"1.0.0\"", "version = \"1.1.0\"");
    replace_in(b, "panel.toml", "clinvar_max_benign = 1", "clinvar_max_benign = 0");
    // MOI change of OTC, coordinates of PAH, a new gene and condition, a removed variant and one
    // moved from include to exclude.
    replace_in(b, "genes.tsv", "\tXLINKED_MONOALLELIC\t", "\tXLINKED_BIALLELIC\t");
    replace_in(b, "genes.tsv", "102836889\t102917244", "102836885\t102958410");
    b.content["conditions.tsv"] += "cystic-fibrosis\tCystic fibrosis\tPulmonology\t\t\t\t\n";
    b.content["genes.tsv"] +=
        "CFTR\tHGNC:1884\tcystic-fibrosis\tBIALLELIC\tyes\tx\tchr7\t117480025\t117668665\t\tx\t\n";
    replace_in(b, "variants.tsv",
               "chr11\t108147000\tC\tT\tACAT1\tinclude\tClinVar Pathogenic "
               "(criteria_provided,_single_submitter)\tclinvar:2025-01-01:VCV000999999\t1\t0.9.0\n",
               "");
    replace_in(b, "variants.tsv", "chrX\t38367361\tG\tA\tOTC\tinclude",
               "chrX\t38367361\tG\tA\tOTC\texclude");
    const PanelDiff d = diff_panels(parse(a), parse(b));

    ASSERT_EQ(d.conditions.added.size(), 1u);
    EXPECT_EQ(d.conditions.added[0].key, "cystic-fibrosis");
    ASSERT_EQ(d.genes.added.size(), 1u);
    EXPECT_EQ(d.genes.added[0].key, "CFTR / cystic-fibrosis / BIALLELIC");
    ASSERT_EQ(d.genes.changed.size(), 2u);
    EXPECT_EQ(d.genes.changed[0].key, "OTC / otc-deficiency");
    EXPECT_EQ(d.genes.changed[0].changes[0].field, "moi");
    EXPECT_EQ(d.genes.changed[0].changes[0].before, "XLINKED_MONOALLELIC");
    EXPECT_EQ(d.genes.changed[1].changes[0].field, "span");
    EXPECT_EQ(d.genes.changed[1].changes[0].after, "chr12:102836885-102958410");
    ASSERT_EQ(d.variants.removed.size(), 1u);
    EXPECT_EQ(d.variants.removed[0].key, "chr11:108147000:C>T");
    ASSERT_EQ(d.variants.changed.size(), 1u);
    EXPECT_EQ(d.variants.changed[0].changes[0].field, "list");
    EXPECT_EQ(d.variants.changed[0].changes[0].after, "exclude");
    bool saw_version = false, saw_threshold = false;
    for (const auto& c : d.manifest) {
        saw_version = saw_version || (c.field == "version" && c.after == "1.1.0");
        saw_threshold =
            saw_threshold || (c.field == "thresholds.clinvar_max_benign" && c.after == "0");
    }
    EXPECT_TRUE(saw_version);
    EXPECT_TRUE(saw_threshold);

    const std::string text = render_diff_text(d);
    EXPECT_NE(
        text.find("  ~ OTC / otc-deficiency\n      moi: XLINKED_MONOALLELIC -> XLINKED_BIALLELIC"),
        std::string::npos)
        << text;
    EXPECT_NE(text.find("  + CFTR / cystic-fibrosis / BIALLELIC"), std::string::npos);
    EXPECT_NE(text.find("  - chr11:108147000:C>T"), std::string::npos);
    EXPECT_NE(text.find("genes +1 -0 ~2, variants +0 -1 ~1"), std::string::npos) << text;

    const auto j = nlohmann::json::parse(render_diff_json(d));
    EXPECT_FALSE(j["identical"].get<bool>());
    EXPECT_EQ(j["new"]["version"], "1.1.0");
    EXPECT_EQ(j["genes"]["added"][0]["symbol"], "CFTR");
    EXPECT_EQ(j["genes"]["changed"][0]["changes"][0]["new"], "XLINKED_BIALLELIC");
    EXPECT_EQ(j["variants"]["removed"][0]["key"], "chr11:108147000:C>T");
}

TEST(PanelDiff, SecondMoiRowIsAnAddition) {
    const PanelFiles a = test::mini_panel();
    PanelFiles b = a;
    b.content["genes.tsv"] +=
        "PAH\tHGNC:8582\tphenylketonuria\tMONOALLELIC\tno\tx\tchr12\t102836889\t102917244\t\tx\t\n";
    const PanelDiff d = diff_panels(parse(a), parse(b));
    ASSERT_EQ(d.genes.added.size(), 1u);
    EXPECT_EQ(d.genes.added[0].key, "PAH / phenylketonuria / MONOALLELIC");
    EXPECT_TRUE(d.genes.changed.empty());
    EXPECT_TRUE(d.genes.removed.empty());
}

}  // namespace
}  // namespace nbs
