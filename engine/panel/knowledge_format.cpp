// The text and compressed forms of the knowledge sections (docs/panel-format.md, "Knowledge").
#include <zstd.h>

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <tuple>

#include "engine/genome/contig.hpp"
#include "engine/panel/knowledge.hpp"
#include "engine/panel/panel_writer.hpp"

namespace nbs {

const TranscriptModel* Knowledge::transcript_for(const std::string& gene) const {
    const TranscriptModel* first = nullptr;
    for (const auto& t : transcripts) {
        if (t.panel_gene != gene) continue;
        if (t.has_tag("MANE_Select")) return &t;
        if (first == nullptr) first = &t;
    }
    return first;
}

bool Knowledge::has_sequence(const std::string& gene) const {
    for (const auto& r : sequence_index)
        if (r.gene == gene && r.status != "absent") return true;
    return false;
}

std::string Knowledge::describe_sources() const {
    std::string out;
    for (const auto& s : sources) {
        if (!out.empty()) out += "; ";
        out += s.kind + ' ' + s.name + " (release " + s.release + ", sha256 " + s.sha256 + ')';
    }
    return out;
}

std::string render_sequence_index(const std::vector<SequenceIndexRow>& rows) {
    std::string out =
        "# The reference sequence kept for each panel gene (its span ± padding_bp); the bases are\n"
        "# in sequence.fa.zst. status: ok, clipped (the FASTA's contig ends first), absent (the\n"
        "# FASTA has no bases there). Written by 'nbscreen panel knowledge'; do not edit.\n"
        "gene\tchrom\tstart\tend\tstatus\tsha256\n";
    for (const auto& r : rows)
        out += r.gene + '\t' + r.region.chrom + '\t' + std::to_string(r.region.start) + '\t' +
               std::to_string(r.region.end) + '\t' + r.status + '\t' + r.sha256 + '\n';
    return out;
}

const ClinvarAllele* Knowledge::find_clinvar(const Variant& key) const {
    const auto it =
        std::lower_bound(clinvar.begin(), clinvar.end(), key,
                         [](const ClinvarAllele& a, const Variant& k) { return a.variant < k; });
    return it != clinvar.end() && it->variant == key ? &*it : nullptr;
}

std::string encode_clinvar(std::vector<ClinvarAllele> alleles) {
    std::sort(alleles.begin(), alleles.end(), [](const ClinvarAllele& a, const ClinvarAllele& b) {
        return std::make_tuple(contig_rank(a.variant.chrom), a.variant) <
               std::make_tuple(contig_rank(b.variant.chrom), b.variant);
    });
    std::string raw =
        "# ClinVar alleles in the panel genes (docs/panel-format.md, Knowledge); written by "
        "'nbscreen panel knowledge'\n"
        "chrom\tpos\tref\talt\tleft_aligned\tvariation_id\tpathogenic\tuncertain\tbenign\t"
        "review_status\tclnsig\n";
    for (const auto& a : alleles)
        raw += a.variant.chrom + '\t' + std::to_string(a.variant.pos) + '\t' + a.variant.ref +
               '\t' + a.variant.alt + '\t' + (a.left_aligned ? "yes" : "no") + '\t' +
               tsv_cell(a.variation_id) + '\t' + std::to_string(a.pathogenic) + '\t' +
               std::to_string(a.uncertain) + '\t' + std::to_string(a.benign) + '\t' +
               tsv_cell(a.review_status) + '\t' + tsv_cell(a.clnsig) + '\n';
    return zstd_pack(raw);
}

std::string zstd_pack(std::string_view raw) {
    std::string out(ZSTD_compressBound(raw.size()), '\0');
    const std::size_t n = ZSTD_compress(out.data(), out.size(), raw.data(), raw.size(), 19);
    if (ZSTD_isError(n)) throw std::runtime_error(ZSTD_getErrorName(n));
    out.resize(n);
    return out;
}

std::string encode_sequence_fasta(const std::vector<SequenceSlice>& slices) {
    std::string raw;
    for (const auto& s : slices)
        raw += '>' + s.name + ' ' + s.region().to_string() + '\n' + s.bases + '\n';
    return zstd_pack(raw);
}

std::string decode_sequence_fasta(std::string_view packed) {
    return zstd_unpack(packed);
}

std::string zstd_unpack(std::string_view packed) {
    const unsigned long long size = ZSTD_getFrameContentSize(packed.data(), packed.size());
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > (1ULL << 33))
        throw std::runtime_error("not zstd-compressed, or damaged");
    std::string raw(size, '\0');
    const std::size_t n = ZSTD_decompress(raw.data(), raw.size(), packed.data(), packed.size());
    if (ZSTD_isError(n) || n != size)
        throw std::runtime_error(ZSTD_isError(n) ? ZSTD_getErrorName(n) : "short zstd frame");
    return raw;
}

std::string render_intervals(const std::vector<Region>& rs) {
    std::string out;
    for (const auto& r : rs) {
        if (!out.empty()) out += ',';
        out += std::to_string(r.start) + '-' + std::to_string(r.end);
    }
    return out;
}

bool parse_intervals(const std::string& cell, const std::string& chrom, std::vector<Region>& out) {
    out.clear();
    if (cell.empty()) return true;
    std::size_t p = 0;
    while (p <= cell.size()) {
        auto e = cell.find(',', p);
        if (e == std::string::npos) e = cell.size();
        const std::string_view item(cell.data() + p, e - p);
        const auto dash = item.find('-');
        if (dash == std::string_view::npos) return false;
        std::int64_t a = 0, b = 0;
        const auto r1 = std::from_chars(item.data(), item.data() + dash, a);
        const auto r2 = std::from_chars(item.data() + dash + 1, item.data() + item.size(), b);
        if (r1.ec != std::errc() || r1.ptr != item.data() + dash || r2.ec != std::errc() ||
            r2.ptr != item.data() + item.size() || a < 1 || b < a)
            return false;
        if (!out.empty() && a <= out.back().end) return false;  // ascending, not overlapping
        out.push_back({chrom, a, b});
        p = e + 1;
    }
    return true;
}

std::string render_transcripts(std::vector<TranscriptModel> models) {
    std::sort(models.begin(), models.end(), [](const TranscriptModel& a, const TranscriptModel& b) {
        return std::make_tuple(contig_rank(a.chrom), a.chrom, a.span().start, a.transcript_id) <
               std::make_tuple(contig_rank(b.chrom), b.chrom, b.span().start, b.transcript_id);
    });
    std::string out =
        "# MANE transcript models of the panel genes: exons and CDS (stop codon included) as\n"
        "# 1-based inclusive start-end, ascending. Written by 'nbscreen panel knowledge'.\n"
        "transcript_id\tgene_id\tgene_symbol\tpanel_gene\tchrom\tstrand\ttags\texons\tcds\n";
    for (const auto& t : models) {
        std::string tags;
        for (const auto& g : t.tags)
            tags += (tags.empty() ? "" : ",") + g;
        out += tsv_cell(t.transcript_id) + '\t' + tsv_cell(t.gene_id) + '\t' +
               tsv_cell(t.gene_symbol) + '\t' + tsv_cell(t.panel_gene) + '\t' + t.chrom + '\t' +
               t.strand + '\t' + tsv_cell(tags) + '\t' + render_intervals(t.exons) + '\t' +
               render_intervals(t.cds) + '\n';
    }
    return out;
}

std::string render_knowledge_toml(const Knowledge& k) {
    std::string out = "[knowledge]\n";
    out += "schema_version = " + toml_string(k.schema_version) + '\n';
    out += "padding_bp = " + std::to_string(k.padding_bp) + '\n';
    for (const auto& s : k.sources) {
        out += "\n[knowledge.sources." + s.kind + "]\n";
        out += "name = " + toml_string(s.name) + '\n';
        out += "release = " + toml_string(s.release) + '\n';
        out += "sha256 = " + toml_string(s.sha256) + '\n';
    }
    out += "\n[knowledge.sections]\n";
    for (const auto& [file, sha] : k.section_sha256)
        out += toml_string(file) + " = " + toml_string(sha) + '\n';
    return out;
}

std::string set_toml_knowledge(const std::string& text, const std::string& block) {
    // Drop every line from a [knowledge...] table header up to the next other table header.
    std::string kept;
    bool in_knowledge = false;
    std::size_t p = 0;
    while (p < text.size()) {
        std::size_t e = text.find('\n', p);
        const std::size_t next = e == std::string::npos ? text.size() : e + 1;
        const std::string_view line(text.data() + p, next - p);
        const auto first = line.find_first_not_of(" \t");
        if (first != std::string_view::npos && line[first] == '[') {
            const auto name = line.substr(first);
            in_knowledge = name.rfind("[knowledge]", 0) == 0 || name.rfind("[knowledge.", 0) == 0;
        }
        if (!in_knowledge) kept += line;
        p = next;
    }
    while (kept.size() >= 2 && kept.back() == '\n' && kept[kept.size() - 2] == '\n')
        kept.pop_back();
    if (!kept.empty() && kept.back() != '\n') kept += '\n';
    return kept + '\n' + block;
}

}  // namespace nbs
