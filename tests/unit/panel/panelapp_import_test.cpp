// PanelApp import: the MOI table, and real panels 541 and 1378 becoming valid panel directories.
#include "engine/panel/panelapp_import.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "engine/core/input_error.hpp"
#include "engine/panel/panel_parser.hpp"
#include "engine/panel/panel_validate.hpp"
#include "panel_test_support.hpp"

namespace nbs {
namespace {

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

PanelFiles as_files(const PanelAppImport& imp) {
    PanelFiles f;
    f.origin = "imported";
    f.origin_kind = "directory";
    for (const auto& [name, text] : imp.files)
        if (name != "CHANGELOG.md") f.content[name] = text;
    return f;
}

TEST(PanelAppImport, MoiTableMatchesTheSharedVocabulary) {
    // tests/data/panel/moi_vocabulary.tsv is ../shared/data/panelapp/moi_vocabulary.tsv.
    std::istringstream in(slurp(test::panel_data() / "moi_vocabulary.tsv"));
    std::string line;
    std::getline(in, line);  // header
    std::size_t rows = 0;
    std::map<std::string, std::size_t> seen;
    while (std::getline(in, line)) {
        const auto cells = split_tabs(line);
        ASSERT_EQ(cells.size(), 4u) << line;
        const std::string& text = cells[0];
        const std::string& suggested = cells[3];
        const PanelAppMoi* m = find_panelapp_moi(text);
        ASSERT_NE(m, nullptr) << "'" << text << "' is not in the compiled table";
        ++rows;
        SCOPED_TRACE(text);
        if (suggested.find("imprinted") != std::string::npos ||
            suggested.rfind("MITOCHONDRIAL", 0) == 0 || suggested.rfind("UNKNOWN", 0) == 0) {
            ++seen["refused"];
            EXPECT_TRUE(m->classes.empty());
            EXPECT_FALSE(m->refused_because.empty());
        } else if (suggested.rfind("BOTH", 0) == 0) {
            ++seen["both"];
            EXPECT_EQ(m->classes, (std::vector<Moi>{Moi::monoallelic, Moi::biallelic}));
        } else if (suggested.rfind("X-LINKED BIALLELIC", 0) == 0) {
            ++seen["xlinked_biallelic"];
            EXPECT_EQ(m->classes, (std::vector<Moi>{Moi::xlinked_biallelic}));
        } else if (suggested.rfind("X-LINKED MONOALLELIC", 0) == 0) {
            ++seen["xlinked_monoallelic"];
            EXPECT_EQ(m->classes, (std::vector<Moi>{Moi::xlinked_monoallelic}));
        } else if (suggested == "MONOALLELIC") {
            ++seen["monoallelic"];
            EXPECT_EQ(m->classes, (std::vector<Moi>{Moi::monoallelic}));
        } else {
            ++seen["biallelic"];
            EXPECT_EQ(suggested, "BIALLELIC");
            EXPECT_EQ(m->classes, (std::vector<Moi>{Moi::biallelic}));
        }
    }
    EXPECT_EQ(rows, panelapp_moi_table().size());
    // Every branch above was taken at least once.
    for (const char* kind : {"refused", "both", "xlinked_biallelic", "xlinked_monoallelic",
                             "monoallelic", "biallelic"})
        EXPECT_GT(seen[kind], 0U) << kind;
    EXPECT_EQ(find_panelapp_moi("autosomal recessive"), nullptr);
}

TEST(PanelAppImport, Slugify) {
    EXPECT_EQ(slugify("Paroxysmal central nervous system disorders"),
              "paroxysmal-central-nervous-system-disorders");
    EXPECT_EQ(slugify("  Hearing loss (GMS) / v2 "), "hearing-loss-gms-v2");
}

TEST(PanelAppImport, Phenylketonuria1378) {
    const auto imp =
        import_panelapp(slurp(test::panel_data() / "ge_panel_1378.json"), "ge_panel_1378.json");
    EXPECT_EQ(imp.id, "phenylketonuria");
    EXPECT_EQ(imp.version, "1.3");
    EXPECT_EQ(imp.green_genes, 1u);
    EXPECT_EQ(imp.gene_entries, 1u);
    EXPECT_TRUE(imp.not_imported.empty());
    const auto v = validate_panel(as_files(imp));
    ASSERT_TRUE(v.ok()) << v.problems.front().to_string();
    const Panel& p = v.panel;
    EXPECT_EQ(p.manifest.version, "1.3");
    EXPECT_EQ(p.manifest.released, "2026-01-23");
    EXPECT_EQ(p.manifest.sources.at("panelapp_id"), "1378");
    EXPECT_EQ(p.manifest.sources.at("panelapp_version"), "1.3");
    EXPECT_EQ(p.manifest.sources.at("panelapp_version_created"), "2026-01-23T15:14:22.950896Z");
    ASSERT_EQ(p.genes.size(), 1u);
    const auto& g = p.genes[0];
    EXPECT_EQ(g.symbol, "PAH");
    EXPECT_EQ(g.hgnc_id, "HGNC:8582");
    EXPECT_EQ(g.moi, Moi::biallelic);
    EXPECT_EQ(g.span, (Region{"chr12", 102836885, 102958410}));  // "12:..." became chr12
    EXPECT_TRUE(g.lof_mechanism);
    EXPECT_EQ(g.lof_source, "panelapp: default");
    EXPECT_EQ(g.moi_source, "panelapp:1378 v1.3: BIALLELIC, autosomal or pseudoautosomal");
    EXPECT_TRUE(g.mane_transcript.empty());
    EXPECT_TRUE(p.variants.empty());
    EXPECT_EQ(imp.files.at("variants.tsv"),
              "chrom\tpos\tref\talt\tgene\tlist\twhy\tsource\tstars\tadded_in\tcondition_id\t"
              "null_allele\n");
    EXPECT_TRUE(changelog_mentions(imp.files.at("CHANGELOG.md"), "1.3"));
}

TEST(PanelAppImport, Paroxysmal541) {
    const auto imp =
        import_panelapp(slurp(test::panel_data() / "ge_panel_541.json"), "ge_panel_541.json");
    EXPECT_EQ(imp.id, "paroxysmal-central-nervous-system-disorders");
    EXPECT_EQ(imp.version, "4.2");
    EXPECT_EQ(imp.green_genes, 20u);
    EXPECT_EQ(imp.not_green, 66u);
    EXPECT_EQ(imp.strs, 5u);
    EXPECT_EQ(imp.regions, 1u);
    // 16 single-MOI Green genes + 4 BOTH genes, each a MONOALLELIC and a BIALLELIC entry.
    EXPECT_EQ(imp.gene_entries, 24u);
    const auto v = validate_panel(as_files(imp));
    ASSERT_TRUE(v.ok()) << v.problems.front().to_string();
    // No Green gene of 541 says loss of function does not cause its phenotype (three Amber/Red
    // ones do), so every entry gets the default; the edge-case fixture covers "no".
    for (const auto& g : v.panel.genes) {
        EXPECT_TRUE(g.lof_mechanism) << g.symbol;
        EXPECT_EQ(g.lof_source, "panelapp: default");
        EXPECT_EQ(g.moi_source.rfind("panelapp:541 v4.2: ", 0), 0u);
    }
    // Amber genes stay out: KCNA1 is Green, others not listed here are Amber or Red.
    bool kcna1 = false;
    for (const auto& g : v.panel.genes)
        kcna1 = kcna1 || g.symbol == "KCNA1";
    EXPECT_TRUE(kcna1);
}

TEST(PanelAppImport, UnmappableMoiIsListedNotGuessed) {
    const auto imp =
        import_panelapp(slurp(test::panel_data() / "panelapp_moi_edge_cases.json"), "edge.json");
    EXPECT_EQ(imp.green_genes, 9u);
    EXPECT_EQ(imp.not_green, 1u);
    ASSERT_EQ(imp.not_imported.size(), 6u);
    const std::string cl = imp.files.at("CHANGELOG.md");
    for (const char* gene :
         {"KCNQ1OT1: imprinted", "MT-ND1: mitochondrial", "GENEU: inheritance unknown",
          "GENEO: inheritance 'Other'", "GENEE: no mode of inheritance", "NOLOC: no GRCh38"}) {
        bool listed = false;
        for (const auto& n : imp.not_imported)
            listed = listed || n.rfind(gene, 0) == 0;
        EXPECT_TRUE(listed) << gene;
        EXPECT_NE(cl.find(gene), std::string::npos) << gene;
    }
    const auto v = validate_panel(as_files(imp));
    ASSERT_TRUE(v.ok()) << v.problems.front().to_string();
    ASSERT_EQ(v.panel.genes.size(), 4u);
    EXPECT_EQ(v.panel.genes[0].symbol, "FGFR3");
    EXPECT_EQ(v.panel.genes[0].moi, Moi::monoallelic);
    EXPECT_EQ(v.panel.genes[1].moi, Moi::biallelic);
    EXPECT_FALSE(v.panel.genes[0].lof_mechanism);  // "LoF variants DO NOT cause this phenotype"
    EXPECT_EQ(v.panel.genes[2].symbol, "OTC");
    EXPECT_EQ(v.panel.genes[2].moi, Moi::xlinked_biallelic);
    EXPECT_EQ(v.panel.genes[2].span.chrom, "chrX");
}

TEST(PanelAppImport, NotAPanelIsAnInputError) {
    EXPECT_THROW((void)import_panelapp("{\"count\": 3, \"results\": []}", "list.json"), InputError);
    try {
        (void)import_panelapp("{\"id\": 1,", "broken.json");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(e.why().find("not valid JSON"), std::string::npos);
        EXPECT_EQ(e.where().file, "broken.json");
    }
}

}  // namespace
}  // namespace nbs
