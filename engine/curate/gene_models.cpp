#include "engine/curate/gene_models.hpp"

#include <algorithm>
#include <charconv>

#include "engine/core/input_error.hpp"
#include "engine/genome/contig.hpp"

namespace nbs {
namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    std::size_t p = 0;
    for (;;) {
        const auto e = s.find(sep, p);
        out.push_back(s.substr(p, e == std::string_view::npos ? e : e - p));
        if (e == std::string_view::npos) return out;
        p = e + 1;
    }
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// GFF3 escapes ; = & , and control characters as %XX.
std::string unescape(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        int v = 0;
        if (s[i] == '%' && i + 2 < s.size() &&
            std::from_chars(s.data() + i + 1, s.data() + i + 3, v, 16).ptr == s.data() + i + 3) {
            out += static_cast<char>(v);
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

void add_attr(std::map<std::string, std::string>& attrs, std::string key, std::string value) {
    auto& slot = attrs[std::move(key)];
    slot += (slot.empty() ? "" : ",") + value;
}

// "ENST00000327669" + version "5" -> "ENST00000327669.5"; an id with a version already keeps it.
std::string with_version(std::string id, const std::string& version) {
    if (!version.empty() && id.find('.') == std::string::npos) id += '.' + version;
    return id;
}

std::string_view strip_version(std::string_view id) {
    return id.substr(0, id.find('.'));
}

// GFF3 IDs carry a type prefix ("transcript:ENST...", "gene:ENSG...", "rna-NM_..."); the
// key only has to be consistent between parent and child, so it is kept whole.
bool is_transcript_type(const std::string& t) {
    return t == "transcript" || t == "mRNA" || t == "ncRNA" || t == "lnc_RNA" ||
           t == "primary_transcript";
}

void merge_into(std::vector<Region>& rs) {
    std::sort(rs.begin(), rs.end());
    std::vector<Region> out;
    for (const auto& r : rs) {
        if (!out.empty() && r.start <= out.back().end + 1)
            out.back().end = std::max(out.back().end, r.end);
        else
            out.push_back(r);
    }
    rs = std::move(out);
}

}  // namespace

std::optional<FeatureLine> parse_feature_line(std::string_view line, const std::string& path,
                                              std::uint64_t n) {
    if (line.empty() || line[0] == '#') return std::nullopt;
    const auto cols = split(line, '\t');
    FeatureLine f;
    auto bad = [&](const std::string& why) {
        return InputError({path, n}, why,
                          "a GTF/GFF3 line has 9 tab-separated columns: seqid source type start "
                          "end score strand phase attributes");
    };
    if (cols.size() != 9) throw bad("line has " + std::to_string(cols.size()) + " columns");
    const auto num = [](std::string_view s, std::int64_t& out) {
        const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
        return r.ec == std::errc() && r.ptr == s.data() + s.size();
    };
    if (!num(cols[3], f.start) || !num(cols[4], f.end) || f.start < 1 || f.end < f.start)
        throw bad("start/end '" + std::string(cols[3]) + "', '" + std::string(cols[4]) +
                  "' are not 1-based positions with start <= end");
    f.chrom = canonical_contig(cols[0]).value_or("");
    f.type = std::string(cols[2]);
    f.strand = cols[6].empty() ? '.' : cols[6][0];
    if (cols[7] == "0" || cols[7] == "1" || cols[7] == "2") f.phase = cols[7][0] - '0';
    const std::string_view a = cols[8];
    // GTF: key "value"; key "value";   GFF3: key=value;key=v1,v2
    const auto eq = a.find('=');
    const auto quote = a.find('"');
    const bool gtf =
        quote != std::string_view::npos && (eq == std::string_view::npos || quote < eq);
    for (auto item : split(a, ';')) {
        item = trim(item);
        if (item.empty()) continue;
        if (gtf) {
            const auto sp = item.find(' ');
            if (sp == std::string_view::npos) continue;
            std::string_view v = trim(item.substr(sp + 1));
            if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
            add_attr(f.attrs, std::string(item.substr(0, sp)), std::string(v));
        } else {
            const auto e = item.find('=');
            if (e == std::string_view::npos) continue;
            for (auto v : split(item.substr(e + 1), ','))
                add_attr(f.attrs, unescape(item.substr(0, e)), unescape(v));
        }
    }
    return f;
}

void TranscriptCollector::add(const FeatureLine& f) {
    if (f.chrom.empty() || !keep_.overlaps(f.chrom, f.start, f.end)) return;
    const bool gff3 = !f.attr("ID").empty() || !f.attr("Parent").empty();
    if (gff3 && f.type == "gene") {
        genes_[f.attr("ID")] = {with_version(f.attr("gene_id"), f.attr("version")), f.attr("Name")};
        return;
    }
    std::string key;
    if (gff3) {
        key = is_transcript_type(f.type) ? f.attr("ID") : f.attr("Parent");
    } else {
        key = with_version(f.attr("transcript_id"), f.attr("transcript_version"));
    }
    if (key.empty()) return;
    // A GFF3 exon may list several parents; each is its own transcript.
    for (const auto& k : split(key, ',')) {
        TranscriptModel& t = by_id_[std::string(k)];
        t.chrom = f.chrom;
        if (f.strand == '+' || f.strand == '-') t.strand = f.strand;
        if (gff3 && is_transcript_type(f.type)) {
            t.transcript_id = with_version(f.attr("transcript_id"), f.attr("version"));
            if (t.transcript_id.empty()) t.transcript_id = f.attr("ID");
            parent_gene_[std::string(k)] = f.attr("Parent");
            if (!f.attr("gene").empty()) t.gene_symbol = f.attr("gene");  // RefSeq
        } else if (!gff3 && t.transcript_id.empty()) {
            t.transcript_id = std::string(k);
            t.gene_id = with_version(f.attr("gene_id"), f.attr("gene_version"));
            t.gene_symbol = f.attr("gene_name");
        }
        if (f.type == "transcript" || f.type == "mRNA" || t.tags.empty()) {
            const std::string tags = f.attr("tag");  // split() views into it
            for (auto tag : split(tags, ',')) {
                std::string s(trim(tag));
                std::replace(s.begin(), s.end(), ' ', '_');  // RefSeq: "MANE Select"
                if (!s.empty() && std::find(t.tags.begin(), t.tags.end(), s) == t.tags.end())
                    t.tags.push_back(s);
            }
        }
        if (f.type == "exon") t.exons.push_back({f.chrom, f.start, f.end});
        if (f.type == "CDS") {
            t.cds.push_back({f.chrom, f.start, f.end});
            auto& ph = cds_phases_[std::string(k)];
            const int phase = std::max(f.phase, 0);
            if (t.cds.size() == 1 || f.start < ph.low) {
                ph.low = f.start;
                ph.low_phase = phase;
            }
            if (t.cds.size() == 1 || f.end > ph.high) {
                ph.high = f.end;
                ph.high_phase = phase;
            }
        }
        if (f.type == "stop_codon" && !gff3)
            stops_[std::string(k)].push_back({f.chrom, f.start, f.end});
    }
}

std::vector<TranscriptModel> TranscriptCollector::take() {
    std::vector<TranscriptModel> out;
    for (auto& [key, t] : by_id_) {
        if (t.exons.empty() || t.transcript_id.empty()) continue;
        const auto g = parent_gene_.find(key);
        if (g != parent_gene_.end()) {
            const auto gene = genes_.find(g->second);
            if (gene != genes_.end()) {
                t.gene_id = gene->second.id;
                if (t.gene_symbol.empty()) t.gene_symbol = gene->second.symbol;
            }
        }
        // GTF leaves the stop codon out of CDS; GFF3 and MANE's own models include it.
        if (!t.cds.empty())
            for (const auto& s : stops_[key])
                t.cds.push_back(s);
        merge_into(t.exons);
        merge_into(t.cds);
        // GFF3 phase / GTF frame of the 5'-most CDS line: the bases to skip before its first
        // complete codon (bcftools' csq test slice ENST00000341065 starts its CDS with phase 2).
        if (const auto ph = cds_phases_.find(key); ph != cds_phases_.end() && !t.cds.empty())
            t.cds_phase = t.strand == '-' ? ph->second.high_phase : ph->second.low_phase;
        out.push_back(std::move(t));
    }
    by_id_.clear();
    cds_phases_.clear();
    return out;
}

std::vector<TranscriptModel> select_panel_transcripts(const Panel& panel,
                                                      const std::vector<TranscriptModel>& all) {
    std::vector<TranscriptModel> out;
    std::vector<std::string> done;  // one set of models per symbol, though it has many entries
    for (const auto& g : panel.genes) {
        if (std::find(done.begin(), done.end(), g.symbol) != done.end()) continue;
        done.push_back(g.symbol);
        std::vector<std::string_view> accessions;
        for (auto acc : split(g.mane_transcript, '|'))
            if (!acc.empty()) accessions.push_back(strip_version(acc));
        for (const auto& t : all) {
            if (t.chrom != g.span.chrom || !t.span().overlaps(g.span)) continue;
            const bool named_accession =
                std::find(accessions.begin(), accessions.end(), strip_version(t.transcript_id)) !=
                accessions.end();
            const bool mane = t.has_tag("MANE_Select") || t.has_tag("MANE_Plus_Clinical");
            const bool named_gene =
                t.gene_symbol == g.symbol ||
                std::find(g.aliases.begin(), g.aliases.end(), t.gene_symbol) != g.aliases.end();
            if (!named_accession && !(mane && named_gene)) continue;
            TranscriptModel m = t;
            m.panel_gene = g.symbol;
            out.push_back(std::move(m));
        }
    }
    return out;
}

}  // namespace nbs
