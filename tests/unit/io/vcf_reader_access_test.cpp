// VcfReader access modes: the indexed jump and the streaming pre-check return the same records
// for the same regions (VCF.gz, BCF, multi-sample), the BGZF line scanner agrees with the plain
// text path line for line, and the pre-check keeps records that only overlap a region through
// their REF, drops the rest, and refuses unsorted input with the line and locus.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/io/vcf_reader.hpp"
#include "engine/panel/panel_parser.hpp"
#include "engine/screen/screen_plan.hpp"
#include "support/cli_runner.hpp"
#include "support/panel_fixture.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;

const fs::path kSample = fs::path(NBS_SOURCE_DIR) / "sample_data";

// A record as text, every field the screen uses, so two reads can be compared exactly.
std::string describe(const VcfRecord& r) {
    std::string s = r.chrom + ':' + std::to_string(r.pos) + ' ' + r.ref + '>';
    for (const auto& a : r.alts)
        s += a + ',';
    s += " F=";
    for (const auto& f : r.filters)
        s += f + ',';
    s += " GT=";
    for (int a : r.sample.alleles)
        s += std::to_string(a) + (r.sample.phased ? '|' : '/');
    s += " AD=";
    for (int a : r.sample.ad)
        s += std::to_string(a) + ',';
    s += " GQ=" + (r.sample.gq ? std::to_string(*r.sample.gq) : ".");
    s += " DP=" + (r.sample.dp ? std::to_string(*r.sample.dp) : ".");
    s += " PS=" + (r.sample.phase_set ? std::to_string(*r.sample.phase_set) : ".");
    s += " END=" + (r.end ? std::to_string(*r.end) : ".");
    for (const auto& i : r.info)
        s += ' ' + i.key + '=' + i.value + '(' + i.number + ')';
    return s;
}

struct ReadResult {
    std::vector<std::string> records;
    AccessMode mode = AccessMode::streaming;
    std::uint64_t seen = 0, decoded = 0;
};

ReadResult read_all(const std::string& path, const RegionSet* regions, bool use_index,
                    std::optional<std::string> sample = std::nullopt, int threads = 0) {
    VcfOpenOptions o;
    o.sample = std::move(sample);
    o.use_index = use_index;
    o.threads = threads;
    o.info_keys = {"DP", "AF_grpmax", "CLNSIG", "END"};
    VcfReader reader(path, o);
    if (regions != nullptr) reader.restrict_to(*regions);
    ReadResult out;
    out.mode = reader.access_mode();
    VcfRecord rec;
    while (reader.next(rec) == ReadStatus::ok)
        out.records.push_back(describe(rec));
    out.seen = reader.records_seen();
    out.decoded = reader.records_decoded();
    return out;
}

class VcfReaderAccess : public ::testing::Test {
  protected:
    static void SetUpTestSuite() { plan_ = &test::generation_study_plan(); }
    static const RegionSet& regions() { return plan_->read_regions(); }
    static const ScreenPlan* plan_;
};
const ScreenPlan* VcfReaderAccess::plan_ = nullptr;

TEST_F(VcfReaderAccess, IndexedAndStreamingReturnTheSameRecordsForEverySampleFile) {
    const std::vector<std::pair<std::string, std::optional<std::string>>> files = {
        {"baby01.vcf.gz", std::nullopt},
        {"baby02.bcf", std::nullopt},
        {"baby04.vcf.gz", std::nullopt},
        {"baby06.vcf.gz", std::nullopt},
        {"baby07_baby08.multisample.vcf.gz", "baby07"},
        {"baby07_baby08.multisample.vcf.gz", "baby08"}};
    for (const auto& [file, sample] : files) {
        SCOPED_TRACE(file + " " + sample.value_or(""));
        const std::string path = (kSample / file).string();
        const ReadResult indexed = read_all(path, &regions(), true, sample);
        const ReadResult streamed = read_all(path, &regions(), false, sample);
        EXPECT_EQ(indexed.mode, AccessMode::indexed);
        EXPECT_EQ(streamed.mode, AccessMode::streaming);
        ASSERT_FALSE(indexed.records.empty());
        EXPECT_EQ(indexed.records, streamed.records);
        // Streaming looked at every record but decoded only those in the panel.
        EXPECT_EQ(streamed.decoded, streamed.records.size());
        EXPECT_GT(streamed.seen, streamed.decoded);
    }
}

TEST_F(VcfReaderAccess, DecompressionThreadsDoNotChangeWhatIsRead) {
    const std::string path = (kSample / "baby04.vcf.gz").string();
    EXPECT_EQ(read_all(path, &regions(), false, std::nullopt, 2).records,
              read_all(path, &regions(), false, std::nullopt, 0).records);
    EXPECT_EQ(read_all(path, nullptr, false, std::nullopt, 2).records,
              read_all(path, nullptr, false, std::nullopt, 0).records);
}

TEST_F(VcfReaderAccess, PlainVcfHasNoIndexAndStreams) {
    const ReadResult r = read_all((kSample / "baby03.vcf").string(), &regions(), true);
    EXPECT_EQ(r.mode, AccessMode::streaming);
    EXPECT_FALSE(r.records.empty());
    EXPECT_GT(r.seen, r.decoded);
}

// The BGZF scanner finds lines inside decompressed blocks (and joins those cut by a block
// boundary); it must agree with htslib's own line reader on the plain text, record for record.
TEST_F(VcfReaderAccess, BgzfLineScannerAgreesWithThePlainTextReader) {
    const fs::path dir = test::scratch_dir("vcf_reader_bgzf_lines");
    for (const char* file : {"baby04.vcf.gz", "baby01.vcf.gz"}) {
        SCOPED_TRACE(file);
        const fs::path plain = dir / (std::string(file) + ".vcf");
        const std::string cmd =
            "gzip -dc '" + (kSample / file).string() + "' > '" + plain.string() + "'";
        ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
        ASSERT_GT(fs::file_size(plain), 65536U) << "the fixture should span several BGZF blocks";
        const ReadResult from_bgzf = read_all((kSample / file).string(), nullptr, false);
        const ReadResult from_text = read_all(plain.string(), nullptr, false);
        ASSERT_GT(from_bgzf.records.size(), 100U);
        EXPECT_EQ(from_bgzf.records, from_text.records);
        EXPECT_EQ(from_bgzf.seen, from_text.seen);
    }
}

// ---- the pre-check on its own

RegionSet two_regions() {
    return RegionSet({{"chr7", 1000, 2000}, {"chr7", 5000, 6000}, {"chrX", 100, 200}});
}

std::string vcf_line(const std::string& chrom, std::int64_t pos, const std::string& ref) {
    return chrom + '\t' + std::to_string(pos) + "\t.\t" + ref + "\tA\t50\tPASS\t.\tGT\t0/1";
}

TEST(RecordPrecheck, KeepsRecordsInsideRegionsAndDropsTheRest) {
    const RegionSet rs = two_regions();
    RecordPrecheck pc(&rs);
    std::uint64_t n = 0;
    auto wanted = [&](const std::string& line) { return pc.wanted_line(line, "x.vcf", ++n); };
    EXPECT_FALSE(wanted(vcf_line("chr1", 1500, "A")));  // no region on chr1
    EXPECT_FALSE(wanted(vcf_line("chr7", 10, "A")));
    EXPECT_FALSE(wanted(vcf_line("chr7", 999, "A")));
    EXPECT_TRUE(wanted(vcf_line("chr7", 1000, "A")));
    EXPECT_TRUE(wanted(vcf_line("chr7", 2000, "A")));
    EXPECT_FALSE(wanted(vcf_line("chr7", 2001, "A")));
    EXPECT_TRUE(wanted(vcf_line("chr7", 5500, "A")));
    EXPECT_FALSE(wanted(vcf_line("chr7", 6001, "A")));  // after the last region on chr7
    EXPECT_TRUE(wanted(vcf_line("chrX", 150, "A")));
    EXPECT_FALSE(wanted(vcf_line("chrUn_KI270302v1", 150, "A")));  // not a primary contig
}

TEST(RecordPrecheck, KeepsADeletionThatReachesARegionFromBeforeIt) {
    const RegionSet rs = two_regions();
    RecordPrecheck pc(&rs);
    // Starts 3 bases before chr7:5000; REF is 5 bases long, so it covers 4997-5001.
    EXPECT_TRUE(pc.wanted_line(vcf_line("chr7", 4997, "ACGTA"), "x.vcf", 1));
    RecordPrecheck pc2(&rs);
    // REF of 3 bases ends at 4999: just short of the region.
    EXPECT_FALSE(pc2.wanted_line(vcf_line("chr7", 4997, "ACG"), "x.vcf", 1));
}

TEST(RecordPrecheck, UnderstandsBareContigNames) {
    const RegionSet rs = two_regions();
    RecordPrecheck pc(&rs);
    EXPECT_TRUE(pc.wanted_line(vcf_line("7", 1500, "A"), "x.vcf", 1));
    EXPECT_TRUE(pc.wanted_line(vcf_line("X", 150, "A"), "x.vcf", 2));
}

TEST(RecordPrecheck, RefusesPositionsOutOfOrderNamingTheLine) {
    const RegionSet rs = two_regions();
    RecordPrecheck pc(&rs);
    EXPECT_FALSE(pc.wanted_line(vcf_line("chr7", 3000, "A"), "x.vcf", 10));
    try {
        (void)pc.wanted_line(vcf_line("chr7", 2500, "A"), "x.vcf", 11);
        FAIL() << "expected an InputError";
    } catch (const InputError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("x.vcf:11"), std::string::npos) << what;
        EXPECT_NE(what.find("chr7:2500"), std::string::npos) << what;
        EXPECT_NE(what.find("not sorted"), std::string::npos) << what;
    }
}

TEST(RecordPrecheck, RefusesAChromosomeThatComesBack) {
    RecordPrecheck pc(nullptr);  // order is checked even when every line is wanted
    EXPECT_TRUE(pc.wanted_line(vcf_line("chr1", 100, "A"), "x.vcf", 1));
    EXPECT_TRUE(pc.wanted_line(vcf_line("chr2", 50, "A"), "x.vcf", 2));
    EXPECT_THROW((void)pc.wanted_line(vcf_line("chr1", 200, "A"), "x.vcf", 3), InputError);
}

TEST(RecordPrecheck, LeavesLinesWithoutColumnsToTheParserAndRefusesBadPositions) {
    const RegionSet rs = two_regions();
    RecordPrecheck pc(&rs);
    EXPECT_TRUE(
        pc.wanted_line("no tabs here", "x.vcf", 1));  // the parser reports it, with its line
    // htslib would take POS "not_a_number" as some position; the pre-check refuses it outright.
    EXPECT_THROW((void)pc.wanted_line("chr7\tnot_a_number\t.\tA\tC", "x.vcf", 2), InputError);
}

TEST(RecordPrecheck, DecodedRecordsUseTheirEnd) {
    const RegionSet rs = two_regions();
    RecordPrecheck pc(&rs);
    EXPECT_FALSE(pc.wanted_record("chr7", 900, 950, "x.bcf"));
    EXPECT_TRUE(pc.wanted_record("chr7", 990, 1005, "x.bcf"));  // spans the region's start
    EXPECT_FALSE(pc.wanted_record("chrUn_x", 1000, 1000, "x.bcf"));
}

}  // namespace
}  // namespace nbs
