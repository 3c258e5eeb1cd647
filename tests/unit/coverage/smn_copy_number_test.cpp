// The SMN1/SMN2 copy-number model (engine/coverage/smn_copy_number) on synthetic counts: each
// case builds the read counts a genome with a given SMN1/SMN2 make-up would give, and checks the
// call. Thresholds are SmnConfig's defaults, which are those of panels/generation-study/smn.tsv.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/coverage/smn_copy_number.hpp"

namespace nbs {
namespace {

constexpr int kSites = 8;
constexpr int kC840 = 5;  // index of c.840 among the 8 sites, as in smn.tsv

// Reads per copy at a site, and depth per copy over exon 7-8 (a 30x genome: 15x per copy).
struct Genome {
    std::vector<int> smn1_at_site = std::vector<int>(kSites, 0);  // SMN1-base copies per site
    int copies = 0;                                               // SMN1 + SMN2 exon 7-8
    double per_copy = 15.0;
    int norm_regions = 42;
};

Genome make(int smn1, int smn2) {
    Genome g;
    g.smn1_at_site.assign(kSites, smn1);
    g.copies = smn1 + smn2;
    return g;
}

SmnObservation observe(const Genome& g) {
    SmnObservation o;
    for (int i = 0; i < kSites; ++i) {
        SmnSiteCount s;
        s.name = i == kC840 ? "c.840C>T" : "site" + std::to_string(i);
        s.c840 = i == kC840;
        s.smn1_reads = static_cast<std::uint32_t>(std::lround(g.smn1_at_site[i] * g.per_copy));
        s.smn2_reads =
            static_cast<std::uint32_t>(std::lround((g.copies - g.smn1_at_site[i]) * g.per_copy));
        o.sites.push_back(s);
    }
    // Depth split between the two paralogs' positions does not matter; the sum does.
    o.smn1_depth = g.copies * g.per_copy * 0.5;
    o.smn2_depth = g.copies * g.per_copy * 0.5;
    for (int i = 0; i < g.norm_regions; ++i)  // diploid: 2 copies, +-3% spread
        o.norm_depths.push_back(2 * g.per_copy * (1.0 + 0.03 * ((i % 5) - 2) / 2.0));
    return o;
}

const SmnConfig kCfg{};

TEST(SmnCopyNumber, BinomialMatchesAHandComputedValue) {
    // P(k=2 | n=10, p=0.2) = 45 * 0.04 * 0.8^8 = 0.301989888
    EXPECT_NEAR(log10_binomial(2, 10, 0.2), std::log10(0.301989888), 1e-9);
    EXPECT_NEAR(log10_binomial(0, 30, 0.8), 30 * std::log10(0.2), 1e-9);
}

TEST(SmnCopyNumber, ZeroSmn1IsCalledByTheC840ReadTestWithTheWorkedExampleScore) {
    const SmnCall c = call_smn(observe(make(0, 2)), kCfg);
    ASSERT_TRUE(c.assessable) << c.reason;
    EXPECT_EQ(c.intact_smn1, 0);
    EXPECT_EQ(c.intact_label, "0");
    EXPECT_EQ(c.basis, "c840_read_test");
    EXPECT_EQ(c.c840_test, "smn1_absent");
    EXPECT_EQ(c.c840_reads, 30u);
    EXPECT_NEAR(c.c840_phred, 28.94, 0.01);  // docs/rules.md worked example
    EXPECT_EQ(c.full_length, 2);
    EXPECT_EQ(c.smn2, 2);
    EXPECT_EQ(c.confidence, "high");
}

TEST(SmnCopyNumber, EachSmn1AndSmn2MakeUpGetsItsCopyNumbers) {
    struct Case {
        int smn1, smn2;
        const char* label;
    };
    for (const Case k : {Case{1, 1, "1"}, Case{1, 3, "1"}, Case{2, 1, "2"}, Case{2, 2, "2"},
                         Case{2, 4, "2"}, Case{3, 1, ">=3"}, Case{3, 2, ">=3"}, Case{0, 1, "0"},
                         Case{0, 3, "0"}, Case{0, 4, "0"}}) {
        SCOPED_TRACE(std::to_string(k.smn1) + "+" + std::to_string(k.smn2));
        const SmnCall c = call_smn(observe(make(k.smn1, k.smn2)), kCfg);
        ASSERT_TRUE(c.assessable) << c.reason;
        EXPECT_EQ(c.intact_label, k.label);
        EXPECT_EQ(c.full_length, k.smn1 + k.smn2);
        EXPECT_EQ(c.smn2, k.smn2);
        if (k.smn1 > 0) {
            EXPECT_EQ(c.basis, "depth_and_sites");
            EXPECT_EQ(c.consensus_smn1, k.smn1);
            EXPECT_EQ(c.c840_test, "smn1_present");
        }
    }
}

TEST(SmnCopyNumber, ZeroSmn1NeedsNoNormalisation) {
    Genome g = make(0, 2);
    g.norm_regions = 0;
    const SmnCall c = call_smn(observe(g), kCfg);
    ASSERT_TRUE(c.assessable) << c.reason;
    EXPECT_EQ(c.intact_smn1, 0);
    EXPECT_FALSE(c.normalised);
    EXPECT_FALSE(c.full_length.has_value());
    EXPECT_FALSE(c.smn2.has_value());
}

TEST(SmnCopyNumber, SomeSmn1NeedsNormalisationOrIsNotAssessable) {
    Genome g = make(1, 2);
    g.norm_regions = 5;  // fewer than min_norm_regions (20)
    const SmnCall c = call_smn(observe(g), kCfg);
    EXPECT_FALSE(c.assessable);
    EXPECT_FALSE(c.intact_smn1.has_value());
    EXPECT_NE(c.reason.find("normalisation"), std::string::npos) << c.reason;
    EXPECT_NE(c.reason.find("5 of 5 normalisation regions"), std::string::npos) << c.reason;
}

TEST(SmnCopyNumber, ANoisyNormalisationFails) {
    SmnObservation o = observe(make(2, 2));
    for (std::size_t i = 0; i < o.norm_depths.size(); ++i)
        o.norm_depths[i] *= (i % 2 == 0) ? 0.7 : 1.3;  // MAD 0.3 > 0.11
    const SmnCall c = call_smn(o, kCfg);
    EXPECT_FALSE(c.assessable);
    EXPECT_NE(c.reason.find("MAD"), std::string::npos) << c.reason;
}

TEST(SmnCopyNumber, TooFewReadsAtC840IsNotAssessableEvenWithoutAnySmn1Read) {
    Genome g = make(0, 2);
    g.per_copy = 6.5;  // 13 reads over c.840, fewer than 14
    const SmnCall c = call_smn(observe(g), kCfg);
    EXPECT_FALSE(c.assessable);
    EXPECT_EQ(c.c840_test, "too_few_reads");
    EXPECT_NE(c.reason.find("only 13 reads over c.840"), std::string::npos) << c.reason;
    // 14 reads, none C: enough (sma-finder's minimum), score 10*14*log10(0.999/0.8) = 13.5.
    g.per_copy = 7.0;
    const SmnCall d = call_smn(observe(g), kCfg);
    ASSERT_TRUE(d.assessable) << d.reason;
    EXPECT_EQ(d.intact_smn1, 0);
    EXPECT_NEAR(d.c840_phred, 13.5, 0.05);
}

TEST(SmnCopyNumber, AStrayC840ReadDoesNotHideZeroSmn1AtDepth) {
    SmnObservation o = observe(make(0, 4));  // 60 reads, then one C read by error
    o.sites[kC840].smn1_reads = 1;
    const SmnCall c = call_smn(o, kCfg);
    ASSERT_TRUE(c.assessable) << c.reason;
    EXPECT_EQ(c.intact_smn1, 0);
    EXPECT_EQ(c.c840_smn1_reads, 1u);
}

TEST(SmnCopyNumber, AHybridAlleleIsCountedAtC840WithLowConfidence) {
    // SMN1 x2 by the intron 6 sites, but one of them carries SMN2's exon 7 (c.840T) and intron 7.
    Genome g = make(2, 2);
    for (int i = kC840; i < kSites; ++i)
        g.smn1_at_site[i] = 1;
    // 5 intron 6 sites agree on 2; c.840 and the 2 intron 7 sites say 1.
    const SmnCall c = call_smn(observe(g), kCfg);
    ASSERT_TRUE(c.assessable) << c.reason;
    EXPECT_EQ(c.consensus_smn1, 2);
    EXPECT_EQ(c.intact_smn1, 1);
    EXPECT_EQ(c.smn2, 3);
    EXPECT_EQ(c.confidence, "low");
    ASSERT_EQ(c.flags.size(), 1u);
    EXPECT_NE(c.flags[0].find("hybrid"), std::string::npos);
}

TEST(SmnCopyNumber, AHybridWithoutAnyC840SmnBaseIsStillZeroSmn1) {
    Genome g = make(1, 2);
    g.smn1_at_site[kC840] = 0;
    g.smn1_at_site[kC840 + 1] = 0;
    g.smn1_at_site[kC840 + 2] = 0;
    const SmnCall c = call_smn(observe(g), kCfg);
    ASSERT_TRUE(c.assessable) << c.reason;
    EXPECT_EQ(c.intact_smn1, 0);
    ASSERT_EQ(c.flags.size(), 1u);
    EXPECT_NE(c.flags[0].find("hybrid"), std::string::npos);
}

TEST(SmnCopyNumber, SitesThatDisagreeAreNotAssessable) {
    Genome g = make(2, 2);
    g.smn1_at_site = {0, 1, 3, 4, 0, 2, 1, 3};  // no 5 sites agree
    const SmnCall c = call_smn(observe(g), kCfg);
    EXPECT_FALSE(c.assessable);
    EXPECT_NE(c.reason.find("disagree"), std::string::npos) << c.reason;
}

TEST(SmnCopyNumber, AnAmbiguousDepthIsNotAssessable) {
    SmnObservation o = observe(make(2, 1));
    o.smn1_depth = o.smn2_depth = 0.5 * 3.5 * 15.0;  // 3.5 copies' worth
    const SmnCall c = call_smn(o, kCfg);
    EXPECT_FALSE(c.assessable);
    EXPECT_NE(c.reason.find("ambiguous"), std::string::npos) << c.reason;
    EXPECT_NEAR(*c.full_length_raw, 3.5, 0.1);
}

}  // namespace
}  // namespace nbs
