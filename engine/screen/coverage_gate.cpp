#include "engine/screen/coverage_gate.hpp"

#include <cstdio>
#include <set>
#include <unordered_map>

#include "engine/core/input_error.hpp"
#include "engine/core/sample_id.hpp"
#include "engine/coverage/target_coverage.hpp"
#include "engine/io/alignment_reader.hpp"
#include "engine/io/gvcf_blocks.hpp"

namespace nbs {

namespace {

// Per target interval and per known site, what a reviewer needs to see beyond the gene figure.
// Both sources (alignments, gVCF) give a depth per base, so every site has a mean depth.
void list_gaps(const ScreenPlan& plan, const std::vector<IntervalCoverage>& per,
               CoverageSummary& s) {
    std::size_t k = 0;
    for (const auto& g : plan.coverage_plan().genes()) {
        for (std::size_t i = 0; i < g.intervals.size() && k < per.size(); ++i, ++k) {
            const IntervalCoverage& c = per[k];
            if (!meets_callability(c.callable_bases, c.bases, s.settings))
                s.low_targets.push_back({g.symbol, c.region, c.bases, c.callable_bases});
        }
    }
    const auto& sites = plan.known_sites();
    for (std::size_t i = 0; i < sites.size(); ++i) {
        const std::size_t at = plan.coverage_target_count() + i;
        if (at >= per.size()) break;
        const IntervalCoverage& c = per[at];
        if (c.callable_bases >= c.bases) continue;
        std::optional<double> mean;
        if (c.bases > 0) mean = static_cast<double>(c.sum_depth) / static_cast<double>(c.bases);
        s.uncallable_sites.push_back(
            {sites[i].gene, sites[i].variant.to_string(), c.bases, c.callable_bases, mean});
    }
}

}  // namespace

void summarize_intervals(const ScreenPlan& plan, const std::vector<IntervalCoverage>& per,
                         CoverageSummary& s) {
    s.genes = gene_coverage(plan.coverage_plan(), per, s.settings, true);
    list_gaps(plan, per, s);
}

void list_gene_targets(BabyResult& r, const ScreenPlan& plan,
                       const std::vector<IntervalCoverage>& per) {
    if (!r.coverage.assessed) return;
    std::set<std::string> wanted;
    for (const auto& f : r.findings)
        wanted.insert(f.gene);
    for (const auto& n : r.not_assessable)
        wanted.insert(n.gene);
    std::size_t k = 0;
    for (const auto& g : plan.coverage_plan().genes()) {
        const bool listed = wanted.count(g.symbol) != 0;
        for (std::size_t i = 0; i < g.intervals.size() && k < per.size(); ++i, ++k) {
            if (!listed) continue;
            const IntervalCoverage& c = per[k];
            std::optional<double> mean;
            if (c.bases > 0) mean = static_cast<double>(c.sum_depth) / static_cast<double>(c.bases);
            r.coverage.gene_targets.push_back(
                {g.symbol, c.region, c.bases, c.callable_bases, mean});
        }
    }
}

void check_alignment_sample(const std::string& path, const std::vector<std::string>& samples,
                            const std::string& vcf_sample, bool ignore) {
    if (ignore) return;
    const std::string fix =
        "give this baby's alignments, or --ignore-sm if the names differ for a known reason (the "
        "result records it)";
    if (samples.empty())
        throw InputError({path},
                         "the alignments name no sample (no @RG line with SM), so they cannot be "
                         "checked against the VCF sample '" +
                             printable(vcf_sample) + "'",
                         "add a read group (samtools addreplacerg -r 'ID:rg1' -r 'SM:" +
                             printable(vcf_sample) + "'), or " + fix);
    std::string names;
    for (const auto& s : samples)
        names += (names.empty() ? "'" : ", '") + printable(s) + "'";
    if (samples.size() > 1)
        throw InputError({path},
                         "the alignments hold reads of several samples (@RG SM " + names +
                             "); the VCF sample is '" + printable(vcf_sample) + "'",
                         fix);
    if (samples.front() != vcf_sample)
        throw InputError({path},
                         "the alignments belong to another sample: their @RG SM is " + names +
                             " but the VCF sample is '" + printable(vcf_sample) + "'",
                         fix);
}

CoverageOutcome measure_coverage(const ScreenPlan& screen_plan, const BabyInput& input,
                                 const ScreenOptions& options, const std::string& vcf_sample,
                                 const std::optional<GvcfDetection>& gvcf,
                                 ReadFootprint* footprint) {
    CoverageOutcome out;
    CoverageSummary& s = out.summary;
    s.settings = CoverageSettings::from(screen_plan.panel().manifest.thresholds);
    // Merged once per batch in the ScreenPlan, not once per baby.
    const std::vector<Region>& intervals = screen_plan.coverage_intervals();

    if (!input.cram.empty()) {
        AlignmentOpenOptions ao;
        ao.reference = input.reference;
        ao.threads = options.hts_threads;
        AlignmentReader reader(input.cram, ao);
        out.alignment_samples = reader.read_group_samples();
        check_alignment_sample(input.cram, out.alignment_samples, vcf_sample, options.ignore_sm);
        out.alignment_sample_check = options.ignore_sm ? "ignored" : "matched";
        out.per_interval = interval_coverage(reader, intervals, s.settings, &s.reads);
        summarize_intervals(screen_plan, out.per_interval, s);
        s.assessed = true;
        s.source = std::string(reader.format_name());
        s.note =
            "depth over the panel's targets from reads with MAPQ >= " +
            std::to_string(s.settings.min_mapq) +
            ", not duplicate, secondary, supplementary or QC-fail; overlapping mates counted once";
        out.depth_sex = sex_from_depth(reader, s.settings.min_mapq);
        if (screen_plan.panel().smn) out.smn = observe_smn(reader, *screen_plan.panel().smn);
        return out;
    }
    if (input.vcf == "-") {
        s.source = "none";
        s.note =
            "no alignments were given and a VCF read from stdin cannot be re-read for gVCF "
            "reference blocks: "
            "callability was not assessed";
        return out;
    }
    const GvcfDetection det = gvcf ? *gvcf : detect_gvcf(input.vcf, footprint);
    if (!det.is_gvcf) {
        s.source = "none";
        // Same wording as before coverage existed, so results without a source do not change.
        s.note =
            "no coverage source (CRAM/BAM or gVCF reference blocks) was given: callability "
            "was not assessed";
        return out;
    }
    GvcfScanOptions go;
    if (!vcf_sample.empty()) go.sample = vcf_sample;
    go.use_index = options.use_index;
    go.threads = options.hts_threads;
    go.footprint = footprint;
    const GvcfScan scan = scan_gvcf(input.vcf, intervals, go);
    out.per_interval = interval_coverage(scan.spans, intervals, s.settings);
    summarize_intervals(screen_plan, out.per_interval, s);
    s.assessed = true;
    s.source = "gvcf";
    s.note = "gVCF reference blocks (" + std::string(to_string(det.style)) +
             "): a base is callable when a reference block or variant record covering it has depth "
             "(MIN_DP, "
             "else DP) >= " +
             std::to_string(s.settings.callability_min_depth) +
             " and GQ (or GQX) >= " + std::to_string(s.settings.min_gq) +
             "; mean depth is from the records' depth fields";
    return out;
}

SexInference combine_sex(const SexInference& from_vcf, const std::optional<DepthSex>& from_depth,
                         std::vector<std::string>& qc_flags) {
    if (!from_depth) return from_vcf;
    const DepthSex& d = *from_depth;
    if (d.karyotype == Karyotype::unknown) {
        SexInference out = from_vcf;
        out.reason += "; depth: " + d.reason;
        return out;
    }
    SexInference out;
    if (from_vcf.karyotype == Karyotype::unknown) {
        out.karyotype = d.karyotype;
        out.reason = "from depth: " + d.reason + "; VCF: " + from_vcf.reason;
        return out;
    }
    if (from_vcf.karyotype == d.karyotype) {
        out.karyotype = d.karyotype;
        out.reason = "depth and VCF agree: " + d.reason + "; " + from_vcf.reason;
        return out;
    }
    out.reason = "depth says " + std::string(to_string(d.karyotype)) + " (" + d.reason +
                 ") but the VCF says " + std::string(to_string(from_vcf.karyotype)) + " (" +
                 from_vcf.reason + ")";
    qc_flags.push_back("sex evidence disagrees: " + out.reason);
    return out;
}

void apply_coverage_gate(BabyResult& r, const Panel& panel,
                         const std::set<std::string>& assessed_by_evidence) {
    if (!r.coverage.assessed) return;
    std::unordered_map<std::string, const GeneCoverage*> by_gene;
    for (const auto& g : r.coverage.genes)
        by_gene.emplace(g.gene, &g);
    std::set<std::pair<std::string, std::string>> found, listed;
    for (const auto& f : r.findings)
        found.insert({f.condition_id, f.gene});
    const CoverageSettings& st = r.coverage.settings;
    std::unordered_map<std::string, std::vector<const SiteGap*>> sites_by_gene;
    for (const auto& sg : r.coverage.uncallable_sites)
        sites_by_gene[sg.gene].push_back(&sg);
    for (const GeneEntry& e : panel.genes) {
        const std::pair<std::string, std::string> key{e.condition_id, e.symbol};
        if (found.count(key) != 0 || !listed.insert(key).second) continue;
        if (const Condition* c = panel.find_condition(e.condition_id);
            c != nullptr && assessed_by_evidence.count(c->requires_evidence) != 0)
            continue;
        const auto it = by_gene.find(e.symbol);
        if (it == by_gene.end()) {
            r.not_assessable.push_back(
                {e.condition_id, e.symbol,
                 "the panel lists no coverage targets for this gene, so a negative "
                 "cannot be vouched for",
                 0, 0, 0.0});
            continue;
        }
        const GeneCoverage& g = *it->second;
        const auto sites = sites_by_gene.find(e.symbol);
        if (g.callable && sites == sites_by_gene.end()) continue;
        std::string reason;
        if (!g.callable) {
            char buf[200];
            std::snprintf(buf, sizeof buf,
                          "low coverage: %.1f%% of %lld target bases at >= %dx (the panel "
                          "requires %.0f%%)",
                          100.0 * g.callable_fraction, static_cast<long long>(g.target_bases),
                          st.callability_min_depth, 100.0 * st.callability_min_fraction);
            reason = buf;
        }
        if (sites != sites_by_gene.end()) {
            // Worked example: CFTR at 96% callable passes the gene figure, but F508del's bases
            // at depth 3 are not callable, so cystic fibrosis cannot be called negative.
            const auto& list = sites->second;
            std::string text;
            for (std::size_t i = 0; i < list.size() && i < 5; ++i)
                text += (i ? ", " : "") + list[i]->variant + " (" +
                        std::to_string(list[i]->callable_bases) + " of " +
                        std::to_string(list[i]->bases) + " bases callable)";
            if (list.size() > 5) text += " and " + std::to_string(list.size() - 5) + " more";
            reason += (reason.empty() ? "" : "; ") + std::to_string(list.size()) +
                      " known pathogenic position(s) not callable at >= " +
                      std::to_string(st.callability_min_depth) + "x: " + text;
        }
        r.not_assessable.push_back({e.condition_id, e.symbol, std::move(reason), g.target_bases,
                                    g.callable_bases, g.callable_fraction});
    }
}

}  // namespace nbs
