// `nbscreen panel import-panelapp` and `import-clinvar` through the real binary.
#include <gtest/gtest.h>

#include <fstream>

#include "support/cli_runner.hpp"

namespace nbs::test {
namespace {

TEST(PanelImport, PanelAppPanelsBecomeValidDirectories) {
    for (const char* name : {"ge_panel_541.json", "ge_panel_1378.json"}) {
        SCOPED_TRACE(name);
        const auto dir = scratch_dir(std::string("panel_import_") + name) / "panel";
        const auto r = run_nbscreen({"panel", "import-panelapp",
                                     (test_data() / "panel" / name).string(), "-o", dir.string()});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        for (const char* f :
             {"panel.toml", "conditions.tsv", "genes.tsv", "variants.tsv", "CHANGELOG.md"})
            EXPECT_TRUE(std::filesystem::exists(dir / f)) << f;
        const auto v = run_nbscreen({"panel", "validate", dir.string()});
        EXPECT_EQ(v.exit_code, 0) << v.err;
        const std::string toml = slurp(dir / "panel.toml");
        EXPECT_NE(toml.find("panelapp_version_created = \"2026-01-23T"), std::string::npos);
    }
    // scratch_dir() empties a folder, so build the path by hand to look at what was written.
    const auto pku =
        std::filesystem::path(NBS_SCRATCH_DIR) / "panel_import_ge_panel_1378.json" / "panel";
    EXPECT_NE(
        slurp(pku / "genes.tsv")
            .find("PAH\tHGNC:8582\tphenylketonuria\tBIALLELIC\tyes\tpanelapp: default\tchr12\t"
                  "102836885\t102958410\t\tpanelapp:1378 v1.3: BIALLELIC, autosomal or "
                  "pseudoautosomal\t"),
        std::string::npos);
}

TEST(PanelImport, PanelAppUnmappableMoiListedOnStderrAndInChangelog) {
    const auto dir = scratch_dir("panel_import_edge") / "panel";
    const auto r = run_nbscreen({"panel", "import-panelapp",
                                 (test_data() / "panel" / "panelapp_moi_edge_cases.json").string(),
                                 "-o", dir.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("not imported: MT-ND1: mitochondrial"), std::string::npos) << r.err;
    EXPECT_NE(
        r.err.find("not imported: GENEE: no mode of inheritance given (mode_of_inheritance '')"),
        std::string::npos);
    EXPECT_NE(r.err.find("not imported: KCNQ1OT1: imprinted"), std::string::npos);
    EXPECT_NE(slurp(dir / "CHANGELOG.md").find("GENEO: inheritance 'Other'"), std::string::npos);
    EXPECT_EQ(run_nbscreen({"panel", "validate", dir.string()}).exit_code, 0);
    // A second import into the same, now non-empty, directory needs --force.
    const auto again = run_nbscreen(
        {"panel", "import-panelapp",
         (test_data() / "panel" / "panelapp_moi_edge_cases.json").string(), "-o", dir.string()});
    EXPECT_EQ(again.exit_code, 3);
    EXPECT_NE(again.err.find("--force"), std::string::npos);
}

TEST(PanelImport, ClinvarRefreshesIncludeRowsAndAsksForAVersionBump) {
    const auto dir = scratch_dir("panel_import_clinvar") / "panel";
    std::filesystem::copy(test_data() / "panel" / "mini", dir);
    const auto vcf =
        (test_data() / "panel" / "clinvar_20260226_GRCh38.acat1_excerpt.vcf.gz").string();
    const auto r = run_nbscreen({"panel", "import-clinvar", dir.string(), vcf});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("ClinVar 2026-02-26: 40 records read"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("- chr11:108121579:T>A ACAT1"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("~ chr11:108121607:A>G ACAT1: "), std::string::npos) << r.out;
    EXPECT_NE(r.err.find("bump version in panel.toml and add a CHANGELOG.md entry"),
              std::string::npos)
        << r.err;

    // The row the import must remove was there before (else its absence proves nothing).
    ASSERT_NE(slurp(test_data() / "panel/mini/variants.tsv")
                  .find("chr11\t108121579\tT\tA\tACAT1\tinclude"),
              std::string::npos);
    const std::string variants = slurp(dir / "variants.tsv");
    EXPECT_EQ(variants.find("chr11\t108121579\tT\tA"), std::string::npos);
    EXPECT_NE(variants.find("chr11\t108121607\tA\tG\tACAT1\tinclude\tClinVar Pathogenic "
                            "(criteria_provided,_multiple_submitters,_no_conflicts)\tclinvar:2026-"
                            "02-26:VCV000666460\t2\t0.9.0\n"),
              std::string::npos);
    EXPECT_NE(variants.find("chr11\t108121653\tG\tGC\tACAT1\tinclude\tClinVar Pathogenic "
                            "(criteria_provided,_multiple_submitters,_no_conflicts)\tclinvar:2026-"
                            "02-26:VCV000633029\t2\t1.0.0\n"),
              std::string::npos);
    EXPECT_NE(variants.find("chr11\t108121608\tT\tA\tACAT1\texclude"), std::string::npos);
    // ClinVar calls chr11:108121608 T>A Pathogenic (VCV 2838, in the excerpt): only the exclude
    // row keeps it from becoming an include row.
    EXPECT_EQ(variants.find("chr11\t108121608\tT\tA\tACAT1\tinclude"), std::string::npos);
    EXPECT_NE(variants.find("chr11\t108147000\tC\tT"), std::string::npos);  // not in the file: kept
    EXPECT_NE(slurp(dir / "panel.toml").find("clinvar_release = \"2026-02-26\"\n"),
              std::string::npos);
    EXPECT_NE(slurp(dir / "panel.toml").find("version = \"1.0.0\""),
              std::string::npos);  // not bumped

    // The result is a valid panel, but not a valid release of it without a version bump.
    EXPECT_EQ(run_nbscreen({"panel", "validate", dir.string()}).exit_code, 0);
    const auto prev = run_nbscreen({"panel", "validate", dir.string(), "--previous",
                                    (test_data() / "panel" / "mini").string()});
    EXPECT_EQ(prev.exit_code, 3);
    EXPECT_NE(prev.err.find("but version is still 1.0.0"), std::string::npos) << prev.err;

    // Importing the same release again changes nothing.
    const auto again = run_nbscreen({"panel", "import-clinvar", dir.string(), vcf});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find("no change to"), std::string::npos) << again.out;
    EXPECT_EQ(slurp(dir / "variants.tsv"), variants);
}

TEST(PanelImport, ClinvarDryRunWritesNothing) {
    const auto dir = scratch_dir("panel_import_clinvar_dry") / "panel";
    std::filesystem::copy(test_data() / "panel" / "mini", dir);
    const std::string before = slurp(dir / "variants.tsv");
    const auto r = run_nbscreen(
        {"panel", "import-clinvar", dir.string(),
         (test_data() / "panel" / "clinvar_20260226_GRCh38.acat1_excerpt.vcf.gz").string(),
         "--dry-run"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("dry run: nothing written"), std::string::npos);
    EXPECT_EQ(slurp(dir / "variants.tsv"), before);
}

TEST(PanelImport, ClinvarNotAVcfIsBadInput) {
    const auto dir = scratch_dir("panel_import_clinvar_bad") / "panel";
    std::filesystem::copy(test_data() / "panel" / "mini", dir);
    const auto r = run_nbscreen({"panel", "import-clinvar", dir.string(),
                                 (test_data() / "panel" / "ge_panel_1378.json").string()});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("ge_panel_1378.json"), std::string::npos) << r.err;
}

TEST(PanelImport, ClinvarSharedReleaseWhenPresent) {
    const std::filesystem::path vcf = std::filesystem::path(NBS_SHARED_DATA) /
                                      "clinvar/clinvar_20260226_GRCh38.genesubset.vcf.gz";
    if (!std::filesystem::exists(vcf)) GTEST_SKIP() << vcf << " not found (../shared/data absent)";
    const auto dir = scratch_dir("panel_import_clinvar_shared") / "panel";
    // Recursive: the shipped panel carries knowledge/ (issue 11).
    std::filesystem::copy(source_dir() / "panels/generation-study", dir,
                          std::filesystem::copy_options::recursive);
    const auto r = run_nbscreen({"panel", "import-clinvar", dir.string(), vcf.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // The panel was derived from this release: its ClinVar rows are confirmed, not rewritten.
    EXPECT_NE(r.out.find("ClinVar 2026-02-26: 69302 records read"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("0 refreshed, 0 removed"), std::string::npos) << r.out;
    EXPECT_EQ(run_nbscreen({"panel", "validate", dir.string()}).exit_code, 0);
}

}  // namespace
}  // namespace nbs::test
