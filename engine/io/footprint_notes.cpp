#include "engine/io/footprint_notes.hpp"

#include <algorithm>
#include <filesystem>

namespace nbs::hts {

// Noting must not throw (it runs in deleters); if it cannot, the footprint says it is unknown,
// which keys the result by the whole file instead.
template <typename F>
void noting(ReadFootprint* footprint, F&& f) noexcept {
    if (footprint == nullptr) return;
    try {
        f();
    } catch (...) {
        try {
            footprint->mark_unknown();
        } catch (...) {
        }
    }
}

void note_prefix(ReadFootprint* footprint, std::uint64_t voffset) noexcept {
    noting(footprint, [&] { footprint->add_through_block(0, voffset >> 16); });
}

void note_eof_marker(ReadFootprint* footprint, const std::string& path) noexcept {
    noting(footprint, [&] {
        std::error_code ec;
        const std::uint64_t size = std::filesystem::file_size(path, ec);
        if (ec) {
            footprint->mark_unknown();
            return;
        }
        constexpr std::uint64_t kEofMarker = 28;  // the empty block bgzf_check_EOF() compares
        footprint->add(size > kEofMarker ? size - kEofMarker : 0, size);
    });
}

void note_iterator(ReadFootprint* footprint, const hts_itr_t* itr) noexcept {
    if (itr == nullptr || itr->off == nullptr || itr->i < 0) return;  // nothing read
    noting(footprint, [&] {
        const int last = std::min(itr->i, itr->n_off - 1);
        for (int k = 0; k <= last; ++k) {
            const hts_pair64_max_t& c = itr->off[k];
            const std::uint64_t to = k < last ? c.v : std::max(c.u, itr->curr_off);
            footprint->add_through_block(c.u >> 16, to >> 16);
        }
    });
}

}  // namespace nbs::hts
