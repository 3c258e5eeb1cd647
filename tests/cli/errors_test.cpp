// Bad input gets a clear error naming the file (and line or locus), what is wrong and how to fix
// it, and exit code 3; one bad baby never takes a batch down.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "support/cli_runner.hpp"

namespace nbs::test {
namespace {

using ::testing::HasSubstr;

std::string starter() {
    return (source_dir() / "panels/starter").string();
}

CliResult screen_vcf(const std::string& vcf, const std::vector<std::string>& extra = {}) {
    // One scratch folder per test: ctest runs tests in parallel, and two tests may screen the
    // same file.
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::vector<std::string> args = {"screen",
                                     "--panel",
                                     starter(),
                                     "--vcf",
                                     vcf,
                                     "--out",
                                     scratch_dir(std::string("err_") + info->name()).string(),
                                     "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_nbscreen(args);
}

TEST(CliErrors, MissingVcfFile) {
    const auto r = screen_vcf("/nonexistent/baby.vcf.gz");
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_THAT(r.err, HasSubstr("/nonexistent/baby.vcf.gz"));
    EXPECT_THAT(r.err, HasSubstr("file not found"));
    EXPECT_THAT(r.err, HasSubstr("hint:"));
}

TEST(CliErrors, FileThatIsNotAVcf) {
    const auto f = (test_data() / "bad/not_a_vcf.vcf").string();
    const auto r = screen_vcf(f);
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_THAT(r.err, HasSubstr(f));
    EXPECT_THAT(r.err, HasSubstr("not a VCF or BCF file"));
}

TEST(CliErrors, TruncatedBgzip) {
    const auto f = (test_data() / "bad/truncated.vcf.gz").string();
    const auto r = screen_vcf(f);
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_THAT(r.err, HasSubstr(f));
    EXPECT_THAT(r.err, HasSubstr("truncated"));
    EXPECT_THAT(r.err, HasSubstr("bgzip -t"));
}

TEST(CliErrors, SampleNotInVcf) {
    const auto f = (source_dir() / "sample_data/baby07_baby08.multisample.vcf.gz").string();
    const auto r = screen_vcf(f, {"--sample", "baby99"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_THAT(r.err, HasSubstr("sample 'baby99' is not in the VCF"));
    EXPECT_THAT(r.err, HasSubstr("baby07, baby08"));
}

TEST(CliErrors, MultiSampleVcfWithoutSampleChoice) {
    const auto f = (source_dir() / "sample_data/baby07_baby08.multisample.vcf.gz").string();
    const auto r = screen_vcf(f);
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_THAT(r.err, HasSubstr("has 2 samples"));
    EXPECT_THAT(r.err, HasSubstr("--sample"));
}

TEST(CliErrors, NonGrch38ContigLengthsAreRefused) {
    const auto f = (test_data() / "bad/grch37_contigs.vcf").string();
    const auto r = screen_vcf(f);
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_THAT(r.err, HasSubstr("not GRCh38"));
}

TEST(CliErrors, PanelWithUnknownColumn) {
    const auto dir = scratch_dir("panel_unknown_column");
    std::filesystem::copy(starter(), dir / "p", std::filesystem::copy_options::recursive);
    auto genes = slurp(dir / "p/genes.tsv");
    genes.replace(genes.find("notes"), 5, "remarks");
    std::ofstream(dir / "p/genes.tsv") << genes;
    const auto r = run_nbscreen({"screen", "--panel", (dir / "p").string(), "--vcf",
                                 (source_dir() / "sample_data/baby01.vcf.gz").string(), "--out",
                                 (dir / "out").string()});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_THAT(r.err, HasSubstr("genes.tsv:1:12"));
    EXPECT_THAT(r.err, HasSubstr("unknown column 'remarks'"));
    EXPECT_THAT(r.err, HasSubstr("hint:"));
    EXPECT_FALSE(std::filesystem::exists(dir / "out/batch_summary.tsv"));
}

TEST(CliErrors, ManifestRowWithMissingVcfFailsOnlyThatBaby) {
    const auto dir = scratch_dir("manifest_missing_vcf");
    const auto sd = source_dir() / "sample_data";
    std::ofstream(dir / "batch.tsv") << "sample_id\tvcf\treported_sex\n"
                                     << "baby01\t" << (sd / "baby01.vcf.gz").string() << "\tXX\n"
                                     << "ghost\t" << (dir / "ghost.vcf.gz").string() << "\tXY\n"
                                     << "baby02\t" << (sd / "baby02.bcf").string() << "\tXY\n";
    const auto r =
        run_nbscreen({"screen", "--panel", starter(), "--manifest", (dir / "batch.tsv").string(),
                      "--out", (dir / "out").string(), "--quiet"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_THAT(r.err, HasSubstr("ghost"));
    EXPECT_THAT(r.err, HasSubstr("ghost.vcf.gz"));
    EXPECT_TRUE(std::filesystem::exists(dir / "out/baby01.json"));
    EXPECT_TRUE(std::filesystem::exists(dir / "out/baby02.json"));
    EXPECT_FALSE(std::filesystem::exists(dir / "out/ghost.json"));
    const auto summary = slurp(dir / "out/batch_summary.tsv");
    EXPECT_THAT(summary, HasSubstr("ghost\terror\t"));
    EXPECT_THAT(summary, HasSubstr("baby01\tincomplete\t"));
    EXPECT_THAT(summary, HasSubstr("baby02\tprioritised_for_review\t"));
}

TEST(CliErrors, ManifestWithUnknownColumnNamesLineAndColumn) {
    const auto dir = scratch_dir("manifest_unknown_column");
    std::ofstream(dir / "batch.tsv") << "sample_id\tvcf\tsex\nb1\tx.vcf\tXX\n";
    const auto r = run_nbscreen({"screen", "--panel", starter(), "--manifest",
                                 (dir / "batch.tsv").string(), "--out", (dir / "out").string()});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_THAT(r.err, HasSubstr("batch.tsv:1:3"));
    EXPECT_THAT(r.err, HasSubstr("unknown manifest column 'sex'"));
}

TEST(CliUsage, BadArgumentsExitTwo) {
    EXPECT_EQ(run_nbscreen({"screen", "--panel", starter()}).exit_code, 2);  // --out missing
    EXPECT_EQ(run_nbscreen({"frobnicate"}).exit_code, 2);
    const auto both = run_nbscreen({"screen", "--panel", starter(), "--vcf", "a.vcf", "--manifest",
                                    "m.tsv", "--out", scratch_dir("usage").string()});
    EXPECT_EQ(both.exit_code, 2);
    EXPECT_THAT(both.err, HasSubstr("or --manifest FILE, not both"));
    const auto sex = run_nbscreen({"screen", "--panel", starter(), "--vcf", "a.vcf", "--sex", "boy",
                                   "--out", scratch_dir("usage_sex").string()});
    EXPECT_EQ(sex.exit_code, 2);
}

TEST(CliUsage, VersionNamesEveryVersion) {
    const auto r = run_nbscreen({"--version"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_THAT(r.out, HasSubstr("nbscreen 0."));
    EXPECT_THAT(r.out, HasSubstr("htslib 1."));
    EXPECT_THAT(r.out, HasSubstr("panel schema 1.2"));
    EXPECT_THAT(r.out, HasSubstr("result schema 1."));
}

TEST(CliUsage, HelpListsOptionsWithDefaults) {
    const auto top = run_nbscreen({"--help"});
    EXPECT_EQ(top.exit_code, 0);
    EXPECT_THAT(top.out, HasSubstr("screen"));
    EXPECT_THAT(top.out, HasSubstr("panel"));
    const auto r = run_nbscreen({"screen", "--help"});
    EXPECT_EQ(r.exit_code, 0);
    for (const char* opt : {"--panel", "--vcf", "--manifest", "--sample", "--sex", "--out",
                            "--threads", "--no-provenance", "--force", "--quiet"})
        EXPECT_THAT(r.out, HasSubstr(opt)) << opt;
    EXPECT_THAT(r.out, HasSubstr("--threads INT=1"));
}

TEST(CliScreen, SingleVcfWritesJsonAndSummary) {
    const auto dir = scratch_dir("single_vcf");
    const auto r = run_nbscreen({"screen", "--panel", starter(), "--vcf",
                                 (source_dir() / "sample_data/baby04.vcf.gz").string(), "--sex",
                                 "XY", "--out", dir.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("baby04"));
    EXPECT_THAT(r.out, HasSubstr("prioritised_for_review"));
    const auto json = slurp(dir / "baby04.json");
    EXPECT_THAT(json, HasSubstr("\"status\": \"prioritised_for_review\""));
    EXPECT_THAT(json, HasSubstr("\"phase\": \"unknown\""));
    EXPECT_THAT(json, HasSubstr("\"provenance\""));
    EXPECT_THAT(json, HasSubstr("\"sha256\""));
    EXPECT_THAT(slurp(dir / "batch_summary.tsv"),
                HasSubstr("baby04\tprioritised_for_review\t1\tcystic-fibrosis"));
}

TEST(CliScreen, StdinStreamsAndSaysSo) {
    const auto dir = scratch_dir("stdin");
    const auto r = run_nbscreen({"screen", "--panel", starter(), "--vcf", "-", "--sample-id",
                                 "piped", "--out", dir.string(), "--quiet"},
                                (source_dir() / "sample_data/baby04.vcf.gz").string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto json = slurp(dir / "piped.json");
    EXPECT_THAT(json, HasSubstr("\"access\": \"streaming\""));
    EXPECT_THAT(json, HasSubstr("\"status\": \"prioritised_for_review\""));
}

}  // namespace
}  // namespace nbs::test
