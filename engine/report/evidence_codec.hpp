#pragma once
// The evidence snapshot on disk (OUT/<id>.evidence.zst; docs/results.md, "The evidence snapshot"):
// one line of text that names the format and its version, then one zstd frame (with its content
// checksum) of a compact binary encoding of BabyEvidence (screen/baby_evidence.hpp). Encoding is
// deterministic: the same evidence gives the same bytes.
//
// A snapshot that is not this format, of another version, truncated or corrupt is refused with an
// InputError naming the file: a rescreen never decides from evidence it cannot read in full.
#include <string>
#include <string_view>

#include "engine/screen/baby_evidence.hpp"

namespace nbs {

/// The first line of every snapshot, then the version number and '\n'.
inline constexpr std::string_view kEvidenceMagic = "nbscreen-evidence ";
/// Bumped whenever the encoding changes; a reader refuses any other version.
inline constexpr int kEvidenceVersion = 1;

[[nodiscard]] std::string encode_evidence(const BabyEvidence& ev);

/// \throws InputError naming `source` (a path, for messages) when the bytes are not a complete
/// snapshot of this version.
[[nodiscard]] BabyEvidence decode_evidence(std::string_view bytes, const std::string& source);

}  // namespace nbs
