#pragma once
// Coverage of the panel's targets, per target and per gene, from alignments (per-base depth) or
// from a gVCF (reference blocks and variant records). A gene is callable when at least
// callability_min_fraction of its target bases are at callability_min_depth or more; a gene that
// is not callable cannot be called negative.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/region.hpp"
#include "engine/io/alignment_reader.hpp"
#include "engine/io/gvcf_blocks.hpp"
#include "engine/panel/panel.hpp"

namespace nbs {

struct CoverageSettings {
    std::vector<int> thresholds = {15, 20};  // report the fraction of bases at or above each
    int min_mapq = 10;
    int callability_min_depth = 15;
    double callability_min_fraction = 0.95;
    int min_gq = 20;  // gVCF: a block or record must also reach this GQ to make its bases callable

    [[nodiscard]] static CoverageSettings from(const Thresholds& t);
};

/// The figures for one interval; with alignments these are exactly mosdepth's
/// (--thresholds gives bases_at, regions.bed gives sum_depth / bases).
struct IntervalCoverage {
    Region region;
    std::int64_t bases = 0;
    std::uint64_t sum_depth = 0;
    std::vector<std::int64_t> bases_at;  // one per CoverageSettings::thresholds
    std::int64_t callable_bases = 0;
};

struct GeneCoverage {
    std::string gene;
    std::size_t intervals = 0;  // merged target intervals
    std::int64_t target_bases = 0;
    std::optional<double> mean_depth;    // from alignments; from a gVCF, the block depths' mean
    std::vector<std::int64_t> bases_at;  // one per CoverageSettings::thresholds
    std::int64_t callable_bases = 0;
    double callable_fraction = 0.0;
    bool callable = false;
};

/// A panel's targets grouped by gene: each gene's targets sorted and merged (overlapping or
/// abutting intervals become one), genes in first-seen order of targets.tsv. Built once per panel.
class CoveragePlan {
  public:
    explicit CoveragePlan(const std::vector<Target>& targets);

    struct Gene {
        std::string symbol;
        std::vector<Region> intervals;
        std::int64_t bases = 0;
    };
    [[nodiscard]] const std::vector<Gene>& genes() const { return genes_; }
    [[nodiscard]] const Gene* find(const std::string& symbol) const;
    /// Every gene's intervals, in gene order (the same interval may appear for two genes).
    [[nodiscard]] std::vector<Region> all_intervals() const;

  private:
    std::vector<Gene> genes_;
};

/// Figures for one interval from its per-base depth.
[[nodiscard]] IntervalCoverage summarize_depth(const Region& region, const DepthTrack& depth,
                                               const CoverageSettings& settings);

/// Per-interval figures from alignments (the quantity compared with mosdepth).
[[nodiscard]] std::vector<IntervalCoverage> interval_coverage(AlignmentReader& reader,
                                                              const std::vector<Region>& intervals,
                                                              const CoverageSettings& settings,
                                                              DepthStats* stats = nullptr);

/// Per-interval figures from gVCF records: a base's depth is the highest depth of the records
/// covering it (MIN_DP for blocks), and it is callable when a record covering it reaches both
/// callability_min_depth and min_gq. Records lacking GQ are judged on depth alone.
[[nodiscard]] std::vector<IntervalCoverage> interval_coverage(const std::vector<GvcfSpan>& spans,
                                                              const std::vector<Region>& intervals,
                                                              const CoverageSettings& settings);

/// Is `callable` of `bases` at least the panel's callability fraction? Compared on counts with a
/// little slack, so 95 of 100 bases passes a 0.95 threshold. Used for genes and single targets.
[[nodiscard]] bool meets_callability(std::int64_t callable, std::int64_t bases,
                                     const CoverageSettings& settings);

/// Gene figures from per-interval figures computed over plan.all_intervals(), in that order.
[[nodiscard]] std::vector<GeneCoverage> gene_coverage(
    const CoveragePlan& plan, const std::vector<IntervalCoverage>& per_interval,
    const CoverageSettings& settings, bool has_mean_depth);

}  // namespace nbs
