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

}  // namespace nbs
