#include "engine/io/vcf_reader.hpp"

#include "engine/io/hts_handles.hpp"
#include "engine/io/index_prefetch_impl.hpp"
#include "engine/io/vcf_header.hpp"
#include "engine/io/vcf_lines.hpp"
#include "engine/io/vcf_reader_impl.hpp"

#include <htslib/bgzf.h>
#include <htslib/hts.h>
#include <htslib/kseq.h>
#include <htslib/kstring.h>
#include <htslib/tbx.h>
#include <htslib/vcf.h>

#include <algorithm>
#include <atomic>
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

const char* hint_for_format() {
    return "nbscreen reads VCF (plain or bgzipped) and BCF; convert other formats with bcftools";
}

// "chr1, chr2 and 3 more" style list of contig names for a message.
std::string list_names(const std::set<std::string>& names, std::size_t total) {
    std::string out;
    for (const auto& n : names) {
        if (!out.empty()) out += ", ";
        out += n;
        const auto acc = other_build_accession(n);
        if (acc)
            out += " (another build's " + acc->chrom + "; GRCh38's is " +
                   std::string(acc->grch38_accession) + ")";
    }
    if (total > names.size()) out += ", ...";
    return out;
}

const char* hint_for_contig_names() {
    return "nbscreen reads GRCh38 chromosomes named chr1..chr22, chrX, chrY, chrM, or 1..22, X, Y, "
           "MT, or by their GRCh38 RefSeq/GenBank accessions (NC_000001.11, CM000663.2); rename "
           "contigs with 'bcftools annotate --rename-chrs', or re-call the sample against GRCh38 "
           "if it is another build";
}

}  // namespace

void VcfReader::Impl::open() {
    if (path != "-" && !std::filesystem::exists(path))
        throw InputError(where(), "file not found",
                         "check the path (relative paths in a manifest "
                         "are resolved against the manifest's folder)");
    fp.reset(hts_open(path.c_str(), "r"));
    if (!fp) throw InputError(where(), "cannot open file", "check that it exists and is readable");
    const htsFormat* fmt = hts_get_format(fp.get());
    if (fmt->category != variant_data || (fmt->format != vcf && fmt->format != bcf))
        throw InputError(
            where(),
            std::string("not a VCF or BCF file (htslib sees ") + hts::describe_format(fmt) + ")",
            hint_for_format());
    is_bcf = fmt->format == bcf;
    is_bgzf = fmt->compression == bgzf;
    ReadFootprint* const footprint = options.footprint;
    // Only a BGZF file has places to jump to: anything else is read whole.
    if (footprint != nullptr && (!is_bgzf || path == "-")) footprint->add_whole_file();
    if (is_bgzf && path != "-") hts::note_eof_marker(footprint, path);
    if (is_bgzf && path != "-" && bgzf_check_EOF(fp->fp.bgzf) == 0)
        throw InputError(where(), "file is truncated: the BGZF end-of-file marker is missing",
                         "the file was cut short (an interrupted copy or a full disk?); copy or "
                         "regenerate it, and check it with 'bgzip -t'");
    // The index decides the access mode; decompression threads pay off only when the whole file
    // is read (an indexed read touches a few hundred blocks and would pay to start the threads),
    // and they must be set before the first read.
    has_index = try_open_index();
    if (!has_index) widen_reads();  // before the threads, which read through the same buffer
    if (options.threads > 0 && !has_index) hts_set_threads(fp.get(), options.threads);
    // Only BGZF: a plain-gzip stream is one zlib stream that htslib inflates into blocks of its
    // own, and bgzf_read_block() does not reset the block offset for it, so the block scanner
    // below would never see new data (it spun forever on a `gzip`-compressed VCF). htslib's line
    // reader handles plain gzip correctly, at a copy per line.
    direct_bgzf = !is_bcf && fmt->compression == bgzf;
    // With the index already loaded, its contigs complete the header without htslib loading it
    // a second time (vcf_header.hpp); otherwise as htslib reads it.
    hdr.reset(has_index ? hts::read_header(fp.get(), tbx.get()) : bcf_hdr_read(fp.get()));
    if (!hdr)
        throw InputError(where(0, "header"), "cannot read the VCF header",
                         "the file must start with ##fileformat=VCFv4.x and a #CHROM line");
    if (is_bgzf) hts::note_prefix(footprint, static_cast<std::uint64_t>(bgzf_tell(fp->fp.bgzf)));
    for (int i = 0; i < bcf_hdr_nsamples(hdr.get()); ++i)
        all_samples.emplace_back(hdr->samples[i]);
    check_build();
    declare_reserved_tags();
    choose_sample();
    resolve_ids();
    precheck.emplace(nullptr);
    if (has_index) read_index_contigs();
}

// A streamed file is read whole, so it is read in large pieces: htslib sizes its read buffer by
// the file's st_blksize, 4 KiB for a pipe or an ext4 file, which cost a system call per 4 KiB
// (0.4 of 1.9 CPU s of a streamed genome from a pipe were the kernel's). 256 KiB took that to
// 0.17 s; larger sizes measured no better. It changes how bytes are read, never which.
void VcfReader::Impl::widen_reads() {
    constexpr int kReadSize = 256 * 1024;
    hts_set_opt(fp.get(), HTS_OPT_BLOCK_SIZE, kReadSize);
}

void VcfReader::Impl::check_build() {
    int n = 0;
    const char** names = bcf_hdr_seqnames(hdr.get(), &n);
    std::vector<std::string> contigs(names, names + n);
    std::free(names);
    bool any_chr = false, any_plain = false, any_accession = false;
    for (const std::string& name : contigs) {
        if (const auto other = other_build_accession(name))
            throw InputError(where(0, "##contig " + name),
                             "the header names " + name + ", which is " + other->chrom +
                                 " of another build than GRCh38 (GRCh38's " + other->chrom +
                                 " is " + std::string(other->grch38_accession) + ")",
                             "nbscreen screens GRCh38 only; lift the calls over or re-call them "
                             "against GRCh38");
        const auto canon = canonical_contig(name);
        if (!canon) continue;
        file_name_of.emplace(*canon, name);
        if (std::strncmp(name.c_str(), "chr", 3) == 0)
            any_chr = true;
        else if (name.size() > 3)  // NC_000001.11, CM000663.2, J01415.2
            any_accession = true;
        else
            any_plain = true;
        bcf_hrec_t* hrec = bcf_hdr_get_hrec(hdr.get(), BCF_HL_CTG, "ID", name.c_str(), nullptr);
        if (hrec == nullptr) continue;
        const int k = bcf_hrec_find_key(hrec, "length");
        if (k < 0) continue;
        build.has_lengths = true;
        const long long len = std::strtoll(hrec->vals[k], nullptr, 10);
        const auto want = grch38_length(*canon);
        if (want && len != *want)
            throw InputError(where(0, name + " length " + std::to_string(len)),
                             "the header's contig lengths are not GRCh38 (" + *canon + " is " +
                                 std::to_string(*want) + " bp in GRCh38)",
                             "nbscreen screens GRCh38 only; lift the calls over or re-call them "
                             "against GRCh38");
        ++build.contigs_checked;
    }
    build.naming = any_chr ? "chr" : any_plain ? "no-chr" : any_accession ? "accession" : "unknown";
    if (!build.has_lengths) check_named_reference();
}

// Without contig lengths the build can still be read from what the header says the reference
// was: ##reference=file:///ref/hs37d5.fa, ##assembly=GRCh37, or ##contig=<ID=1,assembly=b37>.
void VcfReader::Impl::check_named_reference() const {
    const bcf_hdr_t* h = hdr.get();
    for (int i = 0; i < h->nhrec; ++i) {
        const bcf_hrec_t* r = h->hrec[i];
        std::vector<std::pair<std::string, std::string>> said;
        if (r->type == BCF_HL_GEN && r->value != nullptr &&
            (std::strcmp(r->key, "reference") == 0 || std::strcmp(r->key, "assembly") == 0))
            said.emplace_back(r->key, r->value);
        if (r->type == BCF_HL_CTG)
            for (int k = 0; k < r->nkeys; ++k)
                if (std::strcmp(r->keys[k], "assembly") == 0)
                    said.emplace_back("contig assembly", r->vals[k]);
        for (const auto& [key, value] : said)
            if (const auto word = names_grch37_reference(value))
                throw InputError(where(0, "##" + key + "=" + value),
                                 "the header says the calls were made against " + *word +
                                     " (GRCh37), and has no contig lengths that say otherwise",
                                 "nbscreen screens GRCh38 only; lift the calls over or re-call "
                                 "them against GRCh38 (if the file is GRCh38, give its ##contig "
                                 "lines their lengths, e.g. with 'bcftools reheader --fai')");
    }
}

void VcfReader::Impl::choose_sample() {
    if (!options.cohort.empty() && !all_samples.empty()) {
        choose_cohort();
        return;
    }
    if (all_samples.empty())
        throw InputError(where(0, "#CHROM line"),
                         "the VCF has no sample columns (a sites-only file)",
                         "screening needs a genotype column for the baby");
    if (options.sample) {
        bool found = false;
        for (const auto& s : all_samples)
            found = found || s == *options.sample;
        if (!found) {
            std::string list;
            for (std::size_t i = 0; i < all_samples.size() && i < 10; ++i)
                list += (i ? ", " : "") + all_samples[i];
            if (all_samples.size() > 10) list += ", ...";
            throw InputError(
                where(), "sample '" + *options.sample + "' is not in the VCF",
                "the file's samples are: " + list +
                    " (set --sample or the manifest's vcf_sample column to one of them)");
        }
        sample = *options.sample;
    } else if (all_samples.size() == 1) {
        sample = all_samples.front();
    } else {
        throw InputError(
            where(),
            "the VCF has " + std::to_string(all_samples.size()) + " samples and none was chosen",
            "name the baby's column with --sample or the manifest's vcf_sample column");
    }
    sample_column = static_cast<std::size_t>(
        std::find(all_samples.begin(), all_samples.end(), sample) - all_samples.begin());
    if (all_samples.size() > 1 && bcf_hdr_set_samples(hdr.get(), sample.c_str(), 0) != 0)
        throw InputError(where(), "htslib could not select sample '" + sample + "'", "");
}

// Several babies of the file at once. htslib keeps only the requested columns when the names can
// be given to bcf_hdr_set_samples() (a comma-separated list, so no name with a comma); records
// then hold them in file order. Otherwise every column is kept and indexed directly.
void VcfReader::Impl::choose_cohort() {
    cohort = true;
    std::vector<std::size_t> columns;
    bool comma = false;
    for (const auto& name : options.cohort) {
        const auto it = std::find(all_samples.begin(), all_samples.end(), name);
        if (it == all_samples.end())
            throw InputError(where(), "sample '" + name + "' is not in the VCF",
                             "set the manifest's vcf_sample column to one of the file's samples");
        cohort_column.push_back(static_cast<std::size_t>(it - all_samples.begin()));
        comma = comma || name.find(',') != std::string::npos;
    }
    columns = cohort_column;
    std::sort(columns.begin(), columns.end());
    columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
    cohort_last_column = columns.back();
    const bool subset = !comma && columns.size() < all_samples.size();
    if (subset) {
        std::string list;
        for (std::size_t c : columns)
            list += (list.empty() ? "" : ",") + all_samples[c];
        if (bcf_hdr_set_samples(hdr.get(), list.c_str(), 0) != 0)
            throw InputError(where(), "htslib could not select the cohort's samples", "");
    }
    for (std::size_t c : cohort_column)
        cohort_slot.push_back(
            subset ? static_cast<int>(std::lower_bound(columns.begin(), columns.end(), c) -
                                      columns.begin())
                   : static_cast<int>(c));
}

// A file whose records all lie on contigs nbscreen does not know (another naming, another
// build, or only alts and decoys) would otherwise be screened as if it had no calls at all.
// A file with no records is not refused here: it is incomplete, which the screen reports.
void VcfReader::Impl::refuse_if_no_grch38_records(const std::set<std::string>& chromosomes,
                                                  const std::set<std::string>& others,
                                                  std::size_t others_total,
                                                  const char* source) const {
    if (!chromosomes.empty() || others.empty()) return;
    throw InputError(where(),
                     std::string("no record lies on a GRCh38 chromosome nbscreen recognises (") +
                         source + " has records only on " + list_names(others, others_total) + ")",
                     hint_for_contig_names());
}

bool VcfReader::Impl::next_streaming() {
    if (options.footprint != nullptr && !streamed) {
        streamed = true;
        options.footprint->add_whole_file();  // every byte from here to the end is read
    }
    if (!is_bcf && !counted_header) {
        counted_header = true;
        if (path != "-") line_no = count_header_lines(path);
    }
    if (is_bcf) {
        for (;;) {
            const int rc = bcf_read(fp.get(), hdr.get(), rec.get());
            if (rc == -1) return false;
            if (rc < -1 || rec->errcode != 0)
                throw InputError(where(0, "record " + std::to_string(seen + 1)),
                                 "htslib cannot decode this BCF record (corrupt or truncated file)",
                                 "check the file with 'bcftools view' and re-create it if needed");
            ++seen;
            if (rec->rid != cur_rid) {
                cur_rid = rec->rid;
                cur_chrom = bcf_seqname_safe(hdr.get(), rec.get());
            }
            const std::int64_t pos = rec->pos + 1;
            if (precheck->wanted_record(cur_chrom, pos,
                                        pos + std::max<std::int64_t>(1, rec->rlen) - 1, path))
                return true;
        }
    }
    const char* s = nullptr;
    std::size_t len = 0;
    for (;;) {
        if (!lines) lines.emplace(fp.get(), direct_bgzf, line);
        if (!lines->next(s, len, path, line_no + 1)) return false;
        ++line_no;
        if (len == 0) continue;
        ++seen;
        if (!precheck->wanted_line(std::string_view(s, len), path, line_no)) continue;
        if (try_genotype_only(s, len, line_no)) return true;
        if (s != line.s) {  // the line is still inside the BGZF block: copy it for the parser
            line.l = 0;
            if (kputsn(s, len, &line) < 0) throw std::bad_alloc();
        }
        check_columns(line_no);
        parse_text_record(line_no);
        return true;
    }
}

namespace {
std::atomic<std::uint64_t> g_files_opened{0};
}  // namespace

std::uint64_t VcfReader::files_opened() {
    return g_files_opened.load();
}

VcfReader::VcfReader(const std::string& path, VcfOpenOptions options)
    : impl_(std::make_unique<Impl>()) {
    g_files_opened.fetch_add(1);
    impl_->path = path;
    impl_->options = std::move(options);
    impl_->open();
}

VcfReader::~VcfReader() = default;

const std::vector<std::string>& VcfReader::samples_in_file() const {
    return impl_->all_samples;
}
const std::string& VcfReader::sample() const {
    return impl_->sample;
}
const BuildCheck& VcfReader::build_check() const {
    return impl_->build;
}

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

void VcfReader::restrict_to(const RegionSet& regions, std::optional<RegionSet> decode_fully) {
    impl_->decode_fully = std::move(decode_fully);
    impl_->restricted = true;
    impl_->regions = regions;
    const RecordPrecheck earlier = std::move(*impl_->precheck);
    impl_->precheck.emplace(&impl_->regions);
    impl_->precheck->carry_contigs_from(earlier);
    impl_->mode = impl_->has_index ? AccessMode::indexed : AccessMode::streaming;
    if (impl_->has_index) {
        impl_->refuse_if_no_grch38_records(impl_->index_chromosomes, impl_->index_other_contigs,
                                           impl_->index_other_total, "the index");
        // The second half of the regions (region_halves.hpp) starts reading now, while this
        // thread reads the chromosomes' ends: it only buffers, and what it finds is raised only
        // after the first half, so a record past an end is still the first error. On the bench
        // BCF that check is ~4 ms, a tenth of the read (docs/performance.md).
        impl_->start_region_records();
        impl_->refuse_records_beyond_chromosomes();
    }
}

AccessMode VcfReader::access_mode() const {
    return impl_->mode;
}

ReadStatus VcfReader::next(VcfRecord& out) {
    const bool indexed = impl_->restricted && impl_->mode == AccessMode::indexed;
    const bool got = indexed ? impl_->next_indexed() : impl_->next_streaming();
    if (!got) {
        if (!indexed && !impl_->reached_eof) {
            impl_->reached_eof = true;
            const auto& others = impl_->precheck->other_contigs_seen();
            if (impl_->restricted)
                impl_->refuse_if_no_grch38_records(
                    impl_->precheck->chromosomes_seen(), others,
                    others.size() + (others.size() == RecordPrecheck::kMaxOtherContigs ? 1 : 0),
                    "the file");
        }
        return ReadStatus::end_of_file;
    }
    if (impl_->genotype_only_ready) {
        impl_->genotype_only_ready = false;
        std::swap(out, impl_->genotype_only);
        return ReadStatus::ok;
    }
    impl_->decode(out);
    // Records read for their genotype only lie outside the panel's decoded regions: the screen
    // takes no allele from them, so a duplicate there cannot change a finding.
    if (!out.genotype_only) impl_->check_duplicate(out);
    return ReadStatus::ok;
}

std::set<std::string> VcfReader::contigs_with_records() const {
    return impl_->has_index ? impl_->index_chromosomes : impl_->precheck->chromosomes_seen();
}

bool VcfReader::contigs_complete() const {
    return impl_->has_index || impl_->reached_eof;
}

std::size_t VcfReader::regions_split_at() const {
    return impl_->region_records ? impl_->region_records->split_at() : 0;
}

std::uint64_t VcfReader::records_seen() const {
    return impl_->seen;
}
std::uint64_t VcfReader::records_decoded() const {
    return impl_->decoded;
}

std::vector<std::string> VcfReader::list_samples(const std::string& path) {
    if (!std::filesystem::exists(path))
        throw InputError({path}, "file not found", "check the path");
    hts::File fp(hts_open(path.c_str(), "r"));
    if (!fp) throw InputError({path}, "cannot open file", "check that it is readable");
    hts::VcfHeader hdr(bcf_hdr_read(fp.get()));
    if (!hdr) throw InputError({path}, "cannot read the VCF header", hint_for_format());
    std::vector<std::string> out;
    for (int i = 0; i < bcf_hdr_nsamples(hdr.get()); ++i)
        out.emplace_back(hdr->samples[i]);
    return out;
}

void quiet_htslib_logging() {
    hts_set_log_level(HTS_LOG_OFF);
}

}  // namespace nbs

namespace nbs {

std::vector<InfoDeclaration> VcfReader::info_declarations() const {
    std::vector<InfoDeclaration> out;
    const bcf_hdr_t* h = impl_->hdr.get();
    for (int i = 0; i < h->nhrec; ++i) {
        const bcf_hrec_t* hrec = h->hrec[i];
        if (hrec->type != BCF_HL_INFO) continue;
        InfoDeclaration d;
        for (int k = 0; k < hrec->nkeys; ++k) {
            const std::string key = hrec->keys[k];
            std::string val = hrec->vals[k] != nullptr ? hrec->vals[k] : "";
            if (val.size() >= 2 && val.front() == '"' && val.back() == '"')
                val = val.substr(1, val.size() - 2);
            if (key == "ID")
                d.key = val;
            else if (key == "Number")
                d.number = val == "A" || val == "R" || val == "G" || val == "." ? val[0] : '1';
            else if (key == "Type")
                d.type = val;
            else if (key == "Description")
                d.description = val;
        }
        if (!d.key.empty()) out.push_back(std::move(d));
    }
    return out;
}

void VcfReader::add_info_keys(const std::vector<std::string>& keys) {
    for (const auto& k : keys)
        if (std::find(impl_->options.info_keys.begin(), impl_->options.info_keys.end(), k) ==
            impl_->options.info_keys.end())
            impl_->options.info_keys.push_back(k);
    impl_->resolve_ids();
}

}  // namespace nbs
