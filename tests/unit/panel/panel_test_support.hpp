#pragma once
// Shared by the panel unit tests: the small fixture panel (tests/data/panel/mini) as bytes, so a
// test can break one cell and check what the loader or validator says about it.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "engine/panel/panel_files.hpp"

namespace nbs::test {

inline std::filesystem::path panel_data() {
    return std::filesystem::path(NBS_TEST_DATA) / "panel";
}

inline PanelFiles mini_panel() {
    return read_panel_dir(panel_data() / "mini");
}

/// The same panel in schema 1.1 (tests/data/panel/mini11): aliases, requires_evidence and
/// requires_reason, include rows' condition_id and null_allele.
inline PanelFiles mini11_panel() {
    return read_panel_dir(panel_data() / "mini11");
}

/// Replaces the first occurrence of `from` in file `name`; fails the test if it is not there.
inline void replace_in(PanelFiles& files, const std::string& name, const std::string& from,
                       const std::string& to) {
    auto& text = files.content.at(name);
    const auto p = text.find(from);
    ASSERT_NE(p, std::string::npos) << from << " not in " << name;
    text.replace(p, from.size(), to);
}

/// 1-based line number of the first line of `name` containing `needle` (0 if none).
inline std::uint64_t line_of(const PanelFiles& files, const std::string& name,
                             const std::string& needle) {
    const auto& text = files.content.at(name);
    const auto p = text.find(needle);
    if (p == std::string::npos) return 0;
    std::uint64_t line = 1;
    for (std::size_t i = 0; i < p; ++i)
        line += text[i] == '\n' ? 1 : 0;
    return line;
}

}  // namespace nbs::test
