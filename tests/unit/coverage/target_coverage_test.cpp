// Per-gene coverage and callability: target merging, the callability threshold, gVCF reference
// blocks in all three styles, and sex from depth.
#include "engine/coverage/target_coverage.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "engine/coverage/sex_from_depth.hpp"
#include "engine/genome/contig.hpp"
#include "engine/io/gvcf_blocks.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;
const fs::path kGvcf = fs::path(NBS_TEST_DATA) / "gvcf";

Target target(const char* symbol, const char* chrom, std::int64_t start, std::int64_t end) {
    Target t;
    t.symbol = symbol;
    t.region.chrom = chrom;
    t.region.start = start;
    t.region.end = end;
    t.kind = "coding_exon";
    return t;
}

TEST(CoveragePlan, MergesEachGenesTargetsAndKeepsGenesApart) {
    std::vector<Target> targets;
    targets.push_back(target("B", "chr2", 100, 200));
    targets.push_back(target("A", "chr1", 50, 60));
    targets.push_back(target("B", "chr2", 150, 250));
    targets.push_back(target("B", "chr2", 251, 260));
    targets.push_back(target("B", "chr1", 10, 20));
    targets.push_back(target("A", "chr2", 120, 130));
    const CoveragePlan plan(targets);
    ASSERT_EQ(plan.genes().size(), 2u);
    const auto* b = plan.find("B");
    ASSERT_NE(b, nullptr);
    // Overlapping and abutting intervals merge; chr1 sorts before chr2.
    ASSERT_EQ(b->intervals.size(), 2u);
    EXPECT_EQ(b->intervals[0], (Region{"chr1", 10, 20}));
    EXPECT_EQ(b->intervals[1], (Region{"chr2", 100, 260}));
    EXPECT_EQ(b->bases, 11 + 161);
    // A's chr2 interval lies inside B's but belongs to A alone.
    EXPECT_EQ(plan.find("A")->bases, 11 + 11);
    EXPECT_EQ(plan.all_intervals().size(), 4u);
}

TEST(GeneCoverage, CallableAtExactlyTheFractionAndNotBelow) {
    std::vector<Target> targets;
    targets.push_back(target("G", "chr1", 1, 100));
    targets.push_back(target("H", "chr1", 201, 300));
    const CoveragePlan plan(targets);
    CoverageSettings s;  // 95% at >= 15x
    DepthTrack g(100, 30), h(100, 30);
    for (int i = 0; i < 5; ++i)
        g[static_cast<std::size_t>(i)] = 14;  // 95 of 100 at >= 15x
    for (int i = 0; i < 6; ++i)
        h[static_cast<std::size_t>(i)] = 14;  // 94 of 100
    const auto per = std::vector<IntervalCoverage>{summarize_depth(targets[0].region, g, s),
                                                   summarize_depth(targets[1].region, h, s)};
    const auto genes = gene_coverage(plan, per, s, true);
    ASSERT_EQ(genes.size(), 2u);
    EXPECT_TRUE(genes[0].callable);
    EXPECT_EQ(genes[0].callable_bases, 95);
    EXPECT_FALSE(genes[1].callable);
    EXPECT_DOUBLE_EQ(genes[1].callable_fraction, 0.94);
    EXPECT_EQ(genes[1].bases_at, (std::vector<std::int64_t>{94, 94}));
    ASSERT_TRUE(genes[0].mean_depth.has_value());
    EXPECT_DOUBLE_EQ(*genes[0].mean_depth, (95 * 30 + 5 * 14) / 100.0);
}

TEST(GvcfCoverage, SpansGiveMaxDepthAndNeedBothDepthAndGq) {
    CoverageSettings s;  // depth 15, GQ 20
    std::vector<GvcfSpan> spans = {
        {"chr1", 1, 50, true, 30, 99},    // callable
        {"chr1", 41, 60, true, 40, 10},   // deep but low GQ: depth counts, callability does not
        {"chr1", 61, 70, false, 16, -1},  // a variant record without GQ: judged on depth
        {"chr1", 71, 80, true, 10, 99},   // shallow
    };
    const auto c = interval_coverage(spans, {{"chr1", 1, 100}}, s);
    ASSERT_EQ(c.size(), 1u);
    EXPECT_EQ(c[0].callable_bases, 50 + 10);
    EXPECT_EQ(c[0].bases_at[0], 60 + 10);  // >= 15x: 1-60 and 61-70
    EXPECT_EQ(c[0].sum_depth, 40u * 30 + 20u * 40 + 10u * 16 + 10u * 10);
}

TEST(GvcfBlocks, DetectsAllThreeReferenceBlockStylesAndNotAPlainVcf) {
    const auto gatk =
        detect_gvcf((kGvcf / "NA12878.hg38.gatk3.5.chr7_104-126Mb.g.vcf.gz").string());
    const auto dv = detect_gvcf((kGvcf / "NA12878.chr20_10Mb.deepvariant.golden.g.vcf").string());
    const auto isaac =
        detect_gvcf((kGvcf / "NA12878.hg19.chr21.isaac.first2000.g.vcf.gz").string());
    EXPECT_TRUE(gatk.is_gvcf);
    EXPECT_EQ(gatk.style, GvcfStyle::gatk_non_ref);
    EXPECT_TRUE(dv.is_gvcf);
    EXPECT_EQ(dv.style, GvcfStyle::spec_star);
    EXPECT_TRUE(isaac.is_gvcf);
    EXPECT_EQ(isaac.style, GvcfStyle::illumina_dot);
    EXPECT_FALSE(
        detect_gvcf((fs::path(NBS_SOURCE_DIR) / "sample_data/baby01.vcf.gz").string()).is_gvcf);
    EXPECT_FALSE(detect_gvcf((fs::path(NBS_TEST_DATA) / "multiallelic.vcf").string()).is_gvcf);
}

// Expected numbers come from an independent reading of `bcftools query -f '%POS\t%INFO/END\t%ALT\t
// [%GQ]\t[%GQX]\t[%MIN_DP]\t[%DP]'` with the same rule (depth = MIN_DP for blocks else DP; GQ else
// GQX; union of passing records), done in Python when the test was written.
struct GvcfCase {
    const char* file;
    Region region;
    int min_depth;
    int min_gq;
    std::int64_t callable;
    std::int64_t at15;
    std::uint64_t sum_depth;
};

class GvcfStyles : public ::testing::TestWithParam<GvcfCase> {};

TEST_P(GvcfStyles, CallableBasesMatchAnIndependentReading) {
    const GvcfCase& c = GetParam();
    CoverageSettings s;
    s.callability_min_depth = c.min_depth;
    s.min_gq = c.min_gq;
    for (const bool use_index : {true, false}) {
        SCOPED_TRACE(use_index ? "indexed" : "streaming");
        GvcfScanOptions o;
        o.use_index = use_index;
        const GvcfScan scan = scan_gvcf((kGvcf / c.file).string(), {c.region}, o);
        EXPECT_GT(scan.ref_blocks, 0u);
        const auto cov = interval_coverage(scan.spans, {c.region}, s);
        ASSERT_EQ(cov.size(), 1u);
        EXPECT_EQ(cov[0].callable_bases, c.callable);
        EXPECT_EQ(cov[0].bases_at[0], c.at15);
        EXPECT_EQ(cov[0].sum_depth, c.sum_depth);
    }
}

INSTANTIATE_TEST_SUITE_P(
    ThreeStyles, GvcfStyles,
    ::testing::Values(
        // GATK <NON_REF>: an exome-depth excerpt, so low thresholds give a non-trivial answer.
        GvcfCase{"NA12878.hg38.gatk3.5.chr7_104-126Mb.g.vcf.gz",
                 {"chr7", 117583900, 117584500},
                 1,
                 3,
                 417,
                 0,
                 418},
        // DeepVariant <*>: at the defaults, then with a GQ bar most blocks miss.
        GvcfCase{"NA12878.chr20_10Mb.deepvariant.golden.g.vcf",
                 {"chr20", 10001000, 10003000},
                 15,
                 20,
                 1998,
                 2001,
                 70802},
        GvcfCase{"NA12878.chr20_10Mb.deepvariant.golden.g.vcf",
                 {"chr20", 10001000, 10003000},
                 50,
                 40,
                 42,
                 2001,
                 70802},
        // Illumina '.' + END with GQX.
        GvcfCase{"NA12878.hg19.chr21.isaac.first2000.g.vcf.gz",
                 {"chr21", 20000000, 20002000},
                 15,
                 20,
                 2001,
                 2001,
                 89552},
        GvcfCase{"NA12878.hg19.chr21.isaac.first2000.g.vcf.gz",
                 {"chr21", 20000000, 20002000},
                 45,
                 130,
                 964,
                 2001,
                 89552}));

// The whole files the tests/data excerpts were cut from (2.8 MB GATK whole-genome gVCF + index,
// 0.9 MB Isaac chr21): too large to copy, so this test is in tests/skip_allowlist.txt. What it adds
// over the excerpts is the whole-genome index and the full Isaac header; the DeepVariant gVCF in
// tests/data is already the whole file (GvcfBlocks.DetectsAllThreeReferenceBlockStyles...).
TEST(GvcfBlocks, WholeGenomeFilesScanLikeTheirExcerptsWhenPresent) {
    const fs::path shared = fs::path(NBS_SHARED_DATA) / "samples";
    const fs::path gatk = shared / "gatk_gvcf/NA12878.hg38.gatk3.5_HaplotypeCaller.g.vcf.gz";
    const fs::path isaac = shared / "illumina_gvcf/NA12878.hg19.chr21.isaac_genome_vcf.hc.vcf.gz";
    if (!fs::exists(gatk) || !fs::exists(isaac)) GTEST_SKIP() << "../shared/data is not available";
    EXPECT_EQ(detect_gvcf(gatk.string()).style, GvcfStyle::gatk_non_ref);
    EXPECT_EQ(detect_gvcf(isaac.string()).style, GvcfStyle::illumina_dot);
    // The whole-genome GATK file, indexed, over CFTR: the same blocks as the excerpt.
    const Region cftr{"chr7", 117583900, 117584500};
    CoverageSettings s;
    s.callability_min_depth = 1;
    s.min_gq = 3;
    const auto full = interval_coverage(scan_gvcf(gatk.string(), {cftr}, {}).spans, {cftr}, s);
    const auto excerpt = interval_coverage(
        scan_gvcf((kGvcf / "NA12878.hg38.gatk3.5.chr7_104-126Mb.g.vcf.gz").string(), {cftr}, {})
            .spans,
        {cftr}, s);
    ASSERT_EQ(full.size(), 1u);
    ASSERT_EQ(excerpt.size(), 1u);
    EXPECT_EQ(full[0].callable_bases, 417);
    EXPECT_EQ(excerpt[0].callable_bases, 417);
    EXPECT_EQ(full[0].sum_depth, excerpt[0].sum_depth);
}

TEST(SexFromDepth, ClassifiesTheFourKaryotypesAndRefusesToGuess) {
    EXPECT_EQ(classify_sex_depth(30, 30.5, 0.2).karyotype, Karyotype::XX);
    EXPECT_EQ(classify_sex_depth(30, 15.2, 14.0).karyotype, Karyotype::XY);
    EXPECT_EQ(classify_sex_depth(30, 15.0, 0.1).karyotype, Karyotype::X0);
    EXPECT_EQ(classify_sex_depth(30, 30.1, 15.3).karyotype, Karyotype::XXY);
    // Between bands (mosaic or contaminated), or too few reads: unknown, with a reason.
    const DepthSex between = classify_sex_depth(30, 22.0, 0.1);
    EXPECT_EQ(between.karyotype, Karyotype::unknown);
    EXPECT_NE(between.reason.find("between"), std::string::npos);
    EXPECT_EQ(classify_sex_depth(30, 30, 5.0).karyotype, Karyotype::unknown);
    EXPECT_EQ(classify_sex_depth(1.0, 1.0, 0).karyotype, Karyotype::unknown);
    EXPECT_DOUBLE_EQ(classify_sex_depth(30, 15, 15).x_ratio, 0.5);
}

TEST(SexFromDepth, WindowsAreSmallAndOutsideThePars) {
    std::int64_t total = 0;
    int x = 0, y = 0;
    for (const auto& w : sex_depth_windows()) {
        total += w.region.length();
        if (w.kind == SexWindowKind::x_nonpar) {
            ++x;
            EXPECT_TRUE(is_x_nonpar(w.region.chrom, w.region.start) &&
                        is_x_nonpar(w.region.chrom, w.region.end));
        }
        if (w.kind == SexWindowKind::y_nonpar) {
            ++y;
            EXPECT_TRUE(is_y_nonpar(w.region.chrom, w.region.start) &&
                        is_y_nonpar(w.region.chrom, w.region.end));
        }
    }
    EXPECT_GE(x, 2);
    EXPECT_GE(y, 2);
    EXPECT_LE(total, 5'000'000) << "a few Mb, not whole chromosomes";
}

}  // namespace
}  // namespace nbs
