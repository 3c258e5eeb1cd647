#include "engine/io/vcf_sites.hpp"

#include "engine/io/csi_index.hpp"
#include "engine/io/hts_handles.hpp"

#include <htslib/hts.h>
#include <htslib/tbx.h>
#include <htslib/vcf.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <unordered_map>

#include "engine/core/input_error.hpp"
#include "engine/genome/contig.hpp"

namespace nbs {
namespace {

std::string format_float(float f) {
    if (bcf_float_is_missing(f)) return ".";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", static_cast<double>(f));
    return buf;
}

}  // namespace

struct VcfSiteReader::Impl {
    std::string path;
    std::vector<std::string> keys;
    std::vector<int> key_ids;  // header id per key, -1 when the header does not define it
    hts::File fp;
    hts::VcfHeader hdr;
    hts::VcfRecordPtr rec{bcf_init()};
    std::optional<RegionSet> regions;
    // The file's contig id -> canonical name ("" for contigs outside the primary assembly).
    std::unordered_map<int, std::string> canon_of;
    std::uint64_t seen = 0;

    void* buf = nullptr;
    int n_buf = 0;

    // Indexed access (seek): loaded on first use; `itr` is set while a region is being read.
    bool index_loaded = false;
    hts::Tabix tbx;  // a bgzipped VCF's .tbi/.csi
    BcfIndex idx;    // a BCF's
    hts::Iterator itr;
    kstring_t line{0, 0, nullptr};

    ~Impl() {
        std::free(buf);
        std::free(line.s);
    }

    void load_index() {
        if (index_loaded) return;
        index_loaded = true;
        if (hts_get_format(fp.get())->format == bcf)
            idx = BcfIndex::load(path);
        else
            tbx.reset(tbx_index_load3(path.c_str(), nullptr, HTS_IDX_SILENT_FAIL));
        if (!tbx && !idx)
            throw InputError({path}, "no index next to the file",
                             "index it with 'tabix -p vcf " + path + "' (or 'bcftools index')");
    }

    // The index's id for a canonical contig ("chr1"), trying the file's own spelling ("1").
    int contig_id(const std::string& chrom) {
        const std::string bare = chrom.rfind("chr", 0) == 0 ? chrom.substr(3) : chrom;
        for (const std::string& name : {chrom, bare, bare == "M" ? std::string("MT") : bare}) {
            int id = -1;
            if (tbx) {
                id = tbx_name2id(tbx.get(), name.c_str());
            } else {
                id = bcf_hdr_name2id(hdr.get(), name.c_str());
            }
            if (id >= 0) return id;
        }
        return -1;
    }

    const std::string& canonical(int rid) {
        auto it = canon_of.find(rid);
        if (it == canon_of.end()) {
            const char* name = bcf_hdr_id2name(hdr.get(), rid);
            it = canon_of.emplace(rid, canonical_contig(name ? name : "").value_or("")).first;
        }
        return it->second;
    }

    std::optional<std::string> info_value(std::size_t k) {
        const int id = key_ids[k];
        if (id < 0) return std::nullopt;
        const bcf_info_t* info = bcf_get_info_id(rec.get(), id);
        if (info == nullptr) return std::nullopt;
        const int type = bcf_hdr_id2type(hdr.get(), BCF_HL_INFO, id);
        const char* key = keys[k].c_str();
        if (type == BCF_HT_FLAG) return std::string();
        if (type == BCF_HT_STR) {
            const int n = bcf_get_info_values(hdr.get(), rec.get(), key, &buf, &n_buf, BCF_HT_STR);
            if (n < 0) return std::nullopt;
            return std::string(static_cast<const char*>(buf),
                               std::strlen(static_cast<const char*>(buf)));
        }
        if (type == BCF_HT_INT) {
            const int n = bcf_get_info_values(hdr.get(), rec.get(), key, &buf, &n_buf, BCF_HT_INT);
            if (n < 0) return std::nullopt;
            std::string s;
            for (int i = 0; i < n; ++i) {
                const std::int32_t v = static_cast<const std::int32_t*>(buf)[i];
                if (v == bcf_int32_vector_end) break;
                if (!s.empty()) s += ',';
                s += v == bcf_int32_missing ? std::string(".") : std::to_string(v);
            }
            return s;
        }
        if (type == BCF_HT_REAL) {
            const int n = bcf_get_info_values(hdr.get(), rec.get(), key, &buf, &n_buf, BCF_HT_REAL);
            if (n < 0) return std::nullopt;
            std::string s;
            for (int i = 0; i < n; ++i) {
                const float v = static_cast<const float*>(buf)[i];
                if (bcf_float_is_vector_end(v)) break;
                if (!s.empty()) s += ',';
                s += format_float(v);
            }
            return s;
        }
        return std::nullopt;
    }
};

VcfSiteReader::VcfSiteReader(const std::string& path, std::vector<std::string> info_keys)
    : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    impl_->keys = std::move(info_keys);
    if (!std::filesystem::exists(path))
        throw InputError({path}, "file not found", "check the path of the VCF");
    impl_->fp.reset(hts_open(path.c_str(), "r"));
    if (!impl_->fp)
        throw InputError({path}, "cannot open as VCF/BCF", "check that the file is readable");
    const htsFormat* fmt = hts_get_format(impl_->fp.get());
    if (fmt->format != vcf && fmt->format != bcf)
        throw InputError({path}, "not a VCF or BCF file",
                         "pass a VCF (plain or bgzipped) or BCF, e.g. a ClinVar release "
                         "clinvar_YYYYMMDD.vcf.gz");
    impl_->hdr.reset(bcf_hdr_read(impl_->fp.get()));
    if (!impl_->hdr)
        throw InputError({path}, "VCF header could not be read",
                         "the file should start with ##fileformat=VCFv4.x and a #CHROM line");
    for (const auto& k : impl_->keys) {
        const int id = bcf_hdr_id2int(impl_->hdr.get(), BCF_DT_ID, k.c_str());
        impl_->key_ids.push_back(
            id >= 0 && bcf_hdr_idinfo_exists(impl_->hdr.get(), BCF_HL_INFO, id) ? id : -1);
    }
}

VcfSiteReader::~VcfSiteReader() = default;

std::vector<std::string> VcfSiteReader::header_info_ids() const {
    std::vector<std::string> out;
    const bcf_hdr_t* h = impl_->hdr.get();
    for (int i = 0; i < h->nhrec; ++i) {
        const bcf_hrec_t* r = h->hrec[i];
        if (r->type != BCF_HL_INFO) continue;
        const int k = bcf_hrec_find_key(const_cast<bcf_hrec_t*>(r), "ID");
        if (k >= 0) out.emplace_back(r->vals[k]);
    }
    return out;
}

bool VcfSiteReader::seek(const Region& r) {
    Impl& m = *impl_;
    m.load_index();
    m.itr.reset();
    const int id = m.contig_id(r.chrom);
    if (id < 0) return false;
    const hts_pos_t beg = r.start - 1;
    const hts_pos_t end = r.end;
    m.itr.reset(m.tbx ? tbx_itr_queryi(m.tbx.get(), id, beg, end) : m.idx.query(id, beg, end));
    if (!m.itr)
        throw InputError({m.path}, "the index cannot be queried for " + r.to_string(),
                         "re-index the file with 'tabix -p vcf " + m.path + "'");
    return true;
}

bool VcfSiteReader::any_record_in(const Region& r) {
    if (!seek(r)) return false;
    VcfSite s;
    const bool found = next(s);
    impl_->itr.reset();
    return found;
}

std::optional<std::string> VcfSiteReader::header_value(const std::string& key) const {
    const bcf_hrec_t* h =
        bcf_hdr_get_hrec(impl_->hdr.get(), BCF_HL_GEN, key.c_str(), nullptr, nullptr);
    if (h == nullptr || h->value == nullptr) return std::nullopt;
    return std::string(h->value);
}

void VcfSiteReader::restrict_to(RegionSet regions) {
    impl_->regions = std::move(regions);
}

std::uint64_t VcfSiteReader::records_seen() const {
    return impl_->seen;
}

bool VcfSiteReader::next(VcfSite& out) {
    Impl& m = *impl_;
    for (;;) {
        int rc = 0;
        if (m.itr) {
            // A region query: the index hands back text lines (VCF) or records (BCF).
            if (m.tbx) {
                rc = tbx_itr_next(m.fp.get(), m.tbx.get(), m.itr.get(), &m.line);
                if (rc >= 0) rc = vcf_parse(&m.line, m.hdr.get(), m.rec.get()) < 0 ? -2 : 0;
            } else {
                rc = bcf_itr_next(m.fp.get(), m.itr.get(), m.rec.get());
            }
            if (rc == -1) {
                m.itr.reset();
                return false;
            }
        } else {
            rc = bcf_read(m.fp.get(), m.hdr.get(), m.rec.get());
            if (rc == -1) return false;
        }
        if (rc < -1 || m.rec->errcode != 0)
            throw InputError({m.path, 0, 0, "record " + std::to_string(m.seen + 1)},
                             "htslib could not decode this record (the file may be truncated or "
                             "its INFO does not match the header)",
                             "check the file with 'bcftools view " + m.path + " > /dev/null'");
        ++m.seen;
        const std::string& chrom = m.canonical(m.rec->rid);
        if (chrom.empty()) continue;
        const std::int64_t pos = m.rec->pos + 1;
        if (m.regions && !m.regions->contains(chrom, pos)) continue;
        bcf_unpack(m.rec.get(), BCF_UN_INFO | BCF_UN_FLT);
        out.chrom = chrom;
        out.pos = pos;
        out.id = m.rec->d.id != nullptr ? m.rec->d.id : ".";
        out.ref = m.rec->n_allele > 0 ? m.rec->d.allele[0] : "";
        out.alts.clear();
        for (int i = 1; i < m.rec->n_allele; ++i)
            out.alts.emplace_back(m.rec->d.allele[i]);
        out.filter.clear();
        if (m.rec->d.n_flt == 0) out.filter = ".";
        for (int i = 0; i < m.rec->d.n_flt; ++i) {
            if (i > 0) out.filter += ';';
            out.filter += bcf_hdr_int2id(m.hdr.get(), BCF_DT_ID, m.rec->d.flt[i]);
        }
        out.info.clear();
        for (std::size_t k = 0; k < m.keys.size(); ++k)
            out.info.push_back(m.info_value(k));
        return true;
    }
}

}  // namespace nbs
