#include "engine/curate/target_maker.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "engine/genome/contig.hpp"

namespace nbs {
namespace {

/// The MANE Select model of `gene` with a CDS; the smallest transcript id if a source gives two.
const TranscriptModel* mane_select(const std::vector<TranscriptModel>& models,
                                   const std::string& gene) {
    const TranscriptModel* best = nullptr;
    for (const auto& m : models)
        if (m.panel_gene == gene && m.has_tag("MANE_Select") && !m.cds.empty() &&
            (best == nullptr || m.transcript_id < best->transcript_id))
            best = &m;
    return best;
}

/// CDS intervals +/- pad, clipped to the contig, merged where they overlap or abut.
std::vector<Region> padded_cds(const TranscriptModel& m, std::int64_t pad) {
    std::vector<Region> cds = m.cds;
    std::sort(cds.begin(), cds.end(),
              [](const Region& a, const Region& b) { return a.start < b.start; });
    const auto len = grch38_length(m.chrom);
    std::vector<Region> out;
    for (const auto& r : cds) {
        Region p{m.chrom, std::max<std::int64_t>(1, r.start - pad), r.end + pad};
        if (len) p.end = std::min(p.end, *len);
        if (!out.empty() && p.start <= out.back().end + 1)
            out.back().end = std::max(out.back().end, p.end);
        else
            out.push_back(p);
    }
    return out;
}

}  // namespace

TargetMake make_targets(const Panel& panel, bool curated,
                        const std::vector<TranscriptModel>& models) {
    TargetMake out;
    std::set<std::string> has;
    if (curated) {
        out.targets = panel.targets;
        out.kept = panel.targets.size();
        for (const auto& t : panel.targets)
            has.insert(t.symbol);
    }
    const std::int64_t pad = panel.manifest.thresholds.target_padding_bp;
    for (const auto& g : panel.genes) {
        if (!has.insert(g.symbol).second) continue;  // curated, or already made
        if (const TranscriptModel* m = mane_select(models, g.symbol)) {
            const auto regions = padded_cds(*m, pad);
            for (const auto& r : regions)
                out.targets.push_back({g.symbol, r, "coding_exon", m->transcript_id});
            out.added.push_back({g.symbol, m->transcript_id, regions.size()});
        } else {
            out.targets.push_back({g.symbol, g.span, "gene_span", ""});
            out.gene_span.push_back(g.symbol);
        }
    }
    std::stable_sort(out.targets.begin(), out.targets.end(), [](const Target& a, const Target& b) {
        return std::make_tuple(contig_rank(a.region.chrom), a.region.chrom, a.region.start,
                               a.region.end, a.symbol) <
               std::make_tuple(contig_rank(b.region.chrom), b.region.chrom, b.region.start,
                               b.region.end, b.symbol);
    });
    return out;
}

std::string render_targets_tsv(const std::vector<Target>& rows, const std::string& preamble) {
    std::string out = preamble + "symbol\tchrom\tstart\tend\tkind\ttranscript\n";
    for (const auto& t : rows)
        out += t.symbol + '\t' + t.region.chrom + '\t' + std::to_string(t.region.start) + '\t' +
               std::to_string(t.region.end) + '\t' + t.kind + '\t' + t.transcript + '\n';
    return out;
}

}  // namespace nbs
