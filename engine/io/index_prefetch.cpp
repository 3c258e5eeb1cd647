#include "engine/io/index_prefetch.hpp"

#include <unistd.h>

#include <filesystem>
#include <future>
#include <mutex>
#include <optional>
#include <utility>

#include "engine/io/index_prefetch_impl.hpp"

namespace nbs {
namespace {

// Loads the index as VcfReader::Impl::try_open_index would: the format decides which loader.
// A path that is not a readable regular file is left alone: htslib would print its own error
// for it, before the reader's clear one.
PrefetchedIndex load_index(const std::string& path) {
    PrefetchedIndex out;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec) || ::access(path.c_str(), R_OK) != 0)
        return out;
    hts::File fp(hts_open(path.c_str(), "r"));
    if (!fp) return out;
    const htsFormat* fmt = hts_get_format(fp.get());
    if (fmt->category != variant_data) return out;
    // Asked for one baby alone, whose index is its critical path: two threads inflate a .csi.
    return load_vcf_index(path, fmt->format == bcf, fmt->format == vcf && fmt->compression == bgzf,
                          2);
}

struct Pending {
    std::mutex mutex;
    std::string path;
    std::future<PrefetchedIndex> loading;  // invalid: nothing pending
};

// One per process. A load never taken is waited for and freed when the process ends (the
// future's destructor waits; the index's handles free it).
Pending& pending() {
    static Pending p;
    return p;
}

}  // namespace

PrefetchedIndex load_vcf_index(const std::string& path, bool is_bcf, bool is_bgzf,
                               unsigned threads) {
    PrefetchedIndex out;
    if (is_bcf) {
        out.kind = PrefetchedIndex::Kind::bcf;
        out.bcf = BcfIndex::load(path, threads);
    } else if (is_bgzf) {
        out.kind = PrefetchedIndex::Kind::vcf_bgzf;
        out.tbx.reset(tbx_index_load3(path.c_str(), nullptr, HTS_IDX_SILENT_FAIL));
    }
    return out;
}

void prefetch_vcf_index(const std::string& path) {
    if (path.empty() || path == "-") return;
    Pending& p = pending();
    const std::lock_guard lock(p.mutex);
    if (p.loading.valid()) (void)p.loading.get();  // replaced: wait, then free it
    p.path = path;
    p.loading = std::async(std::launch::async, load_index, path);
}

std::optional<PrefetchedIndex> take_prefetched_index(const std::string& path) {
    Pending& p = pending();
    const std::lock_guard lock(p.mutex);
    if (!p.loading.valid() || p.path != path) return std::nullopt;
    return p.loading.get();
}

}  // namespace nbs
