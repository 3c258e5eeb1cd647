#pragma once
// The bytes of an input file that a screen read: what a resume or a re-read must find unchanged
// to prove the file is still the evidence a stored result was decided from.
//
// An indexed screen of a 30x genome reads about 3% of its 168-185 MB file (the panel's regions
// through the index), so hashing the whole file to key its result cost more CPU than the screen's
// own read (docs/performance.md). Instead the readers in engine/io note every byte range they
// read (the header, each index iterator's chunks as far as it went, the end-of-file marker), and
// the key hashes only those ranges plus the file's size and its index. A superset of what was
// read is always safe: a changed byte inside it only causes a re-screen. A range missing from
// it would let a changed file reuse an old result, so a test zeroes every byte outside the
// footprint and checks the screen gives the same answer.
//
// Worked example: a BCF whose header ends in the block at offset 0 and whose one region's index
// chunk is [u, v) = [(70000 << 16) | 12, (90000 << 16) | 400) reads block 0 and the blocks from
// byte 70000 through the one starting at byte 90000; if that block's header gives its size as
// 9321, the footprint is [0, end of block 0), [70000, 99321), and the 28-byte end-of-file marker.
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nbs {

/// A half-open byte range [begin, end) of a file.
struct ByteRange {
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
    bool operator==(const ByteRange&) const = default;
};

/// Filled by the readers of one file in one screen; several readers (threads) may add at once.
class ReadFootprint {
  public:
    /// A range the screen read. Empty ranges are ignored.
    void add(std::uint64_t begin, std::uint64_t end);
    /// From `begin` through the end of the compressed block that starts at `block_start`: where a
    /// block ends is in the block's own header, which the reader noting it need not read
    /// (io/footprint_ranges.hpp resolves it).
    void add_through_block(std::uint64_t begin, std::uint64_t block_start);
    /// The screen read the file from start to end (streamed): only the whole file proves it.
    void add_whole_file();
    /// A reader could not say what it read (e.g. out of memory while noting it): as whole file.
    void mark_unknown() { add_whole_file(); }

    [[nodiscard]] bool whole_file() const;
    /// Sorted, overlapping and touching ranges merged; `block_end(start)` gives where the block
    /// starting at `start` ends.
    [[nodiscard]] std::vector<ByteRange> ranges(
        const std::function<std::uint64_t(std::uint64_t)>& block_end) const;

  private:
    mutable std::mutex mutex_;
    bool whole_file_ = false;
    std::vector<ByteRange> ranges_;
    std::vector<ByteRange> through_block_;  // end = the start of the last block
};

/// Sorted, merged, and cut to [0, size).
[[nodiscard]] std::vector<ByteRange> normalise_ranges(std::vector<ByteRange> ranges,
                                                      std::uint64_t size);

/// "0-65536,4587520-5963776": decimal begin-end pairs, comma separated (no spaces, so it fits one
/// token of a record line).
[[nodiscard]] std::string format_ranges(const std::vector<ByteRange>& ranges);
/// The inverse of format_ranges(); nullopt for anything else (not sorted, overlapping, empty).
[[nodiscard]] std::optional<std::vector<ByteRange>> parse_ranges(std::string_view text);

}  // namespace nbs
