#include "engine/annotate/consequence.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "engine/genome/normalize.hpp"

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
                                                                std::string_view description,
                                                                std::string key) {
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
            l.hgnc_id = l.field_index("HGNC_ID");
            l.allele_num = l.field_index("ALLELE_NUM");
            break;
        case ConsequenceSource::bcftools_bcsq:
            l.info_key = "BCSQ";
            // bcftools csq names its fields in lower case ("consequence|gene|transcript|...").
            l.consequence = l.field_index("consequence");
            if (l.consequence < 0) l.consequence = l.field_index("Consequence");
            l.symbol = l.field_index("gene");
            l.transcript = l.field_index("transcript");
            l.dna_change = l.field_index("dna_change");
            break;
        case ConsequenceSource::snpeff_ann:
            l.info_key = "ANN";
            l.allele = l.field_index("Allele");
            l.consequence = l.field_index("Annotation");
            l.symbol = l.field_index("Gene_Name");
            l.transcript = l.field_index("Feature_ID");
            break;
    }
    if (!key.empty()) l.info_key = std::move(key);
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
        // bcftools csq: "@765725" means this record's consequence is printed at 765725.
        if (layout.source == ConsequenceSource::bcftools_bcsq && entry.front() == '@') {
            e.pointer = true;
            out.push_back(std::move(e));
            continue;
        }
        std::string cons = field(layout.consequence);
        // bcftools csq marks consequences downstream of a stop with '*' and joined ones with '&'.
        if (!cons.empty() && cons.front() == '*') cons.erase(0, 1);
        for (auto& t : split(cons, '&'))
            if (!t.empty()) e.terms.push_back(t);
        e.symbol = field(layout.symbol);
        e.transcript = field(layout.transcript);
        e.hgnc_id = field(layout.hgnc_id);
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
    // ensembl-vep's VCF parser: when any ALT differs in length from REF and every allele, '*'
    // excepted, starts with the same base, that base is removed from all of them ("" -> "-").
    const std::string& alt = alts.at(alt_index0);
    if (alt == "*" || ref.empty()) return alt;
    bool shared = true, indel = false;
    for (const auto& a : alts) {
        if (a == "*") continue;
        shared = shared && !a.empty() &&
                 std::toupper(static_cast<unsigned char>(a[0])) ==
                     std::toupper(static_cast<unsigned char>(ref[0]));
        indel = indel || a.size() != ref.size();
    }
    if (!shared || !indel) return alt;
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

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::toupper(static_cast<unsigned char>(x)) ==
                      std::toupper(static_cast<unsigned char>(y));
           });
}

bool contains_ci(std::string_view hay, std::string_view needle) {
    if (needle.size() > hay.size()) return false;
    for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i)
        if (iequals(hay.substr(i, needle.size()), needle)) return true;
    return false;
}

// The string VEP prints for ALT i under --minimal: the allele trimmed to its minimal form, its
// anchor base dropped for an indel ("-" for a deletion).
std::string vep_minimal_string(const AlleleCall& call, std::size_t i) {
    Variant v{call.as_written.chrom, call.as_written.pos, call.as_written.ref,
              call.record_alts.at(i)};
    if (is_symbolic_allele(v.alt)) return v.alt;
    v = minimal_representation(v);
    if (v.ref.size() == v.alt.size()) return v.alt;
    const std::string s = v.alt.substr(1);
    return s.empty() ? "-" : s;
}

// Every ALT of the record (1-based) whose VEP allele string could be `allele`.
std::vector<int> vep_alts_named(const AlleleCall& call, const std::string& allele) {
    std::vector<int> out;
    for (std::size_t i = 0; i < call.record_alts.size(); ++i) {
        if (iequals(vep_allele_string(call.as_written.ref, call.record_alts, i), allele) ||
            iequals(vep_minimal_string(call, i), allele))
            out.push_back(static_cast<int>(i) + 1);
    }
    return out;
}

struct DnaChange {
    std::int64_t pos = 0;
    std::string ref, alt;
};

// "765725C>T" -> {765725, C, T}; nullopt for anything else (e.g. a symbolic change).
std::optional<DnaChange> parse_dna_change(std::string_view s) {
    std::size_t i = 0;
    std::int64_t pos = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
        pos = pos * 10 + (s[i++] - '0');
    const auto gt = s.find('>', i);
    if (i == 0 || gt == std::string_view::npos || gt == i) return std::nullopt;
    return DnaChange{pos, std::string(s.substr(i, gt - i)), std::string(s.substr(gt + 1))};
}

bool multi_allelic(const AlleleCall& call) {
    return call.record_alts.size() > 1;
}

std::string field_at(const ConsequenceEntry& e, int i) {
    return i >= 0 && static_cast<std::size_t>(i) < e.raw.size() ? e.raw[i] : std::string();
}

}  // namespace

std::optional<ConsequenceSource> recognise_consequence(std::string_view key,
                                                       std::string_view description,
                                                       bool vep_style_key) {
    if (contains_ci(description, "Functional annotations:")) return ConsequenceSource::snpeff_ann;
    if (contains_ci(description, "BCFtools/csq")) return ConsequenceSource::bcftools_bcsq;
    const bool format_list = description.find("Format:") != std::string_view::npos;
    if (!format_list) return std::nullopt;
    // VEP's own words ("Consequence annotations from Ensembl VEP", "Consequence type as
    // predicted by VEP"), or a key the panel names, or the keys the tools use by default.
    if (description.find("VEP") != std::string_view::npos || vep_style_key || key == "CSQ")
        return ConsequenceSource::vep_csq;
    if (key == "BCSQ") return ConsequenceSource::bcftools_bcsq;
    return std::nullopt;
}

Attribution attribute_entry(const ConsequenceLayout& layout, const ConsequenceEntry& e,
                            const AlleleCall& call) {
    if (e.pointer) return Attribution::other_allele;
    switch (layout.source) {
        case ConsequenceSource::vep_csq: {
            if (const std::string num = field_at(e, layout.allele_num); !num.empty()) {
                return num == std::to_string(call.alt_index) ? Attribution::this_allele
                                                             : Attribution::other_allele;
            }
            if (layout.allele < 0 || e.allele.empty())
                return multi_allelic(call) ? Attribution::unknown : Attribution::this_allele;
            const auto named = vep_alts_named(call, e.allele);
            if (named.empty())
                return multi_allelic(call) ? Attribution::unknown : Attribution::this_allele;
            if (std::find(named.begin(), named.end(), call.alt_index) == named.end())
                return Attribution::other_allele;
            return named.size() == 1 ? Attribution::this_allele : Attribution::unknown;
        }
        case ConsequenceSource::snpeff_ann: {
            if (layout.allele < 0 || e.allele.empty())
                return multi_allelic(call) ? Attribution::unknown : Attribution::this_allele;
            // SnpEff writes a compound (haplotype) annotation as "T&1:123457_C>G".
            const auto amp = e.allele.find('&');
            const std::string first = e.allele.substr(0, amp);
            int named = 0;
            for (std::size_t i = 0; i < call.record_alts.size(); ++i)
                if (iequals(call.record_alts[i], first)) named = static_cast<int>(i) + 1;
            if (named == 0 && !multi_allelic(call)) named = call.alt_index;
            if (named == 0) return Attribution::unknown;
            if (named != call.alt_index) return Attribution::other_allele;
            return amp == std::string::npos ? Attribution::this_allele : Attribution::compound;
        }
        case ConsequenceSource::bcftools_bcsq: {
            const std::string dna = field_at(e, layout.dna_change);
            if (dna.empty())
                return multi_allelic(call) ? Attribution::unknown : Attribution::this_allele;
            int parts = 0;
            bool names_this = false, names_other = false;
            std::size_t start = 0;
            for (;;) {
                const auto plus = dna.find('+', start);
                const auto part = std::string_view(dna).substr(
                    start, plus == std::string::npos ? std::string::npos : plus - start);
                ++parts;
                if (auto c = parse_dna_change(part);
                    c && c->pos == call.as_written.pos && iequals(c->ref, call.as_written.ref)) {
                    if (iequals(c->alt, call.as_written.alt))
                        names_this = true;
                    else
                        names_other = true;
                }
                if (plus == std::string::npos) break;
                start = plus + 1;
            }
            if (names_this) return parts == 1 ? Attribution::this_allele : Attribution::compound;
            if (names_other) return Attribution::other_allele;
            if (!multi_allelic(call))
                return parts == 1 ? Attribution::this_allele : Attribution::compound;
            return Attribution::unknown;
        }
    }
    return Attribution::unknown;
}

std::string attribution_problem(const ConsequenceLayout& layout, const ConsequenceEntry& e,
                                const AlleleCall& call, Attribution a) {
    const std::string where = call.as_written.chrom + ":" + std::to_string(call.as_written.pos);
    const std::string what = std::string(to_string(layout.source)) + " " + layout.info_key + " " +
                             (e.terms.empty() ? std::string("consequence") : e.terms.front()) +
                             (e.transcript.empty() ? std::string() : " on " + e.transcript);
    if (a == Attribution::compound) {
        const std::string parts = layout.source == ConsequenceSource::bcftools_bcsq
                                      ? field_at(e, layout.dna_change)
                                      : e.allele;
        return what + " at " + where + " is a haplotype consequence of several changes (" + parts +
               "); the INFO field cannot say whether this baby carries them all on one "
               "haplotype, so it is not credited to ALT " +
               call.as_written.alt + ": review the haplotype" +
               (layout.source == ConsequenceSource::bcftools_bcsq
                    ? " (bcftools query -f '[%TBCSQ]' lists the baby's own consequences)"
                    : std::string());
    }
    if (a != Attribution::unknown) return {};
    std::string why;
    if (layout.source == ConsequenceSource::bcftools_bcsq)
        why = layout.dna_change < 0 ? "the header declares no dna_change field"
                                    : "its dna_change does not name an ALT of the record";
    else if (layout.allele < 0)
        why = "the header declares no Allele field";
    else
        why = "its allele '" + e.allele + "' does not name exactly one ALT of the record";
    return what + " at " + where + " cannot be attributed to ALT " + call.as_written.alt +
           " of the multi-allelic record (" + why +
           "): split the record with bcftools norm -m- before annotating";
}

}  // namespace nbs
