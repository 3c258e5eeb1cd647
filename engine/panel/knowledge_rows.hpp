#pragma once
// The rows of a knowledge TSV section, shared by the section parsers (knowledge_parser.cpp,
// knowledge_frequency.cpp): comment lines and the header are skipped, and a header or row with
// another number of columns is a problem naming file:line, with the section's rebuild hint.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/panel/panel_parser.hpp"

namespace nbs {

/// Calls `row(line_number, cells)` for each data row of `text`.
template <typename F>
void each_knowledge_row(const std::string& text, std::size_t columns, const std::string& path,
                        const char* rebuild_hint, std::vector<PanelProblem>& problems, F row) {
    TextLines in(text);
    std::string_view line;
    std::uint64_t n = 0;
    bool header = false;
    while (in.next(line)) {
        ++n;
        if (line.empty() || line[0] == '#') continue;
        auto cells = split_tabs(line);
        const bool is_header = !header;
        header = true;
        if (cells.size() != columns) {
            problems.push_back({{path, n},
                                std::string(is_header ? "header" : "row") + " has " +
                                    std::to_string(cells.size()) + " columns, expected " +
                                    std::to_string(columns),
                                rebuild_hint});
            continue;
        }
        if (!is_header) row(n, cells);
    }
}

}  // namespace nbs
