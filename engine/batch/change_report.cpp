#include "engine/batch/change_report.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>
#include <utility>

namespace nbs {
namespace {

using Json = nlohmann::json;

// What a result says about one condition.
struct ConditionView {
    std::string state;  // prioritised | not_assessable | not_prioritised | not_on_panel
    Json findings = Json::array();
    Json set_aside = Json::array();
    Json not_assessable = Json::array();
    std::vector<std::string> variants;  // chrom:pos:ref>alt of its findings and set-aside alleles
};

std::string variant_key(const Json& v) {
    if (!v.is_object() || !v.contains("chrom") || !v.contains("pos")) return {};
    return v.value("chrom", "") + ':' + std::to_string(v.value("pos", 0LL)) + ':' +
           v.value("ref", "") + '>' + v.value("alt", "");
}

ConditionView view_of(const Json& r, const std::string& condition, bool on_panel) {
    ConditionView v;
    auto pick = [&](const char* section, Json& into) {
        if (!r.contains(section) || !r[section].is_array()) return;
        for (const auto& item : r[section]) {
            if (item.value("condition_id", "") != condition) continue;
            Json copy = item;
            // Panel metadata, not evidence: a renamed condition is not a changed finding.
            copy.erase("condition_info");
            copy.erase("condition_name");
            into.push_back(std::move(copy));
        }
    };
    pick("findings", v.findings);
    pick("set_aside", v.set_aside);
    pick("not_assessable", v.not_assessable);
    for (const auto& f : v.findings)
        if (f.contains("variants") && f["variants"].is_array())
            for (const auto& a : f["variants"])
                v.variants.push_back(variant_key(a));
    for (const auto& s : v.set_aside)
        if (s.contains("variant")) v.variants.push_back(variant_key(s["variant"]));
    v.state = !v.findings.empty()         ? "prioritised"
              : !v.not_assessable.empty() ? "not_assessable"
              : on_panel                  ? "not_prioritised"
                                          : "not_on_panel";
    return v;
}

Json parse(const std::string& text) {
    Json j = Json::parse(text, nullptr, false);
    if (!j.is_object() || !j.contains("sample_id"))
        throw std::runtime_error("not an nbscreen result");
    return j;
}

std::string field_text(const std::vector<std::pair<std::string, std::string>>& fields,
                       std::initializer_list<const char*> keys) {
    std::string out;
    for (const char* k : keys)
        for (const auto& [name, value] : fields)
            if (name == k && !value.empty()) out += (out.empty() ? "" : ", ") + name + ' ' + value;
    return out;
}

std::string changes_text(const std::vector<FieldChange>& changes) {
    std::string out;
    for (const auto& c : changes)
        out += (out.empty() ? "" : ", ") + c.field + ' ' +
               (c.before.empty() ? "(empty)" : c.before) + " -> " +
               (c.after.empty() ? "(empty)" : c.after);
    return out;
}

std::string field_value(const std::vector<std::pair<std::string, std::string>>& fields,
                        const std::string& key) {
    for (const auto& [name, value] : fields)
        if (name == key) return value;
    return {};
}

}  // namespace

ChangeExplainer::ChangeExplainer(const Panel& old_panel, const Panel& new_panel)
    : diff_(diff_panels(old_panel, new_panel)) {
    std::set<std::string> conditions;
    std::set<std::pair<std::string, std::string>> gene_conditions;
    for (const Panel* p : {&old_panel, &new_panel}) {
        for (const auto& c : p->conditions)
            conditions.insert(c.id);
        for (const auto& g : p->genes)
            gene_conditions.insert({g.symbol, g.condition_id});
    }
    conditions_.assign(conditions.begin(), conditions.end());
    gene_conditions_.assign(gene_conditions.begin(), gene_conditions.end());
    auto conditions_of_gene = [&](const std::string& gene, const std::string& only) {
        std::vector<std::string> out;
        for (const auto& [g, c] : gene_conditions_)
            if (g == gene && (only.empty() || only == c)) out.push_back(c);
        return out;
    };

    // Gene entries: "SYMBOL / condition / MOI".
    auto condition_of_key = [](const std::string& key) {
        const auto a = key.find(" / ");
        const auto b = key.find(" / ", a == std::string::npos ? a : a + 3);
        if (a == std::string::npos) return std::string();
        return key.substr(a + 3, b == std::string::npos ? b : b - a - 3);
    };
    const SectionDiff& g = diff_.genes;
    for (const auto& i : g.added)
        lines_.push_back({"genes + " + i.key, {condition_of_key(i.key)}, ""});
    for (const auto& i : g.removed)
        lines_.push_back({"genes - " + i.key, {condition_of_key(i.key)}, ""});
    for (const auto& i : g.changed)
        lines_.push_back(
            {"genes ~ " + i.key + ": " + changes_text(i.changes), {condition_of_key(i.key)}, ""});
    const SectionDiff& c = diff_.conditions;
    for (const auto& i : c.added)
        lines_.push_back({"conditions + " + i.key, {i.key}, ""});
    for (const auto& i : c.removed)
        lines_.push_back({"conditions - " + i.key, {i.key}, ""});
    for (const auto& i : c.changed)
        lines_.push_back({"conditions ~ " + i.key + ": " + changes_text(i.changes), {i.key}, ""});
    // Curated alleles concern the conditions of their gene (or the one they were curated for).
    const SectionDiff& v = diff_.variants;
    for (const auto& [sign, items] : {std::pair{"+", &v.added}, std::pair{"-", &v.removed}})
        for (const auto& i : *items)
            lines_.push_back({std::string("variants ") + sign + " " + i.key + " (" +
                                  field_text(i.fields, {"list", "gene", "condition_id"}) + ")",
                              conditions_of_gene(field_value(i.fields, "gene"),
                                                 field_value(i.fields, "condition_id")),
                              i.key});
    auto gene_of_variant = [&](const std::string& key) {
        for (const Panel* p : {&new_panel, &old_panel})
            for (const auto& cv : p->variants)
                if (cv.variant.to_string() == key) return cv.gene;
        return std::string();
    };
    for (const auto& i : v.changed)
        lines_.push_back({"variants ~ " + i.key + ": " + changes_text(i.changes),
                          conditions_of_gene(gene_of_variant(i.key), ""), i.key});
    // ClinVar in the knowledge: the diff counts alleles, a reclassification is named here.
    std::map<std::string, const ClinvarAllele*> before;
    if (old_panel.knowledge)
        for (const auto& a : old_panel.knowledge->clinvar)
            before[a.variant.to_string()] = &a;
    auto summary = [](const ClinvarAllele* a) {
        if (a == nullptr) return std::string("(absent)");
        return (a->clnsig.empty() ? std::string("(no CLNSIG)") : a->clnsig) + " [P/LP " +
               std::to_string(a->pathogenic) + ", VUS " + std::to_string(a->uncertain) + ", B/LB " +
               std::to_string(a->benign) + "]";
    };
    auto genes_at = [&](const Variant& var) {
        std::vector<std::string> out;
        for (const Panel* p : {&new_panel, &old_panel})
            for (const auto& ge : p->genes)
                if (ge.span.chrom == var.chrom && var.pos >= ge.span.start &&
                    var.pos <= ge.span.end)
                    out.push_back(ge.condition_id);
        return out;
    };
    std::set<std::string> seen;
    if (new_panel.knowledge)
        for (const auto& a : new_panel.knowledge->clinvar) {
            const std::string key = a.variant.to_string();
            seen.insert(key);
            const auto it = before.find(key);
            const ClinvarAllele* old = it == before.end() ? nullptr : it->second;
            if (old != nullptr && *old == a) continue;
            lines_.push_back(
                {"knowledge ClinVar ~ " + key + ": " + summary(old) + " -> " + summary(&a),
                 genes_at(a.variant), key});
        }
    for (const auto& [key, a] : before)
        if (seen.count(key) == 0)
            lines_.push_back({"knowledge ClinVar ~ " + key + ": " + summary(a) + " -> (absent)",
                              genes_at(a->variant), key});
    // Coverage targets of a gene.
    auto target_lines = [&](const char* sign, const std::vector<std::string>& genes) {
        for (const auto& gene : genes)
            lines_.push_back(
                {std::string("targets ") + sign + ' ' + gene, conditions_of_gene(gene, ""), ""});
    };
    target_lines("+", diff_.target_genes.added);
    target_lines("-", diff_.target_genes.removed);
    target_lines("~", diff_.target_genes.changed);
    // panel.toml (thresholds, sources, the knowledge's fields): panel-wide.
    for (const auto& m : diff_.manifest) {
        // What names the version, not what it decides by.
        if (m.field == "version" || m.field == "id" || m.field == "released" || m.field == "sha256")
            continue;
        lines_.push_back({"panel.toml ~ " + m.field + ": " +
                              (m.before.empty() ? "(empty)" : m.before) + " -> " +
                              (m.after.empty() ? "(empty)" : m.after),
                          {},
                          ""});
    }
}

std::string ChangeExplainer::cause_for(const std::string& condition,
                                       const std::vector<std::string>& variants,
                                       bool changed) const {
    if (!changed) return {};
    auto names = [&](const Line& l) {
        return std::find(l.conditions.begin(), l.conditions.end(), condition) != l.conditions.end();
    };
    // Most specific first: a line naming one of the baby's alleles for the condition; then lines
    // about the condition without an allele (its gene entry, its targets); then lines about any
    // allele of the condition's genes; then panel-wide ones.
    std::vector<std::string> out;
    for (const auto& l : lines_)
        if (!l.variant.empty() &&
            std::find(variants.begin(), variants.end(), l.variant) != variants.end())
            out.push_back(l.text);
    if (out.empty())
        for (const auto& l : lines_)
            if (l.variant.empty() && names(l)) out.push_back(l.text);
    if (out.empty())
        for (const auto& l : lines_)
            if (!l.variant.empty() && names(l)) out.push_back(l.text);
    if (out.empty())
        for (const auto& l : lines_)
            if (l.conditions.empty()) out.push_back(l.text);
    if (out.empty()) return "no panel line names this condition (the engine differs)";
    std::string text;
    for (const auto& t : out)
        text += (text.empty() ? "" : "; ") + t;
    return text;
}

std::vector<ChangeRow> ChangeExplainer::compare(const std::string& sample_id,
                                                const std::string& old_json,
                                                const std::string& new_json) const {
    const Json a = parse(old_json), b = parse(new_json);
    std::vector<ChangeRow> rows;
    auto on_panel = [&](const Json& r, const std::string& condition) {
        // A result lists only conditions; whether the condition is on its panel comes from the
        // gene entries the explainer knows.
        (void)r;
        return std::any_of(gene_conditions_.begin(), gene_conditions_.end(),
                           [&](const auto& gc) { return gc.second == condition; });
    };
    for (const auto& condition : conditions_) {
        const ConditionView o = view_of(a, condition, on_panel(a, condition));
        const ConditionView n = view_of(b, condition, on_panel(b, condition));
        ChangeRow row{sample_id, condition, "UNCHANGED", o.state, n.state, "", ""};
        const bool was = o.state == "prioritised", is = n.state == "prioritised";
        if (was && !is) {
            row.change = "NO_LONGER_PRIORITISED";
        } else if (!was && is) {
            row.change = "NEW";
        } else if (was && is) {
            if (o.findings != n.findings) {
                row.change = "EVIDENCE_CHANGED";
                row.detail = "the finding's alleles or reasons differ";
            } else if (o.set_aside != n.set_aside) {
                row.change = "EVIDENCE_CHANGED";
                row.detail = "set-aside alleles differ";
            }
        } else if (o.not_assessable != n.not_assessable) {
            row.change = "ASSESSABILITY_CHANGED";
            if (!n.not_assessable.empty() && !o.not_assessable.empty())
                row.detail = "the reason it is not assessable changed";
            else if (!n.not_assessable.empty())
                row.detail = n.not_assessable.front().value("reason", "");
        } else if (o.set_aside != n.set_aside) {
            row.change = "EVIDENCE_CHANGED";
            row.detail = "set-aside alleles differ";
        }
        std::vector<std::string> variants = o.variants;
        variants.insert(variants.end(), n.variants.begin(), n.variants.end());
        row.cause = cause_for(condition, variants, row.change != "UNCHANGED");
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<ChangeRow> ChangeExplainer::needs_rescreen(const std::string& sample_id,
                                                       const std::string& old_json,
                                                       const std::vector<EvidenceGap>& gaps) const {
    const Json a = parse(old_json);
    std::vector<ChangeRow> rows;
    std::string all;
    for (const auto& g : gaps)
        all += (all.empty() ? "" : "; ") + (g.gene.empty() ? "" : g.gene + ": ") + g.reason;
    for (const auto& condition : conditions_) {
        const bool on_panel = std::any_of(gene_conditions_.begin(), gene_conditions_.end(),
                                          [&](const auto& gc) { return gc.second == condition; });
        const ConditionView o = view_of(a, condition, on_panel);
        ChangeRow row{sample_id, condition, "NEEDS_RESCREEN", o.state, "needs_rescreen", "", ""};
        std::string mine;
        for (const auto& g : gaps) {
            const bool concerns =
                g.gene.empty() ||
                std::find(gene_conditions_.begin(), gene_conditions_.end(),
                          std::make_pair(g.gene, condition)) != gene_conditions_.end();
            if (concerns)
                mine +=
                    (mine.empty() ? "" : "; ") + (g.gene.empty() ? "" : g.gene + ": ") + g.reason;
        }
        row.detail = mine.empty() ? "the baby was not re-decided: " + all : mine;
        row.cause = mine.empty() ? "" : cause_for(condition, o.variants, true);
        rows.push_back(std::move(row));
    }
    return rows;
}

namespace {

// Cells never hold a tab or a line break (they come from panels and results).
std::string cell(std::string s) {
    for (char& ch : s)
        if (ch == '\t' || ch == '\n' || ch == '\r') ch = ' ';
    return s;
}

void render_row(std::string& out, const ChangeRow& r) {
    out += cell(r.sample_id) + '\t' + cell(r.condition_id) + '\t' + r.change + '\t' + r.before +
           '\t' + r.after + '\t' + cell(r.cause) + '\t' + cell(r.detail) + '\n';
}

bool row_order(const ChangeRow* a, const ChangeRow* b) {
    return std::tie(a->sample_id, a->condition_id) < std::tie(b->sample_id, b->condition_id);
}

std::string render_sorted(const std::vector<ChangeRow>& rows) {
    std::vector<const ChangeRow*> sorted;
    for (const auto& r : rows)
        sorted.push_back(&r);
    std::sort(sorted.begin(), sorted.end(), row_order);
    std::string out;
    for (const ChangeRow* r : sorted)
        render_row(out, *r);
    return out;
}

}  // namespace

std::string change_report_header() {
    return "sample_id\tcondition_id\tchange\tbefore\tafter\tcause\tdetail\n";
}

std::string change_report_rows(const std::vector<ChangeRow>& rows) {
    return render_sorted(rows);
}

std::string change_report_sample_cell(const std::string& sample_id) {
    return cell(sample_id);
}

std::string change_report_tsv(const std::vector<ChangeRow>& rows) {
    return change_report_header() + render_sorted(rows);
}

}  // namespace nbs
