#include "engine/genome/normalize.hpp"

#include <algorithm>
#include <charconv>

namespace nbs {

Variant minimal_representation(Variant v) {
    while (v.ref.size() > 1 && v.alt.size() > 1 && v.ref.back() == v.alt.back()) {
        v.ref.pop_back();
        v.alt.pop_back();
    }
    std::size_t prefix = 0;
    while (prefix + 1 < v.ref.size() && prefix + 1 < v.alt.size() && v.ref[prefix] == v.alt[prefix])
        ++prefix;
    if (prefix > 0) {
        v.ref.erase(0, prefix);
        v.alt.erase(0, prefix);
        v.pos += static_cast<std::int64_t>(prefix);
    }
    return v;
}

bool is_symbolic_allele(const std::string& alt) {
    if (alt.empty() || alt == "*" || alt == ".") return true;
    if (alt.front() == '<') return true;
    return alt.find_first_of("[]") != std::string::npos || alt.front() == '.' || alt.back() == '.';
}

std::string format_genotype(const SampleFormat& s) {
    if (s.alleles.empty()) return ".";
    std::string gt;
    for (std::size_t i = 0; i < s.alleles.size(); ++i) {
        if (i > 0) gt += s.phased ? '|' : '/';
        gt += s.alleles[i] < 0 ? "." : std::to_string(s.alleles[i]);
    }
    return gt;
}

namespace {
// Reduces Number=A / Number=R values to the one for ALT `alt_index` (1-based).
InfoField reduce_info(const InfoField& f, int alt_index) {
    if (f.number != 'A' && f.number != 'R') return f;
    const int want = f.number == 'A' ? alt_index - 1 : alt_index;
    int field = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= f.value.size(); ++i) {
        if (i == f.value.size() || f.value[i] == ',') {
            if (field == want) return {f.key, f.value.substr(start, i - start), '1'};
            ++field;
            start = i + 1;
        }
    }
    return {f.key, ".", '1'};
}
// Some callers write adjacent changes as one equal-length substitution (an MNP, e.g. AC>GT).
// Curated lists and ClinVar name the single-base changes, so each differing base is also offered
// as its own SNV, in cis with the others (same record, same ALT: inheritance.cpp), after the
// whole allele. Worked example: chr1:100 ACG>TCA (GT 0/1) -> the MNP itself, chr1:100 A>T and
// chr1:102 G>A, each 0/1 and decomposed_from chr1:100:ACG>TCA.
void append_mnp_snvs(std::vector<AlleleCall>& out) {
    const AlleleCall whole = out.back();
    const Variant& v = whole.variant;
    if (v.ref.size() < 2 || v.ref.size() != v.alt.size()) return;
    for (std::size_t i = 0; i < v.ref.size(); ++i) {
        if (v.ref[i] == v.alt[i]) continue;
        AlleleCall snv = whole;
        snv.variant = Variant{v.chrom, v.pos + static_cast<std::int64_t>(i),
                              std::string(1, v.ref[i]), std::string(1, v.alt[i])};
        snv.decomposed_from = v;
        out.push_back(std::move(snv));
    }
}

}  // namespace

namespace {

// The call of ALT `alt_index` (1-based) as the sample carries it; copies == 0 when it does not.
AlleleCall make_call(const VcfRecord& rec, int alt_index, const std::string& gt, int missing) {
    const auto& s = rec.sample;
    const std::string& alt = rec.alts[static_cast<std::size_t>(alt_index - 1)];
    AlleleCall call;
    for (std::size_t h = 0; h < s.alleles.size(); ++h) {
        if (s.alleles[h] == alt_index) {
            ++call.copies;
            if (h < 8) call.haplotypes |= static_cast<std::uint8_t>(1U << h);
        }
    }
    if (call.copies == 0) return call;
    // REF/ALT arrive upper-cased: the reader does it once per record (io/vcf_decode.cpp).
    call.as_written = Variant{rec.chrom, rec.pos, rec.ref, alt};
    call.variant =
        is_symbolic_allele(alt) ? call.as_written : minimal_representation(call.as_written);
    call.alt_index = alt_index;
    call.record_alts = rec.alts;
    call.genotype = gt;
    call.ploidy = static_cast<int>(s.alleles.size());
    call.missing_alleles = missing;
    call.phased = s.phased && missing == 0 && s.alleles.size() > 1;
    if (!call.phased) call.haplotypes = 0;
    call.phase_set = call.phased ? s.phase_set : std::nullopt;
    call.gq = s.gq;
    call.dp = s.dp;
    if (static_cast<std::size_t>(alt_index) < s.ad.size() && s.ad[alt_index] >= 0) {
        call.ad_alt = s.ad[alt_index];
        int total = 0;
        for (int d : s.ad)
            if (d > 0) total += d;
        call.ad_total = total;
    }
    call.filters = rec.filters;
    call.line = rec.line;
    call.info.reserve(rec.info.size());
    for (const auto& f : rec.info)
        call.info.push_back(reduce_info(f, alt_index));
    return call;
}

int missing_alleles(const SampleFormat& s) {
    int missing = 0;
    for (int a : s.alleles)
        if (a < 0) ++missing;
    return missing;
}

}  // namespace

std::vector<AlleleCall> split_alleles(const VcfRecord& rec) {
    std::vector<AlleleCall> out;
    const int missing = missing_alleles(rec.sample);
    const std::string gt = format_genotype(rec.sample);
    for (std::size_t i = 0; i < rec.alts.size(); ++i) {
        if (is_symbolic_allele(rec.alts[i])) continue;
        AlleleCall call = make_call(rec, static_cast<int>(i) + 1, gt, missing);
        if (call.copies == 0) continue;
        out.push_back(std::move(call));
        append_mnp_snvs(out);
    }
    return out;
}

std::vector<SymbolicDeletion> symbolic_deletions(const VcfRecord& rec) {
    std::vector<SymbolicDeletion> out;
    const int missing = missing_alleles(rec.sample);
    const std::string gt = format_genotype(rec.sample);
    for (std::size_t i = 0; i < rec.alts.size(); ++i) {
        const std::string& alt = rec.alts[i];
        if (alt != "<DEL>" && alt.rfind("<DEL:", 0) != 0) continue;
        SymbolicDeletion d{make_call(rec, static_cast<int>(i) + 1, gt, missing), 0};
        if (d.call.copies == 0) continue;
        // VCF 4.3 section 3 (INFO END, SVLEN): the deleted bases are POS+1..END, END = POS +
        // |SVLEN| for a deletion; END wins where both are given (they disagree in the wild).
        const auto ref_end = rec.pos + static_cast<std::int64_t>(rec.ref.size()) - 1;
        if (rec.end && *rec.end > ref_end) {
            d.end = *rec.end;
        } else if (const auto* f = d.call.find_info("SVLEN")) {
            std::int64_t len = 0;
            const std::string v = f->value.substr(0, f->value.find(','));
            const auto r = std::from_chars(v.data(), v.data() + v.size(), len);
            if (r.ec == std::errc() && r.ptr == v.data() + v.size() && len != 0)
                d.end = ref_end + (len < 0 ? -len : len);
        }
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace nbs

namespace nbs {

std::optional<Variant> left_align(Variant v, const ReferenceSlices& ref) {
    if (v.ref.empty() || v.pos < 1) return std::nullopt;
    const auto end = v.pos + static_cast<std::int64_t>(v.ref.size()) - 1;
    const auto written = ref.bases(v.chrom, v.pos, end);
    if (!written || *written != v.ref) return std::nullopt;
    if (v.ref.size() == v.alt.size()) return minimal_representation(std::move(v));
    for (;;) {
        bool changed = false;
        if (!v.ref.empty() && !v.alt.empty() && v.ref.back() == v.alt.back()) {
            v.ref.pop_back();
            v.alt.pop_back();
            changed = true;
        }
        if (v.ref.empty() || v.alt.empty()) {
            const auto before = ref.base(v.chrom, v.pos - 1);
            if (!before || *before == 'N') return std::nullopt;  // ran off the slice
            --v.pos;
            v.ref.insert(v.ref.begin(), *before);
            v.alt.insert(v.alt.begin(), *before);
            changed = true;
        }
        if (!changed) break;
    }
    return minimal_representation(std::move(v));
}

std::optional<Region> equivalent_span(const Variant& v, const ReferenceSlices& ref) {
    const auto left = left_align(v, ref);
    if (!left) return std::nullopt;
    const auto last = left->pos + static_cast<std::int64_t>(left->ref.size()) - 1;
    const bool deletion = left->alt.size() == 1 && left->ref.size() > 1;
    const bool insertion = left->ref.size() == 1 && left->alt.size() > 1;
    if (!deletion && !insertion) return Region{left->chrom, left->pos, last};
    // The changed bases after the anchor rotate right while the next reference base equals the
    // first of them (the bases 3' of the change repeat it).
    std::string unit = deletion ? left->ref.substr(1) : left->alt.substr(1);
    std::int64_t next = deletion ? last + 1 : left->pos + 1;  // first base after the change
    for (;;) {
        const auto b = ref.base(left->chrom, next);
        if (!b || *b != unit.front()) break;
        std::rotate(unit.begin(), unit.begin() + 1, unit.end());
        ++next;
    }
    // A deletion's right-most placement ends at next-1; an insertion's sits between next-1 and
    // next, and both flanking bases are touched.
    return Region{left->chrom, left->pos, deletion ? next - 1 : next};
}

}  // namespace nbs
