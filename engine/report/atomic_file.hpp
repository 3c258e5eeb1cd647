#pragma once
// Result files are written under a temporary name in the same directory and renamed into place,
// so a crash or a kill never leaves a half-written result.
#include <filesystem>
#include <functional>
#include <string_view>
#include <vector>

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

// The parts of write_file_atomically, for OutputDir's group commit (output_dir.cpp), which
// flushes many files with one file-system sync instead of two fsyncs each.

/// Writes `bytes` to `path`'s temporary (the name above; exclusive, no-follow, exactly `mode`)
/// and closes it, without flushing it to disk. Returns the temporary's path; nothing is left
/// behind when it throws.
/// \throws std::runtime_error when the temporary cannot be created or written.
std::filesystem::path write_temporary(const std::filesystem::path& path, std::string_view bytes,
                                      unsigned mode);

/// Makes the contents of `files` durable. On Linux one syncfs() of the file system that holds
/// `folder` (every file in `files` must be on it); elsewhere an fsync of each file.
/// \throws std::runtime_error on a write-back error.
void sync_files(const std::filesystem::path& folder,
                const std::vector<std::filesystem::path>& files);

/// fsyncs a folder, which makes the renames and removals in it durable (file systems that cannot
/// sync a folder, EINVAL, are let pass). \throws std::runtime_error on failure.
void sync_folder(const std::filesystem::path& folder);

/// A file too large to hold in memory, written piece by piece and put in place only when whole:
/// the pieces go to `path`'s temporary (created as write_temporary's); commit() flushes it,
/// renames it into place and syncs the folder. A writer destroyed without commit() removes its
/// temporary, so a failed run leaves no partial file. \throws std::runtime_error on I/O failure.
class AtomicFileWriter {
  public:
    AtomicFileWriter(std::filesystem::path path, unsigned mode);
    ~AtomicFileWriter();
    AtomicFileWriter(const AtomicFileWriter&) = delete;
    AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

    void append(std::string_view bytes);
    /// Keeps only the lines written so far that `keep` accepts (each without its newline), by
    /// copying them to a second temporary: for taking back rows written before a late failure.
    void keep_lines(const std::function<bool(std::string_view)>& keep);
    void commit();

  private:
    std::filesystem::path path_, tmp_;
    unsigned mode_;
    int fd_ = -1;
};

/// Removes leftover ".<name>.nbscreen-tmp.<pid>" files in `dir` from an interrupted run, and
/// nothing else; returns how many.
std::size_t remove_stale_temporaries(const std::filesystem::path& dir);

}  // namespace nbs
