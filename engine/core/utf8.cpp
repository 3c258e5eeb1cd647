#include "engine/core/utf8.hpp"

#include <cstdio>
#include <string>

#include "engine/core/sample_id.hpp"

namespace nbs {

// Worked example: "caf\xc3\xa9" is valid (U+00E9); "caf\xe9" (Latin-1) is not: 0xE9 opens a
// three-byte sequence and 'end of string' is not a continuation byte, so the answer is offset 3.
std::optional<std::size_t> first_invalid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto b = static_cast<unsigned char>(s[i]);
        std::size_t len = 0;
        unsigned cp = 0;
        if (b < 0x80) {
            ++i;
            continue;
        }
        if ((b & 0xE0) == 0xC0) {
            len = 2;
            cp = b & 0x1F;
        } else if ((b & 0xF0) == 0xE0) {
            len = 3;
            cp = b & 0x0F;
        } else if ((b & 0xF8) == 0xF0) {
            len = 4;
            cp = b & 0x07;
        } else {
            return i;  // a continuation byte without a lead, or 0xF8..0xFF
        }
        if (i + len > s.size()) return i;
        for (std::size_t k = 1; k < len; ++k) {
            const auto c = static_cast<unsigned char>(s[i + k]);
            if ((c & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (c & 0x3F);
        }
        const unsigned min_cp = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
        if (cp < min_cp || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
        i += len;
    }
    return std::nullopt;
}

std::string terminal_safe(std::string_view s, bool keep_newlines) {
    std::string out;
    out.reserve(s.size());
    auto escape = [&out](unsigned char b) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02x", b);
        out += buf;
    };
    std::size_t i = 0;
    while (i < s.size()) {
        const auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {
            const bool keep = (b >= 0x20 && b != 0x7f) || b == '\t' || (keep_newlines && b == '\n');
            if (keep)
                out += static_cast<char>(b);
            else
                escape(b);
            ++i;
            continue;
        }
        // The length of the well-formed sequence starting here, if any.
        const auto bad = first_invalid_utf8(s.substr(i, 4));
        const std::size_t len = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : 4;
        const bool well_formed = (b & 0xC0) == 0xC0 && i + len <= s.size() && (!bad || *bad >= len);
        const bool c1 =
            b == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xA0;
        if (!well_formed || c1) {
            escape(b);
            ++i;
            continue;
        }
        out.append(s.substr(i, len));
        i += len;
    }
    return out;
}

void check_utf8(std::string_view value, std::string_view what, InputLocation where) {
    const auto at = first_invalid_utf8(value);
    if (!at) return;
    throw InputError(std::move(where),
                     std::string(what) + " '" + printable(value) + "' is not valid UTF-8 (byte " +
                         std::to_string(*at + 1) + ")",
                     "results are UTF-8 JSON: rename the file or sample so that its name is "
                     "UTF-8 (e.g. with 'convmv -f latin1 -t utf8')");
}

}  // namespace nbs
