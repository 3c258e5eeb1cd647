#include "engine/screen/screen_plan.hpp"

#include <algorithm>

#include "engine/genome/normalize.hpp"
#include "engine/rules/sex_inference.hpp"

namespace nbs {
namespace {
Region padded(const Region& r, std::int64_t pad) {
    return {r.chrom, std::max<std::int64_t>(1, r.start - pad), r.end + pad};
}
}  // namespace

ScreenPlan::ScreenPlan(const Panel& panel)
    : panel_(panel),
      qualifier_(panel),
      coverage_plan_(panel.targets),
      coverage_intervals_(coverage_plan_.all_intervals()) {
    coverage_target_count_ = coverage_intervals_.size();
    for (const auto& v : panel.variants) {
        if (v.list != ListKind::include || coverage_plan_.find(v.gene) == nullptr) continue;
        const Variant& a = v.variant;
        const bool insertion = a.ref.size() == 1 && a.alt.size() > 1;
        const std::int64_t end =
            a.pos + static_cast<std::int64_t>(a.ref.size()) - 1 + (insertion ? 1 : 0);
        known_sites_.push_back({v.gene, a, {a.chrom, a.pos, end}});
        coverage_intervals_.push_back(known_sites_.back().region);
    }
    const std::int64_t pad = panel.manifest.thresholds.gene_padding_bp;
    std::vector<Region> genes;
    for (std::size_t i = 0; i < panel.genes.size(); ++i) {
        genes.push_back(padded(panel.genes[i].span, pad));
        entries_by_chrom_[panel.genes[i].span.chrom].push_back(i);
    }
    // Curated alleles are read even if they fall just outside a padded span.
    // With the panel's sequence, an indel is read wherever an equivalent placement could be
    // written (a deletion 3'-shifted in a repeat starts past the listed base).
    std::vector<Region> curated;
    for (const auto& v : panel.variants) {
        std::optional<Region> span;
        if (panel.knowledge) span = equivalent_span(v.variant, panel.knowledge->reference);
        // Without sequence, an indel's neighbourhood is read so the screen can flag an indel
        // that may be the listed one written elsewhere (qualifier.hpp, kUnalignedIndelWindow).
        const bool indel = v.variant.ref.size() != v.variant.alt.size();
        const std::int64_t pad = !span && indel ? kUnalignedIndelWindow : 0;
        curated.push_back(
            span ? *span
                 : Region{
                       v.variant.chrom, std::max<std::int64_t>(1, v.variant.pos - pad),
                       v.variant.pos + static_cast<std::int64_t>(v.variant.ref.size()) - 1 + pad});
    }
    curated_regions_ = RegionSet(curated);
    // What the panel's own knowledge can qualify in a raw file: whole genes where the built-in
    // consequence can run (sequence and a MANE model), and the ClinVar table's alleles (with
    // every placement of an indel). Elsewhere a raw file can only match a curated allele.
    std::vector<Region> known = curated;
    if (const auto& k = panel.knowledge) {
        for (std::size_t i = 0; i < panel.genes.size(); ++i)
            if (k->has_sequence(panel.genes[i].symbol) &&
                k->transcript_for(panel.genes[i].symbol) != nullptr)
                known.push_back(padded(panel.genes[i].span, pad));
        for (const auto& c : k->clinvar) {
            const Variant& a = c.variant;
            const auto span = equivalent_span(a, k->reference);
            known.push_back(
                span ? *span
                     : Region{a.chrom, a.pos, a.pos + static_cast<std::int64_t>(a.ref.size()) - 1});
        }
    }
    knowledge_regions_ = RegionSet(std::move(known));
    genes.insert(genes.end(), curated.begin(), curated.end());
    std::vector<Region> all = genes;
    for (auto& r : sex_inference_regions())
        all.push_back(r);
    gene_regions_ = RegionSet(std::move(genes));
    read_regions_ = RegionSet(std::move(all));
}

std::vector<std::size_t> ScreenPlan::entries_at(const std::string& chrom, std::int64_t pos) const {
    std::vector<std::size_t> out;
    const auto it = entries_by_chrom_.find(chrom);
    if (it == entries_by_chrom_.end()) return out;
    const std::int64_t pad = panel_.manifest.thresholds.gene_padding_bp;
    for (std::size_t i : it->second) {
        const Region& s = panel_.genes[i].span;
        if (pos >= s.start - pad && pos <= s.end + pad) out.push_back(i);
    }
    return out;
}

const RegionSet& ScreenPlan::decode_regions(const AnnotationSchema& schema) const {
    return schema.annotated() ? gene_regions_ : knowledge_regions_;
}

}  // namespace nbs
