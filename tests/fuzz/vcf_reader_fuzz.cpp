// Fuzz target: any bytes given as a VCF must end in records or an InputError, never a crash,
// a hang or undefined behaviour. Built with libFuzzer by `make fuzz`; the replay executable runs
// the corpus (tests/fuzz/corpus/vcf_reader + the hts-specs conformance files in tests/data/vcf)
// in ctest.
#include <cstdint>
#include <string>

#include "engine/core/input_error.hpp"
#include "engine/genome/normalize.hpp"
#include "engine/io/vcf_reader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static bool quiet = (nbs::quiet_htslib_logging(), true);
    (void)quiet;
    const nbs::fuzz::ScratchFile file("vcf_reader", "input.vcf", nbs::fuzz::as_text(data, size));
    try {
        nbs::VcfOpenOptions o;
        o.info_keys = {"CSQ", "CLNSIG", "AF"};
        const auto samples = nbs::VcfReader::list_samples(file.string());
        if (!samples.empty()) o.sample = samples.front();
        nbs::VcfReader reader(file.string(), o);
        reader.restrict_to(nbs::RegionSet(
            {{"chr1", 1, 300000000}, {"chrX", 1, 200000000}, {"chr20", 1, 70000000}}));
        nbs::VcfRecord rec;
        int n = 0;
        while (reader.next(rec) == nbs::ReadStatus::ok && ++n < 100000)
            (void)nbs::split_alleles(rec);
    } catch (const nbs::InputError&) {
        // expected for bad input
    }
    return 0;
}
