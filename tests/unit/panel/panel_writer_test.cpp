// Writers: variants.tsv rows, a panel.toml [sources] key, targets as BED.
#include "engine/panel/panel_writer.hpp"

#include <gtest/gtest.h>

#include "engine/panel/panel_parser.hpp"
#include "panel_test_support.hpp"

namespace nbs {
namespace {

TEST(PanelWriter, VariantsTsvRoundTripsTheFixture) {
    const PanelFiles f = test::mini_panel();
    std::vector<PanelProblem> problems;
    const Panel p = parse_panel(f, problems);
    ASSERT_TRUE(problems.empty());
    // The fixture is sorted and minimal, so writing it back in its (schema 1.0) layout gives the
    // same bytes.
    EXPECT_EQ(render_variants_tsv(p.variants, tsv_preamble(f.content.at("variants.tsv")),
                                  kVariantColumnsV10),
              f.content.at("variants.tsv"));
}

TEST(PanelWriter, SortsInCanonicalContigOrder) {
    std::vector<CuratedVariant> rows(3);
    rows[0].variant = {"chrX", 5, "A", "G"};
    rows[1].variant = {"chr10", 5, "A", "G"};
    rows[2].variant = {"chr2", 9, "A", "G"};
    sort_variants(rows);
    EXPECT_EQ(rows[0].variant.chrom, "chr2");
    EXPECT_EQ(rows[1].variant.chrom, "chr10");
    EXPECT_EQ(rows[2].variant.chrom, "chrX");
}

TEST(PanelWriter, CellsNeverSplitARow) {
    EXPECT_EQ(tsv_cell(" a\tb\nc "), "a b c");
    EXPECT_EQ(toml_string("say \"hi\"\\"), "\"say \\\"hi\\\"\\\\\"");
}

TEST(PanelWriter, SetTomlSourceReplacesInPlace) {
    const std::string t =
        "id = \"x\"\n\n[sources]\na = \"1\"\nclinvar_release = \"2025-01-01\"  "
        "\n\n[thresholds]\nmin_gq = 20\n";
    EXPECT_EQ(set_toml_source(t, "clinvar_release", "2026-02-26"),
              "id = \"x\"\n\n[sources]\na = \"1\"\nclinvar_release = "
              "\"2026-02-26\"\n\n[thresholds]\nmin_gq = 20\n");
}

TEST(PanelWriter, SetTomlSourceAddsAtTheEndOfSources) {
    const std::string t = "id = \"x\"\n\n[sources]\na = \"1\"\n\n[thresholds]\nmin_gq = 20\n";
    EXPECT_EQ(set_toml_source(t, "clinvar_release", "2026-02-26"),
              "id = \"x\"\n\n[sources]\na = \"1\"\nclinvar_release = "
              "\"2026-02-26\"\n\n[thresholds]\nmin_gq = 20\n");
    EXPECT_EQ(set_toml_source("id = \"x\"\n", "k", "v"), "id = \"x\"\n\n[sources]\nk = \"v\"\n");
}

TEST(PanelWriter, TargetsAsSortedZeroBasedBed) {
    Panel p;
    p.targets = {{"OTC", {"chrX", 100, 200}, "gene_span", ""},
                 {"B", {"chr10", 1, 1}, "coding_exon", "t"},
                 {"A", {"chr2", 50, 60}, "coding_exon", "t"},
                 {"A", {"chr2", 10, 20}, "coding_exon", "t"}};
    EXPECT_EQ(render_targets_bed(p),
              "chr2\t9\t20\tA\nchr2\t49\t60\tA\nchr10\t0\t1\tB\nchrX\t99\t200\tOTC\n");
}

}  // namespace
}  // namespace nbs
