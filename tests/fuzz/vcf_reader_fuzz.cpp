// Fuzz target: any bytes given as a VCF must end in records or an InputError, never a crash,
// a hang or undefined behaviour. Built with libFuzzer by `make fuzz`; the replay executable runs
// the corpus (tests/fuzz/corpus/vcf + the hts-specs conformance files in tests/data/vcf) in ctest.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "engine/core/input_error.hpp"
#include "engine/genome/normalize.hpp"
#include "engine/io/vcf_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static bool quiet = (nbs::quiet_htslib_logging(), true);
    (void)quiet;
    // ctest sets NBS_SCRATCH_DIR (the build tree's own folder); a hand-run fuzzer uses TMPDIR.
    static const std::string templ = [] {
        const char* dir = std::getenv("NBS_SCRATCH_DIR");
        if (dir == nullptr) dir = std::getenv("TMPDIR");
        const std::filesystem::path base = dir != nullptr ? dir : "/tmp";
        std::filesystem::create_directories(base);
        return (base / "nbs_fuzz_vcf_XXXXXX").string();
    }();
    std::string buf = templ;
    char* path = buf.data();
    const int fd = ::mkstemp(path);
    if (fd < 0) return 0;
    if (::write(fd, data, size) != static_cast<ssize_t>(size)) {
        ::close(fd);
        ::unlink(path);
        return 0;
    }
    ::close(fd);
    try {
        nbs::VcfOpenOptions o;
        o.info_keys = {"CSQ", "CLNSIG", "AF"};
        const auto samples = nbs::VcfReader::list_samples(path);
        if (!samples.empty()) o.sample = samples.front();
        nbs::VcfReader reader(path, o);
        reader.restrict_to(nbs::RegionSet(
            {{"chr1", 1, 300000000}, {"chrX", 1, 200000000}, {"chr20", 1, 70000000}}));
        nbs::VcfRecord rec;
        int n = 0;
        while (reader.next(rec) == nbs::ReadStatus::ok && ++n < 100000)
            (void)nbs::split_alleles(rec);
    } catch (const nbs::InputError&) {
        // expected for bad input
    }
    ::unlink(path);
    return 0;
}
