// Golden tests: the bundled sample batch, screened end to end by the real binary, must give the
// reviewed results byte for byte (tests/golden/<panel>/), and the statuses a person wrote down in
// sample_data/expected_status.tsv; the edge-case batch (tests/golden/edge-cases/) holds the
// result shapes the sample batch never produces (set_aside entries, sample_failed_qc).
// NBS_UPDATE_GOLDEN=1 rewrites the golden files (refused when CI is set); review the diff.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "support/cli_runner.hpp"

namespace nbs::test {
namespace {

// sample_id -> (status, condition_ids) as written down by hand.
std::map<std::string, std::pair<std::string, std::string>> expected_statuses() {
    std::map<std::string, std::pair<std::string, std::string>> out;
    std::istringstream in(slurp(source_dir() / "sample_data/expected_status.tsv"));
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        std::istringstream cells(line);
        std::string id, status, conditions;
        std::getline(cells, id, '\t');
        std::getline(cells, status, '\t');
        std::getline(cells, conditions, '\t');
        out[id] = {status, conditions};
    }
    return out;
}

// batch_summary.tsv rows: sample_id -> (status, condition_ids)
std::map<std::string, std::pair<std::string, std::string>> summary_rows(const std::string& tsv) {
    std::map<std::string, std::pair<std::string, std::string>> out;
    std::istringstream in(tsv);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        std::istringstream cells(line);
        std::string id, status, n, conditions;
        std::getline(cells, id, '\t');
        std::getline(cells, status, '\t');
        std::getline(cells, n, '\t');
        std::getline(cells, conditions, '\t');
        out[id] = {status, conditions};
    }
    return out;
}

class SampleDataGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(SampleDataGolden, MatchesReviewedResults) {
    const std::string panel = GetParam();
    const auto out = scratch_dir("golden_" + panel);
    const auto r = run_nbscreen({"screen", "--panel", (source_dir() / "panels" / panel).string(),
                                 "--manifest", (source_dir() / "sample_data/batch.tsv").string(),
                                 "--out", out.string(), "--no-provenance", "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto golden_dir = source_dir() / "tests/golden" / panel;
    const std::string summary = slurp(out / "batch_summary.tsv");
    EXPECT_EQ(compare_with_golden(summary, golden_dir / "batch_summary.tsv"), "");
    const auto rows = summary_rows(summary);
    ASSERT_EQ(rows.size(), 9U);
    for (const auto& [id, row] : rows) {
        SCOPED_TRACE(id);
        EXPECT_EQ(compare_with_golden(slurp(out / (id + ".json")), golden_dir / (id + ".json")),
                  "");
    }
}

TEST_P(SampleDataGolden, StatusesMatchTheHandWrittenExpectation) {
    const std::string panel = GetParam();
    const auto out = scratch_dir("expected_" + panel);
    const auto r = run_nbscreen({"screen", "--panel", (source_dir() / "panels" / panel).string(),
                                 "--manifest", (source_dir() / "sample_data/batch.tsv").string(),
                                 "--out", out.string(), "--no-provenance", "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto rows = summary_rows(slurp(out / "batch_summary.tsv"));
    const auto expected = expected_statuses();
    ASSERT_EQ(expected.size(), 9U);
    for (auto [id, want] : expected) {
        SCOPED_TRACE(id);
        ASSERT_EQ(rows.count(id), 1U);
        // baby09's only positive allele is on no list and in no annotation: only the knowledge
        // of generation-study (MANE model + sequence, built-in consequence) can see it. The
        // starter panel has no knowledge, so the baby is incomplete there, never negative.
        if (id == "baby09" && panel != "generation-study") want = {"incomplete", ""};
        EXPECT_EQ(rows.at(id).first, want.first);
        // Condition ids differ between panels; the ones written down are those of the panel
        // `make demo` screens (Makefile PANEL = panels/generation-study).
        if (panel == "generation-study") {
            EXPECT_EQ(rows.at(id).second, want.second);
        }
        EXPECT_EQ(rows.at(id).second.empty(), want.second.empty());
    }
}

INSTANTIATE_TEST_SUITE_P(Panels, SampleDataGolden, ::testing::Values("generation-study", "starter"),
                         [](const auto& info) {
                             return info.param == "generation-study" ? "GenerationStudy"
                                                                     : "Starter";
                         });

// Two babies whose results have the parts no sample baby has, reviewed by hand:
//  - lowgq_scn1a: baby02's heterozygous SCN1A include-list allele with GQ 12 (the starter panel
//    asks for GQ >= 20): the allele is listed under set_aside, "failed genotype QC", never as a
//    finding, and Dravet syndrome is not assessable (status incomplete), never negative;
//  - swapped_sex: baby06 (a boy, hemizygous F9 allele) with reported_sex XX, as after a sample
//    swap: status sample_failed_qc with qc.failures sex_discordant.
TEST(EdgeCaseGolden, SetAsideAndSampleFailedQcMatchReviewedResults) {
    const auto dir = scratch_dir("golden_edge_cases");
    std::ofstream(dir / "batch.tsv")
        << "sample_id\tvcf\tvcf_sample\treported_sex\n"
        << "lowgq_scn1a\t" << (test_data() / "golden/baby02.scn1a_gq12.vcf.gz").string()
        << "\tbaby02\tXY\n"
        << "swapped_sex\t" << (source_dir() / "sample_data/baby06.vcf.gz").string()
        << "\tbaby06\tXX\n";
    const auto out = dir / "out";
    const auto r = run_nbscreen({"screen", "--panel", (source_dir() / "panels/starter").string(),
                                 "--manifest", (dir / "batch.tsv").string(), "--out", out.string(),
                                 "--no-provenance", "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto golden_dir = source_dir() / "tests/golden/edge-cases";
    EXPECT_EQ(
        compare_with_golden(slurp(out / "batch_summary.tsv"), golden_dir / "batch_summary.tsv"),
        "");
    for (const std::string id : {"lowgq_scn1a", "swapped_sex"}) {
        SCOPED_TRACE(id);
        EXPECT_EQ(compare_with_golden(slurp(out / (id + ".json")), golden_dir / (id + ".json")),
                  "");
    }
    // What the goldens must show, whatever else changes in them.
    const auto low = nlohmann::json::parse(slurp(out / "lowgq_scn1a.json"));
    // Never negative on evidence not seen: the condition is not assessable, the baby incomplete.
    EXPECT_EQ(low.at("status"), "incomplete");
    int dravet_not_assessable = 0;
    for (const auto& n : low.at("not_assessable")) {
        if (n.at("condition_id") == "dravet-syndrome" && n.at("gene") == "SCN1A") {
            ++dravet_not_assessable;
            EXPECT_NE(n.at("reason").get<std::string>().find("GQ 12 < 20"), std::string::npos)
                << n.dump();
        }
    }
    EXPECT_EQ(dravet_not_assessable, 1) << low.at("not_assessable").dump(2);
    EXPECT_TRUE(low.at("findings").empty()) << "a failed-QC allele is never a finding";
    int scn1a_set_aside = 0;
    for (const auto& s : low.at("set_aside")) {
        if (s.at("gene") == "SCN1A" && s.at("reason") == "failed genotype QC") ++scn1a_set_aside;
    }
    EXPECT_EQ(scn1a_set_aside, 1) << low.at("set_aside").dump(2);
    const auto swapped = nlohmann::json::parse(slurp(out / "swapped_sex.json"));
    EXPECT_EQ(swapped.at("status"), "sample_failed_qc");
    const auto& failures = swapped.at("qc").at("failures");
    EXPECT_NE(std::find(failures.begin(), failures.end(), "sex_discordant"), failures.end())
        << failures.dump();
}

// NBS_UPDATE_GOLDEN rewrites golden files outside CI and is refused in CI.
class ScopedEnv {
  public:
    ScopedEnv(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value != nullptr)
            ::setenv(name, value, 1);
        else
            ::unsetenv(name);
    }
    ~ScopedEnv() {
        if (old_)
            ::setenv(name_, old_->c_str(), 1);
        else
            ::unsetenv(name_);
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

  private:
    const char* name_;
    std::optional<std::string> old_;
};

TEST(GoldenPolicy, UpdateIsRefusedWhenCiIsSetAndWorksOtherwise) {
    const auto dir = scratch_dir("golden_policy");
    const auto golden = dir / "case.json";
    {
        ScopedEnv ci("CI", "1");
        ScopedEnv update("NBS_UPDATE_GOLDEN", "1");
        const std::string msg = compare_with_golden("{}", golden);
        EXPECT_NE(msg.find("NBS_UPDATE_GOLDEN is refused when CI is set"), std::string::npos)
            << msg;
        EXPECT_FALSE(std::filesystem::exists(golden)) << "nothing written under CI";
    }
    {
        ScopedEnv ci("CI", nullptr);
        ScopedEnv update("NBS_UPDATE_GOLDEN", "1");
        EXPECT_EQ(compare_with_golden("{}", golden), "");
        EXPECT_EQ(slurp(golden), "{}");
    }
    {
        ScopedEnv ci("CI", "1");
        ScopedEnv update("NBS_UPDATE_GOLDEN", nullptr);
        EXPECT_EQ(compare_with_golden("{}", golden), "");
        const std::string msg = compare_with_golden("{\"x\": 1}", golden);
        EXPECT_NE(msg.find("differs"), std::string::npos) << msg;
        EXPECT_EQ(slurp(golden), "{}") << "a mismatch never rewrites the golden file";
    }
}

}  // namespace
}  // namespace nbs::test
