#pragma once
// Parsing panel content into the model. Every problem is collected with its file:line:column and
// a hint, so `nbscreen panel validate` can report them all at once; `load_panel` refuses a panel
// with any problem.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/panel/panel.hpp"
#include "engine/panel/panel_files.hpp"

namespace nbs {

struct PanelProblem {
    InputLocation where;
    std::string why;
    std::string hint;

    [[nodiscard]] std::string to_string() const;
};

/// Parses `files` into a Panel, appending every problem found to `problems`. Rows with problems
/// are left out of the returned panel.
[[nodiscard]] Panel parse_panel(const PanelFiles& files, std::vector<PanelProblem>& problems);

/// Loads a panel directory or bundle. \throws InputError naming the first problem (and how many
/// more there are) if the panel has any.
[[nodiscard]] Panel load_panel(const std::filesystem::path& path);

/// A known `requires_evidence` kind of conditions.tsv: `smn1_copy_number`, or `other:<what>`
/// (`<what>` lowercase [a-z0-9_-]+) for evidence this nbscreen cannot read; docs/panel-format.md.
[[nodiscard]] bool is_evidence_kind(std::string_view kind);

/// Splits one TSV line on tabs.
[[nodiscard]] std::vector<std::string> split_tabs(std::string_view line);

/// The lines of a file's text as std::getline gives them (split at each '\n', the newline left
/// off; a final newline ends the last line, it does not start an empty one), without copying
/// the text as a stringstream would: panel tables are read on every screen's critical path.
class TextLines {
  public:
    explicit TextLines(std::string_view text) : text_(text) {}
    bool next(std::string_view& line) {
        if (at_ >= text_.size()) return false;
        const std::size_t nl = text_.find('\n', at_);
        const std::size_t end = nl == std::string_view::npos ? text_.size() : nl;
        line = text_.substr(at_, end - at_);
        at_ = end + 1;
        return true;
    }

  private:
    std::string_view text_;
    std::size_t at_ = 0;
};

}  // namespace nbs
