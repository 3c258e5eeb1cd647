#include "engine/annotate/hgvs.hpp"

#include <algorithm>

#include "engine/annotate/codon_table.hpp"

namespace nbs {
namespace {

std::string names(std::string_view aas) {
    std::string out;
    for (const char a : aas)
        out += amino_acid_name(a);
    return out;
}

std::string residue(std::string_view protein, std::int64_t i0) {
    const char a = i0 >= 0 && static_cast<std::size_t>(i0) < protein.size()
                       ? protein[static_cast<std::size_t>(i0)]
                       : 'X';
    return std::string(amino_acid_name(a)) + std::to_string(i0 + 1);
}

std::string range(std::string_view protein, std::int64_t a0, std::int64_t b0) {
    return a0 == b0 ? residue(protein, a0) : residue(protein, a0) + "_" + residue(protein, b0);
}

// The bounds an indel may be shifted within: its exon, or its intron (HGVS: the 3' rule does not
// carry a change across an exon-intron border), else the transcript span.
std::pair<std::int64_t, std::int64_t> shift_bounds(const CodingTranscript& t, std::int64_t pos) {
    const auto& ex = t.model().exons;
    for (std::size_t i = 0; i < ex.size(); ++i) {
        if (pos >= ex[i].start && pos <= ex[i].end) return {ex[i].start, ex[i].end};
        if (i + 1 < ex.size() && pos > ex[i].end && pos < ex[i + 1].start)
            return {ex[i].end + 1, ex[i + 1].start - 1};
    }
    const Region s = t.model().span();
    return {s.start, s.end};
}

char base_at(const CodingTranscript& t, std::int64_t pos) {
    const auto b = t.slices().base(t.model().chrom, pos);
    return b ? *b : 'N';
}

// Shifts an insertion or deletion as far 3' on the transcript as the sequence allows.
void shift_3prime(const CodingTranscript& t, GenomicEdit& e) {
    const bool plus = t.model().strand == '+';
    const auto [lo, hi] = shift_bounds(t, e.insertion() ? e.start - (plus ? 1 : 0) : e.start);
    if (e.insertion()) {
        if (e.ins.empty()) return;
        if (plus) {
            while (e.start <= hi && base_at(t, e.start) == e.ins.front() && e.ins.front() != 'N') {
                std::rotate(e.ins.begin(), e.ins.begin() + 1, e.ins.end());
                ++e.start;
                ++e.end;
            }
        } else {
            while (e.start - 1 >= lo && base_at(t, e.start - 1) == e.ins.back() &&
                   e.ins.back() != 'N') {
                std::rotate(e.ins.rbegin(), e.ins.rbegin() + 1, e.ins.rend());
                --e.start;
                --e.end;
            }
        }
    } else if (e.ins.empty()) {
        if (plus) {
            while (e.end + 1 <= hi && base_at(t, e.end + 1) == base_at(t, e.start) &&
                   base_at(t, e.start) != 'N') {
                ++e.start;
                ++e.end;
            }
        } else {
            while (e.start - 1 >= lo && base_at(t, e.start - 1) == base_at(t, e.end) &&
                   base_at(t, e.end) != 'N') {
                --e.start;
                --e.end;
            }
        }
    }
}

}  // namespace

std::string hgvs_c(const CodingTranscript& t, GenomicEdit e) {
    const bool plus = t.model().strand == '+';
    const std::string prefix = t.coding() ? "c." : "n.";
    auto oriented = [&](const std::string& s) { return plus ? s : reverse_complement(s); };
    // A genomic range named 5'->3' on the transcript.
    auto span = [&](std::int64_t a, std::int64_t b) {
        if (a == b) return t.c_position(a);
        return plus ? t.c_position(a) + "_" + t.c_position(b)
                    : t.c_position(b) + "_" + t.c_position(a);
    };
    if (!e.insertion() && e.end == e.start && e.ins.size() == 1) {
        const std::string ref(1, base_at(t, e.start));
        return prefix + t.c_position(e.start) + oriented(ref) + ">" + oriented(e.ins);
    }
    shift_3prime(t, e);
    if (e.insertion()) {
        const auto len = static_cast<std::int64_t>(e.ins.size());
        // The bases 5' of the insertion on the transcript: the same sequence makes it a dup.
        const std::int64_t a = plus ? e.start - len : e.start;
        const std::int64_t b = plus ? e.start - 1 : e.start + len - 1;
        const auto before = t.slices().bases(t.model().chrom, a, b);
        if (before && *before == e.ins) return prefix + span(a, b) + "dup";
        return prefix + span(e.start - 1, e.start) + "ins" + oriented(e.ins);
    }
    if (e.ins.empty()) return prefix + span(e.start, e.end) + "del";
    return prefix + span(e.start, e.end) + "delins" + oriented(e.ins);
}

std::string hgvs_p(std::string_view ref, std::int64_t k0, std::string_view alt_tail,
                   bool frameshift, bool start_lost, std::int64_t codon_delta) {
    if (start_lost) return "p.Met1?";
    if (k0 < 0 || static_cast<std::size_t>(k0) >= ref.size()) return {};
    const std::string_view ref_tail = ref.substr(static_cast<std::size_t>(k0));
    std::size_t p = 0;
    while (p < ref_tail.size() && p < alt_tail.size() && ref_tail[p] == alt_tail[p])
        ++p;
    const std::int64_t pos = k0 + static_cast<std::int64_t>(p);  // 0-based first changed residue
    if (p == ref_tail.size() && p == alt_tail.size())
        return "p." + residue(ref, k0) + "=";  // synonymous (or stop retained)
    if (p >= ref_tail.size() || p >= alt_tail.size()) return "p.?";
    const auto stop = alt_tail.find('*', p);
    const std::string count =
        stop == std::string_view::npos ? std::string("?") : std::to_string(stop - p);
    if (ref_tail[p] == '*')  // the stop codon changed: the protein is extended
        return "p." + residue(ref, pos) + std::string(amino_acid_name(alt_tail[p])) + "extTer" +
               count;
    if (alt_tail[p] == '*') {
        // A premature stop right at the first changed residue is a nonsense change whatever the
        // frame; an in-frame indel that deletes residues before it is a delins.
        if (frameshift || codon_delta >= 0) return "p." + residue(ref, pos) + "Ter";
        return "p." + range(ref, pos, pos - codon_delta) + "delinsTer";
    }
    if (frameshift)
        return "p." + residue(ref, pos) + std::string(amino_acid_name(alt_tail[p])) + "fsTer" +
               (stop == std::string_view::npos ? std::string("?") : std::to_string(stop - p + 1));
    std::string_view ref_rest = ref_tail.substr(p), alt_rest = alt_tail.substr(p);
    const bool premature = stop != std::string_view::npos &&
                           static_cast<std::int64_t>(alt_tail.size()) !=
                               static_cast<std::int64_t>(ref_tail.size()) + codon_delta;
    if (premature) {
        const std::int64_t ref_len =
            std::max<std::int64_t>(1, static_cast<std::int64_t>(alt_rest.size()) - codon_delta);
        return "p." + range(ref, pos, pos + ref_len - 1) + "delins" + names(alt_rest);
    }
    while (!ref_rest.empty() && !alt_rest.empty() && ref_rest.back() == alt_rest.back()) {
        ref_rest.remove_suffix(1);
        alt_rest.remove_suffix(1);
    }
    const auto rl = static_cast<std::int64_t>(ref_rest.size());
    const auto al = static_cast<std::int64_t>(alt_rest.size());
    if (rl == 1 && al == 1)
        return "p." + residue(ref, pos) + std::string(amino_acid_name(alt_rest[0]));
    if (al == 0) return "p." + range(ref, pos, pos + rl - 1) + "del";
    if (rl == 0) {
        if (pos >= al && ref.substr(static_cast<std::size_t>(pos - al),
                                    static_cast<std::size_t>(al)) == alt_rest)
            return "p." + range(ref, pos - al, pos - 1) + "dup";
        if (pos == 0) return "p.?";
        return "p." + residue(ref, pos - 1) + "_" + residue(ref, pos) + "ins" + names(alt_rest);
    }
    return "p." + range(ref, pos, pos + rl - 1) + "delins" + names(alt_rest);
}

}  // namespace nbs
