#include "engine/io/region_halves.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <system_error>
#include <utility>

namespace nbs {

hts::NotedIterator query_region(const IndexedSource& src, int tid, std::int64_t beg,
                                std::int64_t end) {
    hts_itr_t* it =
        src.is_bcf ? src.bcf->query(tid, beg, end) : tbx_itr_queryi(src.tbx, tid, beg, end);
    return hts::NotedIterator(it, {src.footprint});
}

std::size_t choose_split(const std::vector<Region>& regions, const std::vector<int>& tids,
                         std::int64_t min_bases, double first_share) {
    if (min_bases <= 0 || regions.size() != tids.size()) return 0;
    std::int64_t total = 0;
    for (std::size_t i = 0; i < regions.size(); ++i)
        if (tids[i] >= 0) total += regions[i].end - regions[i].start + 1;
    std::size_t best = 0;
    double best_gap = std::numeric_limits<double>::infinity();
    std::int64_t before = 0;
    for (std::size_t i = 1; i < regions.size(); ++i) {
        if (tids[i - 1] >= 0) before += regions[i - 1].end - regions[i - 1].start + 1;
        if (regions[i].chrom == regions[i - 1].chrom) continue;  // not a chromosome boundary
        if (before < min_bases || total - before < min_bases) continue;
        const double gap =
            std::abs(static_cast<double>(before) - first_share * static_cast<double>(total));
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
            if (tid >= 0) itr_ = query_region(*src_, tid, r.start - 1, r.end);
            if (itr_) break;
            ++next_;
        }
        if (!itr_) return RegionStep::done;
        current_ = next_;
    }
    region = current_;
    const int rc = src_->is_bcf ? bcf_itr_next(fp_, itr_.get(), rec)
                                : tbx_itr_next(fp_, src_->tbx, itr_.get(), line);
    if (rc >= 0) return RegionStep::record;
    if (rc < -1) return RegionStep::read_error;
    itr_.reset();
    ++next_;
    return RegionStep::region_end;
}

RegionRecords::RegionRecords(IndexedSource src, std::vector<Region> regions, std::vector<int> tids,
                             const SplitOptions& split)
    : src_(std::move(src)),
      regions_(std::move(regions)),
      tids_(std::move(tids)),
      split_(choose_split(regions_, tids_, split.min_bases, split.first_share)),
      buffer_bytes_(split.buffer_bytes),
      first_(src_, src_.fp, regions_, tids_, 0, split_ == 0 ? regions_.size() : split_) {
    if (split_ == 0) return;
    // A second handle and a thread of its own; without them, the caller reads everything itself.
    second_fp_.reset(hts_open(src_.path.c_str(), "r"));
    if (second_fp_) {
        second_ = std::make_unique<HalfReader>(src_, second_fp_.get(), regions_, tids_, split_,
                                               regions_.size());
        halves_reading_.store(2);
        try {
            thread_ = std::thread([this] { read_second_half(); });
            return;
        } catch (const std::system_error&) {  // no thread to be had (a process limit)
            halves_reading_.store(1);
        }
    }
    second_.reset();
    second_fp_.reset();
    split_ = 0;
    first_ = HalfReader(src_, src_.fp, regions_, tids_, 0, regions_.size());
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

constexpr std::size_t kBatchSteps = 256;                   // one lock per batch
constexpr std::size_t kBatchBytes = std::size_t{1} << 20;  // or per MiB of records

}  // namespace

// The second thread: reads its half into batches, hands each over in order, and stops at the
// first error (a single pass would have stopped there) or when the caller is gone.
void RegionRecords::read_second_half() {
    Batch batch;
    kstring_t line{0, 0, nullptr};
    bool read_all = false;
    try {
        hts::VcfRecordPtr rec(src_.is_bcf ? bcf_init() : nullptr);
        if (src_.is_bcf && !rec) throw std::bad_alloc();
        for (;;) {
            if (stop_.load(std::memory_order_relaxed)) break;
            Step st;
            st.kind = second_->next(rec.get(), &line, st.region);
            if (st.kind == RegionStep::done) {
                read_all = true;
                break;
            }
            if (st.kind == RegionStep::record && src_.is_bcf) {
                const bcf1_t* r = rec.get();
                st.len1 = r->shared.l;
                st.len2 = r->indiv.l;
                st.pos = r->pos;
                st.rlen = r->rlen;
                st.rid = r->rid;
                st.qual = r->qual;
                st.n_info = r->n_info;
                st.n_allele = r->n_allele;
                st.n_fmt = r->n_fmt;
                st.n_sample = r->n_sample;
                batch.bytes.append(r->shared.s, r->shared.l);
                batch.bytes.append(r->indiv.s, r->indiv.l);
            } else if (st.kind == RegionStep::record) {
                st.len1 = line.l;
                batch.bytes.append(line.s, line.l);
            }
            batch.steps.push_back(st);
            if (st.kind == RegionStep::read_error) break;
            if (batch.steps.size() == kBatchSteps || batch.bytes.size() >= kBatchBytes)
                hand_over(batch);
        }
    } catch (...) {
        batch.failure = std::current_exception();
    }
    std::free(line.s);
    {
        const std::lock_guard lock(mutex_);
        ready_bytes_ += batch.held();
        ready_.push_back(std::move(batch));
        finished_ = true;
        changed_.notify_all();
    }
    // After the last batch is handed over, so the reader is not kept waiting for what
    // on_read_complete does; its last region's iterator was freed (its bytes noted) before
    // next() said done. The reader's destructor joins this thread, so waits for it.
    try {
        half_read(read_all);
    } catch (...) {  // on_read_complete's own failure is the caller's to find again
    }
}

void RegionRecords::half_read(bool ok) {
    if (!ok) half_failed_.store(true);
    if (halves_reading_.fetch_sub(1) == 1 && !half_failed_.load() && src_.on_read_complete)
        src_.on_read_complete();
}

// Waits while the buffer is full and the caller is still reading the first half (or is slower).
void RegionRecords::hand_over(Batch& batch) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return stop_.load() || ready_bytes_ < buffer_bytes_; });
    ready_bytes_ += batch.held();
    ready_.push_back(std::move(batch));
    batch = Batch();
    changed_.notify_all();
}

bool RegionRecords::take_batch() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return finished_ || !ready_.empty(); });
    if (ready_.empty()) return false;
    taking_ = std::move(ready_.front());
    ready_.pop_front();
    ready_bytes_ -= taking_.held();
    step_ = 0;
    offset_ = 0;
    changed_.notify_all();
    return true;
}

// The next buffered step, its record rebuilt as htslib reads one: bcf_read1_core() clears the
// record (bcf_clear) and sets its fixed fields and two byte strings; tbx_itr_next() sets the
// line.
RegionStep RegionRecords::next_buffered(bcf1_t* rec, kstring_t& line, std::size_t& region) {
    while (step_ == taking_.steps.size()) {
        if (taking_.failure) std::rethrow_exception(taking_.failure);
        if (!take_batch()) return RegionStep::done;
    }
    const Step& st = taking_.steps[step_++];
    region = st.region;
    if (st.kind != RegionStep::record) return st.kind;
    const char* bytes = taking_.bytes.data() + offset_;
    offset_ += st.len1 + st.len2;
    if (!src_.is_bcf) {
        line.l = 0;
        if (kputsn(bytes, st.len1, &line) < 0) throw std::bad_alloc();
        return RegionStep::record;
    }
    bcf_clear(rec);
    if (ks_resize(&rec->shared, st.len1 != 0 ? st.len1 : 1) != 0 ||
        ks_resize(&rec->indiv, st.len2 != 0 ? st.len2 : 1) != 0)
        throw std::bad_alloc();
    std::memcpy(rec->shared.s, bytes, st.len1);
    std::memcpy(rec->indiv.s, bytes + st.len1, st.len2);
    rec->shared.l = st.len1;
    rec->indiv.l = st.len2;
    rec->pos = st.pos;
    rec->rlen = st.rlen;
    rec->rid = st.rid;
    rec->qual = st.qual;
    rec->n_info = st.n_info;
    rec->n_allele = st.n_allele;
    rec->n_fmt = st.n_fmt;
    rec->n_sample = st.n_sample;
    return RegionStep::record;
}

RegionStep RegionRecords::next(bcf1_t* rec, kstring_t& line, std::size_t& region) {
    RegionStep s = RegionStep::done;
    if (!first_done_) {
        s = first_.next(rec, &line, region);
        first_done_ = s == RegionStep::done;
        if (first_done_) half_read(true);
    }
    if (first_done_ && split_ != 0) s = next_buffered(rec, line, region);
    // bcf_itr_next() reads the record with every sample (only bcf_read() applies
    // bcf_hdr_set_samples), so the FORMAT columns would start with the file's first sample:
    // keep the chosen sample alone.
    if (s == RegionStep::record && src_.is_bcf && bcf_subset_format(src_.hdr, rec) != 0)
        return RegionStep::subset_error;
    return s;
}

}  // namespace nbs
