// `nbscreen report`: the demo batch screened with 1 and 4 threads gives byte-identical pages
// (with --no-provenance), run after run; an unreadable result exits 3 with every other page
// written; the default report folder; usage errors.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "support/cli_runner.hpp"

namespace nbs::test {
namespace {

namespace fs = std::filesystem;

const std::string kPanel = (source_dir() / "panels/generation-study").string();
const std::string kManifest = (source_dir() / "sample_data/batch.tsv").string();

void screen(const fs::path& out, int threads) {
    const CliResult r =
        run_nbscreen({"screen", "--panel", kPanel, "--manifest", kManifest, "-o", out.string(),
                      "--threads", std::to_string(threads), "--no-provenance", "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
}

std::set<std::string> html_files(const fs::path& dir) {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".html")
            names.insert(e.path().filename().string());
    return names;
}

TEST(Report, DemoBatchGivesTheSameBytesForAnyThreadCountAndRun) {
    const auto dir = scratch_dir("report_cli_determinism");
    screen(dir / "res1", 1);
    screen(dir / "res4", 4);
    for (const auto& [res, out] : {std::pair{"res1", "a"}, {"res1", "b"}, {"res4", "c"}}) {
        const CliResult r = run_nbscreen(
            {"report", (dir / res).string(), "-o", (dir / out).string(), "--no-provenance"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        EXPECT_NE(r.out.find("9 baby page(s) and index.html written"), std::string::npos);
    }
    const auto names = html_files(dir / "a");
    EXPECT_EQ(names.size(), 10u);  // nine babies and the index
    EXPECT_TRUE(names.count("index.html"));
    for (const auto& n : names) {
        const std::string a = slurp(dir / "a" / n);
        EXPECT_FALSE(a.empty()) << n;
        EXPECT_EQ(a, slurp(dir / "b" / n)) << n << " differs between two runs";
        EXPECT_EQ(a, slurp(dir / "c" / n)) << n << " differs with --threads 4";
    }
    // The key facts are on the pages (the browser test checks them in the rendered DOM).
    const std::string b04 = slurp(dir / "a" / "baby04.html");
    EXPECT_NE(b04.find("Prioritised for review"), std::string::npos);
    EXPECT_NE(b04.find("<i>CFTR</i>"), std::string::npos);
}

TEST(Report, WithProvenanceThePagesNameTheirGenerationTime) {
    const auto dir = scratch_dir("report_cli_provenance");
    screen(dir / "res", 2);
    const CliResult r = run_nbscreen({"report", (dir / "res").string(), "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    // Default report folder: RESULTS/report.
    const std::string index = slurp(dir / "res" / "report" / "index.html");
    EXPECT_NE(index.find(" Generated 20"), std::string::npos);
    EXPECT_EQ(html_files(dir / "res" / "report").size(), 10u);
}

TEST(Report, AnUnreadableResultExits3AndEveryOtherPageIsWritten) {
    const auto dir = scratch_dir("report_cli_bad");
    screen(dir / "res", 1);
    std::ofstream(dir / "res" / "future.json")
        << R"({"schema_version":"2.0.0","sample_id":"future","status":"incomplete"})";
    std::ofstream(dir / "res" / "notes.json") << "[1, 2";
    const CliResult r = run_nbscreen(
        {"report", (dir / "res").string(), "-o", (dir / "rep").string(), "--no-provenance"});
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.err.find("future.json: result schema 2.0.0 is not one this nbscreen reads"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("notes.json: not JSON"), std::string::npos) << r.err;
    EXPECT_EQ(html_files(dir / "rep").size(), 10u);  // the nine babies and the index
    EXPECT_FALSE(fs::exists(dir / "rep" / "future.html"));
    const std::string index = slurp(dir / "rep" / "index.html");
    EXPECT_NE(index.find("2 result file(s) could not be shown"), std::string::npos);
}

TEST(Report, UsageErrors) {
    const auto dir = scratch_dir("report_cli_usage");
    std::ofstream(dir / "file") << "x";
    screen(dir / "res", 1);
    const CliResult file_out =
        run_nbscreen({"report", (dir / "res").string(), "-o", (dir / "file").string()});
    EXPECT_EQ(file_out.exit_code, 2);
    EXPECT_NE(file_out.err.find("must be a folder"), std::string::npos);
    const CliResult missing = run_nbscreen({"report", (dir / "nowhere").string()});
    EXPECT_EQ(missing.exit_code, 3);
    EXPECT_NE(missing.err.find("is not a folder of results"), std::string::npos);
    EXPECT_FALSE(fs::exists(dir / "nowhere"));  // nothing created for a wrong path
    const CliResult mode = run_nbscreen({"report", (dir / "res").string(), "--file-mode", "0755"});
    EXPECT_EQ(mode.exit_code, 2);
}

}  // namespace
}  // namespace nbs::test
