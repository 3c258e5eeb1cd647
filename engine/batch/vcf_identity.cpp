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

// The identity's SHA-256 is over a text: the preamble, then one line "range BEGIN END DIGEST" per
// normalised range, DIGEST that range's own SHA-256. Hashing range by range lets two threads
// share the ~10 MB an indexed screen reads (bench BCF genome: 394 ranges, and the 1.5 MB .csi)
// while the identity stays the same for any number of them. The pieces: each index file whole,
// then each range (one piece: the whole file, for the whole-file form).
FootprintHash::FootprintHash(const std::string& vcf, const ReadFootprint& footprint) : vcf_(vcf) {
    std::error_code ec;
    if (vcf == "-" || !std::filesystem::is_regular_file(vcf, ec)) return;
    // "##idx##" names the index inside the path (htslib): not one of the files hashed here.
    if (footprint.whole_file() || vcf.find("##idx##") != std::string::npos) {
        whole_ = true;
        pieces_.emplace(std::vector<PieceDigests::Piece>{{vcf}});
        return;
    }
    start(footprint_ranges(vcf, footprint));
}

FootprintHash::FootprintHash(const std::string& vcf, const std::vector<ByteRange>& ranges)
    : vcf_(vcf) {
    start(ranges);
}

void FootprintHash::start(const std::vector<ByteRange>& ranges) {
    size_ = std::filesystem::file_size(vcf_);
    ranges_ = normalise_ranges(ranges, size_);
    index_files_ = index_files(vcf_);
    std::vector<PieceDigests::Piece> pieces;
    pieces.reserve(index_files_.size() + ranges_.size());
    for (const std::string& f : index_files_)
        pieces.push_back({f});
    for (const ByteRange& r : ranges_)
        pieces.push_back({vcf_, r.begin, r.end});
    pieces_.emplace(std::move(pieces));
}

void FootprintHash::work() noexcept {
    if (pieces_) pieces_->work();
}

std::string FootprintHash::identity(unsigned threads) {
    if (!pieces_) return {};
    const std::vector<std::string> digests = pieces_->digests(threads);
    if (whole_) return digests.front();
    std::string text = "nbscreen read footprint v1\nsize " + std::to_string(size_) + "\n";
    std::size_t d = 0;
    for (const std::string& f : index_files_)
        text += "index " + std::filesystem::path(f).filename().string() + " " + digests[d++] + "\n";
    for (const ByteRange& r : ranges_)
        text += "range " + std::to_string(r.begin) + " " + std::to_string(r.end) + " " +
                digests[d++] + "\n";
    return std::string(kFootprintTag) + sha256_hex(text) + ":" + format_ranges(ranges_);
}

std::string vcf_identity(const std::string& vcf, const ReadFootprint& footprint, unsigned threads) {
    return FootprintHash(vcf, footprint).identity(threads);
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
        return FootprintHash(vcf, *ranges).identity(threads);
    } catch (const std::runtime_error&) {
        return {};  // shorter than the ranges: not the same file
    }
}

}  // namespace nbs
