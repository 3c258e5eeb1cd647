// Transcript models from GTF and GFF3 (curate/gene_models.hpp), read through io's line reader:
// the MANE GTF slice of AVP and SLC52A3 (tests/data/knowledge, from ../shared/data/genes/mane)
// and bcftools' own GFF3 test transcript ENST00000218032 (TLR8), each checked against the
// feature lines of the file itself.
#include <gtest/gtest.h>

#include <map>

#include "engine/core/input_error.hpp"
#include "engine/curate/gene_models.hpp"
#include "engine/io/fasta_reader.hpp"

namespace nbs {
namespace {

std::string data(const std::string& name) {
    return std::string(NBS_TEST_DATA) + "/knowledge/" + name;
}

std::vector<TranscriptModel> collect(const std::string& path, std::vector<Region> keep) {
    TranscriptCollector c{RegionSet(std::move(keep))};
    TextLineReader lines(path);
    std::string line;
    while (lines.next(line))
        if (const auto f = parse_feature_line(line, path, lines.line_number())) c.add(*f);
    return c.take();
}

const TranscriptModel* find(const std::vector<TranscriptModel>& ts, const std::string& id) {
    for (const auto& t : ts)
        if (t.transcript_id == id) return &t;
    return nullptr;
}

TEST(GeneModels, ManeGtfSliceGivesExonsAndCdsWithStopCodon) {
    const auto ts = collect(data("mane_chr20_avp_slc52a3.gtf.gz"), {{"chr20", 1, 10000000}});
    ASSERT_EQ(ts.size(), 2u);
    const TranscriptModel* avp = find(ts, "ENST00000380293.3");  // transcript_version "3"
    ASSERT_NE(avp, nullptr);
    EXPECT_EQ(avp->gene_id, "ENSG00000101200.5");
    EXPECT_EQ(avp->gene_symbol, "AVP");
    EXPECT_EQ(avp->chrom, "chr20") << "the GTF writes 20";
    EXPECT_EQ(avp->strand, '-');
    EXPECT_EQ(avp->exons, (std::vector<Region>{{"chr20", 3082556, 3082802},
                                               {"chr20", 3082977, 3083178},
                                               {"chr20", 3084555, 3084724}}));
    // GTF CDS 3082633-3082802 plus stop_codon 3082630-3082632 (minus strand: the low end).
    EXPECT_EQ(avp->cds, (std::vector<Region>{{"chr20", 3082630, 3082802},
                                             {"chr20", 3082977, 3083178},
                                             {"chr20", 3084555, 3084674}}));
    EXPECT_TRUE(avp->has_tag("MANE_Select"));
    EXPECT_TRUE(avp->has_tag("CCDS"));
    EXPECT_NE(find(ts, "ENST00000645534.1"), nullptr) << "SLC52A3";
}

TEST(GeneModels, KeepRegionsLeaveOtherTranscriptsOut) {
    const auto ts = collect(data("mane_chr20_avp_slc52a3.gtf.gz"), {{"chr20", 3080000, 3090000}});
    ASSERT_EQ(ts.size(), 1u);
    EXPECT_EQ(ts[0].transcript_id, "ENST00000380293.3");
}

TEST(GeneModels, BcftoolsGff3TranscriptWithParentGene) {
    const auto ts = collect(data("ENST00000218032.gff"), {{"chrX", 1, 20000}});
    ASSERT_EQ(ts.size(), 1u);
    const TranscriptModel& t = ts[0];
    EXPECT_EQ(t.transcript_id, "ENST00000218032.6");
    EXPECT_EQ(t.gene_id, "ENSG00000101916.11") << "from the gene line, through Parent";
    EXPECT_EQ(t.gene_symbol, "TLR8");
    EXPECT_EQ(t.chrom, "chrX");
    EXPECT_EQ(t.strand, '+');
    EXPECT_EQ(t.exons, (std::vector<Region>{{"chrX", 21, 110}, {"chrX", 12445, 16570}}));
    // GFF3 CDS already includes the stop codon: taken as written.
    EXPECT_EQ(t.cds, (std::vector<Region>{{"chrX", 108, 110}, {"chrX", 12445, 15567}}));
    EXPECT_EQ(t.tags, std::vector<std::string>{"basic"});
}

TEST(GeneModels, PhaseOfTheFivePrimeCdsLineIsKept) {
    // Hand-built from the shape of bcftools' SAMD11 slice (ENST00000341065: first CDS line phase
    // 2): the 5'-most CDS line is the lowest on '+', the highest on '-'; later lines' phases are
    // only the frame carried over and are not the model's.
    TranscriptCollector c{RegionSet({{"chr1", 1, 100000}})};
    for (const char* l : {"1\tx\tmRNA\t5433\t6210\t.\t+\t.\tID=transcript:P",
                          "1\tx\tmRNA\t100\t230\t.\t-\t.\tID=transcript:M",
                          "1\tx\tmRNA\t300\t330\t.\t+\t.\tID=transcript:D",
                          "1\tx\tCDS\t5433\t5457\t.\t+\t2\tParent=transcript:P",
                          "1\tx\texon\t5433\t5457\t.\t+\t.\tParent=transcript:P",
                          "1\tx\tCDS\t6160\t6210\t.\t+\t1\tParent=transcript:P",
                          "1\tx\texon\t6160\t6210\t.\t+\t.\tParent=transcript:P",
                          "1\tx\tCDS\t100\t130\t.\t-\t0\tParent=transcript:M",
                          "1\tx\tCDS\t200\t230\t.\t-\t1\tParent=transcript:M",
                          "1\tx\texon\t100\t230\t.\t-\t.\tParent=transcript:M",
                          "1\tx\tCDS\t300\t330\t.\t+\t.\tParent=transcript:D",
                          "1\tx\texon\t300\t330\t.\t+\t.\tParent=transcript:D"})
        c.add(*parse_feature_line(l, "x.gff3", 1));
    std::map<std::string, int> phase;
    for (const auto& t : c.take())
        phase[t.transcript_id] = t.cds_phase;
    EXPECT_EQ(phase, (std::map<std::string, int>{
                         {"transcript:D", 0}, {"transcript:M", 1}, {"transcript:P", 2}}));
}

TEST(GeneModels, RefSeqTagsAndEscapes) {
    const auto f = parse_feature_line(
        "NC_000020.11\tBestRefSeq\tmRNA\t100\t200\t.\t-\t.\tID=rna-NM_1.2;Parent=gene-X;"
        "gene=AB%3BC;tag=MANE Select,RefSeq Select;transcript_id=NM_1.2",
        "x.gff3", 7);
    ASSERT_TRUE(f);
    EXPECT_EQ(f->chrom, "chr20") << "RefSeq accession of GRCh38 chr20";
    EXPECT_EQ(f->attr("gene"), "AB;C");
    EXPECT_EQ(f->attr("tag"), "MANE Select,RefSeq Select");
    TranscriptCollector c{RegionSet({{"chr20", 1, 1000}})};
    c.add(*f);
    auto exon = *parse_feature_line(
        "NC_000020.11\tBestRefSeq\texon\t100\t200\t.\t-\t.\tParent=rna-NM_1.2", "x.gff3", 8);
    c.add(exon);
    const auto ts = c.take();
    ASSERT_EQ(ts.size(), 1u);
    EXPECT_EQ(ts[0].transcript_id, "NM_1.2");
    EXPECT_TRUE(ts[0].has_tag("MANE_Select"));
}

TEST(GeneModels, BadLinesNameFileAndLine) {
    EXPECT_FALSE(parse_feature_line("# comment", "a.gtf", 1));
    EXPECT_FALSE(parse_feature_line("", "a.gtf", 2));
    try {
        (void)parse_feature_line("20\tx\texon\t10\t5\t.\t+\t.\tgene_id \"G\";", "a.gtf", 3);
        FAIL() << "start > end accepted";
    } catch (const InputError& e) {
        EXPECT_EQ(e.where().file, "a.gtf");
        EXPECT_EQ(e.where().line, 3u);
    }
    EXPECT_THROW((void)parse_feature_line("20\tx\texon\t10", "a.gtf", 4), InputError);
}

TEST(GeneModels, PanelSelectionTakesManeOrTheNamedAccession) {
    const auto ts = collect(data("ENST00000218032.gff"), {{"chrX", 1, 20000}});
    Panel p;
    GeneEntry g;
    g.symbol = "TLR8";
    g.span = {"chrX", 21, 16570};
    g.mane_transcript = "ENST00000218032.7|NM_138636.5";  // another version: still the accession
    p.genes.push_back(g);
    auto chosen = select_panel_transcripts(p, ts);
    ASSERT_EQ(chosen.size(), 1u) << "named by accession, though not tagged MANE";
    EXPECT_EQ(chosen[0].panel_gene, "TLR8");
    // Neither MANE-tagged nor named: not chosen.
    p.genes[0].mane_transcript = "ENST00000999999.1";
    EXPECT_TRUE(select_panel_transcripts(p, ts).empty());
    // MANE-tagged but named for another gene: not chosen for this one.
    auto tagged = ts;
    tagged[0].tags.push_back("MANE_Select");
    tagged[0].gene_symbol = "TLR7";
    EXPECT_TRUE(select_panel_transcripts(p, tagged).empty());
    tagged[0].gene_symbol = "TLR8";
    EXPECT_EQ(select_panel_transcripts(p, tagged).size(), 1u);
}

}  // namespace
}  // namespace nbs
