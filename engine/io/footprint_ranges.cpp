#include "engine/io/footprint_ranges.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>

namespace nbs {
namespace {
constexpr std::uint64_t kMaxBlock = 65536;
}  // namespace

BgzfBlockEnds::BgzfBlockEnds(const std::string& path)
    : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}

BgzfBlockEnds::~BgzfBlockEnds() {
    if (fd_ >= 0) ::close(fd_);
}

// A BGZF block is a gzip member whose header has FEXTRA with the subfield 'B' 'C' (SLEN 2)
// holding BSIZE, the block's total size minus 1. The 18 bytes of a standard header:
//   1f 8b 08 04 | MTIME(4) XFL OS | XLEN(2) = 6 | 'B' 'C' 02 00 | BSIZE(2)
std::uint64_t BgzfBlockEnds::end_of_block_at(std::uint64_t start) {
    std::array<unsigned char, 18> h{};
    if (fd_ < 0 || ::pread(fd_, h.data(), h.size(), static_cast<off_t>(start)) !=
                       static_cast<ssize_t>(h.size()))
        return start + kMaxBlock;
    const bool standard = h[0] == 0x1f && h[1] == 0x8b && h[2] == 8 && (h[3] & 4) != 0 &&
                          h[10] == 6 && h[11] == 0 && h[12] == 'B' && h[13] == 'C' && h[14] == 2 &&
                          h[15] == 0;
    if (!standard) return start + kMaxBlock;
    return start + (static_cast<std::uint64_t>(h[16]) | static_cast<std::uint64_t>(h[17]) << 8) + 1;
}

std::vector<ByteRange> footprint_ranges(const std::string& path, const ReadFootprint& footprint) {
    BgzfBlockEnds ends(path);
    return footprint.ranges([&](std::uint64_t start) { return ends.end_of_block_at(start); });
}

}  // namespace nbs
