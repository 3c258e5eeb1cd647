#include "engine/panel/smn_table.hpp"

#include <charconv>
#include <functional>
#include <sstream>

#include "engine/genome/contig.hpp"
#include "engine/panel/panel_manifest_parser.hpp"

namespace nbs {
namespace {

const std::vector<std::string> kColumns = {"kind",      "name",     "chrom",     "start",
                                           "end",       "smn1_pos", "smn1_base", "smn2_pos",
                                           "smn2_base", "value",    "source"};
enum Col {
    kKind,
    kName,
    kChrom,
    kStart,
    kEnd,
    kSmn1Pos,
    kSmn1Base,
    kSmn2Pos,
    kSmn2Base,
    kValue,
    kSource
};

bool to_int(const std::string& s, std::int64_t& out) {
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool to_double(const std::string& s, double& out) {
    // std::from_chars for double is in libstdc++ 11+; istringstream keeps it portable.
    std::istringstream in(s);
    in >> out;
    return !s.empty() && in && in.peek() == std::char_traits<char>::eof();
}

struct Ctx {
    std::string path;
    std::vector<PanelProblem>& problems;
    void add(std::uint64_t line, int col, std::string why, std::string hint) {
        problems.push_back(
            {{path, line, static_cast<std::uint64_t>(col) + 1}, std::move(why), std::move(hint)});
    }
};

bool in_grch38(Ctx& c, std::uint64_t line, int col, const std::string& chrom, std::int64_t pos) {
    const auto len = grch38_length(chrom);
    if (pos < 1 || (len && pos > *len)) {
        c.add(line, col, "position " + std::to_string(pos) + " is outside " + chrom + " in GRCh38",
              "coordinates are 1-based GRCh38");
        return false;
    }
    return true;
}

bool parse_region(Ctx& c, std::uint64_t line, const std::vector<std::string>& cells, Region& out) {
    const auto canon = canonical_contig(cells[kChrom]);
    if (!canon || *canon != cells[kChrom]) {
        c.add(line, kChrom, "chromosome '" + cells[kChrom] + "' is not canonical",
              "use chr1..chr22, chrX or chrY");
        return false;
    }
    std::int64_t s = 0, e = 0;
    if (!to_int(cells[kStart], s) || !to_int(cells[kEnd], e) || e < s) {
        c.add(line, kStart,
              "start/end '" + cells[kStart] + "'/'" + cells[kEnd] +
                  "' are not integers with end >= start",
              "1-based inclusive GRCh38 coordinates");
        return false;
    }
    if (!in_grch38(c, line, kStart, *canon, s) || !in_grch38(c, line, kEnd, *canon, e))
        return false;
    out = Region{*canon, s, e};
    return true;
}

bool parse_base(Ctx& c, std::uint64_t line, int col, const std::string& cell, char& out) {
    if (cell.size() != 1 || std::string("ACGT").find(cell[0]) == std::string::npos) {
        c.add(line, col, "base '" + cell + "' is not one of A, C, G, T", "one upper-case base");
        return false;
    }
    out = cell[0];
    return true;
}

// Each parameter: where it goes and its allowed range.
struct Param {
    std::function<void(SmnConfig&, double)> set;
    double lo, hi;
    bool integer;
};

const std::map<std::string, Param>& params() {
    static const std::map<std::string, Param> p = {
        {"min_c840_reads",
         {[](SmnConfig& s, double v) { s.min_c840_reads = static_cast<int>(v); }, 1, 1e6, true}},
        {"c840_error_rate",
         {[](SmnConfig& s, double v) { s.c840_error_rate = v; }, 1e-6, 0.1, false}},
        {"c840_max_copies",
         {[](SmnConfig& s, double v) { s.c840_max_copies = static_cast<int>(v); }, 2, 20, true}},
        {"c840_min_phred", {[](SmnConfig& s, double v) { s.c840_min_phred = v; }, 0, 1000, false}},
        {"min_mapq",
         {[](SmnConfig& s, double v) { s.min_mapq = static_cast<int>(v); }, 0, 60, true}},
        {"min_base_quality",
         {[](SmnConfig& s, double v) { s.min_base_quality = static_cast<int>(v); }, 0, 93, true}},
        {"min_norm_regions",
         {[](SmnConfig& s, double v) { s.min_norm_regions = static_cast<int>(v); }, 1, 1e6, true}},
        {"min_norm_depth", {[](SmnConfig& s, double v) { s.min_norm_depth = v; }, 0, 1e4, false}},
        {"max_norm_mad", {[](SmnConfig& s, double v) { s.max_norm_mad = v; }, 0, 1, false}},
        {"cn_sd", {[](SmnConfig& s, double v) { s.cn_sd = v; }, 1e-4, 1, false}},
        {"min_cn_posterior",
         {[](SmnConfig& s, double v) { s.min_cn_posterior = v; }, 0.5, 1, false}},
        {"site_error_rate",
         {[](SmnConfig& s, double v) { s.site_error_rate = v; }, 1e-6, 0.2, false}},
        {"min_site_posterior",
         {[](SmnConfig& s, double v) { s.min_site_posterior = v; }, 0.5, 1, false}},
        {"min_sites_agree",
         {[](SmnConfig& s, double v) { s.min_sites_agree = static_cast<int>(v); }, 1, 100, true}},
        {"max_copy_number",
         {[](SmnConfig& s, double v) { s.max_copy_number = static_cast<int>(v); }, 2, 20, true}},
    };
    return p;
}

}  // namespace

void parse_smn_table(const PanelFiles& files, Panel& panel, std::vector<PanelProblem>& problems) {
    const auto it = files.content.find("smn.tsv");
    if (it == files.content.end()) return;
    Ctx c{panel_file_path(files, "smn.tsv"), problems};
    SmnConfig cfg;
    bool have_smn1 = false, have_smn2 = false, have_header = false;
    std::uint64_t line_no = 0, last_line = 0;
    std::istringstream in(it->second);
    std::string line;
    while (std::getline(in, line)) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        auto cells = split_tabs(line);
        if (!have_header) {
            have_header = true;
            if (cells != kColumns) {
                std::string want;
                for (const auto& k : kColumns)
                    want += (want.empty() ? "" : "\\t") + k;
                c.add(line_no, 0, "smn.tsv header is not the expected one",
                      "the columns are: " + want);
                return;
            }
            continue;
        }
        last_line = line_no;
        if (cells.size() != kColumns.size()) {
            c.add(line_no, 0,
                  "row has " + std::to_string(cells.size()) + " columns, the header has " +
                      std::to_string(kColumns.size()),
                  "separate cells with exactly one tab; leave unused cells empty");
            continue;
        }
        const std::string& kind = cells[kKind];
        if (cells[kSource].empty())
            c.add(line_no, kSource, "row has no source", "every SMN row cites where it comes from");
        cfg.sources[kind + ":" + cells[kName]] = cells[kSource];
        if (kind == "site") {
            SmnSite s;
            s.name = cells[kName];
            s.line = line_no;
            bool ok = to_int(cells[kSmn1Pos], s.smn1_pos) && to_int(cells[kSmn2Pos], s.smn2_pos);
            if (!ok) {
                c.add(line_no, kSmn1Pos, "smn1_pos/smn2_pos are not integers",
                      "1-based GRCh38 positions");
                continue;
            }
            ok = parse_base(c, line_no, kSmn1Base, cells[kSmn1Base], s.smn1_base) &&
                 parse_base(c, line_no, kSmn2Base, cells[kSmn2Base], s.smn2_base);
            if (ok && s.smn1_base == s.smn2_base) {
                c.add(line_no, kSmn2Base, "SMN1 and SMN2 bases are the same",
                      "a differentiating site has different bases");
                ok = false;
            }
            if (cells[kValue] != "consensus" && cells[kValue] != "c840") {
                c.add(line_no, kValue,
                      "site value '" + cells[kValue] + "' is not consensus or c840",
                      "see docs/panel-format.md");
                ok = false;
            }
            if (cells[kChrom] != "chr5") {
                c.add(line_no, kChrom, "SMN sites are on chr5", "write chr5");
                ok = false;
            }
            s.c840 = cells[kValue] == "c840";
            if (ok) cfg.sites.push_back(s);
        } else if (kind == "gene_region") {
            Region r;
            if (!parse_region(c, line_no, cells, r)) continue;
            if (cells[kName] == "SMN1") {
                cfg.smn1_region = r;
                have_smn1 = true;
            } else if (cells[kName] == "SMN2") {
                cfg.smn2_region = r;
                have_smn2 = true;
            } else {
                c.add(line_no, kName, "gene_region name '" + cells[kName] + "' is not SMN1 or SMN2",
                      "");
            }
        } else if (kind == "norm_region") {
            Region r;
            if (!parse_region(c, line_no, cells, r)) continue;
            if (r.chrom == "chrX" || r.chrom == "chrY" || r.chrom == "chrM")
                c.add(line_no, kChrom, "a normalisation region must be autosomal",
                      "chrX/chrY copy number depends on sex");
            else
                cfg.norm_regions.push_back(r);
        } else if (kind == "param") {
            const auto p = params().find(cells[kName]);
            double v = 0;
            if (p == params().end()) {
                std::string names;
                for (const auto& [k, _] : params())
                    names += (names.empty() ? "" : ", ") + k;
                c.add(line_no, kName, "unknown SMN parameter '" + cells[kName] + "'",
                      "known: " + names);
            } else if (!to_double(cells[kValue], v) || v < p->second.lo || v > p->second.hi ||
                       (p->second.integer &&
                        v != static_cast<double>(static_cast<std::int64_t>(v)))) {
                c.add(line_no, kValue,
                      cells[kName] + " value '" + cells[kValue] + "' is not " +
                          (p->second.integer ? "an integer" : "a number") + " in [" +
                          std::to_string(p->second.lo) + ", " + std::to_string(p->second.hi) + "]",
                      "see docs/rules.md, SMN1 copy number");
            } else {
                p->second.set(cfg, v);
            }
        } else {
            c.add(line_no, kKind,
                  "kind '" + kind + "' is not site, gene_region, norm_region or param",
                  "see docs/panel-format.md");
        }
    }
    const std::uint64_t at = last_line == 0 ? 1 : last_line;
    if (!have_smn1 || !have_smn2) {
        c.add(at, kKind, "smn.tsv needs gene_region rows for SMN1 and SMN2",
              "their exon 7-8 regions");
        return;
    }
    if (cfg.smn1_region.chrom != "chr5" || cfg.smn2_region.chrom != "chr5")
        c.add(at, kChrom, "the SMN gene regions must be on chr5", "GRCh38 chr5");
    int n_c840 = 0;
    for (const auto& s : cfg.sites) {
        n_c840 += s.c840 ? 1 : 0;
        if (!cfg.smn1_region.contains("chr5", s.smn1_pos))
            c.add(s.line, kSmn1Pos,
                  "site " + s.name + ": smn1_pos is outside the SMN1 exon 7-8 region",
                  "check the coordinates are GRCh38");
        if (!cfg.smn2_region.contains("chr5", s.smn2_pos))
            c.add(s.line, kSmn2Pos,
                  "site " + s.name + ": smn2_pos is outside the SMN2 exon 7-8 region",
                  "check the coordinates are GRCh38");
    }
    if (n_c840 != 1)
        c.add(at, kValue,
              "smn.tsv needs exactly one c840 site (has " + std::to_string(n_c840) + ")",
              "mark c.840C>T with value c840");
    if (static_cast<int>(cfg.sites.size()) < cfg.min_sites_agree)
        c.add(at, kKind,
              "min_sites_agree is " + std::to_string(cfg.min_sites_agree) + " but only " +
                  std::to_string(cfg.sites.size()) + " sites are listed",
              "list more sites or lower min_sites_agree");
    if (static_cast<int>(cfg.norm_regions.size()) < cfg.min_norm_regions)
        c.add(at, kKind,
              "min_norm_regions is " + std::to_string(cfg.min_norm_regions) + " but only " +
                  std::to_string(cfg.norm_regions.size()) + " norm_region rows are listed",
              "list more single-copy regions");
    for (const auto& r : cfg.norm_regions)
        if (r.overlaps(cfg.smn1_region) || r.overlaps(cfg.smn2_region) ||
            (r.chrom == "chr5" && r.end >= 69000000 && r.start <= 71500000))
            c.add(at, kChrom, "normalisation region " + r.to_string() + " lies in the SMN locus",
                  "normalisation regions must be single-copy, outside chr5:69.0-71.5 Mb");
    panel.smn = std::move(cfg);
}

}  // namespace nbs
