// POS is read strictly and without overflow on every text path (docs/input-validation.md, classes
// c and d): htslib and its tabix indexer read '12345x' as 12345, and a long digit string would
// overflow a naive parse.
#include <gtest/gtest.h>

#include <string>

#include "engine/core/input_error.hpp"
#include "engine/io/record_precheck.hpp"

namespace nbs {
namespace {

std::string line_with_pos(const std::string& pos) {
    return "chr1\t" + pos + "\t.\tC\tT\t.\tPASS\t.\tGT\t0/1";
}

std::string why_refused(const std::string& pos) {
    try {
        (void)parse_pos_field(line_with_pos(pos), "in.vcf", 7);
    } catch (const InputError& e) {
        EXPECT_EQ(e.where().file, "in.vcf");
        EXPECT_EQ(e.where().line, 7U);
        EXPECT_EQ(e.where().locus, "chr1");
        return e.why();
    }
    return "";
}

TEST(RecordPos, DigitsOnlyAreAPosition) {
    EXPECT_EQ(parse_pos_field(line_with_pos("12345"), "in.vcf", 1), 12345);
    // The VCF specification writes a telomere at 0.
    EXPECT_EQ(parse_pos_field(line_with_pos("0"), "in.vcf", 1), 0);
    EXPECT_EQ(parse_pos_field(line_with_pos("2147483647"), "in.vcf", 1), kMaxVcfPos);
}

TEST(RecordPos, TrailingGarbageEmptyAndDotAreRefused) {
    EXPECT_NE(why_refused("12345x").find("POS '12345x' is not a number"), std::string::npos);
    EXPECT_NE(why_refused(".").find("is not a number"), std::string::npos);
    EXPECT_NE(why_refused("").find("is not a number"), std::string::npos);
    EXPECT_NE(why_refused("-5").find("is not a number"), std::string::npos);
    EXPECT_NE(why_refused("1 2").find("is not a number"), std::string::npos);
    // A line cut after POS has no record behind it.
    EXPECT_THROW((void)parse_pos_field("chr1\t100", "in.vcf", 1), InputError);
}

TEST(RecordPos, ValuesBeyond32BitsAreRefusedWithoutOverflow) {
    EXPECT_NE(why_refused("2147483648").find("larger than any chromosome"), std::string::npos);
    // 23 digits would overflow a 64-bit accumulator; the parse stops accumulating instead.
    EXPECT_NE(why_refused("99999999999999999999999").find("larger than any chromosome"),
              std::string::npos);
}

TEST(RecordPos, BeyondTheGrch38ChromosomeIsRefused) {
    // chr1 is 248956422 bp in GRCh38; N+1 is the specification's telomere position.
    EXPECT_NO_THROW(check_pos_in_chromosome("chr1", 248956423, "in.vcf", 3));
    try {
        check_pos_in_chromosome("chr1", 248956424, "in.vcf", 3);
        FAIL() << "a POS past the end of chr1 was accepted";
    } catch (const InputError& e) {
        EXPECT_EQ(e.where().locus, "chr1:248956424");
        EXPECT_NE(e.why().find("beyond the end of chr1"), std::string::npos);
    }
    // A contig that is no GRCh38 chromosome has no known length: nothing to check.
    EXPECT_NO_THROW(check_pos_in_chromosome("chrUn_KI270302v1", 999999999, "in.vcf", 3));
}

}  // namespace
}  // namespace nbs
