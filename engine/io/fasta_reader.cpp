#include "engine/io/fasta_reader.hpp"

#include <htslib/bgzf.h>
#include <htslib/faidx.h>
#include <htslib/kstring.h>

#include <cstdlib>
#include <filesystem>

#include "engine/core/input_error.hpp"
#include "engine/genome/contig.hpp"

namespace nbs {

struct FastaReader::Impl {
    faidx_t* fai = nullptr;
    ~Impl() {
        if (fai != nullptr) fai_destroy(fai);
    }
};

FastaReader::FastaReader(const std::string& path) : impl_(std::make_unique<Impl>()), path_(path) {
    if (!std::filesystem::is_regular_file(path))
        throw InputError({path}, "reference FASTA not found",
                         "pass the GRCh38 FASTA (plain or bgzip-compressed) with --reference");
    // No FAI_CREATE: building an index would write beside the user's reference.
    impl_->fai = fai_load3(path.c_str(), nullptr, nullptr, 0);
    if (impl_->fai == nullptr)
        throw InputError({path}, "cannot read the FASTA index (.fai, and .gzi for a .gz file)",
                         "index it with 'samtools faidx " + path +
                             "' (a gzip FASTA must be bgzip-compressed first)");
    const int n = faidx_nseq(impl_->fai);
    for (int i = 0; i < n; ++i) {
        const char* name = faidx_iseq(impl_->fai, i);
        if (const auto canon = canonical_contig(name)) names_.emplace(*canon, name);
    }
}

FastaReader::~FastaReader() = default;

std::optional<std::int64_t> FastaReader::length(const std::string& chrom) const {
    const auto it = names_.find(chrom);
    if (it == names_.end()) return std::nullopt;
    const int len = faidx_seq_len(impl_->fai, it->second.c_str());  // htslib 1.16: int
    if (len < 0) return std::nullopt;
    return static_cast<std::int64_t>(len);
}

std::string FastaReader::fetch(const std::string& chrom, std::int64_t start,
                               std::int64_t end) const {
    const auto it = names_.find(chrom);
    const auto len = length(chrom);
    if (it == names_.end() || !len)
        throw InputError({path_, 0, 0, chrom}, "the reference FASTA has no " + chrom,
                         "use a GRCh38 FASTA holding the panel's chromosomes");
    start = std::max<std::int64_t>(start, 1);
    end = std::min(end, *len);
    if (end < start) return {};
    hts_pos_t got = 0;
    char* seq = faidx_fetch_seq64(impl_->fai, it->second.c_str(), start - 1, end - 1, &got);
    if (seq == nullptr || got != end - start + 1) {
        std::free(seq);
        throw InputError({path_, 0, 0, chrom + ':' + std::to_string(start)},
                         "faidx could not read the sequence", "re-index the FASTA");
    }
    std::string out(seq, static_cast<std::size_t>(got));
    std::free(seq);
    for (char& c : out) {
        switch (c) {
            case 'A':
            case 'a':
                c = 'A';
                break;
            case 'C':
            case 'c':
                c = 'C';
                break;
            case 'G':
            case 'g':
                c = 'G';
                break;
            case 'T':
            case 't':
                c = 'T';
                break;
            default:
                c = 'N';
        }
    }
    return out;
}

struct TextLineReader::Impl {
    BGZF* fp = nullptr;
    kstring_t buf = KS_INITIALIZE;
    ~Impl() {
        ks_free(&buf);
        if (fp != nullptr) bgzf_close(fp);
    }
};

TextLineReader::TextLineReader(const std::string& path)
    : impl_(std::make_unique<Impl>()), path_(path) {
    // BGZF reads plain text, gzip and bgzip alike.
    impl_->fp = std::filesystem::is_regular_file(path) ? bgzf_open(path.c_str(), "r") : nullptr;
    if (impl_->fp == nullptr)
        throw InputError({path}, "cannot open file", "check that the path exists and is readable");
}

TextLineReader::~TextLineReader() = default;

bool TextLineReader::next(std::string& line) {
    const int r = bgzf_getline(impl_->fp, '\n', &impl_->buf);
    if (r == -1) return false;
    if (r < -1)
        throw InputError({path_, line_ + 1}, "read or decompression error",
                         "the file is damaged or truncated; fetch it again");
    ++line_;
    line.assign(impl_->buf.s, impl_->buf.l);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
}

}  // namespace nbs
