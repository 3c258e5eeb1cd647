// Golden tests: the bundled sample batch, screened end to end by the real binary, must give the
// reviewed results byte for byte (tests/golden/<panel>/), and the statuses a person wrote down in
// sample_data/expected_status.tsv. NBS_UPDATE_GOLDEN=1 rewrites the golden files; review the diff.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "support/cli_runner.hpp"

namespace nbs::test {
namespace {

// sample_id -> (status, condition_ids) as written down by hand for `panel`. The generation-study
// panel has its own status column: its spinal muscular atrophy needs SMN1 copy number, so a baby
// screened from a VCF alone is incomplete, never negative.
std::map<std::string, std::pair<std::string, std::string>> expected_statuses(
    const std::string& panel) {
    std::map<std::string, std::pair<std::string, std::string>> out;
    std::istringstream in(slurp(source_dir() / "sample_data/expected_status.tsv"));
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        std::istringstream cells(line);
        std::string id, status, conditions, why, gs_status;
        std::getline(cells, id, '\t');
        std::getline(cells, status, '\t');
        std::getline(cells, conditions, '\t');
        std::getline(cells, why, '\t');
        std::getline(cells, gs_status, '\t');
        out[id] = {panel == "generation-study" ? gs_status : status, conditions};
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
    ASSERT_EQ(rows.size(), 8U);
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
    const auto expected = expected_statuses(panel);
    ASSERT_EQ(expected.size(), 8U);
    for (const auto& [id, want] : expected) {
        SCOPED_TRACE(id);
        ASSERT_EQ(rows.count(id), 1U);
        EXPECT_EQ(rows.at(id).first, want.first);
        // Condition ids differ between panels; the starter panel's are the ones written down.
        if (panel == "starter") {
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

}  // namespace
}  // namespace nbs::test
