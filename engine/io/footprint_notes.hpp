#pragma once
// How engine/io's readers note what they read into a ReadFootprint (core/read_footprint.hpp).
// Internal to engine/io: it speaks in htslib's terms (virtual offsets, iterator chunks).
//
// A BGZF virtual offset is (compressed block offset << 16 | offset inside the block): "up to the
// block holding virtual offset v" is noted as through the block starting at v >> 16, whose end
// footprint_ranges.hpp reads from the block's header.
#include <htslib/hts.h>

#include <cstdint>
#include <memory>
#include <string>

#include "engine/core/read_footprint.hpp"

namespace nbs::hts {

/// From the file's first byte through the block holding virtual offset `voffset` (a header, or
/// the first records read from the start).
void note_prefix(ReadFootprint* footprint, std::uint64_t voffset) noexcept;

/// The last BGZF block (the end-of-file marker bgzf_check_EOF() reads).
void note_eof_marker(ReadFootprint* footprint, const std::string& path) noexcept;

/// What an index iterator read: its chunks from the first through the one it stopped in, the
/// last only as far as it went (hts_itr_next() visits chunks in order, each from its start `u`,
/// and records the offset after each record it reads in `curr_off`).
void note_iterator(ReadFootprint* footprint, const hts_itr_t* itr) noexcept;

/// Frees an iterator after noting what it read, so every reset() and destruction notes it.
struct NoteAndFree {
    ReadFootprint* footprint = nullptr;
    void operator()(hts_itr_t* i) const noexcept {
        note_iterator(footprint, i);
        hts_itr_destroy(i);
    }
};
using NotedIterator = std::unique_ptr<hts_itr_t, NoteAndFree>;

}  // namespace nbs::hts
