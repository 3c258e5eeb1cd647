// AlignmentReader: depth over intervals from BAM and CRAM, read filters, and the refusals
// (missing index, missing CRAM reference, non-GRCh38 header, not an alignment file).
#include "engine/io/alignment_reader.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>

#include "engine/core/input_error.hpp"
#include "support/cli_runner.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;

const fs::path kAlignments = fs::path(NBS_TEST_DATA) / "alignments";
const std::string kBam = (kAlignments / "NA12878_S1.chr20.10_10p1mb.bam").string();
const std::string kCram = (kAlignments / "NA12878_S1.chr20.10_10p1mb.cram").string();
const std::string kFasta = (kAlignments / "ucsc.hg19.chr20.unittest.fasta.gz").string();

// The test alignments are hg19, so the GRCh38 check is off for them.
AlignmentOpenOptions hg19(std::string reference = {}) {
    AlignmentOpenOptions o;
    o.reference = std::move(reference);
    o.require_grch38 = false;
    return o;
}

// Hand-made intervals in the window the test reads cover (hg19 chr20:10.0-10.1 Mb), including
// both edges, an interval inside another, a single base and one on a contig without reads.
std::vector<Region> window_intervals() {
    return {{"chr20", 9999901, 10000150},  {"chr20", 10001001, 10001200},
            {"chr20", 10010001, 10011000}, {"chr20", 10010501, 10010600},
            {"chr20", 10070001, 10070001}, {"chr20", 10099901, 10100200},
            {"chr21", 9411201, 9411300}};
}

std::uint64_t total(const DepthTrack& t) {
    return std::accumulate(t.begin(), t.end(), std::uint64_t{0});
}

TEST(AlignmentReader, BamAndCramOfTheSameReadsGiveIdenticalDepthAtEveryBase) {
    AlignmentReader bam(kBam, hg19());
    AlignmentReader cram(kCram, hg19(kFasta));
    EXPECT_EQ(bam.format_name(), "bam");
    EXPECT_EQ(cram.format_name(), "cram");
    const auto regions = window_intervals();
    DepthStats bs, cs;
    const auto b = bam.depth(regions, {}, &bs);
    const auto c = cram.depth(regions, {}, &cs);
    ASSERT_EQ(b.size(), regions.size());
    ASSERT_EQ(c.size(), regions.size());
    for (std::size_t i = 0; i < regions.size(); ++i) {
        SCOPED_TRACE(regions[i].to_string());
        ASSERT_EQ(b[i].size(), static_cast<std::size_t>(regions[i].length()));
        EXPECT_EQ(b[i], c[i]);
    }
    EXPECT_GT(total(b[2]), 0u);
    EXPECT_EQ(total(b.back()), 0u) << "chr21 has no reads";
    EXPECT_EQ(bs.reads_used, cs.reads_used);
    EXPECT_EQ(bs.mate_overlap_bases, cs.mate_overlap_bases);
    EXPECT_GT(bs.mate_overlap_bases, 0u) << "100 bp pairs with short inserts overlap";
}

TEST(AlignmentReader, AnIntervalInsideAnotherSeesTheSameDepth) {
    AlignmentReader bam(kBam, hg19());
    const auto t = bam.depth(window_intervals(), {});
    // [10010501, 10010600] lies at offset 500 of [10010001, 10011000].
    for (std::size_t k = 0; k < t[3].size(); ++k)
        ASSERT_EQ(t[3][k], t[2][500 + k]) << k;
}

TEST(AlignmentReader, FiltersMapqAndFlagsAndCountsOverlappingMatesOnce) {
    AlignmentReader bam(kBam, hg19());
    const std::vector<Region> r = {{"chr20", 10000001, 10100000}};
    DepthFilter q0;
    q0.min_mapq = 0;
    DepthFilter q10;
    DepthFilter twice;
    twice.count_overlapping_mates_once = false;
    DepthStats s0, s10, s2;
    const auto d0 = bam.depth(r, q0, &s0);
    const auto d10 = bam.depth(r, q10, &s10);
    const auto d2 = bam.depth(r, twice, &s2);
    EXPECT_GT(s10.reads_failed_mapq, 0u);
    EXPECT_EQ(s0.reads_failed_mapq, 0u);
    EXPECT_GT(s10.reads_failed_flag, 0u) << "the file has duplicates and unmapped reads";
    EXPECT_GT(total(d0[0]), total(d10[0]));
    EXPECT_EQ(total(d2[0]) - total(d10[0]), s10.mate_overlap_bases);
    for (std::size_t k = 0; k < d10[0].size(); ++k)
        ASSERT_LE(d10[0][k], d2[0][k]);
}

TEST(AlignmentReader, CramWithoutItsReferenceFailsNamingReferenceAndRefPath) {
    // The CRAM's @SQ UR names a path that does not exist here, and nbscreen never downloads.
    // Depth alone would decode without it; the reader refuses anyway, at open.
    try {
        AlignmentReader cram(kCram, hg19());
        FAIL() << "a CRAM whose reference cannot be found should be refused";
    } catch (const InputError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("--reference"), std::string::npos) << msg;
        EXPECT_NE(msg.find("REF_PATH"), std::string::npos) << msg;
    }
    const char* ref_path = std::getenv("REF_PATH");
    ASSERT_NE(ref_path, nullptr);
    EXPECT_EQ(std::string(ref_path).find("http"), std::string::npos);
}

TEST(AlignmentReader, MissingOrWrongReferenceIsRefusedAtOpen) {
    EXPECT_THROW(AlignmentReader(kCram, hg19("/nonexistent/ref.fa")), InputError);
    // A FASTA without the CRAM's contigs cannot decode it either.
    const auto dir = test::scratch_dir("alignment_wrong_reference");
    std::ofstream(dir / "other.fa") << ">chrZ\nACGTACGTACGT\n";
    EXPECT_THROW(AlignmentReader(kCram, hg19((dir / "other.fa").string())), InputError);
}

TEST(AlignmentReader, LocalRefPathDropsUrlsAndNeverEndsEmpty) {
    EXPECT_EQ(local_ref_path("https://www.ebi.ac.uk/ena/cram/md5/%s"),
              "/nonexistent/nbscreen-does-not-download-references/%s");
    EXPECT_EQ(local_ref_path(nullptr), "/nonexistent/nbscreen-does-not-download-references/%s");
    EXPECT_EQ(local_ref_path("/refs/%2s/%s:http://mirror/%s:/more/%s"), "/refs/%2s/%s:/more/%s");
    EXPECT_EQ(local_ref_path("/cache/%s"), "/cache/%s");
}

TEST(AlignmentReader, RefusesNonGrch38Headers) {
    try {
        AlignmentReader bam(kBam, AlignmentOpenOptions{});
        FAIL() << "hg19 contig lengths should be refused";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("not GRCh38"), std::string::npos) << e.what();
    }
}

TEST(AlignmentReader, RefusesAFileWithoutIndex) {
    const auto dir = test::scratch_dir("alignment_no_index");
    fs::copy_file(kBam, dir / "reads.bam");
    try {
        AlignmentReader bam((dir / "reads.bam").string(), hg19());
        FAIL() << "no index should be refused";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("samtools index"), std::string::npos) << e.what();
    }
}

TEST(AlignmentReader, RefusesFilesThatAreNotAlignments) {
    const std::string vcf = (fs::path(NBS_TEST_DATA) / "multiallelic.vcf").string();
    try {
        AlignmentReader r(vcf, hg19());
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("not a BAM or CRAM"), std::string::npos) << e.what();
    }
    EXPECT_THROW(AlignmentReader("/nonexistent.cram", hg19()), InputError);
}

}  // namespace
}  // namespace nbs
