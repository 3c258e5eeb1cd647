// Normalisation on read (issue item 1): multi-allelic records split with genotypes remapped,
// alleles trimmed to a minimal representation, contig names matched whatever the convention,
// non-GRCh38 headers refused, '*' and symbolic alleles skipped, missing genotypes never carriers.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/genome/contig.hpp"
#include "engine/genome/normalize.hpp"
#include "engine/rules/genotype_qc.hpp"
#include "engine/rules/inheritance.hpp"
#include "unit/rules/rules_test_util.hpp"

namespace nbs {
namespace {

using test::data_path;
using test::make_record;
using test::RecordSpec;

struct TrimCase {
    const char* name;
    Variant in;
    Variant want;
};

TEST(NormalizeMinimalRepresentation, Table) {
    const std::vector<TrimCase> cases = {
        {"snv unchanged", {"chr1", 100, "A", "G"}, {"chr1", 100, "A", "G"}},
        {"simple deletion unchanged", {"chr1", 100, "CAG", "C"}, {"chr1", 100, "CAG", "C"}},
        // A deletion written with a shared trailing base: CTT>CT is the same as CT>C.
        {"shared suffix", {"chr1", 100, "CTT", "CT"}, {"chr1", 100, "CT", "C"}},
        // An MNV padded on both sides: ACGT>AGGT is C>G one base to the right.
        {"shared prefix and suffix", {"chr1", 10, "ACGT", "AGGT"}, {"chr1", 11, "C", "G"}},
        // ALT 2 of "CAG C,CAGAG" is the insertion C>CAG (suffix AG shared).
        {"multi-allelic insertion",
         {"chr1", 1007000, "CAG", "CAGAG"},
         {"chr1", 1007000, "C", "CAG"}},
        // The header's own example (normalize.hpp): suffix first, so the result is left-most.
        {"header example", {"chr7", 117559590, "ATCT", "ATCTCT"}, {"chr7", 117559590, "A", "ATC"}},
        // A substitution with a shared first base loses it and moves right.
        {"prefix only", {"chr2", 50, "TAC", "TGG"}, {"chr2", 51, "AC", "GG"}},
        // Keep one anchor base: an insertion never becomes an empty REF.
        {"anchor kept", {"chr2", 50, "T", "TA"}, {"chr2", 50, "T", "TA"}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        const Variant got = minimal_representation(c.in);
        EXPECT_EQ(got, c.want) << got.to_string();
        EXPECT_FALSE(got.ref.empty());
        EXPECT_FALSE(got.alt.empty());
        EXPECT_EQ(minimal_representation(got), got) << "not idempotent";
    }
}

TEST(NormalizeMinimalRepresentation, SameVariantWrittenTwoWaysMatches) {
    // The include-list allele chr1:1007000 C>CAG, written as ALT 2 of a multi-allelic record.
    const auto calls = split_alleles(make_record(RecordSpec()
                                                     .chrom("chr1")
                                                     .pos(1007000)
                                                     .ref("CAG")
                                                     .alts({"C", "CAGAG"})
                                                     .gt("1/2")
                                                     .ad({1, 14, 15})));
    ASSERT_EQ(calls.size(), 2U);
    EXPECT_EQ(calls[1].variant, (Variant{"chr1", 1007000, "C", "CAG"}));
    EXPECT_EQ(calls[1].as_written, (Variant{"chr1", 1007000, "CAG", "CAGAG"}));
    const auto biallelic =
        split_alleles(make_record(RecordSpec().chrom("chr1").pos(1007000).ref("C").alts({"CAG"})));
    ASSERT_EQ(biallelic.size(), 1U);
    EXPECT_EQ(biallelic[0].variant, calls[1].variant);
}

TEST(NormalizeSplit, OneTwoCallIsTwoHeterozygousAlleles) {
    const auto calls = split_alleles(
        make_record(RecordSpec().ref("A").alts({"G", "T"}).gt("1/2").ad({2, 10, 12})));
    ASSERT_EQ(calls.size(), 2U);
    for (const auto& c : calls) {
        EXPECT_EQ(c.copies, 1);
        EXPECT_EQ(c.ploidy, 2);
        EXPECT_EQ(c.genotype, "1/2");
        EXPECT_FALSE(is_homozygous_call(c)) << "a 1/2 call is not homozygous for either ALT";
        EXPECT_EQ(c.record_alts, (std::vector<std::string>{"G", "T"}));
    }
    EXPECT_EQ(calls[0].variant.alt, "G");
    EXPECT_EQ(calls[0].alt_index, 1);
    EXPECT_EQ(calls[1].variant.alt, "T");
    EXPECT_EQ(calls[1].alt_index, 2);
    // AD is remapped per allele; the total is every allele's depth.
    EXPECT_EQ(calls[0].ad_alt, 10);
    EXPECT_EQ(calls[1].ad_alt, 12);
    EXPECT_EQ(calls[0].ad_total, 24);
    EXPECT_EQ(calls[1].ad_total, 24);
    // The two ALTs of one diploid record are on different copies.
    EXPECT_EQ(pair_phase(calls[0], calls[1]), Phase::trans);
}

struct GtCase {
    const char* gt;
    std::vector<std::string> alts;
    int n_calls;
    int copies_first;  // of the first call, when any
    bool homozygous;
};

TEST(NormalizeSplit, GenotypeTable) {
    const std::vector<GtCase> cases = {
        {"0/0", {"G"}, 0, 0, false},
        {"./.", {"G"}, 0, 0, false},
        {".", {"G"}, 0, 0, false},
        {".|.", {"G"}, 0, 0, false},
        {"0/1", {"G"}, 1, 1, false},
        {"1/1", {"G"}, 1, 2, true},
        {"1", {"G"}, 1, 1, true},
        {"0", {"G"}, 0, 0, false},
        {"0|1", {"G"}, 1, 1, false},
        {"1/2", {"G", "T"}, 2, 1, false},
        {"2/2", {"G", "T"}, 1, 2, true},
        {"0/2", {"G", "T"}, 1, 1, false},
        // A half call keeps its ALT, as heterozygous (never homozygous: one copy is unknown).
        {"./1", {"G"}, 1, 1, false},
        // '*' (spanning deletion) and symbolic alleles are never calls.
        {"1/2", {"*", "T"}, 1, 1, false},
        {"1/1", {"*"}, 0, 0, false},
        {"0/1", {"<NON_REF>"}, 0, 0, false},
        {"1/2", {"T", "<NON_REF>"}, 1, 1, false},
        {"0/1", {"<DEL>"}, 0, 0, false},
        {"0/1", {"G]17:198982]"}, 0, 0, false},
        {"0/1", {".A"}, 0, 0, false},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string(c.gt) + " alts " + c.alts.front());
        std::vector<int> ad(c.alts.size() + 1, 10);
        const auto calls =
            split_alleles(make_record(RecordSpec().ref("A").alts(c.alts).gt(c.gt).ad(ad)));
        ASSERT_EQ(static_cast<int>(calls.size()), c.n_calls);
        for (const auto& call : calls)
            EXPECT_FALSE(is_symbolic_allele(call.variant.alt));
        if (c.n_calls > 0) {
            EXPECT_EQ(calls[0].copies, c.copies_first);
            EXPECT_EQ(is_homozygous_call(calls[0]), c.homozygous);
            EXPECT_EQ(calls[0].genotype, c.gt);
        }
    }
}

TEST(NormalizeSplit, PhaseAndHaplotypesCarried) {
    const auto a = test::one_call(RecordSpec().gt("0|1").ps(500));
    EXPECT_TRUE(a.phased);
    EXPECT_EQ(a.phase_set, 500);
    EXPECT_EQ(a.haplotypes, 0b10);
    const auto b = test::one_call(RecordSpec().gt("1|0").ps(500));
    EXPECT_EQ(b.haplotypes, 0b01);
    // Unphased: no haplotype and no phase set, even if PS was written.
    const auto c = test::one_call(RecordSpec().gt("0/1").ps(500));
    EXPECT_FALSE(c.phased);
    EXPECT_EQ(c.haplotypes, 0);
    EXPECT_FALSE(c.phase_set.has_value());
    // A phased call with a missing allele tells nothing about haplotypes.
    const auto d = test::one_call(RecordSpec().gt(".|1").ps(500));
    EXPECT_FALSE(d.phased);
}

TEST(NormalizeSplit, InfoReducedToTheAllele) {
    const auto calls = split_alleles(make_record(RecordSpec()
                                                     .ref("A")
                                                     .alts({"G", "T"})
                                                     .gt("1/2")
                                                     .ad({0, 10, 10})
                                                     .info({{"AF_grpmax", "0.001,0.2", 'A'},
                                                            {"RCOUNT", "5,6,7", 'R'},
                                                            {"CLNSIG", "Pathogenic", '.'}})));
    ASSERT_EQ(calls.size(), 2U);
    EXPECT_EQ(calls[0].find_info("AF_grpmax")->value, "0.001");
    EXPECT_EQ(calls[1].find_info("AF_grpmax")->value, "0.2");
    EXPECT_EQ(calls[0].find_info("RCOUNT")->value, "6");
    EXPECT_EQ(calls[1].find_info("RCOUNT")->value, "7");
    EXPECT_EQ(calls[1].find_info("CLNSIG")->value, "Pathogenic");
    // Too few values: the allele gets '.', never another allele's value.
    const auto short_info = split_alleles(make_record(RecordSpec()
                                                          .ref("A")
                                                          .alts({"G", "T"})
                                                          .gt("0/2")
                                                          .ad({10, 0, 10})
                                                          .info({{"AF_grpmax", "0.3", 'A'}})));
    ASSERT_EQ(short_info.size(), 1U);
    EXPECT_EQ(short_info[0].find_info("AF_grpmax")->value, ".");
}

TEST(NormalizeRead, NoChrFileGivesCanonicalNames) {
    const auto recs = test::read_all(data_path("rules/xx_trans_pair.nochr.vcf"));
    ASSERT_FALSE(recs.empty());
    bool saw_x = false, saw_1 = false;
    for (const auto& r : recs) {
        EXPECT_TRUE(r.chrom.rfind("chr", 0) == 0 && r.chrom.size() <= 5) << r.chrom;
        saw_x = saw_x || r.chrom == "chrX";
        saw_1 = saw_1 || r.chrom == "chr1";
    }
    EXPECT_TRUE(saw_x && saw_1);
    VcfReader reader(data_path("rules/xx_trans_pair.nochr.vcf").string(), {});
    EXPECT_EQ(reader.build_check().naming, "no-chr");
    EXPECT_EQ(reader.build_check().contigs_checked, 25);
}

TEST(NormalizeRead, NonGrch38HeaderRefusedWithAClearError) {
    // GIAB NA12878 chr20 with chr-prefixed names but GRCh37 lengths (chr1 249250621).
    try {
        VcfReader reader(data_path("bad/grch37_contigs.vcf").string(), {});
        FAIL() << "a GRCh37 header was accepted";
    } catch (const InputError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("not GRCh38"), std::string::npos) << msg;
        EXPECT_NE(msg.find("249250621"), std::string::npos) << msg;  // names the offending length
        EXPECT_NE(msg.find("248956422"), std::string::npos) << msg;  // and what GRCh38 says
        EXPECT_NE(msg.find("hint"), std::string::npos) << msg;
    }
}

TEST(NormalizeRead, RealMultiAllelicRecordsSplitIntoTwoHeterozygousAlleles) {
    // GIAB HG002 v4.2.1 GRCh38, `bcftools view -m3`: every record has 2+ ALTs and GT like 1|2.
    const auto recs = test::read_all(data_path("multiallelic.vcf"));
    ASSERT_EQ(recs.size(), 40U);
    int pairs = 0;
    for (const auto& r : recs) {
        SCOPED_TRACE(r.chrom + ":" + std::to_string(r.pos));
        ASSERT_GE(r.alts.size(), 2U);
        const auto calls = split_alleles(r);
        std::vector<int> distinct_alts;
        for (int a : r.sample.alleles)
            if (a > 0 &&
                std::find(distinct_alts.begin(), distinct_alts.end(), a) == distinct_alts.end())
                distinct_alts.push_back(a);
        ASSERT_EQ(calls.size(), distinct_alts.size());
        for (const auto& c : calls) {
            EXPECT_EQ(c.variant, minimal_representation(c.as_written));
            EXPECT_EQ(c.as_written.alt, r.alts[static_cast<std::size_t>(c.alt_index - 1)]);
            EXPECT_LE(c.variant.ref.size(), c.as_written.ref.size());
        }
        if (calls.size() == 2 && calls[0].copies == 1 && calls[1].copies == 1) {
            ++pairs;
            EXPECT_FALSE(is_homozygous_call(calls[0]));
            EXPECT_FALSE(is_homozygous_call(calls[1]));
            EXPECT_NE(calls[0].variant, calls[1].variant);
            EXPECT_EQ(pair_phase(calls[0], calls[1]), Phase::trans);
        }
    }
    EXPECT_GT(pairs, 30);  // nearly all are 1|2 / 2|1
    // First record, checked by hand: chr1 1735008 G GGTTT,GTTTT 1|2 -> G>GGTTT and G>GTTTT.
    const auto first = split_alleles(recs[0]);
    ASSERT_EQ(first.size(), 2U);
    EXPECT_EQ(first[0].variant, (Variant{"chr1", 1735008, "G", "GGTTT"}));
    EXPECT_EQ(first[1].variant, (Variant{"chr1", 1735008, "G", "GTTTT"}));
    EXPECT_EQ(first[0].haplotypes, 0b01);
    EXPECT_EQ(first[1].haplotypes, 0b10);
    // Second: chr1 1769969 CAAAACAAAAACA > CAAAACA,C 2|1: ALT 1 is a 6-base deletion, trimmed.
    const auto second = split_alleles(recs[1]);
    ASSERT_EQ(second.size(), 2U);
    EXPECT_EQ(second[0].variant, (Variant{"chr1", 1769969, "CAAAACA", "C"}));
    EXPECT_EQ(second[1].variant, (Variant{"chr1", 1769969, "CAAAACAAAAACA", "C"}));
}

TEST(NormalizeRead, RealGvcfReferenceBlocksAndNonRefNeverCalls) {
    // GATK 3.5 gVCF, GRCh38: <NON_REF> on every record, reference blocks with END.
    const auto recs =
        test::read_all(data_path("gvcf/NA12878.hg38.gatk3.5.chr7_104-126Mb.g.vcf.gz"));
    ASSERT_GT(recs.size(), 1000U);
    std::size_t blocks = 0, variant_records = 0, calls_total = 0;
    for (const auto& r : recs) {
        const auto calls = split_alleles(r);
        const bool only_non_ref = r.alts.size() == 1 && r.alts[0] == "<NON_REF>";
        if (only_non_ref) {
            ++blocks;
            EXPECT_TRUE(calls.empty()) << r.chrom << ":" << r.pos;
        } else {
            ++variant_records;
        }
        for (const auto& c : calls) {
            ++calls_total;
            EXPECT_NE(c.as_written.alt, "<NON_REF>");
            EXPECT_FALSE(is_symbolic_allele(c.variant.alt));
        }
    }
    EXPECT_GT(blocks, 1000U);
    EXPECT_GT(variant_records, 0U);
    EXPECT_GT(calls_total, 0U);
}

TEST(NormalizeRead, SymbolicStarAndBreakendAllelesNeverCalls) {
    // <DEL>, '*,A' 1/2, a breakend, '.G', <NON_REF> block, 'C,<NON_REF>', <INS>, <CNV> ./.
    const auto recs = test::read_all(data_path("rules/symbolic_alleles.vcf"));
    ASSERT_EQ(recs.size(), 8U);
    std::vector<Variant> called;
    for (const auto& r : recs)
        for (const auto& c : split_alleles(r))
            called.push_back(c.variant);
    // Only the two sequence ALTs a genotype carries: A of '*,A' (GT 1/2) and C of 'C,<NON_REF>'.
    ASSERT_EQ(called.size(), 2U);
    EXPECT_EQ(called[0], (Variant{"chr1", 1006000, "G", "A"}));
    EXPECT_EQ(called[1], (Variant{"chr1", 1006900, "T", "C"}));
}

TEST(NormalizeRead, UndeclaredContigsAreAClearErrorNotACrash) {
    // hts-specs ALT corner cases with no ##contig lines: htslib flags the record; the reader
    // must throw InputError (never crash or return garbage).
    VcfOpenOptions o;
    o.sample = "HG00097";
    EXPECT_THROW((void)test::read_all(data_path("vcf/hts-specs-4.2/passed/passed_body_alt.vcf"), o),
                 InputError);
}

TEST(NormalizeRead, RealHalfCallsAreHeterozygousNeverHomozygous) {
    // slivar test.vcf (b37 header replaced): 1:15274 A>T './1' and A>G '1/.'.
    VcfOpenOptions o;
    o.sample = "101976-101976";
    const auto recs = test::read_all(data_path("rules/slivar.test.3rec.grch38hdr.vcf"), o);
    ASSERT_EQ(recs.size(), 4U);
    int half = 0;
    for (const auto& r : recs) {
        if (r.pos != 15274) continue;
        const auto calls = split_alleles(r);
        ASSERT_EQ(calls.size(), 1U);
        EXPECT_EQ(calls[0].missing_alleles, 1);
        EXPECT_EQ(calls[0].copies, 1);
        EXPECT_FALSE(is_homozygous_call(calls[0]));
        ++half;
    }
    EXPECT_EQ(half, 2);
}

TEST(NormalizeRead, RealGenotypeNamingAbsentAltIsRefused) {
    // The same file's "Totally_New_Sample" has GT 6/6 on records with one or two ALTs. Read as a
    // no-call it was a silent negative; the reader now refuses it (docs/input-validation.md),
    // naming the record, whatever the path (VcfFormatParity checks the other formats).
    VcfOpenOptions o;
    o.sample = "Totally_New_Sample";
    try {
        (void)test::read_all(data_path("rules/slivar.test.3rec.grch38hdr.vcf"), o);
        FAIL() << "a GT naming ALT 6 of a two-ALT record was accepted";
    } catch (const InputError& e) {
        EXPECT_EQ(e.where().locus, "chr1:10172");
        EXPECT_NE(e.why().find("GT allele index 6 is beyond the record's 2 ALT"), std::string::npos)
            << e.what();
    }
    // The other samples of the file name only alleles the records have, and are read.
    o.sample = "101976-101976";
    EXPECT_EQ(test::read_all(data_path("rules/slivar.test.3rec.grch38hdr.vcf"), o).size(), 4U);
}

}  // namespace
}  // namespace nbs
