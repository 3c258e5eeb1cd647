#pragma once
// The shipped Generation Study panel and its screen plan, loaded once per test executable.
#include <filesystem>

#include "engine/panel/panel_parser.hpp"
#include "engine/screen/screen_plan.hpp"

namespace nbs::test {

inline const ScreenPlan& generation_study_plan() {
    static const Panel panel =
        load_panel(std::filesystem::path(NBS_SOURCE_DIR) / "panels/generation-study");
    static const ScreenPlan plan(panel);
    return plan;
}

}  // namespace nbs::test
