// The command line as its users expect it (issue 15 item 2): -o for --out, a helpful message for
// an unknown option (exit 2), VCFs as positional arguments, manifests written by spreadsheets
// (a UTF-8 byte-order mark) or left empty, the --sex values, and a stdout table that stays
// aligned for long ids and short for big batches.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/cli_runner.hpp"

namespace nbs::test {
namespace {

namespace fs = std::filesystem;

const std::string kPanel = (source_dir() / "panels/generation-study").string();
const fs::path kSample = source_dir() / "sample_data";

TEST(CommandLine, ShortOIsOutOnEverySubcommandThatWrites) {
    const fs::path dir = scratch_dir("cmd_short_o");
    CliResult r =
        run_nbscreen({"screen", "--panel", kPanel, "--vcf", (kSample / "baby03.vcf").string(), "-o",
                      (dir / "out").string(), "--quiet"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(fs::exists(dir / "out/baby03.json"));
    r = run_nbscreen({"panel", "build", kPanel, "-o", (dir / "p.nbpanel").string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(fs::exists(dir / "p.nbpanel"));
    r = run_nbscreen({"panel", "targets", kPanel, "-o", (dir / "t.bed").string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_GT(fs::file_size(dir / "t.bed"), 0U);
    r = run_nbscreen({"report", (dir / "out").string(), "-o", (dir / "html").string(), "--quiet"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(fs::exists(dir / "html/baby03.html"));
}

TEST(CommandLine, AnUnknownOptionNamesTheClosestOneAndExits2) {
    struct Case {
        std::vector<std::string> args;
        std::string said;
        std::string suggestion;  // "" = none expected
    };
    for (const Case& c :
         {Case{{"screen", "--outt", "x"},
               "unknown option '--outt' for 'nbscreen screen'",
               "'--out'"},
          Case{{"screen", "--panel=p", "--thread=2"}, "unknown option '--thread'", "'--threads'"},
          Case{{"report", "res", "--no-provenence"},
               "unknown option '--no-provenence' for 'nbscreen report'",
               "'--no-provenance'"},
          Case{{"panel", "build", "--outt", "x", "dir"},
               "unknown option '--outt' for 'nbscreen panel build'",
               "'--out'"},
          Case{{"scren"}, "unexpected argument 'scren' for 'nbscreen'", "'screen'"},
          Case{{"screen", "--frobnicate"}, "unknown option '--frobnicate'", ""}}) {
        SCOPED_TRACE(c.said);
        const CliResult r = run_nbscreen(c.args);
        EXPECT_EQ(r.exit_code, 2) << r.err;
        EXPECT_EQ(r.err.rfind("[nbscreen] error: ", 0), 0U) << r.err;
        EXPECT_NE(r.err.find(c.said), std::string::npos) << r.err;
        if (c.suggestion.empty())
            EXPECT_EQ(r.err.find("did you mean"), std::string::npos) << r.err;
        else
            EXPECT_NE(r.err.find("did you mean " + c.suggestion + "?"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("--help' lists the options"), std::string::npos) << r.err;
        EXPECT_EQ(r.err.find("is required"), std::string::npos) << "the typo comes first";
    }
}

TEST(CommandLine, VcfsAsArgumentsAreOneBabyEach) {
    const fs::path dir = scratch_dir("cmd_positional");
    const CliResult r = run_nbscreen(
        {"screen", "--panel", kPanel, "-o", (dir / "out").string(), "--quiet", "--no-provenance",
         (kSample / "baby03.vcf").string(), (kSample / "baby04.vcf.gz").string(), "--vcf",
         (kSample / "baby05.vcf.gz").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* id : {"baby03", "baby04", "baby05"})
        EXPECT_TRUE(fs::exists(dir / "out" / (std::string(id) + ".json"))) << id;
    // The same result as the baby screened alone.
    const CliResult alone =
        run_nbscreen({"screen", "--panel", kPanel, "-o", (dir / "alone").string(), "--quiet",
                      "--no-provenance", "--vcf", (kSample / "baby04.vcf.gz").string()});
    ASSERT_EQ(alone.exit_code, 0) << alone.err;
    EXPECT_EQ(slurp(dir / "out/baby04.json"), slurp(dir / "alone/baby04.json"));

    // Per-baby options need one VCF; two files of one name would be one result.
    CliResult bad =
        run_nbscreen({"screen", "--panel", kPanel, "-o", (dir / "bad").string(), "--sex", "XX",
                      (kSample / "baby03.vcf").string(), (kSample / "baby04.vcf.gz").string()});
    EXPECT_EQ(bad.exit_code, 2) << bad.err;
    EXPECT_NE(bad.err.find("name one baby"), std::string::npos) << bad.err;
    fs::create_directories(dir / "other");
    fs::copy_file(kSample / "baby03.vcf", dir / "other/baby03.vcf");
    bad = run_nbscreen({"screen", "--panel", kPanel, "-o", (dir / "bad").string(),
                        (kSample / "baby03.vcf").string(), (dir / "other/baby03.vcf").string()});
    EXPECT_EQ(bad.exit_code, 2) << bad.err;
    EXPECT_NE(bad.err.find("would both be sample 'baby03'"), std::string::npos) << bad.err;
    EXPECT_FALSE(fs::exists(dir / "bad"));
}

TEST(CommandLine, ManifestsWithAByteOrderMarkAreReadAndEmptyOnesAreAUsageError) {
    const fs::path dir = scratch_dir("cmd_manifest");
    std::ofstream(dir / "bom.tsv")
        << "\xEF\xBB\xBFsample_id\tvcf\nb3\t" << (kSample / "baby03.vcf").string() << "\n";
    CliResult r =
        run_nbscreen({"screen", "--panel", kPanel, "--manifest", (dir / "bom.tsv").string(), "-o",
                      (dir / "out").string(), "--quiet"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(fs::exists(dir / "out/b3.json"));

    std::ofstream(dir / "empty.tsv") << "sample_id\tvcf\n# no babies yet\n";
    r = run_nbscreen({"screen", "--panel", kPanel, "--manifest", (dir / "empty.tsv").string(), "-o",
                      (dir / "empty").string()});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("has a header but no babies"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "empty"));
}

TEST(CommandLine, SexValuesAreDocumentedAndTheirAliasesAccepted) {
    const CliResult help = run_nbscreen({"screen", "--help"});
    EXPECT_EQ(help.exit_code, 0);
    for (const char* v : {"XX", "XY", "X0", "XXY", "unknown", "female", "45,X", "47,XXY"})
        EXPECT_NE(help.out.find(v), std::string::npos) << v << " is not in --help";
    const fs::path dir = scratch_dir("cmd_sex");
    const CliResult ok = run_nbscreen({"screen", "--panel", kPanel, "--vcf",
                                       (kSample / "baby03.vcf").string(), "--sex", "female", "-o",
                                       (dir / "ok").string(), "--quiet", "--no-provenance"});
    EXPECT_EQ(ok.exit_code, 0) << ok.err;
    EXPECT_NE(slurp(dir / "ok/baby03.json").find("\"reported\": \"XX\""), std::string::npos);
    const CliResult bad =
        run_nbscreen({"screen", "--panel", kPanel, "--vcf", (kSample / "baby03.vcf").string(),
                      "--sex", "boy", "-o", (dir / "bad").string()});
    EXPECT_EQ(bad.exit_code, 2) << bad.err;
    EXPECT_NE(bad.err.find("45,X"), std::string::npos) << "the message lists the values";
}

TEST(CommandLine, TheTableIsAlignedForLongIdsAndCappedForBigBatches) {
    const fs::path dir = scratch_dir("cmd_table");
    const std::string long_id(60, 'L');
    {
        std::ofstream m(dir / "batch.tsv");
        m << "sample_id\tvcf\n" << long_id << "\t" << (kSample / "baby03.vcf").string() << "\n";
        for (int i = 0; i < 54; ++i)
            m << "b" << (i < 10 ? "0" : "") << i << "\t" << (kSample / "baby03.vcf").string()
              << "\n";
    }
    const CliResult r =
        run_nbscreen({"screen", "--panel", kPanel, "--manifest", (dir / "batch.tsv").string(), "-o",
                      (dir / "out").string(), "--threads", "2"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::istringstream lines(r.out);
    std::string header, line;
    std::getline(lines, header);
    const auto status_col = header.find("status");
    ASSERT_NE(status_col, std::string::npos);
    EXPECT_GT(status_col, long_id.size()) << header;
    std::size_t rows = 0;
    while (std::getline(lines, line) && line.rfind("...", 0) != 0 && line.rfind("panel ", 0) != 0) {
        ++rows;
        EXPECT_EQ(line.find("prioritised_for_review"), status_col) << line;
    }
    EXPECT_EQ(rows, 50U) << r.out;
    EXPECT_NE(r.out.find("... and 5 more babies (all in batch_summary.tsv): "
                         "prioritised_for_review 55;"),
              std::string::npos)
        << r.out;
    const std::string tsv = slurp(dir / "out/batch_summary.tsv");
    EXPECT_EQ(std::count(tsv.begin(), tsv.end(), '\n'), 56) << "the summary has every baby";
}

}  // namespace
}  // namespace nbs::test
