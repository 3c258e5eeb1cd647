// AlignmentReader::base_counts: the bases reads carry at given positions. A hand-written BAM
// checks each read filter and CIGAR case on its own; samtools mpileup (another tool) is the
// oracle on real NA12878 reads.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "engine/io/alignment_reader.hpp"
#include "support/cli_runner.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;

// chr5 of GRCh38 length; position 1000 is the site. 10-base reads starting at 995 put the site at
// read offset 5 (0-based) unless the CIGAR moves it.
fs::path write_bam(const fs::path& dir) {
    const fs::path sam = dir / "reads.sam", bam = dir / "reads.bam";
    std::ofstream out(sam);
    out << "@HD\tVN:1.6\tSO:coordinate\n@SQ\tSN:chr5\tLN:181538259\n@RG\tID:r\tSM:s\n";
    auto read = [&](const char* name, int flag, int mapq, const char* cigar, const char* seq,
                    int pos = 995) {
        out << name << '\t' << flag << "\tchr5\t" << pos << '\t' << mapq << '\t' << cigar
            << "\t*\t0\t0\t" << seq << "\t*\tRG:Z:r\n";
    };
    read("mapq0_C", 0, 0, "10M", "AAAAACAAAA");
    read("mapq60_T", 16, 60, "10M", "AAAAATAAAA");
    read("dup_C", 1024, 60, "10M", "AAAAACAAAA");
    read("secondary_C", 256, 60, "10M", "AAAAACAAAA");
    read("qcfail_C", 512, 60, "10M", "AAAAACAAAA");
    read("supplementary_C", 2048, 60, "10M", "AAAAACAAAA");
    read("deletion", 0, 60, "4M2D6M", "AAAAAAAAAA");       // 995-998, 999-1000 deleted
    read("insertion_G", 0, 60, "3M2I7M", "AAATTAAGAAAA");  // site at query 3+2+2 = 7
    read("N_base", 0, 60, "10M", "AAAAANAAAA");
    read("softclip_T", 0, 60, "3S7M", "CCCAAATAAA", 997);  // 997..; site at query 3+3 = 6
    out.close();
    const std::string cmd = "samtools view -b -o '" + bam.string() + "' '" + sam.string() +
                            "' && samtools index '" + bam.string() + "'";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    return bam;
}

TEST(BaseCounts, EachFilterAndCigarCase) {
    const fs::path dir = test::scratch_dir("base_counts_filters");
    AlignmentReader r(write_bam(dir).string(), AlignmentOpenOptions{});
    DepthStats st;
    const auto at = r.base_counts("chr5", {1000, 999, 2000}, 0, 0, &st);
    ASSERT_EQ(at.size(), 3u);
    // MAPQ 0 counts; duplicate, secondary, QC-fail and supplementary reads do not.
    EXPECT_EQ(at[0].c, 1u);
    EXPECT_EQ(at[0].t, 2u);  // the reverse read and the soft-clipped one
    EXPECT_EQ(at[0].g, 1u);  // after an insertion
    EXPECT_EQ(at[0].deletion, 1u);
    EXPECT_EQ(at[0].other, 1u);  // N
    EXPECT_EQ(at[0].bases(), 5u);
    EXPECT_EQ(st.reads_failed_flag, 4u);
    EXPECT_EQ(at[1].a, 5u);  // 999: the five counted reads that align a base there
    EXPECT_EQ(at[1].deletion, 1u);
    EXPECT_EQ(at[2].bases(), 0u);  // no read there
    // A MAPQ floor drops the MAPQ-0 read.
    const auto q1 = r.base_counts("chr5", {1000}, 1);
    EXPECT_EQ(q1[0].c, 0u);
    EXPECT_EQ(q1[0].t, 2u);
    // A contig the file does not have: zeros, not an error.
    EXPECT_EQ(r.base_counts("chr7", {1000}, 0)[0].bases(), 0u);
}

// samtools mpileup bases at one position, counted from its pileup column (no reference given,
// so bases are written as letters; '*' is a deletion).
std::array<unsigned, 5> mpileup(const std::string& bam, const std::string& chrom, long pos) {
    const std::string cmd =
        "samtools mpileup -A -B -x -Q 0 -q 0 --ff "
        "UNMAP,SECONDARY,QCFAIL,DUP,SUPPLEMENTARY -r " +
        chrom + ":" + std::to_string(pos) + "-" + std::to_string(pos) + " '" + bam +
        "' 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), pclose);
    std::string text;
    char buf[4096];
    while (p && std::fgets(buf, sizeof buf, p.get()) != nullptr)
        text += buf;
    std::array<unsigned, 5> n{};  // A C G T deletion
    std::size_t tab = 0;
    for (int i = 0; i < 4 && tab != std::string::npos; ++i)
        tab = text.find('\t', tab + 1);
    if (tab == std::string::npos) return n;
    const std::string col = text.substr(tab + 1, text.find('\t', tab + 1) - tab - 1);
    for (std::size_t i = 0; i < col.size(); ++i) {
        const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(col[i])));
        if (c == '^') {
            ++i;  // the mapping quality character
        } else if (c == '+' || c == '-') {
            std::size_t j = i + 1, len = 0;
            while (j < col.size() && std::isdigit(static_cast<unsigned char>(col[j])))
                len = len * 10 + static_cast<std::size_t>(col[j++] - '0');
            i = j + len - 1;
        } else if (c == 'A' || c == 'C' || c == 'G' || c == 'T') {
            ++n[std::string("ACGT").find(c)];
        } else if (c == '*') {
            ++n[4];
        }
    }
    return n;
}

TEST(BaseCounts, AgreesWithSamtoolsMpileupOnRealReads) {
    const std::string bam =
        (fs::path(NBS_TEST_DATA) / "alignments/NA12878_S1.chr20.10_10p1mb.bam").string();
    AlignmentOpenOptions o;
    o.require_grch38 = false;
    AlignmentReader r(bam, o);
    // Positions across the window, some at GIAB NA12878 heterozygous sites (test_nist.b37).
    const std::vector<std::int64_t> pos = {10000211, 10000438, 10000694, 10001019, 10009480,
                                           10015000, 10037709, 10050000, 10070000, 10099000};
    const auto got = r.base_counts("chr20", pos, 0);
    unsigned total = 0, mixed = 0;
    for (std::size_t i = 0; i < pos.size(); ++i) {
        SCOPED_TRACE(pos[i]);
        const auto want = mpileup(bam, "chr20", pos[i]);
        EXPECT_EQ(got[i].a, want[0]);
        EXPECT_EQ(got[i].c, want[1]);
        EXPECT_EQ(got[i].g, want[2]);
        EXPECT_EQ(got[i].t, want[3]);
        EXPECT_EQ(got[i].deletion, want[4]);
        total += got[i].bases();
        int kinds = (got[i].a > 0) + (got[i].c > 0) + (got[i].g > 0) + (got[i].t > 0);
        mixed += kinds > 1 ? 1 : 0;
    }
    EXPECT_GT(total, 100u) << "the positions must have reads";
    EXPECT_GT(mixed, 0u) << "at least one position with two bases (a heterozygous site)";
}

}  // namespace
}  // namespace nbs

namespace nbs {
namespace {

// SMNCopyNumberCaller's own test (depth_calling/tests/test_snp_count.py @7f642e2b) publishes, for
// its GRCh37 test alignments, the reads carrying the SMN1 and the SMN2 base at each of the 16
// sites (tests/data/smn/SMN_SNP_37.tsv), SMN1 and SMN2 positions together. With the panel's
// min_base_quality 13 (at 0 we count up to 8 reads more per site) they match exactly.
TEST(BaseCounts, MatchesSmnCopyNumberCallerPublishedSiteCountsOnGrch37) {
    const fs::path shared = fs::path(NBS_SHARED_DATA) / "alignments/smn_caller_grch37";
    if (!fs::exists(shared / "NA12885.bam"))
        GTEST_SKIP() << "../shared/data/alignments/smn_caller_grch37 not found";
    const fs::path dir = test::scratch_dir("base_counts_smn_grch37");
    struct Sample {
        const char* name;
        std::vector<unsigned> smn1, smn2;
    };
    const Sample samples[] = {{"NA12885",
                               {46, 32, 45, 36, 34, 14, 36, 54, 38, 34, 41, 41, 40, 51, 40, 37},
                               {35, 35, 32, 29, 35, 59, 22, 28, 32, 24, 34, 32, 33, 28, 38, 21}},
                              {"NA12878",
                               {0, 0, 0, 0, 0, 0, 29, 35, 26, 39, 29, 35, 32, 37, 39, 39},
                               {0, 0, 0, 0, 0, 0, 12, 39, 39, 32, 26, 55, 45, 33, 42, 18}}};
    struct Site {
        std::int64_t p1, p2;
        char b1, b2;
    };
    std::vector<Site> sites;
    std::ifstream in(fs::path(NBS_TEST_DATA) / "smn/SMN_SNP_37.tsv");
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream f(line);
        std::string chrom, b1, b2;
        Site s{};
        f >> chrom >> s.p1 >> b1 >> s.p2 >> b2;
        s.b1 = b1[0];
        s.b2 = b2[0];
        sites.push_back(s);
    }
    ASSERT_EQ(sites.size(), 16u);
    for (const Sample& smp : samples) {
        SCOPED_TRACE(smp.name);
        const fs::path bam = dir / (std::string(smp.name) + ".bam");
        fs::copy_file(shared / bam.filename(), bam);
        ASSERT_EQ(std::system(("samtools index '" + bam.string() + "'").c_str()), 0);
        AlignmentOpenOptions o;
        o.require_grch38 = false;
        AlignmentReader r(bam.string(), o);
        std::vector<std::int64_t> pos;
        for (const auto& s : sites) {
            pos.push_back(s.p1);
            pos.push_back(s.p2);
        }
        const auto c = r.base_counts("chr5", pos, 0, 13);
        std::vector<unsigned> smn1, smn2;
        for (std::size_t i = 0; i < sites.size(); ++i) {
            smn1.push_back(c[2 * i].of(sites[i].b1) + c[2 * i + 1].of(sites[i].b1));
            smn2.push_back(c[2 * i].of(sites[i].b2) + c[2 * i + 1].of(sites[i].b2));
        }
        EXPECT_EQ(smn1, smp.smn1);
        EXPECT_EQ(smn2, smp.smn2);
    }
}

}  // namespace
}  // namespace nbs
