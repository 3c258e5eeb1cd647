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
    const auto at = r.base_counts("chr5", {1000, 999, 2000}, 0, &st);
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
