// Panel schema 1.1 through the real binary: import-clinvar keeps a 1.1 file's columns and the
// curator's condition_id / null_allele cells; panel diff shows the new fields.
#include <gtest/gtest.h>

#include <string>

#include "support/cli_runner.hpp"

namespace nbs::test {
namespace {

TEST(PanelSchema11Cli, ImportClinvarKeepsTheNewColumnsAndTheirCells) {
    const auto dir = scratch_dir("panel_schema11_import") / "panel";
    std::filesystem::copy(test_data() / "panel" / "mini11", dir);
    const auto r = run_nbscreen(
        {"panel", "import-clinvar", dir.string(),
         (test_data() / "panel" / "clinvar_20260226_GRCh38.acat1_excerpt.vcf.gz").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string variants = slurp(dir / "variants.tsv");
    EXPECT_EQ(variants.rfind("chrom\tpos\tref\talt\tgene\tlist\twhy\tsource\tstars\tadded_in\t"
                             "condition_id\tnull_allele\n",
                             0),
              0u)
        << variants.substr(0, 200);
    // A row the ClinVar file does not carry keeps its curated cells.
    EXPECT_NE(variants.find("\tmitochondrial-acetoacetyl-coa-thiolase-deficiency\tyes\n"),
              std::string::npos);
    // A new ClinVar row has the two cells, empty.
    EXPECT_NE(variants.find("clinvar:2026-02-26:VCV000633029\t2\t1.1.0\t\t\n"), std::string::npos)
        << variants;
    EXPECT_EQ(run_nbscreen({"panel", "validate", dir.string()}).exit_code, 0);
}

TEST(PanelSchema11Cli, DiffShowsTheNewFields) {
    const auto r = run_nbscreen({"panel", "diff", (test_data() / "panel" / "mini").string(),
                                 (test_data() / "panel" / "mini11").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* s :
         {"requires_evidence: (empty) -> other:test_evidence", "aliases: (empty) -> MAT,T2,THIL",
          "condition_id: (empty) -> mitochondrial-acetoacetyl-coa-thiolase-deficiency",
          "null_allele: (empty) -> yes", "schema_version: 1.0 -> 1.1"})
        EXPECT_NE(r.out.find(s), std::string::npos) << s << "\n" << r.out;
}

}  // namespace
}  // namespace nbs::test
