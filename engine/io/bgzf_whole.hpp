#pragma once
// A whole BGZF file inflated into memory at once, its blocks shared among threads (engine/io
// only). For files read whole and then parsed, such as a .csi index: htslib's BGZF reader
// inflates one block at a time into its own buffer and copies it out, on one thread.
//
// Why split by block: every BGZF block (SAM spec section 4.1) is a gzip member that says its
// own compressed size (BSIZE, in the "BC" extra field) and its inflated size (ISIZE, last four
// bytes), so one pass over the headers places every block's output, and the blocks can then be
// inflated in any order. Each block's CRC32 is checked, as htslib's reader checks it.
//
// Only files that are BGZF block by block, as htslib recognises a block (XLEN 6, "BC" first)
// take that path. Anything else (plain gzip, a block cut short, a bad CRC) is read through
// htslib's BGZF reader instead, so what inflates, and how far, is htslib's answer.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace nbs {

struct InflatedFile {
    std::unique_ptr<char[]> bytes;
    std::size_t size = 0;
    [[nodiscard]] std::string_view view() const { return {bytes.get(), size}; }
};

/// Inflates the BGZF (or gzip) file at `path` into `out`, on up to `threads` threads (1 or 2).
/// False when it cannot be read or does not inflate to its end; `out` then holds what htslib's
/// reader inflated before it stopped, to within 4 kB.
[[nodiscard]] bool inflate_whole_file(const std::string& path, unsigned threads, InflatedFile& out);

}  // namespace nbs
