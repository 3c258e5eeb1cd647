#pragma once
// The per-baby JSON document (docs/result-schema.md). Key order is fixed and numbers are rounded
// so the same inputs give the same bytes; everything that varies between runs (time, paths, the
// command line, versions) lives in the "provenance" block, which tests can switch off.
#include <optional>
#include <string>

#include "engine/panel/panel.hpp"
#include "engine/screen/baby_result.hpp"

namespace nbs {

struct RunProvenance {
    std::string nbscreen_version;
    std::string htslib_version;
    std::string command_line;
    std::string started_at;  // ISO 8601 UTC
    std::string panel_source;
};

/// `provenance` nullopt = omit the block (deterministic output for tests and diffs).
[[nodiscard]] std::string result_to_json(const BabyResult& result, const Panel& panel,
                                         const std::optional<RunProvenance>& provenance);

}  // namespace nbs
