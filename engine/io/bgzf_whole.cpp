#include "engine/io/bgzf_whole.hpp"

#include <fcntl.h>
#include <htslib/bgzf.h>
#include <libdeflate.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

namespace nbs {
namespace {

constexpr std::size_t kHeader = 18;  // gzip header with the 6-byte "BC" extra field
constexpr std::size_t kFooter = 8;   // CRC32, ISIZE
constexpr std::uint32_t kMaxBlock = 65536;

std::uint32_t le16(const unsigned char* p) {
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8;
}
std::uint32_t le32(const unsigned char* p) {
    return le16(p) | le16(p + 2) << 16;
}

struct Block {
    std::size_t in_at = 0, in_len = 0, out_at = 0;
    std::uint32_t out_len = 0, crc = 0;
};

bool read_file(const std::string& path, std::vector<unsigned char>& out) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st {};
    bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (ok) {
        out.resize(static_cast<std::size_t>(st.st_size));
        std::size_t got = 0;
        while (got < out.size()) {
            const ssize_t n = ::read(fd, out.data() + got, out.size() - got);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            got += static_cast<std::size_t>(n);
        }
        // A file that grew or shrank while read is left to htslib's reader.
        char extra = 0;
        ok = got == out.size() && ::read(fd, &extra, 1) == 0;
    }
    ::close(fd);
    return ok;
}

// Every block of `raw`, or false where it is not BGZF block by block as htslib's reader
// recognises a block (bgzf.c check_header: XLEN 6 holding only the "BC" field).
bool walk_blocks(const std::vector<unsigned char>& raw, std::vector<Block>& blocks,
                 std::size_t& total) {
    total = 0;
    for (std::size_t at = 0; at < raw.size();) {
        const std::size_t left = raw.size() - at;
        if (left < kHeader + kFooter) return false;
        const unsigned char* h = raw.data() + at;
        if (h[0] != 31 || h[1] != 139 || h[2] != 8 || (h[3] & 4) == 0 || le16(h + 10) != 6 ||
            h[12] != 'B' || h[13] != 'C' || le16(h + 14) != 2)
            return false;
        const std::size_t size = le16(h + 16) + 1;
        if (size < kHeader + kFooter || size > left) return false;
        Block b;
        b.in_at = at + kHeader;
        b.in_len = size - kHeader - kFooter;
        b.out_at = total;
        b.crc = le32(h + size - kFooter);
        b.out_len = le32(h + size - 4);
        if (b.out_len > kMaxBlock) return false;
        total += b.out_len;
        blocks.push_back(b);
        at += size;
    }
    return true;
}

// Blocks [lo, hi) into `out`; false at the first that does not inflate to its ISIZE and CRC32.
bool inflate_blocks(const std::vector<unsigned char>& raw, const std::vector<Block>& blocks,
                    std::size_t lo, std::size_t hi, char* out) {
    libdeflate_decompressor* d = libdeflate_alloc_decompressor();
    if (d == nullptr) return false;
    bool ok = true;
    for (std::size_t i = lo; i < hi && ok; ++i) {
        const Block& b = blocks[i];
        std::size_t got = 0;
        ok = libdeflate_deflate_decompress(d, raw.data() + b.in_at, b.in_len, out + b.out_at,
                                           b.out_len, &got) == LIBDEFLATE_SUCCESS &&
             got == b.out_len && libdeflate_crc32(0, out + b.out_at, b.out_len) == b.crc;
    }
    libdeflate_free_decompressor(d);
    return ok;
}

// htslib's reader, as far as it gets. A read that fails gives nothing, so the requests are
// small: what is kept ends at most 4 kB before the block that stopped it (CsiIndex::load looks
// at the first four bytes to tell a damaged index from what is not one).
bool inflate_through_htslib(const std::string& path, InflatedFile& out) {
    constexpr std::size_t kRequest = 4096;
    std::string bytes;
    BGZF* fp = bgzf_open(path.c_str(), "r");
    bool ok = fp != nullptr;
    if (ok) {
        std::size_t used = 0;
        bytes.resize(std::size_t{1} << 20);
        for (;;) {
            if (bytes.size() - used < kRequest) bytes.resize(bytes.size() * 2);
            const ssize_t n = bgzf_read(fp, bytes.data() + used, kRequest);
            if (n < 0) ok = false;
            if (n <= 0) break;
            used += static_cast<std::size_t>(n);
        }
        bytes.resize(used);
        ok = bgzf_close(fp) == 0 && ok;
    }
    out.size = bytes.size();
    out.bytes = std::make_unique_for_overwrite<char[]>(out.size);
    if (out.size > 0) std::memcpy(out.bytes.get(), bytes.data(), out.size);
    return ok;
}

}  // namespace

bool inflate_whole_file(const std::string& path, unsigned threads, InflatedFile& out) {
    out = {};
    std::vector<unsigned char> raw;
    std::vector<Block> blocks;
    std::size_t total = 0;
    if (!read_file(path, raw) || !walk_blocks(raw, blocks, total))
        return inflate_through_htslib(path, out);
    out.bytes = std::make_unique_for_overwrite<char[]>(total);
    out.size = total;
    // Two shares cut where half the output lies behind (blocks inflate at about the same rate
    // per output byte).
    std::size_t cut = blocks.size();
    if (threads >= 2 && blocks.size() >= 2) {
        cut = 0;
        while (cut + 1 < blocks.size() && blocks[cut].out_at < total / 2)
            ++cut;
    }
    bool second_ok = true;
    std::thread second;
    if (cut < blocks.size()) {
        try {
            second = std::thread([&] {
                second_ok = inflate_blocks(raw, blocks, cut, blocks.size(), out.bytes.get());
            });
        } catch (const std::system_error&) {  // no thread to be had: one share
            cut = blocks.size();
        }
    }
    const bool first_ok = inflate_blocks(raw, blocks, 0, cut, out.bytes.get());
    if (second.joinable()) second.join();
    if (first_ok && second_ok) return true;
    return inflate_through_htslib(path, out);
}

}  // namespace nbs
