#include "engine/screen/baby_evidence.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "engine/screen/baby_screen.hpp"
#include "engine/screen/coverage_gate.hpp"
#include "engine/screen/screen_plan.hpp"

namespace nbs {
namespace {

// Merged regions per contig, sorted: is a whole region inside one of them?
class Cover {
  public:
    explicit Cover(const std::vector<Region>& merged) {
        const RegionSet set(merged);
        for (const auto& r : set.regions())
            by_chrom_[r.chrom].push_back({r.start, r.end});
    }
    [[nodiscard]] bool covers(const Region& r) const {
        const auto it = by_chrom_.find(r.chrom);
        if (it == by_chrom_.end()) return false;
        const auto& v = it->second;
        // The last span starting at or before r.start; merged spans do not touch, so it alone
        // can hold the region.
        auto at = std::upper_bound(v.begin(), v.end(), r.start,
                                   [](std::int64_t p, const auto& s) { return p < s.first; });
        if (at == v.begin()) return false;
        --at;
        return at->second >= r.end;
    }

  private:
    std::map<std::string, std::vector<std::pair<std::int64_t, std::int64_t>>> by_chrom_;
};

bool same_reading(const CoverageSettings& a, const CoverageSettings& b) {
    // callability_min_fraction is applied to the counts afterwards: it may differ.
    return a.thresholds == b.thresholds && a.min_mapq == b.min_mapq &&
           a.callability_min_depth == b.callability_min_depth && a.min_gq == b.min_gq;
}

std::string region_key(const Region& r) {
    return r.to_string();
}

}  // namespace

std::string smn_reading_signature(const Panel& panel) {
    if (!panel.smn) return {};
    const SmnConfig& c = *panel.smn;
    std::ostringstream out;
    out << c.chrom << " mapq " << c.min_mapq << " baseq " << c.min_base_quality << " smn1 "
        << c.smn1_region.to_string() << " smn2 " << c.smn2_region.to_string();
    for (const auto& s : c.sites)
        out << " site " << s.name << ' ' << s.smn1_pos << s.smn1_base << ' ' << s.smn2_pos
            << s.smn2_base << (s.c840 ? " c840" : "");
    for (const auto& r : c.norm_regions)
        out << " norm " << r.to_string();
    return out.str();
}

std::vector<EvidenceGap> evidence_gaps(const ScreenPlan& plan, const BabyEvidence& ev) {
    std::set<std::pair<std::string, std::string>> gaps;  // gene, reason
    const Panel& panel = plan.panel();
    const Thresholds& th = panel.manifest.thresholds;
    const AnnotationSchema schema = annotation_schema(ev.info_header, th);

    // Every region the plan reads alleles in was read.
    const Cover read(ev.gene_regions);
    const std::int64_t pad = th.gene_padding_bp;
    for (const GeneEntry& g : panel.genes) {
        const Region span{g.span.chrom, std::max<std::int64_t>(1, g.span.start - pad),
                          g.span.end + pad};
        if (!read.covers(span))
            gaps.insert({g.symbol, "its region " + span.to_string() + " was not read"});
    }
    // Where this plan decodes records in full (to see their ALTs and INFO), so did the reading.
    const Cover decoded(ev.decode_regions);
    std::map<std::string, std::vector<Region>> gene_regions;  // sorted, merged, per contig
    for (const Region& g : plan.gene_regions().regions())
        gene_regions[g.chrom].push_back(g);
    for (const Region& d : plan.decode_regions(schema).regions()) {
        const auto on = gene_regions.find(d.chrom);
        if (on == gene_regions.end()) continue;
        // The first gene region ending at or after d.start, then on while they start by d.end.
        auto it = std::lower_bound(on->second.begin(), on->second.end(), d.start,
                                   [](const Region& g, std::int64_t p) { return g.end < p; });
        for (; it != on->second.end() && it->start <= d.end; ++it) {
            const Region& g = *it;
            const Region both{d.chrom, std::max(d.start, g.start), std::min(d.end, g.end)};
            if (decoded.covers(both)) continue;
            std::string gene;
            for (const auto e : plan.entries_at(both.chrom, both.start))
                gene = panel.genes[e].symbol;
            gaps.insert({gene, "records in " + both.to_string() +
                                   " were read for their genotype alone (their alleles were not "
                                   "decoded)"});
        }
    }
    // INFO keys this plan reads from the records.
    for (const auto& k : carried_info_keys(plan, schema, ev.info_header))
        if (!std::binary_search(ev.info_keys.begin(), ev.info_keys.end(), k))
            gaps.insert({"", "the INFO key " + k + " was not read"});
    // Coverage: the same measure, over intervals that were measured.
    const CoverageEvidence& c = ev.coverage;
    if (c.assessed) {
        if (!same_reading(c.settings, CoverageSettings::from(th))) {
            gaps.insert({"", "coverage was measured with other depth, GQ or MAPQ thresholds"});
        } else {
            std::set<std::string> measured;
            for (const auto& i : c.intervals)
                measured.insert(region_key(i.region));
            std::size_t k = 0;
            for (const auto& g : plan.coverage_plan().genes())
                for (const auto& r : g.intervals) {
                    ++k;
                    if (measured.count(region_key(r)) == 0)
                        gaps.insert({g.symbol,
                                     "coverage of target " + r.to_string() + " was not measured"});
                }
            for (const auto& s : plan.known_sites())
                if (measured.count(region_key(s.region)) == 0)
                    gaps.insert({s.gene, "coverage of known site " + s.variant.to_string() +
                                             " was not measured"});
        }
    }
    // SMN1 copy number: read again only with the same sites, regions and read filters.
    if (panel.smn && !ev.input.cram.empty() && smn_reading_signature(panel) != c.smn_reading)
        gaps.insert({"SMN1",
                     "the SMN1/SMN2 sites or regions were not read as this panel reads "
                     "them"});

    std::vector<EvidenceGap> out;
    for (auto& [gene, reason] : gaps)
        out.push_back({gene, reason});
    return out;
}

BabyResult decide_from_evidence(const ScreenPlan& plan, const BabyEvidence& ev) {
    const Thresholds& th = plan.panel().manifest.thresholds;
    const AnnotationSchema schema = annotation_schema(ev.info_header, th);
    BabyScreen baby(plan, ev.input, schema, ev.facts, ev.vcf_sample, ev.info_header);
    baby.replay(ev);

    // Coverage as measure_coverage would give it under this plan, from the same figures.
    const CoverageEvidence& c = ev.coverage;
    CoverageOutcome coverage;
    CoverageSummary& s = coverage.summary;
    s.assessed = c.assessed;
    s.source = c.source;
    s.note = c.note;
    s.reads = c.reads;
    s.settings = CoverageSettings::from(th);
    if (c.assessed) {
        std::map<std::string, const IntervalCoverage*> by_region;
        for (const auto& i : c.intervals)
            by_region.emplace(region_key(i.region), &i);
        for (const Region& r : plan.coverage_intervals())
            coverage.per_interval.push_back(*by_region.at(region_key(r)));
        summarize_intervals(plan, coverage.per_interval, s);
    }
    coverage.depth_sex = c.depth_sex;
    coverage.alignment_samples = c.alignment_samples;
    coverage.alignment_sample_check = c.alignment_sample_check;
    if (plan.panel().smn) coverage.smn = c.smn;
    const std::set<std::string> contigs(ev.contigs.begin(), ev.contigs.end());
    return baby.finish(contigs, ev.records_seen, ev.records_decoded, std::move(coverage));
}

}  // namespace nbs
