// An index loaded ahead (engine/io/index_prefetch.hpp) is the one the reader of that file uses,
// once, and reading through it gives the same records as a reader that loads its own.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/io/index_prefetch.hpp"
#include "engine/io/index_prefetch_impl.hpp"
#include "engine/io/vcf_reader.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;

const fs::path kSample = fs::path(NBS_SOURCE_DIR) / "sample_data";

std::vector<std::string> read_region(const std::string& path,
                                     AccessMode expected = AccessMode::indexed) {
    VcfReader reader(path, VcfOpenOptions{});
    reader.restrict_to(RegionSet({{"chr7", 117480000, 117670000}, {"chrX", 1, 156040895}}));
    EXPECT_EQ(reader.access_mode(), expected);
    std::vector<std::string> out;
    VcfRecord r;
    while (reader.next(r) == ReadStatus::ok)
        out.push_back(r.chrom + ':' + std::to_string(r.pos) + r.ref + '>' + r.alts.at(0));
    return out;
}

TEST(IndexPrefetch, IsTakenOnceAndOnlyForItsFile) {
    const std::string bcf = (kSample / "baby02.bcf").string();
    const std::string vcf = (kSample / "baby04.vcf.gz").string();
    prefetch_vcf_index(bcf);
    EXPECT_FALSE(take_prefetched_index(vcf).has_value());  // another file: nothing
    auto got = take_prefetched_index(bcf);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->kind, PrefetchedIndex::Kind::bcf);
    EXPECT_NE(got->bcf.flat, nullptr);  // a BCF's FILE.csi, read by csi_index.hpp
    EXPECT_EQ(got->bcf.hts, nullptr);
    EXPECT_EQ(got->tbx, nullptr);
    EXPECT_FALSE(take_prefetched_index(bcf).has_value());  // taken

    prefetch_vcf_index(vcf);
    got = take_prefetched_index(vcf);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->kind, PrefetchedIndex::Kind::vcf_bgzf);
    EXPECT_NE(got->tbx, nullptr);  // a VCF.gz's .tbi
    EXPECT_FALSE(got->bcf);

    // A plain-text VCF has no index; a file that does not exist loads nothing (the reader
    // reports it, as before).
    prefetch_vcf_index((kSample / "baby03.vcf").string());
    got = take_prefetched_index((kSample / "baby03.vcf").string());
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->kind, PrefetchedIndex::Kind::none);
    EXPECT_FALSE(got->bcf);
    EXPECT_EQ(got->tbx, nullptr);
    prefetch_vcf_index((kSample / "no_such_file.vcf.gz").string());
    got = take_prefetched_index((kSample / "no_such_file.vcf.gz").string());
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->kind, PrefetchedIndex::Kind::none);
    EXPECT_EQ(got->tbx, nullptr);
}

TEST(IndexPrefetch, ReaderThroughAPrefetchedIndexReadsTheSameRecords) {
    for (const char* name : {"baby02.bcf", "baby04.vcf.gz"}) {
        const std::string path = (kSample / name).string();
        const auto own = read_region(path);
        prefetch_vcf_index(path);
        const auto ahead = read_region(path);
        EXPECT_FALSE(take_prefetched_index(path).has_value()) << name << ": the reader took it";
        EXPECT_FALSE(own.empty()) << name;
        EXPECT_EQ(ahead, own) << name;
    }
}

// A BCF whose index is named after its stem (FILE.csi is what csi_index.hpp reads) is indexed by
// htslib's loader, which finds that name too, and reads the records FILE.csi gives.
TEST(IndexPrefetch, AnIndexUnderAnotherNameIsHtslibs) {
    const fs::path dir = fs::path(NBS_SCRATCH_DIR) / "index_prefetch_stem_csi";
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::copy_file(kSample / "baby02.bcf", dir / "baby02.bcf");
    fs::copy_file(kSample / "baby02.bcf.csi", dir / "baby02.csi");
    const std::string path = (dir / "baby02.bcf").string();
    prefetch_vcf_index(path);
    const auto got = take_prefetched_index(path);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->bcf.flat, nullptr);
    EXPECT_NE(got->bcf.hts, nullptr);
    const auto own = read_region((kSample / "baby02.bcf").string());
    EXPECT_FALSE(own.empty());
    EXPECT_EQ(read_region(path), own);
}

// A BCF whose FILE.csi is cut short has no usable index: neither reader takes it (htslib 1.16
// frees uninitialised pointers refusing it), and the file is read whole, giving the same records.
TEST(IndexPrefetch, AnIndexCutShortIsNoIndex) {
    const fs::path dir = fs::path(NBS_SCRATCH_DIR) / "index_prefetch_cut_csi";
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::copy_file(kSample / "baby02.bcf", dir / "baby02.bcf");
    const std::string raw = (dir / "raw").string();
    ASSERT_EQ(std::system(("bgzip -dc " + (kSample / "baby02.bcf.csi").string() + " > " + raw +
                           " && truncate -s 40 " + raw + " && bgzip -c " + raw + " > " +
                           (dir / "baby02.bcf.csi").string())
                              .c_str()),
              0);
    const std::string path = (dir / "baby02.bcf").string();
    prefetch_vcf_index(path);
    const auto got = take_prefetched_index(path);
    ASSERT_TRUE(got.has_value());
    EXPECT_FALSE(got->bcf);
    EXPECT_EQ(read_region(path, AccessMode::streaming),
              read_region((kSample / "baby02.bcf").string()));
}

}  // namespace
}  // namespace nbs
