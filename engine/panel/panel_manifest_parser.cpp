#include "engine/panel/panel_manifest_parser.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <functional>

#include "engine/core/version.hpp"

namespace nbs {

std::string panel_file_path(const PanelFiles& files, const std::string& name) {
    return files.origin_kind == "bundle" ? files.origin + "!" + name
                                         : (std::filesystem::path(files.origin) / name).string();
}

namespace {

bool set(const toml::node& n, std::int64_t& out) {
    if (auto v = n.value_exact<std::int64_t>()) {
        out = *v;
        return true;
    }
    return false;
}
bool set(const toml::node& n, int& out) {
    if (auto v = n.value_exact<std::int64_t>()) {
        out = static_cast<int>(*v);
        return true;
    }
    return false;
}
bool set(const toml::node& n, double& out) {
    if (auto v = n.value<double>()) {
        out = *v;
        return true;
    }
    return false;
}
bool set(const toml::node& n, bool& out) {
    if (auto v = n.value_exact<bool>()) {
        out = *v;
        return true;
    }
    return false;
}
bool set(const toml::node& n, std::vector<std::string>& out) {
    const auto* arr = n.as_array();
    if (arr == nullptr) return false;
    std::vector<std::string> v;
    for (const auto& e : *arr) {
        auto s = e.value<std::string>();
        if (!s) return false;
        v.push_back(*s);
    }
    out = std::move(v);
    return true;
}
// A table of population -> ceiling, each a number in (0, 1].
bool set(const toml::node& n, std::map<std::string, double>& out) {
    const auto* tbl = n.as_table();
    if (tbl == nullptr) return false;
    std::map<std::string, double> v;
    for (const auto& [k, x] : *tbl) {
        const auto d = x.value<double>();
        if (!d || !(*d > 0.0 && *d <= 1.0) || k.str().empty()) return false;
        v[std::string(k.str())] = *d;
    }
    out = std::move(v);
    return true;
}
bool set(const toml::node& n, std::vector<int>& out) {
    const auto* arr = n.as_array();
    if (arr == nullptr) return false;
    std::vector<int> v;
    for (const auto& e : *arr) {
        auto i = e.value_exact<std::int64_t>();
        if (!i) return false;
        v.push_back(static_cast<int>(*i));
    }
    out = std::move(v);
    return true;
}

}  // namespace

void parse_manifest(const PanelFiles& files, Panel& panel, std::vector<PanelProblem>& problems) {
    const std::string path = panel_file_path(files, "panel.toml");
    const auto it = files.content.find("panel.toml");
    if (it == files.content.end()) return;
    toml::table tbl;
    try {
        tbl = toml::parse(it->second, path);
    } catch (const toml::parse_error& e) {
        problems.push_back({{path, e.source().begin.line, e.source().begin.column},
                            std::string(e.description()),
                            "fix the TOML syntax"});
        return;
    }
    auto& m = panel.manifest;
    auto need_string = [&](const char* key, std::string& out) {
        if (auto v = tbl[key].value<std::string>()) {
            out = *v;
        } else {
            problems.push_back({{path},
                                std::string("missing or non-string key '") + key + "'",
                                "add it at the top of panel.toml (docs/panel-format.md)"});
        }
    };
    need_string("schema_version", m.schema_version);
    need_string("id", m.id);
    need_string("name", m.name);
    need_string("version", m.version);
    need_string("released", m.released);
    need_string("reference", m.reference);
    // Problems with a key point at its line, so an editor can jump there.
    auto at_key = [&](const char* key) -> InputLocation {
        const toml::node* n = tbl.get(key);
        if (n == nullptr) return {path};
        return {path, n->source().begin.line, n->source().begin.column};
    };
    if (!m.schema_version.empty()) {
        int major = -1;
        const auto dot = m.schema_version.find('.');
        std::from_chars(
            m.schema_version.data(),
            m.schema_version.data() + (dot == std::string::npos ? m.schema_version.size() : dot),
            major);
        if (major < 0)
            problems.push_back(
                {at_key("schema_version"),
                 "schema_version '" + m.schema_version + "' is not major.minor",
                 std::string("write schema_version = \"") + kPanelSchemaVersion + "\""});
        else if (major > kPanelSchemaMajor)
            problems.push_back(
                {at_key("schema_version"),
                 "panel schema version " + m.schema_version +
                     " is newer than this nbscreen supports (" + kPanelSchemaVersion + ")",
                 "upgrade nbscreen to a version that reads panel schema " + m.schema_version});
    }
    if (!m.reference.empty() && m.reference != "GRCh38")
        problems.push_back({at_key("reference"), "reference '" + m.reference + "' is not supported",
                            "nbscreen screens GRCh38 only: reference = \"GRCh38\""});
    if (auto* src = tbl["sources"].as_table()) {
        for (const auto& [k, v] : *src) {
            if (auto s = v.value<std::string>())
                m.sources[std::string(k.str())] = *s;
            else if (auto i = v.value<std::int64_t>())
                m.sources[std::string(k.str())] = std::to_string(*i);
        }
    }
    auto& t = m.thresholds;
    if (auto* th = tbl["thresholds"].as_table()) {
        // Each known key with its type; an unknown key is a problem, never silently ignored.
        const std::map<std::string, std::function<bool(const toml::node&)>> setters = {
            {"gene_padding_bp", [&](const toml::node& n) { return set(n, t.gene_padding_bp); }},
            {"min_gq", [&](const toml::node& n) { return set(n, t.min_gq); }},
            {"min_dp", [&](const toml::node& n) { return set(n, t.min_dp); }},
            {"min_het_allele_balance",
             [&](const toml::node& n) { return set(n, t.min_het_allele_balance); }},
            {"min_hom_allele_balance",
             [&](const toml::node& n) { return set(n, t.min_hom_allele_balance); }},
            {"require_filter_pass",
             [&](const toml::node& n) { return set(n, t.require_filter_pass); }},
            {"clinvar_min_pathogenic",
             [&](const toml::node& n) { return set(n, t.clinvar_min_pathogenic); }},
            {"clinvar_max_benign",
             [&](const toml::node& n) { return set(n, t.clinvar_max_benign); }},
            {"clinvar_max_vus",
             [&](const toml::node& n) {
                 int v = 0;
                 if (!set(n, v) || v < 0) return false;
                 t.clinvar_max_vus = v;
                 return true;
             }},
            {"af_keys", [&](const toml::node& n) { return set(n, t.af_keys); }},
            {"consequence_af_fields",
             [&](const toml::node& n) { return set(n, t.consequence_af_fields); }},
            {"consequence_keys", [&](const toml::node& n) { return set(n, t.consequence_keys); }},
            {"lof_nmd_escape",
             [&](const toml::node& n) {
                 const auto* str = n.as_string();
                 if (str == nullptr) return false;
                 const std::string v = str->get();
                 if (v != "qualify_flagged" && v != "qualify" && v != "exclude") return false;
                 t.lof_nmd_escape = v;
                 return true;
             }},
            {"max_af_monoallelic",
             [&](const toml::node& n) { return set(n, t.max_af_monoallelic); }},
            {"max_af_biallelic", [&](const toml::node& n) { return set(n, t.max_af_biallelic); }},
            {"population_af_monoallelic",
             [&](const toml::node& n) { return set(n, t.population_af_monoallelic); }},
            {"population_af_biallelic",
             [&](const toml::node& n) { return set(n, t.population_af_biallelic); }},
            {"min_mapq", [&](const toml::node& n) { return set(n, t.min_mapq); }},
            {"coverage_thresholds",
             [&](const toml::node& n) { return set(n, t.coverage_thresholds); }},
            {"callability_min_depth",
             [&](const toml::node& n) { return set(n, t.callability_min_depth); }},
            {"callability_min_fraction",
             [&](const toml::node& n) { return set(n, t.callability_min_fraction); }},
            {"target_padding_bp", [&](const toml::node& n) { return set(n, t.target_padding_bp); }},
        };
        for (const auto& [k, v] : *th) {
            const std::string key(k.str());
            const auto s = setters.find(key);
            const InputLocation at{path, v.source().begin.line, v.source().begin.column};
            if (s == setters.end())
                problems.push_back({at, "unknown threshold '" + key + "'",
                                    "known thresholds are listed in docs/panel-format.md; this "
                                    "nbscreen does not implement '" +
                                        key + "'"});
            else if (!s->second(v))
                problems.push_back({at, "threshold '" + key + "' has the wrong type",
                                    "see docs/panel-format.md for its type and default"});
        }
    }
}

}  // namespace nbs
