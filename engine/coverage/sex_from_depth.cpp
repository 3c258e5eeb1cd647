#include "engine/coverage/sex_from_depth.hpp"

#include <cstdio>

namespace nbs {

const std::vector<SexWindow>& sex_depth_windows() {
    static const std::vector<SexWindow> windows = [] {
        std::vector<SexWindow> w;
        auto add = [&](const char* chrom, std::int64_t start, SexWindowKind kind) {
            w.push_back({{chrom, start, start + 200000 - 1}, kind});
        };
        // Autosomes: unique, gene-bearing sequence on four chromosomes.
        add("chr2", 50000001, SexWindowKind::autosome);
        add("chr7", 90000001, SexWindowKind::autosome);
        add("chr12", 100000001, SexWindowKind::autosome);
        add("chr16", 60000001, SexWindowKind::autosome);
        // chrX non-PAR, outside the X-transposed region (about chrX:88.4-92.3 Mb).
        add("chrX", 20000001, SexWindowKind::x_nonpar);
        add("chrX", 40000001, SexWindowKind::x_nonpar);
        add("chrX", 80000001, SexWindowKind::x_nonpar);
        add("chrX", 120000001, SexWindowKind::x_nonpar);
        // chrY X-degenerate genes: SRY/RPS4Y1/ZFY, USP9Y, UTY, KDM5D.
        add("chrY", 2786001, SexWindowKind::y_nonpar);
        add("chrY", 12700001, SexWindowKind::y_nonpar);
        add("chrY", 13200001, SexWindowKind::y_nonpar);
        add("chrY", 19600001, SexWindowKind::y_nonpar);
        return w;
    }();
    return windows;
}

DepthSex classify_sex_depth(double autosome_depth, double x_depth, double y_depth) {
    DepthSex s;
    s.autosome_depth = autosome_depth;
    s.x_depth = x_depth;
    s.y_depth = y_depth;
    if (autosome_depth < kMinAutosomeDepth) {
        char buf[120];
        std::snprintf(buf, sizeof buf,
                      "autosomal depth %.1fx is below %.1fx: too few reads to judge",
                      autosome_depth, kMinAutosomeDepth);
        s.reason = buf;
        return s;
    }
    s.x_ratio = x_depth / autosome_depth;
    s.y_ratio = y_depth / autosome_depth;
    int n_x = 0;
    if (s.x_ratio >= kOneXMin && s.x_ratio <= kOneXMax) n_x = 1;
    if (s.x_ratio >= kTwoXMin && s.x_ratio <= kTwoXMax) n_x = 2;
    int y = -1;  // unknown
    if (s.y_ratio <= kYAbsentMax) y = 0;
    if (s.y_ratio >= kYPresentMin) y = 1;
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "chrX/autosome depth %.2f, chrY/autosome depth %.2f (autosomes %.1fx)", s.x_ratio,
                  s.y_ratio, autosome_depth);
    s.reason = buf;
    if (n_x == 0 || y < 0) {
        // Between the bands: mosaicism, contamination or a poor library; do not guess.
        s.reason += n_x == 0 ? "; the chrX ratio is between the one-X and two-X bands"
                             : "; the chrY ratio is between the absent and present bands";
        return s;
    }
    s.karyotype = n_x == 2 ? (y == 1 ? Karyotype::XXY : Karyotype::XX)
                           : (y == 1 ? Karyotype::XY : Karyotype::X0);
    return s;
}

DepthSex sex_from_depth(AlignmentReader& reader, int min_mapq) {
    const auto& windows = sex_depth_windows();
    std::vector<Region> regions;
    for (const auto& w : windows)
        regions.push_back(w.region);
    DepthFilter filter;
    filter.min_mapq = min_mapq;
    const auto tracks = reader.depth(regions, filter);
    double sum[3] = {0, 0, 0}, bases[3] = {0, 0, 0};
    for (std::size_t i = 0; i < windows.size(); ++i) {
        const auto k = static_cast<std::size_t>(windows[i].kind);
        // A contig the file lacks (a female sample aligned without chrY) counts as depth 0.
        for (const std::uint32_t d : tracks[i])
            sum[k] += d;
        bases[k] += static_cast<double>(tracks[i].size());
    }
    auto mean = [&](SexWindowKind kind) {
        const auto k = static_cast<std::size_t>(kind);
        return bases[k] > 0 ? sum[k] / bases[k] : 0.0;
    };
    return classify_sex_depth(mean(SexWindowKind::autosome), mean(SexWindowKind::x_nonpar),
                              mean(SexWindowKind::y_nonpar));
}

}  // namespace nbs
