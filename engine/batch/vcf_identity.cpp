#include "engine/batch/vcf_identity.hpp"

#include <filesystem>
#include <stdexcept>
#include <vector>

#include "engine/batch/batch_runner.hpp"
#include "engine/io/footprint_ranges.hpp"
#include "engine/panel/panel_files.hpp"

namespace nbs {
namespace {

constexpr std::string_view kFootprintTag = "footprint-v1:";

// Every index file htslib could take for `vcf` (hts_idx_locatefn tries FILE.EXT, then the name
// with its last extension replaced): all that exist are hashed, so a replaced index, whichever
// one htslib picks, changes the identity.
std::vector<std::string> index_files(const std::string& vcf) {
    const std::filesystem::path p(vcf);
    const std::string stem = (p.parent_path() / p.stem()).string();
    std::vector<std::string> out;
    for (const std::string& candidate :
         {vcf + ".tbi", vcf + ".csi", stem + ".tbi", stem + ".csi"}) {
        std::error_code ec;
        if (std::filesystem::is_regular_file(candidate, ec)) out.push_back(candidate);
    }
    return out;
}

std::string index_files_text(const std::string& vcf) {
    std::string text;
    for (const std::string& candidate : index_files(vcf)) {
        text += "index " + std::filesystem::path(candidate).filename().string() + " " +
                sha256_file_hex(candidate) + "\n";
    }
    return text;
}

// The identity's SHA-256 is over a text: the preamble, then one line "range BEGIN END DIGEST" per
// normalised range, DIGEST that range's own SHA-256. Hashing range by range lets two threads
// share the ~10 MB an indexed screen reads (bench BCF genome: 394 ranges) while the identity
// stays the same for any number of them.
std::string footprint_identity(const std::string& vcf, const std::vector<ByteRange>& ranges,
                               unsigned threads) {
    const std::uint64_t size = std::filesystem::file_size(vcf);
    const std::vector<ByteRange> cut = normalise_ranges(ranges, size);
    std::vector<std::pair<std::uint64_t, std::uint64_t>> pairs;
    pairs.reserve(cut.size());
    for (const ByteRange& r : cut)
        pairs.emplace_back(r.begin, r.end);
    const std::vector<std::string> digests = sha256_file_each_range_hex(vcf, pairs, threads);
    std::string text =
        "nbscreen read footprint v1\nsize " + std::to_string(size) + "\n" + index_files_text(vcf);
    for (std::size_t i = 0; i < pairs.size(); ++i)
        text += "range " + std::to_string(pairs[i].first) + " " + std::to_string(pairs[i].second) +
                " " + digests[i] + "\n";
    return std::string(kFootprintTag) + sha256_hex(text) + ":" + format_ranges(cut);
}

}  // namespace

std::string vcf_sha256(const std::string& vcf) {
    std::error_code ec;
    if (vcf == "-" || !std::filesystem::is_regular_file(vcf, ec)) return {};
    return sha256_file_hex(vcf);
}

bool will_read_through_index(const std::string& vcf, bool use_index) {
    return use_index && vcf != "-" && !index_files(vcf).empty();
}

bool is_footprint_identity(const std::string& identity) {
    return identity.compare(0, kFootprintTag.size(), kFootprintTag) == 0;
}

std::string vcf_identity(const std::string& vcf, const ReadFootprint& footprint, unsigned threads) {
    std::error_code ec;
    if (vcf == "-" || !std::filesystem::is_regular_file(vcf, ec)) return {};
    // "##idx##" names the index inside the path (htslib): not one of the files hashed above.
    if (footprint.whole_file() || vcf.find("##idx##") != std::string::npos)
        return sha256_file_hex(vcf);
    return footprint_identity(vcf, footprint_ranges(vcf, footprint), threads);
}

std::string vcf_identity_like(const std::string& vcf, const std::string& stored, unsigned threads) {
    std::error_code ec;
    if (vcf == "-" || !std::filesystem::is_regular_file(vcf, ec)) return {};
    if (!is_footprint_identity(stored)) return stored.size() == 64 ? sha256_file_hex(vcf) : "";
    const std::size_t colon = stored.find(':', kFootprintTag.size());
    if (colon == std::string::npos) return {};
    const auto ranges = parse_ranges(std::string_view(stored).substr(colon + 1));
    if (!ranges) return {};
    try {
        return footprint_identity(vcf, *ranges, threads);
    } catch (const std::runtime_error&) {
        return {};  // shorter than the ranges: not the same file
    }
}

}  // namespace nbs
