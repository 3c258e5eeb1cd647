#pragma once
// One rule for every sample id, whatever its source (--sample-id, --sample, a VCF header column,
// a manifest row): an id names the result file OUT/<id>.json, so it must never name a path.
//   allowed: letters, digits, '.', '_' and '-'; 1 to 128 bytes; no leading '.'
//   refused: "../../x", "/abs/x", "a b", "" , ".hidden", a NUL, a terminal escape, any non-ASCII
// Worked example: --sample-id ../../x is refused with "sample id '../../x' (from --sample-id)
// cannot name a result file: it may use only letters, digits, '.', '_' and '-' ...".
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/input_error.hpp"

namespace nbs {

inline constexpr std::size_t kMaxSampleIdBytes = 128;

/// Why `id` cannot be a sample id, or nullopt when it can.
[[nodiscard]] std::optional<std::string> sample_id_problem(std::string_view id);

/// \throws InputError (at `where`, naming `source` and the id with non-printing bytes escaped).
void check_sample_id(std::string_view id, std::string_view source, InputLocation where = {});

/// `s` with every byte outside printable ASCII written as \xNN, so that an id read from a file
/// never sends a raw control sequence to a terminal.
[[nodiscard]] std::string printable(std::string_view s);

}  // namespace nbs
