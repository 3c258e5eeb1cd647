// hts::read_header (engine/io/vcf_header.hpp) reads a text VCF's header as htslib's bcf_hdr_read()
// does, without htslib's second load of the index: given the index, the same header (contigs
// that only the index names declared in the same order); without it, the header's own contigs,
// and records on the others still read as before. baby03.vcf (real GRCh38 calls) as it is, and
// with its ##contig lines removed.
#include "engine/io/vcf_header.hpp"

#include <gtest/gtest.h>
#include <htslib/kstring.h>

#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "io_test_files.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;

const fs::path kBaby03 = fs::path(NBS_SOURCE_DIR) / "sample_data/baby03.vcf";

std::string header_text(const bcf_hdr_t* h) {
    kstring_t t{0, 0, nullptr};
    EXPECT_EQ(bcf_hdr_format(h, 0, &t), 0);
    std::string s(t.s != nullptr ? t.s : "", t.l);
    std::free(t.s);
    return s;
}

std::vector<std::string> contigs(const bcf_hdr_t* h) {
    int n = 0;
    const char** names = bcf_hdr_seqnames(h, &n);
    std::vector<std::string> out(names, names + n);
    std::free(names);
    return out;
}

// Every record as "chrom:pos ref".
std::vector<std::string> records(htsFile* fp, bcf_hdr_t* h) {
    std::vector<std::string> out;
    hts::VcfRecordPtr rec(bcf_init());
    while (bcf_read(fp, h, rec.get()) == 0) {
        bcf_unpack(rec.get(), BCF_UN_STR);
        out.push_back(std::string(bcf_seqname_safe(h, rec.get())) + ":" +
                      std::to_string(rec->pos + 1) + " " + rec->d.allele[0]);
    }
    return out;
}

// baby03 bgzipped and indexed, with or without its ##contig lines.
fs::path indexed_baby03(const fs::path& dir, bool with_contigs) {
    const fs::path gz = dir / (with_contigs ? "baby03.vcf.gz" : "no_contigs.vcf.gz");
    const std::string filter = with_contigs ? "cat " : "grep -v '^##contig' ";
    EXPECT_EQ(test::sh(filter + test::quoted(kBaby03) + " | bgzip -c > " + test::quoted(gz) +
                       " && tabix -f -p vcf " + test::quoted(gz)),
              0);
    return gz;
}

TEST(VcfHeader, GivenTheIndexItIsTheHeaderHtslibReads) {
    hts_set_log_level(HTS_LOG_ERROR);
    const fs::path dir = test::test_scratch();
    for (const bool with_contigs : {true, false}) {
        const fs::path gz = indexed_baby03(dir, with_contigs);
        hts::File a(hts_open(gz.c_str(), "r"));
        ASSERT_TRUE(a);
        hts::VcfHeader ha(bcf_hdr_read(a.get()));
        hts::File b(hts_open(gz.c_str(), "r"));
        ASSERT_TRUE(b);
        hts::Tabix index(tbx_index_load3(gz.c_str(), nullptr, HTS_IDX_SILENT_FAIL));
        ASSERT_TRUE(index);
        hts::VcfHeader hb(hts::read_header(b.get(), index.get()));
        ASSERT_TRUE(ha);
        ASSERT_TRUE(hb);
        EXPECT_EQ(contigs(hb.get()), contigs(ha.get())) << gz;
        EXPECT_EQ(header_text(hb.get()), header_text(ha.get())) << gz;
        if (!with_contigs) {
            // The test means something: here the contigs come from the index alone.
            EXPECT_EQ(contigs(hb.get()),
                      (std::vector<std::string>{"chr1", "chr21", "chr22", "chrX"}));
        }
        EXPECT_EQ(records(b.get(), hb.get()), records(a.get(), ha.get())) << gz;
    }
}

TEST(VcfHeader, WithoutTheIndexRecordsOnUndeclaredContigsStillRead) {
    hts_set_log_level(HTS_LOG_OFF);
    const fs::path gz = indexed_baby03(test::test_scratch(), false);
    hts::File a(hts_open(gz.c_str(), "r"));
    hts::VcfHeader ha(bcf_hdr_read(a.get()));
    hts::File b(hts_open(gz.c_str(), "r"));
    hts::VcfHeader hb(hts::read_header(b.get(), nullptr));
    ASSERT_TRUE(ha);
    ASSERT_TRUE(hb);
    EXPECT_TRUE(contigs(hb.get()).empty()) << "only the header's own contigs, and it has none";
    const auto expected = records(a.get(), ha.get());
    EXPECT_GT(expected.size(), 10U);
    EXPECT_EQ(records(b.get(), hb.get()), expected);
}

TEST(VcfHeader, AFileWithoutASampleLineIsRefused) {
    const fs::path dir = test::test_scratch();
    const fs::path gz = dir / "no_chrom_line.vcf.gz";
    ASSERT_EQ(test::sh("grep '^##' " + test::quoted(kBaby03) + " | bgzip -c > " + test::quoted(gz)),
              0);
    hts::File fp(hts_open(gz.c_str(), "r"));
    ASSERT_TRUE(fp);
    hts_set_log_level(HTS_LOG_OFF);
    EXPECT_EQ(hts::read_header(fp.get(), nullptr), nullptr);
}

}  // namespace
}  // namespace nbs
