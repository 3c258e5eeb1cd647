// Differential tests against mosdepth on the same reads and intervals. The read filters are made
// the same on both sides: mosdepth -F 3844 (unmapped, secondary, QC-fail, duplicate and
// supplementary; mosdepth's default -F 1796 would keep supplementary alignments) and -Q 10.
// mosdepth counts only M/=/X bases (not deletions) and counts the overlap of a proper pair once
// unless --fast-mode; nbscreen does the same, so per-interval bases >= each threshold and the mean
// depth must agree exactly.
//
// Two oracles: mosdepth 0.3.3's output recorded in tests/data/coverage (always runs), and mosdepth
// itself when installed (skipped otherwise).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/coverage/target_coverage.hpp"
#include "engine/io/alignment_reader.hpp"
#include "support/cli_runner.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;

const fs::path kData = fs::path(NBS_TEST_DATA);
const std::string kBam = (kData / "alignments/NA12878_S1.chr20.10_10p1mb.bam").string();
const std::string kCram = (kData / "alignments/NA12878_S1.chr20.10_10p1mb.cram").string();
const std::string kFasta = (kData / "alignments/ucsc.hg19.chr20.unittest.fasta.gz").string();
const fs::path kBed = kData / "coverage/na12878_chr20_targets.bed";
const std::vector<int> kThresholds = {15, 20, 30, 40, 50, 60};

struct OracleRow {
    Region region;  // 1-based
    std::vector<std::int64_t> bases_at;
    double mean = 0;
};

// Rows of "chrom start end name t1..tn mean" (BED coordinates), '#' lines skipped.
std::vector<OracleRow> parse_rows(std::istream& in, std::size_t n_thresholds, bool with_mean) {
    std::vector<OracleRow> rows;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream ss(line);
        OracleRow r;
        std::string name;
        std::int64_t beg = 0;
        ss >> r.region.chrom >> beg >> r.region.end >> name;
        r.region.start = beg + 1;
        r.bases_at.resize(n_thresholds);
        for (auto& v : r.bases_at)
            ss >> v;
        if (with_mean) ss >> r.mean;
        rows.push_back(r);
    }
    return rows;
}

std::vector<OracleRow> read_recorded(const fs::path& p) {
    std::ifstream in(p);
    return parse_rows(in, kThresholds.size(), true);
}

std::vector<Region> bed_intervals() {
    std::ifstream in(kBed);
    std::vector<Region> out;
    for (const auto& r : parse_rows(in, 0, false))
        out.push_back(r.region);
    return out;
}

std::vector<IntervalCoverage> ours(const std::string& path, const std::string& ref,
                                   bool mates_once) {
    AlignmentOpenOptions o;
    o.reference = ref;
    o.require_grch38 = false;  // the test reads are hg19
    AlignmentReader reader(path, o);
    CoverageSettings s;
    s.thresholds = kThresholds;
    DepthFilter f;
    f.min_mapq = 10;
    f.count_overlapping_mates_once = mates_once;
    const auto regions = bed_intervals();
    const auto tracks = reader.depth(regions, f);
    std::vector<IntervalCoverage> out;
    for (std::size_t i = 0; i < regions.size(); ++i)
        out.push_back(summarize_depth(regions[i], tracks[i], s));
    return out;
}

void expect_agree(const std::vector<IntervalCoverage>& got, const std::vector<OracleRow>& want,
                  bool check_mean) {
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        SCOPED_TRACE(want[i].region.to_string());
        EXPECT_EQ(got[i].region, want[i].region);
        EXPECT_EQ(got[i].bases_at, want[i].bases_at);
        if (check_mean) {
            const double mean =
                static_cast<double>(got[i].sum_depth) / static_cast<double>(got[i].bases);
            EXPECT_NEAR(mean, want[i].mean, 0.005 + 1e-9);
        }
    }
}

TEST(MosdepthRecorded, BamAgreesPerIntervalAtEveryThreshold) {
    expect_agree(ours(kBam, "", true),
                 read_recorded(kData / "coverage/na12878_chr20_targets.mosdepth.tsv"), true);
}

TEST(MosdepthRecorded, CramAgreesPerIntervalAtEveryThreshold) {
    expect_agree(ours(kCram, kFasta, true),
                 read_recorded(kData / "coverage/na12878_chr20_targets.mosdepth.tsv"), true);
}

// mosdepth --fast-mode counts overlapping mates twice but also ignores the CIGAR (a deletion then
// counts as depth), so it is not the same quantity as nbscreen's count_overlapping_mates_once =
// false: agreement is close (the difference is the deleted bases), not exact.
TEST(MosdepthRecorded, CountingOverlappingMatesTwiceIsCloseToFastMode) {
    const auto fast =
        read_recorded(kData / "coverage/na12878_chr20_targets.mosdepth_fast_mode.tsv");
    const auto normal = read_recorded(kData / "coverage/na12878_chr20_targets.mosdepth.tsv");
    const auto twice = ours(kBam, "", false);
    const auto once = ours(kBam, "", true);
    ASSERT_EQ(twice.size(), fast.size());
    bool differs = false;
    for (std::size_t i = 0; i < fast.size(); ++i) {
        SCOPED_TRACE(fast[i].region.to_string());
        for (std::size_t t = 0; t < kThresholds.size(); ++t) {
            EXPECT_NEAR(static_cast<double>(twice[i].bases_at[t]),
                        static_cast<double>(fast[i].bases_at[t]),
                        2.0 + 0.001 * static_cast<double>(twice[i].bases));
            EXPECT_GE(twice[i].bases_at[t], once[i].bases_at[t]);
        }
        differs = differs || fast[i].bases_at != normal[i].bases_at;
    }
    EXPECT_TRUE(differs)
        << "overlapping mates matter on this data, so the default-mode tests can fail";
}

// mosdepth itself, on the BAM and the CRAM, with the engine's own thresholds (15, 20) and more.
std::string run_capture(const std::string& cmd) {
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (p == nullptr) return out;
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
        out.append(buf, n);
    ::pclose(p);
    return out;
}

TEST(MosdepthLive, SameReadsSameFiltersSameAnswer) {
    if (std::system("mosdepth --version > /dev/null 2>&1") != 0)
        GTEST_SKIP() << "mosdepth is not installed";
    const auto dir = test::scratch_dir("mosdepth_live");
    for (const auto& [path, ref] : {std::pair{kBam, std::string()}, std::pair{kCram, kFasta}}) {
        SCOPED_TRACE(path);
        const std::string prefix = (dir / fs::path(path).extension().string().substr(1)).string();
        const std::string cmd = "mosdepth -n -F 3844 -Q 10 --thresholds 15,20,30,40,50,60 --by " +
                                kBed.string() + (ref.empty() ? "" : " -f " + ref) + " " + prefix +
                                " " + path;
        ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
        std::istringstream th(run_capture("gzip -dc " + prefix + ".thresholds.bed.gz"));
        auto want = parse_rows(th, kThresholds.size(), false);
        std::istringstream rg(run_capture("gzip -dc " + prefix + ".regions.bed.gz"));
        const auto means = parse_rows(rg, 0, false);  // mean is column 5: re-read below
        std::istringstream rg2(run_capture("gzip -dc " + prefix + ".regions.bed.gz"));
        std::string line;
        for (std::size_t i = 0; std::getline(rg2, line) && i < want.size(); ++i)
            want[i].mean = std::stod(line.substr(line.rfind('\t') + 1));
        ASSERT_EQ(means.size(), want.size());
        expect_agree(ours(path, ref, true), want, true);
    }
}

}  // namespace
}  // namespace nbs
