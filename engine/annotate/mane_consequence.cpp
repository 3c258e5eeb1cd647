#include "engine/annotate/mane_consequence.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "engine/annotate/codon_table.hpp"
#include "engine/annotate/consequence.hpp"
#include "engine/annotate/hgvs.hpp"

namespace nbs {
namespace {

// Most severe first: VEP's ranking of the SO terms (ensembl.org "Calculated variant
// consequences"), for the terms built-in consequence writes.
constexpr std::array<std::string_view, 19> kSeverity = {"transcript_ablation",
                                                        "splice_acceptor_variant",
                                                        "splice_donor_variant",
                                                        "stop_gained",
                                                        "frameshift_variant",
                                                        "stop_lost",
                                                        "start_lost",
                                                        "inframe_insertion",
                                                        "inframe_deletion",
                                                        "missense_variant",
                                                        "splice_region_variant",
                                                        "start_retained_variant",
                                                        "stop_retained_variant",
                                                        "synonymous_variant",
                                                        "coding_sequence_variant",
                                                        "5_prime_UTR_variant",
                                                        "3_prime_UTR_variant",
                                                        "non_coding_transcript_exon_variant",
                                                        "intron_variant"};

std::size_t severity(std::string_view term) {
    return static_cast<std::size_t>(std::find(kSeverity.begin(), kSeverity.end(), term) -
                                    kSeverity.begin());
}

bool overlaps(std::int64_t a, std::int64_t b, std::int64_t x, std::int64_t y) {
    return a <= y && x <= b && x <= y;
}

bool in(std::int64_t p, std::int64_t x, std::int64_t y) {
    return p >= x && p <= y;
}

// One edit in transcript coordinates: del_len bases from `from` replaced by `ins` (transcript
// orientation); an insertion goes before `from`.
struct TxEdit {
    std::int64_t from = 0;
    std::int64_t del_len = 0;
    std::string ins;
    [[nodiscard]] std::int64_t delta() const {
        return static_cast<std::int64_t>(ins.size()) - del_len;
    }
};

// Whether the codon at alt mRNA index `stop_at` lies where the edits (transcript order, CDS
// and 5' UTR alike) read the CDS in a shifted frame: from the start of an edit that leaves the
// CDS's length change off a multiple of 3 to the start of the one that brings it back. An edit
// outside the CDS (5' UTR) only moves the alt coordinates.
bool stop_in_shifted_frame(const std::vector<TxEdit>& edits, std::int64_t stop_at,
                           std::int64_t cds_start, std::int64_t cds_end) {
    std::int64_t moved = 0, offset = 0, shift_from = -1;
    for (const auto& t : edits) {
        const std::int64_t alt_from = t.from + moved;
        const bool in_cds = t.del_len > 0 ? t.from <= cds_end && t.from + t.del_len - 1 >= cds_start
                                          : t.from > cds_start && t.from <= cds_end;
        moved += t.delta();
        if (!in_cds) continue;
        const bool was_shifted = offset % 3 != 0;
        offset += t.delta();
        if (!was_shifted && offset % 3 != 0) {
            shift_from = alt_from;
        } else if (was_shifted && offset % 3 == 0) {
            if (stop_at >= shift_from && stop_at < alt_from) return true;
            shift_from = -1;
        }
    }
    return false;
}

}  // namespace

std::string_view to_string(NmdEscape e) {
    switch (e) {
        case NmdEscape::none:
            return "none";
        case NmdEscape::last_exon:
            return "last_exon";
        case NmdEscape::penultimate_exon_last_50nt:
            return "penultimate_exon_last_50nt";
        case NmdEscape::single_exon:
            return "single_exon";
    }
    return "none";
}

GenomicEdit to_edit(const Variant& v) {
    const std::string& r = v.ref;
    const std::string& a = v.alt;
    std::size_t p = 0;
    while (p < r.size() && p < a.size() && r[p] == a[p])
        ++p;
    std::size_t s = 0;
    while (s < r.size() - p && s < a.size() - p && r[r.size() - 1 - s] == a[a.size() - 1 - s])
        ++s;
    GenomicEdit e;
    e.start = v.pos + static_cast<std::int64_t>(p);
    e.end = v.pos + static_cast<std::int64_t>(r.size() - s) - 1;
    e.ins = a.substr(p, a.size() - s - p);
    return e;
}

std::string BuiltinConsequence::lof_term() const {
    for (const auto& t : terms)
        if (is_lof_term(t)) return t;
    return {};
}

std::optional<CodingTranscript> CodingTranscript::build(const TranscriptModel& model,
                                                        const ReferenceSlices& slices) {
    if (model.exons.empty()) return std::nullopt;
    CodingTranscript t;
    t.model_ = model;
    t.slices_ = &slices;
    std::vector<Region> order = model.exons;
    std::sort(order.begin(), order.end());
    t.model_.exons = order;
    if (model.strand == '-') std::reverse(order.begin(), order.end());
    for (const auto& ex : order) {
        const auto bases = slices.bases(model.chrom, ex.start, ex.end);
        if (!bases) return std::nullopt;
        t.exons_.push_back({ex.start, ex.end, static_cast<std::int64_t>(t.mrna_.size())});
        t.mrna_ += model.strand == '-' ? reverse_complement(*bases) : std::string(*bases);
    }
    if (!model.cds.empty()) {
        std::int64_t lo = model.cds.front().start, hi = model.cds.front().end;
        for (const auto& c : model.cds) {
            lo = std::min(lo, c.start);
            hi = std::max(hi, c.end);
        }
        const auto a = t.tx_index(model.strand == '-' ? hi : lo);
        const auto b = t.tx_index(model.strand == '-' ? lo : hi);
        // A 5'-incomplete CDS is read from its first complete codon (GFF3 phase); the bases
        // before it belong to no codon.
        const std::int64_t phase = std::clamp(model.cds_phase, 0, 2);
        if (a && b && *a + phase <= *b) {
            t.cds_start_ = *a + phase;
            t.start_complete_ = phase == 0;
            t.cds_end_ = *b;
            t.ref_protein_ = translate(
                std::string_view(t.mrna_).substr(static_cast<std::size_t>(t.cds_start_),
                                                 static_cast<std::size_t>(*b - t.cds_start_ + 1)),
                false);
        }
    }
    return t;
}

std::optional<std::int64_t> CodingTranscript::tx_index(std::int64_t pos) const {
    for (const auto& e : exons_)
        if (in(pos, e.start, e.end))
            return e.tx_start + (model_.strand == '-' ? e.end - pos : pos - e.start);
    return std::nullopt;
}

int CodingTranscript::exon_of(std::int64_t pos) const {
    for (std::size_t i = 0; i < exons_.size(); ++i)
        if (in(pos, exons_[i].start, exons_[i].end)) return static_cast<int>(i);
    return -1;
}

std::optional<std::int64_t> CodingTranscript::codon_of(std::int64_t pos) const {
    const auto tx = tx_index(pos);
    if (!coding() || !tx || *tx < cds_start_ || *tx > cds_end_) return std::nullopt;
    return (*tx - cds_start_) / 3;
}

std::string CodingTranscript::position_from_tx(std::int64_t tx) const {
    if (!coding()) return std::to_string(tx + 1);
    if (tx < cds_start_) return "-" + std::to_string(cds_start_ - tx);
    if (tx > cds_end_) return "*" + std::to_string(tx - cds_end_);
    return std::to_string(tx - cds_start_ + 1);
}

std::string CodingTranscript::c_position(std::int64_t pos) const {
    if (const auto tx = tx_index(pos)) return position_from_tx(*tx);
    const bool plus = model_.strand == '+';
    for (std::size_t k = 0; k + 1 < exons_.size(); ++k) {
        const TxExon& a = exons_[k];  // 5' exon of the intron
        const TxExon& b = exons_[k + 1];
        const bool inside = plus ? pos > a.end && pos < b.start : pos < a.start && pos > b.end;
        if (!inside) continue;
        const std::int64_t d5 = plus ? pos - a.end : a.start - pos;
        const std::int64_t d3 = plus ? b.start - pos : pos - b.end;
        // HGVS: the 5' half of an intron is named from the exon before it (the middle base too).
        if (d5 <= d3)
            return position_from_tx(a.tx_start + (a.end - a.start)) + "+" + std::to_string(d5);
        return position_from_tx(b.tx_start) + "-" + std::to_string(d3);
    }
    const Region s = model_.span();
    const std::int64_t up = plus ? s.start - pos : pos - s.end;  // > 0: 5' of the transcript
    const auto last = static_cast<std::int64_t>(mrna_.size()) - 1;
    if (up > 0) return "-" + std::to_string((coding() ? cds_start_ : 0) + up);
    const std::int64_t down = plus ? pos - s.end : s.start - pos;
    return "*" + std::to_string((coding() ? last - cds_end_ : 0) + down);
}

NmdEscape CodingTranscript::nmd_escape_at(std::int64_t ref_tx) const {
    if (exons_.size() == 1) return NmdEscape::single_exon;
    ref_tx = std::clamp<std::int64_t>(ref_tx, 0, static_cast<std::int64_t>(mrna_.size()) - 1);
    for (std::size_t k = 0; k < exons_.size(); ++k) {
        const std::int64_t last = exons_[k].tx_start + (exons_[k].end - exons_[k].start);
        if (ref_tx > last) continue;
        if (k + 1 == exons_.size()) return NmdEscape::last_exon;
        if (k + 2 == exons_.size() && last - ref_tx + 1 <= 50)
            return NmdEscape::penultimate_exon_last_50nt;
        return NmdEscape::none;
    }
    return NmdEscape::last_exon;
}

std::optional<BuiltinConsequence> CodingTranscript::symbolic_deletion(std::int64_t start,
                                                                      std::int64_t end) const {
    const Region s = model_.span();
    if (start > s.start || end < s.end) return std::nullopt;
    BuiltinConsequence c;
    c.transcript = model_.transcript_id;
    c.terms = {"transcript_ablation"};
    return c;
}

ConsequenceStatus CodingTranscript::annotate(const std::vector<Variant>& haplotype,
                                             BuiltinConsequence& out) const {
    out = BuiltinConsequence{};
    out.transcript = model_.transcript_id;
    const bool plus = model_.strand == '+';
    const Region span = model_.span();
    std::vector<GenomicEdit> edits;
    for (const auto& v : haplotype) {
        if (v.chrom != model_.chrom) return ConsequenceStatus::outside_transcript;
        if (v.alt.rfind("<INS", 0) == 0 && v.ref.size() == 1) {
            // VCF 4.3 5.4: a symbolic insertion goes after POS. Where it lands is known, what it
            // inserts is not: splice sites and regions can be named, a coding change cannot.
            if (!slices_->base(v.chrom, v.pos)) return ConsequenceStatus::no_sequence;
            if (std::toupper(static_cast<unsigned char>(v.ref[0])) !=
                *slices_->base(v.chrom, v.pos))
                return ConsequenceStatus::ref_mismatch;
            GenomicEdit e{v.pos + 1, v.pos, {}, true};
            edits.push_back(e);
            continue;
        }
        if (v.alt.empty() || v.alt.find_first_not_of("ACGTNacgtn") != std::string::npos)
            return ConsequenceStatus::not_sequence;  // '*', <DEL>, <DUP>, breakends
        const auto end = v.pos + static_cast<std::int64_t>(v.ref.size()) - 1;
        const auto bases = slices_->bases(v.chrom, v.pos, end);
        if (!bases) return ConsequenceStatus::no_sequence;
        for (std::size_t i = 0; i < v.ref.size(); ++i)
            if (std::toupper(static_cast<unsigned char>(v.ref[i])) != (*bases)[i])
                return ConsequenceStatus::ref_mismatch;
        Variant up = v;
        for (auto& c : up.alt)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        for (auto& c : up.ref)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        edits.push_back(to_edit(up));
    }
    std::sort(edits.begin(), edits.end(),
              [](const GenomicEdit& a, const GenomicEdit& b) { return a.start < b.start; });
    const bool inside = std::any_of(edits.begin(), edits.end(), [&](const GenomicEdit& e) {
        return e.insertion() ? e.start - 1 >= span.start && e.start <= span.end
                             : overlaps(e.start, e.end, span.start, span.end);
    });
    if (!inside) return ConsequenceStatus::outside_transcript;
    for (const auto& e : edits)
        if (!e.insertion() && e.start <= span.start && e.end >= span.end) {
            out.terms = {"transcript_ablation"};
            return ConsequenceStatus::annotated;
        }

    std::vector<std::string>& terms = out.terms;
    std::vector<TxEdit> tx_edits;
    bool complex = false, cds_touched = false;
    for (const auto& given : edits) {
        splice_terms_any_position(given, terms);
        // An indel in a repeat that crosses an exon border is read where it lies wholly in one
        // exon when one of its equivalent positions does (the splice sites are then intact:
        // splice_terms_any_position names none), e.g. bcftools' CD207 case X:5507 G>GC, whose
        // C can go in just inside the exon: a frameshift.
        GenomicEdit e = given;
        for (const GenomicEdit& cand : {given, shifted(given, true), shifted(given, false)}) {
            const bool one_exon =
                cand.insertion()
                    ? exon_of(cand.start - 1) >= 0 && exon_of(cand.start - 1) == exon_of(cand.start)
                    : exon_of(cand.start) >= 0 && exon_of(cand.start) == exon_of(cand.end);
            if (one_exon) {
                e = cand;
                break;
            }
        }
        int exon = -1;
        if (e.insertion()) {
            const int l = exon_of(e.start - 1), r = exon_of(e.start);
            if (l >= 0 && l == r) exon = l;
        } else {
            const int l = exon_of(e.start), r = exon_of(e.end);
            bool any = l >= 0 || r >= 0;
            for (const auto& x : exons_)
                any = any || overlaps(e.start, e.end, x.start, x.end);
            if (l >= 0 && l == r) {
                exon = l;
            } else if (any) {
                complex = true;  // across an exon-intron border: the new splicing is unknown
                for (const auto& c : model_.cds)
                    cds_touched = cds_touched || overlaps(e.start, e.end, c.start, c.end);
                terms.emplace_back(cds_touched ? "coding_sequence_variant"
                                   : coding()  ? "5_prime_UTR_variant"
                                               : "non_coding_transcript_exon_variant");
            }
        }
        if (exon < 0) continue;
        if (e.unknown_insertion) {
            // Inside an exon, of unknown length: no frame or protein can be predicted.
            const std::int64_t from = plus ? *tx_index(e.start) : *tx_index(e.start - 1);
            terms.emplace_back(!coding()            ? "non_coding_transcript_exon_variant"
                               : from <= cds_start_ ? "5_prime_UTR_variant"
                               : from > cds_end_    ? "3_prime_UTR_variant"
                                                    : "coding_sequence_variant");
            complex = true;
            continue;
        }
        TxEdit t;
        if (e.insertion()) {
            t.from = plus ? *tx_index(e.start) : *tx_index(e.start - 1);
        } else {
            t.from = *tx_index(plus ? e.start : e.end);
            t.del_len = e.end - e.start + 1;
        }
        t.ins = plus ? e.ins : reverse_complement(e.ins);
        const std::int64_t last = t.from + t.del_len - 1;
        if (!coding()) {
            terms.emplace_back("non_coding_transcript_exon_variant");
        } else if (t.del_len > 0) {
            if (t.from < cds_start_) terms.emplace_back("5_prime_UTR_variant");
            if (last > cds_end_) terms.emplace_back("3_prime_UTR_variant");
            cds_touched = cds_touched || overlaps(t.from, last, cds_start_, cds_end_);
        } else if (t.from <= cds_start_) {
            terms.emplace_back("5_prime_UTR_variant");
        } else if (t.from > cds_end_) {
            terms.emplace_back("3_prime_UTR_variant");
        } else {
            cds_touched = true;
        }
        tx_edits.push_back(std::move(t));
    }

    bool frameshift = false, start_lost = false;
    std::int64_t k0 = -1, codon_delta = 0;
    std::string alt_tail;
    if (cds_touched && !complex && coding()) {
        std::sort(tx_edits.begin(), tx_edits.end(),
                  [](const TxEdit& a, const TxEdit& b) { return a.from < b.from; });
        std::string alt = mrna_;
        for (auto it = tx_edits.rbegin(); it != tx_edits.rend(); ++it)
            alt.replace(static_cast<std::size_t>(it->from), static_cast<std::size_t>(it->del_len),
                        it->ins);
        std::int64_t alt_start = cds_start_, delta = 0, total = 0;
        bool start_touched = false;
        for (const auto& t : tx_edits) {
            total += t.delta();
            const std::int64_t last = t.from + t.del_len - 1;
            const bool before = t.del_len > 0 ? last < cds_start_ : t.from <= cds_start_;
            const bool after = t.del_len > 0 ? t.from > cds_end_ : t.from > cds_end_;
            if (before) {
                alt_start += t.delta();
                continue;
            }
            if (after) continue;
            const std::int64_t first = std::max(t.from, cds_start_);
            if (k0 < 0) k0 = (first - cds_start_) / 3;
            delta += t.delta();
            start_touched = start_touched ||
                            (t.del_len > 0 ? t.from <= cds_start_ + 2 : t.from <= cds_start_ + 2);
            if (t.del_len > 0 && t.from < cds_start_) alt_start = t.from;  // start codon cut
        }
        const std::string_view alt_view(alt);
        auto alt_codon = [&](std::int64_t k) {
            const std::int64_t at = alt_start + 3 * k;
            return at >= 0 && at + 3 <= static_cast<std::int64_t>(alt.size())
                       ? alt_view.substr(static_cast<std::size_t>(at), 3)
                       : std::string_view();
        };
        // Only a complete start codon can be lost: a model whose CDS does not open with ATG is
        // 5'-incomplete (its first codon is not the initiator).
        start_touched = start_touched && start_complete_ &&
                        mrna_.compare(static_cast<std::size_t>(cds_start_), 3, "ATG") == 0;
        if (start_touched) {
            start_lost = translate_codon(alt_codon(0)) != 'M';
            terms.emplace_back(start_lost ? "start_lost" : "start_retained_variant");
        }
        const std::int64_t tail_at = alt_start + 3 * k0;
        if (tail_at >= 0 && tail_at < static_cast<std::int64_t>(alt.size()))
            alt_tail = translate(alt_view.substr(static_cast<std::size_t>(tail_at)), true);
        const auto ref_len = static_cast<std::int64_t>(ref_protein_.size());
        const auto ref_stop = static_cast<std::int64_t>(ref_protein_.find('*'));
        std::int64_t ptc = -1;  // 0-based codon of a premature stop in the new protein
        if (delta % 3 != 0) {
            frameshift = true;
            // A lost start codon leaves no reference frame to shift (HGVS names the protein
            // p.Met1?, no frameshift), so a 1-bp deletion in ATG is start_lost alone, as
            // bcftools' start-del cases expect. An in-frame deletion of ATG keeps its
            // inframe_deletion: that term describes the CDS, not a translation.
            if (!start_lost) terms.emplace_back("frameshift_variant");
            const auto s = alt_tail.find('*');
            ptc = s == std::string::npos ? -2 : k0 + static_cast<std::int64_t>(s);
            // A frameshift that takes bases of the stop codon loses it unless the new frame has
            // a stop right there (VEP and bcftools name both terms; e.g. PEX11G c.514del in
            // TGA: p.Ter172AspextTer?).
            const std::int64_t stop_at = cds_end_ - 2;
            const bool stop_touched =
                ref_stop >= 0 && ref_stop + 1 == ref_len &&
                std::any_of(tx_edits.begin(), tx_edits.end(), [&](const TxEdit& t) {
                    return t.del_len > 0
                               ? overlaps(t.from, t.from + t.del_len - 1, stop_at, cds_end_)
                               : t.from > stop_at && t.from <= cds_end_;
                });
            if (stop_touched && translate_codon(alt_codon((stop_at - cds_start_) / 3)) != '*')
                terms.emplace_back("stop_lost");
        } else if (const auto s = alt_tail.find('*');
                   s != std::string::npos &&
                   stop_in_shifted_frame(tx_edits, tail_at + 3 * static_cast<std::int64_t>(s),
                                         cds_start_, cds_end_)) {
            // Indels whose lengths sum to a multiple of 3, with the new protein's stop met
            // between one that shifts the frame and the one that restores it: the restored
            // frame is never read, so the haplotype is a frameshift ending in a premature stop,
            // not an in-frame change (bcftools' compound rule, its stop-gained-not-inframe-
            // insertion case: 2 bases deleted at codon 453, 8 inserted 15 exons 3' of it, a
            // stop 6 codons after the deletion).
            frameshift = true;
            terms.emplace_back("frameshift_variant");
            terms.emplace_back("stop_gained");
            ptc = k0 + static_cast<std::int64_t>(s);
        } else {
            codon_delta = delta / 3;
            if (delta > 0) terms.emplace_back("inframe_insertion");
            if (delta < 0) terms.emplace_back("inframe_deletion");
            const std::int64_t alt_stop =
                s == std::string::npos ? -1 : k0 + static_cast<std::int64_t>(s);
            const std::int64_t expected = ref_stop >= 0 ? ref_stop + codon_delta : -1;
            if (delta == 0) {
                // Codon by codon over the codons the edits touch.
                std::int64_t k1 = k0;
                for (const auto& t : tx_edits)
                    if (t.from >= cds_start_ && t.from <= cds_end_)
                        k1 = std::max(
                            k1,
                            (t.from + std::max<std::int64_t>(t.del_len, 1) - 1 - cds_start_) / 3);
                bool changed = false;
                for (std::int64_t k = k0; k <= k1 && k < ref_len; ++k) {
                    const char r = ref_protein_[static_cast<std::size_t>(k)];
                    const char a = translate_codon(alt_codon(k));
                    if (k == 0 && start_touched) continue;
                    if (r == a) {
                        if (r == '*') terms.emplace_back("stop_retained_variant");
                        continue;
                    }
                    changed = true;
                    if (r == '*') {
                        terms.emplace_back("stop_lost");
                    } else if (a == '*') {
                        terms.emplace_back("stop_gained");
                        if (ptc < 0) ptc = k;
                    } else {
                        terms.emplace_back("missense_variant");
                    }
                }
                // A codon set that gains a stop is a nonsense change, whatever else it alters.
                if (ptc >= 0)
                    terms.erase(std::remove(terms.begin(), terms.end(), "missense_variant"),
                                terms.end());
                const bool stop_kept =
                    std::find(terms.begin(), terms.end(), "stop_retained_variant") != terms.end();
                if (!changed && !start_touched && !stop_kept)
                    terms.emplace_back("synonymous_variant");
            } else if (alt_stop >= 0 && expected >= 0 && alt_stop < expected) {
                terms.emplace_back("stop_gained");
                ptc = alt_stop;
            } else if (ref_stop >= 0 && (alt_stop < 0 || alt_stop > expected)) {
                terms.emplace_back("stop_lost");
            }
        }
        if (ptc != -1 && !start_lost) {
            // The premature stop's first base, back on the reference transcript (the edits lie
            // before it); a new frame without a stop reads into the poly-A: no junction after it.
            out.nmd_escape =
                ptc == -2 ? (exons_.size() == 1 ? NmdEscape::single_exon : NmdEscape::last_exon)
                          : nmd_escape_at(alt_start + 3 * ptc - total);
        }
    }

    // VEP writes splice_region_variant only when no splice donor/acceptor site of the transcript
    // is hit (Ensembl VariationEffect.pm, predicate splice_region; bcftools csq likewise): a
    // deletion of intron bases +1..+6 is splice_donor_variant alone.
    if (std::any_of(terms.begin(), terms.end(), [](const std::string& t) {
            return t == "splice_donor_variant" || t == "splice_acceptor_variant";
        }))
        terms.erase(std::remove(terms.begin(), terms.end(), "splice_region_variant"), terms.end());

    // Most severe first, each once.
    std::stable_sort(terms.begin(), terms.end(), [](const std::string& a, const std::string& b) {
        return severity(a) < severity(b);
    });
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    if (terms.empty())
        terms.emplace_back(coding() ? "coding_sequence_variant"
                                    : "non_coding_transcript_exon_variant");

    // HGVS: c. for each edit (cis edits as c.[a;b]), p. when the CDS changed and is readable.
    std::vector<std::string> names;
    for (const auto& e : edits)
        if (!e.unknown_insertion) names.push_back(hgvs_c(*this, e));
    if (names.size() != edits.size()) names.clear();  // an insertion of unknown bases: unnamed
    if (names.size() == 1) {
        out.hgvs_c = names.front();
    } else if (!names.empty()) {
        out.hgvs_c = names.front().substr(0, 2) + "[";
        for (std::size_t i = 0; i < names.size(); ++i)
            out.hgvs_c += (i ? ";" : "") + names[i].substr(2);
        out.hgvs_c += "]";
    }
    if (k0 >= 0)
        out.hgvs_p = hgvs_p(ref_protein_, k0, alt_tail, frameshift, start_lost, codon_delta);
    return ConsequenceStatus::annotated;
}

}  // namespace nbs
