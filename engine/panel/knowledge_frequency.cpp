// The gnomAD sections of the knowledge: text form, compressed form and parsing back.
#include "engine/panel/knowledge_frequency.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <set>
#include <sstream>
#include <tuple>

#include "engine/genome/contig.hpp"
#include "engine/panel/knowledge_rows.hpp"
#include "engine/panel/panel_manifest_parser.hpp"
#include "engine/panel/panel_parser.hpp"
#include "engine/panel/panel_writer.hpp"

namespace nbs {
namespace {

constexpr const char* kRebuild =
    "rebuild the knowledge with 'nbscreen panel knowledge ... --gnomad FILE' "
    "(docs/panel-format.md, "
    "Knowledge)";

bool to_int(std::string_view s, std::int64_t& out) {
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size() && out >= 0;
}

auto record_order(const FrequencyRecord& r) {
    return std::make_tuple(contig_rank(r.variant.chrom), std::cref(r.variant), std::cref(r.source));
}

std::string render_populations(const std::vector<PopulationCount>& pops) {
    std::string out;
    for (const auto& p : pops) {
        if (!out.empty()) out += ',';
        out += p.population + ':' + std::to_string(p.ac) + '/' + std::to_string(p.an);
    }
    return out;
}

bool parse_populations(const std::string& cell, std::vector<PopulationCount>& out) {
    out.clear();
    if (cell.empty() || cell == ".") return true;
    std::size_t p = 0;
    while (p <= cell.size()) {
        auto e = cell.find(',', p);
        if (e == std::string::npos) e = cell.size();
        const std::string_view item(cell.data() + p, e - p);
        const auto colon = item.find(':');
        const auto slash = item.find('/');
        if (colon == std::string_view::npos || colon == 0 || slash == std::string_view::npos ||
            slash < colon)
            return false;
        PopulationCount c;
        c.population = std::string(item.substr(0, colon));
        if (!to_int(item.substr(colon + 1, slash - colon - 1), c.ac) ||
            !to_int(item.substr(slash + 1), c.an) || c.ac > c.an)
            return false;
        out.push_back(std::move(c));
        p = e + 1;
    }
    return true;
}

template <typename F>
void each_row(const std::string& text, std::size_t columns, const std::string& path,
              std::vector<PanelProblem>& problems, F row) {
    each_knowledge_row(text, columns, path, kRebuild, problems, row);
}

std::string unpack(const PanelFiles& files, std::string_view name,
                   std::vector<PanelProblem>& problems, bool& ok) {
    const std::string path = panel_file_path(files, std::string(name));
    ok = true;
    try {
        return zstd_unpack(files.content.at(std::string(name)));
    } catch (const std::exception& e) {
        problems.push_back({{path}, std::string("cannot decompress: ") + e.what(), kRebuild});
        ok = false;
        return {};
    }
}

}  // namespace

std::string encode_frequency(std::vector<FrequencyRecord> records) {
    std::sort(records.begin(), records.end(),
              [](const FrequencyRecord& a, const FrequencyRecord& b) {
                  return record_order(a) < record_order(b);
              });
    std::string raw =
        "# gnomAD alleles in the panel's query regions (CDS +-20 bp, ClinVar P/LP positions); "
        "docs/panel-format.md, Knowledge. Written by 'nbscreen panel knowledge'; do not edit.\n"
        "source\tchrom\tpos\tref\talt\tleft_aligned\tfilter\tac\tan\tgrpmax\taf_grpmax\t"
        "populations\n";
    for (const auto& r : records)
        raw += r.source + '\t' + r.variant.chrom + '\t' + std::to_string(r.variant.pos) + '\t' +
               r.variant.ref + '\t' + r.variant.alt + '\t' + (r.left_aligned ? "yes" : "no") +
               '\t' + tsv_cell(r.filter) + '\t' + std::to_string(r.ac) + '\t' +
               std::to_string(r.an) + '\t' + (r.grpmax.empty() ? "." : tsv_cell(r.grpmax)) + '\t' +
               (r.af_grpmax.empty() ? "." : tsv_cell(r.af_grpmax)) + '\t' +
               (r.populations.empty() ? "." : render_populations(r.populations)) + '\n';
    return zstd_pack(raw);
}

std::string encode_frequency_covered(std::vector<FrequencyCovered> covered) {
    std::sort(
        covered.begin(), covered.end(), [](const FrequencyCovered& a, const FrequencyCovered& b) {
            return std::make_tuple(std::cref(a.source), contig_rank(a.region.chrom),
                                   a.region.start) < std::make_tuple(std::cref(b.source),
                                                                     contig_rank(b.region.chrom),
                                                                     b.region.start);
        });
    std::string raw =
        "# The stretches each gnomAD source was queried over and holds records around: an allele\n"
        "# inside one without a row in gnomad.tsv.zst is absent from that source; outside every\n"
        "# stretch of every source it is not covered. 1-based inclusive. Do not edit.\n"
        "source\tchrom\tstart\tend\n";
    for (const auto& c : covered)
        raw += c.source + '\t' + c.region.chrom + '\t' + std::to_string(c.region.start) + '\t' +
               std::to_string(c.region.end) + '\n';
    return zstd_pack(raw);
}

void parse_frequency(const PanelFiles& files, Knowledge& k, std::vector<PanelProblem>& problems) {
    std::set<std::string> sources;
    for (const auto* s : k.frequency_sources())
        sources.insert(s->kind);
    auto known_source = [&](const std::string& path, std::uint64_t n, const std::string& s) {
        if (sources.count(s) != 0) return true;
        problems.push_back({{path, n},
                            "source '" + s +
                                "' is not a [knowledge.sources.gnomad_*] table of "
                                "panel.toml",
                            kRebuild});
        return false;
    };
    bool ok = false;
    if (files.content.count(std::string(kKnowledgeFrequency)) != 0) {
        const std::string path = panel_file_path(files, std::string(kKnowledgeFrequency));
        const std::string text = unpack(files, kKnowledgeFrequency, problems, ok);
        if (ok)
            each_row(text, 12, path, problems, [&](std::uint64_t n, const auto& c) {
                FrequencyRecord r;
                const auto canon = canonical_contig(c[1]);
                std::int64_t pos = 0;
                if (!canon || *canon != c[1] || !to_int(c[2], pos) || pos < 1 || c[3].empty() ||
                    c[4].empty() || (c[5] != "yes" && c[5] != "no") || !to_int(c[7], r.ac) ||
                    !to_int(c[8], r.an) || !parse_populations(c[11], r.populations)) {
                    problems.push_back({{path, n}, "bad gnomAD row", kRebuild});
                    return;
                }
                if (!known_source(path, n, c[0])) return;
                r.source = c[0];
                r.variant = Variant{*canon, pos, c[3], c[4]};
                r.left_aligned = c[5] == "yes";
                r.filter = c[6];
                r.grpmax = c[9] == "." ? "" : c[9];
                r.af_grpmax = c[10] == "." ? "" : c[10];
                k.frequency.push_back(std::move(r));
            });
    }
    if (files.content.count(std::string(kKnowledgeFrequencyCovered)) != 0) {
        const std::string path = panel_file_path(files, std::string(kKnowledgeFrequencyCovered));
        const std::string text = unpack(files, kKnowledgeFrequencyCovered, problems, ok);
        if (ok)
            each_row(text, 4, path, problems, [&](std::uint64_t n, const auto& c) {
                FrequencyCovered r;
                const auto canon = canonical_contig(c[1]);
                if (!canon || *canon != c[1] || !to_int(c[2], r.region.start) ||
                    !to_int(c[3], r.region.end) || r.region.start < 1 ||
                    r.region.end < r.region.start) {
                    problems.push_back({{path, n}, "bad gnomAD coverage row", kRebuild});
                    return;
                }
                if (!known_source(path, n, c[0])) return;
                r.source = c[0];
                r.region.chrom = *canon;
                k.frequency_covered.push_back(std::move(r));
            });
    }
    // find_frequency and frequency_covers search by key.
    std::sort(k.frequency.begin(), k.frequency.end(),
              [](const FrequencyRecord& a, const FrequencyRecord& b) {
                  return std::tie(a.variant, a.source) < std::tie(b.variant, b.source);
              });
    std::sort(k.frequency_covered.begin(), k.frequency_covered.end(),
              [](const FrequencyCovered& a, const FrequencyCovered& b) {
                  return std::tie(a.source, a.region) < std::tie(b.source, b.region);
              });
}

std::vector<const FrequencyRecord*> Knowledge::find_frequency(const Variant& key) const {
    std::vector<const FrequencyRecord*> out;
    auto it =
        std::lower_bound(frequency.begin(), frequency.end(), key,
                         [](const FrequencyRecord& r, const Variant& k) { return r.variant < k; });
    for (; it != frequency.end() && it->variant == key; ++it)
        out.push_back(&*it);
    return out;
}

bool Knowledge::frequency_covers(const std::string& src, const std::string& chrom,
                                 std::int64_t pos) const {
    // Sorted by (source, region); the stretches of one source do not overlap.
    const FrequencyCovered probe{src, Region{chrom, pos, std::numeric_limits<std::int64_t>::max()}};
    auto it =
        std::upper_bound(frequency_covered.begin(), frequency_covered.end(), probe,
                         [](const FrequencyCovered& a, const FrequencyCovered& b) {
                             return std::tie(a.source, a.region) < std::tie(b.source, b.region);
                         });
    if (it == frequency_covered.begin()) return false;
    --it;
    return it->source == src && it->region.contains(chrom, pos);
}

std::vector<const KnowledgeSource*> Knowledge::frequency_sources() const {
    std::vector<const KnowledgeSource*> out;
    for (const auto& s : sources)
        if (s.kind.rfind("gnomad", 0) == 0) out.push_back(&s);
    return out;
}

const KnowledgeSource* Knowledge::source(const std::string& kind) const {
    for (const auto& s : sources)
        if (s.kind == kind) return &s;
    return nullptr;
}

std::string describe_frequency_source(const KnowledgeSource& s) {
    std::string dataset = s.kind.substr(std::min<std::size_t>(s.kind.size(), 7));  // "gnomad_"
    if (const auto u = dataset.find('_'); u != std::string::npos) dataset.resize(u);
    std::string out = "gnomAD";
    if (!s.release.empty()) out += ' ' + s.release;
    if (!dataset.empty()) out += ' ' + dataset;
    return out;
}

}  // namespace nbs
