// make_targets: MANE Select CDS +/- target_padding_bp for genes without targets (target_maker.hpp).
#include <gtest/gtest.h>

#include "engine/curate/target_maker.hpp"

namespace nbs {
namespace {

GeneEntry gene(const std::string& symbol, Region span) {
    GeneEntry g;
    g.symbol = symbol;
    g.condition_id = "c";
    g.span = std::move(span);
    return g;
}

TranscriptModel model(const std::string& id, const std::string& gene_symbol,
                      std::vector<Region> cds, std::vector<std::string> tags) {
    TranscriptModel m;
    m.transcript_id = id;
    m.panel_gene = gene_symbol;
    m.chrom = cds.empty() ? "chr2" : cds.front().chrom;
    m.cds = std::move(cds);
    m.exons = m.cds;
    m.tags = std::move(tags);
    return m;
}

TEST(MakeTargets, PadsMergesAndClipsTheManeSelectCds) {
    Panel p;
    p.manifest.thresholds.target_padding_bp = 20;
    p.genes.push_back(gene("A", {"chr2", 1, 5000}));
    // 10-30 padded to 1-50 (clipped at 1); 71-90 padded to 51-110 abuts 1-50: merged;
    // 200-210 padded to 180-230 stays apart (gap 111-179).
    const std::vector<TranscriptModel> models = {
        model("ENST2.1", "A", {{"chr2", 200, 210}, {"chr2", 10, 30}, {"chr2", 71, 90}},
              {"MANE_Select"}),
        // Not MANE Select: never used although it is listed first for the gene.
        model("ENST1.1", "A", {{"chr2", 1000, 1100}}, {"MANE_Plus_Clinical"}),
    };
    const TargetMake m = make_targets(p, false, models);
    ASSERT_EQ(m.targets.size(), 2U);
    EXPECT_EQ(m.targets[0].region, (Region{"chr2", 1, 110}));
    EXPECT_EQ(m.targets[1].region, (Region{"chr2", 180, 230}));
    EXPECT_EQ(m.targets[0].kind, "coding_exon");
    EXPECT_EQ(m.targets[0].transcript, "ENST2.1");
    ASSERT_EQ(m.added.size(), 1U);
    EXPECT_EQ(m.added[0].rows, 2U);
    EXPECT_TRUE(m.gene_span.empty());
}

TEST(MakeTargets, KeepsCuratedGenesAndFallsBackToTheSpan) {
    Panel p;
    p.manifest.thresholds.target_padding_bp = 5;
    p.genes.push_back(gene("CURATED", {"chr1", 100, 900}));
    p.genes.push_back(gene("NOMODEL", {"chr3", 500, 800}));
    p.genes.push_back(gene("NONCODING", {"chr3", 100, 200}));
    Target curated;  // built field by field: GCC 12 misreports a braced Target as uninitialised
    curated.symbol = "CURATED";
    curated.region = Region{"chr1", 120, 130};
    curated.kind = "coding_exon";
    curated.transcript = "ENSTX.1";
    p.targets.push_back(curated);
    const std::vector<TranscriptModel> models = {
        model("ENST9.1", "CURATED", {{"chr1", 300, 400}}, {"MANE_Select"}),
        model("ENST8.1", "NONCODING", {}, {"MANE_Select"}),  // no CDS: not usable
    };
    const TargetMake m = make_targets(p, true, models);
    EXPECT_EQ(m.kept, 1U);
    EXPECT_TRUE(m.added.empty());
    EXPECT_EQ(m.gene_span, (std::vector<std::string>{"NOMODEL", "NONCODING"}));
    // Sorted by contig, start: the curated chr1 row first, untouched.
    ASSERT_EQ(m.targets.size(), 3U);
    EXPECT_EQ(m.targets[0].region, (Region{"chr1", 120, 130}));
    EXPECT_EQ(m.targets[0].transcript, "ENSTX.1");
    EXPECT_EQ(m.targets[1].symbol, "NONCODING");
    EXPECT_EQ(m.targets[1].kind, "gene_span");
    EXPECT_EQ(m.targets[2].region, (Region{"chr3", 500, 800}));
    EXPECT_EQ(render_targets_tsv(m.targets, "# c\n"),
              "# c\nsymbol\tchrom\tstart\tend\tkind\ttranscript\n"
              "CURATED\tchr1\t120\t130\tcoding_exon\tENSTX.1\n"
              "NONCODING\tchr3\t100\t200\tgene_span\t\n"
              "NOMODEL\tchr3\t500\t800\tgene_span\t\n");
    // Uncurated (no targets.tsv): the loader's implicit spans do not count as targets.
    const TargetMake fresh = make_targets(p, false, models);
    EXPECT_EQ(fresh.kept, 0U);
    ASSERT_EQ(fresh.added.size(), 1U);
    EXPECT_EQ(fresh.added[0].gene, "CURATED");
}

}  // namespace
}  // namespace nbs
