#include "engine/io/alignment_reader.hpp"

#include "engine/io/hts_handles.hpp"

#include <htslib/hts.h>
#include <htslib/kstring.h>
#include <htslib/sam.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>

#include "engine/core/input_error.hpp"
#include "engine/genome/contig.hpp"
#include "engine/io/vcf_reader.hpp"

namespace nbs {
namespace {

constexpr std::uint16_t kSkipFlags =
    BAM_FUNMAP | BAM_FSECONDARY | BAM_FQCFAIL | BAM_FDUP | BAM_FSUPPLEMENTARY;  // 3844

// Half-open 0-based interval on one contig.
struct Span {
    hts_pos_t beg, end;
};

// Aligned (M/=/X) blocks of a read; blocks that touch (across an insertion) are joined, as
// mosdepth does, so a read is a short sorted list of disjoint spans.
void aligned_blocks(const bam1_t* b, std::vector<Span>& out) {
    out.clear();
    hts_pos_t pos = b->core.pos;
    const std::uint32_t* cigar = bam_get_cigar(b);
    for (std::uint32_t i = 0; i < b->core.n_cigar; ++i) {
        const int op = bam_cigar_op(cigar[i]);
        const hts_pos_t len = bam_cigar_oplen(cigar[i]);
        const int type = bam_cigar_type(op);
        if ((type & 2) == 0) continue;  // does not consume the reference (I, S, H, P)
        if ((type & 1) != 0) {          // M, =, X: consumes query and reference
            if (!out.empty() && out.back().end == pos)
                out.back().end = pos + len;
            else
                out.push_back({pos, pos + len});
        }
        pos += len;  // D and N move along the reference without adding depth
    }
}

// Where two sorted lists of disjoint spans overlap.
void intersect(const std::vector<Span>& a, const std::vector<Span>& b, std::vector<Span>& out) {
    out.clear();
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        const hts_pos_t lo = std::max(a[i].beg, b[j].beg), hi = std::min(a[i].end, b[j].end);
        if (lo < hi) out.push_back({lo, hi});
        (a[i].end < b[j].end ? i : j)++;
    }
}

bool is_url_scheme(const std::string& s) {
    return s == "http" || s == "https" || s == "ftp";
}

}  // namespace

std::string local_ref_path(const char* current) {
    std::string kept;
    if (current != nullptr && *current != '\0') {
        std::vector<std::string> parts;
        std::string part;
        for (const char* p = current;; ++p) {
            if (*p == ':' || *p == '\0') {
                parts.push_back(part);
                part.clear();
                if (*p == '\0') break;
            } else {
                part += *p;
            }
        }
        for (std::size_t i = 0; i < parts.size(); ++i) {
            if (is_url_scheme(parts[i]) && i + 1 < parts.size() &&
                parts[i + 1].rfind("//", 0) == 0) {
                ++i;
                continue;
            }
            if (parts[i].empty()) continue;
            if (!kept.empty()) kept += ':';
            kept += parts[i];
        }
    }
    // An empty REF_PATH makes htslib use the EBI server, so keep something local in it.
    if (kept.empty()) kept = "/nonexistent/nbscreen-does-not-download-references/%s";
    return kept;
}

void disable_reference_download() {
    static std::once_flag once;
    std::call_once(
        once, [] { ::setenv("REF_PATH", local_ref_path(std::getenv("REF_PATH")).c_str(), 1); });
}

struct AlignmentReader::Impl {
    std::string path;
    AlignmentOpenOptions options;
    hts::File fp;
    hts::SamHeader hdr;
    hts::Index idx;
    bool is_cram = false;
    std::map<std::string, int, std::less<>> tid_of;  // canonical name -> tid

    [[nodiscard]] InputLocation where(std::string locus = {}) const {
        return {path, 0, 0, std::move(locus)};
    }

    [[noreturn]] void decode_failure(const std::string& locus) const {
        if (is_cram)
            throw InputError(
                where(locus),
                "htslib could not decode the CRAM here; the usual cause is that its reference "
                "sequence could not be found (nbscreen never downloads one)",
                "give the FASTA the CRAM was written against with --reference (or a 'reference' "
                "manifest column), or point REF_PATH/REF_CACHE at a local reference cache");
        throw InputError(where(locus),
                         "htslib could not decode a BAM record (a truncated or corrupt file?)",
                         "check the file with 'samtools quickcheck' and regenerate it if it fails");
    }

    void open() {
        if (!std::filesystem::exists(path))
            throw InputError(
                where(), "alignment file not found",
                "check the --cram path (relative paths in a manifest are resolved against "
                "the manifest's folder)");
        disable_reference_download();
        quiet_htslib_logging();
        fp.reset(hts_open(path.c_str(), "r"));
        if (!fp)
            throw InputError(where(), "cannot open the alignment file",
                             "check that it is readable");
        const htsFormat* fmt = hts_get_format(fp.get());
        if (fmt->category != sequence_data ||
            (fmt->format != htsExactFormat::bam && fmt->format != htsExactFormat::cram))
            throw InputError(
                where(),
                std::string("not a BAM or CRAM file (htslib sees ") + hts::describe_format(fmt) +
                    ")",
                "--cram takes an indexed CRAM or BAM; convert SAM with 'samtools view -C'");
        is_cram = fmt->format == htsExactFormat::cram;
        if (is_cram) {
            // Decode only what depth needs; mosdepth does the same (QNAME and the mate fields are
            // for counting an overlapping pair once).
            const int fields = SAM_QNAME | SAM_FLAG | SAM_RNAME | SAM_POS | SAM_MAPQ | SAM_CIGAR |
                               SAM_RNEXT | SAM_PNEXT | SAM_TLEN;
            hts_set_opt(fp.get(), CRAM_OPT_REQUIRED_FIELDS, fields);
            hts_set_opt(fp.get(), CRAM_OPT_DECODE_MD, 0);
            if (!options.reference.empty()) {
                if (!std::filesystem::exists(options.reference))
                    throw InputError(
                        {options.reference}, "reference FASTA not found",
                        "--reference must name the FASTA the CRAM was written against");
                if (hts_set_fai_filename(fp.get(), options.reference.c_str()) != 0)
                    throw InputError({options.reference}, "htslib cannot use this reference FASTA",
                                     "index it with 'samtools faidx' (a .fa.gz must be bgzipped)");
            }
        }
        if (options.threads > 0) hts_set_threads(fp.get(), options.threads);
        hdr.reset(sam_hdr_read(fp.get()));
        if (!hdr)
            throw InputError(where(),
                             is_cram ? "cannot read the CRAM header" : "cannot read the BAM header",
                             "the file may be truncated; check it with 'samtools quickcheck'");
        check_contigs();
        if (is_cram) probe_reference();
        idx.reset(sam_index_load(fp.get(), path.c_str()));
        if (!idx)
            throw InputError(
                where(), "no index found next to the alignment file",
                "nbscreen reads only the panel's targets and needs an index: run 'samtools index " +
                    path + "'");
    }

    // Depth alone decodes without the reference (htslib skips it when SEQ is not required), but a
    // CRAM whose reference cannot be found, or is the wrong one, is a broken input: say so now,
    // naming --reference and REF_PATH, rather than let it pass. A second handle decodes the first
    // records in full, with htslib's own lookup (--reference, REF_PATH/REF_CACHE, @SQ UR) and its
    // MD5 check.
    void probe_reference() const {
        hts::File probe(hts_open(path.c_str(), "r"));
        if (!probe)
            throw InputError(where(), "cannot open the alignment file",
                             "check that it is readable");
        if (!options.reference.empty())
            hts_set_fai_filename(probe.get(), options.reference.c_str());
        hts::SamHeader h(sam_hdr_read(probe.get()));
        if (!h)
            throw InputError(where(), "cannot read the CRAM header",
                             "check it with 'samtools quickcheck'");
        hts::BamRecord b(bam_init1());
        const int rc = sam_read1(probe.get(), h.get(), b.get());
        if (rc < -1) decode_failure("its first records");
    }

    void check_contigs() {
        const int n = sam_hdr_nref(hdr.get());
        for (int tid = 0; tid < n; ++tid) {
            const char* name = sam_hdr_tid2name(hdr.get(), tid);
            const auto canon = canonical_contig(name);
            if (!canon) continue;
            tid_of.emplace(*canon, tid);
            if (!options.require_grch38) continue;
            const auto want = grch38_length(*canon);
            const hts_pos_t len = sam_hdr_tid2len(hdr.get(), tid);
            if (want && len != *want)
                throw InputError(where(std::string(name) + " length " + std::to_string(len)),
                                 "the alignments' contig lengths are not GRCh38 (" + *canon +
                                     " is " + std::to_string(*want) + " bp in GRCh38)",
                                 "nbscreen's panels are GRCh38: give alignments to GRCh38");
        }
    }
};

AlignmentReader::AlignmentReader(const std::string& path, AlignmentOpenOptions options)
    : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    impl_->options = std::move(options);
    impl_->open();
}

AlignmentReader::~AlignmentReader() = default;

bool AlignmentReader::is_cram() const {
    return impl_->is_cram;
}
std::string_view AlignmentReader::format_name() const {
    return impl_->is_cram ? "cram" : "bam";
}
std::vector<std::string> AlignmentReader::read_group_samples() const {
    std::set<std::string> samples;
    sam_hdr_t* h = impl_->hdr.get();
    const int n = sam_hdr_count_lines(h, "RG");
    kstring_t ks = KS_INITIALIZE;
    for (int i = 0; i < n; ++i)
        if (sam_hdr_find_tag_pos(h, "RG", i, "SM", &ks) == 0) samples.emplace(ks.s, ks.l);
    ks_free(&ks);
    return {samples.begin(), samples.end()};
}

bool AlignmentReader::has_contig(std::string_view canonical) const {
    return impl_->tid_of.find(canonical) != impl_->tid_of.end();
}

std::vector<DepthTrack> AlignmentReader::depth(const std::vector<Region>& regions,
                                               const DepthFilter& filter, DepthStats* stats_out) {
    Impl& m = *impl_;
    DepthStats stats;
    std::vector<DepthTrack> result(regions.size());
    for (std::size_t i = 0; i < regions.size(); ++i)
        result[i].assign(static_cast<std::size_t>(regions[i].length()), 0);

    // Merge the requested regions into disjoint blocks per contig, each with a difference array
    // (+1 where a read's aligned block starts, -1 where it ends): a read costs O(CIGAR), not
    // O(length).
    struct Block {
        int tid;
        Span span;
        std::vector<std::int32_t> diff;
    };
    std::vector<std::pair<int, Span>> wanted;
    for (const auto& r : regions) {
        const auto it = m.tid_of.find(r.chrom);
        if (it == m.tid_of.end() || r.length() == 0) continue;
        wanted.push_back({it->second, {r.start - 1, r.end}});
    }
    std::sort(wanted.begin(), wanted.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first < b.first : a.second.beg < b.second.beg;
    });
    std::vector<Block> blocks;
    for (const auto& [tid, s] : wanted) {
        if (!blocks.empty() && blocks.back().tid == tid && s.beg <= blocks.back().span.end)
            blocks.back().span.end = std::max(blocks.back().span.end, s.end);
        else
            blocks.push_back({tid, s, {}});
    }
    if (!blocks.empty()) {
        std::vector<std::string> specs;
        specs.reserve(blocks.size());
        for (auto& b : blocks) {
            b.diff.assign(static_cast<std::size_t>(b.span.end - b.span.beg + 1), 0);
            // "{name}:beg-end" keeps names containing ':' unambiguous.
            specs.push_back("{" + std::string(sam_hdr_tid2name(m.hdr.get(), b.tid)) + "}:" +
                            std::to_string(b.span.beg + 1) + "-" + std::to_string(b.span.end));
        }
        std::vector<char*> argv;
        argv.reserve(specs.size());
        for (auto& s : specs)
            argv.push_back(s.data());
        hts::Iterator itr(sam_itr_regarray(m.idx.get(), m.hdr.get(), argv.data(),
                                           static_cast<unsigned>(argv.size())));
        if (!itr)
            throw InputError(m.where(), "htslib could not set up the region query",
                             "check the index");

        // First block of each contig; reads arrive sorted, so a cursor moves forward only.
        std::unordered_map<int, std::size_t> first_block, last_block;
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            first_block.try_emplace(blocks[i].tid, i);
            last_block[blocks[i].tid] = i + 1;
        }
        int cur_tid = -1;
        std::size_t cursor = 0, cursor_end = 0;
        auto add = [&](const Span& s, std::int32_t delta) {
            for (std::size_t j = cursor; j < cursor_end && blocks[j].span.beg < s.end; ++j) {
                Block& blk = blocks[j];
                const hts_pos_t lo = std::max(s.beg, blk.span.beg),
                                hi = std::min(s.end, blk.span.end);
                if (lo >= hi) continue;
                blk.diff[static_cast<std::size_t>(lo - blk.span.beg)] += delta;
                blk.diff[static_cast<std::size_t>(hi - blk.span.beg)] -= delta;
            }
        };

        // Proper pairs whose mate starts inside them, waiting for that mate (by read name).
        std::unordered_map<std::string, std::vector<Span>> waiting;
        hts::BamRecord b(bam_init1());
        std::vector<Span> mine, overlap;
        int rc = 0;
        while ((rc = sam_itr_next(m.fp.get(), itr.get(), b.get())) >= 0) {
            ++stats.reads_seen;
            const bam1_core_t& c = b->core;
            if ((c.flag & kSkipFlags) != 0) {
                ++stats.reads_failed_flag;
                continue;
            }
            if (c.qual < filter.min_mapq) {
                ++stats.reads_failed_mapq;
                continue;
            }
            ++stats.reads_used;
            if (c.tid != cur_tid) {
                cur_tid = c.tid;
                waiting.clear();
                const auto f = first_block.find(cur_tid);
                cursor = f == first_block.end() ? 0 : f->second;
                cursor_end = f == first_block.end() ? 0 : last_block[cur_tid];
            }
            while (cursor < cursor_end && blocks[cursor].span.end <= c.pos)
                ++cursor;
            aligned_blocks(b.get(), mine);
            if (mine.empty()) continue;
            for (const Span& s : mine)
                add(s, +1);

            if (!filter.count_overlapping_mates_once || (c.flag & BAM_FPROPER_PAIR) == 0) continue;
            // mosdepth's rule: the leftmost read of an overlapping proper pair waits for its mate;
            // when the mate comes, where both reads align is taken off once.
            const std::string qname = bam_get_qname(b.get());
            const hts_pos_t end = bam_endpos(b.get());
            if (c.tid == c.mtid && end > c.mpos &&
                (c.pos < c.mpos || (c.pos == c.mpos && waiting.find(qname) == waiting.end()))) {
                waiting[qname] = mine;
            } else if (auto w = waiting.find(qname); w != waiting.end()) {
                intersect(w->second, mine, overlap);
                for (const Span& s : overlap) {
                    add(s, -1);
                    stats.mate_overlap_bases += static_cast<std::uint64_t>(s.end - s.beg);
                }
                waiting.erase(w);
            }
        }
        if (rc < -1) {
            const char* name = cur_tid >= 0 ? sam_hdr_tid2name(m.hdr.get(), cur_tid) : "?";
            m.decode_failure(std::string(name));
        }

        // Difference arrays -> depth, then copy each requested region out of its block.
        for (auto& blk : blocks) {
            std::int32_t d = 0;
            for (auto& v : blk.diff) {
                d += v;
                v = d;
            }
        }
        for (std::size_t i = 0; i < regions.size(); ++i) {
            const auto it = m.tid_of.find(regions[i].chrom);
            if (it == m.tid_of.end() || regions[i].length() == 0) continue;
            const hts_pos_t beg = regions[i].start - 1;
            auto bi = std::upper_bound(
                blocks.begin(), blocks.end(), std::make_pair(it->second, beg),
                [](const auto& key, const Block& blk) {
                    return key.first != blk.tid ? key.first < blk.tid : key.second < blk.span.beg;
                });
            const Block& blk = *std::prev(bi);  // the block that starts at or before beg
            for (std::size_t k = 0; k < result[i].size(); ++k) {
                const std::int32_t v = blk.diff[static_cast<std::size_t>(beg - blk.span.beg) + k];
                result[i][k] = v > 0 ? static_cast<std::uint32_t>(v) : 0U;
            }
        }
    }
    if (stats_out != nullptr) *stats_out = stats;
    return result;
}

std::vector<BaseCounts> AlignmentReader::base_counts(const std::string& chrom,
                                                     const std::vector<std::int64_t>& positions,
                                                     int min_mapq, int min_base_quality,
                                                     DepthStats* stats_out) {
    Impl& m = *impl_;
    std::vector<BaseCounts> out(positions.size());
    DepthStats stats;
    const auto tid = m.tid_of.find(chrom);
    if (tid == m.tid_of.end() || positions.empty()) {
        if (stats_out != nullptr) *stats_out = stats;
        return out;
    }
    // A handle of its own: the depth handle decodes CRAM without sequence.
    hts::File fp(hts_open(m.path.c_str(), "r"));
    if (!fp)
        throw InputError(m.where(), "cannot open the alignment file", "check that it is readable");
    if (m.is_cram) {
        hts_set_opt(fp.get(), CRAM_OPT_REQUIRED_FIELDS,
                    SAM_FLAG | SAM_RNAME | SAM_POS | SAM_MAPQ | SAM_CIGAR | SAM_SEQ | SAM_QUAL);
        if (!m.options.reference.empty())
            hts_set_fai_filename(fp.get(), m.options.reference.c_str());
    }
    hts::SamHeader hdr(sam_hdr_read(fp.get()));
    hts::Index idx(sam_index_load(fp.get(), m.path.c_str()));
    if (!hdr || !idx)
        throw InputError(m.where(), "cannot re-read the alignment header or index",
                         "check the file with 'samtools quickcheck'");
    std::vector<std::pair<std::int64_t, std::size_t>> order;  // 0-based position, output index
    for (std::size_t i = 0; i < positions.size(); ++i)
        order.push_back({positions[i] - 1, i});
    std::sort(order.begin(), order.end());
    std::vector<std::string> specs;
    for (const auto& [p0, _] : order)
        specs.push_back("{" + std::string(sam_hdr_tid2name(hdr.get(), tid->second)) +
                        "}:" + std::to_string(p0 + 1) + "-" + std::to_string(p0 + 1));
    std::vector<char*> argv;
    for (auto& sp : specs)
        argv.push_back(sp.data());
    hts::Iterator itr(
        sam_itr_regarray(idx.get(), hdr.get(), argv.data(), static_cast<unsigned>(argv.size())));
    if (!itr)
        throw InputError(m.where(), "htslib could not set up the region query", "check the index");
    hts::BamRecord b(bam_init1());
    int rc = 0;
    while ((rc = sam_itr_next(fp.get(), itr.get(), b.get())) >= 0) {
        ++stats.reads_seen;
        const bam1_core_t& c = b->core;
        if ((c.flag & kSkipFlags) != 0) {
            ++stats.reads_failed_flag;
            continue;
        }
        if (c.qual < min_mapq) {
            ++stats.reads_failed_mapq;
            continue;
        }
        ++stats.reads_used;
        const hts_pos_t end = bam_endpos(b.get());
        auto lo =
            std::lower_bound(order.begin(), order.end(),
                             std::make_pair(static_cast<std::int64_t>(c.pos), std::size_t{0}));
        if (lo == order.end() || lo->first >= end) continue;
        // Walk the CIGAR once; the positions this read covers are few (sites are sorted).
        const std::uint32_t* cigar = bam_get_cigar(b.get());
        const std::uint8_t* seq = bam_get_seq(b.get());
        const std::uint8_t* qual = bam_get_qual(b.get());
        const bool has_qual = b->core.l_qseq > 0 && qual[0] != 0xff;  // '*' QUAL reads 0xff
        hts_pos_t rpos = c.pos;
        std::int64_t qpos = 0;
        for (std::uint32_t k = 0; k < c.n_cigar && lo != order.end(); ++k) {
            const int op = bam_cigar_op(cigar[k]);
            const hts_pos_t len = bam_cigar_oplen(cigar[k]);
            const int type = bam_cigar_type(op);
            const bool ref = (type & 2) != 0, query = (type & 1) != 0;
            if (ref) {
                while (lo != order.end() && lo->first < rpos + len) {
                    if (lo->first >= rpos) {
                        BaseCounts& bc = out[lo->second];
                        const std::int64_t q = qpos + (lo->first - rpos);
                        if (query && has_qual && qual[q] < min_base_quality) {
                            // a low-quality base is not evidence either way
                        } else if (query) {
                            const char base = seq_nt16_str[bam_seqi(seq, q)];
                            switch (base) {
                                case 'A':
                                    ++bc.a;
                                    break;
                                case 'C':
                                    ++bc.c;
                                    break;
                                case 'G':
                                    ++bc.g;
                                    break;
                                case 'T':
                                    ++bc.t;
                                    break;
                                default:
                                    ++bc.other;
                            }
                        } else if (op == BAM_CDEL) {
                            ++bc.deletion;
                        }
                    }
                    ++lo;
                }
                rpos += len;
            }
            if (query) qpos += len;
        }
    }
    if (rc < -1) m.decode_failure(chrom);
    if (stats_out != nullptr) *stats_out = stats;
    return out;
}

}  // namespace nbs
