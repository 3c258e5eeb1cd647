// Panel knowledge (panel/knowledge.hpp): the sections load with their checksums checked, any
// change after the build is caught (section checksum, slice checksum, a file without its
// [knowledge] table), `panel validate` checks curated REF bases against the sequence, the bundle
// carries the knowledge, and `panel diff` shows it. tests/data/panel/know20 was built from the
// real chr20 slice (its panel.toml says how).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "engine/panel/knowledge.hpp"
#include "engine/panel/panel_diff.hpp"
#include "engine/panel/panel_parser.hpp"
#include "engine/panel/panel_validate.hpp"
#include "unit/panel/panel_test_support.hpp"

namespace nbs {
namespace {

PanelFiles know20() {
    return read_panel_dir(test::panel_data() / "know20");
}

bool has_problem(const std::vector<PanelProblem>& problems, const std::string& needle) {
    for (const auto& p : problems)
        if (p.why.find(needle) != std::string::npos) return true;
    return false;
}

std::string all(const std::vector<PanelProblem>& problems) {
    std::string s;
    for (const auto& p : problems)
        s += p.to_string() + '\n';
    return s;
}

// Re-records the section checksums in panel.toml, as a careless hand edit plus a rebuild of the
// toml alone would: then the slice checksums inside the sections must still catch a change.
void reseal(PanelFiles& f) {
    std::vector<PanelProblem> ignored;
    const Panel p = parse_panel(f, ignored);
    Knowledge k;
    k.schema_version = "1.0";
    k.padding_bp = 2000;
    if (p.knowledge) k.sources = p.knowledge->sources;
    for (auto name : kKnowledgeFiles)
        if (f.content.count(std::string(name)) != 0)
            k.section_sha256[std::string(name)] = sha256_hex(f.content.at(std::string(name)));
    f.content["panel.toml"] =
        set_toml_knowledge(f.content.at("panel.toml"), render_knowledge_toml(k));
}

TEST(Knowledge, Know20LoadsSequenceAndTranscripts) {
    std::vector<PanelProblem> problems;
    const Panel p = parse_panel(know20(), problems);
    ASSERT_TRUE(problems.empty()) << all(problems);
    ASSERT_TRUE(p.knowledge);
    const Knowledge& k = *p.knowledge;
    EXPECT_EQ(k.schema_version, "1.0");
    ASSERT_EQ(k.sequence_index.size(), 2u);
    EXPECT_EQ(k.sequence_index[0].gene, "AVP");
    // AVP chr20:3082556-3084724 ± 2000, as genes.tsv and padding_bp say.
    EXPECT_EQ(k.sequence_index[0].region, (Region{"chr20", 3080556, 3086724}));
    // The CCCCCCCC run the fixture deletion sits in (samtools faidx on the source FASTA).
    EXPECT_EQ(k.reference.bases("chr20", 3082935, 3082955).value_or(""), "GTCTGCGCCCCCCCCAGCCCC");
    ASSERT_EQ(k.transcripts.size(), 2u);
    const TranscriptModel* avp = k.transcript_for("AVP");
    ASSERT_NE(avp, nullptr);
    EXPECT_EQ(avp->transcript_id, "ENST00000380293.3");
    EXPECT_EQ(avp->strand, '-');
    EXPECT_EQ(avp->exons.size(), 3u);
    EXPECT_TRUE(avp->has_tag("MANE_Select"));
    ASSERT_EQ(k.sources.size(), 2u);
    EXPECT_EQ(k.sources[0].kind, "reference");
    EXPECT_EQ(k.sources[0].name, "grch38.chr20_and_21_10M.fa.gz");
    EXPECT_EQ(k.sources[1].release, "MANE v1.0 (Ensembl 107 derived)");
}

TEST(Knowledge, SectionChangedAfterTheBuildIsAProblem) {
    PanelFiles f = know20();
    test::replace_in(f, "knowledge/transcripts.tsv", "3082556-3082802", "3082556-3082803");
    std::vector<PanelProblem> problems;
    const Panel p = parse_panel(f, problems);
    EXPECT_TRUE(has_problem(problems, "does not record the SHA-256 of knowledge/transcripts.tsv"))
        << all(problems);
    EXPECT_FALSE(p.knowledge) << "knowledge that fails its checksum must not be used";
}

TEST(Knowledge, SliceChecksumCatchesChangedBasesEvenWhenSectionsAreResealed) {
    PanelFiles f = know20();
    std::string fasta = decode_sequence_fasta(f.content.at("knowledge/sequence.fa.zst"));
    const auto run = fasta.find("CCCCCCCCAG");
    ASSERT_NE(run, std::string::npos);
    fasta[run] = 'A';
    // Re-pack the changed FASTA text as slices.
    std::vector<SequenceSlice> slices;
    std::istringstream in(fasta);
    std::string header, bases;
    while (std::getline(in, header) && std::getline(in, bases))
        slices.push_back({header.substr(1, header.find(' ') - 1), "chr20",
                          header.find("3080556") != std::string::npos ? 3080556 : 758080, bases});
    f.content["knowledge/sequence.fa.zst"] = encode_sequence_fasta(slices);
    reseal(f);
    std::vector<PanelProblem> problems;
    (void)parse_panel(f, problems);
    EXPECT_TRUE(has_problem(problems, "sequence checksum mismatch for AVP")) << all(problems);
}

TEST(Knowledge, FilesWithoutKnowledgeTableAreAProblem) {
    PanelFiles f = know20();
    auto& toml = f.content.at("panel.toml");
    toml.resize(toml.find("[knowledge]"));
    std::vector<PanelProblem> problems;
    (void)parse_panel(f, problems);
    EXPECT_TRUE(has_problem(problems, "no [knowledge] table")) << all(problems);
}

TEST(Knowledge, ValidateChecksCuratedRefAgainstTheSequence) {
    PanelFiles f = know20();
    // The fixture deletion GC>G at chr20:3082941 rewritten with a wrong REF base.
    test::replace_in(f, "variants.tsv", "3082941\tGC\tG", "3082941\tAC\tA");
    const PanelValidation v = validate_panel(f);
    ASSERT_FALSE(v.ok());
    EXPECT_TRUE(has_problem(v.problems, "ref AC at chr20:3082941 is not the reference (GC)"))
        << all(v.problems);
    EXPECT_TRUE(validate_panel(know20()).ok()) << all(validate_panel(know20()).problems);
}

TEST(Knowledge, BundleCarriesTheKnowledge) {
    const PanelFiles dir = know20();
    const auto path =
        std::filesystem::path(NBS_SCRATCH_DIR) / "Knowledge.BundleCarriesTheKnowledge.nbpanel";
    {
        std::ofstream out(path, std::ios::binary);
        out << encode_bundle(dir);
    }
    const Panel from_bundle = load_panel(path);
    const Panel from_dir = load_panel(test::panel_data() / "know20");
    EXPECT_EQ(from_bundle.sha256, from_dir.sha256);
    ASSERT_TRUE(from_bundle.knowledge);
    EXPECT_EQ(from_bundle.knowledge->reference.bases("chr20", 760080, 760200),
              from_dir.knowledge->reference.bases("chr20", 760080, 760200));
    EXPECT_EQ(from_bundle.knowledge->transcripts, from_dir.knowledge->transcripts);
    // The knowledge is part of the content checksum: without it the panel hashes differently.
    PanelFiles bare = dir;
    for (auto name : kKnowledgeFiles)
        bare.content.erase(std::string(name));
    EXPECT_NE(content_sha256(bare), content_sha256(dir));
}

TEST(Knowledge, DiffShowsSourcesAndSlices) {
    PanelFiles bare = know20();
    for (auto name : kKnowledgeFiles)
        bare.content.erase(std::string(name));
    auto& toml = bare.content.at("panel.toml");
    toml.resize(toml.find("[knowledge]"));
    std::vector<PanelProblem> problems;
    const Panel before = parse_panel(bare, problems);
    const Panel after = parse_panel(know20(), problems);
    ASSERT_TRUE(problems.empty()) << all(problems);
    const std::string text = render_diff_text(diff_panels(before, after));
    EXPECT_NE(text.find("knowledge.sources.reference.sha256: (absent) -> 80acabb9"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("knowledge.transcripts.AVP: (absent) -> ENST00000380293.3 (3 exons, -)"),
              std::string::npos)
        << text;
}

TEST(Knowledge, TomlBlockIsReplacedNotDuplicated) {
    const std::string toml =
        "id = \"x\"\n\n[knowledge]\nschema_version = \"0.9\"\n\n"
        "[knowledge.sources.reference]\nname = \"old\"\n\n[thresholds]\n"
        "min_gq = 20\n";
    const std::string out = set_toml_knowledge(toml, "[knowledge]\nschema_version = \"1.0\"\n");
    EXPECT_EQ(out,
              "id = \"x\"\n\n[thresholds]\nmin_gq = 20\n\n[knowledge]\n"
              "schema_version = \"1.0\"\n");
}

}  // namespace
}  // namespace nbs
