// Content checksum and the compiled bundle: the SHA-256 names the content, not its packaging.
#include "engine/panel/panel_files.hpp"

#include <gtest/gtest.h>

#include <zstd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/panel/panel_parser.hpp"
#include "panel_test_support.hpp"

namespace nbs {
namespace {

std::filesystem::path write_bytes(const std::string& name, const std::string& bytes) {
    const auto p = std::filesystem::path(NBS_SCRATCH_DIR) / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
}

TEST(PanelFiles, Sha256OfKnownBytes) {
    EXPECT_EQ(sha256_hex("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// A file's checksum (the resume key's and the knowledge sources'), read in 64 KiB pieces: sizes
// around the piece boundary and empty, against coreutils' sha256sum on the same files.
TEST(PanelFiles, FileSha256MatchesSha256sumAtEverySizeAroundThePieceBoundary) {
    if (std::system("command -v sha256sum >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "sha256sum (coreutils) not found";
    std::uint32_t x = 12345;
    for (const std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{65535},
                                   std::size_t{65536}, std::size_t{65537}, std::size_t{200000}}) {
        std::string bytes(size, '\0');
        for (auto& c : bytes) {
            x = x * 1664525U + 1013904223U;  // any bytes will do, including NUL and 0xff
            c = static_cast<char>(x >> 24);
        }
        const auto p = write_bytes("sha_" + std::to_string(size) + ".bin", bytes);
        const auto out = std::filesystem::path(NBS_SCRATCH_DIR) / "sha.out";
        ASSERT_EQ(std::system(("sha256sum '" + p.string() + "' > '" + out.string() + "'").c_str()),
                  0);
        std::string expected;
        std::ifstream(out) >> expected;
        EXPECT_EQ(sha256_file_hex(p), expected) << size << " bytes";
        EXPECT_EQ(sha256_file_hex(p), sha256_hex(bytes)) << size << " bytes";
    }
    EXPECT_THROW((void)sha256_file_hex(std::filesystem::path(NBS_SCRATCH_DIR) / "no_such_file"),
                 std::runtime_error);
}

// A resume key's ranges (batch/vcf_identity.cpp): each range's own SHA-256, the same whether one
// thread or two share them; ranges past the end are an error, not a shorter digest.
TEST(PanelFiles, EachRangeIsHashedAloneByAnyNumberOfThreads) {
    std::string bytes(3 << 20, '\0');
    std::uint32_t x = 777;
    for (auto& c : bytes) {
        x = x * 1664525U + 1013904223U;
        c = static_cast<char>(x >> 24);
    }
    const auto p = write_bytes("each_range.bin", bytes);
    const std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges = {
        {0, 1}, {10, 10}, {100, (1 << 20) + 5}, {(2 << 20) - 7, 3 << 20}, {5, 70000}};
    const auto each_range = [&](const std::vector<std::pair<std::uint64_t, std::uint64_t>>& rs,
                                unsigned threads) {
        std::vector<PieceDigests::Piece> pieces;
        for (const auto& [begin, end] : rs)
            pieces.push_back({p, begin, end});
        return PieceDigests(pieces).digests(threads);
    };
    const auto one = each_range(ranges, 1);
    ASSERT_EQ(one.size(), ranges.size());
    for (std::size_t i = 0; i < ranges.size(); ++i)
        EXPECT_EQ(one[i], sha256_hex(std::string_view(bytes).substr(
                              ranges[i].first, ranges[i].second - ranges[i].first)))
            << "range " << i;
    EXPECT_EQ(each_range(ranges, 2), one);
    EXPECT_EQ(each_range(ranges, 8), one);
    EXPECT_TRUE(each_range({}, 2).empty());
    for (const unsigned threads : {1U, 2U})
        EXPECT_THROW((void)each_range({{0, 10}, {(3 << 20) - 1, (3 << 20) + 1}}, threads),
                     std::runtime_error)
            << threads << " threads";
}

// Pieces of several files, a piece to the end of its file, threads that join at any time: each
// digest is its piece's; the first piece that cannot be read whole is the error.
TEST(PanelFiles, PiecesAreHashedByWhicheverThreadsWork) {
    std::string a(1 << 21, '\0'), b(70'000, '\0');
    std::uint32_t x = 9;
    for (auto* s : {&a, &b})
        for (auto& c : *s) {
            x = x * 1664525U + 1013904223U;
            c = static_cast<char>(x >> 24);
        }
    const auto pa = write_bytes("piece_a.bin", a);
    const auto pb = write_bytes("piece_b.bin", b);
    const std::vector<PieceDigests::Piece> pieces = {
        {pb}, {pa, 0, 5}, {pb, 69'999, 70'000}, {pa, 7, 7}, {pa, 1000}, {pa, 100, (1 << 20) + 3}};
    std::vector<std::string> want;
    for (const auto& p : pieces) {
        const std::string& bytes = p.path == pa ? a : b;
        const auto end = p.end == PieceDigests::kToEnd ? bytes.size() : p.end;
        want.push_back(sha256_hex(std::string_view(bytes).substr(p.begin, end - p.begin)));
    }
    EXPECT_EQ(want.front(), sha256_file_hex(pb));
    for (const int helpers : {0, 1, 3}) {
        PieceDigests job(pieces);
        std::vector<std::jthread> late;
        for (int i = 0; i < helpers; ++i)
            late.emplace_back([&job] { job.work(); });
        EXPECT_EQ(job.digests(), want) << helpers << " helpers";
    }
    PieceDigests past({{pa, 0, 10}, {pb, 69'000, 70'001}, {pa / "missing", 0, 1}});
    try {
        (void)past.digests();
        ADD_FAILURE() << "a piece past the end of its file was hashed";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("69000-70001"), std::string::npos) << e.what();
    }
}

TEST(PanelFiles, ChecksumFollowsTheDocumentedRecipe) {
    PanelFiles f;
    f.content["genes.tsv"] = "g";
    f.content["panel.toml"] = "toml";
    // panel.toml comes first whatever the map order: "name\n<size>\n<bytes>" per file.
    EXPECT_EQ(content_sha256(f), sha256_hex("panel.toml\n4\ntomlgenes.tsv\n1\ng"));
}

TEST(PanelFiles, ChecksumIsStableAndIgnoresOrigin) {
    const PanelFiles a = test::mini_panel();
    PanelFiles b = a;
    b.origin = "/somewhere/else";
    b.origin_kind = "bundle";
    EXPECT_EQ(content_sha256(a), content_sha256(b));
    EXPECT_EQ(content_sha256(a), content_sha256(test::mini_panel()));
    // One byte of content changes it.
    test::replace_in(b, "variants.tsv", "het 2,", "het 3,");
    EXPECT_NE(content_sha256(a), content_sha256(b));
}

TEST(PanelFiles, ChangelogIsNotContent) {
    const auto dir = test::panel_data() / "mini";
    const PanelFiles f = read_panel_dir(dir);
    EXPECT_EQ(f.content.count("CHANGELOG.md"), 0u);
    EXPECT_EQ(f.origin_kind, "directory");
}

TEST(PanelFiles, BundleRoundTrip) {
    const PanelFiles dir = test::mini_panel();
    const std::string bytes = encode_bundle(dir);
    const auto path = write_bytes("mini_roundtrip.nbpanel", bytes);
    const PanelFiles back = read_panel_files(path);
    EXPECT_EQ(back.origin_kind, "bundle");
    EXPECT_EQ(back.content, dir.content);
    EXPECT_EQ(content_sha256(back), content_sha256(dir));
    // The same parse either way; messages name "bundle!file".
    std::vector<PanelProblem> p1, p2;
    const Panel a = parse_panel(dir, p1), b = parse_panel(back, p2);
    EXPECT_EQ(a.sha256, b.sha256);
    EXPECT_EQ(a.genes.size(), b.genes.size());
    EXPECT_EQ(a.variants.size(), b.variants.size());
    // zstd frame magic 28 b5 2f fd: the bundle is compressed.
    ASSERT_GE(bytes.size(), 4u);
    EXPECT_EQ(static_cast<unsigned char>(bytes[0]), 0x28);
    EXPECT_EQ(static_cast<unsigned char>(bytes[3]), 0xfd);
}

TEST(PanelFiles, BundleWhoseContentDoesNotMatchItsChecksumIsRefused) {
    // A bundle altered after it was built: the layout encode_bundle writes, with the checksum of
    // the original content but one byte of genes.tsv changed.
    const PanelFiles f = test::mini_panel();
    std::string raw = std::string("NBSPANEL\x01\n") + "sha256 " + content_sha256(f) + "\n";
    for (auto name : kPanelContentFiles) {
        const auto it = f.content.find(std::string(name));
        if (it == f.content.end()) continue;
        std::string body = it->second;
        if (name == "genes.tsv") body.replace(body.find("HGNC:93"), 7, "HGNC:94");
        raw += "file " + std::string(name) + " " + std::to_string(body.size()) + "\n" + body;
    }
    std::string packed(ZSTD_compressBound(raw.size()), '\0');
    packed.resize(ZSTD_compress(packed.data(), packed.size(), raw.data(), raw.size(), 3));
    const auto path = write_bytes("mini_tampered.nbpanel", packed);
    try {
        (void)read_panel_files(path);
        FAIL() << "a tampered bundle was accepted";
    } catch (const InputError& e) {
        EXPECT_NE(e.why().find("checksum mismatch"), std::string::npos) << e.what();
    }
}

TEST(PanelFiles, DamagedBundleIsRefused) {
    std::string bytes = encode_bundle(test::mini_panel());
    bytes.resize(bytes.size() / 2);
    const auto path = write_bytes("mini_truncated.nbpanel", bytes);
    EXPECT_THROW((void)read_panel_files(path), InputError);
}

TEST(PanelFiles, NotABundleIsAnInputErrorWithAHint) {
    const auto path = write_bytes("not_a_bundle.nbpanel", "hello, I am text\n");
    try {
        (void)read_panel_files(path);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(e.why().find("not a compiled panel bundle"), std::string::npos);
        EXPECT_NE(e.hint().find("nbscreen panel build"), std::string::npos);
    }
}

// A damaged 12-byte file whose zstd frame header claims 3 GB of content: refused before anything
// is allocated (found by fuzz_panel_bundle: the loader allocated the claimed size first). The
// same bytes are tests/fuzz/corpus/panel_bundle/crash_zstd_claims_3gb after its mode byte.
TEST(PanelFiles, BundleClaimingMoreContentThanAnyPanelIsRefused) {
    const std::string frame("\x28\xb5\x2f\xfd\xa0\x00\x00\x00\xc0\x01\x00\x00", 12);
    ASSERT_EQ(ZSTD_getFrameContentSize(frame.data(), frame.size()), 0xC0000000ULL);
    const auto path = write_bytes("claims_3gb.nbpanel", frame);
    try {
        (void)read_panel_files(path);
        FAIL() << "a bundle claiming 3 GB was accepted";
    } catch (const InputError& e) {
        EXPECT_EQ(e.why(),
                  "panel bundle claims 3221225472 bytes of content, more than any panel "
                  "(at most 256 MiB)");
        EXPECT_NE(e.hint().find("rebuild it"), std::string::npos);
    }
}

// A file entry whose size wraps p + size around to an earlier entry: the loader used to jump back
// and read the same two entries forever (a hang on a damaged bundle). The same payload is
// tests/fuzz/corpus/panel_bundle/entry_size_wraps after its mode byte.
TEST(PanelFiles, BundleEntryLongerThanTheBundleIsRefused) {
    // 2^64 - 49 = back to the first entry, 49 bytes before the end of the second entry's line.
    const std::string raw =
        "NBSPANEL\x01\nsha256 0\nfile a 3\nxyzfile panel.toml 18446744073709551567\n";
    std::string packed(ZSTD_compressBound(raw.size()), '\0');
    packed.resize(ZSTD_compress(packed.data(), packed.size(), raw.data(), raw.size(), 1));
    const auto path = write_bytes("entry_wraps.nbpanel", packed);
    try {
        (void)read_panel_files(path);
        FAIL() << "a bundle entry longer than the bundle was accepted";
    } catch (const InputError& e) {
        EXPECT_EQ(e.why(), "panel bundle is damaged (bad file entry)");
    }
}

}  // namespace
}  // namespace nbs
