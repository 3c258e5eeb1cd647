#include "engine/io/csi_index.hpp"

#include <htslib/vcf.h>

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <string_view>
#include <system_error>

namespace nbs {
namespace {

// The first bin of level `l`: (8^l - 1) / 7.
constexpr int first_bin(int level) {
    return ((1 << (3 * level)) - 1) / 7;
}
constexpr int parent_bin(int bin) {
    return (bin - 1) >> 3;
}

// Little-endian, at any alignment.
template <typename T>
T read_le(const char* p) {
    T v = 0;
    if constexpr (std::endian::native == std::endian::little) {
        std::memcpy(&v, p, sizeof(T));
    } else {
        for (std::size_t i = 0; i < sizeof(T); ++i)
            v |= static_cast<T>(static_cast<unsigned char>(p[i])) << (8 * i);
    }
    return v;
}

// Little-endian fields of the inflated index, with the bytes left checked at every step.
class Cursor {
  public:
    explicit Cursor(std::string_view bytes) : bytes_(bytes) {}
    bool u32(std::uint32_t& out) { return take(out); }
    bool i32(std::int32_t& out) {
        std::uint32_t u = 0;
        if (!take(u)) return false;
        out = static_cast<std::int32_t>(u);
        return true;
    }
    bool u64(std::uint64_t& out) { return take(out); }
    [[nodiscard]] std::size_t at() const { return at_; }
    bool skip(std::size_t n) {
        if (bytes_.size() - at_ < n) return false;
        at_ += n;
        return true;
    }

  private:
    template <typename T>
    bool take(T& out) {
        if (bytes_.size() - at_ < sizeof(T)) return false;
        out = read_le<T>(bytes_.data() + at_);
        at_ += sizeof(T);
        return true;
    }
    std::string_view bytes_;
    std::size_t at_ = 0;
};

}  // namespace

std::unique_ptr<CsiIndex> CsiIndex::load(const std::string& csi_path, bool* malformed,
                                         unsigned threads) {
    if (malformed != nullptr) *malformed = false;
    auto idx = std::unique_ptr<CsiIndex>(new CsiIndex());
    InflatedFile& data = idx->data_;
    if (!inflate_whole_file(csi_path, threads, data)) {
        // BGZF that does not inflate: htslib's BGZF reader fails the same way, before parsing.
        if (malformed != nullptr) *malformed = data.view().compare(0, 4, "CSI\1", 4) == 0;
        return nullptr;
    }
    const std::string_view bytes = data.view();
    if (bytes.compare(0, 4, "CSI\1", 4) != 0) return nullptr;
    // Bins keep 32-bit offsets into the bytes: a larger index is htslib's to read.
    if (bytes.size() > std::numeric_limits<std::uint32_t>::max()) return nullptr;
    const auto refuse = [&] {
        if (malformed != nullptr) *malformed = true;
        return nullptr;
    };
    Cursor in(bytes.substr(4));
    std::uint32_t min_shift = 0, depth = 0, l_aux = 0, n_ref = 0;
    if (!in.u32(min_shift) || !in.u32(depth) || !in.u32(l_aux) || !in.skip(l_aux) || !in.u32(n_ref))
        return refuse();
    // A scheme whose bins fit an int and whose widths fit 64 bits, as every writer makes
    // (bcftools: 14 and 5 by default, more levels for long contigs); anything else is htslib's
    // to judge.
    if (min_shift < 1 || depth < 1 || depth > 9 || min_shift + 3 * depth > 62 ||
        n_ref > static_cast<std::uint32_t>(std::numeric_limits<std::int32_t>::max()))
        return nullptr;
    idx->min_shift_ = static_cast<int>(min_shift);
    idx->depth_ = static_cast<int>(depth);
    idx->n_bins_ = first_bin(idx->depth_ + 1);
    const auto meta_bin = static_cast<std::uint32_t>(idx->n_bins_ + 1);
    idx->refs_.resize(n_ref);
    // A bin takes at least 16 bytes: no growing while parsing.
    idx->bins_.reserve(bytes.size() / 16);
    for (Ref& ref : idx->refs_) {
        std::int32_t n_bin = 0;
        if (!in.i32(n_bin) || n_bin < 0) return refuse();
        ref.first_bin = static_cast<std::uint32_t>(idx->bins_.size());
        ref.n_bin = static_cast<std::uint32_t>(n_bin);
        for (std::int32_t b = 0; b < n_bin; ++b) {
            Bin bin;
            std::int32_t n_chunk = 0;
            if (!in.u32(bin.number)) return refuse();
            bin.at = static_cast<std::uint32_t>(4 + in.at());
            if (!in.skip(8) || !in.i32(n_chunk) || n_chunk < 0) return refuse();
            // htslib reads the pseudo-bin's counts as its second chunk.
            if (bin.number == meta_bin && n_chunk < 2) return refuse();
            if (!in.skip(16 * static_cast<std::size_t>(n_chunk))) return refuse();
            idx->bins_.push_back(bin);
        }
        // htslib writes a contig's bins in its hash table's order: by number modulo the table
        // size, so two or three ascending runs (bench genome: 2 to 3 a contig). Merged run by
        // run, that is linear; anything else is sorted.
        const auto first = idx->bins_.begin() + ref.first_bin;
        const auto by_number = [](const Bin& a, const Bin& b) { return a.number < b.number; };
        auto sorted_to = std::is_sorted_until(first, idx->bins_.end(), by_number);
        for (int runs = 1; sorted_to != idx->bins_.end(); ++runs) {
            if (runs == 4) {
                std::sort(first, idx->bins_.end(), by_number);
                break;
            }
            const auto run_end = std::is_sorted_until(sorted_to, idx->bins_.end(), by_number);
            std::inplace_merge(first, sorted_to, run_end, by_number);
            sorted_to = run_end;
        }
        // htslib refuses an index that lists a bin twice.
        if (std::adjacent_find(first, idx->bins_.end(), [](const Bin& a, const Bin& b) {
                return a.number == b.number;
            }) != idx->bins_.end())
            return refuse();
    }
    idx->bins_.shrink_to_fit();
    return idx;
}

const CsiIndex::Bin* CsiIndex::find(const Ref& ref, std::uint32_t number) const {
    const auto first = bins_.begin() + ref.first_bin;
    const auto last = first + ref.n_bin;
    const auto it = std::lower_bound(first, last, number,
                                     [](const Bin& b, std::uint32_t n) { return b.number < n; });
    return it != last && it->number == number ? &*it : nullptr;
}

std::uint64_t CsiIndex::loff(const Bin& b) const {
    return read_le<std::uint64_t>(data_.bytes.get() + b.at);
}

std::uint32_t CsiIndex::n_chunk(const Bin& b) const {
    return read_le<std::uint32_t>(data_.bytes.get() + b.at + 8);
}

hts_pair64_t CsiIndex::chunk(const Bin& b, std::uint32_t j) const {
    const char* p = data_.bytes.get() + b.at + 12 + std::size_t{16} * j;
    return {read_le<std::uint64_t>(p), read_le<std::uint64_t>(p + 8)};
}

bool CsiIndex::stat(int tid, std::uint64_t& mapped, std::uint64_t& unmapped) const {
    mapped = unmapped = 0;
    if (tid < 0 || tid >= n_ref()) return false;
    const Bin* meta =
        find(refs_[static_cast<std::size_t>(tid)], static_cast<std::uint32_t>(n_bins_ + 1));
    if (meta == nullptr) return false;
    const hts_pair64_t counts = chunk(*meta, 1);
    mapped = counts.u;
    unmapped = counts.v;
    return true;
}

// htslib 1.16's hts_itr_query, step for step where the result depends on it (the integer
// widths included), written against this layout.
hts_itr_t* CsiIndex::query(int tid, hts_pos_t beg, hts_pos_t end) const {
    if (tid < 0 || tid >= n_ref()) return nullptr;
    if (beg < 0) beg = 0;
    if (end < beg) return nullptr;
    auto* it = static_cast<hts_itr_t*>(std::calloc(1, sizeof(hts_itr_t)));
    if (it == nullptr) return nullptr;
    it->tid = tid;
    it->beg = beg;
    it->end = end;
    it->i = -1;
    it->readrec = bcf_readrec;
    const Ref& ref = refs_[static_cast<std::size_t>(tid)];
    if (ref.n_bin == 0) {
        it->finished = 1;
        return it;
    }

    // The first virtual offset worth reading: the loff of the leaf bin holding `beg`, or of the
    // nearest bin to its left (or above it) that the index has.
    const auto rel_off = static_cast<std::uint32_t>(beg >> min_shift_);
    int bin = static_cast<int>(static_cast<std::uint32_t>(first_bin(depth_)) + rel_off);
    const Bin* at = nullptr;
    do {
        at = find(ref, static_cast<std::uint32_t>(bin));
        if (at != nullptr) break;
        const int first_sibling = (parent_bin(bin) << 3) + 1;
        bin = bin > first_sibling ? bin - 1 : parent_bin(bin);
    } while (bin != 0);
    if (bin == 0) at = find(ref, 0);
    const std::uint64_t min_off = at != nullptr ? loff(*at) : 0;

    // The last: the first chunk of the nearest bin to the right of `end` with any.
    bin = static_cast<int>(first_bin(depth_) + ((end - 1) >> min_shift_) + 1);
    if (bin >= n_bins_ || bin < 0) bin = 0;  // (< 0: a truncated width htslib would walk)
    std::uint64_t max_off = std::numeric_limits<std::uint64_t>::max();
    for (;;) {
        while (bin % 8 == 1)
            bin = parent_bin(bin);
        if (bin == 0) break;
        const Bin* right = find(ref, static_cast<std::uint32_t>(bin));
        if (right != nullptr && n_chunk(*right) > 0) {
            max_off = chunk(*right, 0).u;
            break;
        }
        ++bin;
    }

    // Every chunk of every bin overlapping [beg, end), level by level, cut to [min_off, max_off].
    std::vector<hts_pair64_max_t> off;
    if (beg < end) {
        int shift = min_shift_ + 3 * depth_;
        const hts_pos_t last = std::min<hts_pos_t>(end, hts_pos_t{1} << shift) - 1;
        for (int level = 0; level <= depth_; ++level, shift -= 3) {
            const hts_pos_t lo = first_bin(level) + (beg >> shift);
            const hts_pos_t hi = first_bin(level) + (last >> shift);
            // The bins the index has in [lo, hi], in the order htslib visits them (ascending):
            // walked from the first, not looked up one number at a time, as a query to a
            // contig's end spans ~18,000 possible bins of which a few exist.
            const auto bins_end = bins_.begin() + ref.first_bin + ref.n_bin;
            auto found = std::lower_bound(bins_.begin() + ref.first_bin, bins_end, lo,
                                          [](const Bin& x, hts_pos_t n) { return x.number < n; });
            for (; found != bins_end && found->number <= hi; ++found) {
                const std::uint32_t n = n_chunk(*found);
                for (std::uint32_t j = 0; j < n; ++j) {
                    const hts_pair64_t c = chunk(*found, j);
                    if (c.v > min_off && c.u < max_off)
                        off.push_back({std::max(min_off, c.u), std::min(max_off, c.v),
                                       (static_cast<std::uint64_t>(tid) << 32) | j});
                }
            }
        }
    }
    if (off.empty()) {
        it->finished = 1;
        return it;
    }
    std::sort(off.begin(), off.end(), [](const hts_pair64_max_t& a, const hts_pair64_max_t& b) {
        return a.u != b.u ? a.u < b.u : a.v < b.v;
    });
    // Drop a chunk that ends inside the one kept before it, cut one that overlaps the next, and
    // join chunks that meet in one BGZF block.
    std::size_t kept = 0;
    for (std::size_t i = 1; i < off.size(); ++i)
        if (off[kept].v < off[i].v) off[++kept] = off[i];
    off.resize(kept + 1);
    for (std::size_t i = 1; i < off.size(); ++i)
        if (off[i - 1].v >= off[i].u) off[i - 1].v = off[i].u;
    kept = 0;
    for (std::size_t i = 1; i < off.size(); ++i) {
        if (off[kept].v >> 16 == off[i].u >> 16)
            off[kept].v = off[i].v;
        else
            off[++kept] = off[i];
    }
    off.resize(kept + 1);
    // hts_itr_destroy frees the list with free().
    auto* list = static_cast<hts_pair64_max_t*>(std::malloc(off.size() * sizeof(off[0])));
    if (list == nullptr) {
        hts_itr_destroy(it);
        return nullptr;
    }
    std::memcpy(list, off.data(), off.size() * sizeof(off[0]));
    it->off = list;
    it->n_off = static_cast<int>(off.size());
    return it;
}

BcfIndex BcfIndex::load(const std::string& path, unsigned threads) {
    BcfIndex out;
    // FILE.csi is the first name htslib tries; "##idx##" names another in the path itself.
    std::error_code ec;
    const std::string csi = path + ".csi";
    bool malformed = false;
    if (path.find("##idx##") == std::string::npos && std::filesystem::is_regular_file(csi, ec))
        out.flat = CsiIndex::load(csi, &malformed, threads);
    // A FILE.csi cut short is no index, as when htslib fails on it (silently, as here).
    if (!out.flat && !malformed)
        out.hts.reset(bcf_index_load3(path.c_str(), nullptr, HTS_IDX_SILENT_FAIL));
    return out;
}

hts_itr_t* BcfIndex::query(int tid, hts_pos_t beg, hts_pos_t end) const {
    if (flat) return flat->query(tid, beg, end);
    return hts ? bcf_itr_queryi(hts.get(), tid, beg, end) : nullptr;
}

bool BcfIndex::stat(int tid, std::uint64_t& mapped, std::uint64_t& unmapped) const {
    if (flat) return flat->stat(tid, mapped, unmapped);
    mapped = unmapped = 0;
    return hts && hts_idx_get_stat(hts.get(), tid, &mapped, &unmapped) == 0;
}

std::vector<std::string> BcfIndex::contig_names(const bcf_hdr_t* hdr) const {
    std::vector<std::string> out;
    if (flat) {
        // bcf_index_seqnames() names every contig of the index by its header id.
        for (int i = 0; i < flat->n_ref() && i < hdr->n[BCF_DT_CTG]; ++i)
            out.emplace_back(bcf_hdr_id2name(hdr, i));
        return out;
    }
    if (!hts) return out;
    int n = 0;
    // (the macro passes the header on as void*; htslib only reads it)
    const char** names = bcf_index_seqnames(hts.get(), const_cast<bcf_hdr_t*>(hdr), &n);
    out.assign(names, names + n);
    std::free(names);
    return out;
}

}  // namespace nbs
