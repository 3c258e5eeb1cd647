#include "engine/panel/panel_writer.hpp"

#include <algorithm>
#include <tuple>

#include "engine/genome/contig.hpp"

namespace nbs {

std::string tsv_cell(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s)
        out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
    const auto b = out.find_first_not_of(' ');
    if (b == std::string::npos) return {};
    return out.substr(b, out.find_last_not_of(' ') - b + 1);
}

std::string toml_string(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                out += c;
        }
    }
    return out + "\"";
}

void sort_variants(std::vector<CuratedVariant>& rows) {
    std::stable_sort(
        rows.begin(), rows.end(), [](const CuratedVariant& a, const CuratedVariant& b) {
            const auto& x = a.variant;
            const auto& y = b.variant;
            return std::make_tuple(contig_rank(x.chrom), x.chrom, x.pos, x.ref, x.alt, a.list) <
                   std::make_tuple(contig_rank(y.chrom), y.chrom, y.pos, y.ref, y.alt, b.list);
        });
}

std::string render_variants_tsv(std::vector<CuratedVariant> rows, const std::string& preamble,
                                std::size_t columns) {
    sort_variants(rows);
    columns = std::clamp(columns, kVariantColumnsV10, std::size(kVariantColumns));
    std::string out = preamble;
    for (std::size_t i = 0; i < columns; ++i) {
        if (i != 0) out += '\t';
        out += kVariantColumns[i];
    }
    out += '\n';
    for (const auto& r : rows) {
        const std::string cells[] = {r.variant.chrom,
                                     std::to_string(r.variant.pos),
                                     r.variant.ref,
                                     r.variant.alt,
                                     tsv_cell(r.gene),
                                     r.list == ListKind::include ? "include" : "exclude",
                                     tsv_cell(r.why),
                                     tsv_cell(r.source),
                                     r.stars ? std::to_string(*r.stars) : std::string(),
                                     tsv_cell(r.added_in),
                                     tsv_cell(r.condition_id),
                                     r.null_allele ? "yes" : ""};
        static_assert(std::size(cells) == std::size(kVariantColumns));
        for (std::size_t i = 0; i < columns; ++i) {
            if (i != 0) out += '\t';
            out += cells[i];
        }
        out += '\n';
    }
    return out;
}

std::size_t tsv_header_columns(const std::string& text) {
    std::size_t p = 0;
    while (p < text.size()) {
        auto e = text.find('\n', p);
        if (e == std::string::npos) e = text.size();
        if (e > p && text[p] != '#') {
            std::size_t n = 1;
            for (std::size_t i = p; i < e; ++i)
                n += text[i] == '\t' ? 1 : 0;
            return n;
        }
        p = e + 1;
    }
    return 0;
}

std::string tsv_preamble(const std::string& text) {
    std::size_t p = 0;
    while (p < text.size() && text[p] == '#') {
        const auto e = text.find('\n', p);
        if (e == std::string::npos) return text + '\n';
        p = e + 1;
    }
    return text.substr(0, p);
}

std::string set_toml_source(const std::string& text, const std::string& key,
                            const std::string& value) {
    const std::string line_out = key + " = " + toml_string(value);
    // Walk the lines, tracking which table each belongs to.
    std::size_t p = 0;
    bool in_sources = false;
    std::size_t sources_end = std::string::npos;  // where to insert: after the last key line
    while (p < text.size()) {
        std::size_t e = text.find('\n', p);
        const std::size_t next = e == std::string::npos ? text.size() : e + 1;
        if (e == std::string::npos) e = text.size();
        std::string_view line(text.data() + p, e - p);
        const auto first = line.find_first_not_of(" \t");
        const std::string_view body = first == line.npos ? std::string_view() : line.substr(first);
        if (!body.empty() && body[0] == '[') {
            in_sources = body.rfind("[sources]", 0) == 0;
            if (in_sources) sources_end = next;
        } else if (in_sources && !body.empty() && body[0] != '#') {
            const auto eq = body.find('=');
            std::string_view k = body.substr(0, eq);
            while (!k.empty() && (k.back() == ' ' || k.back() == '\t'))
                k.remove_suffix(1);
            if (k == key) {
                std::string out = text.substr(0, p) + line_out;
                out += text.substr(e);
                return out;
            }
            sources_end = next;
        }
        p = next;
    }
    if (sources_end != std::string::npos) {
        std::string out = text.substr(0, sources_end);
        if (!out.empty() && out.back() != '\n') out += '\n';
        return out + line_out + '\n' + text.substr(sources_end);
    }
    std::string out = text;
    if (!out.empty() && out.back() != '\n') out += '\n';
    return out + "\n[sources]\n" + line_out + '\n';
}

std::string render_targets_bed(const Panel& panel) {
    std::vector<const Target*> rows;
    for (const auto& t : panel.targets)
        rows.push_back(&t);
    std::stable_sort(rows.begin(), rows.end(), [](const Target* a, const Target* b) {
        return std::make_tuple(contig_rank(a->region.chrom), a->region.chrom, a->region.start,
                               a->region.end, a->symbol) <
               std::make_tuple(contig_rank(b->region.chrom), b->region.chrom, b->region.start,
                               b->region.end, b->symbol);
    });
    std::string out;
    for (const auto* t : rows)
        out += t->region.chrom + '\t' + std::to_string(t->region.start - 1) + '\t' +
               std::to_string(t->region.end) + '\t' + t->symbol + '\n';
    return out;
}

}  // namespace nbs
