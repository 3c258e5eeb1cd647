#pragma once
// Result files are written under a temporary name in the same directory and renamed into place,
// so a crash or a kill never leaves a half-written result.
#include <filesystem>
#include <string_view>

namespace nbs {

/// \throws std::runtime_error (an I/O failure, exit 1) if the file cannot be written or renamed.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

/// Results are created 0640 (before the umask): patient data, not world-readable. The temporary is
/// ".<name>.nbscreen-tmp.<pid>", created exclusively without following links; the folder is
/// fsynced after the rename.
/// Removes leftover ".<name>.nbscreen-tmp.<pid>" files in `dir` from an interrupted run, and
/// nothing else; returns how many.
std::size_t remove_stale_temporaries(const std::filesystem::path& dir);

}  // namespace nbs
