// `panel validate`: every check reports file:line:column, what is wrong, and a hint.
#include "engine/panel/panel_validate.hpp"

#include <gtest/gtest.h>

#include "panel_test_support.hpp"

namespace nbs {
namespace {

using test::line_of;
using test::mini_panel;
using test::replace_in;

std::string all(const PanelValidation& v) {
    std::string s;
    for (const auto& p : v.problems)
        s += p.to_string() + "\n";
    return s;
}

/// The one problem whose message contains `needle` (a copy: callers pass temporaries); fails
/// when there is not exactly one.
PanelProblem one(const PanelValidation& v, const std::string& needle) {
    const PanelProblem* found = nullptr;
    int n = 0;
    for (const auto& p : v.problems)
        if (p.why.find(needle) != std::string::npos) {
            found = &p;
            ++n;
        }
    EXPECT_EQ(n, 1) << "looking for '" << needle << "' in:\n" << all(v);
    return found != nullptr ? *found : PanelProblem{};
}

TEST(PanelValidate, ShippedPanelsAreValid) {
    for (const char* name : {"panels/starter", "panels/generation-study"}) {
        const auto v = validate_panel(read_panel_dir(std::filesystem::path(NBS_SOURCE_DIR) / name));
        EXPECT_TRUE(v.ok()) << name << ":\n" << all(v);
    }
    EXPECT_TRUE(validate_panel(mini_panel()).ok());
}

TEST(PanelValidate, DuplicateGeneRow) {
    PanelFiles f = mini_panel();
    const std::string pah =
        "PAH\tHGNC:8582\tphenylketonuria\tBIALLELIC\tyes\tmoi:BIALLELIC "
        "deficiency\tchr12\t102836889\t102917244\tENST00000553106.6|NM_000277.3\tbeginngs:AR; "
        "babyseq2:AR\t\n";
    f.content["genes.tsv"] += pah;
    const auto v = validate_panel(f);
    const auto p = one(v, "duplicate row");
    EXPECT_EQ(p.where.line, 5u);
    EXPECT_EQ(p.where.column, 1u);
    EXPECT_NE(p.why.find("already on line 4"), std::string::npos);
}

TEST(PanelValidate, UnknownConditionId) {
    PanelFiles f = mini_panel();
    replace_in(f, "genes.tsv", "\tphenylketonuria\t", "\tpku\t");
    const auto v = validate_panel(f);
    const auto p = one(v, "unknown condition_id 'pku'");
    EXPECT_EQ(p.where.line, 4u);
    EXPECT_EQ(p.where.column, 3u);
    EXPECT_NE(p.hint.find("conditions.tsv"), std::string::npos);
}

TEST(PanelValidate, RefusedMoi) {
    PanelFiles f = mini_panel();
    replace_in(f, "genes.tsv", "\tBIALLELIC\tyes\tmoi:BIALLELIC deficiency\tchr12",
               "\tMITOCHONDRIAL\tyes\tmoi:BIALLELIC deficiency\tchr12");
    const auto p = one(validate_panel(f), "not allowed in a screening panel");
    EXPECT_EQ(p.where.column, 4u);
}

TEST(PanelValidate, ChrXGeneNeedsXLinkedMoiOrAReason) {
    PanelFiles f = mini_panel();
    replace_in(f, "genes.tsv", "\tXLINKED_MONOALLELIC\t", "\tMONOALLELIC\t");
    const auto v = validate_panel(f);
    const auto p = one(v, "is on chrX but its moi is MONOALLELIC");
    EXPECT_EQ(p.where.line, 3u);
    EXPECT_EQ(p.where.column, 4u);
    EXPECT_NE(p.hint.find("chrX"), std::string::npos);
    // A stated reason in notes is accepted.
    replace_in(f, "genes.tsv", "beginngs:XD\t\n",
               "beginngs:XD\tchrX: PAR1 gene, autosomal behaviour\n");
    EXPECT_TRUE(validate_panel(f).ok()) << all(validate_panel(f));
}

TEST(PanelValidate, XLinkedMoiOffChrX) {
    PanelFiles f = mini_panel();
    replace_in(f, "genes.tsv", "\tBIALLELIC\tyes\tmoi:BIALLELIC deficiency\tchr12",
               "\tXLINKED_BIALLELIC\tyes\tmoi:BIALLELIC deficiency\tchr12");
    one(validate_panel(f), "but lies on chr12");
}

TEST(PanelValidate, VariantOutsideItsGene) {
    PanelFiles f = mini_panel();
    replace_in(f, "variants.tsv", "chr12\t102840474", "chr12\t102940474");
    const auto p = one(validate_panel(f), "lies outside PAH");
    EXPECT_EQ(p.where.line, line_of(f, "variants.tsv", "102940474"));
    EXPECT_EQ(p.where.column, 2u);
}

TEST(PanelValidate, VariantOfAnUnknownGene) {
    PanelFiles f = mini_panel();
    replace_in(f, "variants.tsv", "\tC\tPAH\t", "\tC\tPAHX\t");
    one(validate_panel(f), "gene 'PAHX' is not in genes.tsv");
}

TEST(PanelValidate, AlleleShape) {
    PanelFiles f = mini_panel();
    replace_in(f, "variants.tsv", "chr12\t102840474\tT\tC", "chr12\t102840474\tTA\tCA");
    replace_in(f, "variants.tsv", "chrX\t38367361\tG\tA", "chrX\t38367361\tG\tG");
    const auto v = validate_panel(f);
    const auto p = one(v, "not in minimal representation");
    EXPECT_NE(p.hint.find("ref T, alt C"), std::string::npos) << p.hint;
    EXPECT_EQ(p.where.column, 3u);
    one(v, "differing from ref");
}

TEST(PanelValidate, AlleleBothIncludedAndExcluded) {
    PanelFiles f = mini_panel();
    f.content["variants.tsv"] +=
        "chr12\t102840474\tT\tC\tPAH\texclude\tblocklisted\tbeginngs:blocklist_20241114\t\t1.0.0\n";
    const auto v = validate_panel(f);
    const auto p = one(v, "both included and excluded");
    EXPECT_EQ(p.where.line, 10u);
    EXPECT_EQ(p.where.column, 6u);
    EXPECT_NE(p.why.find("line " + std::to_string(line_of(f, "variants.tsv", "102840474"))),
              std::string::npos);
}

TEST(PanelValidate, DuplicateVariantRow) {
    PanelFiles f = mini_panel();
    f.content["variants.tsv"] +=
        "chr12\t102840474\tT\tC\tPAH\tinclude\tagain\tbeginngs:onekg_noblocklist_genotypes\t\t1.0."
        "0\n";
    one(validate_panel(f), "duplicate row: chr12:102840474:T>C");
}

TEST(PanelValidate, ManifestFields) {
    PanelFiles f = mini_panel();
    replace_in(f, "panel.toml", "id = \"mini-test\"", "id = \"Mini Test\"");
    replace_in(f, "panel.toml", "version = \"1.0.0\"", "version = \"v1\"");
    replace_in(f, "panel.toml", "released = \"2026-11-24\"", "released = \"24/11/2026\"");
    const auto v = validate_panel(f);
    EXPECT_EQ(one(v, "id 'Mini Test'").where.line, 3u);
    EXPECT_EQ(one(v, "version 'v1'").where.line, 5u);
    EXPECT_EQ(one(v, "released '24/11/2026'").where.line, 6u);
}

TEST(PanelValidate, TargetOfAnUnknownGene) {
    PanelFiles f = mini_panel();
    f.content["targets.tsv"] =
        "symbol\tchrom\tstart\tend\tkind\ttranscript\nPAH\tchr12\t102836889\t102917244\tgene_"
        "span\t\n"
        "CFTR\tchr7\t117480025\t117668665\tgene_span\t\n";
    const auto p = one(validate_panel(f), "target gene 'CFTR'");
    EXPECT_EQ(p.where.line, 3u);
}

TEST(PanelValidate, EveryProblemAtOnceInReadingOrder) {
    PanelFiles f = mini_panel();
    replace_in(f, "genes.tsv", "\tphenylketonuria\t", "\tpku\t");
    replace_in(f, "genes.tsv", "HGNC:93", "93");
    replace_in(f, "variants.tsv", "chr12\t102840474", "chr12\t102940474");
    replace_in(f, "conditions.tsv", "\tname\t", "\ttitle\t");
    const auto v = validate_panel(f);
    ASSERT_GE(v.problems.size(), 4u) << all(v);
    // conditions.tsv before genes.tsv before variants.tsv; within a file by line.
    EXPECT_NE(v.problems.front().where.file.find("conditions.tsv"), std::string::npos);
    EXPECT_NE(v.problems.back().where.file.find("variants.tsv"), std::string::npos);
    for (std::size_t i = 1; i < v.problems.size(); ++i)
        if (v.problems[i].where.file == v.problems[i - 1].where.file) {
            EXPECT_GE(v.problems[i].where.line, v.problems[i - 1].where.line);
        }
}

TEST(PanelValidate, ChangedContentNeedsAVersionBump) {
    const PanelFiles old = mini_panel();
    PanelFiles now = old;
    replace_in(now, "variants.tsv", "het 2,", "het 3,");
    ValidateOptions opt;
    opt.previous = &old;
    opt.changelog = "## 1.0.0\n";
    const auto v = validate_panel(now, opt);
    const auto p = one(v, "but version is still 1.0.0");
    EXPECT_EQ(p.where.line, 5u);  // the version line of panel.toml
    EXPECT_NE(p.hint.find("1.0.1"), std::string::npos);
    // Unchanged content needs nothing.
    EXPECT_TRUE(validate_panel(old, opt).ok());
}

TEST(PanelValidate, BumpedVersionNeedsAChangelogEntry) {
    const PanelFiles old = mini_panel();
    PanelFiles now = old;
    replace_in(now, "variants.tsv", "het 2,", "het 3,");
    replace_in(now, "panel.toml", "version = \"1.0.0\"", "version = \"1.0.1\"");
    ValidateOptions opt;
    opt.previous = &old;
    opt.changelog = "# Changelog\n\n## 1.0.0 (2026-11-24)\n\nFirst.\n";
    opt.changelog_path = "CHANGELOG.md";
    const auto p = one(validate_panel(now, opt), "has no entry for 1.0.1");
    EXPECT_EQ(p.where.file, "CHANGELOG.md");
    opt.changelog = "# Changelog\n\n## 1.0.1 (2026-12-01)\n\nMore.\n\n## 1.0.0 (2026-11-24)\n";
    EXPECT_TRUE(validate_panel(now, opt).ok());
    opt.changelog.reset();
    one(validate_panel(now, opt), "no CHANGELOG.md");
}

TEST(PanelValidate, VersionMustNotGoBackwards) {
    const PanelFiles old = mini_panel();
    PanelFiles now = old;
    replace_in(now, "variants.tsv", "het 2,", "het 3,");
    replace_in(now, "panel.toml", "version = \"1.0.0\"", "version = \"0.9.9\"");
    ValidateOptions opt;
    opt.previous = &old;
    opt.changelog = "## 0.9.9\n";
    one(validate_panel(now, opt), "lower than the previous release's 1.0.0");
}

TEST(PanelValidate, VersionsAndChangelogHeadings) {
    EXPECT_EQ(parse_panel_version("1.2.3"), (std::vector<int>{1, 2, 3}));
    EXPECT_EQ(parse_panel_version("4.2"), (std::vector<int>{4, 2}));
    EXPECT_FALSE(parse_panel_version("1"));
    EXPECT_FALSE(parse_panel_version("1.2.x"));
    EXPECT_FALSE(parse_panel_version("1..2"));
    EXPECT_TRUE(changelog_mentions("## 1.2 (2026)\n", "1.2"));
    EXPECT_FALSE(changelog_mentions("## 1.2.0 (2026)\n", "1.2"));
    EXPECT_FALSE(changelog_mentions("text 1.2 not a heading\n", "1.2"));
    EXPECT_TRUE(changelog_mentions("## [1.0.1] - 2026-01-01\n", "1.0.1"));
    EXPECT_EQ(count_problems(1), "1 problem");
    EXPECT_EQ(count_problems(3), "3 problems");
}

}  // namespace
}  // namespace nbs
