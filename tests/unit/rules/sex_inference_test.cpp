// Sex karyotype from the VCF (issue item 5): chrX non-PAR heterozygosity and chrY non-PAR calls.
#include <gtest/gtest.h>

#include <string>

#include "engine/genome/contig.hpp"
#include "engine/rules/sex_inference.hpp"
#include "unit/rules/rules_test_util.hpp"

namespace nbs {
namespace {

using test::RecordSpec;

SexEvidence evidence(int x_hom, int x_het, int x_haploid, int y_calls) {
    SexEvidence e;
    std::int64_t pos = 5000101;
    auto add = [&](const char* chrom, const char* gt) {
        e.add(test::make_record(RecordSpec().chrom(chrom).pos(pos).gt(gt)));
        pos += 1000;
    };
    for (int i = 0; i < x_hom; ++i)
        add("chrX", "1/1");
    for (int i = 0; i < x_het; ++i)
        add("chrX", "0/1");
    for (int i = 0; i < x_haploid; ++i)
        add("chrX", "1");
    pos = 2800101;  // the SRY-ZFY window
    for (int i = 0; i < y_calls; ++i)
        add("chrY", "1");
    return e;
}

struct SexCase {
    const char* name;
    int x_hom, x_het, x_haploid, y;
    Karyotype want;
};

TEST(SexInference, Table) {
    const std::vector<SexCase> cases = {
        {"XX: half het, no Y", 20, 20, 0, 0, Karyotype::XX},
        {"XY: no het, Y calls", 20, 0, 20, 15, Karyotype::XY},
        {"XY written 1/1 only", 40, 0, 0, 15, Karyotype::XY},
        {"X0: no het, no Y", 40, 0, 0, 0, Karyotype::X0},
        {"XXY: het and Y", 20, 20, 0, 15, Karyotype::XXY},
        {"XX with a few mismapped Y calls", 20, 20, 0, 3, Karyotype::XX},
        {"too few X calls", 10, 5, 0, 0, Karyotype::unknown},
        {"ambiguous het ratio 0.1", 36, 4, 0, 0, Karyotype::unknown},
        {"het ratio at 0.05: one X", 38, 2, 0, 15, Karyotype::XY},
        {"het ratio at 0.2: two X", 32, 8, 0, 0, Karyotype::XX},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        const SexEvidence e = evidence(c.x_hom, c.x_het, c.x_haploid, c.y);
        EXPECT_EQ(e.x_nonpar_calls, static_cast<std::uint64_t>(c.x_hom + c.x_het + c.x_haploid));
        EXPECT_EQ(e.x_nonpar_het, static_cast<std::uint64_t>(c.x_het));
        EXPECT_EQ(e.x_haploid_calls, static_cast<std::uint64_t>(c.x_haploid));
        EXPECT_EQ(e.y_nonpar_calls, static_cast<std::uint64_t>(c.y));
        const SexInference s = infer_karyotype(e);
        EXPECT_EQ(s.karyotype, c.want) << to_string(s.karyotype) << ": " << s.reason;
        EXPECT_FALSE(s.reason.empty());
    }
}

// Many pipelines call only chr1-22 and X: no chrY record means chrY was not looked at, not that
// there is no Y. One X then is not enough to make the baby hemizygous (a long run of
// homozygosity looks the same); two X are two X.
TEST(SexInference, NoChrYInTheFileIsNotAssessedNotX0) {
    SexEvidence boy = evidence(0, 0, 40, 0);
    boy.y_called = false;
    const SexInference b = infer_karyotype(boy);
    EXPECT_EQ(b.karyotype, Karyotype::unknown) << b.reason;
    EXPECT_EQ(b.x_copies, 1);
    EXPECT_EQ(b.y, YEvidence::not_assessed);
    EXPECT_NE(b.reason.find("chrY not assessed"), std::string::npos) << b.reason;

    SexEvidence girl = evidence(20, 20, 0, 0);
    girl.y_called = false;
    const SexInference g = infer_karyotype(girl);
    EXPECT_EQ(g.karyotype, Karyotype::XX) << g.reason;
    EXPECT_EQ(g.x_copies, 2);
    EXPECT_EQ(g.y, YEvidence::not_assessed);

    // The same boy's file with chrY called but no male-specific calls is X0.
    const SexInference x0 = infer_karyotype(evidence(0, 0, 40, 0));
    EXPECT_EQ(x0.karyotype, Karyotype::X0);
    EXPECT_EQ(x0.y, YEvidence::absent);
}

// A handful of chrY calls (mismapped reads) never make a girl XXY: the Y needs kMinYCalls calls
// and 2% of the chrX calls. Below that, calls in the chrY windows decide nothing (no Y needs
// none at all): Y is not assessed, and two X are still XX.
TEST(SexInference, AHandfulOfChrYCallsDoNotMakeAY) {
    for (int y = 0; y < static_cast<int>(kMinYCalls); ++y) {
        SCOPED_TRACE(y);
        const SexInference s = infer_karyotype(evidence(20, 20, 0, y));
        EXPECT_EQ(s.karyotype, Karyotype::XX) << s.reason;
        EXPECT_EQ(s.y, y == 0 ? YEvidence::absent : YEvidence::not_assessed);
    }
    // 10 chrY calls against 1000 chrX calls are 1%: still no Y.
    EXPECT_EQ(infer_karyotype(evidence(500, 500, 0, 10)).karyotype, Karyotype::XX);
    EXPECT_EQ(infer_karyotype(evidence(20, 20, 0, 10)).karyotype, Karyotype::XXY);
}

// One X with a few chrY calls is neither X0 nor XY: a man whose Y is close to the reference's
// shows few calls in the small windows (docs/rules.md rule 5), so only zero calls mean no Y.
TEST(SexInference, OneXWithFewChrYCallsIsUnknownNotX0) {
    for (int y = 1; y < static_cast<int>(kMinYCalls); ++y) {
        SCOPED_TRACE(y);
        const SexInference s = infer_karyotype(evidence(0, 0, 40, y));
        EXPECT_EQ(s.karyotype, Karyotype::unknown) << s.reason;
        EXPECT_EQ(s.x_copies, 1);
        EXPECT_EQ(s.y, YEvidence::not_assessed);
        EXPECT_NE(s.reason.find("too few to decide on a Y"), std::string::npos) << s.reason;
    }
    // 20 chrY calls beside 2,000 chrX calls (1%): undecided too, not X0.
    const SexInference many_x = infer_karyotype(evidence(0, 0, 2000, 20));
    EXPECT_EQ(many_x.karyotype, Karyotype::unknown) << many_x.reason;
    EXPECT_EQ(many_x.y, YEvidence::not_assessed);
    // Zero calls in the windows with chrY called: no Y.
    EXPECT_EQ(infer_karyotype(evidence(0, 0, 40, 0)).karyotype, Karyotype::X0);
}

// The windows are small (docs/rules.md rule 5): chrX non-PAR outside the X-transposed region,
// chrY only over the X-degenerate genes; 3.3 Mb in all.
TEST(SexInference, WindowsAreSmallAndAvoidTheXtr) {
    std::int64_t bases = 0;
    for (const auto& r : sex_inference_regions()) {
        bases += r.end - r.start + 1;
        if (r.chrom == "chrX") {
            EXPECT_TRUE(r.end < 89140845 || r.start > 93328068) << r.to_string();
        } else {
            ASSERT_EQ(r.chrom, "chrY");
            EXPECT_TRUE(in_y_sex_window(r.chrom, r.start) && in_y_sex_window(r.chrom, r.end));
            // Not the X-transposed part of chrY (PCDH11Y, TGIF2LY) nor the TSPY array.
            EXPECT_FALSE(r.start <= 5742224 && r.end >= 3579067) << r.to_string();
            EXPECT_FALSE(r.start <= 9530676 && r.end >= 9337464) << r.to_string();
        }
    }
    EXPECT_LE(bases, 5000000);
    EXPECT_GE(bases, 3000000);
    EXPECT_FALSE(in_y_sex_window("chrY", 9400001));  // TSPY array
    EXPECT_TRUE(in_y_sex_window("chrY", 2786855));   // SRY
    EXPECT_FALSE(in_y_sex_window("chrX", 2786855));
}

TEST(SexInference, TooFewCallsIsUnknownWithTheCounts) {
    const SexInference s = infer_karyotype(evidence(5, 0, 0, 30));
    EXPECT_EQ(s.karyotype, Karyotype::unknown);
    EXPECT_EQ(s.x_copies, 0);
    EXPECT_NE(s.reason.find("5 < 20"), std::string::npos) << s.reason;
    EXPECT_NE(s.reason.find("30 chrY non-PAR calls"), std::string::npos) << s.reason;
}

TEST(SexInference, MissingRefAndParCallsIgnored) {
    SexEvidence e;
    e.add(test::make_record(RecordSpec().chrom("chrX").pos(5000101).gt("./.")));
    e.add(test::make_record(RecordSpec().chrom("chrX").pos(5000201).gt("0/0")));
    e.add(test::make_record(RecordSpec().chrom("chrX").pos(5000301).gt("./1")));
    e.add(test::make_record(RecordSpec().chrom("chrX").pos(1000000).gt("0/1")));  // PAR1
    e.add(test::make_record(RecordSpec().chrom("chrY").pos(100000).gt("1")));     // Y PAR1
    EXPECT_EQ(e.x_nonpar_calls, 0U);
    EXPECT_EQ(e.y_nonpar_calls, 0U);
    // The same evidence does count calls that qualify: one non-PAR call of each.
    e.add(test::make_record(RecordSpec().chrom("chrX").pos(5000401).gt("0/1")));
    e.add(test::make_record(RecordSpec().chrom("chrY").pos(2800101).gt("1")));  // SRY-ZFY window
    EXPECT_EQ(e.x_nonpar_calls, 1U);
    EXPECT_EQ(e.x_nonpar_het, 1U);
    EXPECT_EQ(e.y_nonpar_calls, 1U);
    // chrY outside the windows (the X-transposed part at 3-6 Mb, the TSPY array) is no evidence.
    e.add(test::make_record(RecordSpec().chrom("chrY").pos(3000101).gt("1")));
    e.add(test::make_record(RecordSpec().chrom("chrY").pos(9400001).gt("1")));
    EXPECT_EQ(e.y_nonpar_calls, 1U);
}

TEST(SexInference, ReasonCarriesTheNumbers) {
    const SexInference s = infer_karyotype(evidence(20, 20, 0, 0));
    EXPECT_NE(s.reason.find("0.500"), std::string::npos) << s.reason;
    EXPECT_NE(s.reason.find("40 calls"), std::string::npos) << s.reason;
}

TEST(SexInference, WindowsAreOutsideThePars) {
    const auto regions = sex_inference_regions();
    ASSERT_FALSE(regions.empty());
    for (const auto& r : regions) {
        EXPECT_FALSE(in_par(r.chrom, r.start)) << r.to_string();
        EXPECT_FALSE(in_par(r.chrom, r.end)) << r.to_string();
    }
}

}  // namespace
}  // namespace nbs
