#pragma once
// Reads slices of a reference FASTA (plain or bgzip-compressed, with its samtools faidx index)
// through htslib's faidx, naming contigs canonically whatever the file calls them (chr20 / 20).
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace nbs {

class FastaReader {
  public:
    /// \throws InputError when the file or its index (.fai, and .gzi for .gz) cannot be read.
    explicit FastaReader(const std::string& path);
    ~FastaReader();
    FastaReader(const FastaReader&) = delete;
    FastaReader& operator=(const FastaReader&) = delete;

    /// Length of a canonical contig in this file, nullopt when the file has no such contig.
    [[nodiscard]] std::optional<std::int64_t> length(const std::string& chrom) const;

    /// Bases chrom:start-end (1-based inclusive, clamped to the contig), upper-cased; IUPAC
    /// ambiguity codes become N. \throws InputError if the contig is absent or faidx fails.
    [[nodiscard]] std::string fetch(const std::string& chrom, std::int64_t start,
                                    std::int64_t end) const;

    /// Canonical contig -> the name the file uses.
    [[nodiscard]] const std::map<std::string, std::string>& contigs() const { return names_; }

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::string path_;
    std::map<std::string, std::string> names_;
};

/// Reads a text file line by line, plain or gzip/bgzip-compressed (GTF, GFF3), without the
/// caller knowing which.
class TextLineReader {
  public:
    /// \throws InputError if the file cannot be opened.
    explicit TextLineReader(const std::string& path);
    ~TextLineReader();
    TextLineReader(const TextLineReader&) = delete;
    TextLineReader& operator=(const TextLineReader&) = delete;

    /// The next line without its line end; false at the end of the file.
    /// \throws InputError on a read or decompression error.
    bool next(std::string& line);
    [[nodiscard]] std::uint64_t line_number() const { return line_; }

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::string path_;
    std::uint64_t line_ = 0;
};

}  // namespace nbs
