// `nbscreen screen` reads a baby the same way whatever the access: an indexed jump, streaming
// (--no-index), stdin (`--vcf -`, plain or bgzipped), or BCF. The findings are identical, and the
// result's provenance names the access the engine chose. Progress goes to a terminal only.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "support/cli_runner.hpp"

namespace nbs::test {
namespace {

namespace fs = std::filesystem;

const fs::path kSample = source_dir() / "sample_data";
const std::string kPanel = (source_dir() / "panels/generation-study").string();

// The batch summary without provenance: status, findings, conditions, genes, sex.
std::string screen_summary(const std::vector<std::string>& input_args, const fs::path& out,
                           const std::string& stdin_file = {}) {
    std::vector<std::string> args = {"screen",     "--panel", kPanel,        "--out",
                                     out.string(), "--quiet", "--sample-id", "baby"};
    args.insert(args.end(), input_args.begin(), input_args.end());
    const CliResult r = run_nbscreen(args, stdin_file);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return slurp(out / "batch_summary.tsv");
}

std::string access_of(const fs::path& out) {
    const std::string json = slurp(out / "baby.json");
    const auto at = json.find("\"access\": \"");
    if (at == std::string::npos) return "(none)";
    const auto start = at + 11;
    return json.substr(start, json.find('"', start) - start);
}

TEST(BatchAccess, IndexedStreamingAndStdinGiveIdenticalFindings) {
    const fs::path dir = scratch_dir("batch_access_modes");
    for (const char* file : {"baby04.vcf.gz", "baby06.vcf.gz", "baby02.bcf"}) {
        SCOPED_TRACE(file);
        const std::string vcf = (kSample / file).string();
        const std::string indexed = screen_summary({"--vcf", vcf}, dir / "indexed");
        EXPECT_EQ(access_of(dir / "indexed"), "indexed");
        const std::string streamed = screen_summary({"--vcf", vcf, "--no-index"}, dir / "streamed");
        EXPECT_EQ(access_of(dir / "streamed"), "streaming");
        const std::string piped = screen_summary({"--vcf", "-"}, dir / "stdin", vcf);
        EXPECT_EQ(access_of(dir / "stdin"), "streaming");
        EXPECT_NE(indexed.find("prioritised_for_review"), std::string::npos) << indexed;
        EXPECT_EQ(streamed, indexed);
        EXPECT_EQ(piped, indexed);
        fs::remove_all(dir / "indexed");
        fs::remove_all(dir / "streamed");
        fs::remove_all(dir / "stdin");
    }
}

TEST(BatchAccess, PlainTextOnStdinMatchesTheFile) {
    const fs::path dir = scratch_dir("batch_access_plain_stdin");
    const std::string vcf = (kSample / "baby03.vcf").string();
    const std::string from_file = screen_summary({"--vcf", vcf}, dir / "file");
    const std::string from_stdin = screen_summary({"--vcf", "-"}, dir / "stdin", vcf);
    EXPECT_NE(from_file.find("prioritised_for_review"), std::string::npos);
    EXPECT_EQ(from_stdin, from_file);
}

// Two different babies streamed on stdin into one folder under one sample id: the second is
// screened, never handed the first one's result (nothing proves a stream is the same baby).
TEST(BatchAccess, StdinResultsAreNeverReused) {
    const fs::path dir = scratch_dir("batch_access_stdin_reuse");
    const std::string first =
        screen_summary({"--vcf", "-"}, dir / "out", (kSample / "baby03.vcf").string());
    EXPECT_NE(first.find("medium-chain-acyl-coa-dehydrogenase-deficiency"), std::string::npos)
        << first;
    const std::string second =
        screen_summary({"--vcf", "-"}, dir / "out", (kSample / "baby05.vcf.gz").string());
    EXPECT_EQ(second.find("medium-chain-acyl-coa-dehydrogenase-deficiency"), std::string::npos)
        << second;
    EXPECT_NE(second.find("incomplete"), std::string::npos) << second;
    // The result is recorded (listed in the summary) with no input key: never reusable.
    EXPECT_EQ(slurp(dir / "out/.nbscreen/baby.key").rfind("key -\n", 0), 0U);
}

TEST(BatchAccess, BcfAndVcfOfTheSameCallsGiveIdenticalFindings) {
    if (std::system("bcftools --version >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "bcftools not installed";
    const fs::path dir = scratch_dir("batch_access_bcf");
    const std::string vcf = (kSample / "baby04.vcf.gz").string();
    const fs::path bcf = dir / "baby04.bcf";
    const std::string cmd = "bcftools view --no-version -Ob -o '" + bcf.string() + "' '" + vcf +
                            "' && bcftools index '" + bcf.string() + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    const std::string from_vcf = screen_summary({"--vcf", vcf}, dir / "vcf");
    const std::string from_bcf = screen_summary({"--vcf", bcf.string()}, dir / "bcf");
    EXPECT_EQ(access_of(dir / "bcf"), "indexed");
    const std::string from_bcf_streamed =
        screen_summary({"--vcf", bcf.string(), "--no-index"}, dir / "bcf_stream");
    EXPECT_NE(from_vcf.find("cystic-fibrosis"), std::string::npos) << from_vcf;
    EXPECT_EQ(from_bcf, from_vcf);
    EXPECT_EQ(from_bcf_streamed, from_vcf);
}

TEST(BatchAccess, NoProgressLineWhenStderrIsNotATerminal) {
    const fs::path out = scratch_dir("batch_access_progress");
    const CliResult r =
        run_nbscreen({"screen", "--panel", kPanel, "--manifest", (kSample / "batch.tsv").string(),
                      "--out", out.string(), "--threads", "2"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err.find("babies"), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("9 screened"), std::string::npos) << r.out;
    const CliResult quiet =
        run_nbscreen({"screen", "--panel", kPanel, "--manifest", (kSample / "batch.tsv").string(),
                      "--out", out.string(), "--quiet"});
    ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
    EXPECT_EQ(quiet.out, "");
    EXPECT_EQ(quiet.err, "");
}

// With a terminal (util-linux `script` gives the command one), the progress line appears on
// stderr with babies done/total, the rate and the ETA; --quiet silences it.
TEST(BatchAccess, ProgressLineOnATerminalUnlessQuiet) {
    if (std::system("script --version >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "util-linux 'script' not installed";
    const fs::path dir = scratch_dir("batch_access_tty");
    const std::string base = nbscreen_binary().string() + " screen --panel '" + kPanel +
                             "' --manifest '" + (kSample / "batch.tsv").string() +
                             "' --force --out '" + (dir / "out").string() + "'";
    auto run_on_tty = [&](const std::string& extra, const fs::path& log) {
        const std::string cmd = "script -qec \"" + base + extra + " >/dev/null\" '" + log.string() +
                                "' >/dev/null 2>&1";
        return std::system(cmd.c_str());
    };
    ASSERT_EQ(run_on_tty("", dir / "tty.log"), 0);
    const std::string shown = slurp(dir / "tty.log");
    EXPECT_NE(shown.find("9/9 babies"), std::string::npos) << shown;
    EXPECT_NE(shown.find("ETA"), std::string::npos) << shown;
    ASSERT_EQ(run_on_tty(" --quiet", dir / "quiet.log"), 0);
    EXPECT_EQ(slurp(dir / "quiet.log").find("babies"), std::string::npos);
}

}  // namespace
}  // namespace nbs::test
