#pragma once
// Results are JSON, and JSON is UTF-8: a path or a sample name that is not valid UTF-8 cannot be
// recorded faithfully. It is refused at the boundary where it enters (exit 3, naming it with its
// bytes escaped) instead of surfacing later as a JSON library exception (exit 1).
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/input_error.hpp"

namespace nbs {

/// Byte offset of the first byte that is not part of a well-formed UTF-8 sequence (overlong
/// forms, surrogates and code points above U+10FFFF are malformed), or nullopt.
[[nodiscard]] std::optional<std::size_t> first_invalid_utf8(std::string_view s);

/// `s` for a terminal: valid UTF-8 text is kept, but control characters (C0, DEL and the C1 range
/// U+0080..U+009F, which some terminals obey as escape sequences) and invalid bytes are written
/// as \xNN. Messages quote file contents (a CHROM, a sample name): an ESC in them must never
/// reach the terminal raw. Tab is kept; newline too when `keep_newlines`.
[[nodiscard]] std::string terminal_safe(std::string_view s, bool keep_newlines = false);

/// \throws InputError naming `what` (e.g. "the --vcf path") with the value escaped by printable().
void check_utf8(std::string_view value, std::string_view what, InputLocation where = {});

}  // namespace nbs
