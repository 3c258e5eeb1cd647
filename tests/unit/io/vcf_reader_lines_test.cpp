// Line numbers in results and error messages are lines of the file, header included.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/io/vcf_reader.hpp"

namespace nbs {
namespace {

TEST(VcfReaderLines, StreamedRecordsCarryTheirLineInTheFile) {
    const std::string path = std::string(NBS_SOURCE_DIR) + "/sample_data/baby03.vcf";
    std::vector<std::string> lines;
    {
        std::ifstream in(path);
        for (std::string l; std::getline(in, l);)
            lines.push_back(l);
    }
    VcfOpenOptions o;
    o.use_index = false;
    VcfReader reader(path, o);
    reader.restrict_to(RegionSet({{"chr1", 1, 248956422}, {"chrX", 1, 156040895}}));
    VcfRecord rec;
    int checked = 0;
    while (reader.next(rec) == ReadStatus::ok) {
        ASSERT_GT(rec.line, 0U);
        ASSERT_LE(rec.line, lines.size());
        const std::string& l = lines[rec.line - 1];
        const std::string want = l.substr(0, l.find('\t', l.find('\t') + 1));
        EXPECT_EQ(want, rec.chrom + '\t' + std::to_string(rec.pos)) << "line " << rec.line;
        ++checked;
    }
    EXPECT_GT(checked, 100);
}

TEST(VcfReaderLines, AParseErrorNamesTheFileLine) {
    const std::string path = std::string(NBS_SCRATCH_DIR) + "/bad_record_line.vcf";
    {
        std::ofstream out(path);
        out << "##fileformat=VCFv4.2\n"
               "##contig=<ID=chr7,length=159345973>\n"
               "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
               "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tbaby\n"
               "chr7\t117559590\t.\tATCT\tA\t50\tPASS\t.\tGT\t0/1\n"
               "chr7\t117559600\t.\tA\n";  // line 6: too few columns
    }
    VcfOpenOptions o;
    VcfReader reader(path, o);
    reader.restrict_to(RegionSet({{"chr7", 117000000, 118000000}}));
    VcfRecord rec;
    ASSERT_EQ(reader.next(rec), ReadStatus::ok);
    EXPECT_EQ(rec.line, 5U);
    try {
        (void)reader.next(rec);
        FAIL() << "a record with four columns was accepted";
    } catch (const InputError& e) {
        EXPECT_EQ(e.where().line, 6U);
        EXPECT_NE(std::string(e.what()).find("bad_record_line.vcf:6"), std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace nbs

namespace nbs {
namespace {

// Reading a record for its genotype only must see exactly what a full parse sees, for every
// genotype shape in the sample batch (haploid, diploid, phased, missing, multi-sample columns).
TEST(VcfReaderGenotypeOnly, SameGenotypesAsAFullParse) {
    const std::string dir = std::string(NBS_SOURCE_DIR) + "/sample_data/";
    struct Input {
        std::string file, sample;
    };
    for (const Input& in :
         {Input{"baby03.vcf", "baby03"}, Input{"baby06.vcf.gz", "baby06"},
          Input{"baby02.bcf", "baby02"}, Input{"baby07_baby08.multisample.vcf.gz", "baby07"},
          Input{"baby07_baby08.multisample.vcf.gz", "baby08"}}) {
        for (bool use_index : {false, true}) {
            SCOPED_TRACE(in.file + " " + in.sample + (use_index ? " indexed" : " streaming"));
            const RegionSet all(
                {{"chr1", 1, 248956422}, {"chrX", 1, 156040895}, {"chrY", 1, 57227415}});
            VcfOpenOptions o;
            o.sample = in.sample;
            o.use_index = use_index;
            VcfReader full(dir + in.file, o), light(dir + in.file, o);
            full.restrict_to(all);
            light.restrict_to(all, RegionSet({{"chr1", 1, 2}}));  // almost nothing decoded fully
            VcfRecord a, b;
            int n = 0, light_records = 0;
            while (full.next(a) == ReadStatus::ok) {
                ASSERT_EQ(light.next(b), ReadStatus::ok);
                ASSERT_EQ(a.chrom, b.chrom);
                ASSERT_EQ(a.pos, b.pos);
                ASSERT_EQ(a.ref, b.ref);
                ASSERT_EQ(a.sample.alleles, b.sample.alleles) << a.chrom << ':' << a.pos;
                ASSERT_EQ(a.sample.phased, b.sample.phased) << a.chrom << ':' << a.pos;
                light_records += b.genotype_only ? 1 : 0;
                ++n;
            }
            EXPECT_EQ(light.next(b), ReadStatus::end_of_file);
            EXPECT_GT(n, 40);
            EXPECT_EQ(light_records, n);
            EXPECT_EQ(light.records_decoded(), 0U);
        }
    }
}

}  // namespace
}  // namespace nbs

namespace nbs {
namespace {

// htslib accepts POS '.'; nbscreen refuses it wherever the record is, naming line and column.
TEST(VcfReaderLines, PositionThatIsNotANumberIsRefused) {
    const std::string path = std::string(NBS_SCRATCH_DIR) + "/bad_pos.vcf";
    {
        std::ofstream out(path);
        out << "##fileformat=VCFv4.2\n"
               "##contig=<ID=1,length=248956422>\n"
               "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
               "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tbaby\n"
               "1\t.\trs1\tC\tT\t100\tPASS\t.\tGT\t0/1\n";
    }
    VcfReader reader(path, VcfOpenOptions{});
    reader.restrict_to(RegionSet({{"chr7", 1, 2}}));  // the record is outside: still refused
    VcfRecord rec;
    try {
        (void)reader.next(rec);
        FAIL() << "POS '.' was accepted";
    } catch (const InputError& e) {
        EXPECT_EQ(e.where().line, 5U);
        EXPECT_EQ(e.where().column, 2U);
        EXPECT_NE(e.why().find("POS '.'"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace nbs
