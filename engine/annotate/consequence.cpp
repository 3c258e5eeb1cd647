#include "engine/annotate/consequence.hpp"

#include <algorithm>
#include <array>

namespace nbs {
namespace {

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\'' || s.front() == '"'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\'' || s.back() == '"'))
        s.remove_suffix(1);
    return std::string(s);
}

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const auto p = s.find(sep, start);
        out.emplace_back(
            s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
        if (p == std::string_view::npos) break;
        start = p + 1;
    }
    return out;
}

}  // namespace

std::string_view to_string(ConsequenceSource s) {
    switch (s) {
        case ConsequenceSource::vep_csq:
            return "vep_csq";
        case ConsequenceSource::bcftools_bcsq:
            return "bcftools_bcsq";
        case ConsequenceSource::snpeff_ann:
            return "snpeff_ann";
    }
    return "vep_csq";
}

int ConsequenceLayout::field_index(std::string_view name) const {
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (fields[i] == name) return static_cast<int>(i);
    return -1;
}

std::optional<ConsequenceLayout> ConsequenceLayout::from_header(ConsequenceSource source,
                                                                std::string_view description) {
    ConsequenceLayout l;
    l.source = source;
    std::string_view body = description;
    if (source == ConsequenceSource::snpeff_ann) {
        const auto q = body.find('\'');
        if (q != std::string_view::npos) body = body.substr(q + 1);
        const auto qe = body.rfind('\'');
        if (qe != std::string_view::npos) body = body.substr(0, qe);
    } else {
        const auto f = body.find("Format:");
        if (f == std::string_view::npos) return std::nullopt;
        body = body.substr(f + 7);
    }
    for (auto& f : split(body, '|')) {
        // bcftools csq writes optional parts in brackets and marks the stop-downstream prefix:
        // "'[*]consequence|gene|transcript|biotype[|strand|...]'". Without dropping '[', ']'
        // and '*' the consequence field is never found and the BCSQ LoF route is silently dead.
        std::string name = trim(f);
        std::erase_if(name, [](char c) { return c == '[' || c == ']' || c == '*'; });
        l.fields.push_back(trim(name));
    }
    switch (source) {
        case ConsequenceSource::vep_csq:
            l.info_key = "CSQ";
            l.allele = l.field_index("Allele");
            l.consequence = l.field_index("Consequence");
            l.symbol = l.field_index("SYMBOL");
            l.transcript = l.field_index("Feature");
            break;
        case ConsequenceSource::bcftools_bcsq:
            l.info_key = "BCSQ";
            // bcftools csq names its fields in lower case ("consequence|gene|transcript|...").
            l.consequence = l.field_index("consequence");
            if (l.consequence < 0) l.consequence = l.field_index("Consequence");
            l.symbol = l.field_index("gene");
            l.transcript = l.field_index("transcript");
            break;
        case ConsequenceSource::snpeff_ann:
            l.info_key = "ANN";
            l.allele = l.field_index("Allele");
            l.consequence = l.field_index("Annotation");
            l.symbol = l.field_index("Gene_Name");
            l.transcript = l.field_index("Feature_ID");
            break;
    }
    if (l.consequence < 0) return std::nullopt;
    return l;
}

std::vector<ConsequenceEntry> parse_consequences(const ConsequenceLayout& layout,
                                                 std::string_view value) {
    std::vector<ConsequenceEntry> out;
    for (auto& entry : split(value, ',')) {
        if (entry.empty() || entry == ".") continue;
        ConsequenceEntry e;
        e.raw = split(entry, '|');
        auto field = [&](int i) -> std::string {
            return i >= 0 && static_cast<std::size_t>(i) < e.raw.size() ? e.raw[i] : std::string();
        };
        e.allele = field(layout.allele);
        std::string cons = field(layout.consequence);
        // bcftools csq marks consequences downstream of a stop with '*' and joined ones with '&'.
        if (!cons.empty() && cons.front() == '*') cons.erase(0, 1);
        for (auto& t : split(cons, '&'))
            if (!t.empty()) e.terms.push_back(t);
        e.symbol = field(layout.symbol);
        e.transcript = field(layout.transcript);
        out.push_back(std::move(e));
    }
    return out;
}

bool is_lof_term(std::string_view term) {
    static constexpr std::array<std::string_view, 11> kLof = {
        "transcript_ablation",  "splice_acceptor_variant",
        "splice_donor_variant", "stop_gained",
        "frameshift_variant",   "stop_lost",
        "start_lost",           "initiator_codon_variant",
        "splice_acceptor",                      // bcftools csq
        "splice_donor",         "frameshift"};  // bcftools csq
    return std::find(kLof.begin(), kLof.end(), term) != kLof.end();
}

std::string vep_allele_string(const std::string& ref, const std::vector<std::string>& alts,
                              std::size_t alt_index0) {
    const std::string& alt = alts.at(alt_index0);
    bool shared = !ref.empty();
    for (const auto& a : alts)
        shared = shared && !a.empty() && a[0] == ref[0];
    // VEP strips the shared base only when the alleles differ in length (indels).
    bool all_same_len = true;
    for (const auto& a : alts)
        all_same_len = all_same_len && a.size() == ref.size();
    if (!shared || all_same_len) return alt;
    const std::string s = alt.substr(1);
    return s.empty() ? "-" : s;
}

bool same_transcript(std::string_view a, std::string_view b) {
    auto base = [](std::string_view s) {
        const auto dot = s.find('.');
        return dot == std::string_view::npos ? s : s.substr(0, dot);
    };
    return !a.empty() && !b.empty() && base(a) == base(b);
}

}  // namespace nbs
