#include "engine/panel/clinvar_import.hpp"

#include <algorithm>
#include <map>

#include "engine/genome/normalize.hpp"
#include "engine/panel/clinvar.hpp"
#include "engine/panel/panel_writer.hpp"

namespace nbs {
namespace {

bool is_acgt(const std::string& s) {
    return !s.empty() && s.find_first_not_of("ACGT") == std::string::npos;
}

bool from_clinvar(const CuratedVariant& v) {
    return v.source.rfind("clinvar:", 0) == 0;
}

std::string describe(const CuratedVariant& v) {
    return v.variant.to_string() + ' ' + v.gene + " (" + v.why + ", " +
           (v.stars ? std::to_string(*v.stars) : std::string("?")) + " stars)";
}

/// The panel gene an allele belongs to: the one GENEINFO names when several spans overlap.
const GeneEntry* gene_for(const Panel& panel, const Variant& v, const std::string& geneinfo) {
    const GeneEntry* first = nullptr;
    for (const auto& g : panel.genes) {
        if (!g.span.contains(v.chrom, v.pos)) continue;
        if (first == nullptr) first = &g;
        if (geneinfo_names(geneinfo, g.symbol)) return &g;
    }
    return first;
}

}  // namespace

std::optional<std::string> clinvar_release_date(std::string_view d) {
    auto digits = [](std::string_view s) {
        return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
    };
    if (d.size() == 10 && d[4] == '-' && d[7] == '-' && digits(d.substr(0, 4)) &&
        digits(d.substr(5, 2)) && digits(d.substr(8, 2)))
        return std::string(d);
    if (d.size() == 8 && digits(d))
        return std::string(d.substr(0, 4)) + '-' + std::string(d.substr(4, 2)) + '-' +
               std::string(d.substr(6, 2));
    return std::nullopt;
}

std::string clinvar_source(const std::string& release, const std::string& id) {
    const bool numeric =
        !id.empty() && id.size() <= 9 && id.find_first_not_of("0123456789") == std::string::npos;
    if (!numeric) return "clinvar:" + release + ":" + id;
    return "clinvar:" + release + ":VCV" + std::string(9 - id.size(), '0') + id;
}

ClinvarImportResult import_clinvar(const Panel& panel, const std::vector<ClinvarRecord>& records,
                                   const ClinvarImportOptions& options) {
    ClinvarImportResult out;
    auto& rep = out.report;
    out.variants = panel.variants;
    std::map<Variant, std::vector<std::size_t>> rows_of;  // allele -> indexes into out.variants
    for (std::size_t i = 0; i < out.variants.size(); ++i)
        rows_of[out.variants[i].variant].push_back(i);

    const Thresholds& th = panel.manifest.thresholds;
    const int min_p = std::max(1, th.clinvar_min_pathogenic);
    std::map<Variant, bool> verdict;  // allele seen in the file -> qualifies
    std::vector<CuratedVariant> added;
    std::vector<bool> remove(out.variants.size(), false);

    for (const auto& r : records) {
        ++rep.records;
        if (!is_acgt(r.variant.ref) || !is_acgt(r.variant.alt) || r.variant.ref == r.variant.alt) {
            ++rep.not_sequence;
            continue;
        }
        const Variant v = minimal_representation(r.variant);
        const GeneEntry* gene = gene_for(panel, v, r.geneinfo);
        if (gene == nullptr) {
            ++rep.outside_genes;
            continue;
        }
        if (verdict.count(v) != 0) continue;  // one allele under two ClinVar ids: first wins
        const ClinvarCounts c = count_clinvar(r.clnsig, r.clnsigconf);
        const bool qualifies = c.pathogenic >= min_p && c.benign <= th.clinvar_max_benign;
        verdict[v] = qualifies;
        const auto it = rows_of.find(v);
        if (!qualifies) {
            ++rep.not_qualifying;
            if (it == rows_of.end()) continue;
            // A ClinVar include row the new release no longer supports goes; say why.
            for (auto i : it->second) {
                const auto& row = out.variants[i];
                if (row.list != ListKind::include || !from_clinvar(row)) continue;
                remove[i] = true;
                rep.removed.push_back(
                    describe(row) + ": now " + (r.clnsig.empty() ? "?" : r.clnsig) + " (" +
                    std::to_string(c.pathogenic) + " P/LP, " + std::to_string(c.benign) +
                    " B/LB) in ClinVar " + options.release);
            }
            continue;
        }
        ++rep.qualifying;
        CuratedVariant fresh;
        fresh.variant = v;
        fresh.gene = gene->symbol;
        fresh.list = ListKind::include;
        // The same wording as panels/tools/derive_generation_study.py, so re-importing the
        // release a panel was derived from changes nothing.
        fresh.why = "ClinVar " + r.clnsig + " (" +
                    (r.clnrevstat.empty() ? std::string("no review status") : r.clnrevstat) + ")";
        fresh.source = clinvar_source(options.release, r.id);
        fresh.stars = clinvar_stars(r.clnrevstat).value_or(0);
        fresh.added_in = options.added_in;
        if (it == rows_of.end()) {
            rep.added.push_back(describe(fresh));
            added.push_back(std::move(fresh));
            continue;
        }
        bool excluded = false, other_include = false;
        CuratedVariant* clinvar_row = nullptr;
        for (auto i : it->second) {
            auto& row = out.variants[i];
            if (row.list == ListKind::exclude)
                excluded = true;
            else if (from_clinvar(row))
                clinvar_row = &row;
            else
                other_include = true;
        }
        if (excluded) {
            ++rep.skipped_excluded;
            continue;
        }
        if (clinvar_row == nullptr) {
            if (other_include) ++rep.kept_other_source;
            continue;
        }
        // Refresh: the assertion, its source and stars follow the new release; gene and
        // added_in stay, since they record curation, not ClinVar.
        std::string what;
        // A curator may have appended to `why`; only a different assertion replaces it.
        const bool same_assertion = clinvar_row->why.rfind(fresh.why, 0) == 0;
        if (!same_assertion) what += " why '" + clinvar_row->why + "' -> '" + fresh.why + "';";
        if (clinvar_row->source != fresh.source)
            what += " source " + clinvar_row->source + " -> " + fresh.source + ";";
        if (clinvar_row->stars != fresh.stars)
            what += " stars " + (clinvar_row->stars ? std::to_string(*clinvar_row->stars) : "") +
                    " -> " + std::to_string(*fresh.stars) + ";";
        if (what.empty()) {
            ++rep.unchanged;
            continue;
        }
        if (!same_assertion) clinvar_row->why = fresh.why;
        clinvar_row->source = fresh.source;
        clinvar_row->stars = fresh.stars;
        what.pop_back();
        rep.refreshed.push_back(clinvar_row->variant.to_string() + ' ' + clinvar_row->gene + ':' +
                                what);
    }

    for (const auto& row : out.variants)
        if (row.list == ListKind::include && from_clinvar(row) && verdict.count(row.variant) == 0)
            ++rep.kept_not_in_file;
    std::vector<CuratedVariant> kept;
    for (std::size_t i = 0; i < out.variants.size(); ++i)
        if (!remove[i]) kept.push_back(std::move(out.variants[i]));
    for (auto& a : added)
        kept.push_back(std::move(a));
    sort_variants(kept);
    out.variants = std::move(kept);
    return out;
}

}  // namespace nbs
