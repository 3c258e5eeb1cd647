#include "engine/io/vcf_reader.hpp"

#include <htslib/bgzf.h>
#include <htslib/hts.h>
#include <htslib/kseq.h>
#include <htslib/kstring.h>
#include <htslib/tbx.h>
#include <htslib/vcf.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>

#include "engine/core/input_error.hpp"
#include "engine/genome/contig.hpp"

namespace nbs {
namespace {

struct HtsFileCloser {
    void operator()(htsFile* f) const noexcept { hts_close(f); }
};
struct HeaderFree {
    void operator()(bcf_hdr_t* h) const noexcept { bcf_hdr_destroy(h); }
};
struct RecordFree {
    void operator()(bcf1_t* r) const noexcept { bcf_destroy(r); }
};
struct TbxFree {
    void operator()(tbx_t* t) const noexcept { tbx_destroy(t); }
};
struct IdxFree {
    void operator()(hts_idx_t* i) const noexcept { hts_idx_destroy(i); }
};
struct ItrFree {
    void operator()(hts_itr_t* i) const noexcept { hts_itr_destroy(i); }
};

// Stable 63-bit id for string phase sets (some truth sets write PS as text, e.g. "PATMAT").
std::int64_t fnv1a(const char* s) {
    std::uint64_t h = 1469598103934665603ULL;
    for (; *s != '\0'; ++s) {
        h ^= static_cast<unsigned char>(*s);
        h *= 1099511628211ULL;
    }
    return static_cast<std::int64_t>(h >> 1);
}

const char* hint_for_format() {
    return "nbscreen reads VCF (plain or bgzipped) and BCF; convert other formats with bcftools";
}

}  // namespace

struct VcfReader::Impl {
    std::string path;
    VcfOpenOptions options;
    std::unique_ptr<htsFile, HtsFileCloser> fp;
    std::unique_ptr<bcf_hdr_t, HeaderFree> hdr;
    std::unique_ptr<bcf1_t, RecordFree> rec{bcf_init()};
    std::vector<std::string> all_samples;
    std::string sample;
    BuildCheck build;
    bool is_bcf = false;
    bool is_bgzf = false;

    // Region restriction.
    bool restricted = false;
    RegionSet regions;
    AccessMode mode = AccessMode::streaming;
    std::unique_ptr<tbx_t, TbxFree> tbx;
    std::unique_ptr<hts_idx_t, IdxFree> idx;
    std::unique_ptr<hts_itr_t, ItrFree> itr;
    std::size_t region_i = 0;
    std::int64_t prev_region_end = 0;  // skip records already returned for the previous region
    std::string prev_region_chrom;
    std::map<std::string, std::string> file_name_of;  // canonical -> the file's contig name

    // Streaming state.
    kstring_t line{0, 0, nullptr};
    std::uint64_t line_no = 0;
    std::string last_raw_chrom;
    std::string last_canon;
    bool last_chrom_wanted = false;
    std::set<std::string> finished_chroms;
    std::string order_chrom;
    std::int64_t order_pos = 0;

    std::uint64_t seen = 0;
    std::uint64_t decoded = 0;

    // Scratch buffers reused across records (htslib reallocates them as needed).
    int32_t* gt = nullptr;
    int n_gt = 0;
    int32_t* ibuf = nullptr;
    int n_ibuf = 0;
    float* fbuf = nullptr;
    int n_fbuf = 0;
    char* sbuf = nullptr;
    int n_sbuf = 0;
    char** sarr = nullptr;
    int n_sarr = 0;

    ~Impl() {
        std::free(line.s);
        std::free(gt);
        std::free(ibuf);
        std::free(fbuf);
        std::free(sbuf);
        if (sarr != nullptr) std::free(sarr[0]);
        std::free(sarr);
    }

    InputLocation where(std::uint64_t l = 0, std::string locus = {}) const {
        return {path, l, 0, std::move(locus)};
    }

    void open();
    void check_build();
    void choose_sample();
    bool try_open_index();
    bool next_indexed();
    bool next_streaming();
    bool wanted_line(const char* s, std::size_t len);
    void check_order(const std::string& chrom, std::int64_t pos, std::uint64_t l);
    void decode(VcfRecord& out);
};

void VcfReader::Impl::open() {
    if (path != "-" && !std::filesystem::exists(path))
        throw InputError(where(), "file not found", "check the path (relative paths in a manifest "
                                                    "are resolved against the manifest's folder)");
    fp.reset(hts_open(path.c_str(), "r"));
    if (!fp) throw InputError(where(), "cannot open file", "check that it exists and is readable");
    const htsFormat* fmt = hts_get_format(fp.get());
    if (fmt->category != variant_data || (fmt->format != vcf && fmt->format != bcf))
        throw InputError(where(), std::string("not a VCF or BCF file (htslib sees ") +
                                      hts_format_description(fmt) + ")",
                         hint_for_format());
    is_bcf = fmt->format == bcf;
    is_bgzf = fmt->compression == bgzf;
    if (is_bgzf && path != "-" && bgzf_check_EOF(fp->fp.bgzf) == 0)
        throw InputError(where(), "file is truncated: the BGZF end-of-file marker is missing",
                         "the file was cut short (an interrupted copy or a full disk?); copy or "
                         "regenerate it, and check it with 'bgzip -t'");
    if (options.threads > 0) hts_set_threads(fp.get(), options.threads);
    hdr.reset(bcf_hdr_read(fp.get()));
    if (!hdr)
        throw InputError(where(), "cannot read the VCF header",
                         "the file must start with ##fileformat=VCFv4.x and a #CHROM line");
    for (int i = 0; i < bcf_hdr_nsamples(hdr.get()); ++i) all_samples.emplace_back(hdr->samples[i]);
    check_build();
    choose_sample();
}

void VcfReader::Impl::check_build() {
    int n = 0;
    const char** names = bcf_hdr_seqnames(hdr.get(), &n);
    bool any_chr = false, any_plain = false;
    for (int i = 0; i < n; ++i) {
        const auto canon = canonical_contig(names[i]);
        if (!canon) continue;
        file_name_of.emplace(*canon, names[i]);
        (std::strncmp(names[i], "chr", 3) == 0 ? any_chr : any_plain) = true;
        bcf_hrec_t* hrec = bcf_hdr_get_hrec(hdr.get(), BCF_HL_CTG, "ID", names[i], nullptr);
        if (hrec == nullptr) continue;
        const int k = bcf_hrec_find_key(hrec, "length");
        if (k < 0) continue;
        build.has_lengths = true;
        const long long len = std::strtoll(hrec->vals[k], nullptr, 10);
        const auto want = grch38_length(*canon);
        if (want && len != *want) {
            const std::string name = names[i];
            std::free(names);
            throw InputError(where(0, name + " length " + std::to_string(len)),
                             "the header's contig lengths are not GRCh38 (" + *canon + " is " +
                                 std::to_string(*want) + " bp in GRCh38)",
                             "nbscreen screens GRCh38 only; lift the calls over or re-call them "
                             "against GRCh38");
        }
        ++build.contigs_checked;
    }
    std::free(names);
    build.naming = any_chr ? "chr" : (any_plain ? "no-chr" : "unknown");
}

void VcfReader::Impl::choose_sample() {
    if (all_samples.empty())
        throw InputError(where(), "the VCF has no sample columns (a sites-only file)",
                         "screening needs a genotype column for the baby");
    if (options.sample) {
        bool found = false;
        for (const auto& s : all_samples) found = found || s == *options.sample;
        if (!found) {
            std::string list;
            for (std::size_t i = 0; i < all_samples.size() && i < 10; ++i)
                list += (i ? ", " : "") + all_samples[i];
            if (all_samples.size() > 10) list += ", ...";
            throw InputError(where(), "sample '" + *options.sample + "' is not in the VCF",
                             "the file's samples are: " + list +
                                 " (set --sample or the manifest's vcf_sample column to one of them)");
        }
        sample = *options.sample;
    } else if (all_samples.size() == 1) {
        sample = all_samples.front();
    } else {
        throw InputError(where(), "the VCF has " + std::to_string(all_samples.size()) +
                                      " samples and none was chosen",
                         "name the baby's column with --sample or the manifest's vcf_sample column");
    }
    if (all_samples.size() > 1 && bcf_hdr_set_samples(hdr.get(), sample.c_str(), 0) != 0)
        throw InputError(where(), "htslib could not select sample '" + sample + "'", "");
}

bool VcfReader::Impl::try_open_index() {
    if (path == "-" || !options.use_index) return false;
    if (is_bcf) {
        idx.reset(bcf_index_load3(path.c_str(), nullptr, HTS_IDX_SILENT_FAIL));
        return idx != nullptr;
    }
    if (!is_bgzf) return false;
    tbx.reset(tbx_index_load3(path.c_str(), nullptr, HTS_IDX_SILENT_FAIL));
    return tbx != nullptr;
}

bool VcfReader::Impl::next_indexed() {
    const auto& regs = regions.regions();
    for (;;) {
        if (!itr) {
            // Advance to the next region the file has a contig for.
            while (region_i < regs.size()) {
                const Region& r = regs[region_i];
                const auto name = file_name_of.find(r.chrom);
                int tid = -1;
                if (name != file_name_of.end())
                    tid = is_bcf ? bcf_hdr_name2id(hdr.get(), name->second.c_str())
                                 : tbx_name2id(tbx.get(), name->second.c_str());
                if (tid >= 0) {
                    itr.reset(is_bcf ? bcf_itr_queryi(idx.get(), tid, r.start - 1, r.end)
                                     : tbx_itr_queryi(tbx.get(), tid, r.start - 1, r.end));
                }
                if (itr) break;
                ++region_i;
            }
            if (!itr) return false;
        }
        int rc = 0;
        if (is_bcf) {
            rc = bcf_itr_next(fp.get(), itr.get(), rec.get());
        } else {
            rc = tbx_itr_next(fp.get(), tbx.get(), itr.get(), &line);
            if (rc >= 0) {
                ++seen;
                if (vcf_parse1(&line, hdr.get(), rec.get()) < 0 || rec->errcode != 0)
                    throw InputError(where(0, std::string(line.s, std::min<std::size_t>(line.l, 60))),
                                     "htslib cannot parse this record",
                                     "check the record against the VCF specification (bcftools "
                                     "view will show the same error)");
            }
        }
        if (rc < -1)
            throw InputError(where(0, regs[region_i].to_string()),
                             "error reading the file (corrupt or truncated compressed data)",
                             "check it with 'bgzip -t' and re-create it if needed");
        if (rc == -1) {
            prev_region_chrom = regs[region_i].chrom;
            prev_region_end = regs[region_i].end;
            itr.reset();
            ++region_i;
            continue;
        }
        if (is_bcf) ++seen;
        const std::int64_t pos = rec->pos + 1;
        if (regs[region_i].chrom == prev_region_chrom && pos <= prev_region_end) continue;
        return true;
    }
}

// Decides from CHROM, POS and REF whether a text line can overlap the panel, without parsing
// the rest of the line: most of a genome is outside the panel.
bool VcfReader::Impl::wanted_line(const char* s, std::size_t len) {
    const char* end = s + len;
    const char* tab1 = static_cast<const char*>(std::memchr(s, '\t', len));
    if (tab1 == nullptr) return true;  // let the parser report the malformed line
    const std::size_t chrom_len = static_cast<std::size_t>(tab1 - s);
    if (chrom_len != last_raw_chrom.size() || std::memcmp(s, last_raw_chrom.data(), chrom_len) != 0) {
        last_raw_chrom.assign(s, chrom_len);
        const auto canon = canonical_contig(last_raw_chrom);
        last_canon = canon ? *canon : std::string();
        last_chrom_wanted = canon && regions.overlaps(*canon, 1, INT64_MAX / 2);
    }
    std::int64_t pos = 0;
    const char* p = tab1 + 1;
    while (p < end && *p >= '0' && *p <= '9') pos = pos * 10 + (*p++ - '0');
    if (p == tab1 + 1 || p >= end || *p != '\t') return true;  // malformed: the parser will say
    if (!last_canon.empty()) check_order(last_canon, pos, line_no);
    if (!last_chrom_wanted) return false;
    // REF is the fourth column: a deletion starting before a region can still overlap it.
    const char* id_tab = static_cast<const char*>(std::memchr(p + 1, '\t', static_cast<std::size_t>(end - p - 1)));
    std::int64_t ref_len = 1;
    if (id_tab != nullptr) {
        const char* ref_end = static_cast<const char*>(
            std::memchr(id_tab + 1, '\t', static_cast<std::size_t>(end - id_tab - 1)));
        if (ref_end != nullptr) ref_len = std::max<std::int64_t>(1, ref_end - id_tab - 1);
    }
    return regions.overlaps(last_canon, pos, pos + ref_len - 1);
}

void VcfReader::Impl::check_order(const std::string& chrom, std::int64_t pos, std::uint64_t l) {
    if (chrom == order_chrom) {
        if (pos < order_pos)
            throw InputError(where(l, chrom + ":" + std::to_string(pos)),
                             "records are not sorted (position " + std::to_string(pos) +
                                 " comes after " + std::to_string(order_pos) + ")",
                             "sort the file with 'bcftools sort'");
        order_pos = pos;
        return;
    }
    if (!order_chrom.empty()) finished_chroms.insert(order_chrom);
    if (finished_chroms.count(chrom) != 0)
        throw InputError(where(l, chrom + ":" + std::to_string(pos)),
                         "records are not sorted (" + chrom + " appears again after other chromosomes)",
                         "sort the file with 'bcftools sort'");
    order_chrom = chrom;
    order_pos = pos;
}

bool VcfReader::Impl::next_streaming() {
    if (is_bcf) {
        for (;;) {
            const int rc = bcf_read(fp.get(), hdr.get(), rec.get());
            if (rc == -1) return false;
            if (rc < -1 || rec->errcode != 0)
                throw InputError(where(0, "record " + std::to_string(seen + 1)),
                                 "htslib cannot decode this BCF record (corrupt or truncated file)",
                                 "check the file with 'bcftools view' and re-create it if needed");
            ++seen;
            const auto canon = canonical_contig(bcf_seqname_safe(hdr.get(), rec.get()));
            if (!canon) continue;
            check_order(*canon, rec->pos + 1, 0);
            if (!restricted || regions.overlaps(*canon, rec->pos + 1, rec->pos + rec->rlen)) return true;
        }
    }
    for (;;) {
        const int rc = hts_getline(fp.get(), KS_SEP_LINE, &line);
        if (rc == -1) return false;
        if (rc < -1)
            throw InputError(where(line_no + 1),
                             "error reading the file (corrupt or truncated compressed data)",
                             "check it with 'bgzip -t' and re-create it if needed");
        ++line_no;
        if (line.l == 0) continue;
        ++seen;
        if (restricted && !wanted_line(line.s, line.l)) continue;
        if (!restricted) {
            // Still check CHROM/POS order when reading everything.
            (void)wanted_line(line.s, line.l);
        }
        if (vcf_parse1(&line, hdr.get(), rec.get()) < 0 || rec->errcode != 0)
            throw InputError(where(line_no), "htslib cannot parse this record",
                             "check the line against the VCF specification (columns, REF/ALT, "
                             "FORMAT fields declared in the header)");
        return true;
    }
}

void VcfReader::Impl::decode(VcfRecord& out) {
    bcf1_t* r = rec.get();
    bcf_hdr_t* h = hdr.get();
    bcf_unpack(r, BCF_UN_ALL);
    ++decoded;
    const auto canon = canonical_contig(bcf_seqname_safe(h, r));
    out.chrom = canon ? *canon : bcf_seqname_safe(h, r);
    out.pos = r->pos + 1;
    out.line = is_bcf || mode == AccessMode::indexed ? 0 : line_no;
    out.ref = r->n_allele > 0 ? r->d.allele[0] : "";
    out.alts.clear();
    for (int i = 1; i < r->n_allele; ++i) out.alts.emplace_back(r->d.allele[i]);
    out.filters.clear();
    for (int i = 0; i < r->d.n_flt; ++i) out.filters.emplace_back(bcf_hdr_int2id(h, BCF_DT_ID, r->d.flt[i]));
    out.end.reset();
    if (bcf_get_info_int32(h, r, "END", &ibuf, &n_ibuf) > 0) out.end = ibuf[0];

    // INFO keys the caller asked for, as text, with the header's Number.
    out.info.clear();
    for (const auto& key : options.info_keys) {
        const int id = bcf_hdr_id2int(h, BCF_DT_ID, key.c_str());
        if (id < 0 || !bcf_hdr_idinfo_exists(h, BCF_HL_INFO, id)) continue;
        const int type = bcf_hdr_id2type(h, BCF_HL_INFO, id);
        const int vl = bcf_hdr_id2length(h, BCF_HL_INFO, id);
        char number = vl == BCF_VL_A ? 'A' : vl == BCF_VL_R ? 'R' : vl == BCF_VL_G ? 'G' : vl == BCF_VL_VAR ? '.' : '1';
        std::string value;
        if (type == BCF_HT_STR) {
            const int n = bcf_get_info_string(h, r, key.c_str(), &sbuf, &n_sbuf);
            if (n < 0) continue;
            value.assign(sbuf, std::strlen(sbuf));
        } else if (type == BCF_HT_FLAG) {
            if (bcf_get_info_flag(h, r, key.c_str(), nullptr, nullptr) != 1) continue;
        } else if (type == BCF_HT_INT) {
            const int n = bcf_get_info_int32(h, r, key.c_str(), &ibuf, &n_ibuf);
            if (n < 0) continue;
            for (int i = 0; i < n; ++i) {
                if (i) value += ',';
                value += ibuf[i] == bcf_int32_missing ? "." : std::to_string(ibuf[i]);
            }
        } else {
            const int n = bcf_get_info_float(h, r, key.c_str(), &fbuf, &n_fbuf);
            if (n < 0) continue;
            for (int i = 0; i < n; ++i) {
                if (i) value += ',';
                if (bcf_float_is_missing(fbuf[i])) {
                    value += '.';
                } else {
                    char buf[32];
                    std::snprintf(buf, sizeof buf, "%g", static_cast<double>(fbuf[i]));
                    value += buf;
                }
            }
        }
        out.info.push_back({key, std::move(value), number});
    }

    // FORMAT for the one selected sample (the header was subset to it).
    SampleFormat& s = out.sample;
    s = SampleFormat{};
    const int ngt = bcf_get_genotypes(h, r, &gt, &n_gt);
    if (ngt > 0) {
        bool all_phased = true;
        for (int i = 0; i < ngt; ++i) {
            if (gt[i] == bcf_int32_vector_end) break;
            s.alleles.push_back(bcf_gt_is_missing(gt[i]) ? -1 : bcf_gt_allele(gt[i]));
            if (i > 0 && !bcf_gt_is_phased(gt[i])) all_phased = false;
        }
        s.phased = s.alleles.size() > 1 && all_phased;
    }
    auto get_int = [&](const char* key) -> std::optional<int> {
        const int id = bcf_hdr_id2int(h, BCF_DT_ID, key);
        if (id < 0 || !bcf_hdr_idinfo_exists(h, BCF_HL_FMT, id)) return std::nullopt;
        if (bcf_hdr_id2type(h, BCF_HL_FMT, id) == BCF_HT_REAL) {
            if (bcf_get_format_float(h, r, key, &fbuf, &n_fbuf) < 1 || bcf_float_is_missing(fbuf[0]) ||
                bcf_float_is_vector_end(fbuf[0]))
                return std::nullopt;
            return static_cast<int>(fbuf[0] + 0.5F);
        }
        if (bcf_get_format_int32(h, r, key, &ibuf, &n_ibuf) < 1 || ibuf[0] == bcf_int32_missing ||
            ibuf[0] == bcf_int32_vector_end)
            return std::nullopt;
        return ibuf[0];
    };
    s.gq = get_int("GQ");
    s.dp = get_int("DP");
    s.min_dp = get_int("MIN_DP");
    {
        const int id = bcf_hdr_id2int(h, BCF_DT_ID, "PS");
        if (id >= 0 && bcf_hdr_idinfo_exists(h, BCF_HL_FMT, id)) {
            if (bcf_hdr_id2type(h, BCF_HL_FMT, id) == BCF_HT_STR) {
                if (bcf_get_format_string(h, r, "PS", &sarr, &n_sarr) > 0 && sarr[0][0] != '\0' &&
                    std::strcmp(sarr[0], ".") != 0)
                    s.phase_set = fnv1a(sarr[0]);
            } else {
                s.phase_set = get_int("PS");
            }
        }
    }
    const int nad = bcf_get_format_int32(h, r, "AD", &ibuf, &n_ibuf);
    if (nad > 0) {
        for (int i = 0; i < nad; ++i) {
            if (ibuf[i] == bcf_int32_vector_end) break;
            s.ad.push_back(ibuf[i] == bcf_int32_missing ? -1 : ibuf[i]);
        }
    }
}

VcfReader::VcfReader(const std::string& path, VcfOpenOptions options) : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    impl_->options = std::move(options);
    impl_->open();
}

VcfReader::~VcfReader() = default;

const std::vector<std::string>& VcfReader::samples_in_file() const { return impl_->all_samples; }
const std::string& VcfReader::sample() const { return impl_->sample; }
const BuildCheck& VcfReader::build_check() const { return impl_->build; }

std::optional<std::string> VcfReader::info_description(const std::string& key) const {
    bcf_hrec_t* hrec = bcf_hdr_get_hrec(impl_->hdr.get(), BCF_HL_INFO, "ID", key.c_str(), nullptr);
    if (hrec == nullptr) return std::nullopt;
    const int k = bcf_hrec_find_key(hrec, "Description");
    if (k < 0) return std::nullopt;
    std::string d = hrec->vals[k];
    if (d.size() >= 2 && d.front() == '"' && d.back() == '"') d = d.substr(1, d.size() - 2);
    return d;
}

bool VcfReader::has_info(const std::string& key) const {
    const int id = bcf_hdr_id2int(impl_->hdr.get(), BCF_DT_ID, key.c_str());
    return id >= 0 && bcf_hdr_idinfo_exists(impl_->hdr.get(), BCF_HL_INFO, id);
}

bool VcfReader::has_format(const std::string& key) const {
    const int id = bcf_hdr_id2int(impl_->hdr.get(), BCF_DT_ID, key.c_str());
    return id >= 0 && bcf_hdr_idinfo_exists(impl_->hdr.get(), BCF_HL_FMT, id);
}

void VcfReader::restrict_to(const RegionSet& regions) {
    impl_->restricted = true;
    impl_->regions = regions;
    impl_->mode = impl_->try_open_index() ? AccessMode::indexed : AccessMode::streaming;
}

AccessMode VcfReader::access_mode() const { return impl_->mode; }

ReadStatus VcfReader::next(VcfRecord& out) {
    const bool got = impl_->restricted && impl_->mode == AccessMode::indexed ? impl_->next_indexed()
                                                                              : impl_->next_streaming();
    if (!got) return ReadStatus::end_of_file;
    impl_->decode(out);
    return ReadStatus::ok;
}

std::uint64_t VcfReader::records_seen() const { return impl_->seen; }
std::uint64_t VcfReader::records_decoded() const { return impl_->decoded; }

std::vector<std::string> VcfReader::list_samples(const std::string& path) {
    if (!std::filesystem::exists(path))
        throw InputError({path}, "file not found", "check the path");
    std::unique_ptr<htsFile, HtsFileCloser> fp(hts_open(path.c_str(), "r"));
    if (!fp) throw InputError({path}, "cannot open file", "check that it is readable");
    std::unique_ptr<bcf_hdr_t, HeaderFree> hdr(bcf_hdr_read(fp.get()));
    if (!hdr) throw InputError({path}, "cannot read the VCF header", hint_for_format());
    std::vector<std::string> out;
    for (int i = 0; i < bcf_hdr_nsamples(hdr.get()); ++i) out.emplace_back(hdr->samples[i]);
    return out;
}

void quiet_htslib_logging() { hts_set_log_level(HTS_LOG_OFF); }

}  // namespace nbs
