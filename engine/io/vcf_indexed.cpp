// VcfReader's indexed side: taking the index, the contigs it lists, and reading the panel's
// regions through it (region_halves.hpp). The streamed side and the checks common to both are in
// vcf_reader.cpp and vcf_checks.cpp.
#include <htslib/hts.h>
#include <htslib/kstring.h>
#include <htslib/tbx.h>
#include <htslib/vcf.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/genome/contig.hpp"
#include "engine/io/hts_handles.hpp"
#include "engine/io/index_prefetch_impl.hpp"
#include "engine/io/vcf_reader_impl.hpp"

namespace nbs {

bool VcfReader::Impl::try_open_index() {
    if (path == "-" || !options.use_index) return false;
    // Loaded ahead by the same calls as below (index_prefetch.hpp), for a file seen as the same
    // kind; taken as it is, with or without an index, so a bad index is not loaded (and
    // reported by htslib) twice.
    using Kind = PrefetchedIndex::Kind;
    const Kind mine = is_bcf ? Kind::bcf : is_bgzf ? Kind::vcf_bgzf : Kind::none;
    auto loaded = take_prefetched_index(path);  // taken whatever the file is: taken once
    if (mine == Kind::none) return false;
    // A read split over two threads has the second free while its index loads.
    if (!loaded || loaded->kind != mine)
        loaded = load_vcf_index(path, is_bcf, is_bgzf, options.split_min_bases > 0 ? 2 : 1);
    bcf_idx = std::move(loaded->bcf);
    tbx = std::move(loaded->tbx);
    return is_bcf ? static_cast<bool>(bcf_idx) : tbx != nullptr;
}

// The chromosomes with records, from the index: its contig list, with each contig's record count
// (hts_idx_get_stat) where the index has one; an index without those counts is asked for the
// contig's first record instead.
void VcfReader::Impl::read_index_contigs() {
    std::vector<std::string> contigs;
    if (is_bcf) {
        contigs = bcf_idx.contig_names(hdr.get());
    } else {
        int n = 0;
        const char** names = tbx_seqnames(tbx.get(), &n);
        contigs.assign(names, names + n);
        std::free(names);
    }
    for (int i = 0; i < static_cast<int>(contigs.size()); ++i) {
        const std::string& name = contigs[static_cast<std::size_t>(i)];
        // tbx_seqnames() lists names by tid; bcf_index_seqnames() only those with data.
        const int tid = is_bcf ? bcf_hdr_name2id(hdr.get(), name.c_str()) : i;
        if (tid < 0) continue;
        std::uint64_t mapped = 0, unmapped = 0;
        const bool has_stat = is_bcf ? bcf_idx.stat(tid, mapped, unmapped)
                                     : hts_idx_get_stat(tbx->idx, tid, &mapped, &unmapped) == 0;
        const bool has_records = has_stat ? mapped + unmapped > 0 : index_contig_has_record(tid);
        if (!has_records) continue;
        if (const auto canon = canonical_contig(name)) {
            index_chromosomes.insert(*canon);
            // A contig the header does not declare (allowed: htslib reads it by name) is still
            // in a tabix index, and must be found there when a region is read.
            file_name_of.emplace(*canon, name);
        } else {
            ++index_other_total;
            if (index_other_contigs.size() < RecordPrecheck::kMaxOtherContigs)
                index_other_contigs.insert(name);
        }
    }
}

// Reads through a second handle, so the main one stays where it is (at the first record).
bool VcfReader::Impl::index_contig_has_record(int tid) {
    hts::File f(hts_open(path.c_str(), "r"));
    if (!f) return false;
    if (is_bcf) {
        hts::NotedIterator it(bcf_idx.query(tid, 0, HTS_POS_MAX), {options.footprint});
        hts::VcfRecordPtr r(bcf_init());
        return it && bcf_itr_next(f.get(), it.get(), r.get()) >= 0;
    }
    hts::NotedIterator it(tbx_itr_queryi(tbx.get(), tid, 0, HTS_POS_MAX), {options.footprint});
    kstring_t s{0, 0, nullptr};
    const bool found = it && tbx_itr_next(f.get(), tbx.get(), it.get(), &s) >= 0;
    std::free(s.s);
    return found;
}

// The file's contig id of every region (-1: the file has no such contig), then the reader of
// their records, split in two halves when the options ask and the regions allow it.
void VcfReader::Impl::start_region_records() {
    const auto& regs = regions.regions();
    std::vector<int> tids;
    tids.reserve(regs.size());
    for (const Region& r : regs) {
        const auto name = file_name_of.find(r.chrom);
        int tid = -1;
        if (name != file_name_of.end())
            tid = is_bcf ? bcf_hdr_name2id(hdr.get(), name->second.c_str())
                         : tbx_name2id(tbx.get(), name->second.c_str());
        tids.push_back(tid);
    }
    SplitOptions split;
    split.min_bases = options.split_min_bases;
    split.buffer_bytes = options.split_buffer_bytes;
    region_records = std::make_unique<RegionRecords>(
        IndexedSource{path, is_bcf, &bcf_idx, tbx.get(), hdr.get(), fp.get(), options.footprint,
                      options.on_read_complete},
        regs, std::move(tids), split);
}

bool VcfReader::Impl::next_indexed() {
    const auto& regs = regions.regions();
    if (!region_records) start_region_records();
    for (;;) {
        switch (region_records->next(rec.get(), line, region_i)) {
            case RegionStep::done:
                return false;
            case RegionStep::subset_error:
                throw InputError(where(0, regs[region_i].to_string()),
                                 "htslib could not select sample '" + sample + "' in a record",
                                 "check the file with 'bcftools view -s " + sample + "'");
            case RegionStep::read_error:
                throw InputError(where(0, regs[region_i].to_string()),
                                 "error reading the file (corrupt or truncated compressed data)",
                                 "check it with 'bgzip -t' and re-create it if needed");
            case RegionStep::region_end:
                prev_region_chrom = regs[region_i].chrom;
                prev_region_end = regs[region_i].end;
                continue;
            case RegionStep::record:
                break;
        }
        ++seen;
        if (!is_bcf) {
            // tabix indexed '12345x' as 12345; the streamed paths refuse it (RecordPrecheck).
            check_pos_in_chromosome(regs[region_i].chrom,
                                    parse_pos_field(std::string_view(line.s, line.l), path, 0),
                                    path, 0);
            check_columns(0);
            if (try_genotype_only(line.s, line.l, 0)) {
                if (regs[region_i].chrom == prev_region_chrom &&
                    genotype_only.pos <= prev_region_end) {
                    genotype_only_ready = false;
                    continue;
                }
                return true;
            }
            parse_text_record(0);
        }
        const std::int64_t pos = rec->pos + 1;
        if (regs[region_i].chrom == prev_region_chrom && pos <= prev_region_end) continue;
        return true;
    }
}

}  // namespace nbs
