// Hot paths of reading a baby: the streaming pre-check (CHROM/POS of every line of a genome),
// record decoding (parse + the one sample's genotype fields), and allele splitting. Each
// benchmark checks its answer before it times.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>
#include <vector>

#include "engine/genome/normalize.hpp"
#include "engine/io/vcf_reader.hpp"
#include "engine/panel/panel_parser.hpp"
#include "engine/screen/screen_plan.hpp"
#include "support/panel_fixture.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path kSource = NBS_SOURCE_DIR;

const nbs::ScreenPlan& plan() {
    return nbs::test::generation_study_plan();
}

// A genome's worth of lines in miniature: chr1-22 and X, one record every 600 bp over the first
// 40 Mb of each, with GT:AD:DP:GQ:PL like a 30x single-sample VCF.
const std::vector<std::string>& synthetic_lines() {
    static const std::vector<std::string> lines = [] {
        std::vector<std::string> v;
        std::vector<std::string> chroms;
        for (int c = 1; c <= 22; ++c)
            chroms.push_back("chr" + std::to_string(c));
        chroms.push_back("chrX");
        for (const auto& c : chroms)
            for (std::int64_t pos = 10001; pos < 40000000; pos += 600)
                v.push_back(
                    c + '\t' + std::to_string(pos) + "\t.\t" +
                    ((pos / 600) % 7 == 0 ? "ACGT" : "A") +
                    "\tG\t512.3\tPASS\tAC=1;AN=2;DP=31\tGT:AD:DP:GQ:PL\t0/1:15,16:31:99:512,0,488");
        return v;
    }();
    return lines;
}

void BM_RecordPrecheck(benchmark::State& state) {
    const auto& lines = synthetic_lines();
    const nbs::RegionSet& regions = plan().read_regions();
    // The answer: every line whose [POS, POS + len(REF) - 1] overlaps a region, by RegionSet.
    std::size_t expected = 0;
    for (const auto& l : lines) {
        const auto t1 = l.find('\t'), t2 = l.find('\t', t1 + 1), t3 = l.find('\t', t2 + 1),
                   t4 = l.find('\t', t3 + 1);
        const std::int64_t pos = std::stoll(l.substr(t1 + 1, t2 - t1 - 1));
        const auto ref_len = static_cast<std::int64_t>(t4 - t3 - 1);
        expected += regions.overlaps(l.substr(0, t1), pos, pos + ref_len - 1) ? 1 : 0;
    }
    {
        nbs::RecordPrecheck pc(&regions);
        std::size_t got = 0;
        std::uint64_t n = 0;
        for (const auto& l : lines)
            got += pc.wanted_line(l, "synthetic.vcf", ++n) ? 1 : 0;
        if (got != expected || expected == 0) {
            state.SkipWithError(("pre-check kept " + std::to_string(got) + " lines, expected " +
                                 std::to_string(expected))
                                    .c_str());
            return;
        }
    }
    std::size_t bytes = 0;
    for (const auto& l : lines)
        bytes += l.size() + 1;
    for (auto _ : state) {
        nbs::RecordPrecheck pc(&regions);
        std::size_t kept = 0;
        std::uint64_t n = 0;
        for (const auto& l : lines)
            kept += pc.wanted_line(l, "synthetic.vcf", ++n) ? 1 : 0;
        benchmark::DoNotOptimize(kept);
    }
    state.counters["lines/s"] = benchmark::Counter(
        static_cast<double>(lines.size()) * static_cast<double>(state.iterations()),
        benchmark::Counter::kIsRate);
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
}
BENCHMARK(BM_RecordPrecheck)->Unit(benchmark::kMillisecond);

// Parse + decode of every record of a sample file (no region restriction).
std::size_t decode_all(const std::string& path, bool& found_f508del) {
    nbs::VcfOpenOptions o;
    o.info_keys = plan().qualifier().info_keys();
    nbs::VcfReader reader(path, o);
    nbs::VcfRecord rec;
    std::size_t n = 0;
    while (reader.next(rec) == nbs::ReadStatus::ok) {
        ++n;
        if (rec.chrom == "chr7" && rec.pos == 117559590 && rec.ref == "ATCT" &&
            rec.sample.alleles == std::vector<int>{0, 1})
            found_f508del = true;
    }
    return n;
}

void BM_VcfDecode(benchmark::State& state) {
    const std::string path = (kSource / "sample_data/baby04.vcf.gz").string();
    bool found = false;
    const std::size_t n = decode_all(path, found);
    if (!found || n < 1000) {
        state.SkipWithError("baby04's CFTR F508del (0/1) was not decoded, or the file changed");
        return;
    }
    for (auto _ : state) {
        bool f = false;
        benchmark::DoNotOptimize(decode_all(path, f));
    }
    state.counters["records/s"] =
        benchmark::Counter(static_cast<double>(n) * static_cast<double>(state.iterations()),
                           benchmark::Counter::kIsRate);
}
BENCHMARK(BM_VcfDecode)->Unit(benchmark::kMillisecond);

// Genotype decoding into per-allele calls (multi-allelic records split, GT copies counted).
void BM_SplitAlleles(benchmark::State& state) {
    nbs::VcfRecord rec;
    rec.chrom = "chr7";
    rec.pos = 117559590;
    rec.ref = "ATCTT";
    rec.alts = {"A", "ATCTTTCT", "GTCTT"};
    rec.filters = {"PASS"};
    rec.sample.alleles = {1, 3};
    rec.sample.phased = true;
    rec.sample.phase_set = 117559000;
    rec.sample.ad = {2, 14, 0, 15};
    rec.sample.gq = 99;
    rec.sample.dp = 31;
    const auto calls = nbs::split_alleles(rec);
    std::size_t carried = 0;
    for (const auto& c : calls)
        carried += c.copies > 0 ? 1 : 0;
    if (carried != 2) {
        state.SkipWithError("expected two carried ALT alleles (1 and 3)");
        return;
    }
    for (auto _ : state)
        benchmark::DoNotOptimize(nbs::split_alleles(rec));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SplitAlleles);

}  // namespace
