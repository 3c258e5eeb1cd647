// What an indexed screen read is enough to prove its input (batch/vcf_identity.hpp): a copy of the
// file with every byte outside the screen's footprint zeroed gives the same result and the same
// identity, and a resume reuses a result exactly while what the screen read is unchanged.
//
// The files are built here: a chr7 of records every 500 bp (plain calls, or gVCF reference blocks
// so the coverage scan reads through the index too) with chrX and chrY calls in the sex windows,
// bgzipped and indexed by bgzip/bcftools (tabix and CSI), and as BCF. About 330,000 records: a few
// hundred BGZF blocks, of which the panel's chr7 genes and the sex windows are a minority.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "engine/batch/batch_runner.hpp"
#include "engine/batch/vcf_identity.hpp"
#include "engine/core/read_footprint.hpp"
#include "engine/io/footprint_ranges.hpp"
#include "engine/io/vcf_reader.hpp"
#include "engine/panel/panel_files.hpp"
#include "engine/report/json_result.hpp"
#include "engine/screen/screen_baby.hpp"
#include "support/cli_runner.hpp"
#include "support/panel_fixture.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;

void run(const std::string& cmd) {
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

// Every `step` bp of chr7 and of chrX/chrY's first 60 Mb / 26 Mb (the sex windows lie there).
void write_vcf(const fs::path& path, bool gvcf) {
    std::ofstream out(path);
    out << "##fileformat=VCFv4.2\n"
           "##contig=<ID=chr7,length=159345973>\n"
           "##contig=<ID=chrX,length=156040895>\n"
           "##contig=<ID=chrY,length=57227415>\n"
           "##INFO=<ID=END,Number=1,Type=Integer,Description=\"End of the block\">\n"
           "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
           "##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"Depth\">\n"
           "##FORMAT=<ID=GQ,Number=1,Type=Integer,Description=\"Genotype quality\">\n"
           "##FORMAT=<ID=MIN_DP,Number=1,Type=Integer,Description=\"Minimum depth\">\n"
           "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tBABY\n";
    std::mt19937 rng(7);
    const char* bases = "ACGT";
    auto chrom = [&](const char* name, std::int64_t end, int step) {
        for (std::int64_t pos = 10001; pos < end; pos += step) {
            const char ref = bases[rng() % 4];
            const char alt = bases[(rng() % 3 + 1 +
                                    (ref == 'A'   ? 0
                                     : ref == 'C' ? 1
                                     : ref == 'G' ? 2
                                                  : 3)) %
                                   4];
            const bool het = rng() % 4 == 0;
            out << name << '\t' << pos << "\t.\t" << ref << '\t';
            if (gvcf && !het)
                out << "<NON_REF>\t.\t.\tEND=" << pos + step - 1
                    << "\tGT:DP:GQ:MIN_DP\t0/0:31:60:28\n";
            else
                out << alt << (gvcf ? ",<NON_REF>" : "") << "\t50\tPASS\t.\tGT:DP:GQ\t"
                    << (het ? "0/1" : "1/1") << ":30:" << 40 + rng() % 50 << '\n';
        }
    };
    chrom("chr7", 159000000, 500);
    chrom("chrX", 60000000, 5000);
    chrom("chrY", 26000000, 5000);
}

struct Built {
    fs::path vcf;
    std::vector<std::string> indexes;  // names beside it
};

// The name of the running test, made a file name: ctest runs tests as processes side by side.
std::string test_name() {
    std::string n = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    for (char& c : n)
        if (c == '/') c = '_';
    return n;
}

// vcf.gz + .tbi, vcf.gz + .csi, BCF + .csi; plain or gVCF.
Built build(const std::string& kind) {
    const fs::path dir = test::scratch_dir("read_footprint_" + kind + "_" + test_name());
    const bool gvcf = kind.find("gvcf") != std::string::npos;
    write_vcf(dir / "calls.vcf", gvcf);
    Built b;
    if (kind.rfind("bcf", 0) == 0) {
        b.vcf = dir / "calls.bcf";
        run("bcftools view --no-version -Ob -o " + b.vcf.string() + " " +
            (dir / "calls.vcf").string());
        run("bcftools index -c " + b.vcf.string());
        b.indexes = {"calls.bcf.csi"};
    } else {
        b.vcf = dir / "calls.vcf.gz";
        run("bgzip -c " + (dir / "calls.vcf").string() + " > " + b.vcf.string());
        const bool csi = kind.find("csi") != std::string::npos;
        run(std::string("bcftools index ") + (csi ? "-c " : "-t ") + b.vcf.string());
        b.indexes = {std::string("calls.vcf.gz") + (csi ? ".csi" : ".tbi")};
    }
    fs::remove(dir / "calls.vcf");
    return b;
}

BabyInput input_for(const fs::path& vcf) {
    BabyInput in;
    in.sample_id = "baby";
    in.vcf = vcf.string();
    in.reported_sex = Karyotype::XY;
    return in;
}

// `split`: read the regions in two halves on two threads (io/region_halves.hpp), as a baby
// screened alone is; both halves note what they read.
std::string screen_json(const fs::path& vcf, ReadFootprint* footprint, bool use_index = true,
                        bool split = false) {
    const ScreenPlan& plan = test::generation_study_plan();
    ScreenOptions o;
    o.use_index = use_index;
    o.split_indexed_read = split;
    return result_to_json(screen_baby(plan, input_for(vcf), o, nullptr, footprint), plan.panel(),
                          std::nullopt);
}

// The file with every byte outside `ranges` set to zero.
void zero_outside(const fs::path& from, const fs::path& to, const std::vector<ByteRange>& ranges) {
    const std::string bytes = test::slurp(from);
    std::string zeroed(bytes.size(), '\0');
    for (const ByteRange& r : ranges)
        zeroed.replace(r.begin, r.end - r.begin, bytes, r.begin, r.end - r.begin);
    std::ofstream(to, std::ios::binary) << zeroed;
}

std::uint64_t total(const std::vector<ByteRange>& ranges) {
    std::uint64_t n = 0;
    for (const ByteRange& r : ranges)
        n += r.end - r.begin;
    return n;
}

class Footprint : public ::testing::TestWithParam<std::string> {};

TEST_P(Footprint, IsEnoughToScreenAndToProveTheFile) {
    const Built b = build(GetParam());
    ReadFootprint footprint;
    const std::string json = screen_json(b.vcf, &footprint);
    ASSERT_FALSE(footprint.whole_file()) << "an indexed screen noted the whole file";
    const std::vector<ByteRange> ranges = footprint_ranges(b.vcf.string(), footprint);
    const std::uint64_t size = fs::file_size(b.vcf);
    // Read is a minority of the file (or the test proves little), and includes its first block.
    EXPECT_LT(total(normalise_ranges(ranges, size)) * 2, size)
        << total(ranges) << " of " << size << " bytes";
    ASSERT_FALSE(ranges.empty());
    EXPECT_EQ(ranges.front().begin, 0U);

    // Nothing outside the footprint decides anything: the zeroed copy screens the same and has
    // the same identity (same name, size, index and bytes read).
    const fs::path copy_dir = test::scratch_dir("read_footprint_zeroed_" + GetParam());
    const fs::path copy = copy_dir / b.vcf.filename();
    zero_outside(b.vcf, copy, ranges);
    for (const std::string& idx : b.indexes)
        fs::copy_file(b.vcf.parent_path() / idx, copy_dir / idx);
    ReadFootprint again;
    EXPECT_EQ(screen_json(copy, &again), json);
    EXPECT_EQ(footprint_ranges(copy.string(), again), ranges);
    // Read in two halves (chr7, then chrX and chrY on the second thread): the same bytes.
    ReadFootprint halves;
    EXPECT_EQ(screen_json(copy, &halves, true, /*split=*/true), json);
    EXPECT_EQ(footprint_ranges(copy.string(), halves), ranges);
    {  // which the screen's regions do split
        VcfOpenOptions vo;
        vo.split_min_bases = kSplitIndexedReadMinBases;
        VcfReader reader(copy.string(), vo);
        reader.restrict_to(test::generation_study_plan().read_regions());
        VcfRecord rec;
        ASSERT_EQ(reader.next(rec), ReadStatus::ok);
        EXPECT_GT(reader.regions_split_at(), 0U);
    }
    const std::string identity = vcf_identity(b.vcf.string(), footprint);
    EXPECT_TRUE(is_footprint_identity(identity)) << identity.substr(0, 80);
    {  // The recipe (vcf_identity.hpp) written out, so stored keys stay valid: the size, each
       // index file beside the VCF whole (in the order htslib looks for them), each range.
        const std::uint64_t size = fs::file_size(b.vcf);
        std::string text = "nbscreen read footprint v1\nsize " + std::to_string(size) + "\n";
        const std::string v = b.vcf.string();
        const std::string stem = (b.vcf.parent_path() / b.vcf.stem()).string();
        for (const std::string& index : {v + ".tbi", v + ".csi", stem + ".tbi", stem + ".csi"})
            if (fs::is_regular_file(index))
                text += "index " + fs::path(index).filename().string() + " " +
                        sha256_file_hex(index) + "\n";
        const auto cut = normalise_ranges(footprint_ranges(v, footprint), size);
        std::ifstream in(b.vcf, std::ios::binary);
        for (const ByteRange& r : cut) {
            std::string bytes(r.end - r.begin, '\0');
            in.seekg(static_cast<std::streamoff>(r.begin));
            in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
            text += "range " + std::to_string(r.begin) + " " + std::to_string(r.end) + " " +
                    sha256_hex(bytes) + "\n";
        }
        EXPECT_EQ(identity, "footprint-v1:" + sha256_hex(text) + ":" + format_ranges(cut));
    }
    // Hashed by two threads (a baby screened alone), the identity is the same; and by threads
    // that join when they come free (FootprintHash), however many.
    EXPECT_EQ(vcf_identity(b.vcf.string(), footprint, 2), identity);
    {
        FootprintHash hash(b.vcf.string(), footprint);
        std::vector<std::jthread> late;
        for (int i = 0; i < 3; ++i)
            late.emplace_back([&hash] { hash.work(); });
        EXPECT_EQ(hash.identity(), identity);
    }
    EXPECT_EQ(vcf_identity_like(b.vcf.string(), identity, 2), identity);
    EXPECT_EQ(vcf_identity(copy.string(), again), identity);
    EXPECT_EQ(vcf_identity_like(copy.string(), identity), identity);
    EXPECT_NE(vcf_sha256(copy.string()), vcf_sha256(b.vcf.string()));

    // A byte inside the footprint, the size or the index changes the identity.
    {
        std::fstream f(copy, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(ranges.back().begin + 100));
        f.put('\x5a');
    }
    EXPECT_NE(vcf_identity_like(copy.string(), identity), identity);
    zero_outside(b.vcf, copy, ranges);
    EXPECT_EQ(vcf_identity_like(copy.string(), identity), identity);
    { std::ofstream(copy, std::ios::binary | std::ios::app) << '\0'; }
    EXPECT_NE(vcf_identity_like(copy.string(), identity), identity);
    zero_outside(b.vcf, copy, ranges);
    { std::ofstream(copy_dir / b.indexes.front(), std::ios::binary | std::ios::app) << '\0'; }
    EXPECT_NE(vcf_identity_like(copy.string(), identity), identity);
}

// Streamed (no index used), the screen reads the whole file, and only the whole file proves it.
TEST_P(Footprint, AStreamedScreenIsProvenByTheWholeFile) {
    const Built b = build(GetParam());
    ReadFootprint footprint;
    (void)screen_json(b.vcf, &footprint, /*use_index=*/false);
    EXPECT_TRUE(footprint.whole_file());
    EXPECT_EQ(vcf_identity(b.vcf.string(), footprint), vcf_sha256(b.vcf.string()));
}

INSTANTIATE_TEST_SUITE_P(Files, Footprint,
                         ::testing::Values("vcf_tbi", "vcf_csi", "bcf", "gvcf_tbi", "bcf_gvcf"));

// A resume reuses the result while what the screen read is unchanged (bytes elsewhere in the
// file may change: nothing read them), and screens again when a byte it read changes.
// Run as a batch (one pass, hashed after the read) and as a baby alone (two halves, hashed beside
// the end of the read, batch_runner.cpp): the key stored either way is the one a resume computes.
class FootprintResume : public ::testing::TestWithParam<bool> {};

TEST_P(FootprintResume, ReusesExactlyWhileWhatWasReadIsUnchanged) {
    const Built b = build(GetParam() ? "resume_bcf_alone" : "resume_bcf");
    ManifestRow m;
    m.input = input_for(b.vcf);
    BatchOptions o;
    o.out_dir = b.vcf.parent_path() / "out";
    o.screen.split_indexed_read = GetParam();
    ASSERT_EQ(run_batch(test::generation_study_plan(), {m}, o).screened, 1U);
    const std::string record = test::slurp(o.out_dir / ".nbscreen" / "baby.key");
    const auto at = record.find("\ninput footprint-v1:");
    ASSERT_NE(at, std::string::npos) << record;
    const std::string identity = record.substr(at + 7, record.find('\n', at + 1) - at - 7);
    const auto ranges = parse_ranges(identity.substr(identity.rfind(':') + 1));
    ASSERT_TRUE(ranges.has_value());

    // Every byte outside what was read, zeroed: still this baby's result.
    const std::string original = test::slurp(b.vcf);
    zero_outside(fs::path(b.vcf), b.vcf.parent_path() / "zeroed.tmp", *ranges);
    fs::rename(b.vcf.parent_path() / "zeroed.tmp", b.vcf);
    const BatchOutcome reused = run_batch(test::generation_study_plan(), {m}, o);
    EXPECT_EQ(reused.skipped, 1U);
    EXPECT_EQ(reused.screened, 0U);

    // One byte inside it changed: screened again (here it fails: the block no longer inflates).
    {
        std::fstream f(b.vcf, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>((*ranges)[1].begin + 40));
        f.put('\x5a');
    }
    const BatchOutcome redone = run_batch(test::generation_study_plan(), {m}, o);
    EXPECT_EQ(redone.skipped, 0U);
}

INSTANTIATE_TEST_SUITE_P(BatchOrAlone, FootprintResume, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "alone" : "batch"; });

TEST(FootprintRanges, AreMergedCutAndWrittenOneWay) {
    const auto n = normalise_ranges({{50, 60}, {0, 10}, {10, 20}, {55, 100}, {5, 5}}, 80);
    EXPECT_EQ(n, (std::vector<ByteRange>{{0, 20}, {50, 80}}));
    EXPECT_EQ(format_ranges(n), "0-20,50-80");
    EXPECT_EQ(parse_ranges("0-20,50-80"), n);
    for (const char* bad : {"", "0-20,", "20-10", "0-20,15-30", "0-20,20-30", "a-b", "0-20;50-80",
                            "-5-10", "0-18446744073709551616"})
        EXPECT_FALSE(parse_ranges(bad).has_value()) << bad;
    ReadFootprint f;
    f.add(100, 200);
    f.add(0, 50);
    f.add(150, 300);
    f.add(7, 7);
    f.add_through_block(400, 1000);  // through the block at 1000, which the resolver ends at 1234
    const auto ends = [](std::uint64_t start) { return start == 1000 ? 1234 : 0; };
    EXPECT_EQ(f.ranges(ends), (std::vector<ByteRange>{{0, 50}, {100, 300}, {400, 1234}}));
    EXPECT_FALSE(f.whole_file());
    f.add_whole_file();
    EXPECT_TRUE(f.whole_file());
}

}  // namespace
}  // namespace nbs
