#include "engine/annotate/haplotype_consequence.hpp"

#include <algorithm>
#include <optional>
#include <utility>

namespace nbs {
namespace {

// The first and last codon (0-based, transcript order) an allele changes; nullopt when it
// changes no CDS base. A deletion or substitution changes its bases, an insertion the codons on
// both sides of it.
std::optional<std::pair<std::int64_t, std::int64_t>> codon_range(const CodingTranscript& t,
                                                                 const Variant& v) {
    if (v.alt.empty() || v.alt.find_first_not_of("ACGTNacgtn") != std::string::npos)
        return std::nullopt;  // symbolic: no bases to translate
    const GenomicEdit e = to_edit(v);
    std::optional<std::pair<std::int64_t, std::int64_t>> r;
    auto add = [&](std::int64_t pos) {
        if (const auto c = t.codon_of(pos))
            r = r ? std::pair{std::min(r->first, *c), std::max(r->second, *c)} : std::pair{*c, *c};
    };
    if (e.insertion()) {
        add(e.start - 1);
        add(e.start);
    } else {
        for (std::int64_t p = e.start; p <= e.end; ++p)
            add(p);
    }
    return r;
}

// How much an allele changes the CDS's length: its length change when, named on its own, it is
// a frameshift or an in-frame indel; 0 otherwise (a substitution, a change outside the CDS, a
// deletion across an exon border, whose effect on the frame is unknown).
std::int64_t cds_length_change(const CodingTranscript& t, const Variant& v) {
    BuiltinConsequence c;
    if (t.annotate({v}, c) != ConsequenceStatus::annotated) return 0;
    for (const auto& term : c.terms)
        if (term == "frameshift_variant" || term == "inframe_insertion" ||
            term == "inframe_deletion")
            return static_cast<std::int64_t>(v.alt.size()) -
                   static_cast<std::int64_t>(v.ref.size());
    return 0;
}

}  // namespace

std::vector<std::vector<std::size_t>> translation_groups(const CodingTranscript& t,
                                                         const std::vector<Variant>& haplotype) {
    std::vector<std::size_t> order(haplotype.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    const bool plus = t.model().strand == '+';
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return plus ? haplotype[a].pos < haplotype[b].pos : haplotype[a].pos > haplotype[b].pos;
    });
    std::vector<std::vector<std::size_t>> groups;
    std::size_t open = 0;  // index in `groups` of the group still taking alleles
    bool has_open = false;
    std::int64_t last_codon = 0;  // the 3'-most codon the open group changes
    std::int64_t offset = 0;      // the open group's CDS length change so far
    for (const std::size_t i : order) {
        const auto codons = codon_range(t, haplotype[i]);
        if (!codons || haplotype[i].chrom != t.model().chrom) {
            groups.push_back({i});
            continue;
        }
        const std::int64_t delta = cds_length_change(t, haplotype[i]);
        // Transcript order makes codon numbers ascend: a shared codon is one at or before the
        // open group's last.
        if (has_open && (offset % 3 != 0 || codons->first <= last_codon)) {
            groups[open].push_back(i);
            last_codon = std::max(last_codon, codons->second);
            offset += delta;
            continue;
        }
        groups.push_back({i});
        open = groups.size() - 1;
        has_open = true;
        last_codon = codons->second;
        offset = delta;
    }
    return groups;
}

}  // namespace nbs
