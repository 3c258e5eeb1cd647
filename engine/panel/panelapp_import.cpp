#include "engine/panel/panelapp_import.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <tuple>

#include "engine/core/input_error.hpp"
#include "engine/core/version.hpp"
#include "engine/genome/contig.hpp"
#include "engine/panel/panel_diff.hpp"
#include "engine/panel/panel_writer.hpp"

namespace nbs {
namespace {

using Json = nlohmann::json;

// PanelApp's stored strings (genomicsengland/panelapp panels/models/evaluation.py) plus the
// legacy and misspelt values seen in real API data; the classes follow the table's
// suggested_engine_class column. "imprinted status unknown" is screened as MONOALLELIC (the
// table's choice: PanelApp uses it for most dominant genes); known imprinting is refused because
// parent of origin decides disease, which a baby's genotype alone cannot show.
const std::vector<PanelAppMoi>& table() {
    static const std::vector<PanelAppMoi> t = {
        {"MONOALLELIC, autosomal or pseudoautosomal, NOT imprinted", {Moi::monoallelic}, ""},
        {"MONOALLELIC, autosomal or pseudoautosomal, maternally imprinted (paternal allele "
         "expressed)",
         {},
         "imprinted (parent of origin decides disease)"},
        {"MONOALLELIC, autosomal or pseudoautosomal, paternally imprinted (maternal allele "
         "expressed)",
         {},
         "imprinted (parent of origin decides disease)"},
        {"MONOALLELIC, autosomal or pseudoautosomal, imprinted status unknown",
         {Moi::monoallelic},
         ""},
        {"BIALLELIC, autosomal or pseudoautosomal", {Moi::biallelic}, ""},
        {"BOTH monoallelic and biallelic, autosomal or pseudoautosomal",
         {Moi::monoallelic, Moi::biallelic},
         ""},
        {"BOTH monoallelic and biallelic (but BIALLELIC mutations cause a more SEVERE disease "
         "form), autosomal or pseudoautosomal",
         {Moi::monoallelic, Moi::biallelic},
         ""},
        {"X-LINKED: hemizygous mutation in males, biallelic mutations in females",
         {Moi::xlinked_biallelic},
         ""},
        {"X-LINKED: hemizygous mutation in males, monoallelic mutations in females may cause "
         "disease (may be less severe, later onset than males)",
         {Moi::xlinked_monoallelic},
         ""},
        {"MITOCHONDRIAL", {}, "mitochondrial (a screening panel reads no mtDNA genes)"},
        {"Unknown", {}, "inheritance unknown"},
        {"Other", {}, "inheritance 'Other' (unspecified)"},
        {"", {}, "no mode of inheritance given"},
        {"Other - please specifiy in evaluation comments", {}, "inheritance 'Other' (unspecified)"},
        {"Other - please specify in evaluation comments", {}, "inheritance 'Other' (unspecified)"},
    };
    return t;
}

std::string str(const Json& j, const char* key) {
    if (!j.is_object()) return {};
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number_integer()) return std::to_string(it->get<long long>());
    if (it->is_number()) return it->dump();
    return {};
}

int release_number(const std::string& s) {
    int n = -1;
    std::from_chars(s.data(), s.data() + s.size(), n);
    return n;
}

struct Location {
    std::string chrom;
    std::int64_t start = 0, end = 0;
};

/// gene_data.ensembl_genes.GRch38.<release>.location, "12:102836885-102958410" (no "chr"; the
/// newest Ensembl release wins when several are given).
std::optional<Location> grch38_location(const Json& gene_data, std::string& why) {
    const Json* builds = gene_data.is_object() && gene_data.contains("ensembl_genes")
                             ? &gene_data["ensembl_genes"]
                             : nullptr;
    const Json* b38 = nullptr;
    if (builds != nullptr && builds->is_object())
        for (const char* key : {"GRch38", "GRCh38"})
            if (builds->contains(key) && (*builds)[key].is_object()) b38 = &(*builds)[key];
    if (b38 == nullptr || b38->empty()) {
        why = "no GRCh38 location in gene_data.ensembl_genes";
        return std::nullopt;
    }
    std::string best_key;
    for (const auto& [k, v] : b38->items())
        if (best_key.empty() || release_number(k) > release_number(best_key)) best_key = k;
    const std::string loc = str((*b38)[best_key], "location");
    const auto colon = loc.find(':'), dash = loc.find('-', colon == std::string::npos ? 0 : colon);
    Location out;
    if (colon == std::string::npos || dash == std::string::npos) {
        why = "GRCh38 location '" + loc + "' is not chrom:start-end";
        return std::nullopt;
    }
    const auto chrom = canonical_contig(loc.substr(0, colon));
    const auto r1 = std::from_chars(loc.data() + colon + 1, loc.data() + dash, out.start);
    const auto r2 = std::from_chars(loc.data() + dash + 1, loc.data() + loc.size(), out.end);
    if (!chrom || r1.ec != std::errc() || r2.ec != std::errc() || out.start < 1 ||
        out.end < out.start) {
        why = "GRCh38 location '" + loc + "' is not on a primary chromosome or not chrom:start-end";
        return std::nullopt;
    }
    if (*chrom == "chrM") {
        why = "mitochondrial gene (a screening panel reads no mtDNA genes)";
        return std::nullopt;
    }
    if (out.end > grch38_length(*chrom).value_or(0)) {
        why = "GRCh38 location '" + loc + "' runs past the end of " + *chrom;
        return std::nullopt;
    }
    out.chrom = *chrom;
    return out;
}

bool says_lof_does_not_cause(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s.find("do not cause") != std::string::npos ||
           s.find("does not cause") != std::string::npos;
}

std::string join(const std::vector<std::string>& v, const std::string& sep) {
    std::string s;
    for (const auto& e : v) {
        if (!s.empty()) s += sep;
        s += e;
    }
    return s;
}

}  // namespace

std::span<const PanelAppMoi> panelapp_moi_table() {
    return table();
}

const PanelAppMoi* find_panelapp_moi(std::string_view s) {
    for (const auto& e : table())
        if (e.panelapp == s) return &e;
    return nullptr;
}

std::string slugify(std::string_view name) {
    std::string out;
    for (char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) && u < 0x80) {
            out += static_cast<char>(std::tolower(u));
        } else if (!out.empty() && out.back() != '-') {
            out += '-';
        }
    }
    while (!out.empty() && out.back() == '-')
        out.pop_back();
    return out;
}

PanelAppImport import_panelapp(std::string_view text, const std::string& origin) {
    Json j;
    try {
        j = Json::parse(text.begin(), text.end());
    } catch (const Json::parse_error& e) {
        throw InputError({origin, 0, 0, "byte " + std::to_string(e.byte)},
                         "not valid JSON: " + std::string(e.what()),
                         "pass the response of GET https://panelapp.genomicsengland.co.uk/api/v1/"
                         "panels/<id>/ saved as a file");
    }
    if (!j.is_object() || !j.contains("genes") || !j["genes"].is_array() ||
        str(j, "name").empty() || str(j, "id").empty() || str(j, "version").empty())
        throw InputError(
            {origin}, "not a PanelApp panel: expected an object with id, name, version and genes[]",
            "pass one panel (GET /api/v1/panels/<id>/), not the panel list");
    PanelAppImport out;
    const std::string pa_id = str(j, "id"), pa_name = str(j, "name"),
                      pa_version = str(j, "version"), created = str(j, "version_created");
    out.id = slugify(pa_name);
    out.version = pa_version;
    if (out.id.empty()) out.id = "panelapp-" + pa_id;
    if (created.size() < 10)
        throw InputError({origin}, "panel has no version_created date",
                         "PanelApp panel details carry version_created; re-download the panel");
    const std::string released = created.substr(0, 10);
    const std::string cite = "panelapp:" + pa_id + " v" + pa_version;
    const std::string condition_id = out.id;

    struct Row {
        std::string symbol, hgnc;
        Moi moi;
        bool lof;
        std::string lof_source;
        Location loc;
        std::string moi_source, notes;
    };
    std::vector<Row> rows;
    for (const auto& g : j["genes"]) {
        if (str(g, "entity_type") != "gene" && !str(g, "entity_type").empty()) continue;
        const Json& gd = g.contains("gene_data") ? g["gene_data"] : Json();
        std::string symbol = str(g, "entity_name");
        if (symbol.empty()) symbol = str(gd, "gene_symbol");
        if (str(g, "confidence_level") != "3") {
            ++out.not_green;
            continue;
        }
        ++out.green_genes;
        const std::string moi_text = str(g, "mode_of_inheritance");
        const PanelAppMoi* moi = find_panelapp_moi(moi_text);
        if (moi == nullptr || moi->classes.empty()) {
            out.not_imported.push_back(symbol + ": " +
                                       (moi == nullptr ? "not in PanelApp's MOI vocabulary"
                                                       : std::string(moi->refused_because)) +
                                       " (mode_of_inheritance '" + moi_text +
                                       "'); curate by hand if it should be screened");
            continue;
        }
        const std::string hgnc = str(gd, "hgnc_id");
        if (hgnc.rfind("HGNC:", 0) != 0) {
            out.not_imported.push_back(symbol + ": no HGNC id in gene_data.hgnc_id");
            continue;
        }
        std::string why;
        const auto loc = grch38_location(gd, why);
        if (!loc) {
            out.not_imported.push_back(symbol + ": " + why);
            continue;
        }
        const bool xl = moi->classes.front() == Moi::xlinked_biallelic ||
                        moi->classes.front() == Moi::xlinked_monoallelic;
        if (xl && loc->chrom != "chrX") {
            out.not_imported.push_back(symbol + ": X-linked inheritance but located on " +
                                       loc->chrom);
            continue;
        }
        std::vector<std::string> notes;
        if (!xl && loc->chrom == "chrX")
            notes.push_back(
                "chrX: PanelApp gives autosomal or pseudoautosomal inheritance; check "
                "that the gene is pseudoautosomal");
        std::vector<std::string> phenotypes;
        if (g.contains("phenotypes") && g["phenotypes"].is_array())
            for (const auto& p : g["phenotypes"])
                if (p.is_string() && !p.get<std::string>().empty())
                    phenotypes.push_back(p.get<std::string>());
        if (!phenotypes.empty()) notes.push_back("PanelApp phenotypes: " + join(phenotypes, "; "));
        const std::string mop = str(g, "mode_of_pathogenicity");
        const bool no_lof = says_lof_does_not_cause(mop);
        for (Moi m : moi->classes) {
            rows.push_back(
                {symbol, hgnc, m, !no_lof,
                 no_lof ? cite + ": mode_of_pathogenicity '" + mop + "'" : "panelapp: default",
                 *loc, cite + ": " + moi_text, join(notes, ". ")});
        }
    }
    for (const char* kind : {"strs", "regions"})
        if (j.contains(kind) && j[kind].is_array())
            (std::string(kind) == "strs" ? out.strs : out.regions) = j[kind].size();
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        return std::tie(a.symbol, a.moi) < std::tie(b.symbol, b.moi);
    });
    out.gene_entries = rows.size();

    // panel.toml
    std::string toml =
        "# Imported from PanelApp by 'nbscreen panel import-panelapp'; review before use.\n";
    toml += "schema_version = " + toml_string(kPanelSchemaVersion) + "\n";
    toml += "id = " + toml_string(out.id) + "\n";
    toml += "name = " + toml_string(pa_name + " (PanelApp " + pa_id + ")") + "\n";
    toml += "version = " + toml_string(pa_version) + "\n";
    toml += "released = " + toml_string(released) + "\n";
    toml += "reference = \"GRCh38\"\n\n[sources]\n";
    toml += "panelapp_id = " + toml_string(pa_id) + "\n";
    toml += "panelapp_version = " + toml_string(pa_version) + "\n";
    toml += "panelapp_version_created = " + toml_string(created) + "\n";
    toml += "panelapp_name = " + toml_string(pa_name) + "\n";
    toml +=
        "moi_vocabulary = \"PanelApp mode_of_inheritance mapped by nbscreen's table "
        "(engine/panel/panelapp_import.cpp, from panelapp/moi_vocabulary.tsv)\"\n";
    toml += "\n[thresholds]\n";
    for (const auto& [k, v] : thresholds_as_strings(Thresholds{}))
        toml += k + " = " + v + "\n";
    out.files["panel.toml"] = toml;

    // conditions.tsv: one condition for the panel; the genes' phenotypes are in their notes.
    out.files["conditions.tsv"] =
        "condition_id\tname\tcategory\tonset\tintervention\tomim\tmondo\n" + condition_id + '\t' +
        tsv_cell(pa_name) + '\t' + tsv_cell(str(j, "disease_group")) + "\t\t\t\t\n";

    std::string genes =
        "symbol\thgnc_id\tcondition_id\tmoi\tlof_mechanism\tlof_source\tchrom\tstart\tend\t"
        "mane_transcript\tmoi_source\tnotes\n";
    for (const auto& r : rows)
        genes += tsv_cell(r.symbol) + '\t' + r.hgnc + '\t' + condition_id + '\t' +
                 std::string(to_string(r.moi)) + '\t' + (r.lof ? "yes" : "no") + '\t' +
                 tsv_cell(r.lof_source) + '\t' + r.loc.chrom + '\t' + std::to_string(r.loc.start) +
                 '\t' + std::to_string(r.loc.end) + "\t\t" + tsv_cell(r.moi_source) + '\t' +
                 tsv_cell(r.notes) + '\n';
    out.files["genes.tsv"] = genes;
    out.files["variants.tsv"] = render_variants_tsv({});

    std::string cl = "# Changelog: " + out.id + "\n\n## " + pa_version + " (" + released + ")\n\n";
    cl += "Imported from PanelApp panel " + pa_id + " \"" + pa_name + "\" version " + pa_version +
          " (created " + created + ") by `nbscreen " + kVersion + " panel import-panelapp` from `" +
          origin + "`.\n\n";
    cl += "- " + std::to_string(out.green_genes) + " Green genes (confidence_level 3) became " +
          std::to_string(out.gene_entries) + " gene entries of one condition, `" + condition_id +
          "`; PanelApp's BOTH becomes a MONOALLELIC and a BIALLELIC entry.\n";
    cl += "- Left out: " + std::to_string(out.not_green) + " Amber/Red genes, " +
          std::to_string(out.strs) + " STRs and " + std::to_string(out.regions) +
          " regions (the panel format carries genes only).\n";
    cl +=
        "- lof_mechanism is `no` where PanelApp's mode_of_pathogenicity says loss of function "
        "does not cause the phenotype, else `yes` (`panelapp: default`): review it.\n";
    cl += "- mane_transcript is empty and variants.tsv has no rows: add them when curating.\n";
    if (!out.not_imported.empty()) {
        cl += "- Green genes not imported (" + std::to_string(out.not_imported.size()) +
              "), to curate by hand:\n";
        for (const auto& n : out.not_imported)
            cl += "  - " + n + "\n";
    }
    out.files["CHANGELOG.md"] = cl;
    return out;
}

}  // namespace nbs
