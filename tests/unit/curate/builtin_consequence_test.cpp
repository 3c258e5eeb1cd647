// Built-in consequence and HGVS (annotate/mane_consequence.hpp, hgvs.hpp) on bcftools' real TLR8
// test transcript ENST00000218032 (tests/data/knowledge, + strand, exon 1 = X:21-110 with the CDS
// from 108, exon 2 = 12445-16570 with the CDS to 15567), read through the project's FASTA reader
// and GFF3 parser. Expectations: bcftools' own test files (start-lost.txt-l, start-lost-del.txt)
// and HGVS numbering worked out by hand from the model (docs/rules.md 2f).
#include <gtest/gtest.h>

#include "engine/annotate/haplotype_consequence.hpp"
#include "engine/annotate/mane_consequence.hpp"
#include "engine/curate/gene_models.hpp"
#include "engine/io/fasta_reader.hpp"

namespace nbs {
namespace {

struct Tlr8 {
    ReferenceSlices slices;
    std::optional<CodingTranscript> t;
};

const Tlr8& tlr8() {
    static const Tlr8 fixture = [] {
        Tlr8 f;
        const std::string dir = std::string(NBS_TEST_DATA) + "/knowledge/";
        FastaReader fa(dir + "ENST00000218032.fa");
        const auto len = fa.length("chrX");
        f.slices.add({"TLR8", "chrX", 1, fa.fetch("chrX", 1, *len)});
        TranscriptCollector c{RegionSet({{"chrX", 1, *len}})};
        TextLineReader lines(dir + "ENST00000218032.gff");
        std::string line;
        while (lines.next(line))
            if (auto fl = parse_feature_line(line, "gff", lines.line_number())) c.add(*fl);
        for (const auto& m : c.take())
            if (!m.cds.empty()) f.t = CodingTranscript::build(m, f.slices);
        return f;
    }();
    return fixture;
}

BuiltinConsequence annotate(std::vector<Variant> hap) {
    BuiltinConsequence c;
    EXPECT_EQ(tlr8().t->annotate(hap, c), ConsequenceStatus::annotated);
    return c;
}

TEST(BuiltinConsequence, MissenseWithHgvsAsBcftoolsNamesIt) {
    ASSERT_TRUE(tlr8().t);
    // bcftools start-lost-del.txt: missense 5F>5C for X:12455 T>G.
    const auto c = annotate({{"chrX", 12455, "T", "G"}});
    EXPECT_EQ(c.terms, std::vector<std::string>{"missense_variant"});
    EXPECT_EQ(c.hgvs_c, "c.14T>G");
    EXPECT_EQ(c.hgvs_p, "p.Phe5Cys");
    EXPECT_EQ(c.lof_term(), "");
    EXPECT_EQ(c.transcript.substr(0, 15), "ENST00000218032");
}

TEST(BuiltinConsequence, StartCodonDeletionAndStartLoss) {
    ASSERT_TRUE(tlr8().t);
    // bcftools: inframe_deletion&start_lost&splice_region for X:107 CATG>C.
    const auto del = annotate({{"chrX", 107, "CATG", "C"}});
    EXPECT_EQ(del.terms, (std::vector<std::string>{"start_lost", "inframe_deletion",
                                                   "splice_region_variant"}));
    EXPECT_EQ(del.hgvs_c, "c.1_3del");
    EXPECT_EQ(del.hgvs_p, "p.Met1?");
    // bcftools start-lost.txt-l: start_lost&splice_region 1M>1V for X:108 A>G.
    const auto snv = annotate({{"chrX", 108, "A", "G"}});
    EXPECT_EQ(snv.terms, (std::vector<std::string>{"start_lost", "splice_region_variant"}));
    EXPECT_EQ(snv.hgvs_c, "c.1A>G");
    EXPECT_EQ(snv.lof_term(), "start_lost");
}

TEST(BuiltinConsequence, MnpInOneCodonIsTranslatedWholeAndLastExonStopEscapesNmd) {
    ASSERT_TRUE(tlr8().t);
    ASSERT_EQ(*tlr8().slices.bases("chrX", 12454, 12456), "TTC") << "codon 5 (c.13-15)";
    // TTC>TAA: each SNV alone is missense (TAC Tyr, TTA Leu); together a stop in exon 2, the
    // last exon of a two-exon transcript.
    const auto c = annotate({{"chrX", 12454, "TTC", "TAA"}});
    EXPECT_EQ(c.terms, std::vector<std::string>{"stop_gained"});
    EXPECT_EQ(c.hgvs_c, "c.14_15delinsAA");
    EXPECT_EQ(c.hgvs_p, "p.Phe5Ter");
    EXPECT_EQ(c.nmd_escape, NmdEscape::last_exon);
    const auto one = annotate({{"chrX", 12455, "T", "A"}});
    EXPECT_EQ(one.terms, std::vector<std::string>{"missense_variant"});
    EXPECT_EQ(one.hgvs_p, "p.Phe5Tyr");
}

TEST(BuiltinConsequence, SpliceDonorIntronNamingAndOutside) {
    ASSERT_TRUE(tlr8().t);
    // Intron 1 = 111-12444: 111 is the donor's +1 (c.3+1), 12443 the acceptor's -2 (c.4-2).
    const auto donor =
        annotate({{"chrX", 111, std::string(1, *tlr8().slices.base("chrX", 111)),
                   "A" == std::string(1, *tlr8().slices.base("chrX", 111)) ? "C" : "A"}});
    EXPECT_EQ(donor.terms.front(), "splice_donor_variant");
    EXPECT_EQ(donor.hgvs_c.substr(0, 6),
              "c.3+1" + std::string(1, *tlr8().slices.base("chrX", 111)));
    const auto acc = annotate({{"chrX", 12443, std::string(1, *tlr8().slices.base("chrX", 12443)),
                                *tlr8().slices.base("chrX", 12443) == 'A' ? "C" : "A"}});
    EXPECT_EQ(acc.terms.front(), "splice_acceptor_variant");
    EXPECT_EQ(acc.hgvs_c.substr(0, 6),
              "c.4-2" + std::string(1, *tlr8().slices.base("chrX", 12443)));
    BuiltinConsequence out;
    const std::string b5(1, *tlr8().slices.base("chrX", 5));
    EXPECT_EQ(tlr8().t->annotate({{"chrX", 5, b5, b5 == "A" ? "C" : "A"}}, out),
              ConsequenceStatus::outside_transcript)
        << "exon 1 starts at 21";
    EXPECT_EQ(tlr8().t->annotate({{"chrX", 12455, "G", "A"}}, out),
              ConsequenceStatus::ref_mismatch);
}

// VEP writes splice_region_variant only when no splice site of the transcript is hit (Ensembl
// VariationEffect.pm, predicate splice_region); bcftools' long-deletion case expects the same
// (splice_acceptor&splice_donor for a deletion of nearly a whole intron).
TEST(BuiltinConsequence, SiteHitLeavesNoRegionTerm) {
    ASSERT_TRUE(tlr8().t);
    const auto& s = tlr8().slices;
    auto del = [&](std::int64_t from, std::int64_t to) {  // delete from..to, anchored before
        return Variant{"chrX", from - 1, std::string(*s.bases("chrX", from - 1, to)),
                       std::string(1, *s.base("chrX", from - 1))};
    };
    // Intron 1 = 111-12444. Donor +1..+6 (c.3+1_3+6): the donor and region bases +3..+6.
    const auto donor = annotate({del(111, 116)});
    EXPECT_EQ(donor.terms, std::vector<std::string>{"splice_donor_variant"});
    // Acceptor -8..-1 (c.4-8_4-1).
    const auto acc = annotate({del(12437, 12444)});
    EXPECT_EQ(acc.terms, std::vector<std::string>{"splice_acceptor_variant"});
    // -8..-3 leaves the acceptor standing: region and intron, as before.
    const auto region = annotate({del(12437, 12442)});
    EXPECT_EQ(region.terms, (std::vector<std::string>{"splice_region_variant", "intron_variant"}));
    // Both sites of intron 1 on one haplotype with an SNV at +5: the sites, the SNV's
    // intron_variant, no region.
    const std::string b115(1, *s.base("chrX", 115));
    const auto both =
        annotate({del(111, 112), {"chrX", 115, b115, b115 == "A" ? "C" : "A"}, del(12443, 12444)});
    EXPECT_EQ(both.terms, (std::vector<std::string>{"splice_acceptor_variant",
                                                    "splice_donor_variant", "intron_variant"}));
}

// Indels on one haplotype whose lengths sum to a multiple of 3 (docs/rules.md 2f). Exon 2 from
// 12445 is c.4 on: 12454 is c.13, the first T of codon 5 (TTC). Deleting it reads the CDS in the
// -1 frame, which meets TGA at codon 11; a G inserted after 12463 (c.22) restores the frame first,
// one inserted after 12481 (c.40) only after that stop.
TEST(BuiltinConsequence, CompensatedFrameshiftIsInFrameUnlessAStopComesFirst) {
    ASSERT_TRUE(tlr8().t);
    const Variant del{"chrX", 12453, "GT", "G"};
    const auto alone = annotate({del});
    EXPECT_EQ(alone.terms, std::vector<std::string>{"frameshift_variant"});
    EXPECT_EQ(alone.hgvs_p, "p.Phe5SerfsTer7");
    // Restored at codon 8, no stop between: codons 5-7 change, the rest is the reference.
    const auto restored = annotate({del, {"chrX", 12463, "T", "TG"}});
    EXPECT_EQ(restored.terms, std::vector<std::string>{"missense_variant"});
    // The stop at codon 11 ends the protein before the insertion can restore the frame.
    const auto stopped = annotate({del, {"chrX", 12481, "A", "AG"}});
    EXPECT_EQ(stopped.terms, (std::vector<std::string>{"stop_gained", "frameshift_variant"}));
    EXPECT_EQ(stopped.hgvs_p, alone.hgvs_p) << "the protein the deletion alone gives";
    EXPECT_EQ(stopped.nmd_escape, NmdEscape::last_exon);
}

// Which alleles of one haplotype are translated together (haplotype_consequence.hpp).
TEST(BuiltinConsequence, TranslationGroupsFollowCodonsAndTheShiftedFrame) {
    ASSERT_TRUE(tlr8().t);
    const CodingTranscript& t = *tlr8().t;
    using Groups = std::vector<std::vector<std::size_t>>;
    // 0: c.13del (codon 5), 1: c.26C>A (codon 9, in the -1 frame), 2: G after c.40 (restores
    // it), 3: c.91T>C (codon 31, after the frame is restored), 4: intron 1 (X:200), no codon.
    const std::vector<Variant> hap = {{"chrX", 12453, "GT", "G"},
                                      {"chrX", 12467, "C", "A"},
                                      {"chrX", 12481, "A", "AG"},
                                      {"chrX", 12532, "T", "C"},
                                      {"chrX", 200, "C", "A"}};
    EXPECT_EQ(translation_groups(t, hap), (Groups{{4}, {0, 1, 2}, {3}}));
    // Without the deletion nothing shifts the frame: each codon on its own (the insertion alone
    // is a frameshift, so c.91T>C joins it).
    EXPECT_EQ(translation_groups(t, {hap[1], hap[2], hap[3]}), (Groups{{0}, {1, 2}}));
    // SNVs in one codon (5: c.14, c.15) are one group; in neighbouring codons two.
    EXPECT_EQ(translation_groups(t, {{"chrX", 12455, "T", "A"}, {"chrX", 12456, "C", "A"}}),
              (Groups{{0, 1}}));
    EXPECT_EQ(translation_groups(t, {{"chrX", 12456, "C", "A"}, {"chrX", 12457, "C", "A"}}),
              (Groups{{0}, {1}}));
}

}  // namespace
}  // namespace nbs
