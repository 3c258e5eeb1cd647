// A cohort read (VcfOpenOptions::cohort) gives each requested sample exactly the record a
// one-sample read of that sample gives: every record, every FORMAT field the screen uses, in each
// access path (indexed and streamed text, with the genotype-only path and the full parse; indexed
// and streamed BCF). Real data: sample_data's babies merged with `bcftools merge` (7 samples,
// haploid and diploid chrX, sites only some babies have).
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/genome/region_set.hpp"
#include "engine/io/vcf_reader.hpp"
#include "io_test_files.hpp"
#include "support/cli_runner.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;

std::string describe(const VcfRecord& r, const SampleFormat& s) {
    std::ostringstream o;
    o << r.chrom << ':' << r.pos << ' ' << r.ref << '>';
    for (const auto& a : r.alts)
        o << a << ',';
    o << " go=" << r.genotype_only << " line=" << r.line << " gt=";
    for (int a : s.alleles)
        o << a << (s.phased ? '|' : '/');
    o << " gq=" << s.gq.value_or(-9) << " dp=" << s.dp.value_or(-9)
      << " mindp=" << s.min_dp.value_or(-9) << " ps=" << s.phase_set.value_or(-9) << " ad=";
    for (int a : s.ad)
        o << a << ',';
    o << " filters=" << r.filters.size() << " info=" << r.info.size();
    return o.str();
}

const std::vector<std::string> kSamples = {"baby01", "baby02", "baby04", "baby05",
                                           "baby06", "baby07", "baby08"};

fs::path merged(const std::string& ext) {
    static const fs::path dir = [] {
        const fs::path d = test::test_scratch("_merged");  // ctest runs tests in parallel
        const std::string s = (fs::path(NBS_SOURCE_DIR) / "sample_data").string() + "/";
        const std::string vcf = (d / "m.vcf.gz").string();
        EXPECT_EQ(test::sh("bcftools merge --no-version " + s + "baby01.vcf.gz " + s +
                           "baby02.bcf " + s + "baby04.vcf.gz " + s + "baby05.vcf.gz " + s +
                           "baby06.vcf.gz " + s + "baby07_baby08.multisample.vcf.gz -Oz -o " + vcf +
                           " && bcftools index -t " + vcf +
                           " && bcftools view --no-version "
                           "-Ob -o " +
                           (d / "m.bcf").string() + " " + vcf + " && bcftools index -c " +
                           (d / "m.bcf").string()),
                  0);
        return d;
    }();
    return dir / ("m." + ext);
}

// Everything (so every record is read), with chr7 and chrX:1-40 Mb decoded in full and the rest
// genotype-only: both decoding paths in one file.
RegionSet everything() {
    std::vector<Region> r;
    for (const char* c : {"chr1",  "chr2",  "chr3",  "chr4",  "chr5",  "chr6",  "chr7",  "chr8",
                          "chr9",  "chr10", "chr11", "chr12", "chr13", "chr14", "chr15", "chr16",
                          "chr17", "chr18", "chr19", "chr20", "chr21", "chr22", "chrX",  "chrY"})
        r.push_back({c, 1, 250000000});
    return RegionSet(r);
}

std::vector<std::string> read_all(const fs::path& f, bool use_index,
                                  const std::optional<std::string>& sample,
                                  const std::vector<std::string>& cohort, std::size_t k) {
    VcfOpenOptions o;
    o.sample = sample;
    o.cohort = cohort;
    o.use_index = use_index;
    VcfReader reader(f.string(), o);
    reader.restrict_to(everything(), RegionSet({{"chr7", 1, 160000000}, {"chrX", 1, 40000000}}));
    std::vector<std::string> out;
    VcfRecord rec;
    while (reader.next(rec) == ReadStatus::ok)
        out.push_back(describe(rec, cohort.empty() ? rec.sample : rec.cohort.at(k)));
    out.push_back("seen=" + std::to_string(reader.records_seen()) +
                  " decoded=" + std::to_string(reader.records_decoded()));
    return out;
}

TEST(VcfReaderCohort, EachSampleReadsAsItsOwnOneSampleRead) {
    // In a scrambled order with a repeat, and a subset, so the column mapping is exercised.
    const std::vector<std::string> cohort = {"baby08", "baby01", "baby05", "baby01", "baby06"};
    const std::vector<std::string> all = kSamples;
    for (const std::string ext : {"vcf.gz", "bcf"}) {
        for (const bool use_index : {true, false}) {
            for (const auto* list : {&cohort, &all}) {
                SCOPED_TRACE(ext + (use_index ? " indexed" : " streamed") +
                             (list == &all ? " all samples" : " subset"));
                const fs::path f = merged(ext);
                for (std::size_t k = 0; k < list->size(); ++k) {
                    SCOPED_TRACE((*list)[k]);
                    const auto one = read_all(f, use_index, (*list)[k], {}, 0);
                    const auto many = read_all(f, use_index, std::nullopt, *list, k);
                    ASSERT_GT(one.size(), 1000U);
                    EXPECT_EQ(many, one);
                }
            }
        }
    }
}

TEST(VcfReaderCohort, ASampleNotInTheFileIsRefusedByName) {
    VcfOpenOptions o;
    o.cohort = {"baby01", "nobody"};
    try {
        VcfReader r(merged("vcf.gz").string(), o);
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("sample 'nobody' is not in the VCF"),
                  std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace nbs
