// The indexed read in two halves (engine/io/region_halves.hpp, issue 12 item 2): the second half
// of the regions, read on another thread, gives exactly what one pass gives: the same records in
// the same order, the same counters, and the same first error at the same point (an error in the
// second half only after every record before it; an error in the first half wins).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <htslib/hts.h>
#include <htslib/tbx.h>
#include <htslib/vcf.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/io/footprint_ranges.hpp"
#include "engine/io/region_halves.hpp"
#include "engine/screen/screen_plan.hpp"
#include "io_test_files.hpp"
#include "support/panel_fixture.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const fs::path kSample = fs::path(NBS_SOURCE_DIR) / "sample_data";
const fs::path kData = fs::path(NBS_SOURCE_DIR) / "tests/data";

// Everything one read gives: each record as text, the counters, and the error it ended with.
struct Read {
    std::vector<std::string> records;
    std::vector<std::string> chroms;  // per record
    std::uint64_t seen = 0, decoded = 0;
    std::string error;  // empty: read to the end
    std::size_t split_at = 0;
};

struct How {
    std::int64_t split_min_bases = 0;  // 0: one pass on one thread
    std::size_t buffer_bytes = std::size_t{32} << 20;
};

Read read(const fs::path& file, const RegionSet& regions, How how,
          const std::optional<std::string>& sample = std::nullopt,
          std::optional<RegionSet> decode_fully = std::nullopt) {
    VcfOpenOptions o;
    o.sample = sample;
    o.info_keys = {"DP", "AF", "END"};
    o.split_min_bases = how.split_min_bases;
    o.split_buffer_bytes = how.buffer_bytes;
    VcfReader reader(file.string(), o);
    Read out;
    VcfRecord rec;
    try {
        // restrict_to reads the index's chromosome ends, beside the second half's first reads.
        reader.restrict_to(regions, std::move(decode_fully));
        EXPECT_EQ(reader.access_mode(), AccessMode::indexed);
        while (reader.next(rec) == ReadStatus::ok) {
            out.records.push_back(test::describe_record(rec));
            out.chroms.push_back(rec.chrom);
        }
    } catch (const InputError& e) {
        out.error = e.what();
    }
    out.seen = reader.records_seen();
    out.decoded = reader.records_decoded();
    out.split_at = reader.regions_split_at();
    return out;
}

// The chromosomes of the regions from `split_at` on: the second half's.
std::set<std::string> second_half(const RegionSet& regions, std::size_t split_at) {
    std::set<std::string> out;
    for (std::size_t i = split_at; i < regions.regions().size(); ++i)
        out.insert(regions.regions()[i].chrom);
    return out;
}

// Reads `file` in one pass and in two halves (with a roomy buffer, and with a one-byte buffer
// that makes the second thread wait for the reader after every batch) and checks that the
// halves give the one pass's records, counters and error; returns the one pass.
Read expect_same_both_ways(const fs::path& file, const RegionSet& regions,
                           const std::optional<std::string>& sample = std::nullopt,
                           const std::optional<RegionSet>& decode_fully = std::nullopt,
                           bool both_halves_have_records = true) {
    const Read one = read(file, regions, {}, sample, decode_fully);
    EXPECT_EQ(one.split_at, 0u);
    for (const std::size_t buffer : {std::size_t{32} << 20, std::size_t{1}}) {
        SCOPED_TRACE("buffer " + std::to_string(buffer));
        const Read two = read(file, regions, {1, buffer}, sample, decode_fully);
        EXPECT_GT(two.split_at, 0u) << "the read was not split";
        EXPECT_EQ(two.records, one.records);
        EXPECT_EQ(two.seen, one.seen);
        EXPECT_EQ(two.decoded, one.decoded);
        EXPECT_EQ(two.error, one.error);
        // Both halves had records, or the comparison proves little.
        if (!both_halves_have_records) continue;
        const auto later = second_half(regions, two.split_at);
        std::size_t in_second = 0;
        for (const auto& c : two.chroms)
            in_second += later.count(c);
        EXPECT_GT(in_second, 0u);
        EXPECT_LT(in_second, two.chroms.size());
    }
    return one;
}

class VcfReaderSplit : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { quiet_htslib_logging(); }
};

TEST_F(VcfReaderSplit, SampleBabiesGiveTheSameRecordsAndCountersInTwoHalves) {
    const RegionSet& regions = test::generation_study_plan().read_regions();
    // Some records read for their genotype only (outside decode_fully), as a screen does.
    std::vector<Region> decode;
    for (const Region& r : regions.regions())
        if (r.chrom != "chrX" && r.chrom != "chrY") decode.push_back(r);
    const RegionSet decode_fully(decode);
    const fs::path dir = test::test_scratch();
    // The two-sample file as BCF as well: each half's handle keeps baby08's column alone.
    const fs::path multi_bcf = dir / "multi.bcf";
    ASSERT_EQ(test::sh("bcftools view --no-version -Ob -o " + test::quoted(multi_bcf) + " " +
                       test::quoted(kSample / "baby07_baby08.multisample.vcf.gz") +
                       " && bcftools index -f " + test::quoted(multi_bcf)),
              0);
    const std::vector<std::pair<fs::path, std::optional<std::string>>> files = {
        {kSample / "baby01.vcf.gz", std::nullopt},
        {kSample / "baby02.bcf", std::nullopt},
        {kSample / "baby07_baby08.multisample.vcf.gz", "baby08"},
        {multi_bcf, "baby08"},
        {multi_bcf, "baby07"}};
    // The panel's regions (where these babies' records lie mostly in the later half), and whole
    // chromosomes that put records in both halves (chr1 | chr21, chr22, chrX).
    const RegionSet whole({{"chr1", 1, 248'956'422},
                           {"chr21", 1, 46'709'983},
                           {"chr22", 1, 50'818'468},
                           {"chrX", 1, 156'040'895}});
    for (const auto& [file, sample] : files) {
        SCOPED_TRACE(file.filename().string() + " " + sample.value_or(""));
        const Read panel = expect_same_both_ways(file, regions, sample, decode_fully, false);
        EXPECT_GT(panel.records.size(), 50u);
        EXPECT_TRUE(panel.error.empty()) << panel.error;
        const Read chromosomes = expect_same_both_ways(file, whole, sample, decode_fully);
        EXPECT_GT(chromosomes.records.size(), 1000u);
        EXPECT_TRUE(chromosomes.error.empty()) << chromosomes.error;
    }
}

// Real GiaB HG002 calls on chr1 and chr2 (whatshap's test file), whole chromosomes as regions.
TEST_F(VcfReaderSplit, RealCallsOnTwoChromosomesReadTheSameAsVcfGzAndBcf) {
    const fs::path vcf_gz =
        kData / "phased/HG002.grch38.whatshap_supplementary_strategy_test.phased_PS.vcf.gz";
    const fs::path bcf = test::test_scratch() / "hg002.bcf";
    ASSERT_EQ(test::sh("bcftools view --no-version -Ob -o " + test::quoted(bcf) + " " +
                       test::quoted(vcf_gz) + " && bcftools index -f " + test::quoted(bcf)),
              0);
    // Several regions per chromosome, touching and apart, so the "already returned" rule at
    // the joins of a chromosome's regions is exercised in both halves.
    const RegionSet regions({{"chr1", 1, 100'000'000},
                             {"chr1", 100'000'002, 248'956'422},
                             {"chr2", 1, 50'000'000},
                             {"chr2", 50'000'010, 242'193'529}});
    for (const fs::path& file : {vcf_gz, bcf}) {
        SCOPED_TRACE(file.filename().string());
        const Read one = expect_same_both_ways(file, regions);
        EXPECT_GT(one.records.size(), 1000u);
    }
}

// ---- errors: a synthetic file with records on chr1, chr2 and chr3, many BGZF blocks each

// Writes `n` records per chromosome (GT:DP) as VCF.gz + .tbi and BCF + .csi, and `chr1_past_end`
// records at the end of chr1, past its GRCh38 length.
std::optional<test::VcfFormats> three_chromosomes(const fs::path& dir, int n,
                                                  int chr1_past_end = 0) {
    std::string text =
        "##fileformat=VCFv4.2\n"
        "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
        "##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"Depth\">\n"
        "##contig=<ID=chr1,length=248956422>\n##contig=<ID=chr2,length=242193529>\n"
        "##contig=<ID=chr3,length=198295559>\n"
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tbaby\n";
    for (const char* chrom : {"chr1", "chr2", "chr3"})
        for (int i = 1; i <= n + (std::string(chrom) == "chr1" ? chr1_past_end : 0); ++i)
            text += std::string(chrom) + '\t' +
                    std::to_string(i <= n ? 1000 + 10 * i : 248'956'422 + 10 * (i - n)) +
                    "\t.\tA\tG\t50\tPASS\t.\tGT:DP\t0/1:" + std::to_string(10 + i % 40) + '\n';
    return test::write_formats(dir, "three", text);
}

// The offset of the second BGZF block of the records `file`'s index gives for chrom:1-end,
// checked to lie strictly inside that chromosome's data (so it holds no other chromosome).
std::optional<std::int64_t> second_block_of(const fs::path& file, bool is_bcf, const char* chrom) {
    hts_idx_t* idx = nullptr;
    tbx_t* tbx = nullptr;
    int tid = -1;
    if (is_bcf) {
        idx = bcf_index_load(file.c_str());
        htsFile* f = hts_open(file.c_str(), "r");
        bcf_hdr_t* h = bcf_hdr_read(f);
        tid = bcf_hdr_name2id(h, chrom);
        bcf_hdr_destroy(h);
        hts_close(f);
    } else {
        tbx = tbx_index_load(file.c_str());
        tid = tbx_name2id(tbx, chrom);
    }
    hts_itr_t* itr = is_bcf ? bcf_itr_queryi(idx, tid, 0, 300'000'000)
                            : tbx_itr_queryi(tbx, tid, 0, 300'000'000);
    std::optional<std::int64_t> out;
    if (itr != nullptr && itr->n_off > 0) {
        const auto first = static_cast<std::int64_t>(itr->off[0].u >> 16);
        const auto last = static_cast<std::int64_t>(itr->off[itr->n_off - 1].v >> 16);
        std::ifstream in(file, std::ios::binary);
        in.seekg(first + 16);
        unsigned char bsize[2] = {0, 0};
        in.read(reinterpret_cast<char*>(bsize), 2);
        const std::int64_t second = first + (bsize[0] | (bsize[1] << 8)) + 1;
        if (second < last) out = second;
    }
    hts_itr_destroy(itr);
    if (idx != nullptr) hts_idx_destroy(idx);
    if (tbx != nullptr) tbx_destroy(tbx);
    return out;
}

// Overwrites 64 bytes in the middle of the compressed data of the block at `block`.
void corrupt_block(const fs::path& file, std::int64_t block) {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(block + 16);
    unsigned char bsize[2] = {0, 0};
    f.read(reinterpret_cast<char*>(bsize), 2);
    const std::int64_t size = (bsize[0] | (bsize[1] << 8)) + 1;
    f.seekp(block + size / 2);
    const std::string junk(64, '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
}

const RegionSet kThree({{"chr1", 1, 10'000'000}, {"chr2", 1, 10'000'000}, {"chr3", 1, 10'000'000}});

struct Corrupted {
    fs::path file;
    bool is_bcf;
};

// Both containers of the three-chromosome file, with the named chromosomes' second blocks
// corrupted.
std::vector<Corrupted> corrupted_files(const fs::path& dir, std::vector<const char*> chroms,
                                       int chr1_past_end = 0) {
    const auto f = three_chromosomes(dir, 20'000, chr1_past_end);
    if (!f) return {};
    std::vector<Corrupted> out{{f->vcf_gz, false}, {f->bcf, true}};
    for (const Corrupted& c : out)
        for (const char* chrom : chroms) {
            const auto block = second_block_of(c.file, c.is_bcf, chrom);
            if (!block) {
                ADD_FAILURE() << c.file << ": " << chrom << " has no second block of its own";
                return {};
            }
            corrupt_block(c.file, *block);
        }
    return out;
}

std::size_t count_of(const Read& r, const std::string& chrom) {
    return static_cast<std::size_t>(std::count(r.chroms.begin(), r.chroms.end(), chrom));
}

TEST_F(VcfReaderSplit, AnErrorInTheSecondHalfSurfacesWhereOnePassMeetsIt) {
    const auto files = corrupted_files(test::test_scratch(), {"chr3"});
    ASSERT_EQ(files.size(), 2u);
    for (const Corrupted& c : files) {
        SCOPED_TRACE(c.file.filename().string());
        const Read one = expect_same_both_ways(c.file, kThree);
        // The one pass read chr1 and chr2 whole and part of chr3, then met the corrupt block.
        EXPECT_THAT(one.error, HasSubstr("corrupt or truncated"));
        EXPECT_THAT(one.error, HasSubstr("chr3:1-10000000"));
        EXPECT_EQ(count_of(one, "chr1"), 20'000u);
        EXPECT_EQ(count_of(one, "chr2"), 20'000u);
        EXPECT_GT(count_of(one, "chr3"), 0u);
        EXPECT_LT(count_of(one, "chr3"), 20'000u);
        // The halves: chr3 (and chr2, nearest half of the bases) were read on the second thread,
        // which met the error long before the reader finished chr1; the reader still got every
        // record before it, in order (expect_same_both_ways compared them).
        const Read two = read(c.file, kThree, {1, std::size_t{32} << 20});
        EXPECT_EQ(two.split_at, 1u);
        EXPECT_EQ(two.records.size(), one.records.size());
    }
}

TEST_F(VcfReaderSplit, AnErrorInTheFirstHalfWinsOverOneInTheSecond) {
    const auto files = corrupted_files(test::test_scratch(), {"chr1", "chr3"});
    ASSERT_EQ(files.size(), 2u);
    for (const Corrupted& c : files) {
        SCOPED_TRACE(c.file.filename().string());
        const Read one = expect_same_both_ways(c.file, kThree, std::nullopt, std::nullopt, false);
        EXPECT_THAT(one.error, HasSubstr("chr1:1-10000000"));
        EXPECT_GT(count_of(one, "chr1"), 0u);
        EXPECT_EQ(count_of(one, "chr2") + count_of(one, "chr3"), 0u);
    }
}

// A record past a chromosome's end, found in the index before the first record is returned, is
// still the first error when the second half (here with a corrupt block of its own) has started
// reading beside that check.
TEST_F(VcfReaderSplit, ARecordPastAChromosomeEndWinsOverAnErrorInTheSecondHalf) {
    const auto files = corrupted_files(test::test_scratch(), {"chr3"}, 2);
    ASSERT_EQ(files.size(), 2u);
    for (const Corrupted& c : files) {
        SCOPED_TRACE(c.file.filename().string());
        const Read one = expect_same_both_ways(c.file, kThree, std::nullopt, std::nullopt, false);
        EXPECT_THAT(one.error, HasSubstr("beyond the end of chr1"));
        EXPECT_TRUE(one.records.empty());
    }
}

// What on_read_complete was called with: how often, and the footprint's byte ranges then.
struct Completion {
    int calls = 0;
    std::vector<ByteRange> ranges_then, ranges_at_end;
    std::string error;
};

Completion read_with_completion(const fs::path& file, std::int64_t split_min_bases,
                                bool use_index = true) {
    Completion c;
    std::atomic<int> calls{0};
    ReadFootprint footprint;
    {
        VcfOpenOptions o;
        o.use_index = use_index;
        o.split_min_bases = split_min_bases;
        o.footprint = &footprint;
        o.on_read_complete = [&] {
            ++calls;
            c.ranges_then = footprint_ranges(file.string(), footprint);
        };
        try {
            VcfReader reader(file.string(), o);
            reader.restrict_to(kThree);
            VcfRecord rec;
            while (reader.next(rec) == ReadStatus::ok) {
            }
        } catch (const InputError& e) {
            c.error = e.what();
        }
    }
    c.calls = calls.load();
    c.ranges_at_end = footprint_ranges(file.string(), footprint);
    return c;
}

// The hook a lone baby's key is hashed from (batch_runner.cpp): called once, in one pass and in
// two halves, when the footprint is what it is at the end; never for a read that fails, in
// either half, nor for a streamed read (keyed by the whole file).
TEST_F(VcfReaderSplit, ReadCompleteIsCalledOnceTheFootprintIsFinal) {
    const auto f = three_chromosomes(test::test_scratch(), 20'000);
    ASSERT_TRUE(f);
    for (const fs::path& file : {f->vcf_gz, f->bcf}) {
        for (const std::int64_t split : {std::int64_t{0}, std::int64_t{1}}) {
            SCOPED_TRACE(file.filename().string() + " split " + std::to_string(split));
            const Completion c = read_with_completion(file, split);
            EXPECT_TRUE(c.error.empty()) << c.error;
            EXPECT_EQ(c.calls, 1);
            EXPECT_FALSE(c.ranges_then.empty());
            EXPECT_EQ(c.ranges_then, c.ranges_at_end);
        }
        EXPECT_EQ(read_with_completion(file, 1, /*use_index=*/false).calls, 0);
    }
    for (const auto& corrupt : {std::vector<const char*>{"chr3"}, std::vector<const char*>{"chr1"}})
        for (const Corrupted& c : corrupted_files(test::test_scratch(corrupt[0]), corrupt)) {
            for (const std::int64_t split : {std::int64_t{0}, std::int64_t{1}}) {
                SCOPED_TRACE(c.file.filename().string() + " corrupt " + corrupt[0] + " split " +
                             std::to_string(split));
                const Completion got = read_with_completion(c.file, split);
                EXPECT_THAT(got.error, HasSubstr("corrupt or truncated"));
                EXPECT_EQ(got.calls, 0);
            }
        }
}

TEST(ChooseSplit, CutsAtTheChromosomeBoundaryNearestHalfTheBases) {
    const std::vector<Region> regs = {{"chr1", 1, 100},
                                      {"chr1", 201, 300},
                                      {"chr2", 1, 100},
                                      {"chr3", 1, 1000},
                                      {"chr3", 2001, 2100}};
    // 200 + 100 + 1100 bases: the boundary before chr3 (300 | 1100) is nearer half (700) than the
    // one before chr2 (200 | 1200); never between chr1's two regions.
    EXPECT_EQ(choose_split(regs, {0, 0, 1, 2, 2}, 1), 3u);
    // A side below the minimum: no split.
    EXPECT_EQ(choose_split(regs, {0, 0, 1, 2, 2}, 301), 0u);
    EXPECT_EQ(choose_split(regs, {0, 0, 1, 2, 2}, 300), 3u);
    // Contigs the file lacks weigh nothing: without chr3 the only useful cut is before chr2.
    EXPECT_EQ(choose_split(regs, {0, 0, 1, -1, -1}, 1), 2u);
    // A smaller share for the first half moves the cut to the earlier boundary (200 is nearer
    // than 300 to 0.1 of 1400).
    EXPECT_EQ(choose_split(regs, {0, 0, 1, 2, 2}, 1, 0.1), 2u);
    // One chromosome, or splitting switched off: one pass.
    EXPECT_EQ(choose_split({{"chr1", 1, 100}, {"chr1", 201, 300}}, {0, 0}, 1), 0u);
    EXPECT_EQ(choose_split(regs, {0, 0, 1, 2, 2}, 0), 0u);
}

}  // namespace
}  // namespace nbs
