#include "engine/panel/panel_diff.hpp"

#include "engine/panel/panel_files.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace nbs {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

std::string number(double d) {
    std::ostringstream ss;
    ss << d;
    return ss.str();
}

template <typename T>
std::string join(const std::vector<T>& v) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i != 0) s += ", ";
        if constexpr (std::is_same_v<T, std::string>)
            s += '"' + v[i] + '"';
        else
            s += std::to_string(v[i]);
    }
    return s + "]";
}

std::string join_plain(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& e : v)
        s += (s.empty() ? "" : ",") + e;
    return s;
}

Fields condition_fields(const Condition& c) {
    return {{"name", c.name},
            {"category", c.category},
            {"onset", c.onset},
            {"intervention", c.intervention},
            {"omim", c.omim},
            {"mondo", c.mondo},
            {"requires_evidence", c.requires_evidence},
            {"requires_reason", c.requires_reason},
            {"asqm_severity", c.asqm_severity},
            {"asqm_efficacy", c.asqm_efficacy},
            {"orthogonal_test", c.orthogonal_test}};
}

/// Each gene's targets as one comparable string ("coding_exon chr7:1-10 ENST..;..."), sorted,
/// so a gene whose targets changed in any way (added, removed, moved, re-kinded) is named.
std::map<std::string, std::string> targets_by_gene(const Panel& p) {
    std::map<std::string, std::vector<std::string>> rows;
    for (const auto& t : p.targets)
        rows[t.symbol].push_back(t.kind + ' ' + t.region.to_string() + ' ' + t.transcript);
    std::map<std::string, std::string> out;
    for (auto& [gene, v] : rows) {
        std::sort(v.begin(), v.end());
        std::string s;
        for (const auto& r : v)
            s += r + ';';
        out.emplace(gene, std::move(s));
    }
    return out;
}

Fields gene_fields(const GeneEntry& g) {
    return {{"symbol", g.symbol},
            {"hgnc_id", g.hgnc_id},
            {"condition_id", g.condition_id},
            {"moi", std::string(to_string(g.moi))},
            {"lof_mechanism", g.lof_mechanism ? "yes" : "no"},
            {"lof_source", g.lof_source},
            {"span", g.span.to_string()},
            {"mane_transcript", g.mane_transcript},
            {"moi_source", g.moi_source},
            {"notes", g.notes},
            {"aliases", join_plain(g.aliases)}};
}

Fields variant_fields(const CuratedVariant& v) {
    return {{"gene", v.gene},
            {"list", v.list == ListKind::include ? "include" : "exclude"},
            {"why", v.why},
            {"source", v.source},
            {"stars", v.stars ? std::to_string(*v.stars) : ""},
            {"added_in", v.added_in},
            {"condition_id", v.condition_id},
            {"null_allele", v.null_allele ? "yes" : ""}};
}

std::vector<FieldChange> compare(const Fields& a, const Fields& b) {
    std::vector<FieldChange> out;
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
        if (a[i].second != b[i].second) out.push_back({a[i].first, a[i].second, b[i].second});
    return out;
}

std::string gene_key(const GeneEntry& g) {
    return g.symbol + " / " + g.condition_id + " / " + std::string(to_string(g.moi));
}

Fields manifest_fields(const Panel& p) {
    const auto& m = p.manifest;
    Fields f = {{"schema_version", m.schema_version},
                {"id", m.id},
                {"name", m.name},
                {"version", m.version},
                {"released", m.released},
                {"reference", m.reference},
                {"sha256", p.sha256}};
    return f;
}

void diff_map(const Fields& a, const Fields& b, const std::string& prefix,
              std::vector<FieldChange>& out) {
    std::map<std::string, std::string> ma(a.begin(), a.end()), mb(b.begin(), b.end());
    std::set<std::string> keys;
    for (const auto& [k, v] : ma)
        keys.insert(k);
    for (const auto& [k, v] : mb)
        keys.insert(k);
    for (const auto& k : keys) {
        const auto ia = ma.find(k), ib = mb.find(k);
        const std::string va = ia == ma.end() ? "(absent)" : ia->second;
        const std::string vb = ib == mb.end() ? "(absent)" : ib->second;
        if (va != vb) out.push_back({prefix + k, va, vb});
    }
}

// The knowledge as fields a reviewer can read in a diff: each source's release and checksum, each
// gene's slice (region and checksum) and transcript models (ids and exon counts).
Fields knowledge_fields(const Panel& p) {
    Fields f;
    if (!p.knowledge) return f;
    const Knowledge& k = *p.knowledge;
    f.emplace_back("schema_version", k.schema_version);
    for (const auto& s : k.sources) {
        f.emplace_back("sources." + s.kind + ".name", s.name);
        f.emplace_back("sources." + s.kind + ".release", s.release);
        f.emplace_back("sources." + s.kind + ".sha256", s.sha256);
    }
    for (const auto& r : k.sequence_index)
        f.emplace_back("sequence." + r.gene, r.status + ' ' + r.region.to_string() +
                                                 (r.sha256.empty() ? "" : ' ' + r.sha256));
    std::map<std::string, std::string> tx;
    for (const auto& t : k.transcripts) {
        std::string& v = tx[t.panel_gene];
        v += (v.empty() ? "" : ", ") + t.transcript_id + " (" + std::to_string(t.exons.size()) +
             " exons, " + std::string(1, t.strand) + ")";
    }
    for (auto& [gene, v] : tx)
        f.emplace_back("transcripts." + gene, v);
    // ClinVar alleles are too many to list one by one; the count and P/LP count show a change.
    if (!k.clinvar.empty()) {
        std::size_t plp = 0;
        for (const auto& a : k.clinvar)
            plp += a.pathogenic > 0 ? 1 : 0;
        f.emplace_back("clinvar.alleles", std::to_string(k.clinvar.size()));
        f.emplace_back("clinvar.alleles_with_plp", std::to_string(plp));
    }
    // gnomAD: per source, how many alleles and covered bases, and a checksum of its rows, so a
    // changed count shows even when the totals do not.
    for (const auto* src : k.frequency_sources()) {
        std::size_t n = 0;
        std::int64_t covered = 0;
        std::string rows;
        for (const auto& r : k.frequency)
            if (r.source == src->kind) {
                ++n;
                rows += r.variant.to_string() + ' ' + std::to_string(r.ac) + '/' +
                        std::to_string(r.an) + '\n';
                for (const auto& c : r.populations)
                    rows += c.population + std::to_string(c.ac) + '/' + std::to_string(c.an);
            }
        for (const auto& c : k.frequency_covered)
            covered += c.source == src->kind ? c.region.length() : 0;
        f.emplace_back("gnomad." + src->kind, std::to_string(n) + " alleles, " +
                                                  std::to_string(covered) + " bp covered, rows " +
                                                  sha256_hex(rows).substr(0, 16));
    }
    return f;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> thresholds_as_strings(const Thresholds& t) {
    std::vector<std::pair<std::string, std::string>> out = {
        {"gene_padding_bp", std::to_string(t.gene_padding_bp)},
        {"min_gq", std::to_string(t.min_gq)},
        {"min_dp", std::to_string(t.min_dp)},
        {"min_het_allele_balance", number(t.min_het_allele_balance)},
        {"min_hom_allele_balance", number(t.min_hom_allele_balance)},
        {"require_filter_pass", t.require_filter_pass ? "true" : "false"},
        {"clinvar_min_pathogenic", std::to_string(t.clinvar_min_pathogenic)},
        {"clinvar_max_benign", std::to_string(t.clinvar_max_benign)},
        {"af_keys", join(t.af_keys)},
        {"max_af_monoallelic", number(t.max_af_monoallelic)},
        {"max_af_biallelic", number(t.max_af_biallelic)},
        {"min_mapq", std::to_string(t.min_mapq)},
        {"coverage_thresholds", join(t.coverage_thresholds)},
        {"callability_min_depth", std::to_string(t.callability_min_depth)},
        {"callability_min_fraction", number(t.callability_min_fraction)},
        {"target_padding_bp", std::to_string(t.target_padding_bp)},
        {"consequence_af_fields", join(t.consequence_af_fields)},
        {"consequence_keys", join(t.consequence_keys)}};
    // Unset means "no limit"; TOML has no null, so the key is left out.
    if (t.clinvar_max_vus) out.push_back({"clinvar_max_vus", std::to_string(*t.clinvar_max_vus)});
    // Left out at its default, so panels written before it existed keep their bytes.
    if (t.lof_nmd_escape != "qualify_flagged") out.push_back({"lof_nmd_escape", t.lof_nmd_escape});
    for (const auto& [pop, v] : t.population_af_monoallelic)
        out.push_back({"population_af_monoallelic." + pop, number(v)});
    for (const auto& [pop, v] : t.population_af_biallelic)
        out.push_back({"population_af_biallelic." + pop, number(v)});
    return out;
}

PanelDiff diff_panels(const Panel& a, const Panel& b) {
    PanelDiff d;
    d.old_panel = {a.source_path, a.manifest.id, a.manifest.version, a.sha256};
    d.new_panel = {b.source_path, b.manifest.id, b.manifest.version, b.sha256};
    d.manifest = compare(manifest_fields(a), manifest_fields(b));
    diff_map(Fields(a.manifest.sources.begin(), a.manifest.sources.end()),
             Fields(b.manifest.sources.begin(), b.manifest.sources.end()), "sources.", d.manifest);
    diff_map(thresholds_as_strings(a.manifest.thresholds),
             thresholds_as_strings(b.manifest.thresholds), "thresholds.", d.manifest);
    diff_map(knowledge_fields(a), knowledge_fields(b), "knowledge.", d.manifest);
    d.old_targets = a.targets.size();
    d.new_targets = b.targets.size();
    {
        const auto ta = targets_by_gene(a), tb = targets_by_gene(b);
        std::set<std::string> genes;
        for (const auto& [g, v] : ta)
            genes.insert(g);
        for (const auto& [g, v] : tb)
            genes.insert(g);
        for (const auto& g : genes) {
            const auto ia = ta.find(g), ib = tb.find(g);
            if (ia == ta.end())
                d.target_genes.added.push_back(g);
            else if (ib == tb.end())
                d.target_genes.removed.push_back(g);
            else if (ia->second != ib->second)
                d.target_genes.changed.push_back(g);
        }
    }

    // Conditions, by id.
    {
        std::map<std::string, const Condition*> ma, mb;
        for (const auto& c : a.conditions)
            ma.emplace(c.id, &c);
        for (const auto& c : b.conditions)
            mb.emplace(c.id, &c);
        for (const auto& [id, c] : ma) {
            const auto it = mb.find(id);
            if (it == mb.end()) {
                d.conditions.removed.push_back({id, condition_fields(*c)});
            } else if (auto ch = compare(condition_fields(*c), condition_fields(*it->second));
                       !ch.empty()) {
                d.conditions.changed.push_back({id, std::move(ch)});
            }
        }
        for (const auto& [id, c] : mb)
            if (ma.count(id) == 0) d.conditions.added.push_back({id, condition_fields(*c)});
    }

    // Gene entries, grouped by (symbol, condition).
    {
        using Group = std::vector<const GeneEntry*>;
        std::map<std::pair<std::string, std::string>, std::pair<Group, Group>> groups;
        for (const auto& g : a.genes)
            groups[{g.symbol, g.condition_id}].first.push_back(&g);
        for (const auto& g : b.genes)
            groups[{g.symbol, g.condition_id}].second.push_back(&g);
        for (auto& [key, sides] : groups) {
            auto& [olds, news] = sides;
            if (olds.size() == 1 && news.size() == 1) {
                // One row each: a different MOI is a change of this entry.
                if (auto ch = compare(gene_fields(*olds[0]), gene_fields(*news[0])); !ch.empty())
                    d.genes.changed.push_back(
                        {olds[0]->symbol + " / " + olds[0]->condition_id, std::move(ch)});
                continue;
            }
            for (const auto* o : olds) {
                const GeneEntry* match = nullptr;
                for (const auto* n : news)
                    if (n != nullptr && n->moi == o->moi) match = n;
                if (match == nullptr) {
                    d.genes.removed.push_back({gene_key(*o), gene_fields(*o)});
                    continue;
                }
                if (auto ch = compare(gene_fields(*o), gene_fields(*match)); !ch.empty())
                    d.genes.changed.push_back({gene_key(*o), std::move(ch)});
                std::replace(news.begin(), news.end(), match,
                             static_cast<const GeneEntry*>(nullptr));
            }
            for (const auto* n : news)
                if (n != nullptr) d.genes.added.push_back({gene_key(*n), gene_fields(*n)});
        }
    }

    // Curated variants, by allele.
    {
        std::map<Variant, const CuratedVariant*> ma, mb;
        for (const auto& v : a.variants)
            ma.emplace(v.variant, &v);
        for (const auto& v : b.variants)
            mb.emplace(v.variant, &v);
        for (const auto& [var, v] : ma) {
            const auto it = mb.find(var);
            if (it == mb.end()) {
                d.variants.removed.push_back({var.to_string(), variant_fields(*v)});
            } else if (auto ch = compare(variant_fields(*v), variant_fields(*it->second));
                       !ch.empty()) {
                d.variants.changed.push_back({var.to_string(), std::move(ch)});
            }
        }
        for (const auto& [var, v] : mb)
            if (ma.count(var) == 0)
                d.variants.added.push_back({var.to_string(), variant_fields(*v)});
    }
    return d;
}

namespace {

std::string brief(const DiffItem& item, std::initializer_list<const char*> keys) {
    std::string s;
    for (const char* k : keys)
        for (const auto& [f, v] : item.fields)
            if (f == k && !v.empty()) {
                if (!s.empty()) s += ", ";
                s += f + " " + v;
            }
    return s;
}

void section_text(std::ostringstream& out, const char* title, const SectionDiff& s,
                  std::initializer_list<const char*> summary_keys) {
    if (s.empty()) return;
    out << '\n' << title << ":\n";
    for (const auto& i : s.added)
        out << "  + " << i.key << "  (" << brief(i, summary_keys) << ")\n";
    for (const auto& i : s.removed)
        out << "  - " << i.key << "  (" << brief(i, summary_keys) << ")\n";
    for (const auto& i : s.changed) {
        out << "  ~ " << i.key << '\n';
        for (const auto& c : i.changes)
            out << "      " << c.field << ": " << (c.before.empty() ? "(empty)" : c.before)
                << " -> " << (c.after.empty() ? "(empty)" : c.after) << '\n';
    }
}

std::string counts(const SectionDiff& s) {
    // Built with a stream: GCC 12 misreports `"+" + std::to_string(...)` under -Werror=restrict.
    std::ostringstream ss;
    ss << '+' << s.added.size() << " -" << s.removed.size() << " ~" << s.changed.size();
    return ss.str();
}

nlohmann::ordered_json section_json(const SectionDiff& s) {
    auto items = [](const std::vector<DiffItem>& v) {
        auto arr = nlohmann::ordered_json::array();
        for (const auto& i : v) {
            nlohmann::ordered_json o;
            o["key"] = i.key;
            for (const auto& [f, val] : i.fields)
                o[f] = val;
            arr.push_back(std::move(o));
        }
        return arr;
    };
    nlohmann::ordered_json j;
    j["added"] = items(s.added);
    j["removed"] = items(s.removed);
    j["changed"] = nlohmann::ordered_json::array();
    for (const auto& c : s.changed) {
        nlohmann::ordered_json o;
        o["key"] = c.key;
        o["changes"] = nlohmann::ordered_json::array();
        for (const auto& f : c.changes)
            o["changes"].push_back({{"field", f.field}, {"old", f.before}, {"new", f.after}});
        j["changed"].push_back(std::move(o));
    }
    return j;
}

}  // namespace

std::string render_diff_text(const PanelDiff& d) {
    std::ostringstream out;
    out << "--- " << d.old_panel.id << ' ' << d.old_panel.version << "  (" << d.old_panel.path
        << ", sha256 " << d.old_panel.sha256.substr(0, 12) << ")\n";
    out << "+++ " << d.new_panel.id << ' ' << d.new_panel.version << "  (" << d.new_panel.path
        << ", sha256 " << d.new_panel.sha256.substr(0, 12) << ")\n";
    if (!d.manifest.empty()) {
        out << "\npanel.toml:\n";
        for (const auto& c : d.manifest)
            out << "  ~ " << c.field << ": " << (c.before.empty() ? "(empty)" : c.before) << " -> "
                << (c.after.empty() ? "(empty)" : c.after) << '\n';
    }
    section_text(out, "conditions", d.conditions, {"name", "category", "requires_evidence"});
    section_text(out, "genes", d.genes, {"moi", "span", "lof_mechanism"});
    section_text(out, "variants", d.variants,
                 {"gene", "list", "source", "condition_id", "null_allele"});
    if (d.old_targets != d.new_targets || !d.target_genes.empty()) {
        out << "\ntargets: " << d.old_targets << " -> " << d.new_targets << " rows\n";
        auto names = [&](const char* sign, const std::vector<std::string>& genes) {
            if (genes.empty()) return;
            out << "  " << sign << ' ' << genes.size() << (genes.size() == 1 ? " gene" : " genes")
                << ':';
            for (const auto& g : genes)
                out << ' ' << g;
            out << '\n';
        };
        names("+", d.target_genes.added);
        names("-", d.target_genes.removed);
        names("~", d.target_genes.changed);
    }
    out << "\nsummary: conditions " << counts(d.conditions) << ", genes " << counts(d.genes)
        << ", variants " << counts(d.variants) << ", panel.toml ~" << d.manifest.size()
        << (d.empty() ? " (no differences)" : "") << '\n';
    return out.str();
}

std::string render_diff_json(const PanelDiff& d) {
    nlohmann::ordered_json j;
    auto side = [](const PanelDiff::Side& s) {
        return nlohmann::ordered_json{
            {"path", s.path}, {"id", s.id}, {"version", s.version}, {"sha256", s.sha256}};
    };
    j["old"] = side(d.old_panel);
    j["new"] = side(d.new_panel);
    j["identical"] = d.empty();
    j["manifest"] = nlohmann::ordered_json::array();
    for (const auto& c : d.manifest)
        j["manifest"].push_back({{"field", c.field}, {"old", c.before}, {"new", c.after}});
    j["conditions"] = section_json(d.conditions);
    j["genes"] = section_json(d.genes);
    j["variants"] = section_json(d.variants);
    j["targets"] = {{"old", d.old_targets},
                    {"new", d.new_targets},
                    {"genes_added", d.target_genes.added},
                    {"genes_removed", d.target_genes.removed},
                    {"genes_changed", d.target_genes.changed}};
    return j.dump(2) + "\n";
}

}  // namespace nbs
