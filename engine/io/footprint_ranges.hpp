#pragma once
// The byte ranges a screen read from a BGZF-compressed VCF/BCF (core/read_footprint.hpp), with
// each "through the block starting at X" resolved to where that block ends.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/read_footprint.hpp"

namespace nbs {

/// Where the BGZF block starting at byte `start` of the file ends, from its header (BSIZE, SAM
/// specification 4.1); `start` + 64 KiB, the most a block can be, where the header cannot be read.
class BgzfBlockEnds {
  public:
    explicit BgzfBlockEnds(const std::string& path);
    ~BgzfBlockEnds();
    BgzfBlockEnds(const BgzfBlockEnds&) = delete;
    BgzfBlockEnds& operator=(const BgzfBlockEnds&) = delete;
    [[nodiscard]] std::uint64_t end_of_block_at(std::uint64_t start);

  private:
    int fd_ = -1;
};

/// footprint.ranges(), blocks resolved against `path`.
[[nodiscard]] std::vector<ByteRange> footprint_ranges(const std::string& path,
                                                      const ReadFootprint& footprint);

}  // namespace nbs
