#include "engine/report/evidence_codec.hpp"

#include <zstd.h>

#include <cstring>
#include <limits>
#include <stdexcept>

#include "engine/core/input_error.hpp"

namespace nbs {
namespace {

// Integers as LEB128 varints (signed ones zigzagged), strings and vectors with their length
// first, doubles as their 8 IEEE bytes: small, exact, and the same on every machine.
class Writer {
  public:
    void u(std::uint64_t v) {
        while (v >= 0x80) {
            out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
            v >>= 7;
        }
        out_.push_back(static_cast<char>(v));
    }
    void i(std::int64_t v) {
        u((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
    }
    void b(bool v) { u(v ? 1 : 0); }
    void d(double v) {
        std::uint64_t bits = 0;
        std::memcpy(&bits, &v, sizeof bits);
        for (int k = 0; k < 8; ++k)
            out_.push_back(static_cast<char>((bits >> (8 * k)) & 0xff));
    }
    void s(std::string_view v) {
        u(v.size());
        out_.append(v);
    }
    template <class T>
    void opt(const std::optional<T>& v) {
        b(v.has_value());
        if (v) i(*v);
    }
    void ints(const std::vector<int>& v) {
        u(v.size());
        for (int x : v)
            i(x);
    }
    void ints64(const std::vector<std::int64_t>& v) {
        u(v.size());
        for (auto x : v)
            i(x);
    }
    void strs(const std::vector<std::string>& v) {
        u(v.size());
        for (const auto& x : v)
            s(x);
    }
    void region(const Region& r) {
        s(r.chrom);
        i(r.start);
        i(r.end);
    }
    void regions(const std::vector<Region>& v) {
        u(v.size());
        for (const auto& r : v)
            region(r);
    }
    std::string take() { return std::move(out_); }

  private:
    std::string out_;
};

struct Corrupt : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Reader {
  public:
    explicit Reader(std::string_view in) : in_(in) {}
    std::uint64_t u() {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at_ >= in_.size()) throw Corrupt("it ends inside a number");
            const auto byte = static_cast<unsigned char>(in_[at_++]);
            v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            if ((byte & 0x80) == 0) return v;
        }
        throw Corrupt("a number is too long");
    }
    std::int64_t i() {
        const std::uint64_t z = u();
        return static_cast<std::int64_t>((z >> 1) ^ (~(z & 1) + 1));
    }
    int i32() {
        const std::int64_t v = i();
        if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
            throw Corrupt("a value is out of range");
        return static_cast<int>(v);
    }
    bool b() {
        const auto v = u();
        if (v > 1) throw Corrupt("a flag is neither 0 nor 1");
        return v == 1;
    }
    double d() {
        if (in_.size() - at_ < 8) throw Corrupt("it ends inside a number");
        std::uint64_t bits = 0;
        for (int k = 0; k < 8; ++k)
            bits |= static_cast<std::uint64_t>(static_cast<unsigned char>(in_[at_++])) << (8 * k);
        double v = 0;
        std::memcpy(&v, &bits, sizeof v);
        return v;
    }
    std::size_t count() {
        const auto n = u();
        // Every element takes at least one byte: a larger count is corruption, not a reason to
        // allocate.
        if (n > in_.size() - at_) throw Corrupt("a length runs past the end");
        return static_cast<std::size_t>(n);
    }
    std::string s() {
        const std::size_t n = count();
        std::string v(in_.substr(at_, n));
        at_ += n;
        return v;
    }
    template <class T>
    std::optional<T> opt() {
        if (!b()) return std::nullopt;
        const std::int64_t v = i();
        if (v < std::numeric_limits<T>::min() || v > std::numeric_limits<T>::max())
            throw Corrupt("a value is out of range");
        return static_cast<T>(v);
    }
    std::vector<int> ints() {
        std::vector<int> v(count());
        for (auto& x : v)
            x = i32();
        return v;
    }
    std::vector<std::int64_t> ints64() {
        std::vector<std::int64_t> v(count());
        for (auto& x : v)
            x = i();
        return v;
    }
    std::vector<std::string> strs() {
        std::vector<std::string> v(count());
        for (auto& x : v)
            x = s();
        return v;
    }
    Region region() {
        Region r;
        r.chrom = s();
        r.start = i();
        r.end = i();
        return r;
    }
    std::vector<Region> regions() {
        std::vector<Region> v(count());
        for (auto& r : v)
            r = region();
        return v;
    }
    Karyotype karyotype() {
        const auto v = u();
        if (v > static_cast<std::uint64_t>(Karyotype::unknown)) throw Corrupt("an unknown sex");
        return static_cast<Karyotype>(v);
    }
    [[nodiscard]] bool done() const { return at_ == in_.size(); }

  private:
    std::string_view in_;
    std::size_t at_ = 0;
};

void put(Writer& w, const SampleFormat& f) {
    w.ints(f.alleles);
    w.b(f.phased);
    w.opt(f.phase_set);
    w.opt(f.gq);
    w.opt(f.dp);
    w.ints(f.ad);
    w.opt(f.min_dp);
}

SampleFormat get_format(Reader& r) {
    SampleFormat f;
    f.alleles = r.ints();
    f.phased = r.b();
    f.phase_set = r.opt<std::int64_t>();
    f.gq = r.opt<int>();
    f.dp = r.opt<int>();
    f.ad = r.ints();
    f.min_dp = r.opt<int>();
    return f;
}

void put(Writer& w, const VcfRecord& rec) {
    w.s(rec.chrom);
    w.i(rec.pos);
    w.s(rec.ref);
    w.strs(rec.alts);
    w.strs(rec.filters);
    w.opt(rec.end);
    put(w, rec.sample);
    w.u(rec.info.size());
    for (const auto& f : rec.info) {
        w.s(f.key);
        w.s(f.value);
        w.u(static_cast<unsigned char>(f.number));
    }
    w.u(rec.line);
    w.b(rec.genotype_only);
}

VcfRecord get_record(Reader& r) {
    VcfRecord rec;
    rec.chrom = r.s();
    rec.pos = r.i();
    rec.ref = r.s();
    rec.alts = r.strs();
    rec.filters = r.strs();
    rec.end = r.opt<std::int64_t>();
    rec.sample = get_format(r);
    rec.info.resize(r.count());
    for (auto& f : rec.info) {
        f.key = r.s();
        f.value = r.s();
        const auto n = r.u();
        if (n > 127) throw Corrupt("an INFO Number is not a character");
        f.number = static_cast<char>(n);
    }
    rec.line = r.u();
    rec.genotype_only = r.b();
    return rec;
}

void put(Writer& w, const CoverageEvidence& c) {
    w.b(c.assessed);
    w.s(c.source);
    w.s(c.note);
    w.ints(c.settings.thresholds);
    w.i(c.settings.min_mapq);
    w.i(c.settings.callability_min_depth);
    w.d(c.settings.callability_min_fraction);
    w.i(c.settings.min_gq);
    for (auto v : {c.reads.reads_seen, c.reads.reads_used, c.reads.reads_failed_flag,
                   c.reads.reads_failed_mapq, c.reads.mate_overlap_bases})
        w.u(v);
    w.u(c.intervals.size());
    for (const auto& iv : c.intervals) {
        w.region(iv.region);
        w.i(iv.bases);
        w.u(iv.sum_depth);
        w.ints64(iv.bases_at);
        w.i(iv.callable_bases);
    }
    w.b(c.depth_sex.has_value());
    if (c.depth_sex) {
        const DepthSex& d = *c.depth_sex;
        w.u(static_cast<std::uint64_t>(d.karyotype));
        for (double v : {d.autosome_depth, d.x_depth, d.y_depth, d.x_ratio, d.y_ratio})
            w.d(v);
        w.s(d.reason);
    }
    w.strs(c.alignment_samples);
    w.s(c.alignment_sample_check);
    w.b(c.smn.has_value());
    if (c.smn) {
        w.u(c.smn->sites.size());
        for (const auto& s : c.smn->sites) {
            w.s(s.name);
            w.b(s.c840);
            w.u(s.smn1_reads);
            w.u(s.smn2_reads);
            w.u(s.other_reads);
        }
        w.d(c.smn->smn1_depth);
        w.d(c.smn->smn2_depth);
        w.u(c.smn->norm_depths.size());
        for (double v : c.smn->norm_depths)
            w.d(v);
    }
    w.s(c.smn_reading);
}

std::uint32_t u32(Reader& r) {
    const auto v = r.u();
    if (v > std::numeric_limits<std::uint32_t>::max()) throw Corrupt("a count is out of range");
    return static_cast<std::uint32_t>(v);
}

CoverageEvidence get_coverage(Reader& r) {
    CoverageEvidence c;
    c.assessed = r.b();
    c.source = r.s();
    c.note = r.s();
    c.settings.thresholds = r.ints();
    c.settings.min_mapq = r.i32();
    c.settings.callability_min_depth = r.i32();
    c.settings.callability_min_fraction = r.d();
    c.settings.min_gq = r.i32();
    for (auto* v : {&c.reads.reads_seen, &c.reads.reads_used, &c.reads.reads_failed_flag,
                    &c.reads.reads_failed_mapq, &c.reads.mate_overlap_bases})
        *v = r.u();
    c.intervals.resize(r.count());
    for (auto& iv : c.intervals) {
        iv.region = r.region();
        iv.bases = r.i();
        iv.sum_depth = r.u();
        iv.bases_at = r.ints64();
        iv.callable_bases = r.i();
    }
    if (r.b()) {
        DepthSex d;
        d.karyotype = r.karyotype();
        for (double* v : {&d.autosome_depth, &d.x_depth, &d.y_depth, &d.x_ratio, &d.y_ratio})
            *v = r.d();
        d.reason = r.s();
        c.depth_sex = std::move(d);
    }
    c.alignment_samples = r.strs();
    c.alignment_sample_check = r.s();
    if (r.b()) {
        SmnObservation o;
        o.sites.resize(r.count());
        for (auto& s : o.sites) {
            s.name = r.s();
            s.c840 = r.b();
            s.smn1_reads = u32(r);
            s.smn2_reads = u32(r);
            s.other_reads = u32(r);
        }
        o.smn1_depth = r.d();
        o.smn2_depth = r.d();
        o.norm_depths.resize(r.count());
        for (auto& v : o.norm_depths)
            v = r.d();
        c.smn = std::move(o);
    }
    c.smn_reading = r.s();
    return c;
}

std::string payload(const BabyEvidence& ev) {
    Writer w;
    const BabyInput& in = ev.input;
    w.s(in.sample_id);
    w.s(in.vcf);
    w.b(in.vcf_sample.has_value());
    if (in.vcf_sample) w.s(*in.vcf_sample);
    w.b(in.reported_sex.has_value());
    if (in.reported_sex) w.u(static_cast<std::uint64_t>(*in.reported_sex));
    w.s(in.cram);
    w.s(in.reference);
    w.s(ev.vcf_sha256);
    w.s(ev.vcf_sample);
    w.s(ev.facts.access);
    w.s(ev.facts.contig_naming);
    w.i(ev.facts.contigs_checked);
    w.b(ev.facts.has_lengths);
    w.u(ev.facts.vcf_size);
    w.s(ev.panel_id);
    w.s(ev.panel_version);
    w.s(ev.panel_sha256);
    w.s(ev.panel_source);
    w.regions(ev.gene_regions);
    w.regions(ev.decode_regions);
    w.strs(ev.info_keys);
    w.u(ev.info_header.size());
    for (const auto& h : ev.info_header) {
        w.s(h.key);
        w.u(static_cast<unsigned char>(h.number));
        w.s(h.description);
    }
    w.u(ev.records.size());
    for (const auto& rec : ev.records)
        put(w, rec);
    for (auto v : {ev.sex.x_nonpar_calls, ev.sex.x_nonpar_het, ev.sex.y_nonpar_calls,
                   ev.sex.x_haploid_calls})
        w.u(v);
    w.b(ev.sex.y_called);
    w.strs(ev.contigs);
    w.u(ev.records_seen);
    w.u(ev.records_decoded);
    put(w, ev.coverage);
    return w.take();
}

BabyEvidence from_payload(std::string_view bytes) {
    Reader r(bytes);
    BabyEvidence ev;
    BabyInput& in = ev.input;
    in.sample_id = r.s();
    in.vcf = r.s();
    if (r.b()) in.vcf_sample = r.s();
    if (r.b()) in.reported_sex = r.karyotype();
    in.cram = r.s();
    in.reference = r.s();
    ev.vcf_sha256 = r.s();
    ev.vcf_sample = r.s();
    ev.facts.access = r.s();
    ev.facts.contig_naming = r.s();
    ev.facts.contigs_checked = r.i32();
    ev.facts.has_lengths = r.b();
    ev.facts.vcf_size = r.u();
    ev.panel_id = r.s();
    ev.panel_version = r.s();
    ev.panel_sha256 = r.s();
    ev.panel_source = r.s();
    ev.gene_regions = r.regions();
    ev.decode_regions = r.regions();
    ev.info_keys = r.strs();
    ev.info_header.resize(r.count());
    for (auto& h : ev.info_header) {
        h.key = r.s();
        const auto n = r.u();
        if (n > 127) throw Corrupt("an INFO Number is not a character");
        h.number = static_cast<char>(n);
        h.description = r.s();
    }
    ev.records.resize(r.count());
    for (auto& rec : ev.records)
        rec = get_record(r);
    for (auto* v : {&ev.sex.x_nonpar_calls, &ev.sex.x_nonpar_het, &ev.sex.y_nonpar_calls,
                    &ev.sex.x_haploid_calls})
        *v = r.u();
    ev.sex.y_called = r.b();
    ev.contigs = r.strs();
    ev.records_seen = r.u();
    ev.records_decoded = r.u();
    ev.coverage = get_coverage(r);
    if (!r.done()) throw Corrupt("bytes follow the end of the evidence");
    return ev;
}

std::string header_line() {
    return std::string(kEvidenceMagic) + std::to_string(kEvidenceVersion) + "\n";
}

}  // namespace

std::string encode_evidence(const BabyEvidence& ev) {
    const std::string raw = payload(ev);
    std::string out = header_line();
    const std::size_t head = out.size();
    out.resize(head + ZSTD_compressBound(raw.size()));
    ZSTD_CCtx* cx = ZSTD_createCCtx();
    if (cx == nullptr) throw std::bad_alloc();
    // Level 3 (zstd's default), one thread, a content checksum: a flipped bit is refused.
    ZSTD_CCtx_setParameter(cx, ZSTD_c_compressionLevel, 3);
    ZSTD_CCtx_setParameter(cx, ZSTD_c_checksumFlag, 1);
    const std::size_t n =
        ZSTD_compress2(cx, out.data() + head, out.size() - head, raw.data(), raw.size());
    ZSTD_freeCCtx(cx);
    if (ZSTD_isError(n))
        throw std::runtime_error(std::string("zstd compression failed: ") + ZSTD_getErrorName(n));
    out.resize(head + n);
    return out;
}

BabyEvidence decode_evidence(std::string_view bytes, const std::string& source) {
    const std::string fix =
        "re-screen this baby from its VCF (nbscreen screen, or nbscreen rescreen --reread)";
    const auto nl = bytes.find('\n');
    if (nl == std::string_view::npos || nl > 64 ||
        bytes.substr(0, kEvidenceMagic.size()) != kEvidenceMagic)
        throw InputError({source},
                         "not an nbscreen evidence snapshot (no '" + std::string(kEvidenceMagic) +
                             "<version>' first line)",
                         fix);
    const std::string_view version =
        bytes.substr(kEvidenceMagic.size(), nl - kEvidenceMagic.size());
    if (version != std::to_string(kEvidenceVersion))
        throw InputError({source},
                         "evidence snapshot version " + std::string(version) +
                             ", but this nbscreen reads version " +
                             std::to_string(kEvidenceVersion),
                         "rescreen with the nbscreen release that wrote it, or " + fix);
    const std::string_view frame = bytes.substr(nl + 1);
    const unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN ||
        size > (std::uint64_t{1} << 34))
        throw InputError({source}, "the evidence snapshot is truncated or corrupt", fix);
    std::string raw(static_cast<std::size_t>(size), '\0');
    const std::size_t n = ZSTD_decompress(raw.data(), raw.size(), frame.data(), frame.size());
    if (ZSTD_isError(n) || n != raw.size())
        throw InputError({source},
                         std::string("the evidence snapshot is truncated or corrupt (zstd: ") +
                             (ZSTD_isError(n) ? ZSTD_getErrorName(n) : "short") + ")",
                         fix);
    try {
        return from_payload(raw);
    } catch (const Corrupt& e) {
        throw InputError({source}, std::string("the evidence snapshot is corrupt: ") + e.what(),
                         fix);
    }
}

}  // namespace nbs
