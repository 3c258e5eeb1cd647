#include "engine/io/region_halves.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <new>
#include <utility>

namespace nbs {

hts::Iterator query_region(bool is_bcf, const hts_idx_t* idx, const tbx_t* tbx, int tid,
                           std::int64_t beg, std::int64_t end) {
    return hts::Iterator(is_bcf ? bcf_itr_queryi(idx, tid, beg, end)
                                : tbx_itr_queryi(tbx, tid, beg, end));
}

std::size_t choose_split(const std::vector<Region>& regions, const std::vector<int>& tids,
                         std::int64_t min_bases) {
    if (min_bases <= 0 || regions.size() != tids.size()) return 0;
    std::int64_t total = 0;
    for (std::size_t i = 0; i < regions.size(); ++i)
        if (tids[i] >= 0) total += regions[i].end - regions[i].start + 1;
    std::size_t best = 0;
    std::int64_t best_gap = std::numeric_limits<std::int64_t>::max();
    std::int64_t before = 0;
    for (std::size_t i = 1; i < regions.size(); ++i) {
        if (tids[i - 1] >= 0) before += regions[i - 1].end - regions[i - 1].start + 1;
        if (regions[i].chrom == regions[i - 1].chrom) continue;  // not a chromosome boundary
        if (before < min_bases || total - before < min_bases) continue;
        const std::int64_t gap = std::abs(2 * before - total);
        if (gap < best_gap) {
            best_gap = gap;
            best = i;
        }
    }
    return best;
}

HalfReader::HalfReader(const IndexedSource& src, htsFile* fp, const std::vector<Region>& regions,
                       const std::vector<int>& tids, std::size_t begin, std::size_t end)
    : src_(&src), fp_(fp), regions_(&regions), tids_(&tids), next_(begin), end_(end) {}

// The steps of VcfReader's single-pass read before the split: a region the file has no
// iterator for is skipped without a step; -1 from htslib ends a region, below -1 is an error.
RegionStep HalfReader::next(bcf1_t* rec, kstring_t* line, std::size_t& region) {
    if (!itr_) {
        while (next_ < end_) {
            const Region& r = (*regions_)[next_];
            const int tid = (*tids_)[next_];
            if (tid >= 0)
                itr_ = query_region(src_->is_bcf, src_->idx, src_->tbx, tid, r.start - 1, r.end);
            if (itr_) break;
            ++next_;
        }
        if (!itr_) return RegionStep::done;
        current_ = next_;
    }
    region = current_;
    const int rc = src_->is_bcf ? bcf_itr_next(fp_, itr_.get(), rec)
                                : tbx_itr_next(fp_, src_->tbx, itr_.get(), line);
    if (rc >= 0) {
        // bcf_itr_next() reads the record with every sample (only bcf_read() applies
        // bcf_hdr_set_samples), so the FORMAT columns would start with the file's first
        // sample: keep the chosen sample alone.
        if (src_->is_bcf && bcf_subset_format(src_->hdr, rec) != 0) return RegionStep::subset_error;
        return RegionStep::record;
    }
    if (rc < -1) return RegionStep::read_error;
    itr_.reset();
    ++next_;
    return RegionStep::region_end;
}

RegionRecords::Item::Item(Item&& o) noexcept
    : step(o.step),
      region(o.region),
      rec(std::move(o.rec)),
      line(std::exchange(o.line, kstring_t{0, 0, nullptr})),
      failure(std::move(o.failure)) {}

RegionRecords::Item& RegionRecords::Item::operator=(Item&& o) noexcept {
    if (this != &o) {
        step = o.step;
        region = o.region;
        rec = std::move(o.rec);
        std::free(line.s);
        line = std::exchange(o.line, kstring_t{0, 0, nullptr});
        failure = std::move(o.failure);
    }
    return *this;
}

RegionRecords::RegionRecords(IndexedSource src, std::vector<Region> regions, std::vector<int> tids,
                             const SplitOptions& split)
    : src_(std::move(src)),
      regions_(std::move(regions)),
      tids_(std::move(tids)),
      split_(choose_split(regions_, tids_, split.min_bases)),
      buffer_bytes_(split.buffer_bytes),
      first_(src_, src_.fp, regions_, tids_, 0, split_ == 0 ? regions_.size() : split_) {
    if (split_ == 0) return;
    // A second handle of its own; without one, the caller reads everything itself.
    second_fp_.reset(hts_open(src_.path.c_str(), "r"));
    if (!second_fp_) {
        split_ = 0;
        first_ = HalfReader(src_, src_.fp, regions_, tids_, 0, regions_.size());
        return;
    }
    second_ = std::make_unique<HalfReader>(src_, second_fp_.get(), regions_, tids_, split_,
                                           regions_.size());
    thread_ = std::thread([this] { read_second_half(); });
}

RegionRecords::~RegionRecords() {
    if (!thread_.joinable()) return;
    {
        const std::lock_guard lock(mutex_);
        stop_.store(true);
    }
    changed_.notify_all();
    thread_.join();
}

namespace {

// What a buffered step holds in memory, for the buffer's bound.
std::size_t held_bytes(const bcf1_t* rec, const kstring_t& line) {
    std::size_t n = sizeof(bcf1_t) + line.m;
    if (rec != nullptr)
        n += rec->shared.m + rec->indiv.m +
             static_cast<std::size_t>(rec->d.m_fmt) * sizeof(bcf_fmt_t);
    return n;
}

constexpr std::size_t kBatch = 256;  // steps handed over at once (one lock per batch)

}  // namespace

// The second thread: reads its half into batches, hands each over in order, and stops at the
// first error (a single pass would have stopped there) or when the caller is gone.
void RegionRecords::read_second_half() {
    Batch batch;
    std::size_t bytes = 0;
    try {
        hts::VcfRecordPtr spare;
        for (;;) {
            if (stop_.load(std::memory_order_relaxed)) break;
            Item item;
            if (src_.is_bcf) {
                item.rec = spare ? std::move(spare) : hts::VcfRecordPtr(bcf_init());
                if (!item.rec) throw std::bad_alloc();
            }
            item.step = second_->next(item.rec.get(), &item.line, item.region);
            if (item.step == RegionStep::done) break;
            if (item.step != RegionStep::record) spare = std::move(item.rec);
            bytes += held_bytes(item.rec.get(), item.line);
            const bool last =
                item.step == RegionStep::read_error || item.step == RegionStep::subset_error;
            batch.push_back(std::move(item));
            if (last) break;
            if (batch.size() == kBatch) {
                hand_over(batch, bytes);
                bytes = 0;
            }
        }
    } catch (...) {
        Item failed;
        failed.failure = std::current_exception();
        failed.region = batch.empty() ? split_ : batch.back().region;
        batch.push_back(std::move(failed));
    }
    const std::unique_lock lock(mutex_);
    if (!batch.empty()) {
        ready_.emplace_back(std::move(batch), bytes);
        ready_bytes_ += bytes;
    }
    finished_ = true;
    changed_.notify_all();
}

// Waits while the buffer is full and the caller is still reading the first half (or is slower).
void RegionRecords::hand_over(Batch& batch, std::size_t bytes) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return stop_ || ready_bytes_ < buffer_bytes_; });
    ready_.emplace_back(std::move(batch), bytes);
    ready_bytes_ += bytes;
    batch = Batch();
    batch.reserve(kBatch);
    changed_.notify_all();
}

bool RegionRecords::take_batch() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return finished_ || !ready_.empty(); });
    if (ready_.empty()) return false;
    taking_ = std::move(ready_.front().first);
    ready_bytes_ -= ready_.front().second;
    ready_.pop_front();
    taken_ = 0;
    changed_.notify_all();
    return true;
}

RegionStep RegionRecords::next(hts::VcfRecordPtr& rec, kstring_t& line, std::size_t& region) {
    if (!first_done_) {
        const RegionStep s = first_.next(rec.get(), &line, region);
        if (s != RegionStep::done) return s;
        first_done_ = true;
    }
    if (split_ == 0) return RegionStep::done;
    if (taken_ == taking_.size()) {
        taking_.clear();  // frees the records handed out
        if (!take_batch()) return RegionStep::done;
    }
    Item& item = taking_[taken_++];
    if (item.failure) std::rethrow_exception(item.failure);
    region = item.region;
    if (item.step == RegionStep::record) {
        if (src_.is_bcf)
            std::swap(rec, item.rec);
        else
            std::swap(line, item.line);
    }
    return item.step;
}

}  // namespace nbs
