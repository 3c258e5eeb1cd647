// One baby's page, in reading order: status and why, findings with their alleles and evidence,
// conditions not assessable, set-aside alleles, coverage, SMN1, sex, QC, limitations, provenance.
// Every value shown is read from the result JSON and escaped; nothing here decides anything.
#include <algorithm>
#include <map>
#include <set>

#include "engine/report/html_pages.hpp"

namespace nbs {
namespace html {
namespace {

// Labels for keys a newer result may carry (condition information, per-allele consequence and
// population frequency); any other unknown key is still shown, under its own name.
std::string label_of(const std::string& key) {
    static const std::map<std::string, std::string> labels = {
        {"omim_ids", "OMIM"},
        {"omim", "OMIM"},
        {"onset", "Onset"},
        {"asqm", "ASQM"},
        {"asqm_severity", "ASQM severity"},
        {"asqm_efficacy", "ASQM efficacy"},
        {"severity", "Severity"},
        {"efficacy", "Efficacy"},
        {"orthogonal_test", "Orthogonal test"},
    };
    const auto it = labels.find(key);
    if (it != labels.end()) return it->second;
    std::string out = key;
    for (char& c : out)
        if (c == '_') c = ' ';
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
    return out;
}

// An object flattened to "Key: value; Key: value" (one level), for a generic key's value.
std::string flat(const Json& v) {
    if (!v.is_object()) return text(&v);
    std::string out;
    for (const auto& [k, e] : v.items())
        out +=
            (out.empty() ? "" : "; ") + label_of(k) + ": " + (e.is_object() ? e.dump() : text(&e));
    return out;
}

// Rows for every member of `obj` not in `known`, in the result's key order.
std::string extra_rows(const Json& obj, const std::set<std::string>& known) {
    std::string out;
    if (!obj.is_object()) return out;
    for (const auto& [k, v] : obj.items())
        if (known.count(k) == 0 && !v.is_null())
            out += "<tr><th>" + escape(label_of(k)) + "</th><td>" + escape(flat(v)) + "</td></tr>";
    return out;
}

std::string fact(std::string_view k, const std::string& v_escaped) {
    return "<div><span class=\"k\">" + escape(k) + "</span><span class=\"v\">" + v_escaped +
           "</span></div>";
}

std::string list_items(const Json* arr) {
    std::string out;
    if (arr == nullptr || !arr->is_array()) return out;
    for (const auto& e : *arr)
        out += "<li>" + escape(e.is_string() ? e.get<std::string>() : e.dump()) + "</li>";
    return out;
}

std::string variant_name(const Json& v) {
    return text(v, "chrom", "?") + ":" + text(v, "pos", "?") + " " + text(v, "ref", "?") + ">" +
           text(v, "alt", "?");
}

std::string spaced(std::string s) {
    for (char& c : s)
        if (c == '_') c = ' ';
    return s;
}

// The kinds of reason behind the not-assessable entries, most entries first: the reason text up
// to its first ": " or " (" ("no calls on chr12 in this file", "low coverage", "needs
// smn1_copy_number, which this screen did not have"), so one line per kind of missing evidence.
std::string top_reasons(const Json& r) {
    std::map<std::string, std::size_t> kinds;
    if (const Json* na = member(r, "not_assessable"); na && na->is_array())
        for (const auto& n : *na) {
            std::string reason = text(n, "reason", "");
            reason = reason.substr(0, std::min(reason.find(": "), reason.find(" (")));
            // "no calls on chr12 in this file" and "... chr2 ..." are one kind of reason.
            if (reason.rfind("no calls on chr", 0) == 0) reason = "no calls on the chromosome";
            if (reason.rfind("qualifying allele ", 0) == 0)
                reason = "a qualifying allele failed genotype QC";
            ++kinds[reason];
        }
    std::vector<std::pair<std::size_t, std::string>> order;
    for (const auto& [k, n] : kinds)
        order.emplace_back(n, k);
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    std::string out = "<ul class=\"tight\">";
    for (std::size_t i = 0; i < order.size() && i < 4; ++i)
        out += "<li>" + escape(order[i].second) + ": " + std::to_string(order[i].first) + " entr" +
               (order[i].first == 1 ? "y" : "ies") + "</li>";
    if (order.size() > 4) out += "<li>and " + std::to_string(order.size() - 4) + " more</li>";
    return out + "</ul>";
}

// The paragraph under the status badge: what the status means, from docs/result-schema.md's
// order (QC failures, then findings, then not assessable), with this baby's counts.
std::string status_block(const Json& r) {
    const std::string status = text(r, "status", "");
    std::set<std::string> na_conditions;
    if (const Json* na = member(r, "not_assessable"); na && na->is_array())
        for (const auto& n : *na)
            na_conditions.insert(text(n, "condition_id", ""));
    const std::size_t n_na = na_conditions.size();
    std::string why;
    if (status == "sample_failed_qc") {
        why = "<p>The sample failed quality control (" +
              etext(member(r, "qc") ? r["qc"] : Json(), "failures") +
              "). Neither its findings nor its negatives can be used until the failure is "
              "resolved (docs/rules.md rule 5).</p>";
    } else if (status == "prioritised_for_review") {
        why = "<p>" + std::to_string(count(r, "findings")) +
              " finding(s) need a clinical scientist's review:</p><ul class=\"tight\">";
        if (const Json* fs = member(r, "findings"); fs && fs->is_array())
            for (const auto& f : *fs)
                why += "<li><b>" + etext(f, "condition_name") + "</b> (<i>" + etext(f, "gene") +
                       "</i>, " + escape(spaced(text(f, "zygosity"))) + ")</li>";
        why += "</ul><p>nbscreen never says a condition is present: a reviewer decides.";
        if (n_na > 0)
            why += " " + std::to_string(n_na) +
                   " other condition(s) could not be assessed (listed below).";
        why += "</p>";
    } else if (status == "incomplete") {
        why = "<p>Nothing qualifying was found, but <b>" + std::to_string(n_na) +
              " condition(s) could not be assessed</b> (listed below with the reason). This is "
              "not a negative screen for those conditions.</p>" +
              top_reasons(r);
    } else if (status == "no_condition_suspected") {
        why =
            "<p>No qualifying allele was found for any panel condition, and every condition "
            "was assessable. Read the limitations below: what the screen cannot see is not "
            "excluded.</p>";
    }
    return "<div class=\"status " + status_class(status) + "\"><div class=\"word\">" +
           escape(status_words(status)) + "</div>" + why + "</div>";
}

std::string population_frequency(const Json& v) {
    if (const Json* pf = member(v, "population_frequency")) {  // schema >= 1.3
        const std::string st = text(*pf, "status", "");
        std::string out;
        if (st == "observed")
            out = "max AF " + etext(*pf, "max_af") + " (" + etext(*pf, "population") + ", AC " +
                  etext(*pf, "ac") + " / AN " + etext(*pf, "an") + ")";
        else if (st == "absent")
            out = "absent from the source";
        else if (st == "not_covered")
            out = "not covered by the source: frequency unknown";
        else
            out = escape(st);
        return out + "; threshold " + etext(*pf, "threshold") + "; source " + etext(*pf, "source");
    }
    if (member(v, "population_af"))
        return "max AF " + etext(v, "population_af") + " (" + etext(v, "population_af_key") + ")";
    if (const Json* u = member(v, "population_af_unknown"); u && u->is_boolean() && u->get<bool>())
        return "unknown: no frequency source configured (docs/rules.md 2e)";
    return "not in this result";
}

std::string clinvar(const Json& v) {
    const Json* cv = member(v, "clinvar");
    if (cv == nullptr)
        return member(v, "clinvar_stars") ? "stars " + etext(v, "clinvar_stars")
                                          : "no ClinVar annotation for this allele";
    std::string out =
        escape(spaced(text(*cv, "clnsig"))) + "; submissions P/LP " +
        etext(*cv, "pathogenic_submissions") + ", VUS " + etext(*cv, "uncertain_submissions") +
        ", B/LB " + etext(*cv, "benign_submissions") + "; review status " +
        escape(spaced(text(*cv, "review_status"))) + " (" + etext(*cv, "stars") + " star(s))";
    if (member(*cv, "variation_id")) out += "; VariationID " + etext(*cv, "variation_id");
    if (member(*cv, "source")) out += "; source " + etext(*cv, "source");
    return out;
}

std::string consequence(const Json& v) {
    const Json* c = member(v, "consequence");
    if (c == nullptr) return "not in this result";
    std::string out =
        etext(*c, "terms") + " on " + etext(*c, "transcript") + " (" + etext(*c, "source") + ")";
    if (member(*c, "nmd_escape")) out += "; NMD escape: " + etext(*c, "nmd_escape");
    return out;
}

std::string hgvs(const Json& v) {
    const Json* c = member(v, "consequence");
    if (c == nullptr || (!member(*c, "hgvs_c") && !member(*c, "hgvs_p")))
        return "<span class=\"muted\">not in this result</span>";
    return "<span class=\"mono\">" + etext(*c, "hgvs_c") + "</span><br><span class=\"mono\">" +
           etext(*c, "hgvs_p") + "</span>";
}

std::string genotype_qc(const Json& v) {
    const Json* q = member(v, "genotype_qc");
    if (q == nullptr) return "—";
    const Json* pass = member(*q, "pass");
    std::string out = pass && pass->is_boolean() && pass->get<bool>()
                          ? "<span class=\"qc-pass\">pass</span>"
                          : "<span class=\"qc-fail\">fail</span>";
    if (count(*q, "failures")) out += ": " + etext(*q, "failures");
    if (count(*q, "warnings")) out += "<br>warning: " + etext(*q, "warnings");
    if (count(*q, "not_checked")) out += "<br>not checked: " + etext(*q, "not_checked");
    return out;
}

// The allele table row (numbers) and, below it, the evidence for its route(s).
std::string variant_rows(const Json& v) {
    std::string ad = "—";
    if (const Json* a = member(v, "ad")) ad = etext(*a, "alt") + " / " + etext(*a, "total");
    std::string out = "<tr><td class=\"mono\">" + escape(variant_name(v)) + "</td><td>" + hgvs(v) +
                      "</td><td class=\"mono\">" + etext(v, "genotype") +
                      "</td><td class=\"num\">" + etext(v, "gq") + "</td><td class=\"num\">" +
                      etext(v, "dp") + "</td><td class=\"num\">" + ad + "</td><td class=\"num\">" +
                      etext(v, "allele_balance") + "</td><td>" + etext(v, "phase_set") +
                      "</td><td>" + etext(v, "filter") + "</td><td>" + genotype_qc(v) +
                      "</td></tr>";
    std::string ev = "<table class=\"kv\">";
    if (const Json* routes = member(v, "routes"); routes && routes->is_array())
        for (const auto& rt : *routes)
            ev += "<tr><th>Route: " + etext(rt, "route") + "</th><td>" + etext(rt, "why") +
                  "</td></tr>";
    ev += "<tr><th>ClinVar</th><td>" + clinvar(v) + "</td></tr>";
    ev += "<tr><th>Consequence</th><td>" + consequence(v) + "</td></tr>";
    ev += "<tr><th>Population frequency</th><td>" + population_frequency(v) + "</td></tr>";
    if (const Json* w = member(v, "as_written"))
        ev += "<tr><th>As written in the VCF</th><td class=\"mono\">" + etext(*w, "pos") + " " +
              etext(*w, "ref") + ">" + etext(*w, "alt") + "</td></tr>";
    if (member(v, "decomposed_from"))
        ev += "<tr><th>Decomposed from</th><td class=\"mono\">" + etext(v, "decomposed_from") +
              "</td></tr>";
    if (count(v, "annotation_flags"))
        ev += "<tr><th>Annotation flags</th><td><ul class=\"tight\">" +
              list_items(member(v, "annotation_flags")) + "</ul></td></tr>";
    if (member(v, "excluded_because"))
        ev += "<tr><th>Excluded because</th><td>" + etext(v, "excluded_because") + "</td></tr>";
    if (member(v, "vcf_line"))
        ev += "<tr><th>VCF line</th><td>" + etext(v, "vcf_line") + "</td></tr>";
    ev += "</table>";
    return out + "<tr><td></td><td colspan=\"9\">" + ev + "</td></tr>";
}

constexpr const char* kVariantHeader =
    "<tr><th>Variant (GRCh38)</th><th>HGVS c. / p.</th><th>GT</th><th class=\"num\">GQ</th>"
    "<th class=\"num\">DP</th><th class=\"num\">AD alt / total</th><th class=\"num\">AB</th>"
    "<th>Phase set</th><th>FILTER</th><th>Genotype QC</th></tr>";

std::string smn_table(const Json& s) {
    std::string out = "<table class=\"kv\">";
    out += "<tr><th>Assessable</th><td>" + etext(s, "assessable") + "</td></tr>";
    if (member(s, "reason")) out += "<tr><th>Reason</th><td>" + etext(s, "reason") + "</td></tr>";
    out += "<tr><th>Intact SMN1 copies</th><td>" + etext(s, "intact_smn1") + "</td></tr>";
    out += "<tr><th>SMN2 copies</th><td>" + etext(s, "smn2_copy_number") + "</td></tr>";
    out += "<tr><th>SMN1+SMN2 full length</th><td>" + etext(s, "full_length_copy_number") +
           "</td></tr>";
    out += "<tr><th>Confidence, basis</th><td>" + etext(s, "confidence") + ", " +
           etext(s, "basis") + "</td></tr>";
    if (const Json* c = member(s, "c840_test"))
        out += "<tr><th>c.840 read test</th><td>" + etext(*c, "result") + ": " +
               etext(*c, "smn1_reads") + " of " + etext(*c, "reads") + " reads SMN1, score " +
               etext(*c, "score") + "</td></tr>";
    if (const Json* c = member(s, "consensus"))
        out += "<tr><th>Site consensus</th><td>" + etext(*c, "smn1_copy_number") + " (" +
               etext(*c, "sites_agreeing") + " sites agree)</td></tr>";
    if (count(s, "flags")) out += "<tr><th>Flags</th><td>" + etext(s, "flags") + "</td></tr>";
    return out + "</table>";
}

const std::set<std::string> kFindingKeys = {"condition_id", "condition_name", "gene",     "hgnc_id",
                                            "moi",          "phase",          "zygosity", "reason",
                                            "flags",        "variants",       "route",    "smn"};

std::string finding_card(const Json& f) {
    std::string out = "<section class=\"card\"><h3>" + etext(f, "condition_name") +
                      " <span class=\"muted\">(" + etext(f, "condition_id") + ")</span></h3>";
    const std::string phase = text(f, "phase", "");
    out += "<div class=\"facts\">" +
           fact("Gene", "<i>" + etext(f, "gene") + "</i> " + "<span class=\"muted\">" +
                            etext(f, "hgnc_id", "") + "</span>") +
           fact("Inheritance (MOI)", etext(f, "moi")) +
           fact("Zygosity", escape(spaced(text(f, "zygosity")))) + fact("Phase", etext(f, "phase"));
    if (member(f, "route")) out += fact("Route", etext(f, "route"));
    out += "</div><p>" + etext(f, "reason") + "</p>";
    // Two alleles whose phase the calls do not show: only the parents' genotypes (or long reads)
    // tell whether they are on different chromosomes (trans, both copies hit) or one (cis).
    if (phase == "unknown")
        out +=
            "<div class=\"warn\"><b>Phase unknown:</b> parental testing resolves cis/trans.</div>";
    if (count(f, "flags"))
        out += "<div class=\"warn\"><b>Flags for the reviewer</b><ul class=\"tight\">" +
               list_items(member(f, "flags")) + "</ul></div>";
    const std::string extras = extra_rows(f, kFindingKeys);
    if (!extras.empty())
        out +=
            "<table class=\"kv\"><caption class=\"muted\" style=\"text-align:left\">Condition "
            "information</caption>" +
            extras + "</table>";
    if (count(f, "variants")) {
        out += "<table>" + std::string(kVariantHeader);
        for (const auto& v : f["variants"])
            out += variant_rows(v);
        out += "</table>";
    }
    if (const Json* s = member(f, "smn"))
        out += "<h3>SMN1 copy-number evidence</h3>" + smn_table(*s);
    return out + "</section>";
}

// Not-assessable entries grouped by identical reason (a VCF without chr12 makes every chr12
// gene's conditions not assessable for the same reason), in the result's order of first mention.
std::string not_assessable_section(const Json& r) {
    const Json* na = member(r, "not_assessable");
    if (na == nullptr || !na->is_array() || na->empty())
        return "<p>Every panel condition was assessable.</p>";
    std::vector<std::string> order;
    std::map<std::string, std::vector<const Json*>> by_reason;
    for (const auto& n : *na) {
        const std::string reason = text(n, "reason");
        if (by_reason[reason].empty()) order.push_back(reason);
        by_reason[reason].push_back(&n);
    }
    static const std::set<std::string> known = {
        "condition_id", "gene", "reason", "target_bases", "callable_bases", "callable_fraction"};
    std::string out = "<p>" + std::to_string(na->size()) +
                      " entries (condition and gene). These conditions were <b>not screened</b>; "
                      "the reason says what evidence was missing.</p><table><tr><th>Reason</th>"
                      "<th class=\"num\">Entries</th><th>Conditions (gene)</th></tr>";
    for (const auto& reason : order) {
        const auto& group = by_reason[reason];
        std::string items;
        for (const Json* n : group) {
            items += (items.empty() ? "" : ", ") + etext(*n, "condition_id") + " (<i>" +
                     etext(*n, "gene") + "</i>";
            if (member(*n, "callable_fraction"))
                items +=
                    ", callable " + etext(*n, "callable_bases") + "/" + etext(*n, "target_bases");
            if (n->is_object())
                for (const auto& [k, v] : n->items())
                    if (known.count(k) == 0 && !v.is_null())
                        items += "; " + escape(label_of(k)) + ": " + escape(flat(v));
            items += ")";
        }
        const bool long_list = group.size() > 12;
        out += "<tr><td>" + escape(reason) + "</td><td class=\"num\">" +
               std::to_string(group.size()) + "</td><td>" +
               (long_list ? "<details><summary>" + std::to_string(group.size()) +
                                " conditions</summary>" + items + "</details>"
                          : items) +
               "</td></tr>";
    }
    return out + "</table>";
}

std::string set_aside_section(const Json& r) {
    const Json* sa = member(r, "set_aside");
    if (sa == nullptr || !sa->is_array() || sa->empty())
        return "<p>No allele was set aside (exclude list or failed genotype QC).</p>";
    std::string out =
        "<table><tr><th>Gene</th><th>Condition</th><th>Reason</th><th>Variant</th><th>GT</th>"
        "<th class=\"num\">GQ</th><th class=\"num\">DP</th><th class=\"num\">AB</th><th>Genotype "
        "QC</th><th>Why</th></tr>";
    for (const auto& s : *sa) {
        const Json empty = Json::object();
        const Json& v = member(s, "variant") ? s["variant"] : empty;
        out += "<tr><td><i>" + etext(s, "gene") + "</i></td><td>" + etext(s, "condition_id") +
               "</td><td><b>" + etext(s, "reason") + "</b></td><td class=\"mono\">" +
               escape(variant_name(v)) + "</td><td class=\"mono\">" + etext(v, "genotype") +
               "</td><td class=\"num\">" + etext(v, "gq") + "</td><td class=\"num\">" +
               etext(v, "dp") + "</td><td class=\"num\">" + etext(v, "allele_balance") +
               "</td><td>" + genotype_qc(v) + "</td><td>" +
               (member(v, "excluded_because") ? etext(v, "excluded_because") : std::string()) +
               "</td></tr>";
    }
    return out + "</table>";
}

std::string sex_section(const Json& r) {
    const Json* s = member(r, "sex");
    if (s == nullptr) return "<p>The result has no sex block.</p>";
    std::string out = "<table class=\"kv\">";
    out += "<tr><th>Reported</th><td>" + etext(*s, "reported", "not given") + "</td></tr>";
    out += "<tr><th>Inferred</th><td>" + etext(*s, "inferred") + "</td></tr>";
    out += "<tr><th>Used by the X-linked rules</th><td><b>" + etext(*s, "used") + "</b> (" +
           etext(*s, "used_source") + ")</td></tr>";
    if (const Json* e = member(*s, "evidence"))
        out += "<tr><th>chrX / chrY calls</th><td>chrX non-PAR: " + etext(*e, "x_nonpar_calls") +
               " calls, " + etext(*e, "x_nonpar_het") + " heterozygous (ratio " +
               etext(*e, "x_het_ratio") + "), " + etext(*e, "x_haploid_calls") +
               " haploid; chrY non-PAR: " + etext(*e, "y_nonpar_calls") + " calls</td></tr>" +
               "<tr><th>Reason</th><td>" + etext(*e, "reason") + "</td></tr>";
    if (const Json* v = member(*s, "from_vcf"))
        out += "<tr><th>From the VCF</th><td>" + etext(*v, "karyotype") + " (X copies " +
               etext(*v, "x_copies") + ", Y " + etext(*v, "y") + ")</td></tr>";
    if (const Json* d = member(*s, "from_depth"))
        out += "<tr><th>From read depth</th><td>" + etext(*d, "karyotype") + " (chrX/autosome " +
               etext(*d, "x_ratio") + ", chrY/autosome " + etext(*d, "y_ratio") + "; " +
               etext(*d, "reason") + ")</td></tr>";
    else
        out += "<tr><th>From read depth</th><td>not measured (no alignments)</td></tr>";
    return out + "</table>";
}

std::string qc_section(const Json& r) {
    const Json* q = member(r, "qc");
    if (q == nullptr) return "<p>The result has no QC block.</p>";
    return "<table class=\"kv\"><tr><th>Failures</th><td>" + etext(*q, "failures", "none") +
           "</td></tr><tr><th>Flags</th><td>" +
           (count(*q, "flags") ? "<ul class=\"tight\">" + list_items(member(*q, "flags")) + "</ul>"
                               : std::string("none")) +
           "</td></tr><tr><th>Records read</th><td>" + etext(*q, "records_seen") + " seen, " +
           etext(*q, "records_decoded") + " decoded in full, " +
           etext(*q, "alleles_in_panel_genes") + " allele(s) in panel genes</td></tr></table>";
}

// What the screen cannot detect, each statement taken from the documentation named with it.
std::string limitations_section(const Json& r) {
    std::string out = "<ul>";
    out +=
        "<li><b>Small variants only.</b> Structural-variant records (symbolic ALTs such as "
        "<code>&lt;DEL&gt;</code>, breakends) are not read (docs/rules.md rule 1, \"Not calls\"). "
        "Copy-number losses, repeat expansions and methylation defects cannot be seen in a "
        "small-variant VCF; a condition whose main mechanism is one of these is listed as not "
        "assessable (docs/panel-format.md, requires_evidence).</li>";
    out +=
        "<li><b>SMN1.</b> SMN1 exon 7 copy number is assessed only from the baby's alignments; "
        "SMN1 point mutations are found only through the small-variant routes, a \"2+0\" carrier "
        "is not recognised, and hybrid alleles are resolved only at 8 sites (docs/rules.md rule "
        "8, Limits).</li>";
    out +=
        "<li><b>Mosaicism and zygosity.</b> A homozygous or hemizygous call with allele balance "
        "between 0.2 and 0.8 passes with a warning: zygosity uncertain (mosaicism, contamination "
        "or a heterozygous call) (docs/rules.md rule 3).</li>";
    out +=
        "<li><b>Phase.</b> Two heterozygous alleles not phased in one phase set (unphased "
        "<code>0/1</code> calls, or different PS) are reported with phase unknown, so a finding "
        "may be two alleles on one chromosome (docs/rules.md rule 4).</li>";
    const Json* cov = member(r, "coverage");
    const Json* assessed = cov ? member(*cov, "assessed") : nullptr;
    if (assessed == nullptr || !assessed->is_boolean() || !assessed->get<bool>())
        out +=
            "<li><b>Callability was not assessed</b> for this baby (no CRAM/BAM or gVCF): a "
            "region that was not sequenced looks the same as one without variants "
            "(docs/coverage.md).</li>";
    out +=
        "<li><b>Representation.</b> Indels are expected left-aligned (bcftools norm -f): a "
        "right-shifted indel in a repeat may not match a listed variant; bcftools csq's "
        "per-sample FORMAT/BCSQ is not read; the ClinVar route has no allele-frequency ceiling "
        "(docs/rules.md, Known limits).</li>";
    out +=
        "<li><b>Scope.</b> Only the panel's genes and conditions, on GRCh38, are screened; alt "
        "contigs, decoys, HLA and unplaced scaffolds are not (docs/user-guide.md).</li>";
    return out + "</ul>";
}

std::string provenance_section(const Json& r, std::string_view sha, bool verified) {
    std::string out = "<table class=\"kv\">";
    out += "<tr><th>Result schema</th><td>" + etext(r, "schema_version") + "</td></tr>";
    if (const Json* p = member(r, "panel"))
        out += "<tr><th>Panel</th><td>" + etext(*p, "id") + " " + etext(*p, "version") +
               " <span class=\"mono muted\">sha256 " + etext(*p, "sha256") + "</span></td></tr>";
    out += "<tr><th>Result file SHA-256</th><td class=\"mono\">" + escape(sha) + " " +
           (verified ? "(matches the results folder's record)"
                     : "<b>(not proven by the results folder's record: shown as found)</b>") +
           "</td></tr>";
    const Json* p = member(r, "provenance");
    if (p == nullptr) {
        out +=
            "<tr><th>Screen provenance</th><td>not in this result (screened with "
            "--no-provenance)</td></tr>";
    } else {
        for (const char* k :
             {"nbscreen_version", "htslib_version", "started_at", "command_line", "panel_source"})
            out += "<tr><th>" + escape(label_of(k)) + "</th><td>" + etext(*p, k) + "</td></tr>";
        if (const Json* in = member(*p, "input"))
            out += "<tr><th>Input</th><td>" + etext(*in, "vcf") + " (sample " +
                   etext(*in, "vcf_sample") + ", " + etext(*in, "access") + ", contigs " +
                   etext(*in, "contig_naming") + ")</td></tr>";
    }
    return out + "</table>";
}

std::string knowledge_sources(const Json& r) {
    std::string out = "<ul class=\"tight\">";
    if (const Json* p = member(r, "panel"))
        out += "<li>Panel <b>" + etext(*p, "id") + " " + etext(*p, "version") +
               "</b> (include/exclude lists, conditions, gene entries and thresholds)</li>";
    const Json* prov = member(r, "provenance");
    const Json* k = prov ? member(*prov, "knowledge") : nullptr;
    if (k != nullptr && member(*k, "sources"))
        for (const auto& s : (*k)["sources"])
            out += "<li>" + etext(s, "kind") + ": " + etext(s, "name") + " " + etext(s, "release") +
                   "</li>";
    else
        out += "<li class=\"muted\">Panel knowledge (reference, transcripts): " +
               std::string(prov ? "none used" : "not recorded (no provenance block)") + "</li>";
    // Annotation sources named by the alleles themselves (schema >= 1.3), each once.
    std::set<std::string> seen;
    if (const Json* fs = member(r, "findings"))
        for (const auto& f : *fs)
            if (const Json* vs = member(f, "variants"))
                for (const auto& v : *vs)
                    for (const char* block : {"clinvar", "consequence", "population_frequency"})
                        if (const Json* b = member(v, block); b && member(*b, "source")) {
                            const std::string line = std::string(block) + ": " + text(*b, "source");
                            if (seen.insert(line).second)
                                out += "<li>" + escape(spaced(line)) + "</li>";
                        }
    return out + "</ul>";
}

}  // namespace
}  // namespace html

std::string render_baby_page(std::string_view result_json, std::string_view result_sha256,
                             bool verified, const ReportOptions& options) {
    using namespace html;
    const Json r = Json::parse(result_json);
    const std::string id = text(r, "sample_id", "");
    std::string out = page_head("nbscreen report: " + id);
    const Json* panel = member(r, "panel");
    out += "<header class=\"top\"><div class=\"inner\"><h1>Newborn genomic screen: " + escape(id) +
           "</h1><div class=\"meta\">Panel " +
           (panel ? etext(*panel, "id") + " " + etext(*panel, "version") : std::string("—")) +
           " · result schema " + etext(r, "schema_version") +
           " · <a href=\"index.html\">batch index</a></div></div></header>\n<main>\n";
    out += status_block(r);
    out += "<h2>Findings</h2>";
    if (count(r, "findings") == 0)
        out += "<p>No finding.</p>";
    else
        for (const auto& f : r["findings"])
            out += finding_card(f);
    out += "<h2>Knowledge sources</h2>" + knowledge_sources(r);
    out += "<h2>Conditions not assessable</h2>" + not_assessable_section(r);
    out += "<h2>Set-aside alleles</h2>" + set_aside_section(r);
    out += "<h2>Coverage</h2>" + coverage_section(r);
    if (const Json* s = member(r, "smn")) out += "<h2>SMN1 copy number</h2>" + smn_table(*s);
    out += "<h2>Sex</h2>" + sex_section(r);
    out += "<h2>Quality control</h2>" + qc_section(r);
    out += "<h2>Limitations of the screen</h2>" + limitations_section(r);
    out += "<h2>Provenance</h2>" + provenance_section(r, result_sha256, verified);
    out += "</main>\n";
    return out + page_tail(footer(options));
}

}  // namespace nbs
