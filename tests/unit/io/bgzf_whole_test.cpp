// A whole BGZF file inflated at once, its blocks shared between threads (engine/io/bgzf_whole.hpp):
// the bytes `bgzip -dc` gives, on one thread or two, for files of many blocks; a plain gzip file
// the same way (through htslib's reader); and a block whose CRC32 or deflate data is damaged, or
// a file cut inside a block, stops where htslib's reader stops, with (nearly all of) the blocks
// before it.
#include "engine/io/bgzf_whole.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "io_test_files.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

void write_all(const fs::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary) << bytes;
}

// ~600 kB that compresses about as a .csi does (little-endian numbers, some repeated): bgzip
// cuts it into ten 64 kB blocks and the end-of-file block.
std::string sample_bytes() {
    std::mt19937_64 rng(12);
    std::string s;
    std::uint64_t v = 0;
    while (s.size() < 600'000) {
        v += rng() % 70'000;
        for (int i = 0; i < 8; ++i)
            s += static_cast<char>((v >> (8 * i)) & 0xff);
        s.append(4, static_cast<char>(rng() % 3));
    }
    return s;
}

// Offsets of each BGZF block of `gz` (BSIZE in its "BC" field).
std::vector<std::size_t> block_starts(const std::string& gz) {
    std::vector<std::size_t> out;
    for (std::size_t at = 0; at + 18 <= gz.size();) {
        out.push_back(at);
        at += (static_cast<unsigned char>(gz[at + 16]) | static_cast<unsigned char>(gz[at + 17])
                                                             << 8) +
              1;
    }
    return out;
}

class BgzfWhole : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = test::test_scratch();
        raw_ = sample_bytes();
        write_all(dir_ / "raw", raw_);
        ASSERT_EQ(test::sh("bgzip -c " + test::quoted(dir_ / "raw") + " > " +
                           test::quoted(dir_ / "raw.gz")),
                  0);
        gz_ = read_all(dir_ / "raw.gz");
        blocks_ = block_starts(gz_);
        ASSERT_GE(blocks_.size(), 8U) << "bgzip wrote too few blocks to share";
    }
    fs::path dir_;
    std::string raw_, gz_;
    std::vector<std::size_t> blocks_;
};

TEST_F(BgzfWhole, ManyBlocksGiveBgzipsBytesOnOneThreadOrTwo) {
    for (unsigned threads : {1U, 2U, 8U}) {
        InflatedFile f;
        ASSERT_TRUE(inflate_whole_file((dir_ / "raw.gz").string(), threads, f)) << threads;
        EXPECT_EQ(f.view(), raw_) << threads << " threads";
    }
}

TEST_F(BgzfWhole, PlainGzipAndUncompressedFilesAreReadAsHtslibReadsThem) {
    ASSERT_EQ(
        test::sh("gzip -c " + test::quoted(dir_ / "raw") + " > " + test::quoted(dir_ / "plain.gz")),
        0);
    InflatedFile f;
    ASSERT_TRUE(inflate_whole_file((dir_ / "plain.gz").string(), 2, f));
    EXPECT_EQ(f.view(), raw_);
    ASSERT_TRUE(inflate_whole_file((dir_ / "raw").string(), 2, f));
    EXPECT_EQ(f.view(), raw_);
    EXPECT_FALSE(inflate_whole_file((dir_ / "missing.gz").string(), 2, f));
    EXPECT_EQ(f.size, 0U);
}

TEST_F(BgzfWhole, ADamagedBlockStopsTheReadWithTheBlocksBeforeIt) {
    // Block 5 (of ~11): its CRC32, then a byte of its deflate data.
    const std::size_t b = blocks_[5], next = blocks_[6];
    const std::string before = raw_.substr(0, std::size_t{5} * 65280);
    for (const std::size_t at : {next - 8, b + 40}) {
        std::string bad = gz_;
        bad[at] = static_cast<char>(bad[at] ^ 0x5a);
        write_all(dir_ / "bad.gz", bad);
        for (unsigned threads : {1U, 2U}) {
            InflatedFile f;
            EXPECT_FALSE(inflate_whole_file((dir_ / "bad.gz").string(), threads, f))
                << "byte " << at << ", " << threads << " threads";
            // bgzip's blocks hold 0xff00 bytes each: what came before block 5 is there, to
            // within the 4 kB htslib's reader is asked for at a time, and nothing after it.
            EXPECT_LE(f.size, before.size()) << "byte " << at;
            EXPECT_GT(f.size + 4096, before.size()) << "byte " << at;
            EXPECT_EQ(f.view(), std::string_view(before).substr(0, f.size)) << "byte " << at;
        }
    }
}

TEST_F(BgzfWhole, AFileCutInsideABlockStopsThere) {
    for (const std::size_t cut : {blocks_[3] + 10, blocks_[7] - 1, gz_.size() - 30}) {
        write_all(dir_ / "cut.gz", gz_.substr(0, cut));
        InflatedFile f;
        EXPECT_FALSE(inflate_whole_file((dir_ / "cut.gz").string(), 2, f)) << "cut at " << cut;
        EXPECT_LT(f.size, raw_.size()) << "cut at " << cut;
        EXPECT_EQ(f.view(), std::string_view(raw_).substr(0, f.size)) << "cut at " << cut;
    }
    // Without the end-of-file block only: every block of data is whole, so all of it is read.
    write_all(dir_ / "no_eof.gz", gz_.substr(0, blocks_.back()));
    InflatedFile f;
    EXPECT_TRUE(inflate_whole_file((dir_ / "no_eof.gz").string(), 2, f));
    EXPECT_EQ(f.view(), raw_);
}

}  // namespace
}  // namespace nbs
