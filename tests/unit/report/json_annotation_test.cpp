// The annotation evidence in the result (issue 9 items 6 and 7): the ClinVar block with the full
// submission counts, review status and ids; population_af_unknown; annotation flags.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/report/json_result.hpp"

namespace nbs {
namespace {

BabyResult one_allele(Qualification q) {
    BabyResult r;
    r.sample_id = "b1";
    r.status = BabyStatus::prioritised_for_review;
    Finding f;
    f.condition_id = "beta-ketothiolase-deficiency";
    f.gene = "ACAT1";
    f.outcome.reported = true;
    ReportedAllele a;
    a.call.variant = {"chr11", 108133862, "TTTTT", "AA"};
    a.call.as_written = a.call.variant;
    a.call.genotype = "1/1";
    a.qualification = std::move(q);
    f.variants.push_back(a);
    r.findings.push_back(f);
    return r;
}

nlohmann::json variant_json(const BabyResult& r) {
    Panel panel;
    return nlohmann::json::parse(
        result_to_json(r, panel, std::nullopt))["findings"][0]["variants"][0];
}

TEST(JsonAnnotation, ClinvarBlockShowsEverySubmissionClass) {
    Qualification q;
    q.routes.push_back({Route::clinvar, "ClinVar Conflicting (1 P/LP, 2 VUS, 0 B/LB)"});
    ClinvarEvidence ev;
    ev.counts.clnsig = "Conflicting_classifications_of_pathogenicity";
    ev.counts.pathogenic = 1;
    ev.counts.uncertain = 2;
    ev.review_status = "criteria_provided,_conflicting_classifications";
    ev.stars = 1;
    ev.variation_id = "666468";
    q.clinvar = ev;
    const auto v = variant_json(one_allele(q));
    ASSERT_TRUE(v.contains("clinvar"));
    const auto& c = v["clinvar"];
    EXPECT_EQ(c["clnsig"], "Conflicting_classifications_of_pathogenicity");
    EXPECT_EQ(c["pathogenic_submissions"], 1);
    EXPECT_EQ(c["uncertain_submissions"], 2);
    EXPECT_EQ(c["benign_submissions"], 0);
    EXPECT_EQ(c["review_status"], "criteria_provided,_conflicting_classifications");
    EXPECT_EQ(c["stars"], 1);
    EXPECT_EQ(c["variation_id"], "666468");
    EXPECT_TRUE(c["allele_id"].is_null());
    EXPECT_FALSE(v.contains("population_af_unknown"));
    EXPECT_FALSE(v.contains("annotation_flags"));
}

TEST(JsonAnnotation, UnknownFrequencyAndFlagsAreShown) {
    Qualification q;
    q.routes.push_back({Route::lof,
                        "stop_gained on ENST1 (vep_csq CSQ), population frequency "
                        "unknown"});
    q.population_af_unknown = true;
    q.flags.push_back("vep_csq CSQ stop_gained … cannot be attributed to ALT G");
    const auto v = variant_json(one_allele(q));
    EXPECT_EQ(v["population_af_unknown"], true);
    ASSERT_EQ(v["annotation_flags"].size(), 1U);
    EXPECT_FALSE(v.contains("clinvar"));
}

}  // namespace
}  // namespace nbs
