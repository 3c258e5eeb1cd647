// The ClinVar route (docs/rules.md 2b): from the input's own ClinVar INFO fields, or from the
// panel's knowledge table when the record has none. Split from qualifier.cpp to keep it readable.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>

#include "engine/annotate/qualifier.hpp"
#include "engine/annotate/qualifier_detail.hpp"
#include "engine/genome/normalize.hpp"

namespace nbs {

using qualifier_detail::missing;
using qualifier_detail::within_gene_span;

namespace {

// ClinVar's CLNHGVS ("NC_000001.11:g.45327453T>C") names the allele ClinVar described. Gives the
// 1-based ALT of `call`'s record it names, or 0 when it does not name exactly one. HGVS shifts
// indels 3' and VCF left-aligns them, so an indel is matched by kind and length, and only when
// no other ALT of the record has that kind and length.
int alt_named_by_hgvs(std::string_view hgvs, const AlleleCall& call) {
    if (hgvs.find_first_of(",|") != std::string_view::npos) return 0;
    const auto g = hgvs.find(":g.");
    if (g == std::string_view::npos) return 0;
    std::string_view d = hgvs.substr(g + 3);
    auto number = [&](std::int64_t& out) {
        std::size_t i = 0;
        out = 0;
        while (i < d.size() && std::isdigit(static_cast<unsigned char>(d[i])))
            out = out * 10 + (d[i++] - '0');
        d.remove_prefix(i);
        return i > 0;
    };
    std::int64_t start = 0, end = 0;
    if (!number(start)) return 0;
    end = start;
    if (!d.empty() && d.front() == '_') {
        d.remove_prefix(1);
        if (!number(end)) return 0;
    }
    enum Kind { snv, del, ins } kind;
    std::int64_t length = 0;
    char ref_base = 0, alt_base = 0;
    if (d.size() == 3 && d[1] == '>') {
        kind = snv;
        ref_base = d[0];
        alt_base = d[2];
    } else if (d == "del") {
        kind = del;
        length = end - start + 1;
    } else if (d == "dup") {
        kind = ins;
        length = end - start + 1;
    } else if (d.substr(0, 3) == "ins" && d.size() > 3 &&
               d.find_first_not_of("ACGTNacgtn", 3) == std::string_view::npos) {
        kind = ins;
        length = static_cast<std::int64_t>(d.size() - 3);
    } else {
        return 0;  // delins, inv, repeats: not matched without the reference sequence
    }
    int found = 0;
    for (std::size_t i = 0; i < call.record_alts.size(); ++i) {
        const std::string& alt = call.record_alts[i];
        if (is_symbolic_allele(alt)) continue;
        const Variant v = minimal_representation(
            {call.as_written.chrom, call.as_written.pos, call.as_written.ref, alt});
        const auto rl = static_cast<std::int64_t>(v.ref.size());
        const auto al = static_cast<std::int64_t>(v.alt.size());
        bool match = false;
        if (kind == snv)
            match = rl == 1 && al == 1 && v.pos == start &&
                    std::toupper(static_cast<unsigned char>(v.ref[0])) == ref_base &&
                    std::toupper(static_cast<unsigned char>(v.alt[0])) == alt_base;
        else if (kind == del)
            match = al == 1 && rl - 1 == length;
        else
            match = rl == 1 && al - 1 == length;
        if (!match) continue;
        if (found != 0) return 0;  // two ALTs fit: not identified
        found = static_cast<int>(i) + 1;
    }
    return found;
}

}  // namespace

void Qualifier::qualify_clinvar(const AlleleCall& call, const GeneEntry& gene,
                                const AnnotationSchema& schema, Qualification& q) const {
    const Thresholds& th = panel_.manifest.thresholds;
    const auto* sig = call.find_info(schema.clinvar_key("CLNSIG"));
    if (sig == nullptr || missing(sig->value)) {
        // No ClinVar INFO on this record: the panel's knowledge table, if it has one, answers.
        qualify_clinvar_knowledge(call, gene, q);
        return;
    }

    // GENEINFO, when present, must name this gene (or a previous symbol of it): a hit in an
    // overlapping gene is incidental. Without it, only the gene's own span counts, not the
    // +-2 kb padding where a neighbouring gene may lie (CYP21A2 / TNXB).
    if (const auto* gi = call.find_info(schema.clinvar_key("GENEINFO"));
        gi != nullptr && !missing(gi->value)) {
        bool named = geneinfo_names(gi->value, gene.symbol);
        for (const auto& a : gene.aliases)
            named = named || geneinfo_names(gi->value, a);
        if (!named) return;
    } else {
        if (!within_gene_span(call.variant, gene)) return;
    }

    ClinvarEvidence ev;
    ev.knowledge_has_clinvar = panel_.knowledge && !panel_.knowledge->clinvar.empty();
    const auto* conf = call.find_info(schema.clinvar_key("CLNSIGCONF"));
    ev.counts = count_clinvar(sig->value, conf != nullptr ? conf->value : "");
    if (const auto* rev = call.find_info(schema.clinvar_key("CLNREVSTAT"));
        rev != nullptr && !missing(rev->value)) {
        ev.review_status = rev->value;
        ev.stars = clinvar_stars(rev->value);
    }
    if (const auto* id = call.find_info(schema.clinvar_key("CLNVID"));
        id != nullptr && !missing(id->value))
        ev.variation_id = id->value;
    if (const auto* id = call.find_info(schema.clinvar_key("ALLELEID"));
        id != nullptr && !missing(id->value))
        ev.allele_id = id->value;
    const ClinvarCounts& c = ev.counts;
    const bool vus_ok = !th.clinvar_max_vus || c.uncertain <= *th.clinvar_max_vus;
    const bool passes =
        c.pathogenic >= th.clinvar_min_pathogenic && c.benign <= th.clinvar_max_benign && vus_ok;

    // ClinVar describes one allele per record. Number=A/R values were already reduced to this
    // ALT when the record was split; a Number=. value on a multi-allelic record describes an
    // ALT that only CLNHGVS can name (VCF 4.3 section 1.6.2: Number=. says nothing about alleles).
    const char number = schema.number_of(schema.clinvar_key("CLNSIG"), sig->number);
    const bool per_allele = number == 'A' || number == 'R';
    if (!per_allele && call.record_alts.size() > 1) {
        int named = 0;
        if (const auto* h = call.find_info(schema.clinvar_key("CLNHGVS")))
            named = alt_named_by_hgvs(h->value, call);
        if (named != call.alt_index) {
            if (named == 0 && passes)  // only an assertion that could have qualified is said
                q.flags.push_back("ClinVar CLNSIG=" + sig->value + " on the multi-allelic record " +
                                  call.as_written.chrom + ":" +
                                  std::to_string(call.as_written.pos) +
                                  " cannot be attributed to ALT " + call.as_written.alt +
                                  " (Number=. and no CLNHGVS naming one ALT): split the record "
                                  "with bcftools norm -m- before annotating");
            return;  // another ALT's assertion, or not attributable: never credited here
        }
    }

    if (passes)
        q.routes.push_back(
            {Route::clinvar,
             "ClinVar " + sig->value + " (" + std::to_string(c.pathogenic) + " P/LP, " +
                 std::to_string(c.uncertain) + " VUS, " + std::to_string(c.benign) + " B/LB" +
                 (ev.stars ? ", " + std::to_string(*ev.stars) + " star(s)" : std::string()) + ")"});
    if (ev.stars) q.clinvar_stars = ev.stars;
    q.clinvar = std::move(ev);
}

void Qualifier::qualify_clinvar_knowledge(const AlleleCall& call, const GeneEntry& gene,
                                          Qualification& q) const {
    if (!panel_.knowledge || panel_.knowledge->clinvar.empty()) return;
    const ClinvarAllele* a = panel_.knowledge->find_clinvar(call.variant);
    if (a == nullptr) return;
    // The table keeps no GENEINFO: as for INFO without GENEINFO (docs/rules.md 2b), only the
    // gene's own span counts, not the padding where a neighbouring gene may lie.
    if (!within_gene_span(call.variant, gene)) return;
    const Thresholds& th = panel_.manifest.thresholds;
    ClinvarEvidence ev;
    ev.counts = {a->pathogenic, a->benign, a->uncertain, a->clnsig};
    ev.review_status = a->review_status;
    if (!a->review_status.empty()) ev.stars = clinvar_stars(a->review_status);
    ev.variation_id = a->variation_id == "." ? "" : a->variation_id;
    ev.source = "knowledge";
    if (const auto* s = panel_.knowledge->source("clinvar")) ev.release = s->release;
    const ClinvarCounts& c = ev.counts;
    const bool vus_ok = !th.clinvar_max_vus || c.uncertain <= *th.clinvar_max_vus;
    if (c.pathogenic >= th.clinvar_min_pathogenic && c.benign <= th.clinvar_max_benign && vus_ok)
        q.routes.push_back(
            {Route::clinvar,
             "ClinVar " + c.clnsig + " (" + std::to_string(c.pathogenic) + " P/LP, " +
                 std::to_string(c.uncertain) + " VUS, " + std::to_string(c.benign) + " B/LB" +
                 (ev.stars ? ", " + std::to_string(*ev.stars) + " star(s)" : std::string()) +
                 "; panel knowledge, ClinVar release " + ev.release + ")"});
    if (ev.stars) q.clinvar_stars = ev.stars;
    q.clinvar = std::move(ev);
}

}  // namespace nbs
