#pragma once
// Result files are written under a temporary name in the same directory and renamed into place,
// so a crash or a kill never leaves a half-written result.
#include <filesystem>
#include <string_view>

namespace nbs {

/// Results hold patient data: the default mode, 0640, keeps them from other users.
inline constexpr unsigned kDefaultResultMode = 0640;
/// Panel files and bundles are shared, reviewed data, readable by everyone.
inline constexpr unsigned kSharedFileMode = 0644;

/// Writes `bytes` to `path` with exactly `mode` (set with fchmod, so the umask does not change
/// it). The temporary is ".<name>.nbscreen-tmp.<pid>", created exclusively without following
/// links; the data is fsynced before the rename and the folder after it.
/// \throws std::runtime_error (an I/O failure, exit 1) if the file cannot be written or renamed.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                           unsigned mode = kDefaultResultMode);

/// Removes leftover ".<name>.nbscreen-tmp.<pid>" files in `dir` from an interrupted run, and
/// nothing else; returns how many.
std::size_t remove_stale_temporaries(const std::filesystem::path& dir);

}  // namespace nbs
