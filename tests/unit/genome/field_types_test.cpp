// FORMAT fields of the types real pipelines write, through the reader and on to phasing: PS as a
// String (GIAB HG001 v3.3.2: "PATMAT", "37780886_CAA_C") and GQ/DP as Float (Exomiser's Pfeiffer
// exome declares GQ Float, e.g. 14.79). As VCF, and as BCF written by bcftools (typed values).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/genome/normalize.hpp"
#include "engine/rules/inheritance.hpp"
#include "support/cli_runner.hpp"
#include "unit/rules/rules_test_util.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;

const fs::path kVcf =
    fs::path(NBS_TEST_DATA) / "vcf/field_types/hg001_string_ps_float_gq_dp.grch38hdr.vcf";

// The records, in file order (make_fixture.py):
//  0 chr20:61098    0|1 PS PATMAT          GQ 554.0  DP 542.0
//  1 chr20:65900    1|0 PS PATMAT          GQ 1261.0 DP 690.0
//  2 chr20:73610    1|1 PS PATMAT          GQ 99.0   DP 214.0
//  3 chr20:112015   0/1 PS .               GQ 14.79  DP 7.6
//  4 chr20:37780886 0|1 PS 37780886_CAA_C  GQ 1645.0 DP 254.0
//  5 chr20:37780890 0|1 PS 37780886_CAA_C  GQ 1607.0 DP 256.0
void expect_fixture_decoded(const std::vector<VcfRecord>& recs) {
    ASSERT_EQ(recs.size(), 6u);
    for (const auto& r : recs)
        EXPECT_EQ(r.chrom, "chr20");
    // Float GQ/DP: read, rounded to the nearest integer; never dropped as "missing".
    EXPECT_EQ(recs[0].sample.gq, std::optional<int>(554));
    EXPECT_EQ(recs[0].sample.dp, std::optional<int>(542));
    EXPECT_EQ(recs[1].sample.gq, std::optional<int>(1261));
    EXPECT_EQ(recs[3].sample.gq, std::optional<int>(15));  // 14.79
    EXPECT_EQ(recs[3].sample.dp, std::optional<int>(8));   // 7.6
    EXPECT_EQ(recs[0].sample.ad, (std::vector<int>{30, 25}));
    // String PS: one phase set per distinct text; "." is no phase set.
    ASSERT_TRUE(recs[0].sample.phase_set.has_value());
    ASSERT_TRUE(recs[4].sample.phase_set.has_value());
    EXPECT_EQ(recs[0].sample.phase_set, recs[1].sample.phase_set);
    EXPECT_EQ(recs[0].sample.phase_set, recs[2].sample.phase_set);
    EXPECT_EQ(recs[4].sample.phase_set, recs[5].sample.phase_set);
    EXPECT_NE(recs[0].sample.phase_set, recs[4].sample.phase_set);
    EXPECT_FALSE(recs[3].sample.phase_set.has_value());
    EXPECT_TRUE(recs[0].sample.phased);
    EXPECT_FALSE(recs[3].sample.phased);

    // And the phase a pair of heterozygous alleles gets from them.
    const auto one = [&](std::size_t i) {
        auto calls = split_alleles(recs[i]);
        EXPECT_EQ(calls.size(), 1u) << i;
        return calls.at(0);
    };
    EXPECT_EQ(pair_phase(one(0), one(1)), Phase::trans) << "0|1 and 1|0 in block PATMAT";
    EXPECT_EQ(pair_phase(one(4), one(5)), Phase::cis) << "0|1 and 0|1 in block 37780886_CAA_C";
    EXPECT_EQ(pair_phase(one(0), one(4)), Phase::unknown) << "different phase sets";
    EXPECT_EQ(pair_phase(one(0), one(3)), Phase::unknown) << "one of them unphased";
}

TEST(FormatFieldTypes, StringPsAndFloatGqDpFromAVcf) {
    expect_fixture_decoded(test::read_all(kVcf));
}

TEST(FormatFieldTypes, StringPsAndFloatGqDpFromABcf) {
    const fs::path dir = test::scratch_dir("field_types_bcf");
    const fs::path bcf = dir / "fixture.bcf";
    const std::string cmd = "bcftools view --no-version -Ob -o '" + bcf.string() + "' '" +
                            kVcf.string() + "' && bcftools index '" + bcf.string() + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    expect_fixture_decoded(test::read_all(bcf));
}

}  // namespace
}  // namespace nbs
