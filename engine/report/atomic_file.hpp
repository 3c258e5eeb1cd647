#pragma once
// Result files are written under a temporary name in the same directory and renamed into place,
// so a crash or a kill never leaves a half-written result.
#include <filesystem>
#include <string_view>

namespace nbs {

/// \throws std::runtime_error (an I/O failure, exit 1) if the file cannot be written or renamed.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

/// Removes leftover "<name>.tmp.*" files in `dir` from an interrupted run; returns how many.
std::size_t remove_stale_temporaries(const std::filesystem::path& dir);

}  // namespace nbs
