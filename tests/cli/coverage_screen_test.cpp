// The coverage gate end to end: `nbscreen screen` with alignments (--cram, a manifest's cram
// column), with a gVCF, and with a plain VCF; the numbers reach the result, and a gene below the
// callability threshold makes its conditions not assessable and the baby incomplete.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "support/cli_runner.hpp"

namespace nbs::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kStarter = source_dir() / "panels/starter";
const fs::path kBaby01 = source_dir() / "sample_data/baby01.vcf.gz";
// Simulated: every starter target ~31x except PAH ~8x; sex windows as XX (make_coverage_bam.py).
const fs::path kBam = test_data() / "coverage/starter_xx_pah_low.bam";

json screen_one(const std::vector<std::string>& extra, const std::string& name,
                const fs::path& panel = kStarter, const fs::path& vcf = kBaby01) {
    const auto out = scratch_dir(name);
    std::vector<std::string> args = {"screen",     "--panel",         panel.string(), "--vcf",
                                     vcf.string(), "--sample-id",     "baby",         "--out",
                                     out.string(), "--no-provenance", "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    const CliResult r = run_nbscreen(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(slurp(out / "baby.json"));
}

// baby01 holds calls on a few chromosomes only, so genes elsewhere are not assessable for that
// reason ("no calls on chrN"); these are the entries that coverage added.
std::vector<json> coverage_entries(const json& result) {
    std::vector<json> out;
    for (const auto& na : result["not_assessable"])
        if (na["reason"].get<std::string>().rfind("no calls on ", 0) != 0) out.push_back(na);
    return out;
}

const json* gene(const json& result, const std::string& symbol) {
    for (const auto& g : result["coverage"]["genes"])
        if (g["gene"] == symbol) return &g;
    return nullptr;
}

TEST(CoverageScreen, AGeneBelowTheThresholdIsNotAssessableWithItsNumbers) {
    const json j = screen_one({"--cram", kBam.string()}, "cov_bam_pah_low");
    EXPECT_EQ(j["status"], "incomplete");
    EXPECT_EQ(j["coverage"]["assessed"], true);
    EXPECT_EQ(j["coverage"]["source"], "bam");
    EXPECT_EQ(j["coverage"]["thresholds"], json::array({15, 20}));
    EXPECT_EQ(j["coverage"]["genes"].size(), 13u) << "every starter gene is listed";
    const json* pah = gene(j, "PAH");
    ASSERT_NE(pah, nullptr);
    EXPECT_EQ((*pah)["callable"], false);
    EXPECT_LT((*pah)["mean_depth"].get<double>(), 10.0);
    const json* cftr = gene(j, "CFTR");
    ASSERT_NE(cftr, nullptr);
    EXPECT_EQ((*cftr)["callable"], true);
    EXPECT_EQ((*cftr)["fraction_at"]["15x"], 1.0);
    const auto entries = coverage_entries(j);
    ASSERT_EQ(entries.size(), 1u);
    const json& na = entries[0];
    EXPECT_EQ(na["gene"], "PAH");
    EXPECT_EQ(na["condition_id"], "phenylketonuria");
    EXPECT_EQ(na["target_bases"], (*pah)["target_bases"]);
    EXPECT_LT(na["callable_fraction"].get<double>(), 0.95);
    EXPECT_NE(na["reason"].get<std::string>().find(">= 15x"), std::string::npos);
}

TEST(CoverageScreen, SexFromDepthIsReportedAndCombinedWithTheVcf) {
    const json j = screen_one({"--cram", kBam.string(), "--sex", "XX"}, "cov_bam_sex");
    EXPECT_EQ(j["sex"]["from_depth"]["karyotype"], "XX");
    EXPECT_NEAR(j["sex"]["from_depth"]["x_ratio"].get<double>(), 1.0, 0.1);
    EXPECT_EQ(j["sex"]["from_depth"]["y_depth"], 0.0);
    EXPECT_EQ(j["sex"]["from_vcf"]["karyotype"], "XX");
    EXPECT_EQ(j["sex"]["inferred"], "XX");
    // at(): a renamed or missing key fails, where operator[] would read it as empty.
    EXPECT_TRUE(j.at("qc").at("failures").is_array());
    EXPECT_TRUE(j.at("qc").at("failures").empty());
}

TEST(CoverageScreen, APanelAskingLessMakesTheSameBabyComplete) {
    const auto panel = scratch_dir("cov_panel_min5") / "starter";
    fs::copy(kStarter, panel, fs::copy_options::recursive);
    std::string toml = slurp(panel / "panel.toml");
    toml = std::regex_replace(toml, std::regex("callability_min_depth = 15"),
                              "callability_min_depth = 5");
    ASSERT_NE(toml.find("callability_min_depth = 5"), std::string::npos)
        << "starter panel.toml changed shape";
    std::ofstream(panel / "panel.toml") << toml;
    const json j = screen_one({"--cram", kBam.string()}, "cov_bam_min5", panel);
    EXPECT_FALSE(j.at("not_assessable").empty());  // chromosomes without calls in baby01
    EXPECT_TRUE(coverage_entries(j).empty());
    EXPECT_EQ((*gene(j, "PAH"))["callable"], true);
}

TEST(CoverageScreen, APlainVcfIsScreenedButSaysCallabilityWasNotAssessed) {
    const json j = screen_one({}, "cov_plain_vcf");
    EXPECT_EQ(j["status"], "incomplete");  // chromosomes without calls, not coverage
    EXPECT_TRUE(coverage_entries(j).empty());
    EXPECT_EQ(j["coverage"]["assessed"], false);
    EXPECT_EQ(j["coverage"]["source"], "none");
    EXPECT_NE(j["coverage"]["note"].get<std::string>().find("not assessed"), std::string::npos);
    ASSERT_TRUE(j.at("sex").contains("from_depth")) << "written as null, not left out";
    EXPECT_TRUE(j.at("sex").at("from_depth").is_null());
}

TEST(CoverageScreen, AGvcfIsItsOwnCoverageSource) {
    // GATK 3.5 gVCF excerpt over chr7:104-126 Mb (includes CFTR): exome-depth, so CFTR is not
    // callable, and every other starter gene has no records at all.
    const fs::path gvcf = test_data() / "gvcf/NA12878.hg38.gatk3.5.chr7_104-126Mb.g.vcf.gz";
    const json j = screen_one({}, "cov_gvcf", kStarter, gvcf);
    EXPECT_EQ(j["coverage"]["assessed"], true);
    EXPECT_EQ(j["coverage"]["source"], "gvcf");
    EXPECT_NE(j["coverage"]["note"].get<std::string>().find("<NON_REF>"), std::string::npos);
    EXPECT_EQ(j["status"], "incomplete");
    const json* cftr = gene(j, "CFTR");
    ASSERT_NE(cftr, nullptr);
    EXPECT_EQ((*cftr)["callable"], false);
    EXPECT_GT((*cftr)["target_bases"].get<int>(), 4000);
    bool cf = false;
    for (const auto& na : j["not_assessable"])
        cf = cf || (na["gene"] == "CFTR" && na["condition_id"] == "cystic-fibrosis");
    EXPECT_TRUE(cf);
}

TEST(CoverageScreen, ManifestCramColumnIsUsedPerBaby) {
    const auto dir = scratch_dir("cov_manifest");
    std::ofstream(dir / "batch.tsv")
        << "sample_id\tvcf\tcram\nwith_bam\t" << kBaby01.string() << "\t" << kBam.string()
        << "\nwithout\t" << kBaby01.string() << "\t\n";
    const CliResult r = run_nbscreen({"screen", "--panel", kStarter.string(), "--manifest",
                                      (dir / "batch.tsv").string(), "--out", (dir / "out").string(),
                                      "--no-provenance", "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json a = json::parse(slurp(dir / "out/with_bam.json"));
    const json b = json::parse(slurp(dir / "out/without.json"));
    EXPECT_EQ(a["coverage"]["source"], "bam");
    EXPECT_EQ(a["status"], "incomplete");
    EXPECT_EQ(coverage_entries(a).size(), 1u);  // PAH below threshold
    EXPECT_EQ(b["coverage"]["assessed"], false);
    EXPECT_TRUE(coverage_entries(b).empty());
}

TEST(CoverageScreen, AlignmentsToAnotherBuildFailTheBabyWithExitCode3) {
    const CliResult r = run_nbscreen(
        {"screen", "--panel", kStarter.string(), "--vcf", kBaby01.string(), "--cram",
         (test_data() / "alignments/NA12878_S1.chr20.10_10p1mb.cram").string(), "--reference",
         (test_data() / "alignments/ucsc.hg19.chr20.unittest.fasta.gz").string(), "--out",
         scratch_dir("cov_hg19").string(), "--quiet"});
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.err.find("not GRCh38"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace nbs::test
