#include "engine/annotate/qualifier.hpp"

#include <algorithm>
#include <cstdlib>

namespace nbs {
namespace {

// Parses "0.0012" / "." / "" into a frequency; missing means absent from the population.
std::optional<double> parse_af(std::string_view s) {
    if (s.empty() || s == ".") return std::nullopt;
    char* end = nullptr;
    const std::string tmp(s);
    const double v = std::strtod(tmp.c_str(), &end);
    if (end == tmp.c_str()) return std::nullopt;
    return v;
}

}  // namespace

std::string_view to_string(Route r) {
    switch (r) {
        case Route::include_list:
            return "include_list";
        case Route::clinvar:
            return "clinvar";
        case Route::lof:
            return "lof";
    }
    return "include_list";
}

Qualifier::Qualifier(const Panel& panel) : panel_(panel) {
    for (const auto& v : panel_.variants)
        curated_[v.variant].push_back(&v);
}

std::vector<std::string> Qualifier::info_keys() const {
    std::vector<std::string> keys = {"CLNSIG", "CLNSIGCONF", "CLNREVSTAT", "GENEINFO",
                                     "CSQ",    "BCSQ",       "ANN"};
    for (const auto& k : panel_.manifest.thresholds.af_keys)
        if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    return keys;
}

const std::vector<const CuratedVariant*>* Qualifier::curated(const Variant& v) const {
    const auto it = curated_.find(v);
    return it == curated_.end() ? nullptr : &it->second;
}

Qualification Qualifier::qualify(const AlleleCall& call, const GeneEntry& gene,
                                 const AnnotationSchema& schema) const {
    Qualification q;
    const Thresholds& th = panel_.manifest.thresholds;

    // Curated lists: an include row for this gene qualifies; any exclude row vetoes.
    if (const auto* rows = curated(call.variant)) {
        for (const auto* row : *rows) {
            if (row->list == ListKind::exclude) {
                q.excluded_because = "exclude list: " + row->why + " (" + row->source + ")";
            } else if (row->gene == gene.symbol &&
                       (row->condition_id.empty() || row->condition_id == gene.condition_id) &&
                       !(row->null_allele && !gene.lof_mechanism)) {
                // A row curated for one condition of a gene qualifies that entry only; a null
                // allele never qualifies an entry whose disease is not caused by loss of
                // function (e.g. ABCC8 neonatal diabetes, caused by activating variants).
                q.routes.push_back(
                    {Route::include_list, "include list: " + row->why + " (" + row->source + ")"});
                if (row->stars) q.clinvar_stars = row->stars;
            }
        }
    }

    // Population frequency over every configured key present for this allele.
    for (const auto& key : th.af_keys) {
        if (const auto* f = call.find_info(key)) {
            if (auto af = parse_af(f->value);
                af && (!q.max_population_af || *af > *q.max_population_af)) {
                q.max_population_af = af;
                q.max_population_af_key = key;
            }
        }
    }

    // ClinVar assertions carried in INFO. GENEINFO, when present, must name this gene: a hit in
    // an overlapping gene is incidental.
    if (const auto* sig = call.find_info("CLNSIG")) {
        bool gene_ok = true;
        if (const auto* gi = call.find_info("GENEINFO"))
            gene_ok = geneinfo_names(gi->value, gene.symbol);
        const auto* conf = call.find_info("CLNSIGCONF");
        const ClinvarCounts c = count_clinvar(sig->value, conf != nullptr ? conf->value : "");
        if (const auto* rev = call.find_info("CLNREVSTAT"))
            q.clinvar_stars = clinvar_stars(rev->value);
        if (gene_ok && c.pathogenic >= th.clinvar_min_pathogenic &&
            c.benign <= th.clinvar_max_benign)
            q.routes.push_back({Route::clinvar, "ClinVar " + sig->value + " (" +
                                                    std::to_string(c.pathogenic) + " P/LP, " +
                                                    std::to_string(c.benign) + " B/LB)"});
    }

    // Loss of function, only in genes where LoF causes the condition.
    if (gene.lof_mechanism) {
        const double limit =
            uses_monoallelic_af(gene.moi) ? th.max_af_monoallelic : th.max_af_biallelic;
        // "ENST00000003084.11|NM_000492.4": either accession names the MANE transcript.
        const std::string_view mane_both = gene.mane_transcript;
        const auto bar = mane_both.find('|');
        const std::string_view mane = mane_both.substr(0, bar);
        const std::string_view mane_nm =
            bar == std::string_view::npos ? std::string_view() : mane_both.substr(bar + 1);
        for (const auto& layout : schema.consequences) {
            const auto* f = call.find_info(layout.info_key);
            if (f == nullptr) continue;
            const std::size_t alt0 = static_cast<std::size_t>(call.alt_index - 1);
            const std::string want_allele =
                layout.source == ConsequenceSource::vep_csq && alt0 < call.record_alts.size()
                    ? vep_allele_string(call.as_written.ref, call.record_alts, alt0)
                    : call.as_written.alt;
            for (const auto& e : parse_consequences(layout, f->value)) {
                if (layout.allele >= 0 && e.allele != want_allele) continue;
                if (e.symbol != gene.symbol) continue;
                if (!e.transcript.empty() && !mane.empty() &&
                    !same_transcript(e.transcript, mane) && !same_transcript(e.transcript, mane_nm))
                    continue;
                const auto term = std::find_if(e.terms.begin(), e.terms.end(), is_lof_term);
                if (term == e.terms.end()) continue;
                // AF fields inside the annotation itself (e.g. VEP's gnomADg_AF) count too.
                std::optional<double> af = q.max_population_af;
                std::string af_key = q.max_population_af_key;
                for (const auto& key : th.af_keys) {
                    const int i = layout.field_index(key);
                    if (i < 0 || static_cast<std::size_t>(i) >= e.raw.size()) continue;
                    if (auto v = parse_af(e.raw[i]); v && (!af || *v > *af)) {
                        af = v;
                        af_key = layout.info_key + "/" + key;
                    }
                }
                if (af && *af >= limit) continue;
                q.routes.push_back(
                    {Route::lof, std::string(*term) + " on " +
                                     (e.transcript.empty() ? gene.symbol : e.transcript) + " (" +
                                     std::string(to_string(layout.source)) + "), population AF " +
                                     (af ? std::to_string(*af) + " (" + af_key + ")" : "absent") +
                                     " < " + std::to_string(limit)});
                if (af) {
                    q.max_population_af = af;
                    q.max_population_af_key = af_key;
                }
                break;
            }
            if (!q.routes.empty() && q.routes.back().route == Route::lof) break;
        }
    }
    return q;
}

}  // namespace nbs
