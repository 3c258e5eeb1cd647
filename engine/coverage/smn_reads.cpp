#include "engine/coverage/smn_reads.hpp"

#include <numeric>

namespace nbs {

SmnObservation observe_smn(AlignmentReader& reader, const SmnConfig& cfg) {
    SmnObservation obs;
    std::vector<std::int64_t> positions;
    for (const auto& s : cfg.sites) {
        positions.push_back(s.smn1_pos);
        positions.push_back(s.smn2_pos);
    }
    const auto counts =
        reader.base_counts(cfg.chrom, positions, cfg.min_mapq, cfg.min_base_quality);
    for (std::size_t i = 0; i < cfg.sites.size(); ++i) {
        const SmnSite& s = cfg.sites[i];
        const BaseCounts& at1 = counts[2 * i];
        const BaseCounts& at2 = counts[2 * i + 1];
        SmnSiteCount c;
        c.name = s.name;
        c.c840 = s.c840;
        c.smn1_reads = at1.of(s.smn1_base) + at2.of(s.smn1_base);
        c.smn2_reads = at1.of(s.smn2_base) + at2.of(s.smn2_base);
        c.other_reads = at1.bases() + at2.bases() - c.smn1_reads - c.smn2_reads;
        obs.sites.push_back(std::move(c));
    }
    std::vector<Region> regions{cfg.smn1_region, cfg.smn2_region};
    regions.insert(regions.end(), cfg.norm_regions.begin(), cfg.norm_regions.end());
    DepthFilter filter;
    filter.min_mapq = cfg.min_mapq;
    const auto tracks = reader.depth(regions, filter);
    auto mean = [](const DepthTrack& t) {
        if (t.empty()) return 0.0;
        const double sum = std::accumulate(t.begin(), t.end(), 0.0);
        return sum / static_cast<double>(t.size());
    };
    obs.smn1_depth = mean(tracks[0]);
    obs.smn2_depth = mean(tracks[1]);
    for (std::size_t i = 2; i < tracks.size(); ++i)
        obs.norm_depths.push_back(mean(tracks[i]));
    return obs;
}

}  // namespace nbs
