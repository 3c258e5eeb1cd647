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

}  // namespace
}  // namespace nbs
