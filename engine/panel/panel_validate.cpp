#include "engine/panel/panel_validate.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "engine/genome/contig.hpp"
#include "engine/genome/normalize.hpp"
#include "engine/panel/knowledge_parser.hpp"

namespace nbs {
namespace {

std::string file_path(const PanelFiles& files, const std::string& name) {
    return files.origin_kind == "bundle" ? files.origin + "!" + name
                                         : (std::filesystem::path(files.origin) / name).string();
}

/// The lines of a file (without line ends), so checks that work on the parsed model can still
/// look at a cell exactly as the curator wrote it. lines[0] is line 1.
std::vector<std::string_view> split_lines(const std::string& text) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        out.push_back(line);
        start = end + 1;
    }
    return out;
}

std::vector<std::string> cells_of(std::string_view line) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const auto tab = line.find('\t', start);
        out.emplace_back(
            line.substr(start, tab == std::string_view::npos ? line.npos : tab - start));
        if (tab == std::string_view::npos) break;
        start = tab + 1;
    }
    return out;
}

// Column numbers (1-based) of the cells the checks below point at; docs/panel-format.md.
namespace gene_col {
constexpr std::uint64_t symbol = 1, condition_id = 3, moi = 4, chrom = 7, start = 8, notes = 12,
                        aliases = 13;
}
namespace variant_col {
constexpr std::uint64_t chrom = 1, pos = 2, ref = 3, alt = 4, gene = 5, list = 6, condition_id = 11;
}

class Checker {
  public:
    Checker(const PanelFiles& files, const Panel& panel, std::vector<PanelProblem>& problems,
            std::vector<PanelProblem>& warnings)
        : files_(files), panel_(panel), problems_(problems), warnings_(warnings) {}

    void add(std::string file, std::uint64_t line, std::uint64_t column, std::string why,
             std::string hint) {
        problems_.push_back({{std::move(file), line, column}, std::move(why), std::move(hint)});
    }
    void warn(std::string file, std::uint64_t line, std::uint64_t column, std::string why,
              std::string hint) {
        warnings_.push_back({{std::move(file), line, column}, std::move(why), std::move(hint)});
    }

    /// Coverage targets per gene, and conditions that can never be assessed. A gene entry can be
    /// assessed only when its gene has a coverage target: with alignments, a gene without one is
    /// always "not assessable" (coverage_gate.cpp), so a missing target is worth a warning. A
    /// condition with no gene entry, or none of whose entries' genes has a target, can never get
    /// a result from alignments (and one without entries none at all): an error. Example: a
    /// targets.tsv listing only CFTR, with PAH the only gene of phenylketonuria -> a warning on
    /// PAH's genes.tsv row and an error on phenylketonuria's conditions.tsv row.
    void assessable() {
        const std::set<std::string> targeted = genes_with_targets(panel_);
        const bool has_file = files_.content.count("targets.tsv") != 0;
        const std::string genes_path = file_path(files_, "genes.tsv");
        std::set<std::string> warned;
        for (const auto& g : panel_.genes)
            if (has_file && targeted.count(g.symbol) == 0 && warned.insert(g.symbol).second)
                warn(genes_path, g.line, gene_col::symbol,
                     g.symbol + " has no coverage targets in targets.tsv",
                     "run 'nbscreen panel targets " + files_.origin +
                         " --make' to add its MANE Select coding exons; without targets its "
                         "conditions are not assessable when alignments are screened");
        const std::string cond_path = file_path(files_, "conditions.tsv");
        for (const auto& c : panel_.conditions) {
            // Evidence the screen can never have makes the condition not assessable in every
            // baby (docs/rules.md rule 7): allowed, since a source says so, but worth a warning.
            if (c.requires_evidence.rfind("other:", 0) == 0)
                warn(cond_path, c.line, 8,
                     "condition '" + c.id + "' is never assessable: it requires " +
                         c.requires_evidence + ", which nbscreen cannot read",
                     "every screen lists it as not assessable with its requires_reason");
            else if (c.requires_evidence == "smn1_copy_number" && !panel_.smn)
                warn(cond_path, c.line, 8,
                     "condition '" + c.id +
                         "' is never assessable: it requires smn1_copy_number but the panel has "
                         "no smn.tsv",
                     "add smn.tsv (docs/panel-format.md) so the SMN1 copy-number caller can run");
            std::vector<std::string> genes;
            bool any = false;
            for (const auto& g : panel_.genes)
                if (g.condition_id == c.id) {
                    if (std::find(genes.begin(), genes.end(), g.symbol) == genes.end())
                        genes.push_back(g.symbol);
                    any = any || targeted.count(g.symbol) != 0;
                }
            if (genes.empty()) {
                add(cond_path, c.line, 1, "condition '" + c.id + "' has no gene entry in genes.tsv",
                    "add the genes that cause it, or remove the condition: a condition without "
                    "genes can never be assessed");
            } else if (!any) {
                std::string list;
                for (const auto& g : genes)
                    list += (list.empty() ? "" : ", ") + g;
                add(cond_path, c.line, 1,
                    "condition '" + c.id + "' cannot be assessed: none of its genes (" + list +
                        ") has coverage targets",
                    "add targets (nbscreen panel targets " + files_.origin +
                        " --make derives them from MANE Select models)");
            }
        }
    }

    /// `intervention` is retired in schema 1.2: no cited source fills it, and an uncited early
    /// intervention is invented clinical content. A 1.2 panel must leave it empty; an older
    /// panel that fills it is warned (nbscreen ignores the text).
    void retired_columns() {
        const std::string path = file_path(files_, "conditions.tsv");
        const auto v = parse_panel_version(panel_.manifest.schema_version + ".0");
        const bool v12 = v && v->size() == 3 && ((*v)[0] > 1 || (*v)[1] >= 2);
        for (const auto& c : panel_.conditions) {
            if (c.intervention.empty()) continue;
            const std::string why = "intervention is filled for '" + c.id +
                                    "' but the column is retired (panel schema 1.2): nbscreen "
                                    "ignores it";
            const std::string hint =
                "clear the cell; an early intervention needs a cited source, which the panel "
                "format has no column for (docs/panel-format.md)";
            if (v12)
                add(path, c.line, 5, why, hint);
            else
                warn(path, c.line, 5, why, hint);
        }
    }

    void manifest() {
        const auto it = files_.content.find("panel.toml");
        if (it == files_.content.end()) return;
        const std::string path = file_path(files_, "panel.toml");
        toml::table tbl;
        try {
            tbl = toml::parse(it->second, path);
        } catch (const toml::parse_error&) {
            return;  // reported by the parser
        }
        auto line_of = [&](const char* key) -> std::uint64_t {
            const toml::node* n = tbl.get(key);
            return n != nullptr ? n->source().begin.line : 0;
        };
        const auto& m = panel_.manifest;
        if (!m.id.empty() &&
            m.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
            add(path, line_of("id"), 1, "id '" + m.id + "' is not [a-z0-9-]+",
                "use a lowercase slug such as 'generation-study'");
        if (!m.version.empty() && !parse_panel_version(m.version))
            add(path, line_of("version"), 1, "version '" + m.version + "' is not MAJOR.MINOR.PATCH",
                "write a semantic version such as \"1.2.0\" (PanelApp imports may use \"4.2\")");
        if (!m.released.empty() && !is_iso_date(m.released))
            add(path, line_of("released"), 1, "released '" + m.released + "' is not an ISO date",
                "write it as YYYY-MM-DD, e.g. \"2026-11-24\"");
    }

    void genes() {
        const std::string path = file_path(files_, "genes.tsv");
        std::map<std::tuple<std::string, std::string, Moi>, std::uint64_t> seen;
        std::map<std::string, const GeneEntry*> first_of_symbol;
        for (const auto& g : panel_.genes) {
            const auto key = std::make_tuple(g.symbol, g.condition_id, g.moi);
            if (const auto [it, fresh] = seen.emplace(key, g.line); !fresh) {
                add(path, g.line, gene_col::symbol,
                    "duplicate row: " + g.symbol + " / " + g.condition_id + " / " +
                        std::string(to_string(g.moi)) + " is already on line " +
                        std::to_string(it->second),
                    "a gene has one row per condition and MOI; remove one of the two rows");
            }
            // Several rows of one gene (several conditions or MOIs) describe the same gene.
            if (const auto [it, fresh] = first_of_symbol.emplace(g.symbol, &g); !fresh) {
                const GeneEntry& f = *it->second;
                if (f.span != g.span)
                    add(path, g.line, gene_col::chrom,
                        g.symbol + " span " + g.span.to_string() + " differs from " +
                            f.span.to_string() + " on line " + std::to_string(f.line),
                        "every row of a gene carries the same GRCh38 span");
                if (f.hgnc_id != g.hgnc_id)
                    add(path, g.line, 2,
                        g.symbol + " hgnc_id " + g.hgnc_id + " differs from " + f.hgnc_id +
                            " on line " + std::to_string(f.line),
                        "every row of a gene carries the same HGNC id");
                if (f.aliases != g.aliases)
                    add(path, g.line, gene_col::aliases,
                        g.symbol + " aliases differ from those on line " + std::to_string(f.line),
                        "every row of a gene carries the same aliases");
            }
            const bool on_x = g.span.chrom == "chrX";
            if (on_x && !is_xlinked(g.moi) && g.notes.find("chrX") == std::string::npos)
                add(path, g.line, gene_col::moi,
                    g.symbol + " is on chrX but its moi is " + std::string(to_string(g.moi)),
                    "use XLINKED_MONOALLELIC or XLINKED_BIALLELIC, or state in notes why not "
                    "(a note containing 'chrX', e.g. 'chrX: pseudoautosomal (PAR1)')");
            if (!on_x && is_xlinked(g.moi))
                add(path, g.line, gene_col::moi,
                    g.symbol + " has moi " + std::string(to_string(g.moi)) + " but lies on " +
                        g.span.chrom,
                    "X-linked classes are for chrX genes; check the moi or the coordinates");
        }
    }

    /// An alias names one panel gene or none: an alias that is another panel gene's symbol, or
    /// that two panel genes share, would attribute one gene's annotations to the other (e.g. an
    /// old symbol reassigned by HGNC to a different gene).
    void aliases() {
        const std::string path = file_path(files_, "genes.tsv");
        std::map<std::string, const GeneEntry*> by_symbol;
        for (const auto& g : panel_.genes)
            by_symbol.emplace(g.symbol, &g);
        std::map<std::string, const GeneEntry*> owner;  // alias -> first gene claiming it
        std::set<std::string> reported;
        for (const auto& g : panel_.genes) {
            if (by_symbol.at(g.symbol) != &g) continue;  // each gene once (rows agree, above)
            std::set<std::string> own;
            for (const auto& a : g.aliases) {
                if (!own.insert(a).second) {
                    add(path, g.line, gene_col::aliases, g.symbol + " lists alias " + a + " twice",
                        "list each alias once");
                    continue;
                }
                if (a == g.symbol) {
                    add(path, g.line, gene_col::aliases,
                        g.symbol + " lists its own symbol as an alias",
                        "aliases are the gene's other names; remove " + a);
                    continue;
                }
                if (const auto s = by_symbol.find(a); s != by_symbol.end()) {
                    add(path, g.line, gene_col::aliases,
                        g.symbol + " alias " + a + " is the symbol of panel gene " + a + " (line " +
                            std::to_string(s->second->line) + ")",
                        "remove the alias: annotation naming " + a + " belongs to " + a);
                    continue;
                }
                const auto [o, fresh] = owner.emplace(a, &g);
                if (!fresh && reported.insert(a).second)
                    add(path, g.line, gene_col::aliases,
                        "alias " + a + " is listed by both " + o->second->symbol + " (line " +
                            std::to_string(o->second->line) + ") and " + g.symbol,
                        "an ambiguous alias cannot attribute an annotation; remove it from both "
                        "genes");
            }
        }
    }

    void variants() {
        const auto it = files_.content.find("variants.tsv");
        if (it == files_.content.end()) return;
        const std::string path = file_path(files_, "variants.tsv");
        const auto lines = split_lines(it->second);
        std::map<std::string, std::vector<const GeneEntry*>> genes_of;
        for (const auto& g : panel_.genes)
            genes_of[g.symbol].push_back(&g);
        std::map<std::pair<Variant, ListKind>, std::uint64_t> seen;
        std::map<Variant, std::pair<ListKind, std::uint64_t>> first_list;
        for (const auto& v : panel_.variants) {
            // The allele as written must already be minimal: two spellings of one allele would
            // dodge the duplicate and include/exclude checks.
            if (v.line >= 1 && v.line <= lines.size()) {
                const auto c = cells_of(lines[v.line - 1]);
                if (c.size() > variant_col::alt &&
                    (c[variant_col::pos - 1] != std::to_string(v.variant.pos) ||
                     c[variant_col::ref - 1] != v.variant.ref ||
                     c[variant_col::alt - 1] != v.variant.alt))
                    add(path, v.line, variant_col::ref,
                        "allele " + c[0] + ":" + c[1] + " " + c[2] + ">" + c[3] +
                            " is not in minimal representation",
                        "trim the bases REF and ALT share: write pos " +
                            std::to_string(v.variant.pos) + ", ref " + v.variant.ref + ", alt " +
                            v.variant.alt);
            }
            if (const auto [s, fresh] = seen.emplace(std::make_pair(v.variant, v.list), v.line);
                !fresh) {
                add(path, v.line, variant_col::chrom,
                    "duplicate row: " + v.variant.to_string() + " is already on the " +
                        (v.list == ListKind::include ? "include" : "exclude") + " list on line " +
                        std::to_string(s->second),
                    "list each allele once; remove this row");
            } else if (const auto [f, first] =
                           first_list.emplace(v.variant, std::make_pair(v.list, v.line));
                       !first && f->second.first != v.list) {
                add(path, v.line, variant_col::list,
                    v.variant.to_string() +
                        " is both included and excluded (the other row is line " +
                        std::to_string(f->second.second) + ")",
                    "an allele is on one list only; an allele on a blocklist is only 'exclude'");
            }
            const auto g = genes_of.find(v.gene);
            if (g == genes_of.end()) {
                add(path, v.line, variant_col::gene, "gene '" + v.gene + "' is not in genes.tsv",
                    "name the panel gene the allele belongs to, or add the gene");
                continue;
            }
            // The engine reads a gene's span +/- gene_padding_bp, so an allele curated in the
            // padding (a promoter or UTR allele past the MANE span) is still read.
            const std::int64_t pad = panel_.manifest.thresholds.gene_padding_bp;
            bool inside = false;
            for (const auto* e : g->second)
                inside = inside || (e->span.chrom == v.variant.chrom &&
                                    v.variant.pos >= e->span.start - pad &&
                                    v.variant.pos <= e->span.end + pad);
            if (!inside)
                add(path, v.line, variant_col::pos,
                    v.variant.to_string() + " lies outside " + v.gene + " (" +
                        g->second.front()->span.to_string() + " +/- " + std::to_string(pad) +
                        " bp)",
                    "check the position (GRCh38, 1-based) and the gene; a curated allele must lie "
                    "within its gene's span or gene_padding_bp of it");
            if (!v.condition_id.empty()) {
                bool of_gene = false;
                for (const auto* e : g->second)
                    of_gene = of_gene || e->condition_id == v.condition_id;
                if (!of_gene) {
                    std::string conds;
                    for (const auto* e : g->second)
                        if (conds.find(e->condition_id) == std::string::npos)
                            conds += (conds.empty() ? "" : ", ") + e->condition_id;
                    add(path, v.line, variant_col::condition_id,
                        "condition_id '" + v.condition_id + "' is not a condition of " + v.gene +
                            " (its entries: " + conds + ")",
                        "name one of the gene's conditions, or leave it empty for all of them");
                } else if (v.list == ListKind::exclude) {
                    add(path, v.line, variant_col::condition_id,
                        "an exclude row names condition_id '" + v.condition_id + "'",
                        "an excluded allele is excluded for every entry of its gene; leave "
                        "condition_id empty");
                }
            }
        }
    }

    void targets() {
        const auto it = files_.content.find("targets.tsv");
        if (it == files_.content.end()) return;
        const std::string path = file_path(files_, "targets.tsv");
        std::set<std::string> symbols;
        for (const auto& g : panel_.genes)
            symbols.insert(g.symbol);
        const auto lines = split_lines(it->second);
        bool header = true;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (lines[i].empty() || lines[i][0] == '#') continue;
            if (header) {
                header = false;
                continue;
            }
            const std::string symbol(lines[i].substr(0, lines[i].find('\t')));
            if (symbols.count(symbol) == 0)
                add(path, i + 1, 1, "target gene '" + symbol + "' is not in genes.tsv",
                    "targets belong to panel genes; remove the row or add the gene");
        }
    }

    void release(const ValidateOptions& opt) {
        if (opt.previous == nullptr) return;
        std::vector<PanelProblem> ignored;  // the previous release's own problems are not ours
        const Panel old = parse_panel(*opt.previous, ignored);
        if (old.sha256 == panel_.sha256) return;
        const std::string toml_path = file_path(files_, "panel.toml");
        std::uint64_t version_line = 0;
        if (const auto it = files_.content.find("panel.toml"); it != files_.content.end()) {
            const auto lines = split_lines(it->second);
            for (std::size_t i = 0; i < lines.size(); ++i)
                if (lines[i].rfind("version", 0) == 0 && lines[i].rfind("version_", 0) != 0) {
                    version_line = i + 1;
                    break;
                }
        }
        added_rows(old, opt);
        released_moved(old, opt);
        const std::string& now = panel_.manifest.version;
        const std::string& before = old.manifest.version;
        const std::string change = "the content changed since " + opt.previous->origin +
                                   " (sha256 " + old.sha256.substr(0, 12) + " -> " +
                                   panel_.sha256.substr(0, 12) + ")";
        const auto vn = parse_panel_version(now), vb = parse_panel_version(before);
        if (now == before) {
            add(toml_path, version_line, 1, change + " but version is still " + now,
                "bump version (e.g. to " + suggest_bump(before) +
                    ") and describe the change under a '## <version>' heading in CHANGELOG.md");
            return;
        }
        if (vn && vb && *vn < *vb) {
            add(toml_path, version_line, 1,
                "version " + now + " is lower than the previous release's " + before,
                "versions only go up; use " + suggest_bump(before) + " or later");
            return;
        }
        const std::string cl_path =
            opt.changelog_path.empty() ? file_path(files_, "CHANGELOG.md") : opt.changelog_path;
        if (!opt.changelog) {
            add(cl_path, 0, 0, change + " but the panel has no CHANGELOG.md",
                "add CHANGELOG.md with a '## " + now + "' entry saying what changed and why");
        } else if (!changelog_mentions(*opt.changelog, now)) {
            add(cl_path, 1, 1,
                change + " and version is now " + now + ", but CHANGELOG.md has no entry for " +
                    now,
                "add a heading '## " + now + " (YYYY-MM-DD)' saying what changed and why");
        }
    }

    /// Curated rows added since the previous release (an allele on a list it was not on) carry
    /// the new version in added_in, so a reviewer can tell what each release brought.
    void added_rows(const Panel& old, const ValidateOptions&) {
        std::set<std::pair<Variant, ListKind>> before;
        for (const auto& v : old.variants)
            before.insert({v.variant, v.list});
        const std::string path = file_path(files_, "variants.tsv");
        const std::string& now = panel_.manifest.version;
        for (const auto& v : panel_.variants) {
            if (before.count({v.variant, v.list}) != 0 || v.added_in == now) continue;
            add(path, v.line, kAddedInColumn,
                v.variant.to_string() + " is new since " + old.manifest.version +
                    " but added_in is '" + v.added_in + "'",
                "write added_in " + now + " (the version that adds the row)");
        }
    }

    /// A new release is dated on or after the previous one; the same day is allowed (warned).
    void released_moved(const Panel& old, const ValidateOptions& opt) {
        const std::string& now = panel_.manifest.released;
        const std::string& before = old.manifest.released;
        if (!is_iso_date(now) || !is_iso_date(before)) return;
        const std::string path = file_path(files_, "panel.toml");
        const std::uint64_t line = toml_key_line("released");
        if (now < before)
            add(path, line, 1,
                "released " + now + " is earlier than the previous release's " + before + " (" +
                    opt.previous->origin + ")",
                "write the date of this release, on or after " + before);
        else if (now == before)
            warn(path, line, 1,
                 "released " + now + " is the same date as the previous release (" +
                     opt.previous->origin + ")",
                 "write the date this version is released");
    }

  private:
    static constexpr std::uint64_t kAddedInColumn = 10;
    std::uint64_t toml_key_line(std::string_view key) const {
        const auto it = files_.content.find("panel.toml");
        if (it == files_.content.end()) return 0;
        const auto lines = split_lines(it->second);
        for (std::size_t i = 0; i < lines.size(); ++i)
            if (lines[i].rfind(key, 0) == 0 && lines[i].size() > key.size() &&
                (lines[i][key.size()] == ' ' || lines[i][key.size()] == '='))
                return i + 1;
        return 0;
    }
    static bool is_iso_date(const std::string& s) {
        if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
        for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
            if (s[i] < '0' || s[i] > '9') return false;
        return true;
    }
    static std::string suggest_bump(const std::string& v) {
        auto parts = parse_panel_version(v);
        if (!parts || parts->empty()) return "a higher version";
        ++parts->back();
        std::string s;
        for (int p : *parts) {
            if (!s.empty()) s += '.';
            s += std::to_string(p);
        }
        return s;
    }

    const PanelFiles& files_;
    const Panel& panel_;
    std::vector<PanelProblem>& problems_;
    std::vector<PanelProblem>& warnings_;
};

}  // namespace

std::optional<std::vector<int>> parse_panel_version(std::string_view v) {
    std::vector<int> parts;
    std::size_t start = 0;
    while (start <= v.size()) {
        auto dot = v.find('.', start);
        if (dot == std::string_view::npos) dot = v.size();
        int n = 0;
        const auto r = std::from_chars(v.data() + start, v.data() + dot, n);
        if (dot == start || r.ec != std::errc() || r.ptr != v.data() + dot) return std::nullopt;
        parts.push_back(n);
        start = dot + 1;
    }
    if (parts.size() < 2 || parts.size() > 3) return std::nullopt;
    return parts;
}

bool changelog_mentions(const std::string& changelog, const std::string& version) {
    if (version.empty()) return false;
    auto word_char = [](char c) { return (c >= '0' && c <= '9') || c == '.'; };
    for (const auto line : split_lines(changelog)) {
        if (line.empty() || line[0] != '#') continue;
        for (auto p = line.find(version); p != std::string_view::npos;
             p = line.find(version, p + 1)) {
            const bool left = p == 0 || !word_char(line[p - 1]);
            const std::size_t e = p + version.size();
            // "1.2" must not match "1.2.0", but a sentence may end "... 1.2."
            const bool right = e == line.size() || !word_char(line[e]) ||
                               (line[e] == '.' && (e + 1 == line.size() || line[e + 1] == ' '));
            if (left && right) return true;
        }
    }
    return false;
}

std::set<std::string> genes_with_targets(const Panel& panel) {
    std::set<std::string> out;
    for (const auto& t : panel.targets)
        out.insert(t.symbol);
    return out;
}

std::string count_problems(std::size_t n) {
    return std::to_string(n) + (n == 1 ? " problem" : " problems");
}

std::optional<std::string> read_panel_changelog(const std::filesystem::path& panel) {
    if (!std::filesystem::is_directory(panel)) return std::nullopt;
    std::ifstream in(panel / "CHANGELOG.md", std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

PanelValidation validate_panel(const PanelFiles& files, const ValidateOptions& options) {
    PanelValidation out;
    out.panel = parse_panel(files, out.problems);
    Checker check(files, out.panel, out.problems, out.warnings);
    check.manifest();
    check.genes();
    check.aliases();
    check.variants();
    check.targets();
    check.assessable();
    check.retired_columns();
    check.release(options);
    check_knowledge(files, out.panel, out.problems);
    // Reading order: file by file (content order), then line and column.
    auto file_rank = [&](const std::string& f) {
        for (std::size_t i = 0; i < std::size(kPanelContentFiles); ++i)
            if (f == file_path(files, std::string(kPanelContentFiles[i]))) return i;
        return std::size(kPanelContentFiles);
    };
    auto by_place = [&](const PanelProblem& a, const PanelProblem& b) {
        const auto ra = file_rank(a.where.file), rb = file_rank(b.where.file);
        if (ra != rb) return ra < rb;
        if (a.where.line != b.where.line) return a.where.line < b.where.line;
        return a.where.column < b.where.column;
    };
    std::stable_sort(out.problems.begin(), out.problems.end(), by_place);
    std::stable_sort(out.warnings.begin(), out.warnings.end(), by_place);
    return out;
}

}  // namespace nbs
