// Left-alignment against reference slices (genome/normalize.hpp): the worked example of the
// header, insertions, equivalent spans, and the cases where it must refuse (REF disagrees, the
// repeat runs off the slice). bcftools norm is the oracle on real sequence in
// tests/unit/curate/normalize_bcftools_test.cpp.
#include <gtest/gtest.h>

#include "engine/genome/normalize.hpp"
#include "engine/genome/reference.hpp"

namespace nbs {
namespace {

// chr20:101-108 = G C A C A C A T (the header's worked example), then a few more bases.
ReferenceSlices example() {
    ReferenceSlices r;
    r.add({"example", "chr20", 101, "GCACACATTTTAG"});
    return r;
}

TEST(LeftAlign, WorkedExampleDeletionInCaRepeat) {
    const auto left = left_align({"chr20", 105, "ACA", "A"}, example());
    ASSERT_TRUE(left);
    EXPECT_EQ(*left, (Variant{"chr20", 101, "GCA", "G"}));
}

TEST(LeftAlign, EveryPlacementOfOneIndelGivesOneKey) {
    const ReferenceSlices ref = example();
    // Delete one CA unit at each placement the repeat allows, written with its anchor.
    for (const Variant& v : {Variant{"chr20", 101, "GCA", "G"}, Variant{"chr20", 102, "CAC", "C"},
                             Variant{"chr20", 103, "ACA", "A"}, Variant{"chr20", 104, "CAC", "C"},
                             Variant{"chr20", 105, "ACA", "A"}}) {
        const auto left = left_align(v, ref);
        ASSERT_TRUE(left) << v.to_string();
        EXPECT_EQ(*left, (Variant{"chr20", 101, "GCA", "G"})) << v.to_string();
    }
    // An insertion of T written at the 3' end of the TTTT run, with an extra trailing base.
    const auto ins = left_align({"chr20", 111, "TA", "TTA"}, ref);
    ASSERT_TRUE(ins);
    EXPECT_EQ(*ins, (Variant{"chr20", 107, "A", "AT"}));
}

TEST(LeftAlign, SubstitutionsAreOnlyTrimmed) {
    const auto snv = left_align({"chr20", 102, "C", "T"}, example());
    ASSERT_TRUE(snv);
    EXPECT_EQ(*snv, (Variant{"chr20", 102, "C", "T"}));
    const auto mnp = left_align({"chr20", 101, "GCA", "GTA"}, example());
    ASSERT_TRUE(mnp);
    EXPECT_EQ(*mnp, (Variant{"chr20", 102, "C", "T"}));
}

TEST(LeftAlign, RefusesWhatItCannotCheck) {
    const ReferenceSlices ref = example();
    EXPECT_FALSE(left_align({"chr20", 105, "GGA", "G"}, ref)) << "REF disagrees with the slice";
    EXPECT_FALSE(left_align({"chr21", 105, "ACA", "A"}, ref)) << "no slice on that contig";
    EXPECT_FALSE(left_align({"chr20", 112, "AGC", "A"}, ref)) << "REF runs past the slice";
    // A repeat that starts at the slice's first base cannot be anchored inside it.
    ReferenceSlices edge;
    edge.add({"edge", "chr20", 101, "CACACAT"});
    EXPECT_FALSE(left_align({"chr20", 103, "CAC", "C"}, edge));
}

TEST(EquivalentSpan, CoversEveryPlacement) {
    const ReferenceSlices ref = example();
    // GCA>G at 101: CA deleted anywhere in 102-107 (the last placement deletes 106-107).
    const auto del = equivalent_span({"chr20", 105, "ACA", "A"}, ref);
    ASSERT_TRUE(del);
    EXPECT_EQ(*del, (Region{"chr20", 101, 107}));
    // A>AT at 107: T inserted anywhere up to after 111 (before the A at 112).
    const auto ins = equivalent_span({"chr20", 108, "T", "TT"}, ref);
    ASSERT_TRUE(ins);
    EXPECT_EQ(*ins, (Region{"chr20", 107, 112}));
    const auto snv = equivalent_span({"chr20", 102, "C", "T"}, ref);
    ASSERT_TRUE(snv);
    EXPECT_EQ(*snv, (Region{"chr20", 102, 102}));
}

TEST(ReferenceSlices, AnswersOnlyFromOneCoveringSlice) {
    ReferenceSlices r;
    r.add({"a", "chr1", 10, "ACGT"});
    r.add({"b", "chr1", 14, "TTGG"});
    EXPECT_EQ(r.bases("chr1", 11, 13).value_or(""), "CGT");
    EXPECT_EQ(r.base("chr1", 16).value_or('?'), 'G');
    EXPECT_FALSE(r.bases("chr1", 12, 15)) << "spans two slices: no single slice covers it";
    EXPECT_FALSE(r.base("chr1", 9));
    EXPECT_FALSE(r.base("chr2", 10));
}

}  // namespace
}  // namespace nbs
