// What a snapshot can and cannot answer (engine/screen/baby_evidence.hpp): a decision threshold
// (min_dp) is re-decided from the kept genotypes; a wider gene padding, a gene moved outside
// what was read, or a record the new plan needs decoded that was read for its genotype alone,
// is a gap (the baby needs a re-screen), never a silent negative.
#include <gtest/gtest.h>

#include <string>

#include "engine/panel/panel_parser.hpp"
#include "engine/screen/baby_evidence.hpp"
#include "engine/screen/screen_baby.hpp"
#include "engine/screen/screen_cohort.hpp"
#include "engine/screen/screen_plan.hpp"

namespace nbs {
namespace {

const std::string kSource = NBS_SOURCE_DIR;

BabyEvidence evidence_of(const ScreenPlan& plan, const std::string& file, BabyResult* result) {
    BabyInput in;
    in.sample_id = "b";
    in.vcf = kSource + "/sample_data/" + file;
    BabyEvidence ev;
    *result = screen_baby(plan, in, ScreenOptions{}, &ev);
    return ev;
}

bool has_finding(const BabyResult& r, const std::string& condition) {
    for (const auto& f : r.findings)
        if (f.condition_id == condition) return true;
    return false;
}

TEST(BabyEvidence, ADecisionThresholdIsReDecidedFromTheKeptGenotypes) {
    const Panel panel = load_panel(kSource + "/panels/generation-study");
    const ScreenPlan plan(panel);
    BabyResult direct;
    const BabyEvidence ev = evidence_of(plan, "baby04.vcf.gz", &direct);
    ASSERT_TRUE(has_finding(direct, "cystic-fibrosis"));
    // Only records with an ALT for the baby, decoded in full, inside the gene regions are kept.
    for (const auto& rec : ev.records) {
        EXPECT_FALSE(rec.genotype_only);
        EXPECT_TRUE(rec.cohort.empty());
    }

    Panel stricter = panel;
    stricter.manifest.thresholds.min_dp = 30;  // baby04's second CFTR allele has DP 29
    const ScreenPlan plan2(stricter);
    EXPECT_TRUE(evidence_gaps(plan2, ev).empty());
    const BabyResult again = decide_from_evidence(plan2, ev);
    EXPECT_FALSE(has_finding(again, "cystic-fibrosis"));
    bool set_aside = false;
    for (const auto& s : again.set_aside)
        set_aside |= s.gene == "CFTR" && s.reason == "failed genotype QC";
    EXPECT_TRUE(set_aside);
}

// A cohort pass keeps, per baby, only that baby's own call of each record: a kept record that
// still held (or reserved room for) every baby's FORMAT made a 3,202-sample pass quadratic in
// memory (2.6 GB; docs/performance.md). Both babies of the demo's joint-called file.
TEST(BabyEvidence, ACohortBabyKeepsItsOwnCallsNotTheWholeCohortRecord) {
    const Panel panel = load_panel(kSource + "/panels/generation-study");
    const ScreenPlan plan(panel);
    const std::string vcf = kSource + "/sample_data/baby07_baby08.multisample.vcf.gz";
    BabyInput a, b;
    a.sample_id = "baby07";
    a.vcf = vcf;
    a.vcf_sample = "baby07";
    b.sample_id = "baby08";
    b.vcf = vcf;
    b.vcf_sample = "baby08";
    CohortScreen cohort(plan, vcf, {&a, &b}, ScreenOptions{});
    for (std::size_t i = 0; i < 2; ++i) {
        BabyEvidence ev;
        const BabyResult r = cohort.finish(i, &ev);
        ASSERT_FALSE(ev.records.empty()) << r.sample_id;
        for (const auto& rec : ev.records) {
            EXPECT_EQ(rec.cohort.capacity(), 0u) << rec.chrom << ":" << rec.pos;
            EXPECT_FALSE(rec.sample.alleles.empty()) << rec.chrom << ":" << rec.pos;
        }
        // And the plan's regions are in the snapshot, copied at finish.
        EXPECT_FALSE(ev.gene_regions.empty());
        EXPECT_FALSE(ev.decode_regions.empty());
    }
}

TEST(BabyEvidence, RegionsThatWereNotReadAreGapsNamingTheGene) {
    const Panel panel = load_panel(kSource + "/panels/generation-study");
    const ScreenPlan plan(panel);
    BabyResult direct;
    const BabyEvidence ev = evidence_of(plan, "baby04.vcf.gz", &direct);

    Panel wider = panel;
    wider.manifest.thresholds.gene_padding_bp += 5000;
    const auto gaps = evidence_gaps(ScreenPlan(wider), ev);
    ASSERT_FALSE(gaps.empty());
    bool cftr = false;
    for (const auto& g : gaps)
        cftr |= g.gene == "CFTR" && g.reason.find("was not read") != std::string::npos;
    EXPECT_TRUE(cftr);

    Panel moved = panel;
    for (auto& g : moved.genes)
        if (g.symbol == "ACADM") g.span = {"chr1", 200000000, 200010000};
    const auto moved_gaps = evidence_gaps(ScreenPlan(moved), ev);
    ASSERT_EQ(moved_gaps.size(), 1U);
    EXPECT_EQ(moved_gaps.front().gene, "ACADM");
}

TEST(BabyEvidence, ARecordReadForItsGenotypeAloneCannotBeDecodedLater) {
    // baby09 is a raw VCF: outside the knowledge's regions its records are read for GT only.
    const Panel panel = load_panel(kSource + "/panels/generation-study");
    const ScreenPlan plan(panel);
    BabyResult direct;
    const BabyEvidence ev = evidence_of(plan, "baby09.vcf.gz", &direct);
    // Without the knowledge every gene region but the curated alleles would be read in full only
    // where an annotation could qualify; with the knowledge dropped the plan decodes less, which
    // the snapshot can answer; the reverse (decoding more) is what it cannot.
    Panel no_knowledge = panel;
    no_knowledge.knowledge.reset();
    BabyResult narrow_direct;
    const ScreenPlan narrow(no_knowledge);
    const BabyEvidence narrow_ev = evidence_of(narrow, "baby09.vcf.gz", &narrow_direct);
    EXPECT_TRUE(evidence_gaps(narrow, ev).empty());
    const auto gaps = evidence_gaps(plan, narrow_ev);
    ASSERT_FALSE(gaps.empty());
    bool genotype_alone = false;
    for (const auto& g : gaps)
        genotype_alone |= g.reason.find("read for their genotype alone") != std::string::npos;
    EXPECT_TRUE(genotype_alone);
}

}  // namespace
}  // namespace nbs
