#pragma once
// VcfReader's private state, shared by vcf_reader.cpp (opening, build checks, access modes) and
// vcf_decode.cpp (turning htslib records and text lines into VcfRecord). Not for use outside
// engine/io.
#include <htslib/hts.h>
#include <htslib/kstring.h>
#include <htslib/vcf.h>

#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/io/csi_index.hpp"
#include "engine/io/footprint_notes.hpp"
#include "engine/io/hts_handles.hpp"
#include "engine/io/region_halves.hpp"
#include "engine/io/vcf_lines.hpp"
#include "engine/io/vcf_reader.hpp"

namespace nbs {

struct VcfReader::Impl {
    std::string path;
    VcfOpenOptions options;
    hts::File fp;
    hts::VcfHeader hdr;
    hts::VcfRecordPtr rec{bcf_init()};
    std::vector<std::string> all_samples;
    std::string sample;
    BuildCheck build;
    bool is_bcf = false;
    bool is_bgzf = false;
    bool has_index = false;

    // Region restriction.
    bool restricted = false;
    RegionSet regions;
    AccessMode mode = AccessMode::streaming;
    hts::Tabix tbx;
    BcfIndex bcf_idx;
    std::size_t region_i = 0;          // the region of the last step of region_records
    std::int64_t prev_region_end = 0;  // skip records already returned for the previous region
    std::string prev_region_chrom;
    std::map<std::string, std::string> file_name_of;  // canonical -> the file's contig name

    // Streaming state.
    std::optional<RecordPrecheck> precheck;
    kstring_t line{0, 0, nullptr};
    std::uint64_t line_no = 0;  // lines of the file read so far (header included, except stdin)
    bool counted_header = false;
    bool streamed = false;     // next_streaming() has noted the whole file
    bool direct_bgzf = false;  // scan lines inside BGZF blocks (no copy per line)
    std::optional<VcfLineSource> lines;
    int cur_rid = -2;  // BCF: contig id of the previous record
    std::string cur_chrom;

    std::uint64_t seen = 0;
    std::uint64_t decoded = 0;

    // Which chromosomes the file has records on: from the index when there is one (complete at
    // open), otherwise from the stream (complete at end of file).
    std::set<std::string> index_chromosomes;
    std::set<std::string> index_other_contigs;  // index contigs that are no GRCh38 chromosome
    std::size_t index_other_total = 0;
    bool reached_eof = false;

    // Header ids of the fields decode() reads (resolve_ids()).
    struct InfoKey {
        std::string key;
        int id;
        int type;     // BCF_HT_*
        char number;  // 'A', 'R', 'G', '.' or '1'
    };
    struct FieldIds {
        int end = -1, gt = -1, gq = -1, dp = -1, min_dp = -1, ps = -1, ad = -1;
        std::vector<InfoKey> info;
    } ids;
    int decoded_rid = -1;
    std::string decoded_chrom;

    ~Impl() {
        region_records.reset();
        std::free(line.s);
    }

    InputLocation where(std::uint64_t l = 0, std::string locus = {}) const {
        return {path, l, 0, std::move(locus)};
    }

    void open();
    void widen_reads();
    void check_build();
    void check_named_reference() const;
    void choose_sample();
    bool try_open_index();
    void read_index_contigs();
    bool index_contig_has_record(int tid);
    void refuse_if_no_grch38_records(const std::set<std::string>& chromosomes,
                                     const std::set<std::string>& others, std::size_t others_total,
                                     const char* source) const;
    bool next_indexed();
    bool next_streaming();
    void resolve_ids();
    void check_columns(std::uint64_t l) const;
    bool try_genotype_only(const char* s, std::size_t len, std::uint64_t l);

    // Records outside `decode_fully` (when set) are read for their genotype only: the
    // sex-inference windows need GT and nothing else, and parsing them in full was most of the
    // cost of a streamed screen above decompression.
    std::optional<RegionSet> decode_fully;
    std::size_t sample_column = 0;  // column of the chosen sample in the file (0-based)
    // A cohort read: per requested sample, its column in the file and its index among the
    // samples htslib keeps in a record (all columns, or the header subset).
    bool cohort = false;
    std::vector<std::size_t> cohort_column;
    std::vector<int> cohort_slot;
    std::size_t cohort_last_column = 0;
    std::vector<const char*> cohort_starts;  // per line: the start of each sample column
    void choose_cohort();
    bool genotype_only_ready = false;
    VcfRecord genotype_only;
    std::string gto_raw_chrom;
    std::string gto_canon;
    void decode(VcfRecord& out);
    void decode_genotype(SampleFormat& s, int slot = 0);
    void decode_format(SampleFormat& s, int slot, const VcfRecord& site);

    // The checks every path applies the same way (vcf_checks.cpp, docs/input-validation.md).
    static constexpr int kGtOverflow = 1 << 30;  // a GT index too long to hold
    std::string parse_copy;  // the start of the line given to vcf_parse1, which splits it in place
    std::vector<int> dummy_annotation_ids;
    std::string dup_chrom;
    struct SeenAllele {
        Variant allele;
        std::string where;  // "line 12 (C>G)", for the message
    };
    std::vector<SeenAllele> dup_seen;
    void declare_reserved_tags();
    void find_dummy_annotation_keys();
    void refuse_dummy_annotation_keys(std::uint64_t l, const std::string& locus);
    void parse_text_record(std::uint64_t l);
    void check_alleles_in_range(const std::vector<int>& alleles, int n_alleles,
                                const std::string& chrom, std::int64_t pos, std::uint64_t l) const;
    void check_duplicate(const VcfRecord& r);
    void refuse_records_beyond_chromosomes();

    // The regions' records, started by the first next_indexed(). Last member: destroyed first,
    // so its thread stops before the handles it reads through are freed.
    std::unique_ptr<RegionRecords> region_records;
    void start_region_records();
};

}  // namespace nbs
