// Splice sites and regions of the built-in consequence (mane_consequence.hpp; docs/rules.md 2f):
// which donor/acceptor sites and splice regions an edit hits, also over every equivalent position
// of an indel in a repeat. Split from mane_consequence.cpp (style: files under ~600 lines).
#include <algorithm>

#include "engine/annotate/mane_consequence.hpp"

namespace nbs {
namespace {

bool overlaps(std::int64_t a, std::int64_t b, std::int64_t x, std::int64_t y) {
    return a <= y && x <= b && x <= y;
}

bool in(std::int64_t p, std::int64_t x, std::int64_t y) {
    return p >= x && p <= y;
}

}  // namespace

void CodingTranscript::splice_terms(const GenomicEdit& e, std::vector<std::string>& terms) const {
    const auto& ex = model_.exons;  // genomic order
    const bool plus = model_.strand == '+';
    // A deletion hits the bases it removes; an insertion hits a set when both its flanking bases
    // are in it (it splits the set), and touches it when one is.
    auto hits = [&](std::int64_t x, std::int64_t y) {
        return e.insertion() ? in(e.start - 1, x, y) && in(e.start, x, y)
                             : overlaps(e.start, e.end, x, y);
    };
    auto touches = [&](std::int64_t x, std::int64_t y) {
        return e.insertion() ? in(e.start - 1, x, y) || in(e.start, x, y)
                             : overlaps(e.start, e.end, x, y);
    };
    for (std::size_t i = 0; i + 1 < ex.size(); ++i) {
        const std::int64_t a = ex[i].end + 1, b = ex[i + 1].start - 1;  // the intron
        if (a > b) continue;
        const bool left = hits(a, std::min(a + 1, b));
        const bool right = hits(std::max(b - 1, a), b);
        if (left) terms.emplace_back(plus ? "splice_donor_variant" : "splice_acceptor_variant");
        if (right) terms.emplace_back(plus ? "splice_acceptor_variant" : "splice_donor_variant");
        const bool region =
            touches(ex[i].end - 2, ex[i].end) || touches(ex[i + 1].start, ex[i + 1].start + 2) ||
            touches(a + 2, std::min(a + 7, b)) || touches(std::max(b - 7, a), b - 2) ||
            (!left && touches(a, std::min(a + 1, b))) || (!right && touches(std::max(b - 1, a), b));
        if (region) terms.emplace_back("splice_region_variant");
        const bool intronic = e.insertion() ? in(e.start - 1, a, b) && in(e.start, a, b)
                                            : overlaps(e.start, e.end, a, b);
        if (intronic && !left && !right) terms.emplace_back("intron_variant");
    }
}

GenomicEdit CodingTranscript::shifted(GenomicEdit e, bool left) const {
    if (e.unknown_insertion) return e;
    auto base = [&](std::int64_t p) { return slices_->base(model_.chrom, p); };
    if (e.insertion()) {
        if (e.ins.empty()) return e;
        if (left) {
            for (auto b = base(e.start - 1); b && *b != 'N' && *b == e.ins.back();
                 b = base(e.start - 1)) {
                std::rotate(e.ins.rbegin(), e.ins.rbegin() + 1, e.ins.rend());
                --e.start;
                --e.end;
            }
        } else {
            for (auto b = base(e.start); b && *b != 'N' && *b == e.ins.front(); b = base(e.start)) {
                std::rotate(e.ins.begin(), e.ins.begin() + 1, e.ins.end());
                ++e.start;
                ++e.end;
            }
        }
    } else if (e.ins.empty()) {
        // A deletion slides while the base it lets in equals the one it drops at the other end.
        for (;;) {
            const auto in_b = left ? base(e.start - 1) : base(e.end + 1);
            const auto out_b = left ? base(e.end) : base(e.start);
            if (!in_b || !out_b || *in_b == 'N' || *in_b != *out_b) break;
            e.start += left ? -1 : 1;
            e.end += left ? -1 : 1;
        }
    }
    return e;
}

void CodingTranscript::splice_terms_any_position(const GenomicEdit& e,
                                                 std::vector<std::string>& terms) const {
    // An indel in a repeat has many equal positions. A splice site is hit only when every one
    // of them hits it (the positions form one run, so the two ends decide); the region is
    // touched when any does. Worked example (bcftools' SAMD11 case 1:18371 CAGG>CAAAGG, intron
    // ending 18372-18373 'AG', exon from 18374): the AA goes in after 18371 or after 18372;
    // after 18371 the acceptor's AG still stands before the exon: splice_region, not
    // splice_acceptor (a 3'-shifted reading alone would claim a LoF acceptor hit).
    // The bases some position touches are one run too (the hull: a deletion from the 5'-most
    // start to the 3'-most end; an insertion's flanks from the first to the last point), and a
    // splice site touched but not hit in every position is part of the region.
    const GenomicEdit l = shifted(e, true), r = shifted(e, false);
    auto is_site = [](const std::string& t) {
        return t == "splice_donor_variant" || t == "splice_acceptor_variant";
    };
    std::vector<std::string> a, b, hull;
    splice_terms(l, a);
    splice_terms(r, b);
    splice_terms(
        GenomicEdit{
            e.insertion() ? l.start - 1 : l.start, e.insertion() ? r.start : r.end, {}, false},
        hull);
    for (const auto& t : a)
        if (is_site(t) && std::find(b.begin(), b.end(), t) != b.end()) terms.push_back(t);
    for (const auto& t : a)
        if (t == "intron_variant") terms.push_back(t);
    for (const auto& t : b)
        if (t == "intron_variant") terms.push_back(t);
    // The region term is dropped later when a site is hit (annotate(): VEP's rule).
    if (std::any_of(hull.begin(), hull.end(), [&](const std::string& t) {
            return t == "splice_region_variant" || is_site(t);
        }))
        terms.emplace_back("splice_region_variant");
}

}  // namespace nbs
