// `nbscreen panel validate | diff | info | targets` through the real binary: exit codes and text.
#include <gtest/gtest.h>

#include <fstream>

#include "support/cli_runner.hpp"

namespace nbs::test {
namespace {

const std::string kMini = (test_data() / "panel" / "mini").string();

/// A copy of the mini panel to break, with `from` replaced by `to` in `file`.
std::filesystem::path broken_mini(const std::string& name, const std::string& file,
                                  const std::string& from, const std::string& to) {
    const auto dir = scratch_dir(name) / "panel";
    std::filesystem::copy(kMini, dir);
    std::string text = slurp(dir / file);
    const auto p = text.find(from);
    EXPECT_NE(p, std::string::npos) << from;
    if (p != std::string::npos) text.replace(p, from.size(), to);
    std::ofstream(dir / file, std::ios::binary) << text;
    return dir;
}

TEST(PanelCli, HelpListsEveryCuratorCommand) {
    const auto r = run_nbscreen({"panel", "--help"});
    EXPECT_EQ(r.exit_code, 0);
    for (const char* cmd :
         {"validate", "diff", "build", "info", "targets", "import-panelapp", "import-clinvar"})
        EXPECT_NE(r.out.find(std::string("  ") + cmd + " "), std::string::npos) << cmd << "\n"
                                                                                << r.out;
}

TEST(PanelCli, ValidateAcceptsTheShippedPanels) {
    for (const char* p : {"panels/starter", "panels/generation-study"}) {
        const auto r = run_nbscreen({"panel", "validate", (source_dir() / p).string()});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        EXPECT_NE(r.out.find("valid panel"), std::string::npos);
        // No warnings either: the starter panel's uncited intervention texts (warned until
        // 0.2.0) are gone, as the Generation Study panel never had them.
        EXPECT_TRUE(r.err.empty()) << p << ": " << r.err;
    }
}

TEST(PanelCli, ValidateReportsEveryProblemWithLocationAndHint) {
    auto dir = broken_mini("panel_cli_validate", "genes.tsv", "\tXLINKED_MONOALLELIC\t",
                           "\tMONOALLELIC\t");
    {
        std::ofstream(dir / "variants.tsv", std::ios::app)
            << "chr12\t102840474\tT\tC\tPAH\texclude\tblocklisted\tbeginngs:blocklist_"
               "20241114\t\t1.0.0\n"
            << "chr12\t1\tT\tC\tPAH\tinclude\toutside\tcurated\t\t1.0.0\n"
            << "chr12\t102840480\tT\tX\tPAH\tinclude\tbad allele\tcurated\t\t1.0.0\n";
        std::string c = slurp(dir / "conditions.tsv");
        c += "phenylketonuria\tPKU again\tMetabolism\t\t\t\t\n";
        std::ofstream(dir / "conditions.tsv", std::ios::binary) << c;
    }
    const auto r = run_nbscreen({"panel", "validate", dir.string()});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_TRUE(r.out.empty());
    const std::string d = dir.string();
    EXPECT_NE(r.err.find(d + "/conditions.tsv:5:1: duplicate condition_id 'phenylketonuria'"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find(d + "/genes.tsv:3:4: OTC is on chrX but its moi is MONOALLELIC"),
              std::string::npos)
        << r.err;
    EXPECT_NE(
        r.err.find(d + "/variants.tsv:10:6: chr12:102840474:T>C is both included and excluded"),
        std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find(d + "/variants.tsv:11:2: chr12:1:T>C lies outside PAH"), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find(d + "/variants.tsv:12:4: alt 'X'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("\n  hint: "), std::string::npos);
    EXPECT_NE(r.err.find("[nbscreen] 5 problems in " + d), std::string::npos) << r.err;
}

TEST(PanelCli, ValidatePreviousCatchesAMissingVersionBump) {
    auto dir = broken_mini("panel_cli_previous", "variants.tsv", "het 2,", "het 4,");
    auto r = run_nbscreen({"panel", "validate", dir.string(), "--previous", kMini});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("panel.toml:5:1: the content changed since"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("but version is still 1.0.0"), std::string::npos) << r.err;
    // Bump the version: now the CHANGELOG entry is missing.
    std::string t = slurp(dir / "panel.toml");
    t.replace(t.find("version = \"1.0.0\""), 17, "version = \"1.0.1\"");
    std::ofstream(dir / "panel.toml", std::ios::binary) << t;
    r = run_nbscreen({"panel", "validate", dir.string(), "--previous", kMini});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("CHANGELOG.md has no entry for 1.0.1"), std::string::npos) << r.err;
    std::string cl = slurp(dir / "CHANGELOG.md");
    cl.insert(cl.find("## 1.0.0"), "## 1.0.1 (2026-12-01)\n\nPAH allele count corrected.\n\n");
    std::ofstream(dir / "CHANGELOG.md", std::ios::binary) << cl;
    r = run_nbscreen({"panel", "validate", dir.string(), "--previous", kMini});
    EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(PanelCli, NewerSchemaIsRefusedNamingBothVersions) {
    auto dir = broken_mini("panel_cli_schema", "panel.toml", "schema_version = \"1.0\"",
                           "schema_version = \"2.0\"");
    const auto r = run_nbscreen({"panel", "validate", dir.string()});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("panel schema version 2.0 is newer than this nbscreen supports (1.2)"),
              std::string::npos)
        << r.err;
    const auto info = run_nbscreen({"panel", "info", dir.string()});
    EXPECT_EQ(info.exit_code, 3);
    EXPECT_NE(info.err.find("2.0"), std::string::npos);
}

TEST(PanelCli, ValidateMissingPanelIsBadInput) {
    const auto r = run_nbscreen({"panel", "validate", "/nonexistent/panel"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("panel not found"), std::string::npos);
}

// Every count says what it counts: gene entries (genes.tsv rows) or conditions.
TEST(PanelCli, InfoCountsByCategoryAndMoi) {
    const auto r = run_nbscreen({"panel", "info", (source_dir() / "panels/starter").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("id\tnbs-starter\n"), std::string::npos);
    EXPECT_NE(r.out.find("version\t0.2.0\n"), std::string::npos);
    EXPECT_NE(r.out.find("sha256\t"), std::string::npos);
    EXPECT_NE(r.out.find("gene_entries\t14\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("genes\t13\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("gene_entries_by_moi\tXLINKED_MONOALLELIC\t1\n"), std::string::npos)
        << r.out;
    // The starter panel has one gene entry per condition; Metabolism has 6 of each.
    EXPECT_NE(r.out.find("conditions_by_category\tMetabolism\t6\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("gene_entries_by_category\tMetabolism\t6\n"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("\nmoi\t"), std::string::npos) << "unqualified count: " << r.out;
    EXPECT_EQ(r.out.find("\ncategory\t"), std::string::npos) << "unqualified count: " << r.out;
    EXPECT_NE(r.out.find("include_variants\t163\nexclude_variants\t36\n"), std::string::npos)
        << r.out;
}

TEST(PanelCli, TargetsAsBed) {
    const auto r = run_nbscreen({"panel", "targets", kMini});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // Gene spans, 0-based half-open, chr11 < chr12 < chrX.
    EXPECT_EQ(r.out,
              "chr11\t108121566\t108147603\tACAT1\nchr12\t102836888\t102917244\tPAH\nchrX\t38352603"
              "\t38421446\tOTC\n");
    const auto starter =
        run_nbscreen({"panel", "targets", (source_dir() / "panels/starter").string()});
    ASSERT_EQ(starter.exit_code, 0);
    EXPECT_EQ(starter.out.rfind("chr1\t75724708\t75763679\tACADM\n", 0), 0u);
    EXPECT_EQ(std::count(starter.out.begin(), starter.out.end(), '\n'), 157);  // targets.tsv rows
}

TEST(PanelCli, DiffTextAndJson) {
    auto dir = broken_mini("panel_cli_diff", "genes.tsv", "\tXLINKED_MONOALLELIC\t",
                           "\tXLINKED_BIALLELIC\t");
    auto r = run_nbscreen({"panel", "diff", kMini, dir.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(
        r.out.find("~ OTC / otc-deficiency\n      moi: XLINKED_MONOALLELIC -> XLINKED_BIALLELIC"),
        std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("summary: conditions +0 -0 ~0, genes +0 -0 ~1, variants +0 -0 ~0"),
              std::string::npos);
    r = run_nbscreen({"panel", "diff", kMini, dir.string(), "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("\"field\": \"moi\""), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"new\": \"XLINKED_BIALLELIC\""), std::string::npos);
    EXPECT_NE(r.out.find("\"identical\": false"), std::string::npos);
}

}  // namespace
}  // namespace nbs::test
