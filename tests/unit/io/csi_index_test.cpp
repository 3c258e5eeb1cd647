// The flat CSI reader (engine/io/csi_index.hpp) against htslib's own: for every contig of real
// and synthetic BCF indexes (bcftools-written, default and other min_shift, long deletions in the
// upper bins, contigs without records), many queries give the iterator htslib's load gives, the
// same chunks in the same order, and the same record counts; a file htslib refuses is refused.
#include "engine/io/csi_index.hpp"

#include <gtest/gtest.h>
#include <htslib/hts.h>
#include <htslib/vcf.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "engine/io/vcf_reader.hpp"
#include "io_test_files.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;

const fs::path kData = fs::path(NBS_SOURCE_DIR) / "tests/data";

struct Itr {
    bool null = true;
    bool finished = false;
    int tid = 0, n_off = 0;
    hts_pos_t beg = 0, end = 0;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> off;
    bool operator==(const Itr&) const = default;
};

Itr describe(hts_itr_t* it) {
    Itr d;
    if (it == nullptr) return d;
    d.null = false;
    d.finished = it->finished != 0;
    d.tid = it->tid;
    d.n_off = it->n_off;
    d.beg = it->beg;
    d.end = it->end;
    for (int i = 0; i < it->n_off; ++i)
        d.off.emplace_back(it->off[i].u, it->off[i].v);
    hts_itr_destroy(it);
    return d;
}

std::string show(const Itr& d) {
    std::string s = d.null ? "null" : (d.finished ? "finished " : "") + std::to_string(d.n_off);
    for (const auto& [u, v] : d.off)
        s += " [" + std::to_string(u) + "," + std::to_string(v) + ")";
    return s;
}

// Every query of `queries` on every contig (and one past the last), both ways; returns how many
// gave at least one chunk, so a caller can check the comparison was not all empty.
int expect_same_as_htslib(const fs::path& csi,
                          const std::vector<std::pair<hts_pos_t, hts_pos_t>>& queries) {
    hts_idx_t* theirs = hts_idx_load2("unused.bcf", csi.c_str());
    // Inflated on one thread and on two (engine/io/bgzf_whole.hpp): each load answers alike.
    const auto ours = CsiIndex::load(csi.string(), nullptr, 1);
    const auto ours2 = CsiIndex::load(csi.string(), nullptr, 2);
    if (theirs == nullptr || ours == nullptr || ours2 == nullptr) {
        ADD_FAILURE() << csi << ": htslib " << (theirs != nullptr) << ", ours " << (ours != nullptr)
                      << (ours2 != nullptr);
        if (theirs != nullptr) hts_idx_destroy(theirs);
        return 0;
    }
    EXPECT_EQ(ours->n_ref(), hts_idx_nseq(theirs));
    int with_chunks = 0;
    for (int tid = 0; tid <= ours->n_ref(); ++tid) {
        if (tid < ours->n_ref()) {
            std::uint64_t m1 = 0, u1 = 0, m2 = 0, u2 = 0;
            const bool has = hts_idx_get_stat(theirs, tid, &m1, &u1) == 0;
            EXPECT_EQ(ours->stat(tid, m2, u2), has) << "tid " << tid;
            EXPECT_EQ(m2, m1) << "tid " << tid;
            EXPECT_EQ(u2, u1) << "tid " << tid;
        }
        for (const auto& [beg, end] : queries) {
            const Itr want = describe(bcf_itr_queryi(theirs, tid, beg, end));
            const Itr got = describe(ours->query(tid, beg, end));
            EXPECT_EQ(got, want) << csi.filename() << " tid " << tid << " [" << beg << ", " << end
                                 << "): ours " << show(got) << ", htslib " << show(want);
            EXPECT_EQ(describe(ours2->query(tid, beg, end)), got)
                << csi.filename() << " tid " << tid << " [" << beg << ", " << end << ")";
            with_chunks += got.n_off > 0 ? 1 : 0;
        }
    }
    hts_idx_destroy(theirs);
    return with_chunks;
}

// The first and last POS (0-based) of `bcf`'s records, so the random queries land on data.
std::pair<hts_pos_t, hts_pos_t> data_span(const fs::path& bcf) {
    htsFile* f = hts_open(bcf.c_str(), "r");
    bcf_hdr_t* h = bcf_hdr_read(f);
    bcf1_t* r = bcf_init();
    hts_pos_t lo = HTS_POS_MAX, hi = 0;
    while (bcf_read(f, h, r) == 0) {
        lo = std::min(lo, r->pos);
        hi = std::max(hi, r->pos);
    }
    bcf_destroy(r);
    bcf_hdr_destroy(h);
    hts_close(f);
    return {lo, hi};
}

// Edges (empty, one base, the ends of the binning, past it, the whole contig), then random
// windows of every size from a base to 100 Mb starting in [lo, hi].
std::vector<std::pair<hts_pos_t, hts_pos_t>> queries(std::pair<hts_pos_t, hts_pos_t> span) {
    const auto [lo, hi] = span;
    std::vector<std::pair<hts_pos_t, hts_pos_t>> q = {
        {0, 0},
        {0, 1},
        {-5, 10},
        {100, 50},
        {0, HTS_POS_MAX},
        {1 << 14, 1 << 14},
        {(1 << 14) - 1, (1 << 14) + 1},
        {(hts_pos_t{1} << 29) - 1, hts_pos_t{1} << 29},
        {hts_pos_t{1} << 29, (hts_pos_t{1} << 29) + 5},
        {hts_pos_t{1} << 31, (hts_pos_t{1} << 31) + 1000},
        {hi, hi + 1000},
        {hi + 1, hi + 2},
        // From near the last record to the end of everything, as the reader asks whether any
        // record lies past a chromosome's end: thousands of possible bins, few in the index.
        {lo, HTS_POS_MAX},
        {std::max<hts_pos_t>(lo, hi - 20'000), HTS_POS_MAX},
        {hi + 1, HTS_POS_MAX}};
    std::mt19937_64 rng(20261203);
    for (int i = 0; i < 300; ++i) {
        const hts_pos_t width = hts_pos_t{1} << (rng() % 27);
        const auto beg =
            lo + static_cast<hts_pos_t>(rng() % static_cast<std::uint64_t>(hi - lo + 1));
        q.emplace_back(beg,
                       beg + static_cast<hts_pos_t>(rng() % static_cast<std::uint64_t>(width)) + 1);
    }
    return q;
}

class CsiIndexTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { quiet_htslib_logging(); }
};

TEST_F(CsiIndexTest, RealGiabCallsGiveHtslibsChunksForEveryQuery) {
    const fs::path dir = test::test_scratch();
    const fs::path vcf_gz =
        kData / "phased/HG002.grch38.whatshap_supplementary_strategy_test.phased_PS.vcf.gz";
    const fs::path bcf = dir / "hg002.bcf";
    ASSERT_EQ(test::sh("bcftools view --no-version -Ob -o " + test::quoted(bcf) + " " +
                       test::quoted(vcf_gz) + " && bcftools index -f " + test::quoted(bcf)),
              0);
    EXPECT_GT(expect_same_as_htslib(fs::path(bcf.string() + ".csi"), queries(data_span(bcf))), 50);
    // Another bin width (2^12 bases), so more levels and smaller leaves.
    const fs::path bcf12 = dir / "hg002_m12.bcf";
    fs::copy_file(bcf, bcf12);
    ASSERT_EQ(test::sh("bcftools index -f -m 12 " + test::quoted(bcf12)), 0);
    EXPECT_GT(expect_same_as_htslib(fs::path(bcf12.string() + ".csi"), queries(data_span(bcf))),
              50);
}

// Deletions of 1 kb to 20 Mb sit in the upper bins, whose chunks overlap the leaves' and must be
// cut and merged as htslib cuts them; chr2 is declared but has no records; many records make
// many BGZF blocks.
TEST_F(CsiIndexTest, LongDeletionsAndEmptyContigsGiveHtslibsChunks) {
    std::string text =
        "##fileformat=VCFv4.2\n"
        "##INFO=<ID=END,Number=1,Type=Integer,Description=\"End\">\n"
        "##ALT=<ID=DEL,Description=\"Deletion\">\n"
        "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
        "##contig=<ID=chr1,length=248956422>\n##contig=<ID=chr2,length=242193529>\n"
        "##contig=<ID=chr3,length=198295559>\n"
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tbaby\n";
    std::mt19937_64 rng(7);
    for (const char* chrom : {"chr1", "chr3"}) {
        std::int64_t pos = 1000;
        for (int i = 0; i < 30'000; ++i) {
            pos += 1 + static_cast<std::int64_t>(rng() % 5000);
            if (i % 500 == 0) {
                const std::int64_t len = std::int64_t{1000} << (rng() % 15);
                text += std::string(chrom) + '\t' + std::to_string(pos) +
                        "\t.\tN\t<DEL>\t50\tPASS\tEND=" + std::to_string(pos + len) + "\tGT\t0/1\n";
            } else {
                text += std::string(chrom) + '\t' + std::to_string(pos) +
                        "\t.\tA\tG\t50\tPASS\t.\tGT\t0/1\n";
            }
        }
    }
    const fs::path dir = test::test_scratch();
    const auto f = test::write_formats(dir, "dels", text);
    ASSERT_TRUE(f);
    const fs::path csi(f->bcf.string() + ".csi");
    EXPECT_GT(expect_same_as_htslib(csi, queries(data_span(f->bcf))), 100);

    // The index is several BGZF blocks (each inflates to at most 64 kB), so two threads shared
    // them above. With its second block damaged it does not inflate: refused as malformed, as a
    // file cut short is, and not handed to htslib.
    ASSERT_EQ(test::sh("bgzip -dc " + test::quoted(csi) + " > " + test::quoted(dir / "raw")), 0);
    ASSERT_GT(fs::file_size(dir / "raw"), 3U * 65536U);
    std::string bytes;
    {
        std::ifstream in(csi, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    const std::size_t second =
        (static_cast<unsigned char>(bytes[16]) | static_cast<unsigned char>(bytes[17]) << 8) + 1;
    bytes[second + 30] = static_cast<char>(bytes[second + 30] ^ 0x21);
    std::ofstream(dir / "damaged.bcf.csi", std::ios::binary) << bytes;
    for (unsigned threads : {1U, 2U}) {
        bool malformed = false;
        EXPECT_EQ(CsiIndex::load((dir / "damaged.bcf.csi").string(), &malformed, threads), nullptr);
        EXPECT_TRUE(malformed) << threads << " threads";
    }
}

TEST_F(CsiIndexTest, WhatIsNotACsiIsLeftToHtslibAndOneCutShortIsNoIndex) {
    const fs::path dir = test::test_scratch();
    std::ofstream(dir / "empty.csi") << "";
    EXPECT_EQ(CsiIndex::load((dir / "empty.csi").string()), nullptr);
    EXPECT_EQ(CsiIndex::load((dir / "missing.csi").string()), nullptr);
    // A tabix index is not CSI.
    const auto f = test::write_formats(dir, "one",
                                       "##fileformat=VCFv4.2\n##contig=<ID=chr1,length=248956422>\n"
                                       "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
                                       "chr1\t100\t.\tA\tG\t50\tPASS\t.\n");
    ASSERT_TRUE(f);
    EXPECT_EQ(CsiIndex::load(f->vcf_gz.string() + ".tbi"), nullptr);
    // Cut short anywhere before its optional last field (the count of records without a
    // position, which htslib reads only if it is there): refused, and said to be malformed, so
    // htslib is not given it (1.16 frees uninitialised pointers when it refuses such a file).
    const fs::path csi(f->bcf.string() + ".csi");
    bool malformed = true;
    ASSERT_NE(CsiIndex::load(csi.string(), &malformed), nullptr);
    EXPECT_FALSE(malformed);
    ASSERT_EQ(test::sh("bgzip -dc " + test::quoted(csi) + " > " + test::quoted(dir / "raw")), 0);
    const auto size = fs::file_size(dir / "raw");
    for (std::uintmax_t keep = 4; keep < size; ++keep) {
        fs::copy_file(dir / "raw", dir / "cut", fs::copy_options::overwrite_existing);
        fs::resize_file(dir / "cut", keep);
        ASSERT_EQ(test::sh("bgzip -cf " + test::quoted(dir / "cut") + " > " +
                           test::quoted(dir / "cut.csi")),
                  0);
        const bool whole = keep >= size - 8;
        const bool read = CsiIndex::load((dir / "cut.csi").string(), &malformed) != nullptr;
        EXPECT_EQ(read, whole) << "cut at " << keep << " of " << size;
        EXPECT_EQ(malformed, !whole) << "cut at " << keep << " of " << size;
    }
    // Not a CSI at all (a tabix index under the name): htslib's to judge, not malformed.
    fs::copy_file(f->vcf_gz.string() + ".tbi", dir / "tbi.csi");
    EXPECT_EQ(CsiIndex::load((dir / "tbi.csi").string(), &malformed), nullptr);
    EXPECT_FALSE(malformed);
}

}  // namespace
}  // namespace nbs
