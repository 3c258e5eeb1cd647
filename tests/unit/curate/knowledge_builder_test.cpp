// `panel knowledge` as a library call (curate/knowledge_builder.hpp): slices cut from the FASTA
// (checked against the FASTA text itself), clipped where the contig ends, transcript models
// chosen per gene, and the committed tests/data/panel/know20 knowledge reproduced byte for byte
// from its real sources.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/core/input_error.hpp"
#include "engine/curate/knowledge_builder.hpp"
#include "engine/panel/panel_files.hpp"
#include "engine/panel/panel_parser.hpp"
#include "support/cli_runner.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;

std::string data(const std::string& name) {
    return std::string(NBS_TEST_DATA) + "/knowledge/" + name;
}

// The bases of a one-record FASTA read as plain text: the oracle for what faidx returned.
std::string fasta_text_bases(const std::string& path) {
    std::ifstream in(path);
    std::string line, out;
    while (std::getline(in, line))
        if (!line.empty() && line[0] != '>') out += line;
    for (char& c : out)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

Panel tlr8_panel() {
    Panel p;
    GeneEntry g;
    g.symbol = "TLR8";
    g.span = {"chrX", 21, 16570};
    g.mane_transcript = "ENST00000218032.6";
    p.genes.push_back(g);
    p.genes.push_back(g);  // a second entry of the same gene: one slice, one set of models
    return p;
}

TEST(KnowledgeBuilder, BcftoolsTranscriptSliceIsClippedAtTheContigEnd) {
    const KnowledgeBuild b = build_knowledge(
        tlr8_panel(), {data("ENST00000218032.fa"), "", data("ENST00000218032.gff"), "r1"});
    const Knowledge& k = b.knowledge;
    ASSERT_EQ(k.sequence_index.size(), 1u);
    const SequenceIndexRow& row = k.sequence_index[0];
    // chrX:21-16570 ± 2000 wanted; the FASTA's X has 16590 bases (its .fai).
    EXPECT_EQ(row.region, (Region{"chrX", 1, 16590}));
    EXPECT_EQ(row.status, "clipped");
    const std::string bases = fasta_text_bases(data("ENST00000218032.fa"));
    ASSERT_EQ(bases.size(), 16590u);
    EXPECT_EQ(row.sha256, sha256_hex(bases));
    EXPECT_EQ(k.reference.bases("chrX", 1, 16590).value_or(""), bases);
    ASSERT_EQ(k.transcripts.size(), 1u);
    EXPECT_EQ(k.transcripts[0].panel_gene, "TLR8");
    ASSERT_EQ(b.genes.size(), 1u);
    EXPECT_EQ(b.genes[0].transcripts, 1u);
    EXPECT_FALSE(b.genes[0].has_mane_select) << "bcftools' GFF3 carries no MANE tag";
    ASSERT_EQ(k.sources.size(), 2u);
    EXPECT_EQ(k.sources[0].release, "ENST00000218032") << "from the file name";
    EXPECT_EQ(k.sources[1].release, "r1") << "as given";
    EXPECT_EQ(k.sources[1].sha256, sha256_file_hex(data("ENST00000218032.gff")));
    // Every section's checksum is in the toml block.
    for (const auto& [name, bytes] : b.files)
        EXPECT_NE(b.toml_block.find(sha256_hex(bytes)), std::string::npos) << name;
}

TEST(KnowledgeBuilder, GeneOutsideTheFastaIsAbsentNotInvented) {
    Panel p = tlr8_panel();
    GeneEntry other;
    other.symbol = "FAR";
    other.span = {"chrX", 50000, 60000};  // beyond the 16590-base contig
    p.genes.push_back(other);
    GeneEntry missing;
    missing.symbol = "NOCONTIG";
    missing.span = {"chr7", 100, 200};
    p.genes.push_back(missing);
    const KnowledgeBuild b =
        build_knowledge(p, {data("ENST00000218032.fa"), "", data("ENST00000218032.gff"), ""});
    ASSERT_EQ(b.knowledge.sequence_index.size(), 3u);
    EXPECT_EQ(b.knowledge.sequence_index[1].status, "absent");
    EXPECT_EQ(b.knowledge.sequence_index[1].sha256, "");
    EXPECT_EQ(b.knowledge.sequence_index[2].status, "absent");
    EXPECT_EQ(b.knowledge.reference.slices().size(), 1u);
}

TEST(KnowledgeBuilder, FivePrimeIncompleteModelIsRefusedNotStoredWithoutItsPhase) {
    // The TLR8 GFF3 with its first CDS line's phase set to 2 (as a cds_start_NF model has): the
    // knowledge's transcripts table has no phase column, so the build refuses it, naming it.
    std::ifstream in(data("ENST00000218032.gff"));
    std::stringstream text;
    text << in.rdbuf();
    std::string gff = text.str();
    const std::string line = "CDS\t108\t110\t.\t+\t0\t";
    ASSERT_NE(gff.find(line), std::string::npos);
    gff.replace(gff.find(line), line.size(), "CDS\t108\t110\t.\t+\t2\t");
    const fs::path dir = test::scratch_dir("KnowledgeBuilder.Phase");
    std::ofstream(dir / "phase2.gff") << gff;
    try {
        (void)build_knowledge(tlr8_panel(),
                              {data("ENST00000218032.fa"), "", (dir / "phase2.gff").string(), ""});
        FAIL() << "a 5'-incomplete model was stored";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("ENST00000218032.6 of TLR8 has a 5'-incomplete CDS "
                                             "(phase 2"),
                  std::string::npos)
            << e.what();
    }
    // The file as written (phase 0) builds.
    EXPECT_EQ(build_knowledge(tlr8_panel(),
                              {data("ENST00000218032.fa"), "", data("ENST00000218032.gff"), ""})
                  .knowledge.transcripts.size(),
              1U);
}

TEST(KnowledgeBuilder, ReleaseFromFileName) {
    EXPECT_EQ(release_from_file_name("/x/MANE.GRCh38.v1.0.ensembl107_derived.noChr1.gtf.gz"),
              "MANE.GRCh38.v1.0.ensembl107_derived.noChr1");
    EXPECT_EQ(release_from_file_name("GRCh38.fa"), "GRCh38");
    EXPECT_EQ(release_from_file_name("Homo_sapiens.GRCh38.112.gff3.gz"), "Homo_sapiens.GRCh38.112");
}

TEST(KnowledgeBuilder, ReproducesKnow20FromItsRealSources) {
    const fs::path fasta =
        fs::path(NBS_SHARED_DATA) / "alignments/deepvariant/grch38.chr20_and_21_10M.fa.gz";
    if (!fs::exists(fasta))
        GTEST_SKIP() << "needs " << fasta << " (GRCh38 chr20:1-10 Mb, 4 MB; not copied)";
    const fs::path dir = fs::path(NBS_TEST_DATA) / "panel/know20";
    // The panel without its knowledge, as it was before `panel knowledge` ran.
    PanelFiles files = read_panel_dir(dir);
    for (auto name : kKnowledgeFiles)
        files.content.erase(std::string(name));
    auto& toml = files.content.at("panel.toml");
    const std::string committed_block = toml.substr(toml.find("[knowledge]"));
    toml.resize(toml.find("[knowledge]"));
    std::vector<PanelProblem> problems;
    const Panel panel = parse_panel(files, problems);
    ASSERT_TRUE(problems.empty());
    const KnowledgeBuild b =
        build_knowledge(panel, {fasta.string(), "", data("mane_chr20_avp_slc52a3.gtf.gz"),
                                "MANE v1.0 (Ensembl 107 derived)"});
    for (const auto& [name, bytes] : b.files)
        EXPECT_TRUE(bytes == read_file_bytes(dir / name))
            << name << " differs from the committed one";
    EXPECT_EQ(b.toml_block, committed_block);
}

}  // namespace
}  // namespace nbs
