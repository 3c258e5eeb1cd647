// Genotype QC (issue item 3): FILTER, GQ, DP and allele balance from AD, thresholds from the
// manifest; failures carry their numbers.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/rules/genotype_qc.hpp"
#include "unit/rules/rules_test_util.hpp"

namespace nbs {
namespace {

using test::RecordSpec;

struct QcCase {
    const char* name;
    RecordSpec rec;
    bool pass;
    std::vector<std::string> failures;  // substrings, in order
};

TEST(GenotypeQc, Table) {
    Thresholds th;  // defaults: GQ 20, DP 10, het AB 0.2, hom AB 0.8, FILTER PASS
    const std::vector<QcCase> cases = {
        {"good het", RecordSpec(), true, {}},
        {"GQ at threshold passes", RecordSpec().gq(20), true, {}},
        {"GQ below", RecordSpec().gq(19), false, {"GQ 19 < 20"}},
        {"DP at threshold passes", RecordSpec().dp(10).ad({5, 5}), true, {}},
        {"DP below", RecordSpec().dp(9).ad({5, 4}), false, {"DP 9 < 10"}},
        {"FILTER LowQual", RecordSpec().filters({"LowQual"}), false, {"FILTER LowQual"}},
        {"FILTER '.' passes", RecordSpec().filters({"."}), true, {}},
        {"FILTER empty (missing) passes", RecordSpec().filters({}), true, {}},
        {"het AB 0.2 passes", RecordSpec().ad({24, 6}), true, {}},
        {"het AB 0.1",
         RecordSpec().ad({27, 3}),
         false,
         {"allele balance 0.10 < 0.20 (heterozygous)"}},
        {"hom AB 0.8 passes", RecordSpec().gt("1/1").ad({6, 24}), true, {}},
        {"hom AB 0.5 passes (with a warning, see below)",
         RecordSpec().gt("1/1").ad({15, 15}),
         true,
         {}},
        {"hom AB 0.1: the ALT is barely in the reads",
         RecordSpec().gt("1/1").ad({27, 3}),
         false,
         {"allele balance 0.10 < 0.20 (homozygous)"}},
        {"haploid AB 0.05 fails as hemizygous",
         RecordSpec().gt("1").ad({19, 1}),
         false,
         {"(hemizygous)"}},
        {"1/2: AB is per ALT over all reads",
         RecordSpec().alts({"G", "T"}).gt("1/2").ad({0, 3, 27}),
         false,
         {"allele balance 0.10"}},
        {"several failures all listed",
         RecordSpec().gq(5).dp(4).ad({4, 0}).filters({"LowQual", "LowGQ"}),
         false,
         {"FILTER LowQual", "FILTER LowGQ", "GQ 5 < 20", "DP 4 < 10", "allele balance 0.00"}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        const auto calls = split_alleles(test::make_record(c.rec));
        ASSERT_FALSE(calls.empty());
        const GenotypeQc qc = check_genotype(calls[0], th);
        EXPECT_EQ(qc.pass, c.pass);
        ASSERT_EQ(qc.failures.size(), c.failures.size());
        for (std::size_t i = 0; i < c.failures.size(); ++i)
            EXPECT_NE(qc.failures[i].find(c.failures[i]), std::string::npos) << qc.failures[i];
    }
}

// A haploid chrX call with 23 ALT and 6 REF reads (0.79) is evidence, not noise: it passes, and
// the warning says why a reviewer should look twice.
TEST(GenotypeQc, HemizygousCallWithSomeRefReadsPassesWithAWarning) {
    Thresholds th;
    const auto call = test::one_call(RecordSpec().chrom("chrX").pos(40000000).gt("1").ad({6, 23}));
    const GenotypeQc qc = check_genotype(call, th);
    EXPECT_TRUE(qc.pass);
    EXPECT_TRUE(qc.failures.empty());
    ASSERT_EQ(qc.warnings.size(), 1U);
    EXPECT_NE(qc.warnings[0].find("allele balance 0.79 < 0.80 in a hemizygous call"),
              std::string::npos)
        << qc.warnings[0];
    // At or above 0.8 there is nothing to warn about; a het call never gets this warning.
    EXPECT_TRUE(
        check_genotype(test::one_call(RecordSpec().gt("1/1").ad({2, 28})), th).warnings.empty());
    EXPECT_TRUE(
        check_genotype(test::one_call(RecordSpec().gt("0/1").ad({15, 15})), th).warnings.empty());
}

TEST(GenotypeQc, MissingFieldsAreNotCheckedNotFailed) {
    const auto call = test::one_call(RecordSpec().gq(std::nullopt).dp(std::nullopt).ad({}));
    const GenotypeQc qc = check_genotype(call, Thresholds{});
    EXPECT_TRUE(qc.pass);
    EXPECT_EQ(qc.not_checked, (std::vector<std::string>{"GQ", "DP", "AD"}));
}

TEST(GenotypeQc, ThresholdsComeFromTheManifest) {
    Thresholds th;
    th.min_gq = 50;
    th.min_dp = 40;
    th.min_het_allele_balance = 0.3;
    th.require_filter_pass = false;
    const auto call = test::one_call(RecordSpec().gq(45).dp(35).ad({25, 10}).filters({"LowQual"}));
    const GenotypeQc qc = check_genotype(call, th);
    EXPECT_FALSE(qc.pass);
    ASSERT_EQ(qc.failures.size(), 3U);  // no FILTER failure: not required
    EXPECT_EQ(qc.failures[0], "GQ 45 < 50");
    EXPECT_EQ(qc.failures[1], "DP 35 < 40");
    EXPECT_NE(qc.failures[2].find("0.29 < 0.30"), std::string::npos) << qc.failures[2];
}

}  // namespace
}  // namespace nbs
