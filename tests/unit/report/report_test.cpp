#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/report/atomic_file.hpp"
#include "engine/report/json_result.hpp"

namespace nbs {
namespace {

std::filesystem::path scratch(const std::string& name) {
    // The build tree's scratch folder, never the system temp folder: concurrent suites (make test
    // and make test-asan) each have their own.
    const auto p = std::filesystem::path(NBS_SCRATCH_DIR) / ("report_" + name);
    std::filesystem::remove_all(p);
    std::filesystem::create_directories(p);
    return p;
}

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

TEST(AtomicFile, WritesWholeFileAndLeavesNoTemporary) {
    const auto dir = scratch("atomic");
    write_file_atomically(dir / "a.json", "{\"x\": 1}\n");
    EXPECT_EQ(slurp(dir / "a.json"), "{\"x\": 1}\n");
    write_file_atomically(dir / "a.json", "replaced\n");
    EXPECT_EQ(slurp(dir / "a.json"), "replaced\n");
    int files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir))
        ++files;
    EXPECT_EQ(files, 1);
}

TEST(AtomicFile, FailureIsAnErrorAndLeavesNothing) {
    const auto dir = scratch("atomic_fail");
    EXPECT_THROW(write_file_atomically(dir / "missing_folder" / "a.json", "x"), std::runtime_error);
    EXPECT_FALSE(std::filesystem::exists(dir / "missing_folder"));
}

// Start-up cleanup removes nbscreen's own temporaries only: a user's notes.tmp.txt and the result
// of a baby named "baby.tmp.1" are not its to delete.
TEST(AtomicFile, RemovesOnlyItsOwnStaleTemporaries) {
    const auto dir = scratch("stale");
    std::ofstream(dir / ".baby1.json.nbscreen-tmp.12345") << "half";
    std::ofstream(dir / "baby2.json") << "whole";
    std::ofstream(dir / "notes.tmp.txt") << "a user's file";
    std::ofstream(dir / "baby.tmp.1.json") << "another baby's result";
    std::ofstream(dir / "baby1.json.tmp.12345") << "not ours: no leading dot";
    std::ofstream(dir / ".x.nbscreen-tmp.12a") << "not ours: not a pid";
    EXPECT_EQ(remove_stale_temporaries(dir), 1U);
    EXPECT_FALSE(std::filesystem::exists(dir / ".baby1.json.nbscreen-tmp.12345"));
    for (const char* kept : {"baby2.json", "notes.tmp.txt", "baby.tmp.1.json",
                             "baby1.json.tmp.12345", ".x.nbscreen-tmp.12a"})
        EXPECT_TRUE(std::filesystem::exists(dir / kept)) << kept;
}

// Results are not world-readable, and a symlink planted at the temporary's name is never written
// through (exclusive, no-follow creation replaces the link itself).
TEST(AtomicFile, ResultsAre0640AndNeverWrittenThroughALink) {
    const auto dir = scratch("atomic_mode");
    const auto old_mask = ::umask(022);
    write_file_atomically(dir / "a.json", "{}\n");
    ::umask(old_mask);
    const auto perms = std::filesystem::status(dir / "a.json").permissions();
    EXPECT_EQ(perms & std::filesystem::perms::others_read, std::filesystem::perms::none);
    EXPECT_NE(perms & std::filesystem::perms::group_read, std::filesystem::perms::none);

    std::ofstream(dir / "victim.txt") << "keep me";
    std::filesystem::create_symlink(dir / "victim.txt",
                                    dir / (".b.json.nbscreen-tmp." + std::to_string(::getpid())));
    write_file_atomically(dir / "b.json", "result");
    EXPECT_EQ(slurp(dir / "victim.txt"), "keep me");
    EXPECT_EQ(slurp(dir / "b.json"), "result");
}

BabyResult example_result() {
    BabyResult r;
    r.sample_id = "baby42";
    r.status = BabyStatus::prioritised_for_review;
    r.sex.reported = Karyotype::XY;
    r.sex.inferred.karyotype = Karyotype::XY;
    r.sex.used = Karyotype::XY;
    r.sex.used_source = "inferred";
    r.sex.evidence.x_nonpar_calls = 300;
    r.sex.evidence.y_nonpar_calls = 40;
    Finding f;
    f.condition_id = "cystic-fibrosis";
    f.condition_name = "Cystic fibrosis";
    f.gene = "CFTR";
    f.hgnc_id = "HGNC:1884";
    f.moi = Moi::biallelic;
    f.outcome.reported = true;
    f.outcome.phase = Phase::unknown;
    f.outcome.zygosity = "compound_heterozygous";
    ReportedAllele a;
    a.call.variant = {"chr7", 117559590, "ATCT", "A"};
    a.call.as_written = a.call.variant;
    a.call.genotype = "0/1";
    a.call.gq = 99;
    a.call.dp = 30;
    a.call.ad_alt = 14;
    a.call.ad_total = 30;
    a.qualification.routes.push_back({Route::include_list, "include list: F508del"});
    f.variants.push_back(a);
    r.findings.push_back(f);
    return r;
}

TEST(JsonResult, CarriesTheContractFields) {
    Panel panel;
    panel.manifest.id = "p";
    panel.manifest.version = "1.2.3";
    panel.sha256 = std::string(64, 'a');
    const auto j = nlohmann::json::parse(result_to_json(example_result(), panel, std::nullopt));
    EXPECT_EQ(j["schema_version"], "1.4.0");
    EXPECT_EQ(j["sample_id"], "baby42");
    EXPECT_EQ(j["status"], "prioritised_for_review");
    EXPECT_EQ(j["panel"]["version"], "1.2.3");
    EXPECT_EQ(j["panel"]["sha256"], panel.sha256);
    EXPECT_EQ(j["sex"]["reported"], "XY");
    EXPECT_EQ(j["sex"]["inferred"], "XY");
    const auto& f = j["findings"][0];
    EXPECT_EQ(f["condition_id"], "cystic-fibrosis");
    EXPECT_EQ(f["gene"], "CFTR");
    EXPECT_EQ(f["moi"], "BIALLELIC");
    EXPECT_EQ(f["phase"], "unknown");
    const auto& v = f["variants"][0];
    EXPECT_EQ(v["chrom"], "chr7");
    EXPECT_EQ(v["pos"], 117559590);
    EXPECT_EQ(v["ref"], "ATCT");
    EXPECT_EQ(v["alt"], "A");
    EXPECT_EQ(v["genotype"], "0/1");
    EXPECT_EQ(v["route"], "include_list");
    EXPECT_EQ(v["gq"], 99);
    EXPECT_EQ(v["dp"], 30);
    EXPECT_DOUBLE_EQ(v["allele_balance"].get<double>(), 0.467);
    EXPECT_TRUE(j["not_assessable"].is_array());
    EXPECT_FALSE(j.contains("provenance"));
    EXPECT_FALSE(v.contains("consequence")) << "only when there is one (schema 1.3.0)";
}

// Schema 1.3.0: the consequence that decided, with its source; nmd_escape and knowledge only for
// nbscreen's built-in consequence.
TEST(JsonResult, ConsequenceCarriesItsSource) {
    Panel panel;
    BabyResult r = example_result();
    AlleleConsequence c;
    c.source = "nbscreen";
    c.transcript = "ENST00000645534.1";
    c.terms = {"stop_gained"};
    c.hgvs_c = "c.50G>A";
    c.hgvs_p = "p.Trp17Ter";
    c.nmd_escape = "none";
    c.knowledge = "MANE.gtf.gz (release 1.0)";
    r.findings[0].variants[0].qualification.consequence = c;
    auto j = nlohmann::json::parse(result_to_json(r, panel, std::nullopt));
    const auto& v = j["findings"][0]["variants"][0]["consequence"];
    EXPECT_EQ(v["source"], "nbscreen");
    EXPECT_EQ(v["transcript"], "ENST00000645534.1");
    EXPECT_EQ(v["terms"], nlohmann::json::array({"stop_gained"}));
    EXPECT_EQ(v["hgvs_c"], "c.50G>A");
    EXPECT_EQ(v["hgvs_p"], "p.Trp17Ter");
    EXPECT_TRUE(v["nmd_escape"].is_null());
    EXPECT_EQ(v["knowledge"], "MANE.gtf.gz (release 1.0)");
    c.source = "BCSQ";
    c.hgvs_c.clear();
    c.hgvs_p.clear();
    c.nmd_escape.reset();
    r.findings[0].variants[0].qualification.consequence = c;
    j = nlohmann::json::parse(result_to_json(r, panel, std::nullopt));
    const auto& b = j["findings"][0]["variants"][0]["consequence"];
    EXPECT_EQ(b["source"], "BCSQ");
    EXPECT_FALSE(b.contains("nmd_escape"));
    EXPECT_FALSE(b.contains("hgvs_c"));
}

// Provenance is one extra top-level key, present only when asked for: the rest of the document
// is the same bytes either way, so results without provenance compare across runs and machines.
TEST(JsonResult, ProvenanceOnlyWhenAskedAndNothingElseChanges) {
    Panel panel;
    const BabyResult r = example_result();
    const std::string plain = result_to_json(r, panel, std::nullopt);
    const RunProvenance prov{"0.1.0", "1.16", "nbscreen screen ...", "2026-11-24T00:00:00Z",
                             "panels/p"};
    const std::string with_prov = result_to_json(r, panel, prov);
    EXPECT_THAT(with_prov, ::testing::HasSubstr("2026-11-24T00:00:00Z"));
    EXPECT_THAT(plain, ::testing::Not(::testing::HasSubstr("2026-11-24")));
    auto j = nlohmann::json::parse(with_prov);
    EXPECT_EQ(j["provenance"]["htslib_version"], "1.16");
    EXPECT_EQ(j["provenance"]["started_at"], "2026-11-24T00:00:00Z");
    ASSERT_EQ(j.erase("provenance"), 1u);
    const auto p = nlohmann::json::parse(plain);
    EXPECT_FALSE(p.contains("provenance"));
    EXPECT_EQ(j, p) << "provenance changed more than its own key";
}

}  // namespace
}  // namespace nbs
