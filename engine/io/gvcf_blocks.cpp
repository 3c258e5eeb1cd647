#include "engine/io/gvcf_blocks.hpp"

#include "engine/io/csi_index.hpp"
#include "engine/io/footprint_notes.hpp"
#include "engine/io/hts_handles.hpp"
#include "engine/io/vcf_header.hpp"

#include <htslib/bgzf.h>
#include <htslib/hts.h>
#include <htslib/kstring.h>
#include <htslib/tbx.h>
#include <htslib/vcf.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <tuple>

#include "engine/core/input_error.hpp"
#include "engine/genome/contig.hpp"
#include "engine/genome/region_set.hpp"
#include "engine/io/reserved_tags.hpp"
#include "engine/io/vcf_reader.hpp"

namespace nbs {
namespace {

// A small gVCF reader: header, sample, record classification. Records are unpacked in full;
// gVCF callability reads only target regions, so this is not a hot path.
struct GvcfFile {
    std::string path;
    hts::File fp;
    hts::VcfHeader hdr;
    hts::VcfRecordPtr rec{bcf_init()};
    int sample = 0;
    bool has_end = false;
    std::int32_t* buf = nullptr;
    int n_buf = 0;

    // `complete_contigs`: the header's contig list is used (scan_gvcf maps names through it), so
    // it gets the contigs that only the index names, as htslib adds them; detection reads the
    // first records only and skips that index load (vcf_header.hpp).
    GvcfFile(const std::string& p, int threads, bool complete_contigs = true) : path(p) {
        if (!std::filesystem::exists(path))
            throw InputError({path}, "file not found", "check the path of the gVCF");
        quiet_htslib_logging();
        fp.reset(hts_open(path.c_str(), "r"));
        if (!fp)
            throw InputError({path}, "cannot open file", "check that it exists and is readable");
        const htsFormat* fmt = hts_get_format(fp.get());
        if (fmt->category != variant_data || (fmt->format != vcf && fmt->format != bcf))
            throw InputError(
                {path},
                std::string("not a VCF or BCF file (htslib sees ") + hts::describe_format(fmt) +
                    ")",
                "a gVCF is a VCF with reference blocks; convert other formats with bcftools");
        if (threads > 0) hts_set_threads(fp.get(), threads);
        hdr.reset(complete_contigs ? bcf_hdr_read(fp.get()) : hts::read_header(fp.get(), nullptr));
        if (!hdr)
            throw InputError({path}, "cannot read the VCF header",
                             "the file must start with ##fileformat");
        // As VcfReader does: an undeclared END or MIN_DP is read with the specification's type.
        if (const char* failed = declare_reserved_tags(hdr.get()))
            throw InputError({path, 0, 0, failed}, "htslib could not add the declaration of " +
                                                       std::string(failed) + " to the header");
        has_end = bcf_hdr_id2int(hdr.get(), BCF_DT_ID, "END") >= 0 &&
                  bcf_hdr_idinfo_exists(hdr.get(), BCF_HL_INFO,
                                        bcf_hdr_id2int(hdr.get(), BCF_DT_ID, "END"));
    }
    ~GvcfFile() { std::free(buf); }

    /// Notes everything read from the start so far (the header, the first records): a BGZF file
    /// up to the current block, anything else whole.
    void note_read_so_far(ReadFootprint* footprint) const {
        if (footprint == nullptr) return;
        if (hts_get_format(fp.get())->compression == bgzf)
            hts::note_prefix(footprint, static_cast<std::uint64_t>(bgzf_tell(fp->fp.bgzf)));
        else
            footprint->add_whole_file();
    }
    GvcfFile(const GvcfFile&) = delete;
    GvcfFile& operator=(const GvcfFile&) = delete;

    void choose_sample(const std::optional<std::string>& name) {
        const int n = bcf_hdr_nsamples(hdr.get());
        if (n == 0)
            throw InputError({path}, "the gVCF has no sample columns",
                             "callability needs the baby's column");
        if (name) {
            sample = bcf_hdr_id2int(hdr.get(), BCF_DT_SAMPLE, name->c_str());
            if (sample < 0)
                throw InputError({path}, "sample '" + *name + "' is not in the gVCF",
                                 "name the column with --sample or the manifest's vcf_sample");
        } else if (n > 1) {
            throw InputError({path},
                             "the gVCF has " + std::to_string(n) + " samples and none was chosen",
                             "name the baby's column with --sample or the manifest's vcf_sample");
        }
    }

    /// The record's reference-block style, or none for a variant record.
    [[nodiscard]] GvcfStyle block_style() {
        bcf1_t* r = rec.get();
        if (r->n_allele == 1) {
            // Illumina writes ALT '.'; without END it is a one-base reference call, still a block.
            return GvcfStyle::illumina_dot;
        }
        if (r->n_allele == 2) {
            const char* alt = r->d.allele[1];
            if (std::strcmp(alt, "<NON_REF>") == 0) return GvcfStyle::gatk_non_ref;
            if (std::strcmp(alt, "<*>") == 0) return GvcfStyle::spec_star;
        }
        return GvcfStyle::none;
    }

    [[nodiscard]] bool has_info_end() {
        if (!has_end) return false;
        return bcf_get_info(hdr.get(), rec.get(), "END") != nullptr;
    }

    /// One FORMAT integer for the chosen sample; -1 if the field is absent or missing.
    [[nodiscard]] int format_int(const char* key) {
        const int n = bcf_get_format_int32(hdr.get(), rec.get(), key, &buf, &n_buf);
        if (n <= 0) return -1;
        const int per = n / bcf_hdr_nsamples(hdr.get());
        if (per < 1) return -1;
        const std::int32_t v = buf[sample * per];
        return v == bcf_int32_missing || v == bcf_int32_vector_end ? -1 : v;
    }

    [[nodiscard]] GvcfSpan span(const std::string& canonical) {
        bcf_unpack(rec.get(), BCF_UN_ALL);
        GvcfSpan s;
        s.chrom = canonical;
        s.start = rec->pos + 1;
        s.end = rec->pos + rec->rlen;  // htslib sets rlen from INFO/END when present
        s.ref_block = block_style() != GvcfStyle::none;
        if (s.ref_block) {
            s.depth = format_int("MIN_DP");
            if (s.depth < 0) s.depth = format_int("DP");
        } else {
            s.depth = format_int("DP");
        }
        s.gq = format_int("GQ");
        if (s.gq < 0) s.gq = format_int("GQX");
        return s;
    }
};

}  // namespace

std::string_view to_string(GvcfStyle s) {
    switch (s) {
        case GvcfStyle::gatk_non_ref:
            return "<NON_REF>";
        case GvcfStyle::spec_star:
            return "<*>";
        case GvcfStyle::illumina_dot:
            return ". with END";
        case GvcfStyle::none:
            break;
    }
    return "none";
}

GvcfDetection detect_gvcf(const std::string& path, ReadFootprint* footprint) {
    GvcfFile f(path, 0, false);
    GvcfDetection d;
    for (int i = 0; i < kGvcfDetectRecords; ++i) {
        const int rc = bcf_read(f.fp.get(), f.hdr.get(), f.rec.get());
        if (rc < 0) break;  // end of file or a bad record: the VCF reader reports the latter
        bcf_unpack(f.rec.get(), BCF_UN_STR | BCF_UN_INFO);
        GvcfStyle style = f.block_style();
        // A lone '.' ALT is a gVCF block only when it carries END; plain VCFs may hold '.' sites.
        if (style == GvcfStyle::illumina_dot && !f.has_info_end()) style = GvcfStyle::none;
        if (style == GvcfStyle::none) continue;
        d.is_gvcf = true;
        d.style = style;
        d.evidence = "record " + std::string(bcf_seqname_safe(f.hdr.get(), f.rec.get())) + ":" +
                     std::to_string(f.rec->pos + 1) + " is a reference block (ALT " +
                     std::string(to_string(style)) + ")";
        break;
    }
    f.note_read_so_far(footprint);
    return d;
}

GvcfScan scan_gvcf(const std::string& path, const std::vector<Region>& regions,
                   const GvcfScanOptions& options) {
    GvcfFile f(path, options.threads);
    f.note_read_so_far(options.footprint);
    f.choose_sample(options.sample);
    GvcfScan out;
    const RegionSet wanted(regions);
    if (wanted.empty()) return out;

    // The file's own names for canonical contigs (chr7 or 7).
    std::map<std::string, std::string> file_name;
    {
        int n = 0;
        const char** names = bcf_hdr_seqnames(f.hdr.get(), &n);
        for (int i = 0; i < n; ++i)
            if (auto c = canonical_contig(names[i])) file_name.emplace(*c, names[i]);
        std::free(names);
    }
    auto keep = [&](const std::string& canonical) {
        ++out.records;
        GvcfSpan s = f.span(canonical);
        if (!wanted.overlaps(canonical, s.start, s.end)) return;
        if (s.ref_block) ++out.ref_blocks;
        out.spans.push_back(std::move(s));
    };

    const bool is_bcf = hts_get_format(f.fp.get())->format == bcf;
    BcfIndex idx;
    hts::Tabix tbx;
    if (options.use_index) {
        if (is_bcf)
            idx = BcfIndex::load(path);
        else if (hts_get_format(f.fp.get())->compression == bgzf)
            tbx.reset(tbx_index_load3(path.c_str(), nullptr, HTS_IDX_SILENT_FAIL));
    }
    if (idx || tbx) {
        out.indexed = true;
        kstring_t line{0, 0, nullptr};
        for (const Region& r : wanted.regions()) {
            const auto name = file_name.find(r.chrom);
            if (name == file_name.end()) continue;
            const int tid = is_bcf ? bcf_hdr_name2id(f.hdr.get(), name->second.c_str())
                                   : tbx_name2id(tbx.get(), name->second.c_str());
            if (tid < 0) continue;
            hts::NotedIterator itr(is_bcf ? idx.query(tid, r.start - 1, r.end)
                                          : tbx_itr_queryi(tbx.get(), tid, r.start - 1, r.end),
                                   {options.footprint});
            if (!itr) continue;
            for (;;) {
                int rc = 0;
                if (is_bcf) {
                    rc = bcf_itr_next(f.fp.get(), itr.get(), f.rec.get());
                } else {
                    rc = tbx_itr_next(f.fp.get(), tbx.get(), itr.get(), &line);
                    // tabix reads POS '12345x' as 12345; refuse it as the VCF reader does.
                    if (rc >= 0) {
                        try {
                            (void)parse_pos_field(std::string_view(line.s, line.l), path, 0);
                        } catch (...) {
                            std::free(line.s);
                            throw;
                        }
                    }
                    if (rc >= 0 && vcf_parse1(&line, f.hdr.get(), f.rec.get()) < 0) rc = -2;
                }
                if (rc == -1) break;
                if (rc < -1) {
                    std::free(line.s);
                    throw InputError(
                        {path, 0, 0, r.to_string()}, "htslib could not decode a gVCF record here",
                        "check the file with 'bcftools view' and its index with 'tabix'");
                }
                keep(r.chrom);
            }
        }
        std::free(line.s);
        // Adjacent regions can return the same long block twice; the coverage layer takes unions,
        // but an exact duplicate is still noise in the counts.
        std::sort(out.spans.begin(), out.spans.end(), [](const GvcfSpan& a, const GvcfSpan& b) {
            return std::tie(a.chrom, a.start, a.end) < std::tie(b.chrom, b.start, b.end);
        });
        out.spans.erase(std::unique(out.spans.begin(), out.spans.end(),
                                    [](const GvcfSpan& a, const GvcfSpan& b) {
                                        return a.chrom == b.chrom && a.start == b.start &&
                                               a.end == b.end && a.ref_block == b.ref_block;
                                    }),
                        out.spans.end());
        out.ref_blocks = static_cast<std::uint64_t>(std::count_if(
            out.spans.begin(), out.spans.end(), [](const GvcfSpan& s) { return s.ref_block; }));
        return out;
    }

    // No index: stream. Look up each contig name once.
    if (options.footprint != nullptr) options.footprint->add_whole_file();
    int last_rid = -1;
    std::optional<std::string> canonical;
    for (;;) {
        const int rc = bcf_read(f.fp.get(), f.hdr.get(), f.rec.get());
        if (rc == -1) break;
        if (rc < -1)
            throw InputError({path},
                             "htslib could not decode a gVCF record (a truncated or corrupt file?)",
                             "check the file with 'bcftools view'");
        if (f.rec->rid != last_rid) {
            last_rid = f.rec->rid;
            canonical = canonical_contig(bcf_seqname_safe(f.hdr.get(), f.rec.get()));
        }
        if (!canonical) continue;
        keep(*canonical);
    }
    return out;
}

}  // namespace nbs
