#pragma once
// Text lines of a VCF for VcfReader's streaming path: a BGZF block scanner that looks at lines in
// place, htslib's line reader for everything else, and small line helpers.
#include <htslib/hts.h>
#include <htslib/kstring.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/core/input_error.hpp"

namespace nbs {

/// Columns of a text record (tabs + 1). htslib accepts a record with missing columns (it fills
/// in defaults), but a line that lost its genotype columns must not be screened as if it were
/// fine.
[[nodiscard]] std::size_t count_columns(const char* s, std::size_t len);

/// Header lines of a text VCF, so record line numbers in messages and results are lines of the
/// file (htslib's header reader does not say how many lines it consumed). Opens `path` anew.
[[nodiscard]] std::uint64_t count_header_lines(const std::string& path);

/// Reads the lines of an open text VCF after its header.
class VcfLineSource {
  public:
    /// `direct_bgzf`: the file is BGZF, so lines may be scanned inside the decompressed blocks
    /// (never for plain gzip, whose blocks htslib manages differently). `line` is the buffer
    /// htslib's reader fills (and where the caller copies a line it must parse).
    VcfLineSource(htsFile* fp, bool direct_bgzf, kstring_t& line);

    /// The next line, without its newline (and '\r'); `s` points into a BGZF block, a carry
    /// buffer or `line`, valid until the next call. false at end of file. Every call consumes
    /// input or ends. \throws InputError at `where` on corrupt or truncated compressed data.
    /// `path` and `line_no` (of the line being read) name the place in an error; they are passed
    /// as they are, not as an InputLocation, because building one per line copied the path for
    /// every record of a genome.
    [[nodiscard]] bool next(const char*& s, std::size_t& len, const std::string& path,
                            std::uint64_t line_no);

  private:
    htsFile* fp_;
    bool direct_bgzf_;
    kstring_t& line_;
    std::string carry_;  // a line that straddles two BGZF blocks
};

}  // namespace nbs
