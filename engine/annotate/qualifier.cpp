#include "engine/annotate/qualifier.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "engine/annotate/qualifier_detail.hpp"
#include "engine/genome/normalize.hpp"

namespace nbs {

using qualifier_detail::missing;
namespace {

// Parses "0.0012" / "." / "" into a frequency; VEP joins co-located values with '&'
// ("0.001&0.002"): the largest counts.
std::optional<double> parse_af(std::string_view s) {
    std::optional<double> best;
    std::size_t start = 0;
    while (start <= s.size()) {
        auto end = s.find('&', start);
        if (end == std::string_view::npos) end = s.size();
        const std::string tmp(s.substr(start, end - start));
        if (!tmp.empty() && tmp != ".") {
            char* stop = nullptr;
            const double v = std::strtod(tmp.c_str(), &stop);
            if (stop != tmp.c_str() && (!best || v > *best)) best = v;
        }
        start = end + 1;
    }
    return best;
}

std::string number_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

std::string strip_hgnc(std::string_view id) {
    if (id.substr(0, 5) == "HGNC:") id.remove_prefix(5);
    return std::string(id);
}

bool names_gene(std::string_view symbol, const GeneEntry& gene) {
    if (symbol.empty()) return false;
    if (symbol == gene.symbol) return true;
    return std::find(gene.aliases.begin(), gene.aliases.end(), symbol) != gene.aliases.end();
}

// Does a consequence entry describe this gene entry's MANE transcript (or, for a gene without
// one, the gene)? The MANE accession decides first, so an entry without SYMBOL still counts;
// then HGNC id, symbol, previous symbols and aliases.
bool entry_is_gene(const ConsequenceEntry& e, const GeneEntry& gene,
                   const std::vector<std::string>* plus_clinical) {
    // A MANE Plus Clinical model of the gene in the panel's knowledge counts as its MANE
    // transcript too (issue 11 item 1); the entry's transcript names which one decided.
    if (plus_clinical != nullptr && !e.transcript.empty())
        for (const auto& id : *plus_clinical)
            if (same_transcript(e.transcript, id)) return true;
    const std::string_view mane_both = gene.mane_transcript;
    const auto bar = mane_both.find('|');
    const std::string_view mane = mane_both.substr(0, bar);
    const std::string_view mane_nm =
        bar == std::string_view::npos ? std::string_view() : mane_both.substr(bar + 1);
    if (!e.transcript.empty() && !mane.empty())
        return same_transcript(e.transcript, mane) || same_transcript(e.transcript, mane_nm);
    if (!e.hgnc_id.empty() && !gene.hgnc_id.empty())
        return strip_hgnc(e.hgnc_id) == strip_hgnc(gene.hgnc_id);
    return names_gene(e.symbol, gene);
}

// The HGVS the input's annotation wrote for an entry (issue 11 item 8: results name the source
// that decided): VEP's HGVSc/HGVSp ("ENST00000380293.3:c.475C>T", "ENSP00000369650.3:p.Gln159Ter",
// with '=' URI-escaped as %3D), SnpEff's HGVS.c/HGVS.p ("c.475C>T", "p.Gln159*"). bcftools csq
// writes no HGVS: then both stay empty, never filled in from another source.
void take_input_hgvs(const ConsequenceLayout& layout, const ConsequenceEntry& e,
                     AlleleConsequence& ac) {
    auto field = [&](const char* a, const char* b) {
        for (const char* name : {a, b}) {
            const int i = layout.field_index(name);
            if (i >= 0 && static_cast<std::size_t>(i) < e.raw.size() &&
                !missing(e.raw[static_cast<std::size_t>(i)])) {
                std::string v = e.raw[static_cast<std::size_t>(i)];
                if (const auto colon = v.find(':'); colon != std::string::npos)
                    v.erase(0, colon + 1);
                for (std::size_t at = v.find("%3D"); at != std::string::npos; at = v.find("%3D"))
                    v.replace(at, 3, "=");
                return v;
            }
        }
        return std::string();
    };
    ac.hgvs_c = field("HGVSc", "HGVS.c");
    ac.hgvs_p = field("HGVSp", "HGVS.p");
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
    if (panel_.knowledge) {
        const Knowledge& k = *panel_.knowledge;
        for (const auto& src : k.sources)
            if (src.kind == "transcripts")
                transcripts_source_ = src.name + " (release " + src.release + ")";
        for (const auto& m : k.transcripts) {
            if (m.has_tag("MANE_Plus_Clinical"))
                plus_clinical_ids_[m.panel_gene].push_back(m.transcript_id);
            if (k.transcript_for(m.panel_gene) != &m) {
                if (m.has_tag("MANE_Plus_Clinical"))
                    if (auto t = CodingTranscript::build(m, k.reference))
                        plus_clinical_[m.panel_gene].push_back(std::move(*t));
                continue;
            }
            if (builtin_.count(m.panel_gene)) continue;
            if (auto t = CodingTranscript::build(m, k.reference))
                builtin_.emplace(m.panel_gene, *t);
        }
    }
    for (const auto& v : panel_.variants) {
        Variant key = v.variant;
        if (panel_.knowledge)
            if (auto left = left_align(key, panel_.knowledge->reference)) key = std::move(*left);
        curated_[key].push_back(&v);
        if (v.variant.ref.size() != v.variant.alt.size()) curated_indels_.push_back(&v);
    }
}

Normalization Qualifier::normalize(AlleleCall& call) const {
    if (!panel_.knowledge) return Normalization::no_sequence;
    const Variant& v = call.variant;
    const auto end = v.pos + static_cast<std::int64_t>(v.ref.size()) - 1;
    const auto bases = panel_.knowledge->reference.bases(v.chrom, v.pos, end);
    if (!bases) return Normalization::no_sequence;
    if (*bases != v.ref) return Normalization::ref_mismatch;
    auto left = left_align(v, panel_.knowledge->reference);
    if (!left) return Normalization::no_sequence;  // the repeat runs off the slice's edge
    call.variant = std::move(*left);
    return Normalization::left_aligned;
}

const CuratedVariant* Qualifier::nearby_curated_indel(const Variant& v,
                                                      const std::string& gene) const {
    const auto net = [](const Variant& x) {
        return static_cast<std::int64_t>(x.alt.size()) - static_cast<std::int64_t>(x.ref.size());
    };
    if (net(v) == 0) return nullptr;
    for (const auto* row : curated_indels_) {
        const Variant& c = row->variant;
        if (row->gene == gene && c.chrom == v.chrom && net(c) == net(v) && c != v &&
            std::abs(c.pos - v.pos) <= kUnalignedIndelWindow)
            return row;
    }
    return nullptr;
}

std::vector<std::string> Qualifier::info_keys() const {
    std::vector<std::string> keys = {"CLNSIG", "CLNSIGCONF", "CLNREVSTAT", "GENEINFO",
                                     "CLNVID", "ALLELEID",   "CLNHGVS",    "CSQ",
                                     "BCSQ",   "ANN",        "SVLEN"};
    auto add = [&](const std::string& k) {
        if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    };
    for (const auto& k : panel_.manifest.thresholds.af_keys)
        add(k);
    for (const auto& k : panel_.manifest.thresholds.consequence_keys)
        add(k);
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

    // Population frequency over every configured INFO key present for this allele.
    for (const auto& key : th.af_keys) {
        if (const auto* f = call.find_info(key)) {
            if (auto af = parse_af(f->value);
                af && (!q.max_population_af || *af > *q.max_population_af)) {
                q.max_population_af = af;
                q.max_population_af_key = key;
            }
        }
    }

    q.population_frequency = assess_population_frequency(panel_, call.variant, gene.moi);

    qualify_clinvar(call, gene, schema, q);
    if (gene.lof_mechanism) {
        qualify_lof(call, gene, schema, q);
        apply_population_ceiling(q);
    } else if (const auto null = null_consequence(call, gene, schema)) {
        // Issue 9 item 12: in an entry whose disease is not caused by loss of function, a null
        // allele does not qualify through ClinVar (its assertion may be for the gene's LoF
        // condition, e.g. KCNQ2 self-limited epilepsy vs DEE7). Curated include rows stand:
        // they name their condition, and mark null alleles themselves.
        const auto it = std::find_if(q.routes.begin(), q.routes.end(), [](const RouteEvidence& r) {
            return r.route == Route::clinvar;
        });
        if (it != q.routes.end()) {
            q.flags.push_back(call.variant.to_string() + " has ClinVar " + it->why.substr(8) +
                              " but is a null allele (" + *null + ") and " + gene.symbol + "'s " +
                              gene.condition_id +
                              " is not caused by loss of function: not counted for it");
            q.routes.erase(it);
        }
    }
    // Issue 11 item 8: each qualifying allele carries its consequence and HGVS.
    // With an annotated input, its own entry for this ALT on the MANE transcript, HGVS included.
    if (!q.routes.empty() && !q.consequence)
        q.consequence = has_annotation(call, schema) ? input_consequence(call, gene, schema)
                                                     : builtin_consequence(call, gene);
    return q;
}

std::optional<AlleleConsequence> Qualifier::input_consequence(
    const AlleleCall& call, const GeneEntry& gene, const AnnotationSchema& schema) const {
    // MANE Select's entry first, then a MANE Plus Clinical one.
    for (const auto* plus :
         {static_cast<const std::vector<std::string>*>(nullptr), plus_clinical_ids(gene)})
        for (const auto& layout : schema.consequences) {
            const auto* f = call.find_info(layout.info_key);
            if (f == nullptr) continue;
            for (const auto& e : parse_consequences(layout, f->value)) {
                if (e.pointer || !entry_is_gene(e, gene, plus)) continue;
                if (attribute_entry(layout, e, call) != Attribution::this_allele) continue;
                AlleleConsequence ac;
                ac.source = layout.info_key;
                ac.transcript = e.transcript;
                ac.terms = e.terms;
                take_input_hgvs(layout, e, ac);
                return ac;
            }
        }
    return std::nullopt;
}

const std::vector<std::string>* Qualifier::plus_clinical_ids(const GeneEntry& gene) const {
    const auto it = plus_clinical_ids_.find(gene.symbol);
    return it == plus_clinical_ids_.end() ? nullptr : &it->second;
}

bool Qualifier::has_annotation(const AlleleCall& call, const AnnotationSchema& schema) const {
    for (const auto& layout : schema.consequences)
        if (call.find_info(layout.info_key) != nullptr) return true;
    return false;
}

std::optional<AlleleConsequence> Qualifier::builtin_consequence(const AlleleCall& call,
                                                                const GeneEntry& gene) const {
    // An SNV split from an MNP is translated with the rest of its allele: the codon it shares
    // with its neighbours is one change (issue 11 item 3).
    return builtin_consequence(
        std::vector<Variant>{call.decomposed_from ? *call.decomposed_from : call.variant}, gene);
}

std::optional<std::int64_t> Qualifier::cis_codon(const AlleleCall& call, const GeneEntry& gene,
                                                 const AnnotationSchema& schema) const {
    const auto it = builtin_.find(gene.symbol);
    if (it == builtin_.end() || !call.phased || call.decomposed_from ||
        call.variant.ref.size() != 1 || call.variant.alt.size() != 1 ||
        has_annotation(call, schema))
        return std::nullopt;
    return it->second.codon_of(call.variant.pos);
}

Qualification Qualifier::qualify_cis_codon(const std::vector<AlleleCall>& calls,
                                           const GeneEntry& gene,
                                           const AnnotationSchema& schema) const {
    Qualification q;
    if (calls.empty() || !gene.lof_mechanism) return q;
    std::vector<Variant> hap;
    std::string names;
    for (const auto& c : calls) {
        hap.push_back(c.variant);
        names += (names.empty() ? "" : " + ") + c.variant.to_string();
    }
    for (const auto& key : panel_.manifest.thresholds.af_keys)
        for (const auto& c : calls)
            if (const auto* f = c.find_info(key))
                if (auto af = parse_af(f->value);
                    af && (!q.max_population_af || *af > *q.max_population_af)) {
                    q.max_population_af = af;
                    q.max_population_af_key = key;
                }
    const std::string allele = names + " (in cis, one codon)";
    qualify_builtin(allele, gene, schema, builtin_consequence(hap, gene), q);
    for (auto& r : q.routes)
        r.why = allele + ": " + r.why;
    return q;
}

Qualification Qualifier::qualify_symbolic_deletion(const AlleleCall& call, std::int64_t end,
                                                   const GeneEntry& gene,
                                                   const AnnotationSchema& schema) const {
    Qualification q;
    const Variant& v = call.variant;
    const std::string what = v.chrom + ":" + std::to_string(v.pos) + " " + v.alt;
    if (end <= v.pos) {
        q.flags.push_back(what + " in " + gene.symbol +
                          " gives neither END nor SVLEN: its extent is unknown, so nbscreen "
                          "cannot say what it removes; review it");
        return q;
    }
    const std::string span =
        what + " (deleting " + std::to_string(v.pos + 1) + "-" + std::to_string(end) + ")";
    const auto it = builtin_.find(gene.symbol);
    if (it == builtin_.end()) {
        if (v.pos + 1 <= gene.span.end && end >= gene.span.start)
            q.flags.push_back(span + " overlaps " + gene.symbol +
                              ": without the panel's transcript model for it nbscreen names no "
                              "consequence for a structural deletion; review it");
        return q;
    }
    const CodingTranscript& t = it->second;
    if (const auto ablation = t.symbolic_deletion(v.pos + 1, end)) {
        for (const auto& key : panel_.manifest.thresholds.af_keys)
            if (const auto* f = call.find_info(key))
                if (auto af = parse_af(f->value);
                    af && (!q.max_population_af || *af > *q.max_population_af)) {
                    q.max_population_af = af;
                    q.max_population_af_key = key;
                }
        AlleleConsequence a;
        a.source = "nbscreen";
        a.transcript = ablation->transcript;
        a.terms = ablation->terms;
        a.knowledge = transcripts_source_;
        if (!gene.lof_mechanism) {
            q.flags.push_back(span + " removes the whole " + gene.symbol + " transcript " +
                              a.transcript + " (transcript_ablation), but " + gene.symbol + "'s " +
                              gene.condition_id +
                              " is not caused by loss of function: not counted for it");
            q.consequence = std::move(a);
            return q;
        }
        // The knowledge's gnomAD counts are for short variants only: no ceiling from them.
        qualify_builtin(span, gene, schema, std::move(a), q);
        return q;
    }
    // Part of the transcript: the exons and their splice regions (8 intron bases, SO) decide
    // whether it may matter; a deletion wholly inside an intron is as silent as an intronic SNV.
    bool exonic = false;
    for (const auto& ex : t.model().exons)
        exonic = exonic || (v.pos + 1 <= ex.end + 8 && end >= ex.start - 8);
    if (exonic)
        q.flags.push_back(span + " removes part of " + gene.symbol + "'s transcript " +
                          t.model().transcript_id +
                          " (exons or splice sites, not the whole transcript): nbscreen does not "
                          "name the consequence of a partial structural deletion; review it (it "
                          "may be a null allele)");
    return q;
}

std::optional<AlleleConsequence> Qualifier::builtin_consequence(const std::vector<Variant>& hap,
                                                                const GeneEntry& gene) const {
    const auto it = builtin_.find(gene.symbol);
    if (it == builtin_.end()) return std::nullopt;
    BuiltinConsequence c;
    const bool select = it->second.annotate(hap, c) == ConsequenceStatus::annotated;
    if (!select || c.lof_term().empty()) {
        // No LoF on MANE Select: a MANE Plus Clinical model may have one (the result names it).
        if (const auto plus = plus_clinical_.find(gene.symbol); plus != plus_clinical_.end())
            for (const auto& t : plus->second) {
                BuiltinConsequence pc;
                if (t.annotate(hap, pc) == ConsequenceStatus::annotated && !pc.lof_term().empty()) {
                    c = std::move(pc);
                    break;
                }
            }
    }
    if (!select && c.terms.empty()) return std::nullopt;
    AlleleConsequence a;
    a.source = "nbscreen";
    a.transcript = c.transcript;
    a.terms = c.terms;
    a.hgvs_c = c.hgvs_c;
    a.hgvs_p = c.hgvs_p;
    const bool truncating = std::any_of(c.terms.begin(), c.terms.end(), [](const std::string& t) {
        return t == "stop_gained" || t == "frameshift_variant";
    });
    if (truncating) a.nmd_escape = std::string(to_string(c.nmd_escape));
    a.knowledge = transcripts_source_;
    return a;
}

std::optional<std::string> Qualifier::null_consequence(const AlleleCall& call,
                                                       const GeneEntry& gene,
                                                       const AnnotationSchema& schema) const {
    for (const auto& layout : schema.consequences) {
        const auto* f = call.find_info(layout.info_key);
        if (f == nullptr) continue;
        for (const auto& e : parse_consequences(layout, f->value)) {
            const auto term = std::find_if(e.terms.begin(), e.terms.end(), is_lof_term);
            if (term == e.terms.end() || !entry_is_gene(e, gene, plus_clinical_ids(gene))) continue;
            if (attribute_entry(layout, e, call) != Attribution::this_allele) continue;
            return std::string(*term) + " on " +
                   (e.transcript.empty() ? gene.symbol : e.transcript);
        }
    }
    if (!has_annotation(call, schema))
        if (const auto c = builtin_consequence(call, gene))
            for (const auto& t : c->terms)
                if (is_lof_term(t)) return t + " on " + c->transcript + " (nbscreen built-in)";
    return std::nullopt;
}

void Qualifier::apply_population_ceiling(Qualification& q) const {
    if (!q.population_frequency) return;
    const PopulationFrequency& pf = *q.population_frequency;
    const auto it = std::find_if(q.routes.begin(), q.routes.end(),
                                 [](const RouteEvidence& r) { return r.route == Route::lof; });
    if (it == q.routes.end()) return;
    // Every source must pass (docs/rules.md 2e): the knowledge's counts are one more source.
    if (pf.status == "observed" && pf.above_threshold) {
        q.routes.erase(it);
        q.population_af_unknown = false;
        return;
    }
    if (q.population_af_unknown && pf.status != "not_covered") {
        // The input had no frequency source, but the knowledge does: the ceiling was applied.
        const auto cut = it->why.find(", population frequency unknown");
        if (cut != std::string::npos) it->why.resize(cut);
        q.population_af_unknown = false;
    }
    it->why += "; " + pf.describe();
}

void Qualifier::qualify_lof(const AlleleCall& call, const GeneEntry& gene,
                            const AnnotationSchema& schema, Qualification& q) const {
    const Thresholds& th = panel_.manifest.thresholds;
    const double limit =
        uses_monoallelic_af(gene.moi) ? th.max_af_monoallelic : th.max_af_biallelic;
    // Was any configured INFO frequency source there to be consulted?
    bool info_source = false;
    for (const auto& key : th.af_keys)
        info_source = info_source || schema.declares(key) || call.find_info(key) != nullptr;

    // LoF entries that could not be tied to this ALT: said only if no entry qualified it.
    std::vector<std::string> unattributed;
    for (const auto& layout : schema.consequences) {
        const auto* f = call.find_info(layout.info_key);
        if (f == nullptr) continue;
        std::vector<int> af_fields;
        for (const auto* names : {&th.consequence_af_fields, &th.af_keys})
            for (const auto& name : *names)
                if (const int i = layout.field_index(name);
                    i >= 0 && std::find(af_fields.begin(), af_fields.end(), i) == af_fields.end())
                    af_fields.push_back(i);
        for (const auto& e : parse_consequences(layout, f->value)) {
            if (e.pointer) continue;  // credited at the record bcftools printed it on
            const auto term = std::find_if(e.terms.begin(), e.terms.end(), is_lof_term);
            if (term == e.terms.end() || !entry_is_gene(e, gene, plus_clinical_ids(gene))) continue;
            const Attribution a = attribute_entry(layout, e, call);
            if (a == Attribution::other_allele) continue;
            if (a != Attribution::this_allele) {
                const std::string why = attribution_problem(layout, e, call, a);
                if (std::find(unattributed.begin(), unattributed.end(), why) == unattributed.end())
                    unattributed.push_back(why);
                continue;
            }
            // Frequencies inside the annotation itself (e.g. VEP's MAX_AF, gnomADe_AF) count too.
            std::optional<double> af = q.max_population_af;
            std::string af_key = q.max_population_af_key;
            for (const int i : af_fields) {
                if (static_cast<std::size_t>(i) >= e.raw.size()) continue;
                if (auto v = parse_af(e.raw[i]); v && (!af || *v > *af)) {
                    af = v;
                    af_key = layout.info_key + "/" + layout.fields[i];
                }
            }
            if (af && *af >= limit) continue;
            std::string freq;
            if (af) {
                freq = "population AF " + number_text(*af) + " (" + af_key + ") < " +
                       number_text(limit);
            } else if (info_source || !af_fields.empty()) {
                freq = "not observed in the configured population frequency sources (limit " +
                       number_text(limit) + ")";
            } else {
                // No configured source in this file: the ceiling could not be applied. Said, and
                // flagged, never silently passed.
                q.population_af_unknown = true;
                freq =
                    "population frequency unknown: no af_keys INFO or consequence_af_fields "
                    "subfield in this file, so the " +
                    number_text(limit) + " ceiling was not applied";
            }
            AlleleConsequence ac;
            ac.source = layout.info_key;
            ac.transcript = e.transcript;
            ac.terms = e.terms;
            take_input_hgvs(layout, e, ac);
            q.consequence = std::move(ac);
            q.routes.push_back(
                {Route::lof, std::string(*term) + " on " +
                                 (e.transcript.empty() ? gene.symbol : e.transcript) + " (" +
                                 std::string(to_string(layout.source)) + " " + layout.info_key +
                                 "), " + freq});
            if (af) {
                q.max_population_af = af;
                q.max_population_af_key = af_key;
            }
            return;
        }
    }
    q.flags.insert(q.flags.end(), unattributed.begin(), unattributed.end());
    if (has_annotation(call, schema)) return;  // the input's annotation decides, as written

    // No consequence annotation in the input: the built-in consequence on the panel's MANE
    // model decides (issue 11 item 3). Without knowledge for the gene nothing changes.
    qualify_builtin(call.variant.to_string(), gene, schema, builtin_consequence(call, gene), q);
}

void Qualifier::qualify_builtin(const std::string& allele, const GeneEntry& gene,
                                const AnnotationSchema& schema, std::optional<AlleleConsequence> c,
                                Qualification& q) const {
    const Thresholds& th = panel_.manifest.thresholds;
    const double limit =
        uses_monoallelic_af(gene.moi) ? th.max_af_monoallelic : th.max_af_biallelic;
    bool info_source = q.max_population_af.has_value();
    for (const auto& key : th.af_keys)
        info_source = info_source || schema.declares(key);
    if (!c) return;
    const auto term = std::find_if(c->terms.begin(), c->terms.end(), is_lof_term);
    if (term == c->terms.end()) return;
    const std::optional<double> af = q.max_population_af;
    if (af && *af >= limit) return;
    const std::string where = *term + " on " + c->transcript +
                              (c->hgvs_c.empty() ? "" : " " + c->hgvs_c) +
                              (c->hgvs_p.empty() ? "" : " " + c->hgvs_p);
    // NMD escape (Abou Tayoun et al. 2018): the panel decides whether such a truncation counts.
    const bool escapes = c->nmd_escape && *c->nmd_escape != "none";
    if (escapes && th.lof_nmd_escape == "exclude") {
        q.flags.push_back(allele + " in " + gene.symbol + " is " + where +
                          ", predicted to escape nonsense-mediated decay (" + *c->nmd_escape +
                          "): not counted (lof_nmd_escape = \"exclude\")");
        return;
    }
    if (escapes && th.lof_nmd_escape == "qualify_flagged")
        q.flags.push_back(allele + " qualified for " + gene.symbol + " as " + where +
                          ", predicted to escape nonsense-mediated decay (" + *c->nmd_escape +
                          "): review (ClinGen SVI PVS1, Abou Tayoun et al. 2018)");
    std::string freq;
    if (af) {
        freq = "population AF " + number_text(*af) + " (" + q.max_population_af_key + ") < " +
               number_text(limit);
    } else if (info_source) {
        freq = "not observed in the configured population frequency sources (limit " +
               number_text(limit) + ")";
    } else {
        q.population_af_unknown = true;
        freq = "population frequency unknown: no af_keys INFO in this file, so the " +
               number_text(limit) + " ceiling was not applied";
    }
    q.routes.push_back({Route::lof, where + " (nbscreen built-in consequence, transcripts " +
                                        c->knowledge + "), " + freq});
    q.consequence = std::move(c);
}

}  // namespace nbs
