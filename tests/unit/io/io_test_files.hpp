#pragma once
// Helpers for the VcfReader tests: build the same calls as VCF, bgzipped VCF (+ .tbi) and BCF
// (+ .csi) with the real bcftools/bgzip/tabix, read a file through each access path, and print
// a record with every field the screen uses, so two reads can be compared exactly.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "engine/genome/contig.hpp"
#include "engine/io/vcf_reader.hpp"
#include "support/cli_runner.hpp"

namespace nbs::test {

namespace fs = std::filesystem;

/// Runs a shell command; the caller asserts on the result (0 = success).
inline int sh(const std::string& cmd) {
    return std::system(cmd.c_str());
}

inline std::string quoted(const fs::path& p) {
    return "'" + p.string() + "'";
}

/// A scratch folder named after the running test (ctest runs tests in parallel).
inline fs::path test_scratch(const std::string& suffix = {}) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string("io_") + info->test_suite_name() + "_" + info->name() + suffix;
    for (char& c : name)
        if (c == '/') c = '_';
    return scratch_dir(name);
}

/// The same calls in every container nbscreen reads.
struct VcfFormats {
    fs::path vcf, vcf_gz, bcf;
};

/// As write_formats, for a .vcf already on disk at `f.vcf`.
inline std::optional<VcfFormats> write_formats_from(VcfFormats f) {
    const std::string cmds[] = {
        "bgzip -c " + quoted(f.vcf) + " > " + quoted(f.vcf_gz),
        "tabix -f -p vcf " + quoted(f.vcf_gz),
        "bcftools view --no-version -Ob -o " + quoted(f.bcf) + " " + quoted(f.vcf) + " 2>/dev/null",
        "bcftools index -f " + quoted(f.bcf),
    };
    for (const auto& c : cmds) {
        if (sh(c) != 0) {
            ADD_FAILURE() << "command failed: " << c;
            return std::nullopt;
        }
    }
    return f;
}

/// Writes `text` as <dir>/<stem>.vcf and converts it: `bgzip` + `tabix -p vcf`, and
/// `bcftools view -Ob` + `bcftools index` (CSI). Returns nullopt (after a test failure) if a tool
/// failed.
inline std::optional<VcfFormats> write_formats(const fs::path& dir, const std::string& stem,
                                               const std::string& text) {
    VcfFormats f{dir / (stem + ".vcf"), dir / (stem + ".vcf.gz"), dir / (stem + ".bcf")};
    std::ofstream(f.vcf, std::ios::binary) << text;
    return write_formats_from(f);
}

/// One way of reading a file.
struct AccessPath {
    std::string label;  // e.g. "BCF indexed"
    fs::path file;
    bool use_index;
    AccessMode expected;
};

/// VCF streamed, VCF.gz streamed and indexed, BCF streamed and indexed.
inline std::vector<AccessPath> access_paths(const VcfFormats& f) {
    return {{"VCF streamed", f.vcf, false, AccessMode::streaming},
            {"VCF.gz streamed", f.vcf_gz, false, AccessMode::streaming},
            {"VCF.gz+tbi indexed", f.vcf_gz, true, AccessMode::indexed},
            {"BCF streamed", f.bcf, false, AccessMode::streaming},
            {"BCF+csi indexed", f.bcf, true, AccessMode::indexed}};
}

/// A record as text: every field the screen uses (line numbers excepted: they exist only for
/// streamed text).
inline std::string describe_record(const VcfRecord& r) {
    std::string s = r.chrom + ':' + std::to_string(r.pos) + ' ' + r.ref + '>';
    for (const auto& a : r.alts)
        s += a + ',';
    if (r.genotype_only) s += " (genotype only)";
    s += " F=";
    for (const auto& f : r.filters)
        s += f + ',';
    s += " GT=";
    for (std::size_t i = 0; i < r.sample.alleles.size(); ++i)
        s += (i ? (r.sample.phased ? "|" : "/") : "") +
             (r.sample.alleles[i] < 0 ? std::string(".") : std::to_string(r.sample.alleles[i]));
    s += " AD=";
    for (int a : r.sample.ad)
        s += std::to_string(a) + ',';
    s += " GQ=" + (r.sample.gq ? std::to_string(*r.sample.gq) : ".");
    s += " DP=" + (r.sample.dp ? std::to_string(*r.sample.dp) : ".");
    s += " PS=" + (r.sample.phase_set ? std::to_string(*r.sample.phase_set) : ".");
    for (const auto& i : r.info)
        s += ' ' + i.key + '=' + i.value;
    return s;
}

/// Every GRCh38 chromosome, whole.
inline RegionSet whole_genome() {
    std::vector<Region> r;
    for (const auto& c : grch38_contigs())
        r.push_back({std::string(c.name), 1, c.length});
    return RegionSet(r);
}

/// Reads every record of `path` for `sample` within `regions` through one access path.
inline std::vector<VcfRecord> read_records(const fs::path& path, bool use_index,
                                           const std::optional<std::string>& sample,
                                           const RegionSet& regions,
                                           std::optional<RegionSet> decode_fully = std::nullopt,
                                           AccessMode* mode = nullptr) {
    VcfOpenOptions o;
    o.sample = sample;
    o.use_index = use_index;
    VcfReader reader(path.string(), o);
    reader.restrict_to(regions, std::move(decode_fully));
    if (mode != nullptr) *mode = reader.access_mode();
    std::vector<VcfRecord> out;
    VcfRecord rec;
    while (reader.next(rec) == ReadStatus::ok)
        out.push_back(rec);
    return out;
}

inline std::vector<std::string> describe_all(const std::vector<VcfRecord>& recs) {
    std::vector<std::string> out;
    for (const auto& r : recs)
        out.push_back(describe_record(r));
    return out;
}

}  // namespace nbs::test
