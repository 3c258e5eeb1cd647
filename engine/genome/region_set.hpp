#pragma once
// A sorted, merged set of regions with fast point lookup: the panel's read plan (gene spans plus
// padding). Streaming input asks `contains(chrom, pos)` of every line before parsing it in full,
// so the lookup must be cheap: per-contig vectors and a binary search.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/core/region.hpp"

namespace nbs {

class RegionSet {
  public:
    RegionSet() = default;
    /// Sorts and merges overlapping or touching regions.
    explicit RegionSet(std::vector<Region> regions);

    [[nodiscard]] bool contains(std::string_view chrom, std::int64_t pos) const;
    /// True if [start, end] overlaps any region (used for records spanning a boundary).
    [[nodiscard]] bool overlaps(std::string_view chrom, std::int64_t start, std::int64_t end) const;
    /// Merged regions in canonical contig order.
    [[nodiscard]] const std::vector<Region>& regions() const { return merged_; }
    [[nodiscard]] bool empty() const { return merged_.empty(); }
    [[nodiscard]] std::int64_t total_length() const;

  private:
    struct Span {
        std::int64_t start, end;
    };
    // Looked up by string_view without making a string: overlaps() runs once per record.
    struct NameHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    std::vector<Region> merged_;
    std::unordered_map<std::string, std::vector<Span>, NameHash, std::equal_to<>> by_contig_;
};

}  // namespace nbs
