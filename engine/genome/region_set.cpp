#include "engine/genome/region_set.hpp"

#include <algorithm>

#include "engine/genome/contig.hpp"

namespace nbs {

RegionSet::RegionSet(std::vector<Region> regions) {
    std::sort(regions.begin(), regions.end(), [](const Region& a, const Region& b) {
        const int ra = contig_rank(a.chrom), rb = contig_rank(b.chrom);
        if (ra != rb) return ra < rb;
        if (a.chrom != b.chrom) return a.chrom < b.chrom;
        return a.start != b.start ? a.start < b.start : a.end < b.end;
    });
    for (auto& r : regions) {
        if (!merged_.empty() && merged_.back().chrom == r.chrom &&
            r.start <= merged_.back().end + 1)
            merged_.back().end = std::max(merged_.back().end, r.end);
        else
            merged_.push_back(std::move(r));
    }
    for (const auto& r : merged_)
        by_contig_[r.chrom].push_back({r.start, r.end});
}

bool RegionSet::contains(std::string_view chrom, std::int64_t pos) const {
    return overlaps(chrom, pos, pos);
}

bool RegionSet::overlaps(std::string_view chrom, std::int64_t start, std::int64_t end) const {
    const auto it = by_contig_.find(std::string(chrom));
    if (it == by_contig_.end()) return false;
    const auto& spans = it->second;
    // First span whose end >= start; it overlaps if it also starts at or before `end`.
    const auto s = std::partition_point(spans.begin(), spans.end(),
                                        [start](const Span& sp) { return sp.end < start; });
    return s != spans.end() && s->start <= end;
}

std::int64_t RegionSet::total_length() const {
    std::int64_t n = 0;
    for (const auto& r : merged_)
        n += r.length();
    return n;
}

}  // namespace nbs
