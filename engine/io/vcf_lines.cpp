#include "engine/io/vcf_lines.hpp"

#include <htslib/bgzf.h>
#include <htslib/kseq.h>
#include <htslib/kstring.h>

#include <cstdlib>
#include <cstring>

#include "engine/core/input_error.hpp"
#include "engine/io/hts_handles.hpp"

namespace nbs {

// Columns of a text record. htslib accepts a record with missing columns (it fills in
// defaults), but a line that lost its genotype columns must not be screened as if it were fine.
std::size_t count_columns(const char* s, std::size_t len) {
    std::size_t n = 1;
    for (const char* p = s; (p = static_cast<const char*>(std::memchr(
                                 p, '\t', len - static_cast<std::size_t>(p - s)))) != nullptr;
         ++p)
        ++n;
    return n;
}

// Counts the header lines of a text VCF, so record line numbers in messages and results are
// lines of the file (htslib's header reader does not say how many lines it consumed).
std::uint64_t count_header_lines(const std::string& path) {
    hts::File fp(hts_open(path.c_str(), "r"));
    if (!fp) return 0;
    kstring_t s{0, 0, nullptr};
    std::uint64_t n = 0;
    while (hts_getline(fp.get(), KS_SEP_LINE, &s) >= 0 && s.l > 0 && s.s[0] == '#')
        ++n;
    std::free(s.s);
    return n;
}

VcfLineSource::VcfLineSource(htsFile* fp, bool direct_bgzf, kstring_t& line)
    : fp_(fp), direct_bgzf_(direct_bgzf), line_(line) {}

// The next text line, without its newline. With BGZF input the line is found inside the
// decompressed block and only copied when it straddles two blocks: most lines are looked at
// (CHROM/POS) and dropped, so copying each one would cost more than the look.
bool VcfLineSource::next(const char*& s, std::size_t& len, const std::string& path,
                         std::uint64_t line_no) {
    const auto where = [&] { return InputLocation{path, line_no, 0, {}}; };
    if (!direct_bgzf_) {
        const int rc = hts_getline(fp_, KS_SEP_LINE, &line_);
        if (rc == -1) return false;
        if (rc < -1)
            throw InputError(where(),
                             "error reading the file (corrupt or truncated compressed data)",
                             "check it with 'bgzip -t' and re-create it if needed");
        s = line_.s;
        len = line_.l;
        return true;
    }
    BGZF* bg = fp_->fp.bgzf;
    carry_.clear();
    for (;;) {
        if (bg->block_offset >= bg->block_length) {
            if (bgzf_read_block(bg) != 0)
                throw InputError(where(),
                                 "error reading the file (corrupt or truncated compressed data)",
                                 "check it with 'bgzip -t' and re-create it if needed");
            // The previous block was used up, so the new one is read from its start (setting
            // this here, rather than trusting htslib to, guarantees every pass makes progress).
            bg->block_offset = 0;
            if (bg->block_length == 0) {  // end of file
                if (carry_.empty()) return false;
                s = carry_.data();
                len = carry_.size();
                break;
            }
        }
        const char* buf = static_cast<const char*>(bg->uncompressed_block) + bg->block_offset;
        const auto avail = static_cast<std::size_t>(bg->block_length - bg->block_offset);
        const char* nl = static_cast<const char*>(std::memchr(buf, '\n', avail));
        if (nl == nullptr) {
            carry_.append(buf, avail);
            bg->block_offset = bg->block_length;
            continue;
        }
        const auto n = static_cast<std::size_t>(nl - buf);
        bg->block_offset += static_cast<int>(n + 1);
        if (carry_.empty()) {
            s = buf;
            len = n;
        } else {
            carry_.append(buf, n);
            s = carry_.data();
            len = carry_.size();
        }
        break;
    }
    if (len > 0 && s[len - 1] == '\r') --len;
    return true;
}

}  // namespace nbs
