// The LoF route on an unannotated input (issue 11 items 3 and 8): with panel knowledge, the
// built-in consequence on the MANE model decides, and the evidence and the allele's consequence
// say so. Panel tests/data/panel/know20 (SLC52A3, BIALLELIC, lof_mechanism yes; its MANE model
// ENST00000645534.1 and the real GRCh38 sequence). The expected consequences are bcftools csq's
// on the same alleles, the committed real output in tests/data/annotated/slc52a3/
// (bcsq_multiallelic_local.vcf: 765725 C>T stop_gained 17W>17*, C>G missense 17W>17S;
// bcsq_frameshift.vcf: 765745 GC>G frameshift 10C...>10SSSEWAPG*, GC>AC synonymous 10C).
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "engine/annotate/qualifier.hpp"
#include "engine/panel/panel_parser.hpp"
#include "unit/panel/panel_test_support.hpp"

namespace nbs {
namespace {

Panel know20() {
    std::vector<PanelProblem> problems;
    Panel p = parse_panel(read_panel_dir(test::panel_data() / "know20"), problems);
    EXPECT_TRUE(problems.empty());
    return p;
}

const GeneEntry& slc52a3(const Panel& p) {
    for (const auto& g : p.genes)
        if (g.symbol == "SLC52A3") return g;
    throw std::runtime_error("no SLC52A3");
}

AlleleCall call(std::int64_t pos, std::string ref, std::string alt) {
    AlleleCall c;
    c.variant = {"chr20", pos, ref, alt};
    c.as_written = c.variant;
    c.record_alts = {alt};
    c.alt_index = 1;
    c.genotype = "0/1";
    c.copies = 1;
    c.ploidy = 2;
    return c;
}

bool has_lof(const Qualification& q) {
    for (const auto& r : q.routes)
        if (r.route == Route::lof) return true;
    return false;
}

TEST(BuiltinLof, StopGainedQualifiesWithNbscreenAsTheSource) {
    const Panel p = know20();
    ASSERT_TRUE(p.knowledge);
    const Qualifier q(p);
    const Qualification r = q.qualify(call(765725, "C", "T"), slc52a3(p), AnnotationSchema{});
    ASSERT_TRUE(has_lof(r));
    EXPECT_NE(r.routes.front().why.find("stop_gained on ENST00000645534.1"), std::string::npos)
        << r.routes.front().why;
    EXPECT_NE(r.routes.front().why.find("nbscreen built-in consequence"), std::string::npos);
    ASSERT_TRUE(r.consequence);
    EXPECT_EQ(r.consequence->source, "nbscreen");
    EXPECT_EQ(r.consequence->terms.front(), "stop_gained");
    EXPECT_EQ(r.consequence->hgvs_p, "p.Trp17Ter");
    EXPECT_EQ(r.consequence->nmd_escape, "none") << "exon 2 of 5";
    EXPECT_NE(r.consequence->knowledge.find("release"), std::string::npos);
    EXPECT_TRUE(r.population_af_unknown) << "no af_keys INFO: the ceiling was not applied";
}

TEST(BuiltinLof, FrameshiftQualifiesMissenseAndSynonymousDoNot) {
    const Panel p = know20();
    const Qualifier q(p);
    const Qualification fs = q.qualify(call(765745, "GC", "G"), slc52a3(p), AnnotationSchema{});
    ASSERT_TRUE(has_lof(fs));
    ASSERT_TRUE(fs.consequence);
    EXPECT_EQ(fs.consequence->terms.front(), "frameshift_variant");
    // bcftools: 10C... > 10SSSEWAPG*: Cys10 becomes Ser, the stop is the 9th residue.
    EXPECT_EQ(fs.consequence->hgvs_p, "p.Cys10SerfsTer9");
    const Qualification mis = q.qualify(call(765725, "C", "G"), slc52a3(p), AnnotationSchema{});
    EXPECT_FALSE(has_lof(mis));
    EXPECT_FALSE(mis.consequence) << "not qualifying: no consequence is carried";
    const Qualification syn = q.qualify(call(765745, "G", "A"), slc52a3(p), AnnotationSchema{});
    EXPECT_FALSE(has_lof(syn));
}

TEST(BuiltinLof, NmdEscapeFollowsThePanelThreshold) {
    Panel p = know20();
    // A stop_gained SNV in the last exon (transcript order; 760080-761238 on the minus strand).
    const Knowledge& k = *p.knowledge;
    const auto t = CodingTranscript::build(*k.transcript_for("SLC52A3"), k.reference);
    ASSERT_TRUE(t);
    std::optional<Variant> stop;
    for (std::int64_t pos = 761026; pos <= 761238 && !stop; ++pos)
        for (const char alt : std::string("ACGT")) {
            const std::string ref(1, *k.reference.base("chr20", pos));
            if (ref[0] == alt) continue;
            BuiltinConsequence c;
            if (t->annotate({{"chr20", pos, ref, std::string(1, alt)}}, c) ==
                    ConsequenceStatus::annotated &&
                c.terms.front() == "stop_gained") {
                stop = Variant{"chr20", pos, ref, std::string(1, alt)};
                break;
            }
        }
    ASSERT_TRUE(stop) << "the last exon has a codon one SNV from a stop";
    const GeneEntry& g = slc52a3(p);
    {
        const Qualifier q(p);  // default: qualify_flagged
        const auto r = q.qualify(call(stop->pos, stop->ref, stop->alt), g, AnnotationSchema{});
        EXPECT_TRUE(has_lof(r));
        ASSERT_TRUE(r.consequence);
        EXPECT_EQ(r.consequence->nmd_escape, "last_exon");
        ASSERT_EQ(r.flags.size(), 1u);
        EXPECT_NE(r.flags[0].find("escape nonsense-mediated decay (last_exon): review"),
                  std::string::npos)
            << r.flags[0];
    }
    p.manifest.thresholds.lof_nmd_escape = "qualify";
    {
        const Qualifier q(p);
        const auto r = q.qualify(call(stop->pos, stop->ref, stop->alt), g, AnnotationSchema{});
        EXPECT_TRUE(has_lof(r));
        EXPECT_TRUE(r.flags.empty());
    }
    p.manifest.thresholds.lof_nmd_escape = "exclude";
    {
        const Qualifier q(p);
        const auto r = q.qualify(call(stop->pos, stop->ref, stop->alt), g, AnnotationSchema{});
        EXPECT_FALSE(has_lof(r));
        ASSERT_EQ(r.flags.size(), 1u);
        EXPECT_NE(r.flags[0].find("not counted (lof_nmd_escape = \"exclude\")"), std::string::npos);
    }
}

TEST(BuiltinLof, SnvsInOneCodonInCisAreTranslatedTogether) {
    // bcftools csq's haplotype output (tests/data/annotated/slc52a3/bcsq_compound.vcf): 765766
    // G>C and 765767 A>T, both 0|1, make stop_gained 3F>3* together (765766G>C+765767A>T).
    const Panel p = know20();
    const Qualifier q(p);
    const GeneEntry& g = slc52a3(p);
    std::vector<AlleleCall> calls = {call(765766, "G", "C"), call(765767, "A", "T")};
    for (auto& c : calls) {
        c.genotype = "0|1";
        c.phased = true;
        c.haplotypes = 2;
        EXPECT_FALSE(has_lof(q.qualify(c, g, AnnotationSchema{}))) << c.variant.to_string();
    }
    const auto codon = q.cis_codon(calls[0], g, AnnotationSchema{});
    ASSERT_TRUE(codon);
    EXPECT_EQ(*codon, 2) << "codon 3";
    EXPECT_EQ(q.cis_codon(calls[1], g, AnnotationSchema{}), codon);
    const Qualification both = q.qualify_cis_codon(calls, g, AnnotationSchema{});
    ASSERT_TRUE(has_lof(both));
    ASSERT_TRUE(both.consequence);
    EXPECT_EQ(both.consequence->terms.front(), "stop_gained");
    EXPECT_EQ(both.consequence->hgvs_p, "p.Phe3Ter");
    EXPECT_EQ(both.consequence->hgvs_c.substr(0, 3), "c.[") << both.consequence->hgvs_c;
    EXPECT_NE(both.routes.front().why.find("in cis, one codon"), std::string::npos);
    // Unphased calls are never combined.
    AlleleCall unphased = call(765766, "G", "C");
    EXPECT_FALSE(q.cis_codon(unphased, g, AnnotationSchema{}));
}

TEST(BuiltinLof, WithoutKnowledgeNothingChanges) {
    Panel p = know20();
    p.knowledge.reset();
    const Qualifier q(p);
    const auto r = q.qualify(call(765725, "C", "T"), slc52a3(p), AnnotationSchema{});
    EXPECT_FALSE(has_lof(r));
    EXPECT_FALSE(r.consequence);
}

}  // namespace
}  // namespace nbs

namespace nbs {
namespace {

// Issue 11 item 1: the knowledge carries MANE Plus Clinical models too, and a LoF on one of them
// qualifies, the result naming that transcript. Hand-edited fixture on the real sequence: the
// SLC52A3 MANE Select model stripped of its CDS (so it names no coding change), beside the real
// coding model renamed and tagged MANE_Plus_Clinical.
TEST(BuiltinLof, ManePlusClinicalModelQualifiesWhenSelectHasNoLof) {
    Panel p = know20();
    ASSERT_TRUE(p.knowledge);
    auto k = std::make_shared<Knowledge>(*p.knowledge);
    p.knowledge = k;
    auto& ts = k->transcripts;
    const auto sel = std::find_if(ts.begin(), ts.end(), [](const TranscriptModel& t) {
        return t.panel_gene == "SLC52A3" && t.has_tag("MANE_Select");
    });
    ASSERT_NE(sel, ts.end());
    TranscriptModel plus = *sel;
    plus.transcript_id = "ENST99999999999.1";
    plus.tags = {"MANE_Plus_Clinical"};
    sel->cds.clear();
    ts.push_back(plus);
    const Qualifier q(p);
    const Qualification r = q.qualify(call(765725, "C", "T"), slc52a3(p), AnnotationSchema{});
    ASSERT_TRUE(has_lof(r));
    ASSERT_TRUE(r.consequence);
    EXPECT_EQ(r.consequence->transcript, "ENST99999999999.1");
    EXPECT_EQ(r.consequence->terms.front(), "stop_gained");
    EXPECT_EQ(r.consequence->hgvs_p, "p.Trp17Ter");
    EXPECT_NE(r.routes.front().why.find("stop_gained on ENST99999999999.1"), std::string::npos)
        << r.routes.front().why;
    // The same allele without the Plus Clinical model: the CDS-less Select names no LoF.
    ts.pop_back();
    const Qualifier select_only(p);
    EXPECT_FALSE(
        has_lof(select_only.qualify(call(765725, "C", "T"), slc52a3(p), AnnotationSchema{})));
}

}  // namespace
}  // namespace nbs
