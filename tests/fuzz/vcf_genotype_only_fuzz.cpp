// Fuzz target: the VCF reader's genotype-only fast path. A screen reads records outside the
// panel's genes (the sex-inference windows) straight from the text line for CHROM, POS, REF and
// GT (VcfReader::restrict_to with `decode_fully`, try_genotype_only in vcf_decode.cpp), without
// htslib's parser. The same bytes are read twice: through the fast path, and fully through
// htslib. Wherever both readers return a record, they must agree on CHROM, POS, REF and the GT
// alleles and phasing; the fast path may never fail on a record htslib reads. (The fast path
// may accept a record whose other columns htslib refuses: it never looks at them.)
// The first input byte picks the sample (its index modulo the number of samples), so the
// column-finding for a later sample is exercised too; the rest is the VCF.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/io/vcf_reader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

// Every primary chromosome is wanted, so each record reaches a decoder.
nbs::RegionSet whole_genome() {
    std::vector<nbs::Region> all;
    for (int i = 1; i <= 22; ++i)
        all.push_back({"chr" + std::to_string(i), 1, 300000000});
    for (const char* c : {"chrX", "chrY", "chrM"})
        all.push_back({c, 1, 300000000});
    return nbs::RegionSet(std::move(all));
}

// Panel-like windows decoded in full; records elsewhere take the fast path, so one file mixes
// both paths (the hand-over between them is state in the reader).
nbs::RegionSet panel_windows() {
    return nbs::RegionSet({{"chr1", 1701000, 1701900},
                           {"chr21", 10000000, 20000000},
                           {"chrX", 2700000, 2800000},
                           {"chr20", 10000000, 10001000}});
}

struct Read {
    std::vector<nbs::VcfRecord> records;
    std::optional<std::string> error;  // InputError::what() when the reader stopped on one
};

Read read_all(const std::string& path, const std::string& sample, bool fast) {
    Read out;
    try {
        nbs::VcfOpenOptions o;
        o.sample = sample;
        nbs::VcfReader reader(path, o);
        reader.restrict_to(whole_genome(),
                           fast ? std::optional<nbs::RegionSet>(panel_windows()) : std::nullopt);
        nbs::VcfRecord rec;
        while (out.records.size() < 20000 && reader.next(rec) == nbs::ReadStatus::ok)
            out.records.push_back(rec);
    } catch (const nbs::InputError& e) {
        out.error = e.what();
    }
    return out;
}

std::string describe(const nbs::VcfRecord& r) {
    std::string s = r.chrom + ":" + std::to_string(r.pos) + " REF=" + r.ref + " GT=";
    for (std::size_t i = 0; i < r.sample.alleles.size(); ++i)
        s += (i ? (r.sample.phased ? "|" : "/") : "") + std::to_string(r.sample.alleles[i]);
    return s + (r.genotype_only ? " (fast path)" : " (htslib)");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static bool quiet = (nbs::quiet_htslib_logging(), true);
    (void)quiet;
    if (size < 1) return 0;
    const nbs::fuzz::ScratchFile file("vcf_genotype_only", "input.vcf",
                                      nbs::fuzz::as_text(data + 1, size - 1));
    std::vector<std::string> samples;
    try {
        samples = nbs::VcfReader::list_samples(file.string());
    } catch (const nbs::InputError&) {
        return 0;
    }
    if (samples.empty()) return 0;
    const std::string& sample = samples[data[0] % samples.size()];
    const Read fast = read_all(file.string(), sample, true);
    const Read full = read_all(file.string(), sample, false);
    const std::size_t n = std::min(fast.records.size(), full.records.size());
    for (std::size_t i = 0; i < n; ++i) {
        const nbs::VcfRecord& a = fast.records[i];
        const nbs::VcfRecord& b = full.records[i];
        if (a.chrom != b.chrom || a.pos != b.pos || a.ref != b.ref ||
            a.sample.alleles != b.sample.alleles || a.sample.phased != b.sample.phased)
            nbs::fuzz::fail("record " + std::to_string(i + 1) + " differs: " + describe(a) +
                            " vs " + describe(b));
    }
    // htslib read more records than the fast-path reader: the fast path failed or stopped early.
    if (full.records.size() > fast.records.size())
        nbs::fuzz::fail("the fast path stopped after " + std::to_string(fast.records.size()) +
                        " records, htslib read " + std::to_string(full.records.size()) + ": " +
                        fast.error.value_or("(no error)"));
    // The fast path read more: only because htslib refused a record the fast path never parses.
    if (fast.records.size() > full.records.size() && !full.error)
        nbs::fuzz::fail("the fast path read " + std::to_string(fast.records.size()) +
                        " records, htslib " + std::to_string(full.records.size()) +
                        " without an error");
    return 0;
}
