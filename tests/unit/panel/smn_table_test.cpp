// smn.tsv (engine/panel/smn_table): the generation-study panel's table loads with the sites of
// SMN_SNP_38.tsv (tests/data/smn copy), a panel without it has no SMN data, and each kind of
// mistake is a problem at its row.
#include <gtest/gtest.h>

#include <fstream>

#include "engine/panel/panel_parser.hpp"
#include "panel_test_support.hpp"

namespace nbs {
namespace {

const std::filesystem::path kGs = std::filesystem::path(NBS_SOURCE_DIR) / "panels/generation-study";

std::vector<PanelProblem> problems_with(const std::string& smn_tsv) {
    PanelFiles f = read_panel_dir(kGs);
    f.content["smn.tsv"] = smn_tsv;
    std::vector<PanelProblem> problems;
    (void)parse_panel(f, problems);
    return problems;
}

bool has(const std::vector<PanelProblem>& ps, const std::string& text) {
    for (const auto& p : ps)
        if (p.why.find(text) != std::string::npos) return true;
    return false;
}

TEST(SmnTable, TheGenerationStudyPanelCarriesTheSmnSitesRegionsAndThresholds) {
    const Panel p = load_panel(kGs);
    ASSERT_TRUE(p.smn.has_value());
    const SmnConfig& s = *p.smn;
    EXPECT_EQ(s.sites.size(), 8u);
    const SmnSite* c840 = s.c840_site();
    ASSERT_NE(c840, nullptr);
    EXPECT_EQ(c840->smn1_pos, 70951946);
    EXPECT_EQ(c840->smn1_base, 'C');
    EXPECT_EQ(c840->smn2_pos, 70076526);
    EXPECT_EQ(c840->smn2_base, 'T');
    EXPECT_EQ(s.smn1_region, (Region{"chr5", 70948274, 70954173}));
    EXPECT_EQ(s.smn2_region, (Region{"chr5", 70072856, 70078755}));
    EXPECT_GE(static_cast<int>(s.norm_regions.size()), s.min_norm_regions);
    EXPECT_EQ(s.min_c840_reads, 14);
    EXPECT_EQ(s.min_mapq, 0);
    EXPECT_DOUBLE_EQ(s.c840_error_rate, 0.001);
}

TEST(SmnTable, TheSitesAreThoseSelectedInTheSharedSiteTable) {
    const std::filesystem::path snp = std::filesystem::path(NBS_TEST_DATA) / "smn/SMN_SNP_38.tsv";
    const Panel p = load_panel(kGs);
    std::ifstream in(snp);
    std::string line;
    std::size_t i = 0;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        const auto c = split_tabs(line);
        if (c[6] != "yes") continue;
        ASSERT_LT(i, p.smn->sites.size());
        EXPECT_EQ(p.smn->sites[i].smn1_pos, std::stoll(c[1]));
        EXPECT_EQ(p.smn->sites[i].smn1_base, c[2][0]);
        EXPECT_EQ(p.smn->sites[i].smn2_pos, std::stoll(c[3]));
        EXPECT_EQ(p.smn->sites[i].smn2_base, c[4][0]);
        EXPECT_EQ(p.smn->sites[i].c840, c[5] == "exon7_splice_variant");
        ++i;
    }
    EXPECT_EQ(i, 8u);
}

TEST(SmnTable, APanelWithoutTheTableHasNoSmnData) {
    const Panel p = load_panel(std::filesystem::path(NBS_SOURCE_DIR) / "panels/starter");
    EXPECT_FALSE(p.smn.has_value());
}

TEST(SmnTable, MistakesAreProblemsNamingTheRow) {
    const std::string good = read_panel_dir(kGs).content.at("smn.tsv");
    auto with = [&](const std::string& from, const std::string& to) {
        std::string t = good;
        const auto at = t.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        if (at != std::string::npos) t.replace(at, from.size(), to);
        return problems_with(t);
    };
    EXPECT_TRUE(problems_with(good).empty());
    EXPECT_TRUE(has(with("70951946\tC", "70951946\tT"), "bases are the same"));
    EXPECT_TRUE(has(with("70951946\tC", "70961946\tC"), "outside the SMN1 exon 7-8 region"));
    EXPECT_TRUE(has(with("\tc840\t", "\tconsensus\t"), "exactly one c840 site"));
    EXPECT_TRUE(has(with("70948274\t70954173", "70948274\t190000000"), "outside chr5 in GRCh38"));
    EXPECT_TRUE(has(with("min_c840_reads\t\t\t\t\t\t\t\t14", "min_c840_reads\t\t\t\t\t\t\t\tmany"),
                    "min_c840_reads value 'many'"));
    EXPECT_TRUE(has(with("param\tcn_sd", "param\tcn_sigma"), "unknown SMN parameter 'cn_sigma'"));
    EXPECT_TRUE(has(with("norm_region\tchr2_26414235_26416235\tchr2",
                         "norm_region\tchr2_26414235_26416235\tchrX"),
                    "autosomal"));
    const auto bad_header = with("kind\tname", "type\tname");
    ASSERT_FALSE(bad_header.empty());
    EXPECT_NE(bad_header.front().where.file.find("smn.tsv"), std::string::npos);
}

}  // namespace
}  // namespace nbs
