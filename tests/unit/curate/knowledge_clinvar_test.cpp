// The ClinVar section of panel knowledge (issue 11, item 1): every allele of the ClinVar ACAT1
// excerpt (tests/data/panel, 40 real records of the 2026-02-26 release) read back from the table
// carries what `bcftools query` prints for its record (variation id, CLNSIG, CLNREVSTAT), its
// counts agree with the aggregate CLNSIG, and the table survives encoding and loading.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/curate/knowledge_builder.hpp"
#include "engine/genome/normalize.hpp"
#include "engine/panel/panel_files.hpp"
#include "engine/panel/panel_parser.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;

const std::string kExcerpt =
    std::string(NBS_TEST_DATA) + "/panel/clinvar_20260226_GRCh38.acat1_excerpt.vcf.gz";

KnowledgeBuild build_mini() {
    const Panel mini = load_panel(fs::path(NBS_TEST_DATA) / "panel/mini");
    // bcftools' TLR8 slice as "reference": it holds none of the mini panel's genes, so the
    // ClinVar alleles stay trimmed only (left_aligned = no), as for a gene without sequence.
    const std::string k = std::string(NBS_TEST_DATA) + "/knowledge/";
    return build_knowledge(
        mini, {k + "ENST00000218032.fa", "", k + "ENST00000218032.gff", "", kExcerpt, ""});
}

TEST(KnowledgeClinvar, EveryAlleleCarriesWhatBcftoolsQueryPrints) {
    const KnowledgeBuild b = build_mini();
    const Knowledge& k = b.knowledge;
    const fs::path dir = fs::path(NBS_SCRATCH_DIR) / "KnowledgeClinvar.BcftoolsQuery";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string cmd =
        "bcftools query -f "
        "'%CHROM\\t%POS\\t%ID\\t%REF\\t%ALT\\t%INFO/CLNSIG\\t%INFO/CLNREVSTAT\\n' '" +
        kExcerpt + "' > '" + (dir / "q.tsv").string() + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    std::ifstream in(dir / "q.tsv");
    std::string line;
    std::size_t checked = 0, not_acgt = 0;
    while (std::getline(in, line)) {
        std::istringstream f(line);
        std::string chrom, pos, id, ref, alt, clnsig, revstat;
        std::getline(f, chrom, '\t');
        std::getline(f, pos, '\t');
        std::getline(f, id, '\t');
        std::getline(f, ref, '\t');
        std::getline(f, alt, '\t');
        std::getline(f, clnsig, '\t');
        std::getline(f, revstat, '\t');
        if (alt.find_first_not_of("ACGT") != std::string::npos ||
            alt.find(',') != std::string::npos) {
            ++not_acgt;
            continue;
        }
        const Variant key = minimal_representation({"chr" + chrom, std::stoll(pos), ref, alt});
        const ClinvarAllele* a = k.find_clinvar(key);
        ASSERT_NE(a, nullptr) << key.to_string();
        EXPECT_EQ(a->variation_id, id);
        EXPECT_EQ(a->clnsig, clnsig);
        EXPECT_EQ(a->review_status, revstat);
        EXPECT_FALSE(a->left_aligned) << "no sequence for ACAT1 here";
        // An aggregate CLNSIG without CLNSIGCONF is one agreeing assertion.
        const bool plp = clnsig == "Pathogenic" || clnsig == "Likely_pathogenic" ||
                         clnsig == "Pathogenic/Likely_pathogenic";
        const bool blb = clnsig == "Benign" || clnsig == "Likely_benign";
        if (plp) {
            EXPECT_TRUE(a->pathogenic == 1 && a->benign == 0 && a->uncertain == 0) << line;
        } else if (blb) {
            EXPECT_TRUE(a->benign == 1 && a->pathogenic == 0) << line;
        } else if (clnsig == "Uncertain_significance") {
            EXPECT_EQ(a->uncertain, 1) << line;
        }
        ++checked;
    }
    EXPECT_EQ(checked, 39u);
    EXPECT_EQ(not_acgt, 1u) << "the excerpt's one record whose ALT contains N";
    EXPECT_EQ(k.clinvar.size(), checked);
    EXPECT_EQ(b.clinvar_records, 40u);
    ASSERT_EQ(k.sources.size(), 3u);
    EXPECT_EQ(k.sources[2].kind, "clinvar");
    EXPECT_EQ(k.sources[2].release, "2026-02-26") << "from ##fileDate";
    EXPECT_EQ(k.sources[2].sha256, sha256_file_hex(kExcerpt));
}

TEST(KnowledgeClinvar, TableLoadsBackFromThePanelFiles) {
    const KnowledgeBuild b = build_mini();
    PanelFiles files = read_panel_dir(fs::path(NBS_TEST_DATA) / "panel/mini");
    for (const auto& [name, bytes] : b.files)
        files.content[name] = bytes;
    files.content["panel.toml"] = set_toml_knowledge(files.content.at("panel.toml"), b.toml_block);
    std::vector<PanelProblem> problems;
    const Panel p = parse_panel(files, problems);
    ASSERT_TRUE(problems.empty()) << problems.front().to_string();
    ASSERT_TRUE(p.knowledge);
    EXPECT_EQ(p.knowledge->clinvar, b.knowledge.clinvar);
    // Without --clinvar the section is absent, and a panel without it still loads.
    files.content.erase(std::string(kKnowledgeClinvar));
    problems.clear();
    (void)parse_panel(files, problems);
    ASSERT_EQ(problems.size(), 1u) << "recorded in [knowledge.sections] but missing";
    EXPECT_NE(problems[0].why.find("missing"), std::string::npos) << problems[0].to_string();
}

}  // namespace
}  // namespace nbs
