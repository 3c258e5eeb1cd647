#pragma once
// A panel's content as bytes: the files of a panel directory, or the same files carried inside a
// compiled bundle. Both forms hash and parse identically, so `screen` gives the same result for
// either and the SHA-256 names the content, not its packaging.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nbs {

/// The files that make up a panel's content, in the order they are hashed. CHANGELOG.md is
/// documentation and is not part of the content checksum.
/// The knowledge/ files (knowledge.hpp) come last; a panel without them hashes as before.
inline constexpr std::string_view kPanelContentFiles[] = {"panel.toml",
                                                          "conditions.tsv",
                                                          "genes.tsv",
                                                          "variants.tsv",
                                                          "targets.tsv",
                                                          "smn.tsv",
                                                          "knowledge/sequence.tsv",
                                                          "knowledge/sequence.fa.zst",
                                                          "knowledge/transcripts.tsv",
                                                          "knowledge/clinvar.tsv.zst",
                                                          "knowledge/gnomad.tsv.zst",
                                                          "knowledge/gnomad_covered.tsv.zst"};
/// targets.tsv, smn.tsv and the knowledge files are optional (a panel without targets gets
/// gene-span targets; without smn.tsv, SMN1 copy number is never called; without knowledge,
/// alleles are matched as written).
[[nodiscard]] bool is_required_panel_file(std::string_view name);

struct PanelFiles {
    std::map<std::string, std::string> content;  // file name -> bytes
    std::string origin;                          // directory or bundle path, for messages
    std::string origin_kind;                     // "directory" | "bundle"
};

/// Reads the content files of a panel directory. \throws InputError if a required file is missing.
[[nodiscard]] PanelFiles read_panel_dir(const std::filesystem::path& dir);

/// Reads a compiled .nbpanel bundle, verifying its stored checksum. \throws InputError.
[[nodiscard]] PanelFiles read_panel_bundle(const std::filesystem::path& file);

/// Directory or bundle, by what `path` is.
[[nodiscard]] PanelFiles read_panel_files(const std::filesystem::path& path);

/// SHA-256 (lowercase hex) over the content files: for each present file in kPanelContentFiles
/// order, "name\n<size>\n<bytes>".
[[nodiscard]] std::string content_sha256(const PanelFiles& files);

/// The bundle bytes (zstd-compressed) for `files`.
[[nodiscard]] std::string encode_bundle(const PanelFiles& files);

/// The whole file as bytes. \throws InputError naming the file if it cannot be opened.
[[nodiscard]] std::string read_file_bytes(const std::filesystem::path& path);

/// Lowercase hex SHA-256 of arbitrary bytes.
[[nodiscard]] std::string sha256_hex(std::string_view bytes);
/// SHA-256 of a file's content, read in chunks. \throws std::runtime_error if unreadable.
[[nodiscard]] std::string sha256_file_hex(const std::filesystem::path& path);

/// The SHA-256 of pieces of files, hashed by whichever threads call work(): each call takes the
/// next piece no thread has taken until none is left, so a thread that comes free late still
/// takes its share, and the digests do not depend on who hashed what. Why not a fixed split:
/// a baby screened alone starts hashing on a new thread when its read is done, and its screening
/// thread joins in when its records are screened (batch/vcf_identity.hpp).
class PieceDigests {
  public:
    static constexpr std::uint64_t kToEnd = ~std::uint64_t{0};
    struct Piece {
        std::filesystem::path path;
        std::uint64_t begin = 0, end = kToEnd;  // [begin, end); kToEnd: to the end of the file
    };
    explicit PieceDigests(std::vector<Piece> pieces);
    PieceDigests(const PieceDigests&) = delete;
    PieceDigests& operator=(const PieceDigests&) = delete;

    /// Hashes pieces until every one is taken. A failure is kept for digests().
    void work() noexcept;
    /// work() (beside one more thread of its own when `threads` >= 2: hashing is memory-bound
    /// and callers have two cores at most), then waits for the pieces other threads took: each
    /// piece's lowercase hex digest, in order, the same for any number of threads.
    /// \throws std::runtime_error for the first piece that could not be read whole (a file
    /// shorter than its range, or unreadable).
    [[nodiscard]] std::vector<std::string> digests(unsigned threads = 1);

  private:
    std::vector<Piece> pieces_;
    std::vector<std::string> out_;
    std::atomic<std::size_t> next_{0};
    std::mutex mutex_;
    std::condition_variable all_done_;
    std::size_t done_ = 0;                     // under mutex_
    std::exception_ptr failure_;               // under mutex_
    std::size_t failed_at_ = ~std::size_t{0};  // the piece failure_ is for
};

}  // namespace nbs
