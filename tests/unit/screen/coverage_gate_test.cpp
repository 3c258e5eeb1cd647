// The coverage gate (engine/screen/coverage_gate.cpp) on its own: how sex from the VCF and sex
// from depth combine (agreement, disagreement, either unknown), which panel genes become "not
// assessable" (below threshold, no targets at all; never the gene of a finding), and
// measure_coverage on a real gVCF.
#include "engine/screen/coverage_gate.hpp"

#include <gtest/gtest.h>

#include <set>

#include <filesystem>
#include <string>
#include <vector>

#include "engine/panel/panel_parser.hpp"
#include "engine/screen/screen_plan.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;

SexInference vcf_says(Karyotype k, const std::string& why) {
    SexInference s;
    s.karyotype = k;
    s.reason = why;
    return s;
}

DepthSex depth_says(Karyotype k, const std::string& why) {
    DepthSex d;
    d.karyotype = k;
    d.reason = why;
    return d;
}

TEST(CombineSex, WithoutDepthTheVcfAnswerStandsUnchanged) {
    std::vector<std::string> flags;
    const SexInference out = combine_sex(vcf_says(Karyotype::XY, "vcf-xy"), std::nullopt, flags);
    EXPECT_EQ(out.karyotype, Karyotype::XY);
    EXPECT_EQ(out.reason, "vcf-xy");
    EXPECT_TRUE(flags.empty());
}

TEST(CombineSex, AgreementKeepsTheKaryotypeAndBothReasons) {
    std::vector<std::string> flags;
    const SexInference out = combine_sex(vcf_says(Karyotype::XX, "vcf-xx"),
                                         depth_says(Karyotype::XX, "depth-xx"), flags);
    EXPECT_EQ(out.karyotype, Karyotype::XX);
    EXPECT_NE(out.reason.find("agree"), std::string::npos) << out.reason;
    EXPECT_NE(out.reason.find("vcf-xx"), std::string::npos) << out.reason;
    EXPECT_NE(out.reason.find("depth-xx"), std::string::npos) << out.reason;
    EXPECT_TRUE(flags.empty());
}

// A wrong karyotype silently changes every X-linked decision, so disagreement is never resolved
// by picking one: the answer is unknown and the baby carries a QC flag naming both.
TEST(CombineSex, DisagreementIsUnknownWithAFlagNamingBoth) {
    for (const auto& [vcf, depth] :
         {std::pair{Karyotype::XY, Karyotype::XX}, std::pair{Karyotype::XX, Karyotype::XXY},
          std::pair{Karyotype::X0, Karyotype::XY}}) {
        SCOPED_TRACE(std::string(to_string(vcf)) + " vs " + std::string(to_string(depth)));
        std::vector<std::string> flags;
        const SexInference out =
            combine_sex(vcf_says(vcf, "vcf-reason"), depth_says(depth, "depth-reason"), flags);
        EXPECT_EQ(out.karyotype, Karyotype::unknown);
        ASSERT_EQ(flags.size(), 1u);
        EXPECT_EQ(flags[0].rfind("sex evidence disagrees: ", 0), 0u) << flags[0];
        EXPECT_NE(flags[0].find("depth says " + std::string(to_string(depth))), std::string::npos)
            << flags[0];
        EXPECT_NE(flags[0].find("the VCF says " + std::string(to_string(vcf))), std::string::npos)
            << flags[0];
    }
}

TEST(CombineSex, UnknownDepthLeavesTheVcfAnswerAndSaysWhy) {
    std::vector<std::string> flags;
    const SexInference out =
        combine_sex(vcf_says(Karyotype::XY, "vcf-xy"),
                    depth_says(Karyotype::unknown, "chrX depth ratio between the bands"), flags);
    EXPECT_EQ(out.karyotype, Karyotype::XY);
    EXPECT_EQ(out.reason, "vcf-xy; depth: chrX depth ratio between the bands");
    EXPECT_TRUE(flags.empty());
}

TEST(CombineSex, UnknownVcfTakesTheDepthAnswer) {
    std::vector<std::string> flags;
    const SexInference out = combine_sex(vcf_says(Karyotype::unknown, "too few chrX calls"),
                                         depth_says(Karyotype::XXY, "depth-xxy"), flags);
    EXPECT_EQ(out.karyotype, Karyotype::XXY);
    EXPECT_NE(out.reason.find("from depth: depth-xxy"), std::string::npos) << out.reason;
    EXPECT_NE(out.reason.find("too few chrX calls"), std::string::npos) << out.reason;
    EXPECT_TRUE(flags.empty());
}

TEST(CombineSex, BothUnknownStaysUnknownWithoutAFlag) {
    std::vector<std::string> flags;
    const SexInference out =
        combine_sex(vcf_says(Karyotype::unknown, "v"), depth_says(Karyotype::unknown, "d"), flags);
    EXPECT_EQ(out.karyotype, Karyotype::unknown);
    EXPECT_EQ(out.reason, "v; depth: d");
    EXPECT_TRUE(flags.empty());
}

// --- apply_coverage_gate --------------------------------------------------------------------

GeneEntry entry(const std::string& symbol, const std::string& condition) {
    GeneEntry e;
    e.symbol = symbol;
    e.condition_id = condition;
    return e;
}

GeneCoverage cov(const std::string& gene, std::int64_t target, std::int64_t callable,
                 bool is_callable) {
    GeneCoverage g;
    g.gene = gene;
    g.target_bases = target;
    g.callable_bases = callable;
    g.callable_fraction = static_cast<double>(callable) / static_cast<double>(target);
    g.callable = is_callable;
    return g;
}

// PAH low (a finding there anyway), CFTR low (no finding), ACADM fine, GALT listed in the panel
// but without a single target, and CFTR's second condition row (two conditions, one gene).
struct GateFixture {
    Panel panel;
    BabyResult result;
    GateFixture() {
        panel.genes = {entry("PAH", "phenylketonuria"),     entry("CFTR", "cystic-fibrosis"),
                       entry("ACADM", "mcad-deficiency"),   entry("GALT", "galactosaemia"),
                       entry("CFTR", "cftr-related-other"), entry("CFTR", "cystic-fibrosis")};
        result.coverage.assessed = true;
        result.coverage.settings.callability_min_depth = 15;
        result.coverage.settings.callability_min_fraction = 0.95;
        result.coverage.genes = {cov("PAH", 2000, 400, false), cov("CFTR", 4000, 3000, false),
                                 cov("ACADM", 1500, 1500, true)};
        Finding f;
        f.condition_id = "phenylketonuria";
        f.gene = "PAH";
        result.findings.push_back(f);
    }
    const NotAssessable* find(const std::string& condition, const std::string& gene) const {
        for (const auto& n : result.not_assessable)
            if (n.condition_id == condition && n.gene == gene) return &n;
        return nullptr;
    }
};

TEST(CoverageGate, AFindingStandsAndALowGeneWithoutOneIsNotAssessable) {
    GateFixture fx;
    apply_coverage_gate(fx.result, fx.panel);
    // The PAH finding is evidence seen: low coverage elsewhere in PAH does not hide it.
    EXPECT_EQ(fx.find("phenylketonuria", "PAH"), nullptr);
    ASSERT_EQ(fx.result.findings.size(), 1u);
    const NotAssessable* cf = fx.find("cystic-fibrosis", "CFTR");
    ASSERT_NE(cf, nullptr);
    EXPECT_EQ(cf->target_bases, 4000);
    EXPECT_EQ(cf->callable_bases, 3000);
    EXPECT_DOUBLE_EQ(cf->callable_fraction, 0.75);
    EXPECT_EQ(cf->reason,
              "low coverage: 75.0% of 4000 target bases at >= 15x (the panel "
              "requires 95%)");
    // Every condition of a low gene, each once (the duplicate genes.tsv row is not repeated).
    EXPECT_NE(fx.find("cftr-related-other", "CFTR"), nullptr);
    // A callable gene is not listed.
    EXPECT_EQ(fx.find("mcad-deficiency", "ACADM"), nullptr);
    EXPECT_EQ(fx.result.not_assessable.size(), 3u);  // CFTR x2 conditions, GALT
}

TEST(CoverageGate, AGeneWithoutTargetsCannotBeVouchedFor) {
    GateFixture fx;
    apply_coverage_gate(fx.result, fx.panel);
    const NotAssessable* galt = fx.find("galactosaemia", "GALT");
    ASSERT_NE(galt, nullptr);
    EXPECT_NE(galt->reason.find("no coverage targets"), std::string::npos) << galt->reason;
    EXPECT_EQ(galt->target_bases, 0) << "0 marks a reason that is not about measured coverage";
}

TEST(CoverageGate, AConditionDecidedByItsRequiredEvidenceIsNotGatedOnTargetCoverage) {
    // SMA: SMN1 low at min_mapq (its reads are MAPQ 0 in real genomes). When the copy-number
    // caller ran, SMA is the caller's to decide; without it, the gate lists SMN1 as before.
    for (const bool caller_ran : {true, false}) {
        SCOPED_TRACE(caller_ran ? "caller ran" : "no caller");
        GateFixture fx;
        Condition sma;
        sma.id = "sma";
        sma.requires_evidence = "smn1_copy_number";
        fx.panel.conditions.push_back(sma);
        fx.panel.genes.push_back(entry("SMN1", "sma"));
        fx.result.coverage.genes.push_back(cov("SMN1", 1000, 100, false));
        apply_coverage_gate(
            fx.result, fx.panel,
            caller_ran ? std::set<std::string>{"smn1_copy_number"} : std::set<std::string>{});
        EXPECT_EQ(fx.find("sma", "SMN1") != nullptr, !caller_ran);
        // The other genes are gated as ever.
        EXPECT_NE(fx.find("cystic-fibrosis", "CFTR"), nullptr);
    }
}

TEST(CoverageGate, NothingIsListedWhenCoverageWasNotAssessed) {
    GateFixture fx;
    fx.result.coverage.assessed = false;
    apply_coverage_gate(fx.result, fx.panel);
    EXPECT_TRUE(fx.result.not_assessable.empty());
    // Precondition: the same fixture, assessed, does list genes (so this is not vacuous).
    GateFixture assessed;
    apply_coverage_gate(assessed.result, assessed.panel);
    EXPECT_FALSE(assessed.result.not_assessable.empty());
}

TEST(CoverageGate, ExistingNotAssessableEntriesAreKept) {
    GateFixture fx;
    fx.result.not_assessable.push_back({"galactosaemia", "GALT", "no calls on chr9", 0, 0, 0.0});
    apply_coverage_gate(fx.result, fx.panel);
    ASSERT_FALSE(fx.result.not_assessable.empty());
    EXPECT_EQ(fx.result.not_assessable[0].reason, "no calls on chr9");
}

// measure_coverage on the real GATK gVCF excerpt (chr7:104-126 Mb) with the starter panel. Every
// CFTR exon lies in two DP 0 reference blocks (chr7:117197884-117583964, 117584403-117739981), so
// CFTR is listed with no callable base. The blocks between (chr7:117583965-117584402, DP 3, GQ 1-3
// with gaps) are read too: a target added over them (test-made) gains callable bases once the
// bars are lowered to 1x / GQ 1, and none at the panel's 15x / GQ 20. Genes elsewhere have no
// records in the excerpt.
TEST(MeasureCoverage, AGvcfIsMeasuredFromItsReferenceBlocks) {
    Panel panel = load_panel(fs::path(NBS_SOURCE_DIR) / "panels/starter");
    Target covered;
    covered.symbol = "CFTR";
    covered.region = {"chr7", 117583965, 117584402};
    covered.kind = "coding_exon";
    panel.targets.push_back(covered);
    BabyInput in;
    in.sample_id = "na12878";
    in.vcf =
        (fs::path(NBS_TEST_DATA) / "gvcf/NA12878.hg38.gatk3.5.chr7_104-126Mb.g.vcf.gz").string();
    std::int64_t cftr_callable[2] = {-1, -1};
    for (int low_bar = 0; low_bar < 2; ++low_bar) {
        SCOPED_TRACE(low_bar ? "1x, GQ 1" : "panel bars");
        if (low_bar) {
            panel.manifest.thresholds.callability_min_depth = 1;
            panel.manifest.thresholds.min_gq = 1;
        }
        const ScreenPlan plan(panel);
        const CoverageOutcome out = measure_coverage(plan, in, ScreenOptions{}, "");
        EXPECT_TRUE(out.summary.assessed);
        EXPECT_EQ(out.summary.source, "gvcf");
        EXPECT_FALSE(out.depth_sex.has_value()) << "depth sex needs alignments";
        int cftr = 0, elsewhere = 0;
        for (const auto& g : out.summary.genes) {
            EXPECT_GT(g.target_bases, 0) << g.gene;
            if (g.gene == "CFTR") {
                ++cftr;
                cftr_callable[low_bar] = g.callable_bases;
                EXPECT_FALSE(g.callable) << "at most the added 438 of > 4000 bases";
            } else {
                ++elsewhere;
                EXPECT_EQ(g.callable_bases, 0) << g.gene << ": no records in the excerpt";
            }
        }
        EXPECT_EQ(cftr, 1);
        EXPECT_GT(elsewhere, 0);
    }
    EXPECT_EQ(cftr_callable[0], 0) << "DP 3 / GQ <= 3 is below the panel's 15x / GQ 20";
    EXPECT_GT(cftr_callable[1], 0) << "the blocks over the added target were read";
    EXPECT_LE(cftr_callable[1], 117584402 - 117583965 + 1);

    // A plain VCF is not a coverage source, and says so.
    in.vcf = (fs::path(NBS_SOURCE_DIR) / "sample_data/baby01.vcf.gz").string();
    const CoverageOutcome none = measure_coverage(ScreenPlan(panel), in, ScreenOptions{}, "");
    EXPECT_FALSE(none.summary.assessed);
    EXPECT_EQ(none.summary.source, "none");
    EXPECT_NE(none.summary.note.find("not assessed"), std::string::npos);
    EXPECT_TRUE(none.summary.genes.empty());
}

}  // namespace
}  // namespace nbs
