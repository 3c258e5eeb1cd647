// The loader: parsing, problems with file:line:column, schema versions, checksum, bundles.
#include "engine/panel/panel_parser.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "engine/core/input_error.hpp"
#include "panel_test_support.hpp"

namespace nbs {
namespace {

using test::mini_panel;
using test::replace_in;

TEST(PanelParser, ParsesTheMiniPanel) {
    std::vector<PanelProblem> problems;
    const Panel p = parse_panel(mini_panel(), problems);
    EXPECT_TRUE(problems.empty()) << problems.front().to_string();
    EXPECT_EQ(p.manifest.id, "mini-test");
    EXPECT_EQ(p.manifest.version, "1.0.0");
    EXPECT_EQ(p.manifest.sources.at("clinvar_release"), "2025-01-01");
    ASSERT_EQ(p.conditions.size(), 3u);
    ASSERT_EQ(p.genes.size(), 3u);
    EXPECT_EQ(p.genes[0].symbol, "ACAT1");
    EXPECT_EQ(p.genes[0].span, (Region{"chr11", 108121567, 108147603}));
    EXPECT_EQ(p.genes[1].moi, Moi::xlinked_monoallelic);
    EXPECT_EQ(p.genes[1].line, 3u);
    ASSERT_EQ(p.variants.size(), 8u);
    EXPECT_EQ(p.variants[2].list, ListKind::exclude);
    EXPECT_EQ(p.variants[0].stars, 1);
    EXPECT_FALSE(p.variants[2].stars.has_value());
    // No targets.tsv: each gene's span is its target.
    ASSERT_EQ(p.targets.size(), 3u);
    EXPECT_EQ(p.targets[0].kind, "gene_span");
    // Thresholds not in panel.toml keep their defaults.
    EXPECT_EQ(p.manifest.thresholds.min_gq, 20);
}

TEST(PanelParser, UnknownColumnNamesFileLineAndColumn) {
    PanelFiles f = mini_panel();
    replace_in(f, "genes.tsv", "\tmoi\t", "\tinheritance\t");
    std::vector<PanelProblem> problems;
    (void)parse_panel(f, problems);
    ASSERT_FALSE(problems.empty());
    const auto& p = problems.front();
    EXPECT_EQ(p.where.file, (test::panel_data() / "mini" / "genes.tsv").string());
    EXPECT_EQ(p.where.line, 1u);
    EXPECT_EQ(p.where.column, 4u);
    EXPECT_NE(p.why.find("unknown column 'inheritance'"), std::string::npos);
    EXPECT_NE(p.hint.find("moi"), std::string::npos);
    EXPECT_NE(p.to_string().find("genes.tsv:1:4: unknown column"), std::string::npos)
        << p.to_string();
}

TEST(PanelParser, BadCellsPointAtTheirColumn) {
    PanelFiles f = mini_panel();
    replace_in(f, "genes.tsv", "\tBIALLELIC\tyes\tmoi:BIALLELIC deficiency\tchr12",
               "\tAUTOSOMAL_RECESSIVE\tyes\tmoi:BIALLELIC deficiency\tchr12");
    replace_in(f, "variants.tsv", "108121607\tA\tG", "108121607\tA\tN");
    std::vector<PanelProblem> problems;
    const Panel p = parse_panel(f, problems);
    ASSERT_EQ(problems.size(), 2u);
    EXPECT_EQ(problems[0].where.line, 4u);  // PAH row
    EXPECT_EQ(problems[0].where.column, 4u);
    EXPECT_NE(problems[0].why.find("AUTOSOMAL_RECESSIVE"), std::string::npos);
    EXPECT_EQ(problems[1].where.line, 3u);
    EXPECT_EQ(problems[1].where.column, 4u);  // alt
    // Rows with problems are left out, the others kept.
    EXPECT_EQ(p.genes.size(), 2u);
    EXPECT_EQ(p.variants.size(), 7u);
}

TEST(PanelParser, CoordinatesBeyondTheContigAreRefused) {
    PanelFiles f = mini_panel();
    replace_in(f, "genes.tsv", "chr12\t102836889\t102917244", "chr12\t102836889\t133275310");
    std::vector<PanelProblem> problems;
    (void)parse_panel(f, problems);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].why.find("beyond the end of chr12 (133275309 bp"), std::string::npos);
    EXPECT_EQ(problems[0].where.column, 9u);
}

TEST(PanelParser, NewerMajorSchemaIsRefusedNamingBothVersions) {
    PanelFiles f = mini_panel();
    replace_in(f, "panel.toml", "schema_version = \"1.0\"", "schema_version = \"2.1\"");
    std::vector<PanelProblem> problems;
    (void)parse_panel(f, problems);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].why.find("2.1"), std::string::npos);
    EXPECT_NE(problems[0].why.find("(1.2)"), std::string::npos) << problems[0].why;
    EXPECT_EQ(problems[0].where.line, 2u);  // the schema_version line
}

TEST(PanelParser, NewerMinorSchemaIsRead) {
    PanelFiles f = mini_panel();
    replace_in(f, "panel.toml", "schema_version = \"1.0\"", "schema_version = \"1.7\"");
    std::vector<PanelProblem> problems;
    (void)parse_panel(f, problems);
    EXPECT_TRUE(problems.empty());
}

TEST(PanelParser, UnknownThresholdIsAProblemWithItsLine) {
    PanelFiles f = mini_panel();
    replace_in(f, "panel.toml", "clinvar_max_benign = 1", "clinvar_max_benign = 1\nmin_qual = 30");
    std::vector<PanelProblem> problems;
    (void)parse_panel(f, problems);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].why.find("unknown threshold 'min_qual'"), std::string::npos);
    EXPECT_EQ(problems[0].where.line, test::line_of(f, "panel.toml", "min_qual"));
}

TEST(PanelParser, LoadPanelThrowsTheFirstProblemAndCountsTheRest) {
    const auto dir = std::filesystem::path(NBS_SCRATCH_DIR) / "panel_parser_load";
    std::filesystem::remove_all(dir);
    std::filesystem::copy(test::panel_data() / "mini", dir);
    {
        PanelFiles f = mini_panel();
        replace_in(f, "genes.tsv", "HGNC:93", "93");
        replace_in(f, "genes.tsv", "HGNC:8582", "8582");
        std::ofstream(dir / "genes.tsv", std::ios::binary) << f.content.at("genes.tsv");
    }
    try {
        (void)load_panel(dir);
        FAIL() << "load_panel accepted a panel with problems";
    } catch (const InputError& e) {
        EXPECT_EQ(e.where().line, 2u);
        EXPECT_EQ(e.where().column, 2u);
        EXPECT_NE(e.why().find("and 1 more problem"), std::string::npos) << e.what();
        EXPECT_NE(e.hint().find("nbscreen panel validate"), std::string::npos);
    }
}

TEST(PanelParser, MissingRequiredFileIsAnInputError) {
    const auto dir = std::filesystem::path(NBS_SCRATCH_DIR) / "panel_parser_missing";
    std::filesystem::remove_all(dir);
    std::filesystem::copy(test::panel_data() / "mini", dir);
    std::filesystem::remove(dir / "genes.tsv");
    EXPECT_THROW((void)read_panel_files(dir), InputError);
}

TEST(PanelParser, SplitTabsKeepsEmptyCells) {
    EXPECT_EQ(split_tabs("a\t\tb\t"), (std::vector<std::string>{"a", "", "b", ""}));
    EXPECT_EQ(split_tabs(""), (std::vector<std::string>{""}));
}

}  // namespace
}  // namespace nbs
