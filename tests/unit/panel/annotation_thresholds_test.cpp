// The annotation thresholds of panel.toml [thresholds] (issue 9 items 6 and 7): clinvar_max_vus
// (default: no limit), consequence_af_fields and consequence_keys; read, typed, and carried
// through the thresholds table the diff and the PanelApp import write.
#include <gtest/gtest.h>

#include "engine/panel/panel_diff.hpp"
#include "engine/panel/panel_parser.hpp"
#include "panel_test_support.hpp"

namespace nbs {
namespace {

using test::mini_panel;
using test::replace_in;

std::string value_of(const Thresholds& t, const std::string& key) {
    for (const auto& [k, v] : thresholds_as_strings(t))
        if (k == key) return v;
    return "(absent)";
}

TEST(AnnotationThresholds, DefaultsAndParsing) {
    std::vector<PanelProblem> problems;
    const Panel d = parse_panel(mini_panel(), problems);
    ASSERT_TRUE(problems.empty());
    // The Generation Study rule has no VUS limit: unset, and left out of the written table.
    EXPECT_FALSE(d.manifest.thresholds.clinvar_max_vus.has_value());
    EXPECT_EQ(value_of(d.manifest.thresholds, "clinvar_max_vus"), "(absent)");
    EXPECT_EQ(d.manifest.thresholds.consequence_af_fields,
              (std::vector<std::string>{"MAX_AF", "gnomADe_AF", "gnomADg_AF", "gnomAD_AF"}));
    EXPECT_TRUE(d.manifest.thresholds.consequence_keys.empty());

    PanelFiles f = mini_panel();
    replace_in(f, "panel.toml", "[thresholds]\n",
               "[thresholds]\nclinvar_max_vus = 2\nconsequence_af_fields = [\"gnomADg_AF\"]\n"
               "consequence_keys = [\"CSQ_VEP110\"]\n");
    const Panel p = parse_panel(f, problems);
    ASSERT_TRUE(problems.empty()) << problems.front().to_string();
    EXPECT_EQ(p.manifest.thresholds.clinvar_max_vus, 2);
    EXPECT_EQ(p.manifest.thresholds.consequence_af_fields,
              (std::vector<std::string>{"gnomADg_AF"}));
    EXPECT_EQ(p.manifest.thresholds.consequence_keys, (std::vector<std::string>{"CSQ_VEP110"}));
    EXPECT_EQ(value_of(p.manifest.thresholds, "clinvar_max_vus"), "2");
    EXPECT_EQ(value_of(p.manifest.thresholds, "consequence_keys"), "[\"CSQ_VEP110\"]");
}

TEST(AnnotationThresholds, WrongTypesAreProblems) {
    for (const char* bad : {"clinvar_max_vus = -1\n", "clinvar_max_vus = \"none\"\n",
                            "consequence_af_fields = \"MAX_AF\"\n", "consequence_keys = [1]\n"}) {
        SCOPED_TRACE(bad);
        PanelFiles f = mini_panel();
        replace_in(f, "panel.toml", "[thresholds]\n", std::string("[thresholds]\n") + bad);
        std::vector<PanelProblem> problems;
        (void)parse_panel(f, problems);
        ASSERT_EQ(problems.size(), 1U);
        EXPECT_NE(problems[0].why.find("wrong type"), std::string::npos) << problems[0].why;
    }
}

}  // namespace
}  // namespace nbs
