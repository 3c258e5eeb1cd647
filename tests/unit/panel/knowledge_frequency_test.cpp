// The gnomAD sections of the knowledge (docs/panel-format.md, Knowledge): rows survive encoding
// and parsing unchanged, and a damaged row, an unknown source or a damaged frame is a problem
// naming the file and line, never a silently shorter table.
#include <gtest/gtest.h>

#include "engine/panel/knowledge_frequency.hpp"
#include "engine/panel/panel_parser.hpp"

namespace nbs {
namespace {

FrequencyRecord record(std::int64_t pos, std::string source = "gnomad_genomes") {
    return {std::move(source),
            {"chr20", pos, "GC", "G"},
            true,
            "AC0;AS_VQSR",
            3,
            152000,
            "afr",
            "7.1e-05",
            {{"afr", 3, 42000}, {"ami", 0, 900}, {"remaining", 0, 2000}}};
}

Knowledge with_sources() {
    Knowledge k;
    k.sources.push_back({"gnomad_genomes", "g.vcf.bgz", "v4.1", "s"});
    k.sources.push_back({"gnomad_exomes", "e.vcf.bgz", "v4.1", "s"});
    return k;
}

PanelFiles files_of(std::string freq, std::string covered) {
    PanelFiles f;
    f.origin = "/panels/p";
    f.origin_kind = "directory";
    f.content[std::string(kKnowledgeFrequency)] = std::move(freq);
    f.content[std::string(kKnowledgeFrequencyCovered)] = std::move(covered);
    return f;
}

TEST(KnowledgeFrequency, RowsRoundTrip) {
    std::vector<FrequencyRecord> in = {record(3082941), record(3082941, "gnomad_exomes"),
                                       record(100)};
    in[2].grpmax.clear();
    in[2].af_grpmax.clear();
    in[2].populations.clear();
    std::vector<FrequencyCovered> cov = {{"gnomad_genomes", {"chr20", 90, 200}},
                                         {"gnomad_genomes", {"chr20", 3082900, 3083000}},
                                         {"gnomad_exomes", {"chr20", 3082900, 3083000}}};
    Knowledge k = with_sources();
    std::vector<PanelProblem> problems;
    parse_frequency(files_of(encode_frequency(in), encode_frequency_covered(cov)), k, problems);
    ASSERT_TRUE(problems.empty()) << problems[0].to_string();
    ASSERT_EQ(k.frequency.size(), 3u);
    const auto two = k.find_frequency({"chr20", 3082941, "GC", "G"});
    ASSERT_EQ(two.size(), 2u);
    EXPECT_EQ(*two[0], in[1]);  // sorted by source within a key
    EXPECT_EQ(*two[1], in[0]);
    EXPECT_EQ(*k.find_frequency({"chr20", 100, "GC", "G"})[0], in[2]);
    EXPECT_TRUE(k.frequency_covers("gnomad_genomes", "chr20", 90));
    EXPECT_TRUE(k.frequency_covers("gnomad_genomes", "chr20", 3083000));
    EXPECT_FALSE(k.frequency_covers("gnomad_genomes", "chr20", 201));
    EXPECT_FALSE(k.frequency_covers("gnomad_exomes", "chr20", 150));
    EXPECT_FALSE(k.frequency_covers("gnomad_genomes", "chr21", 150));
    EXPECT_EQ(describe_frequency_source(k.sources[1]), "gnomAD v4.1 exomes");
}

TEST(KnowledgeFrequency, DamagedRowsAreProblemsWithFileAndLine) {
    const std::string header =
        "# c\nsource\tchrom\tpos\tref\talt\tleft_aligned\tfilter\tac\tan\tgrpmax\taf_grpmax\t"
        "populations\n";
    const std::string good =
        "gnomad_genomes\tchr20\t100\tA\tG\tno\tPASS\t1\t10\tafr\t0.1\tafr:1/10\n";
    struct Case {
        std::string row;
        std::string why;
    } cases[] = {
        {"gnomad_genomes\tchr20\t100\tA\tG\tno\tPASS\t1\t10\tafr\t0.1\tafr:11/10\n",
         "bad gnomAD row"},  // AC > AN
        {"gnomad_genomes\t20\t100\tA\tG\tno\tPASS\t1\t10\tafr\t0.1\tafr:1/10\n",
         "bad gnomAD row"},  // not the canonical contig name
        {"gnomad_genomes\tchr20\tx\tA\tG\tno\tPASS\t1\t10\tafr\t0.1\tafr:1/10\n", "bad gnomAD row"},
        {"gnomad_genomes\tchr20\t100\tA\tG\tno\tPASS\t1\t10\tafr\n", "row has 10 columns"},
        {"gnomad_v9\tchr20\t100\tA\tG\tno\tPASS\t1\t10\tafr\t0.1\tafr:1/10\n",
         "source 'gnomad_v9' is not"},
    };
    for (const auto& c : cases) {
        Knowledge k = with_sources();
        std::vector<PanelProblem> problems;
        parse_frequency(files_of(zstd_pack(header + good + c.row), encode_frequency_covered({})), k,
                        problems);
        ASSERT_EQ(problems.size(), 1u) << c.row;
        const std::string msg = problems[0].to_string();
        EXPECT_NE(msg.find("/panels/p/knowledge/gnomad.tsv.zst:4"), std::string::npos) << msg;
        EXPECT_NE(msg.find(c.why), std::string::npos) << msg;
        EXPECT_NE(msg.find("nbscreen panel knowledge"), std::string::npos) << msg;
        EXPECT_EQ(k.frequency.size(), 1u) << "the good row is kept";
    }
    // A damaged frame.
    Knowledge k = with_sources();
    std::vector<PanelProblem> problems;
    parse_frequency(files_of("not zstd", encode_frequency_covered({})), k, problems);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].to_string().find("cannot decompress"), std::string::npos);
    // A covered row with end < start.
    problems.clear();
    parse_frequency(files_of(encode_frequency({}),
                             zstd_pack("source\tchrom\tstart\tend\ngnomad_exomes\tchr20\t9\t3\n")),
                    k, problems);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].to_string().find("gnomad_covered.tsv.zst:2"), std::string::npos)
        << problems[0].to_string();
}

}  // namespace
}  // namespace nbs
