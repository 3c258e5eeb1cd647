#include "engine/core/sample_id.hpp"

#include <cstdio>

namespace nbs {

std::optional<std::string> sample_id_problem(std::string_view id) {
    if (id.empty()) return "it is empty";
    if (id.size() > kMaxSampleIdBytes)
        return "it is " + std::to_string(id.size()) + " bytes long (at most " +
               std::to_string(kMaxSampleIdBytes) + ")";
    if (id.front() == '.') return "it starts with '.'";
    for (const char c : id) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!ok) return "it may use only letters, digits, '.', '_' and '-'";
    }
    return std::nullopt;
}

std::string printable(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u < 0x7f && c != '\\') {
            out += c;
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", u);
            out += buf;
        }
    }
    return out;
}

void check_sample_id(std::string_view id, std::string_view source, InputLocation where) {
    const auto problem = sample_id_problem(id);
    if (!problem) return;
    throw InputError(std::move(where),
                     "sample id '" + printable(id) + "' (from " + std::string(source) +
                         ") cannot name a result file: " + *problem,
                     "use letters, digits, '.', '_' and '-' only, 1 to 128 bytes, not starting "
                     "with '.' (set --sample-id, or the manifest's sample_id column)");
}

}  // namespace nbs
