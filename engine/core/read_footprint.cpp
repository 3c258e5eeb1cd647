#include "engine/core/read_footprint.hpp"

#include <algorithm>
#include <charconv>

namespace nbs {

void ReadFootprint::add(std::uint64_t begin, std::uint64_t end) {
    if (end <= begin) return;
    const std::lock_guard lock(mutex_);
    ranges_.push_back({begin, end});
}

void ReadFootprint::add_through_block(std::uint64_t begin, std::uint64_t block_start) {
    const std::lock_guard lock(mutex_);
    through_block_.push_back({begin, block_start});
}

void ReadFootprint::add_whole_file() {
    const std::lock_guard lock(mutex_);
    whole_file_ = true;
}

bool ReadFootprint::whole_file() const {
    const std::lock_guard lock(mutex_);
    return whole_file_;
}

std::vector<ByteRange> ReadFootprint::ranges(
    const std::function<std::uint64_t(std::uint64_t)>& block_end) const {
    std::vector<ByteRange> copy, through;
    {
        const std::lock_guard lock(mutex_);
        copy = ranges_;
        through = through_block_;
    }
    for (const ByteRange& r : through)
        copy.push_back({r.begin, std::max(r.begin, block_end(r.end))});
    return normalise_ranges(std::move(copy), UINT64_MAX);
}

std::vector<ByteRange> normalise_ranges(std::vector<ByteRange> ranges, std::uint64_t size) {
    for (ByteRange& r : ranges)
        r.end = std::min(r.end, size);
    std::erase_if(ranges, [](const ByteRange& r) { return r.end <= r.begin; });
    std::sort(ranges.begin(), ranges.end(),
              [](const ByteRange& a, const ByteRange& b) { return a.begin < b.begin; });
    std::vector<ByteRange> out;
    for (const ByteRange& r : ranges) {
        if (!out.empty() && r.begin <= out.back().end)
            out.back().end = std::max(out.back().end, r.end);
        else
            out.push_back(r);
    }
    return out;
}

std::string format_ranges(const std::vector<ByteRange>& ranges) {
    std::string out;
    for (const ByteRange& r : ranges) {
        if (!out.empty()) out += ',';
        out += std::to_string(r.begin) + '-' + std::to_string(r.end);
    }
    return out;
}

std::optional<std::vector<ByteRange>> parse_ranges(std::string_view text) {
    std::vector<ByteRange> out;
    if (text.empty()) return std::nullopt;
    const char* p = text.data();
    const char* const end = p + text.size();
    while (p < end) {
        ByteRange r;
        auto res = std::from_chars(p, end, r.begin);
        if (res.ec != std::errc() || res.ptr == end || *res.ptr != '-') return std::nullopt;
        res = std::from_chars(res.ptr + 1, end, r.end);
        if (res.ec != std::errc() || r.end <= r.begin) return std::nullopt;
        if (!out.empty() && r.begin <= out.back().end) return std::nullopt;  // not as written
        out.push_back(r);
        p = res.ptr;
        if (p < end) {
            if (*p != ',' || p + 1 == end) return std::nullopt;
            ++p;
        }
    }
    return out;
}

}  // namespace nbs
