#include <gtest/gtest.h>

#include "engine/core/input_error.hpp"
#include "engine/core/karyotype.hpp"
#include "engine/core/region.hpp"
#include "engine/core/variant.hpp"

namespace nbs {
namespace {

TEST(InputError, MessageNamesFileLineColumnLocusWhyAndHint) {
    const InputError e({"panels/p/genes.tsv", 17, 4, "chr7:117559590"}, "unknown value 'AR?'",
                       "use one of AD, AR");
    EXPECT_STREQ(
        e.what(),
        "panels/p/genes.tsv:17:4 (chr7:117559590): unknown value 'AR?'\n  hint: use one of AD, AR");
    EXPECT_EQ(e.where().line, 17U);
    EXPECT_EQ(e.why(), "unknown value 'AR?'");
    EXPECT_EQ(e.hint(), "use one of AD, AR");
}

TEST(InputError, OmitsWhatIsNotKnown) {
    EXPECT_STREQ(InputError({"a.vcf"}, "file not found").what(), "a.vcf: file not found");
    EXPECT_STREQ(InputError({"a.vcf", 0, 3}, "bad").what(), "a.vcf: bad");  // a column needs a line
    EXPECT_STREQ(InputError({}, "bad row", "fix it").what(), "bad row\n  hint: fix it");
}

TEST(Karyotype, ParsesSpellingsLabsUse) {
    struct Case {
        const char* text;
        std::optional<Karyotype> want;
    };
    for (const Case& c :
         {Case{"XX", Karyotype::XX}, Case{"female", Karyotype::XX}, Case{"F", Karyotype::XX},
          Case{"xy", Karyotype::XY}, Case{"Male", Karyotype::XY}, Case{"XO", Karyotype::X0},
          Case{"X0", Karyotype::X0}, Case{"45,X", Karyotype::X0}, Case{"XXY", Karyotype::XXY},
          Case{"unknown", Karyotype::unknown}, Case{"boy", std::nullopt}, Case{"", std::nullopt}}) {
        EXPECT_EQ(parse_karyotype(c.text), c.want) << c.text;
    }
    EXPECT_EQ(to_string(Karyotype::X0), "X0");
    EXPECT_TRUE(is_hemizygous_x(Karyotype::XY));
    EXPECT_TRUE(is_hemizygous_x(Karyotype::X0));
    EXPECT_FALSE(is_hemizygous_x(Karyotype::XXY));
    EXPECT_FALSE(is_hemizygous_x(Karyotype::unknown));
}

TEST(Region, InclusiveCoordinates) {
    const Region r{"chr7", 100, 200};
    EXPECT_EQ(r.length(), 101);
    EXPECT_TRUE(r.contains("chr7", 100));
    EXPECT_TRUE(r.contains("chr7", 200));
    EXPECT_FALSE(r.contains("chr7", 201));
    EXPECT_FALSE(r.contains("chr8", 150));
    EXPECT_TRUE(r.overlaps({"chr7", 200, 300}));
    EXPECT_FALSE(r.overlaps({"chr7", 201, 300}));
    EXPECT_EQ(r.to_string(), "chr7:100-200");
}

TEST(AlleleCall, AlleleBalanceNeedsDepth) {
    AlleleCall c;
    EXPECT_FALSE(c.allele_balance());
    c.ad_alt = 12;
    c.ad_total = 0;
    EXPECT_FALSE(c.allele_balance());
    c.ad_total = 30;
    EXPECT_DOUBLE_EQ(*c.allele_balance(), 0.4);
}

}  // namespace
}  // namespace nbs
