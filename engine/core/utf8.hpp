#pragma once
// Results are JSON, and JSON is UTF-8: a path or a sample name that is not valid UTF-8 cannot be
// recorded faithfully. It is refused at the boundary where it enters (exit 3, naming it with its
// bytes escaped) instead of surfacing later as a JSON library exception (exit 1).
#include <optional>
#include <string_view>

#include "engine/core/input_error.hpp"

namespace nbs {

/// Byte offset of the first byte that is not part of a well-formed UTF-8 sequence (overlong
/// forms, surrogates and code points above U+10FFFF are malformed), or nullopt.
[[nodiscard]] std::optional<std::size_t> first_invalid_utf8(std::string_view s);

/// \throws InputError naming `what` (e.g. "the --vcf path") with the value escaped by printable().
void check_utf8(std::string_view value, std::string_view what, InputLocation where = {});

}  // namespace nbs
