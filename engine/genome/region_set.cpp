#include "engine/genome/region_set.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "engine/genome/contig.hpp"

namespace nbs {

// Sorted by chromosome (GRCh38 order, then other names alphabetically), start, end. A plan's
// region sets hold tens of thousands of regions (ClinVar alleles); ranking and comparing the
// names inside the sort's comparator took 7% of an indexed screen, so each distinct name gets its
// place once and the sort compares integers.
RegionSet::RegionSet(std::vector<Region> regions) {
    std::unordered_map<std::string_view, int> place;
    for (const Region& r : regions)
        place.emplace(r.chrom, 0);
    std::vector<std::pair<int, std::string_view>> names;  // (rank, name)
    names.reserve(place.size());
    for (const auto& [name, unused] : place)
        names.emplace_back(contig_rank(name), name);
    std::sort(names.begin(), names.end());
    for (std::size_t i = 0; i < names.size(); ++i)
        place[names[i].second] = static_cast<int>(i);
    struct Keyed {
        int chrom;
        std::int64_t start, end;
        std::size_t at;
    };
    std::vector<Keyed> keyed;
    keyed.reserve(regions.size());
    for (std::size_t i = 0; i < regions.size(); ++i)
        keyed.push_back({place[regions[i].chrom], regions[i].start, regions[i].end, i});
    std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
        if (a.chrom != b.chrom) return a.chrom < b.chrom;
        return a.start != b.start ? a.start < b.start : a.end < b.end;
    });
    int last_chrom = -1;
    std::vector<Span>* spans = nullptr;
    for (const Keyed& k : keyed) {
        Region& r = regions[k.at];
        if (k.chrom == last_chrom && r.start <= merged_.back().end + 1) {
            merged_.back().end = std::max(merged_.back().end, r.end);
            spans->back().end = merged_.back().end;
            continue;
        }
        if (k.chrom != last_chrom) spans = &by_contig_[r.chrom];
        last_chrom = k.chrom;
        spans->push_back({r.start, r.end});
        merged_.push_back(std::move(r));
    }
}

bool RegionSet::contains(std::string_view chrom, std::int64_t pos) const {
    return overlaps(chrom, pos, pos);
}

bool RegionSet::overlaps(std::string_view chrom, std::int64_t start, std::int64_t end) const {
    const auto it = by_contig_.find(chrom);
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
