// Issue 11 item 8 with an annotated input: the result's consequence and HGVS are the input's own,
// with consequence.source naming the INFO key. Real annotator output on the SLC52A3 allele
// chr20:765725 C>T (tests/data/annotated/slc52a3: VEP writes HGVSc
// "ENST00000645534.1:c.50G>A" and HGVSp "ENSP00000495213.1:p.Trp17Ter"; SnpEff writes HGVS.c
// "c.50G>A" and HGVS.p "p.Trp17*" on NM_033409.4), read through the reader, split and qualified
// with panel tests/data/panel/know20 (which also carries knowledge: the input still decides).
#include <gtest/gtest.h>

#include <memory>

#include "engine/annotate/annotation_schema.hpp"
#include "engine/annotate/qualifier.hpp"
#include "engine/genome/normalize.hpp"
#include "engine/io/vcf_reader.hpp"
#include "engine/panel/panel_parser.hpp"
#include "unit/panel/panel_test_support.hpp"
#include "unit/rules/rules_test_util.hpp"

namespace nbs {
namespace {

struct Case {
    const char* file;
    const char* source;
    const char* transcript;
    const char* hgvs_c;
    const char* hgvs_p;
};

TEST(InputHgvs, AnnotatedInputGivesTheResultItsOwnHgvs) {
    std::vector<PanelProblem> problems;
    const Panel panel = parse_panel(read_panel_dir(test::panel_data() / "know20"), problems);
    ASSERT_TRUE(problems.empty());
    const GeneEntry* gene = nullptr;
    for (const auto& g : panel.genes)
        if (g.symbol == "SLC52A3") gene = &g;
    ASSERT_NE(gene, nullptr);
    const Qualifier qualifier(panel);
    for (const Case& c : {Case{"annotated/slc52a3/vep_multiallelic.vcf", "CSQ", "ENST00000645534.1",
                               "c.50G>A", "p.Trp17Ter"},
                          Case{"annotated/slc52a3/snpeff_multiallelic.vcf", "ANN", "NM_033409.4",
                               "c.50G>A", "p.Trp17*"}}) {
        SCOPED_TRACE(c.file);
        VcfOpenOptions o;
        o.sample = "MOTHER";  // 1|1: the T allele
        o.info_keys = qualifier.info_keys();
        VcfReader reader(test::data_path(c.file).string(), o);
        std::vector<InfoHeaderLine> lines;
        for (const auto& d : reader.info_declarations())
            lines.push_back({d.key, d.number, d.description});
        const AnnotationSchema schema = annotation_schema(lines, panel.manifest.thresholds);
        VcfRecord rec;
        int seen = 0;
        while (reader.next(rec) == ReadStatus::ok)
            for (const auto& call : split_alleles(rec)) {
                ++seen;
                const Qualification q = qualifier.qualify(call, *gene, schema);
                ASSERT_TRUE(q.qualifies());
                ASSERT_TRUE(q.consequence);
                EXPECT_EQ(q.consequence->source, c.source);
                EXPECT_EQ(q.consequence->transcript, c.transcript);
                EXPECT_EQ(q.consequence->terms.front(), "stop_gained");
                EXPECT_EQ(q.consequence->hgvs_c, c.hgvs_c);
                EXPECT_EQ(q.consequence->hgvs_p, c.hgvs_p);
            }
        EXPECT_EQ(seen, 1);
    }
}

}  // namespace
}  // namespace nbs

namespace nbs {
namespace {

// Issue 11 item 1: an input annotation's LoF on a MANE Plus Clinical transcript of the gene (a
// model the panel's knowledge carries with that tag) qualifies, naming that transcript.
// Hand-edited fixture: the knowledge's SLC52A3 MANE Select renamed ENST00000000001.1 (and the
// gene entry pointing at it), the real ENST00000645534.1 model added as MANE Plus Clinical, so
// VEP's real entry on ENST00000645534.1 is one on a Plus Clinical transcript.
TEST(InputHgvs, LofOnAManePlusClinicalTranscriptQualifies) {
    std::vector<PanelProblem> problems;
    Panel panel = parse_panel(read_panel_dir(test::panel_data() / "know20"), problems);
    ASSERT_TRUE(problems.empty());
    auto k = std::make_shared<Knowledge>(*panel.knowledge);
    panel.knowledge = k;
    TranscriptModel* sel = nullptr;
    for (auto& t : k->transcripts)
        if (t.panel_gene == "SLC52A3" && t.has_tag("MANE_Select")) sel = &t;
    ASSERT_NE(sel, nullptr);
    TranscriptModel plus = *sel;
    plus.tags = {"MANE_Plus_Clinical"};
    sel->transcript_id = "ENST00000000001.1";
    k->transcripts.push_back(plus);
    GeneEntry gene;
    for (const auto& g : panel.genes)
        if (g.symbol == "SLC52A3") gene = g;
    gene.mane_transcript = "ENST00000000001.1";

    VcfOpenOptions o;
    o.sample = "MOTHER";
    const std::string file = test::data_path("annotated/slc52a3/vep_multiallelic.vcf").string();
    auto qualify_with = [&](const Panel& p) {
        const Qualifier qualifier(p);
        o.info_keys = qualifier.info_keys();
        VcfReader reader(file, o);
        std::vector<InfoHeaderLine> lines;
        for (const auto& d : reader.info_declarations())
            lines.push_back({d.key, d.number, d.description});
        const AnnotationSchema schema = annotation_schema(lines, p.manifest.thresholds);
        VcfRecord rec;
        EXPECT_EQ(reader.next(rec), ReadStatus::ok);
        const auto calls = split_alleles(rec);
        EXPECT_EQ(calls.size(), 1U);
        return qualifier.qualify(calls.at(0), gene, schema);
    };
    const Qualification q = qualify_with(panel);
    ASSERT_TRUE(q.qualifies());
    EXPECT_EQ(q.routes.front().route, Route::lof);
    ASSERT_TRUE(q.consequence);
    EXPECT_EQ(q.consequence->source, "CSQ");
    EXPECT_EQ(q.consequence->transcript, "ENST00000645534.1");
    EXPECT_EQ(q.consequence->hgvs_p, "p.Trp17Ter");
    // Without the Plus Clinical model the entry is on no MANE transcript of the gene.
    k->transcripts.pop_back();
    EXPECT_FALSE(qualify_with(panel).qualifies());
}

}  // namespace
}  // namespace nbs
