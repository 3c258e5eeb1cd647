#include "engine/panel/panel_parser.hpp"

#include <algorithm>
#include <charconv>
#include <functional>
#include <sstream>

#include "engine/core/version.hpp"
#include "engine/genome/contig.hpp"
#include "engine/genome/normalize.hpp"
#include "engine/panel/knowledge_parser.hpp"
#include "engine/panel/panel_manifest_parser.hpp"
#include "engine/panel/smn_table.hpp"

namespace nbs {
namespace {

/// A TSV file with a header row whose column names must be exactly the expected ones.
class TsvTable {
  public:
    struct Row {
        std::uint64_t line;
        std::vector<std::string> cells;
    };

    /// `expected` lists every column in order; the first `required` of them must be present.
    /// The others were added by a later minor schema version (docs/panel-format.md): a file may
    /// leave them off the end of its header, so a panel written for an older minor version loads.
    TsvTable(std::string path, const std::string& text, const std::vector<std::string>& expected,
             std::vector<PanelProblem>& problems, std::size_t required = 0)
        : path_(std::move(path)),
          expected_(expected),
          required_(required == 0 ? expected.size() : required),
          present_(expected.size()),
          problems_(problems) {
        TextLines in(text);
        std::string_view line;
        std::uint64_t n = 0;
        bool have_header = false;
        while (in.next(line)) {
            ++n;
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            if (line.empty() || line[0] == '#') continue;
            auto cells = split_tabs(line);
            if (!have_header) {
                have_header = true;
                check_header(cells, n);
                continue;
            }
            if (cells.size() != present_) {
                problems_.push_back(
                    {{path_, n, 0},
                     "row has " + std::to_string(cells.size()) + " columns, the header has " +
                         std::to_string(present_),
                     "separate cells with exactly one tab; write empty cells as nothing"});
                continue;
            }
            cells.resize(expected_.size());  // columns the header left off read as empty
            rows_.push_back({n, std::move(cells)});
        }
        if (!have_header)
            problems_.push_back(
                {{path_, 1, 0}, "file has no header row", "first row: " + joined()});
    }

    [[nodiscard]] const std::vector<Row>& rows() const { return rows_; }
    [[nodiscard]] std::size_t col(const std::string& name) const {
        for (std::size_t i = 0; i < expected_.size(); ++i)
            if (expected_[i] == name) return i;
        return 0;
    }
    [[nodiscard]] InputLocation at(const Row& r, const std::string& column) const {
        return {path_, r.line, col(column) + 1};
    }
    [[nodiscard]] const std::string& path() const { return path_; }

  private:
    std::string joined() const {
        std::string s;
        for (const auto& e : expected_)
            s += (s.empty() ? "" : "\\t") + e;
        return s;
    }
    void check_header(const std::vector<std::string>& cells, std::uint64_t line) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            bool known = false;
            for (const auto& e : expected_)
                known = known || e == cells[i];
            if (!known)
                problems_.push_back(
                    {{path_, line, i + 1},
                     "unknown column '" + cells[i] + "'",
                     "the columns of this file are: " + joined() + " (docs/panel-format.md)"});
            else if (i >= expected_.size() || cells[i] != expected_[i])
                problems_.push_back({{path_, line, i + 1},
                                     "column '" + cells[i] + "' is out of place",
                                     "the columns, in order, are: " + joined()});
        }
        for (std::size_t i = cells.size(); i < required_; ++i)
            problems_.push_back({{path_, line, 0},
                                 "missing column '" + expected_[i] + "'",
                                 "the columns, in order, are: " + joined()});
        present_ = std::max(cells.size(), required_);
    }

    std::string path_;
    std::vector<std::string> expected_;
    std::size_t required_;
    std::size_t present_;  // columns in the header (at least the required ones)
    std::vector<PanelProblem>& problems_;
    std::vector<Row> rows_;
};

bool parse_int64(const std::string& s, std::int64_t& out) {
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

/// "TAZ,BTHS" -> {"TAZ", "BTHS"}; empty -> none. False for an empty item or whitespace.
bool parse_aliases(const std::string& cell, std::vector<std::string>& out) {
    out.clear();
    if (cell.empty()) return true;
    std::size_t start = 0;
    for (;;) {
        const auto comma = cell.find(',', start);
        std::string a =
            cell.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (a.empty() || a.find_first_of(" \t;|") != std::string::npos) return false;
        out.push_back(std::move(a));
        if (comma == std::string::npos) return true;
        start = comma + 1;
    }
}

/// A schema 1.2 condition cell from a per-gene source: empty, one of `values`, or
/// "GENE:value,GENE:value" (the condition's genes differ), e.g. "DNAH5:2,DNAI1:3".
bool is_condition_score(const std::string& cell, std::initializer_list<std::string_view> values) {
    auto known = [&](std::string_view v) {
        return std::find(values.begin(), values.end(), v) != values.end();
    };
    if (cell.empty() || known(cell)) return true;
    std::size_t start = 0;
    for (;;) {
        const auto comma = cell.find(',', start);
        const std::string_view item(cell.data() + start,
                                    (comma == std::string::npos ? cell.size() : comma) - start);
        const auto colon = item.find(':');
        if (colon == 0 || colon == std::string_view::npos ||
            item.substr(0, colon).find_first_of(" \t") != std::string_view::npos ||
            !known(item.substr(colon + 1)))
            return false;
        if (comma == std::string::npos) return true;
        start = comma + 1;
    }
}

bool is_acgt(const std::string& s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c != 'A' && c != 'C' && c != 'G' && c != 'T') return false;
    return true;
}

void parse_conditions(const PanelFiles& files, Panel& panel, std::vector<PanelProblem>& problems) {
    const auto it = files.content.find("conditions.tsv");
    if (it == files.content.end()) return;
    TsvTable t(panel_file_path(files, "conditions.tsv"), it->second,
               {"condition_id", "name", "category", "onset", "intervention", "omim", "mondo",
                "requires_evidence", "requires_reason", "asqm_severity", "asqm_efficacy",
                "orthogonal_test"},
               problems, 7);
    for (const auto& r : t.rows()) {
        const auto& c = r.cells;
        Condition cond{c[0],   c[1], c[2], c[3], c[4],  c[5], c[6],
                       r.line, c[7], c[8], c[9], c[10], c[11]};
        for (const char* column : {"asqm_severity", "asqm_efficacy"})
            if (!is_condition_score(c[t.col(column)], {"0", "1", "2", "3"}))
                problems.push_back(
                    {t.at(r, column),
                     std::string(column) + " '" + c[t.col(column)] + "' is not a score 0-3",
                     "write the ICoNS ASQM score (0, 1, 2 or 3), 'GENE:n,GENE:n' when the "
                     "condition's genes differ, or leave it empty when the source has none"});
        if (!is_condition_score(cond.orthogonal_test, {"yes", "no"}))
            problems.push_back(
                {t.at(r, "orthogonal_test"),
                 "orthogonal_test '" + cond.orthogonal_test + "' is not yes or no",
                 "write yes or no (ICoNS orthogonal_test_goldetaldet Y/N), 'GENE:yes,GENE:no' "
                 "when the condition's genes differ, or leave it empty when the source has none"});
        if (!cond.requires_evidence.empty() && !is_evidence_kind(cond.requires_evidence))
            problems.push_back(
                {t.at(r, "requires_evidence"),
                 "requires_evidence '" + cond.requires_evidence + "' is not a known kind",
                 "write smn1_copy_number, or other:<what> (lowercase, e.g. "
                 "other:repeat_expansion) for evidence nbscreen cannot read yet"});
        if (!cond.requires_evidence.empty() && cond.requires_reason.empty())
            problems.push_back(
                {t.at(r, "requires_reason"),
                 "requires_evidence '" + cond.requires_evidence + "' has no requires_reason",
                 "say in one line why small variants are not enough, and cite the "
                 "source"});
        if (cond.requires_evidence.empty() && !cond.requires_reason.empty())
            problems.push_back({t.at(r, "requires_evidence"),
                                "requires_reason is given but requires_evidence is empty",
                                "name the evidence the condition needs, or clear the reason"});
        if (cond.id.empty() || cond.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") !=
                                   std::string::npos) {
            problems.push_back({t.at(r, "condition_id"),
                                "condition_id '" + cond.id + "' is not [a-z0-9-]+",
                                "use a lowercase slug such as 'cystic-fibrosis'"});
            continue;
        }
        if (panel.find_condition(cond.id) != nullptr) {
            problems.push_back({t.at(r, "condition_id"), "duplicate condition_id '" + cond.id + "'",
                                "each condition is listed once; remove or rename this row"});
            continue;
        }
        if (cond.name.empty())
            problems.push_back(
                {t.at(r, "name"), "condition has no name", "give it a readable name"});
        panel.conditions.push_back(std::move(cond));
    }
}

bool parse_span(const TsvTable& t, const TsvTable::Row& r, std::size_t chrom_col, Region& out,
                std::vector<PanelProblem>& problems) {
    const auto& c = r.cells;
    const auto canon = canonical_contig(c[chrom_col]);
    if (!canon) {
        problems.push_back({t.at(r, "chrom"), "unknown chromosome '" + c[chrom_col] + "'",
                            "use chr1..chr22, chrX, chrY or chrM"});
        return false;
    }
    if (*canon != c[chrom_col]) {
        problems.push_back({t.at(r, "chrom"),
                            "chromosome '" + c[chrom_col] + "' is not in canonical form",
                            "write it as '" + *canon + "'"});
        return false;
    }
    std::int64_t start = 0, end = 0;
    if (!parse_int64(c[chrom_col + 1], start) || start < 1) {
        problems.push_back({t.at(r, "start"),
                            "start '" + c[chrom_col + 1] + "' is not a positive integer",
                            "coordinates are 1-based GRCh38"});
        return false;
    }
    if (!parse_int64(c[chrom_col + 2], end) || end < start) {
        problems.push_back({t.at(r, "end"),
                            "end '" + c[chrom_col + 2] + "' is not an integer >= start",
                            "coordinates are 1-based and inclusive: end >= start"});
        return false;
    }
    const auto len = grch38_length(*canon);
    if (len && end > *len) {
        problems.push_back({t.at(r, "end"),
                            "end " + std::to_string(end) + " is beyond the end of " + *canon +
                                " (" + std::to_string(*len) + " bp in GRCh38)",
                            "check that the coordinates are GRCh38, not GRCh37"});
        return false;
    }
    out = Region{*canon, start, end};
    return true;
}

void parse_genes(const PanelFiles& files, Panel& panel, std::vector<PanelProblem>& problems) {
    const auto it = files.content.find("genes.tsv");
    if (it == files.content.end()) return;
    TsvTable t(panel_file_path(files, "genes.tsv"), it->second,
               {"symbol", "hgnc_id", "condition_id", "moi", "lof_mechanism", "lof_source", "chrom",
                "start", "end", "mane_transcript", "moi_source", "notes", "aliases"},
               problems, 12);
    for (const auto& r : t.rows()) {
        const auto& c = r.cells;
        GeneEntry g;
        g.symbol = c[0];
        g.hgnc_id = c[1];
        g.condition_id = c[2];
        g.lof_source = c[5];
        g.mane_transcript = c[9];
        g.moi_source = c[10];
        g.notes = c[11];
        g.line = r.line;
        bool ok = true;
        if (!parse_aliases(c[12], g.aliases))
            problems.push_back({t.at(r, "aliases"),
                                "aliases '" + c[12] + "' is not a comma-separated list of symbols",
                                "write symbols separated by ',' without spaces, e.g. TAZ,BTHS"});
        if (g.symbol.empty()) {
            problems.push_back({t.at(r, "symbol"), "empty gene symbol", "use the HGNC symbol"});
            ok = false;
        }
        if (g.hgnc_id.rfind("HGNC:", 0) != 0) {
            problems.push_back({t.at(r, "hgnc_id"),
                                "hgnc_id '" + g.hgnc_id + "' is not of the form HGNC:<n>",
                                "look it up in the MANE summary or at genenames.org"});
            ok = false;
        }
        if (panel.find_condition(g.condition_id) == nullptr) {
            problems.push_back({t.at(r, "condition_id"),
                                "unknown condition_id '" + g.condition_id + "'",
                                "add it to conditions.tsv or correct the id"});
            ok = false;
        }
        if (auto m = parse_moi(c[3])) {
            g.moi = *m;
        } else {
            const bool refused = c[3].find("IMPRINT") != std::string::npos ||
                                 c[3] == "MITOCHONDRIAL" || c[3] == "UNKNOWN" || c[3] == "Unknown";
            problems.push_back(
                {t.at(r, "moi"),
                 "moi '" + c[3] + "' is " +
                     (refused ? "not allowed in a screening panel" : "not a known class"),
                 "use MONOALLELIC, BIALLELIC, XLINKED_MONOALLELIC or XLINKED_BIALLELIC"});
            ok = false;
        }
        if (c[4] == "yes" || c[4] == "no") {
            g.lof_mechanism = c[4] == "yes";
        } else {
            problems.push_back({t.at(r, "lof_mechanism"),
                                "lof_mechanism '" + c[4] + "' is not yes or no",
                                "write yes where loss of function causes the condition, else no"});
            ok = false;
        }
        ok = parse_span(t, r, 6, g.span, problems) && ok;
        if (ok) panel.genes.push_back(std::move(g));
    }
}

void parse_variants(const PanelFiles& files, Panel& panel, std::vector<PanelProblem>& problems) {
    const auto it = files.content.find("variants.tsv");
    if (it == files.content.end()) return;
    TsvTable t(panel_file_path(files, "variants.tsv"), it->second,
               {"chrom", "pos", "ref", "alt", "gene", "list", "why", "source", "stars", "added_in",
                "condition_id", "null_allele"},
               problems, 10);
    for (const auto& r : t.rows()) {
        const auto& c = r.cells;
        CuratedVariant v;
        v.gene = c[4];
        v.why = c[6];
        v.source = c[7];
        v.added_in = c[9];
        v.condition_id = c[10];
        v.line = r.line;
        bool ok = true;
        // Whether the condition belongs to the gene is a whole-panel check (panel_validate).
        if (!v.condition_id.empty() && panel.find_condition(v.condition_id) == nullptr) {
            problems.push_back({t.at(r, "condition_id"),
                                "unknown condition_id '" + v.condition_id + "'",
                                "name a condition of this gene's entries in conditions.tsv, or "
                                "leave it empty for every entry of the gene"});
            ok = false;
        }
        if (c[11] == "yes" || c[11] == "no" || c[11].empty()) {
            v.null_allele = c[11] == "yes";
        } else {
            problems.push_back({t.at(r, "null_allele"),
                                "null_allele '" + c[11] + "' is not yes, no or empty",
                                "write yes for a loss-of-function (null) allele; leave empty when "
                                "the consequence is not known to be null"});
            ok = false;
        }
        const auto canon = canonical_contig(c[0]);
        if (!canon || *canon != c[0]) {
            problems.push_back({t.at(r, "chrom"), "chromosome '" + c[0] + "' is not canonical",
                                "use chr1..chr22, chrX, chrY or chrM"});
            ok = false;
        }
        std::int64_t pos = 0;
        if (!parse_int64(c[1], pos) || pos < 1) {
            problems.push_back({t.at(r, "pos"), "pos '" + c[1] + "' is not a positive integer",
                                "positions are 1-based GRCh38"});
            ok = false;
        } else if (canon) {
            const auto len = grch38_length(*canon);
            if (len && pos > *len) {
                problems.push_back({t.at(r, "pos"),
                                    "pos " + c[1] + " is beyond the end of " + *canon,
                                    "check that the coordinates are GRCh38"});
                ok = false;
            }
        }
        if (!is_acgt(c[2])) {
            problems.push_back({t.at(r, "ref"),
                                "ref '" + c[2] + "' is not a sequence of A, C, G, T",
                                "write the reference allele in upper case, VCF-style"});
            ok = false;
        }
        if (!is_acgt(c[3]) || c[3] == c[2]) {
            problems.push_back(
                {t.at(r, "alt"),
                 "alt '" + c[3] + "' is not a sequence of A, C, G, T differing from ref",
                 "write one ALT allele in upper case, VCF-style"});
            ok = false;
        }
        if (c[5] == "include" || c[5] == "exclude") {
            v.list = c[5] == "include" ? ListKind::include : ListKind::exclude;
        } else {
            problems.push_back({t.at(r, "list"), "list '" + c[5] + "' is not include or exclude",
                                "write include or exclude"});
            ok = false;
        }
        if (!c[8].empty()) {
            std::int64_t stars = -1;
            if (!parse_int64(c[8], stars) || stars < 0 || stars > 4) {
                problems.push_back({t.at(r, "stars"), "stars '" + c[8] + "' is not 0-4",
                                    "ClinVar review stars are 0 to 4; leave empty when unknown"});
                ok = false;
            } else {
                v.stars = static_cast<int>(stars);
            }
        }
        if (!ok) continue;
        v.variant = minimal_representation(Variant{*canon, pos, c[2], c[3]});
        panel.variants.push_back(std::move(v));
    }
}

void parse_targets(const PanelFiles& files, Panel& panel, std::vector<PanelProblem>& problems) {
    const auto it = files.content.find("targets.tsv");
    if (it == files.content.end()) {
        // No exon model shipped: the gene spans are the targets.
        for (const auto& g : panel.genes) {
            bool seen = false;
            for (const auto& t : panel.targets)
                seen = seen || t.symbol == g.symbol;
            if (!seen) panel.targets.push_back({g.symbol, g.span, "gene_span", ""});
        }
        return;
    }
    TsvTable t(panel_file_path(files, "targets.tsv"), it->second,
               {"symbol", "chrom", "start", "end", "kind", "transcript"}, problems);
    for (const auto& r : t.rows()) {
        Target tg;
        tg.symbol = r.cells[0];
        tg.kind = r.cells[4];
        tg.transcript = r.cells[5];
        if (!parse_span(t, r, 1, tg.region, problems)) continue;
        if (tg.kind != "coding_exon" && tg.kind != "gene_span") {
            problems.push_back({t.at(r, "kind"),
                                "kind '" + tg.kind + "' is not coding_exon or gene_span",
                                "see docs/panel-format.md"});
            continue;
        }
        panel.targets.push_back(std::move(tg));
    }
}

/// A panel that says schema_version 1.0 but has a 1.1 column would be refused by a 1.0 reader
/// (it knows no such column): the manifest must say 1.1. Example: genes.tsv with 13 columns
/// (`... notes aliases`) under schema_version = "1.0" -> a problem at the `aliases` header cell.
/// Likewise a 1.2 column (conditions.tsv asqm_severity...) under schema_version = "1.1".
void check_columns_match_schema(const PanelFiles& files, const Panel& panel,
                                std::vector<PanelProblem>& problems) {
    // Columns each file has in schema 1.0, 1.1 and 1.2 (docs/panel-format.md, "schema").
    struct Layout {
        const char* file;
        std::size_t columns[3];
    };
    constexpr Layout layouts[] = {{"conditions.tsv", {7, 9, 12}},
                                  {"genes.tsv", {12, 13, 13}},
                                  {"variants.tsv", {10, 12, 12}}};
    const std::string& sv = panel.manifest.schema_version;
    std::size_t minor = 0;
    if (sv == "1.0")
        minor = 0;
    else if (sv == "1.1")
        minor = 1;
    else
        return;  // 1.2 (every column known) or a version the manifest check reports
    for (const auto& layout : layouts) {
        const std::string name = layout.file;
        const std::size_t allowed = layout.columns[minor];
        if (allowed == layout.columns[2]) continue;
        const auto it = files.content.find(name);
        if (it == files.content.end()) continue;
        std::istringstream in(it->second);
        std::string line;
        std::uint64_t n = 0;
        while (std::getline(in, line)) {
            ++n;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.empty() || line[0] == '#') continue;
            const auto cells = split_tabs(line);
            if (cells.size() > allowed) {
                // The schema that introduced the first extra column.
                std::size_t needs = minor + 1;
                while (needs < 2 && layout.columns[needs] <= allowed)
                    ++needs;
                const std::string v = "1." + std::to_string(needs);
                problems.push_back({{panel_file_path(files, name), n, allowed + 1},
                                    "column '" + cells[allowed] + "' is from panel schema " + v +
                                        " but panel.toml says schema_version = \"" + sv + "\"",
                                    "set schema_version = \"" + v + "\" in panel.toml"});
            }
            break;
        }
    }
}

}  // namespace

bool is_evidence_kind(std::string_view kind) {
    if (kind == "smn1_copy_number") return true;
    constexpr std::string_view other = "other:";
    if (kind.substr(0, other.size()) != other || kind.size() == other.size()) return false;
    return kind.substr(other.size()).find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") ==
           std::string_view::npos;
}

std::vector<std::string> split_tabs(std::string_view line) {
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(std::count(line.begin(), line.end(), '\t')) + 1);
    std::size_t start = 0;
    for (;;) {
        const auto tab = line.find('\t', start);
        out.emplace_back(line.substr(
            start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
        if (tab == std::string_view::npos) break;
        start = tab + 1;
    }
    return out;
}

std::string PanelProblem::to_string() const {
    std::string s = InputError::render_location(where) + ": " + why;
    if (!hint.empty()) s += "\n  hint: " + hint;
    return s;
}

Panel parse_panel(const PanelFiles& files, std::vector<PanelProblem>& problems) {
    Panel panel;
    panel.source_path = files.origin;
    parse_manifest(files, panel, problems);
    parse_conditions(files, panel, problems);
    parse_genes(files, panel, problems);
    parse_variants(files, panel, problems);
    parse_targets(files, panel, problems);
    parse_smn_table(files, panel, problems);
    check_columns_match_schema(files, panel, problems);
    parse_knowledge(files, panel, problems);
    panel.sha256 = content_sha256(files);
    return panel;
}

Panel load_panel(const std::filesystem::path& path) {
    const PanelFiles files = read_panel_files(path);
    std::vector<PanelProblem> problems;
    Panel panel = parse_panel(files, problems);
    if (!problems.empty()) {
        const auto& p = problems.front();
        std::string why = p.why;
        if (problems.size() > 1)
            why += " (and " + std::to_string(problems.size() - 1) + " more problem" +
                   (problems.size() > 2 ? "s" : "") + ")";
        throw InputError(p.where, why,
                         p.hint + (p.hint.empty() ? "" : "; ") + "run 'nbscreen panel validate " +
                             path.string() + "' to list every problem");
    }
    return panel;
}

}  // namespace nbs
