// findings[].condition_info and not_assessable[].condition_info (result schema 1.3.0): the
// condition's OMIM ids, onset and ICoNS columns as the panel gives them, only the keys it fills.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/report/json_result.hpp"

namespace nbs {
namespace {

Panel two_condition_panel() {
    Panel p;
    p.manifest.id = "p";
    p.manifest.version = "1.2.0";
    p.sha256 = std::string(64, 'b');
    Condition mtp;
    mtp.id = "mitochondrial-trifunctional-protein-deficiency";
    mtp.name = "Mitochondrial trifunctional protein deficiency";
    mtp.onset = "Neonatal";
    mtp.omim = "OMIM:609015,OMIM:620300";
    mtp.asqm_severity = "3";
    mtp.asqm_efficacy = "HADHA:3,HADHB:2";
    mtp.orthogonal_test = "yes";
    mtp.intervention = "retired text that must not reach a result";
    p.conditions.push_back(mtp);
    Condition bare;
    bare.id = "bare";
    bare.name = "A condition the source says nothing about";
    p.conditions.push_back(bare);
    return p;
}

TEST(ConditionInfo, FindingsAndNotAssessableCarryWhatThePanelFills) {
    BabyResult r;
    r.sample_id = "baby1";
    Finding f;
    f.condition_id = "mitochondrial-trifunctional-protein-deficiency";
    f.gene = "HADHA";
    r.findings.push_back(f);
    r.not_assessable.push_back({"bare", "X1", "no calls on chr2 in this file"});
    r.not_assessable.push_back(
        {"mitochondrial-trifunctional-protein-deficiency", "HADHB", "low coverage"});
    const std::string text = result_to_json(r, two_condition_panel(), std::nullopt);
    const auto j = nlohmann::json::parse(text);
    const auto& info = j["findings"][0]["condition_info"];
    EXPECT_EQ(info["omim"], nlohmann::json::array({"OMIM:609015", "OMIM:620300"}));
    EXPECT_EQ(info["onset"], "Neonatal");
    EXPECT_EQ(info["asqm_severity"], "3");
    EXPECT_EQ(info["asqm_efficacy"], "HADHA:3,HADHB:2");
    EXPECT_EQ(info["orthogonal_test"], "yes");
    EXPECT_EQ(info.size(), 5U);
    EXPECT_EQ(text.find("retired text"), std::string::npos);
    // Key order is fixed: omim, onset, asqm_severity, asqm_efficacy, orthogonal_test.
    EXPECT_LT(text.find("\"omim\""), text.find("\"onset\""));
    EXPECT_LT(text.find("\"asqm_severity\""), text.find("\"asqm_efficacy\""));
    EXPECT_LT(text.find("\"asqm_efficacy\""), text.find("\"orthogonal_test\""));
    // Nothing filled: an empty object, never "no" or 0.
    EXPECT_EQ(j["not_assessable"][0]["condition_info"], nlohmann::json::object());
    EXPECT_EQ(j["not_assessable"][1]["condition_info"], info);
}

}  // namespace
}  // namespace nbs
