#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/genome/contig.hpp"
#include "engine/genome/region_set.hpp"

namespace nbs {
namespace {

TEST(Contig, CanonicalNamesWhateverTheConvention) {
    const std::vector<std::pair<std::string, std::optional<std::string>>> cases = {
        {"1", "chr1"},
        {"chr1", "chr1"},
        {"CHR1", "chr1"},
        {"22", "chr22"},
        {"chr22", "chr22"},
        {"CHR22", "chr22"},
        {"X", "chrX"},
        {"chrX", "chrX"},
        {"Y", "chrY"},
        {"chrY", "chrY"},
        {"MT", "chrM"},
        {"chrM", "chrM"},
        {"M", "chrM"},
        {"chrMT", "chrM"},
        {"23", std::nullopt},
        {"chr23", std::nullopt},
        {"0", std::nullopt},
        {"01", std::nullopt},
        {"chrA", std::nullopt},
        {"", std::nullopt},
        {"chr", std::nullopt},
        {"chrEBV", std::nullopt},
        {"GL000192.1", std::nullopt},
        {"chrUn_KI270302v1", std::nullopt},
        {"chrUn_GL000195v1", std::nullopt},
        {"chr1_KI270706v1_random", std::nullopt},
        {"HLA-A*01:01:01:01", std::nullopt},
    };
    for (const auto& [in, want] : cases)
        EXPECT_EQ(canonical_contig(in), want) << "'" << in << "'";
}

TEST(Contig, Grch38LengthsAndOrder) {
    EXPECT_EQ(grch38_contigs().size(), 25U);
    EXPECT_EQ(grch38_length("chr1"), 248956422);
    EXPECT_EQ(grch38_length("chrX"), 156040895);
    EXPECT_EQ(grch38_length("chrM"), 16569);
    EXPECT_FALSE(grch38_length("chr1_random"));
    EXPECT_LT(contig_rank("chr2"), contig_rank("chr10"));
    EXPECT_LT(contig_rank("chr22"), contig_rank("chrX"));
    EXPECT_LT(contig_rank("chrY"), contig_rank("chrM"));
}

TEST(Contig, PseudoautosomalRegionsOfGrch38) {
    // Worked example: PAR1 is chrX:10,001-2,781,479; a variant at chrX:2,781,479 is autosomal-like,
    // one base later it is X-linked.
    EXPECT_FALSE(in_par("chrX", 10000));
    EXPECT_TRUE(in_par("chrX", 10001));
    EXPECT_TRUE(in_par("chrX", 2781479));
    EXPECT_FALSE(in_par("chrX", 2781480));
    EXPECT_TRUE(is_x_nonpar("chrX", 2781480));
    EXPECT_TRUE(is_x_nonpar("chrX", 10000));  // the telomere before PAR1 is not PAR
    EXPECT_TRUE(is_x_nonpar("chrX", 155701382));
    EXPECT_TRUE(in_par("chrX", 155701383));
    EXPECT_TRUE(in_par("chrX", 156030895));
    EXPECT_FALSE(in_par("chrX", 156030896));
    EXPECT_TRUE(in_par("chrY", 56887903));
    EXPECT_TRUE(is_y_nonpar("chrY", 2781480));
    EXPECT_FALSE(is_y_nonpar("chrY", 56887903));
    EXPECT_FALSE(in_par("chr1", 100000));
    EXPECT_FALSE(in_par("chr7", 20000));
    EXPECT_FALSE(is_x_nonpar("chr7", 5000000));
}

TEST(RegionSet, MergesSortsAndFindsPoints) {
    const RegionSet s({{"chr7", 500, 600},
                       {"chr2", 10, 20},
                       {"chr7", 100, 200},
                       {"chr7", 150, 300},
                       {"chr7", 301, 310},
                       {"chr10", 5, 5}});
    ASSERT_EQ(s.regions().size(), 5U - 1U);  // 100-200 + 150-300 + 301-310 merge (touching)
    EXPECT_EQ(s.regions()[0].chrom, "chr2");
    EXPECT_EQ(s.regions()[1], (Region{"chr7", 100, 310}));
    EXPECT_EQ(s.regions()[2], (Region{"chr7", 500, 600}));
    EXPECT_EQ(s.regions()[3].chrom, "chr10");
    EXPECT_TRUE(s.contains("chr7", 100));
    EXPECT_TRUE(s.contains("chr7", 310));
    EXPECT_FALSE(s.contains("chr7", 311));
    EXPECT_FALSE(s.contains("chr7", 99));
    EXPECT_TRUE(s.contains("chr10", 5));
    EXPECT_FALSE(s.contains("chr1", 150));
    // A deletion starting before a region but reaching into it overlaps it.
    EXPECT_TRUE(s.overlaps("chr7", 90, 100));
    EXPECT_FALSE(s.overlaps("chr7", 311, 499));
    EXPECT_EQ(s.total_length(), 11 + 211 + 101 + 1);
}

TEST(RegionSet, AgreesWithBruteForceOnRandomSets) {
    std::uint64_t seed = 12345;
    auto next = [&seed] {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::int64_t>(seed >> 33);
    };
    for (int round = 0; round < 50; ++round) {
        std::vector<Region> raw;
        for (int i = 0; i < 20; ++i) {
            const std::int64_t start = 1 + next() % 1000;
            raw.push_back({(next() % 2) != 0 ? "chr1" : "chrX", start, start + next() % 50});
        }
        const RegionSet s(raw);
        for (std::int64_t pos = 1; pos <= 1060; ++pos) {
            for (const char* chrom : {"chr1", "chrX"}) {
                bool want = false;
                for (const auto& r : raw)
                    want = want || r.contains(chrom, pos);
                ASSERT_EQ(s.contains(chrom, pos), want)
                    << chrom << ':' << pos << " round " << round;
            }
        }
    }
}

// ---- accessions (issue 9.4): one test per chromosome. The expected accessions are written out
// here, not taken from the engine's table: GRCh38 and GRCh37 RefSeq and GenBank accessions as in
// the NCBI assembly reports (GRCh38.p14: GCF_000001405.40; GRCh37.p13: GCF_000001405.25).
struct AccessionCase {
    const char* chrom;
    const char* refseq38;
    const char* genbank38;
    const char* refseq37;  // must NOT map: another build
    const char* genbank37;
};

const AccessionCase kAccessions[] = {
    {"chr1", "NC_000001.11", "CM000663.2", "NC_000001.10", "CM000663.1"},
    {"chr2", "NC_000002.12", "CM000664.2", "NC_000002.11", "CM000664.1"},
    {"chr3", "NC_000003.12", "CM000665.2", "NC_000003.11", "CM000665.1"},
    {"chr4", "NC_000004.12", "CM000666.2", "NC_000004.11", "CM000666.1"},
    {"chr5", "NC_000005.10", "CM000667.2", "NC_000005.9", "CM000667.1"},
    {"chr6", "NC_000006.12", "CM000668.2", "NC_000006.11", "CM000668.1"},
    {"chr7", "NC_000007.14", "CM000669.2", "NC_000007.13", "CM000669.1"},
    {"chr8", "NC_000008.11", "CM000670.2", "NC_000008.10", "CM000670.1"},
    {"chr9", "NC_000009.12", "CM000671.2", "NC_000009.11", "CM000671.1"},
    {"chr10", "NC_000010.11", "CM000672.2", "NC_000010.10", "CM000672.1"},
    {"chr11", "NC_000011.10", "CM000673.2", "NC_000011.9", "CM000673.1"},
    {"chr12", "NC_000012.12", "CM000674.2", "NC_000012.11", "CM000674.1"},
    {"chr13", "NC_000013.11", "CM000675.2", "NC_000013.10", "CM000675.1"},
    {"chr14", "NC_000014.9", "CM000676.2", "NC_000014.8", "CM000676.1"},
    {"chr15", "NC_000015.10", "CM000677.2", "NC_000015.9", "CM000677.1"},
    {"chr16", "NC_000016.10", "CM000678.2", "NC_000016.9", "CM000678.1"},
    {"chr17", "NC_000017.11", "CM000679.2", "NC_000017.10", "CM000679.1"},
    {"chr18", "NC_000018.10", "CM000680.2", "NC_000018.9", "CM000680.1"},
    {"chr19", "NC_000019.10", "CM000681.2", "NC_000019.9", "CM000681.1"},
    {"chr20", "NC_000020.11", "CM000682.2", "NC_000020.10", "CM000682.1"},
    {"chr21", "NC_000021.9", "CM000683.2", "NC_000021.8", "CM000683.1"},
    {"chr22", "NC_000022.11", "CM000684.2", "NC_000022.10", "CM000684.1"},
    {"chrX", "NC_000023.11", "CM000685.2", "NC_000023.10", "CM000685.1"},
    {"chrY", "NC_000024.10", "CM000686.2", "NC_000024.9", "CM000686.1"},
    // chrM: GRCh38 uses the rCRS (NC_012920.1 = J01415.2); hg19 used the Yoruba sequence.
    {"chrM", "NC_012920.1", "J01415.2", "NC_001807.4", nullptr},
};

class ContigAccession : public ::testing::TestWithParam<AccessionCase> {};

TEST_P(ContigAccession, Grch38AccessionsNameTheChromosomeAndOtherBuildsDoNot) {
    const AccessionCase& c = GetParam();
    EXPECT_EQ(canonical_contig(c.refseq38), c.chrom);
    EXPECT_EQ(canonical_contig(c.genbank38), c.chrom);
    EXPECT_FALSE(other_build_accession(c.refseq38));
    EXPECT_FALSE(other_build_accession(c.genbank38));
    // Another build's version of the same series is not this chromosome, and says so.
    for (const char* old : {c.refseq37, c.genbank37}) {
        if (old == nullptr) continue;
        EXPECT_EQ(canonical_contig(old), std::nullopt) << old;
        const auto other = other_build_accession(old);
        ASSERT_TRUE(other) << old;
        EXPECT_EQ(other->chrom, c.chrom) << old;
    }
    EXPECT_EQ(other_build_accession(c.refseq37)->grch38_accession, c.refseq38);
    // The accession without its version is not enough to know the build.
    const std::string unversioned(c.refseq38, std::string(c.refseq38).find('.'));
    EXPECT_EQ(canonical_contig(unversioned), std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(EveryChromosome, ContigAccession, ::testing::ValuesIn(kAccessions),
                         [](const ::testing::TestParamInfo<AccessionCase>& info) {
                             return std::string(info.param.chrom);
                         });

TEST(Contig, AccessionLookalikesAreNotChromosomes) {
    for (const char* name : {"NC_000025.1", "NC_000001", "NT_187361.1", "NW_015495298.1",
                             "NC_007605.1", "CM000687.2", "KI270706.1", "NC_000001.11_alt"})
        EXPECT_EQ(canonical_contig(name), std::nullopt) << name;
    EXPECT_EQ(canonical_contig("nc_000007.14"), "chr7");  // accessions compare case-insensitively
}

TEST(Contig, ReferenceNamesThatSayGrch37) {
    const std::vector<std::pair<std::string, std::optional<std::string>>> cases = {
        {"GRCh37", "GRCh37"},
        {"grch37.p13", "grch37"},
        {"hg19", "hg19"},
        {"file:///ref/hs37d5.fa", "hs37d5"},
        {"/data/HS37D5.fa.gz", "HS37D5"},
        {"/bundle/b37/human_g1k_v37_decoy.fasta", "b37"},
        {"human_g1k_v37.fasta", "g1k_v37"},
        {"ftp://ftp.1000genomes.ebi.ac.uk/technical/reference/hs37d5.fa.gz", "hs37d5"},
        {"Homo_sapiens_assembly19.fasta", "assembly19"},
        {"GRCh38", std::nullopt},
        {"/ref/GRCh38_full_analysis_set_plus_decoy_hla.fa", std::nullopt},
        {"hg38.fa", std::nullopt},
        {"gencode_v37", std::nullopt},              // a GENCODE release, not a genome build
        {"/ref/8b37f0a1/genome.fa", std::nullopt},  // "b37" inside a word is no build name
        {"GRCh38 (lifted over from GRCh37)", std::nullopt},
        {"ftp://www.ebi.ac.uk:8080/valid/host/to/file.fastq", std::nullopt},
        {"", std::nullopt},
    };
    for (const auto& [value, want] : cases)
        EXPECT_EQ(names_grch37_reference(value), want) << "'" << value << "'";
}

}  // namespace
}  // namespace nbs
