#include "engine/coverage/target_coverage.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "engine/genome/contig.hpp"

namespace nbs {

CoverageSettings CoverageSettings::from(const Thresholds& t) {
    CoverageSettings s;
    s.thresholds = t.coverage_thresholds;
    s.min_mapq = t.min_mapq;
    s.callability_min_depth = t.callability_min_depth;
    s.callability_min_fraction = t.callability_min_fraction;
    s.min_gq = t.min_gq;
    return s;
}

CoveragePlan::CoveragePlan(const std::vector<Target>& targets) {
    std::unordered_map<std::string, std::size_t> index;
    for (const auto& t : targets) {
        auto [it, fresh] = index.try_emplace(t.symbol, genes_.size());
        if (fresh) genes_.push_back({t.symbol, {}, 0});
        genes_[it->second].intervals.push_back(t.region);
    }
    for (auto& g : genes_) {
        auto& v = g.intervals;
        // A gene's intervals are on one chromosome: its rank (a table search) is only looked
        // up for two different names (it was 17% of building a plan when asked every compare).
        std::sort(v.begin(), v.end(), [](const Region& a, const Region& b) {
            if (a.chrom != b.chrom) {
                const int ra = contig_rank(a.chrom), rb = contig_rank(b.chrom);
                return ra != rb ? ra < rb : a.chrom < b.chrom;
            }
            return a.start < b.start;
        });
        std::vector<Region> merged;
        for (const auto& r : v) {
            if (!merged.empty() && merged.back().chrom == r.chrom &&
                r.start <= merged.back().end + 1)
                merged.back().end = std::max(merged.back().end, r.end);
            else
                merged.push_back(r);
        }
        v = std::move(merged);
        for (const auto& r : v)
            g.bases += r.length();
    }
}

const CoveragePlan::Gene* CoveragePlan::find(const std::string& symbol) const {
    for (const auto& g : genes_)
        if (g.symbol == symbol) return &g;
    return nullptr;
}

std::vector<Region> CoveragePlan::all_intervals() const {
    std::vector<Region> out;
    for (const auto& g : genes_)
        out.insert(out.end(), g.intervals.begin(), g.intervals.end());
    return out;
}

IntervalCoverage summarize_depth(const Region& region, const DepthTrack& depth,
                                 const CoverageSettings& settings) {
    IntervalCoverage c;
    c.region = region;
    c.bases = static_cast<std::int64_t>(depth.size());
    c.bases_at.assign(settings.thresholds.size(), 0);
    const auto min_depth = static_cast<std::uint32_t>(std::max(0, settings.callability_min_depth));
    for (const std::uint32_t d : depth) {
        c.sum_depth += d;
        for (std::size_t t = 0; t < settings.thresholds.size(); ++t)
            if (static_cast<std::int64_t>(d) >= settings.thresholds[t]) ++c.bases_at[t];
        if (d >= min_depth) ++c.callable_bases;
    }
    return c;
}

std::vector<IntervalCoverage> interval_coverage(AlignmentReader& reader,
                                                const std::vector<Region>& intervals,
                                                const CoverageSettings& settings,
                                                DepthStats* stats) {
    DepthFilter filter;
    filter.min_mapq = settings.min_mapq;
    const std::vector<DepthTrack> tracks = reader.depth(intervals, filter, stats);
    std::vector<IntervalCoverage> out;
    out.reserve(intervals.size());
    for (std::size_t i = 0; i < intervals.size(); ++i)
        out.push_back(summarize_depth(intervals[i], tracks[i], settings));
    return out;
}

std::vector<IntervalCoverage> interval_coverage(const std::vector<GvcfSpan>& spans,
                                                const std::vector<Region>& intervals,
                                                const CoverageSettings& settings) {
    // Spans per contig sorted by start, with the running maximum of their ends, so the spans
    // overlapping an interval are found by a binary search and a short walk back, even when a
    // long reference block starts far before the interval.
    struct Indexed {
        std::vector<const GvcfSpan*> by_start;
        std::vector<std::int64_t> max_end;
    };
    std::map<std::string, Indexed> by_chrom;
    for (const auto& s : spans)
        by_chrom[s.chrom].by_start.push_back(&s);
    for (auto& [chrom, ix] : by_chrom) {
        std::sort(ix.by_start.begin(), ix.by_start.end(),
                  [](const GvcfSpan* a, const GvcfSpan* b) { return a->start < b->start; });
        std::int64_t m = 0;
        for (const auto* s : ix.by_start)
            ix.max_end.push_back(m = std::max(m, s->end));
    }

    std::vector<IntervalCoverage> out;
    out.reserve(intervals.size());
    DepthTrack depth;
    std::vector<std::uint8_t> callable;
    for (const Region& r : intervals) {
        depth.assign(static_cast<std::size_t>(r.length()), 0);
        callable.assign(depth.size(), 0);
        if (auto it = by_chrom.find(r.chrom); it != by_chrom.end()) {
            const Indexed& ix = it->second;
            auto hi = std::upper_bound(
                ix.by_start.begin(), ix.by_start.end(), r.end,
                [](std::int64_t pos, const GvcfSpan* s) { return pos < s->start; });
            for (auto i = static_cast<std::size_t>(hi - ix.by_start.begin()); i-- > 0;) {
                if (ix.max_end[i] < r.start) break;
                const GvcfSpan& s = *ix.by_start[i];
                const std::int64_t lo = std::max(s.start, r.start), up = std::min(s.end, r.end);
                if (lo > up) continue;
                const auto d = static_cast<std::uint32_t>(std::max(0, s.depth));
                const bool passes = s.depth >= settings.callability_min_depth &&
                                    (s.gq < 0 || s.gq >= settings.min_gq);
                for (std::int64_t p = lo; p <= up; ++p) {
                    const auto k = static_cast<std::size_t>(p - r.start);
                    depth[k] = std::max(depth[k], d);
                    if (passes) callable[k] = 1;
                }
            }
        }
        IntervalCoverage c = summarize_depth(r, depth, settings);
        // Callability from a gVCF also needs GQ, so count it from the flags, not the depth.
        c.callable_bases =
            static_cast<std::int64_t>(std::count(callable.begin(), callable.end(), 1));
        out.push_back(std::move(c));
    }
    return out;
}

bool meets_callability(std::int64_t callable, std::int64_t bases,
                       const CoverageSettings& settings) {
    return static_cast<double>(callable) >=
           settings.callability_min_fraction * static_cast<double>(bases) - 1e-9;
}

std::vector<GeneCoverage> gene_coverage(const CoveragePlan& plan,
                                        const std::vector<IntervalCoverage>& per_interval,
                                        const CoverageSettings& settings, bool has_mean_depth) {
    std::vector<GeneCoverage> out;
    std::size_t k = 0;
    for (const auto& g : plan.genes()) {
        GeneCoverage gc;
        gc.gene = g.symbol;
        gc.intervals = g.intervals.size();
        gc.bases_at.assign(settings.thresholds.size(), 0);
        std::uint64_t sum = 0;
        for (std::size_t i = 0; i < g.intervals.size() && k < per_interval.size(); ++i, ++k) {
            const IntervalCoverage& c = per_interval[k];
            gc.target_bases += c.bases;
            sum += c.sum_depth;
            gc.callable_bases += c.callable_bases;
            for (std::size_t t = 0; t < gc.bases_at.size() && t < c.bases_at.size(); ++t)
                gc.bases_at[t] += c.bases_at[t];
        }
        if (gc.target_bases > 0) {
            if (has_mean_depth)
                gc.mean_depth = static_cast<double>(sum) / static_cast<double>(gc.target_bases);
            gc.callable_fraction =
                static_cast<double>(gc.callable_bases) / static_cast<double>(gc.target_bases);
        }
        gc.callable =
            gc.target_bases > 0 && meets_callability(gc.callable_bases, gc.target_bases, settings);
        out.push_back(std::move(gc));
    }
    return out;
}

}  // namespace nbs
