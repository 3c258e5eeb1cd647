// Results are byte-identical, with provenance off, for --threads 1, 2 and 8 and for a shuffled
// manifest: every <sample_id>.json, <sample_id>.evidence.zst and batch_summary.tsv.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "support/cli_runner.hpp"

namespace nbs::test {
namespace {

namespace fs = std::filesystem;

const fs::path kSample = source_dir() / "sample_data";
const std::string kPanel = (source_dir() / "panels/generation-study").string();

// A manifest row's cells.
std::vector<std::string> cells_of(const std::string& line) {
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (;;) {
        const auto t = line.find('\t', start);
        cells.push_back(line.substr(start, t == std::string::npos ? t : t - start));
        if (t == std::string::npos) break;
        start = t + 1;
    }
    return cells;
}

// 40 babies: the eight sample babies five times over, under new sample ids, with absolute paths.
std::vector<std::string> manifest_rows() {
    std::ifstream in(kSample / "batch.tsv");
    std::string line;
    std::getline(in, line);  // header
    std::vector<std::vector<std::string>> base;
    while (std::getline(in, line))
        base.push_back(cells_of(line));
    std::vector<std::string> rows;
    for (int copy = 0; copy < 5; ++copy)
        for (const auto& c : base)
            rows.push_back(c[0] + "_r" + std::to_string(copy) + '\t' + (kSample / c[1]).string() +
                           '\t' + c[2] + '\t' + c[3]);
    return rows;
}

fs::path write_manifest(const fs::path& dir, const std::string& name,
                        const std::vector<std::string>& rows) {
    const fs::path p = dir / name;
    std::ofstream out(p);
    out << "sample_id\tvcf\tvcf_sample\treported_sex\n";
    for (const auto& r : rows)
        out << r << '\n';
    return p;
}

std::map<std::string, std::string> screen(const fs::path& manifest, const fs::path& out,
                                          int threads) {
    const CliResult r = run_nbscreen({"screen", "--panel", kPanel, "--manifest", manifest.string(),
                                      "--out", out.string(), "--threads", std::to_string(threads),
                                      "--no-provenance", "--quiet"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::map<std::string, std::string> files;
    for (const auto& e : fs::directory_iterator(out))
        if (e.is_regular_file()) files[e.path().filename().string()] = slurp(e.path());
    return files;
}

TEST(Determinism, ResultsAreByteIdenticalForAnyThreadCountAndManifestOrder) {
    const fs::path dir = scratch_dir("determinism");
    const auto rows = manifest_rows();
    auto shuffled = rows;
    std::mt19937 rng(20261124);
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    ASSERT_NE(shuffled, rows);
    const fs::path in_order = write_manifest(dir, "in_order.tsv", rows);
    const fs::path in_shuffle = write_manifest(dir, "shuffled.tsv", shuffled);

    const auto reference = screen(in_order, dir / "t1", 1);
    // Per baby its JSON and its evidence snapshot, then batch_summary.tsv: the snapshots too are
    // the same bytes at any thread count and manifest order.
    ASSERT_EQ(reference.size(), 2 * rows.size() + 1);
    ASSERT_TRUE(reference.count("batch_summary.tsv"));
    EXPECT_NE(reference.at("batch_summary.tsv").find("prioritised_for_review"), std::string::npos);
    for (int threads : {2, 8}) {
        SCOPED_TRACE("threads " + std::to_string(threads));
        EXPECT_EQ(screen(in_order, dir / ("t" + std::to_string(threads)), threads), reference);
    }
    EXPECT_EQ(screen(in_shuffle, dir / "shuffled_t8", 8), reference);
    EXPECT_EQ(screen(in_shuffle, dir / "shuffled_t1", 1), reference);
}

// A baby screened alone from an indexed file reads its regions in two halves on two threads
// (engine/io/region_halves.hpp) when no whole-file checksum runs beside the screen and the
// process may use two CPUs: here, the re-screen of a baby whose stored record no longer matches
// (its key is computed, checksum included, before the screen). A fresh screen (checksum beside
// it) and a batch of several read in one pass (for the two-sample file, the cohort's one read).
// The result and the evidence snapshot are the same bytes every way. unit_io's VcfReaderSplit.*
// proves the read itself split; this proves the whole screen's output through the real binary.
TEST(Determinism, ABabyScreenedAloneGivesTheBytesItGivesInABatch) {
    const fs::path dir = scratch_dir("determinism_alone");
    std::vector<std::string> rows;
    for (const auto& r : manifest_rows())
        if (r.find("_r0\t") != std::string::npos) rows.push_back(r);
    ASSERT_EQ(rows.size(), 9u);
    const auto batch = screen(write_manifest(dir, "batch.tsv", rows), dir / "batch", 2);
    int compared = 0;
    for (const auto& row : rows) {
        const std::vector<std::string> c = cells_of(row);
        if (c[1].size() < 4 || c[1].compare(c[1].size() - 4, 4, ".vcf") == 0) continue;  // no index
        SCOPED_TRACE(c[0]);
        const fs::path out = dir / ("alone_" + c[0]);
        std::vector<std::string> args = {"screen", "--panel",     kPanel,       "--vcf",
                                         c[1],     "--sample-id", c[0],         "--sample",
                                         c[2],     "--out",       out.string(), "--no-provenance",
                                         "--quiet"};
        if (!c[3].empty()) args.insert(args.end(), {"--sex", c[3]});
        for (const char* run : {"fresh", "stale record"}) {
            SCOPED_TRACE(run);
            if (std::string(run) == "stale record") {
                // Another key in the record: the baby is screened again, its key computed first.
                const fs::path key_file = out / ".nbscreen" / (c[0] + ".key");
                std::string record = slurp(key_file);
                ASSERT_EQ(record.rfind("key ", 0), 0u);
                record.replace(4, 64, std::string(64, '0'));
                std::ofstream(key_file, std::ios::binary | std::ios::trunc) << record;
                fs::remove(out / (c[0] + ".json"));
            }
            const CliResult r = run_nbscreen(args);
            ASSERT_EQ(r.exit_code, 0) << r.err;
            // The snapshot also records what proves the VCF (batch/vcf_identity.hpp): a baby
            // alone is proven by the byte ranges its indexed read used, while babies sharing a
            // file in the batch (baby07 and baby08) were read together and are proven by the
            // whole file's SHA-256, so only their results are compared.
            const bool shares_file = c[1].find("multisample") != std::string::npos;
            std::vector<std::string> names = {c[0] + ".json"};
            if (!shares_file) names.push_back(c[0] + ".evidence.zst");
            for (const std::string& name : names) {
                ASSERT_TRUE(batch.count(name)) << name;
                ASSERT_TRUE(fs::exists(out / name)) << name;
                EXPECT_TRUE(slurp(out / name) == batch.at(name)) << name << " differs";
            }
        }
        ++compared;
    }
    EXPECT_EQ(compared, 8);  // every sample baby but baby03 (a plain .vcf, streamed)
}

}  // namespace
}  // namespace nbs::test
