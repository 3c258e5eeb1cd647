#pragma once
// Happens-before edges for ThreadSanitizer (`make test-tsan`) that a library makes with code TSan
// cannot see. Debian's oneTBB is not built with -fsanitize=thread: its parallel_for starts each
// task after the code that called it and returns only after every task, using its own atomics,
// so without these TSan reports every result a task writes as racing with the caller that reads
// it afterwards. Without -fsanitize=thread the calls compile to nothing.
//
// Use a separate address per direction (one "tasks may start", one "tasks are done"), so that
// tasks are never ordered with each other and a real race between two tasks is still reported.
#if defined(__SANITIZE_THREAD__)
#define NBS_UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define NBS_UNDER_TSAN 1
#endif
#endif

#ifdef NBS_UNDER_TSAN
#include <sanitizer/tsan_interface.h>
#endif

namespace nbs {

/// Everything this thread did so far happens before a later tsan_acquire(sync) in any thread.
inline void tsan_release([[maybe_unused]] void* sync) {
#ifdef NBS_UNDER_TSAN
    __tsan_release(sync);
#endif
}

/// Everything before every earlier tsan_release(sync) happens before what this thread does next.
inline void tsan_acquire([[maybe_unused]] void* sync) {
#ifdef NBS_UNDER_TSAN
    __tsan_acquire(sync);
#endif
}

/// A parallel_for body whose copies TSan sees handed over. TBB copies the body into each task on
/// the thread that splits the range and runs it on whichever thread takes the task; that
/// hand-over is inside libtbb, so TSan saw the first read of the copy (the captured references)
/// race with the write that made it, and when the writing thread's history was gone it could
/// not match the write to TBB's headers (tests/tsan_suppressions.txt, race_top): reported
/// (cli.Rescreen and cli.Determinism under `make test-tsan`, 2026-12-03). Each copy now
/// releases its own address once written, and reads of it acquire that address first: the
/// copy's bytes happen before its use, and nothing else is ordered (each copy has its own
/// address). Wraps `body` by address: it must outlive the loop.
template <typename Body>
class TsanVisibleBody {
  public:
    explicit TsanVisibleBody(const Body& body) : body_(&body) { tsan_release(this); }
    TsanVisibleBody(const TsanVisibleBody& other) : body_(acquired(other).body_) {
        tsan_release(this);
    }
    TsanVisibleBody& operator=(const TsanVisibleBody&) = delete;
    template <typename Range>
    void operator()(const Range& range) const {
        (*acquired(*this).body_)(range);
    }

  private:
    static const TsanVisibleBody& acquired(const TsanVisibleBody& copy) {
        tsan_acquire(const_cast<TsanVisibleBody*>(&copy));
        return copy;
    }
    const Body* body_;
};

}  // namespace nbs
