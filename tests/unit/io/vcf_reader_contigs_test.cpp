// Which chromosomes a file has records on (issue 9.5, reader side) and how contigs are named
// (issue 9.4): contigs_with_records() from the index or from the stream, GRCh38 accessions read
// as chromosomes, and the refusals: another build's accessions, a header naming GRCh37 without
// lengths to check, and a file none of whose records lie on a GRCh38 chromosome.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "engine/core/input_error.hpp"
#include "io_test_files.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const fs::path kBaby03 = fs::path(NBS_SOURCE_DIR) / "sample_data/baby03.vcf";

// The panel-like restriction used below: regions on chr7 only, so every record of the files
// (chr1, chrX) is skipped by the streaming pre-check and must still be counted.
const RegionSet kChr7Only({{"chr7", 117480025, 117668665}});

std::set<std::string> set_of(std::initializer_list<const char*> names) {
    return {names.begin(), names.end()};
}

// baby03.vcf (real GRCh38 calls on chr1, chr21, chr22 and chrX) cut to chr1 and chrX by
// bcftools, its header unchanged (all 25 GRCh38 contigs declared).
std::optional<test::VcfFormats> chr1_and_chrx(const fs::path& dir) {
    test::VcfFormats f{dir / "chr1_chrX.vcf", dir / "chr1_chrX.vcf.gz", dir / "chr1_chrX.bcf"};
    if (test::sh("bcftools view --no-version -t chr1,chrX " + test::quoted(kBaby03) + " > " +
                 test::quoted(f.vcf)) != 0)
        return std::nullopt;
    return test::write_formats_from(f);
}

// What one access path reports, before reading and after reading to the end.
struct ContigReport {
    std::set<std::string> before, after;
    bool complete_before = false, complete_after = false;
    std::size_t records = 0;
};

ContigReport report(const test::AccessPath& path, const RegionSet* regions) {
    VcfOpenOptions o;
    o.use_index = path.use_index;
    VcfReader reader(path.file.string(), o);
    if (regions != nullptr) reader.restrict_to(*regions);
    ContigReport r;
    r.before = reader.contigs_with_records();
    r.complete_before = reader.contigs_complete();
    VcfRecord rec;
    while (reader.next(rec) == ReadStatus::ok)
        ++r.records;
    r.after = reader.contigs_with_records();
    r.complete_after = reader.contigs_complete();
    return r;
}

TEST(VcfReaderContigs, RecordsOnChr1AndChrXOnlyEveryPath) {
    const auto f = chr1_and_chrx(test::test_scratch());
    ASSERT_TRUE(f);
    for (const auto& path : test::access_paths(*f)) {
        for (const RegionSet* regions : {&kChr7Only, static_cast<const RegionSet*>(nullptr)}) {
            SCOPED_TRACE(path.label +
                         (regions != nullptr ? " restricted to chr7" : " unrestricted"));
            const ContigReport r = report(path, regions);
            EXPECT_EQ(r.after, set_of({"chr1", "chrX"}));
            EXPECT_TRUE(r.complete_after);
            if (path.expected == AccessMode::indexed) {
                // From the index: final before a single record is read.
                EXPECT_TRUE(r.complete_before);
                EXPECT_EQ(r.before, set_of({"chr1", "chrX"}));
            } else {
                EXPECT_FALSE(r.complete_before);
                EXPECT_TRUE(r.before.empty());
            }
            if (regions != nullptr) {
                EXPECT_EQ(r.records, 0U);  // nothing in the chr7 region
            }
        }
    }
}

TEST(VcfReaderContigs, HeaderOnlyFileHasNoChromosomesAndIsNotAnError) {
    const auto dir = test::test_scratch();
    test::VcfFormats f{dir / "empty.vcf", dir / "empty.vcf.gz", dir / "empty.bcf"};
    ASSERT_EQ(test::sh("grep '^#' " + test::quoted(kBaby03) + " > " + test::quoted(f.vcf)), 0);
    ASSERT_TRUE(test::write_formats_from(f));
    for (const auto& path : test::access_paths(f)) {
        SCOPED_TRACE(path.label);
        ContigReport r;
        ASSERT_NO_THROW(r = report(path, &kChr7Only));
        EXPECT_EQ(r.records, 0U);
        EXPECT_TRUE(r.after.empty());
        EXPECT_TRUE(r.complete_after);
    }
}

// ---- contig names

// baby03 with its four chromosomes renamed to their GRCh38 RefSeq accessions (header and
// records); the ##contig lines of the other chromosomes are dropped.
std::string refseq_named_baby03() {
    const std::pair<const char*, const char*> names[] = {{"chr1", "NC_000001.11"},
                                                         {"chr21", "NC_000021.9"},
                                                         {"chr22", "NC_000022.11"},
                                                         {"chrX", "NC_000023.11"}};
    std::ifstream in(kBaby03);
    std::string text;
    for (std::string l; std::getline(in, l);) {
        bool keep = l.rfind("##contig=<ID=", 0) != 0;
        for (const auto& n : names)
            keep = keep || l.rfind(std::string("##contig=<ID=") + n.first + ",", 0) == 0;
        if (keep) text += l + '\n';
    }
    for (const auto& [chr, acc] : names) {
        text = std::regex_replace(text, std::regex(std::string("ID=") + chr + ","),
                                  std::string("ID=") + acc + ",");
        text = std::regex_replace(text, std::regex(std::string("\n") + chr + "\t"),
                                  std::string("\n") + acc + "\t");
    }
    return text;
}

TEST(VcfReaderContigs, Grch38AccessionsReadAsChromosomesOnEveryPath) {
    const auto dir = test::test_scratch();
    const std::string text = refseq_named_baby03();
    ASSERT_NE(text.find("\nNC_000001.11\t"), std::string::npos);
    ASSERT_EQ(text.find("\nchr1\t"), std::string::npos);
    const auto f = test::write_formats(dir, "refseq", text);
    ASSERT_TRUE(f);
    const auto want =
        test::describe_all(test::read_records(kBaby03, false, std::nullopt, test::whole_genome()));
    ASSERT_GT(want.size(), 3000U);
    for (const auto& path : test::access_paths(*f)) {
        SCOPED_TRACE(path.label);
        AccessMode mode{};
        const auto got = test::describe_all(test::read_records(
            path.file, path.use_index, std::nullopt, test::whole_genome(), std::nullopt, &mode));
        EXPECT_EQ(mode, path.expected);
        EXPECT_EQ(got, want);  // chrom is canonical ("chr1"), every field the same
        VcfOpenOptions o;
        o.use_index = path.use_index;
        VcfReader reader(path.file.string(), o);
        EXPECT_EQ(reader.build_check().naming, "accession");
        EXPECT_EQ(reader.build_check().contigs_checked, 4);  // lengths compared with GRCh38
    }
}

// Reads `text` as a restricted VCF; returns the InputError's text ("" if none).
std::string refusal(const fs::path& file, bool use_index, const RegionSet* regions) {
    try {
        VcfOpenOptions o;
        o.use_index = use_index;
        VcfReader reader(file.string(), o);
        if (regions != nullptr) reader.restrict_to(*regions);
        VcfRecord rec;
        while (reader.next(rec) == ReadStatus::ok) {
        }
    } catch (const InputError& e) {
        return e.what();
    }
    return {};
}

TEST(VcfReaderContigs, Grch37AccessionsInTheHeaderAreRefused) {
    const auto dir = test::test_scratch();
    std::string text = refseq_named_baby03();
    text = std::regex_replace(text, std::regex("NC_000001\\.11"), "NC_000001.10");
    const fs::path vcf = dir / "grch37_accession.vcf";
    std::ofstream(vcf) << text;
    const std::string why = refusal(vcf, false, nullptr);
    EXPECT_THAT(why, HasSubstr("NC_000001.10"));
    EXPECT_THAT(why, HasSubstr("another build than GRCh38"));
    EXPECT_THAT(why, HasSubstr("NC_000001.11"));
}

// A header with no contig lengths cannot be checked by length; what it says the reference was
// decides instead.
TEST(VcfReaderContigs, HeaderNamingGrch37WithoutLengthsIsRefused) {
    const auto dir = test::test_scratch();
    std::ifstream in(kBaby03);
    std::string body;
    for (std::string l; std::getline(in, l);)
        if (l.rfind("##contig", 0) != 0 && l.rfind("##reference", 0) != 0) body += l + '\n';
    const std::string fileformat = "##fileformat=VCFv4.2\n";
    ASSERT_EQ(body.rfind(fileformat, 0), 0U);
    const std::string rest = body.substr(fileformat.size());
    struct Case {
        std::string header_line;
        bool refused;
    };
    for (const Case& c : {Case{"##reference=file:///ref/hs37d5.fa", true},
                          Case{"##reference=GRCh37", true}, Case{"##assembly=hg19", true},
                          Case{"##reference=/bundle/b37/human_g1k_v37_decoy.fasta", true},
                          Case{"##reference=GRCh38", false},
                          Case{"##reference=/ref/Homo_sapiens_assembly38.fasta", false}}) {
        SCOPED_TRACE(c.header_line);
        const fs::path vcf = dir / "no_lengths.vcf";
        // ##contig lines without length, as some pipelines write them.
        std::string text = fileformat + c.header_line + '\n';
        for (const char* chr : {"chr1", "chr21", "chr22", "chrX"})
            text += std::string("##contig=<ID=") + chr + ">\n";
        std::ofstream(vcf) << text + rest;
        const std::string why = refusal(vcf, false, &kChr7Only);
        if (c.refused) {
            EXPECT_THAT(why, HasSubstr("GRCh37"));
            EXPECT_THAT(why, HasSubstr("no contig lengths"));
        } else {
            EXPECT_EQ(why, "");
        }
    }
}

// Records only on contigs nbscreen does not know: refused when read for a screen (restricted),
// from the index at restrict time or at the end of the stream, naming the contigs.
TEST(VcfReaderContigs, NoRecordOnAGrch38ChromosomeIsRefusedNamingTheContigs) {
    const auto dir = test::test_scratch();
    std::string text =
        "##fileformat=VCFv4.2\n"
        "##contig=<ID=chr1,length=248956422>\n"
        "##contig=<ID=chrUn_KI270302v1,length=2274>\n"
        "##contig=<ID=HLA-A*01:01:01:01,length=3503>\n"
        "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tbaby\n"
        "chrUn_KI270302v1\t100\t.\tA\tG\t50\tPASS\t.\tGT\t0/1\n"
        "chrUn_KI270302v1\t200\t.\tC\tT\t50\tPASS\t.\tGT\t1/1\n"
        "HLA-A*01:01:01:01\t300\t.\tG\tA\t50\tPASS\t.\tGT\t0/1\n";
    const auto f = test::write_formats(dir, "decoys_only", text);
    ASSERT_TRUE(f);
    for (const auto& path : test::access_paths(*f)) {
        SCOPED_TRACE(path.label);
        const std::string why = refusal(path.file, path.use_index, &kChr7Only);
        EXPECT_THAT(why, HasSubstr("no record lies on a GRCh38 chromosome"));
        EXPECT_THAT(why, HasSubstr("chrUn_KI270302v1"));
        EXPECT_THAT(why, HasSubstr("HLA-A*01:01:01:01"));
        // Read without a restriction (not for a screen), the records are returned as written.
        EXPECT_EQ(refusal(path.file, path.use_index, nullptr), "");
    }
    // One record on a GRCh38 chromosome is enough not to refuse the file.
    text += "chr1\t500\t.\tA\tC\t50\tPASS\t.\tGT\t0/1\n";
    const auto g = test::write_formats(dir, "decoys_and_chr1", text);
    ASSERT_TRUE(g);
    for (const auto& path : test::access_paths(*g))
        EXPECT_EQ(refusal(path.file, path.use_index, &kChr7Only), "") << path.label;
}

// Records named by GRCh37 accessions, without ##contig lines to refuse at open: refused at the
// end of the stream, saying which build the names belong to.
TEST(VcfReaderContigs, Grch37AccessionsOnRecordsAloneAreRefusedAtTheEnd) {
    const auto dir = test::test_scratch();
    const fs::path vcf = dir / "grch37_records.vcf";
    std::ofstream(vcf) << "##fileformat=VCFv4.2\n"
                          "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
                          "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tbaby\n"
                          "NC_000001.10\t100\t.\tA\tG\t50\tPASS\t.\tGT\t0/1\n"
                          "NC_000023.10\t200\t.\tC\tT\t50\tPASS\t.\tGT\t1\n";
    const std::string why = refusal(vcf, false, &kChr7Only);
    EXPECT_THAT(why, HasSubstr("no record lies on a GRCh38 chromosome"));
    EXPECT_THAT(why, HasSubstr("NC_000001.10 (another build's chr1; GRCh38's is NC_000001.11)"));
    EXPECT_THAT(why, HasSubstr("NC_000023.10 (another build's chrX; GRCh38's is NC_000023.11)"));
}

// ---- an index without per-contig record counts

// Removes the pseudo-bin 37450 (where htslib keeps each contig's record counts) from a
// decompressed .tbi, as older or other indexers write them. Layout (SAM/VCF index spec, tabix):
// magic, n_ref, 6 ints of format, l_nm + names; per contig n_bin x (bin, n_chunk, chunks of two
// uint64), n_intv x uint64; then an optional uint64 count of unplaced records.
std::string strip_tbi_stats(const std::string& in, int* stripped) {
    std::size_t p = 0;
    auto i32 = [&](std::size_t at) {
        std::int32_t v;
        std::memcpy(&v, in.data() + at, 4);
        return v;
    };
    std::string out = in.substr(0, 8 + 7 * 4);  // magic, n_ref, format..skip, l_nm
    const std::int32_t n_ref = i32(4);
    const std::int32_t l_nm = i32(8 + 6 * 4);
    p = 8 + 7 * 4;
    out += in.substr(p, static_cast<std::size_t>(l_nm));
    p += static_cast<std::size_t>(l_nm);
    *stripped = 0;
    for (std::int32_t r = 0; r < n_ref; ++r) {
        const std::int32_t n_bin = i32(p);
        p += 4;
        std::string bins;
        std::int32_t kept = 0;
        for (std::int32_t b = 0; b < n_bin; ++b) {
            const std::uint32_t bin = static_cast<std::uint32_t>(i32(p));
            const std::int32_t n_chunk = i32(p + 4);
            const std::size_t len = 8 + static_cast<std::size_t>(n_chunk) * 16;
            if (bin == 37450U) {
                ++*stripped;
            } else {
                bins += in.substr(p, len);
                ++kept;
            }
            p += len;
        }
        out.append(reinterpret_cast<const char*>(&kept), 4);
        out += bins;
        const std::int32_t n_intv = i32(p);
        out += in.substr(p, 4 + static_cast<std::size_t>(n_intv) * 8);
        p += 4 + static_cast<std::size_t>(n_intv) * 8;
    }
    out += in.substr(p);  // n_no_coor, if present
    return out;
}

TEST(VcfReaderContigs, IndexWithoutRecordCountsFallsBackToTheFirstRecord) {
    const auto dir = test::test_scratch();
    const auto f = chr1_and_chrx(dir);
    ASSERT_TRUE(f);
    const fs::path tbi = f->vcf_gz.string() + ".tbi", raw = dir / "index.raw";
    ASSERT_EQ(test::sh("bgzip -dc " + test::quoted(tbi) + " > " + test::quoted(raw)), 0);
    int stripped = 0;
    const std::string without = strip_tbi_stats(test::slurp(raw), &stripped);
    EXPECT_EQ(stripped, 2);  // one per contig with records: chr1, chrX
    std::ofstream(raw, std::ios::binary) << without;
    ASSERT_EQ(test::sh("bgzip -c " + test::quoted(raw) + " > " + test::quoted(tbi)), 0);
    // The rewritten index still works for queries (tabix reads it) but has no counts.
    ASSERT_EQ(test::sh("tabix " + test::quoted(f->vcf_gz) + " chrX > /dev/null"), 0);
    const ContigReport r =
        report({"VCF.gz+tbi without counts", f->vcf_gz, true, AccessMode::indexed}, &kChr7Only);
    EXPECT_TRUE(r.complete_before);
    EXPECT_EQ(r.before, set_of({"chr1", "chrX"}));
    // And the records read through it are those of the file.
    EXPECT_EQ(
        test::describe_all(test::read_records(f->vcf_gz, true, std::nullopt, test::whole_genome())),
        test::describe_all(test::read_records(f->vcf, false, std::nullopt, test::whole_genome())));
}

}  // namespace
}  // namespace nbs
