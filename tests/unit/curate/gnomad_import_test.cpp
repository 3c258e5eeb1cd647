// gnomAD in the panel knowledge (issue 11, items 1 and 5c): every record of the shared gnomAD
// slices (v4.0 exomes and genomes, and the v2.1 / v3.1 / v4.0 examples) read through
// import_gnomad, encoded into knowledge/gnomad.tsv.zst and parsed back carries exactly the
// FILTER, AC, AN, grpmax/popmax and per-population AC/AN that `bcftools query` prints for it.
// The covered stretches are the query regions clipped to the records the file holds.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "engine/curate/gnomad_import.hpp"
#include "engine/genome/normalize.hpp"
#include "engine/panel/knowledge_frequency.hpp"
#include "engine/panel/panel_parser.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;

// Runs `bcftools query` and returns its lines split on tabs.
std::vector<std::vector<std::string>> bcftools_query(const std::string& file,
                                                     const std::string& format,
                                                     const std::string& name) {
    const fs::path dir = fs::path(NBS_SCRATCH_DIR) / "GnomadImport";
    fs::create_directories(dir);
    const fs::path out = dir / (name + ".tsv");
    const std::string cmd =
        "bcftools query -f '" + format + "' '" + file + "' > '" + out.string() + "'";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    std::vector<std::vector<std::string>> rows;
    std::ifstream in(out);
    std::string line;
    while (std::getline(in, line))
        rows.push_back(split_tabs(line));
    return rows;
}

// Import over whole contigs, then through the on-disk format and back.
Knowledge import_and_reload(const std::string& file) {
    std::vector<Region> whole;
    for (const char* c : {"chr1", "chrX", "chrY"})
        whole.push_back({c, 1, 300'000'000});
    GnomadImport g = import_gnomad({file}, "", whole, ReferenceSlices{});
    PanelFiles files;
    files.origin = "mem";
    files.origin_kind = "directory";
    files.content[std::string(kKnowledgeFrequency)] = encode_frequency(g.records);
    files.content[std::string(kKnowledgeFrequencyCovered)] = encode_frequency_covered(g.covered);
    Knowledge k;
    k.sources = g.sources;
    std::vector<PanelProblem> problems;
    parse_frequency(files, k, problems);
    EXPECT_TRUE(problems.empty()) << (problems.empty() ? "" : problems[0].to_string());
    return k;
}

std::size_t check_against_bcftools(const std::string& file) {
    const Knowledge k = import_and_reload(file);
    EXPECT_EQ(k.sources.size(), 1u);
    if (k.sources.empty()) return 0;
    // The populations the import chose, from the first record that has any.
    std::vector<std::string> pops;
    for (const auto& r : k.frequency)
        if (!r.populations.empty()) {
            for (const auto& p : r.populations)
                pops.push_back(p.population);
            break;
        }
    const bool v4 = !k.frequency.empty() && file.find("v2.1") == std::string::npos &&
                    file.find("v3.1") == std::string::npos;
    std::string format = "%CHROM\\t%POS\\t%REF\\t%ALT\\t%FILTER\\t%AC\\t%AN\\t%" +
                         std::string(v4 ? "grpmax" : "popmax") + "\\t%AF_" +
                         (v4 ? "grpmax" : "popmax");
    for (const auto& p : pops)
        format += "\\t%AC_" + p + "\\t%AN_" + p;
    format += "\\n";
    const auto rows = bcftools_query(file, format, fs::path(file).filename().string());
    std::size_t checked = 0;
    for (const auto& c : rows) {
        if (c[3].find_first_not_of("ACGT") != std::string::npos) continue;  // '*', symbolic
        const Variant key = minimal_representation({c[0], std::stoll(c[1]), c[2], c[3]});
        const auto found = k.find_frequency(key);
        EXPECT_EQ(found.size(), 1u) << key.to_string() << " in " << file;
        if (found.size() != 1) continue;
        const FrequencyRecord& r = *found[0];
        EXPECT_EQ(r.filter, c[4]) << key.to_string();
        EXPECT_EQ(std::to_string(r.ac), c[5]) << key.to_string();
        EXPECT_EQ(std::to_string(r.an), c[6]) << key.to_string();
        EXPECT_EQ(r.grpmax.empty() ? "." : r.grpmax, c[7]) << key.to_string();
        EXPECT_EQ(r.af_grpmax.empty() ? "." : r.af_grpmax, c[8]) << key.to_string();
        std::map<std::string, std::pair<std::string, std::string>> want;
        for (std::size_t p = 0; p < pops.size(); ++p)
            if (c[10 + 2 * p] != ".") want[pops[p]] = {c[9 + 2 * p], c[10 + 2 * p]};
        EXPECT_EQ(r.populations.size(), want.size()) << key.to_string();
        for (const auto& pc : r.populations) {
            const auto it = want.find(pc.population);
            EXPECT_NE(it, want.end()) << pc.population;
            if (it == want.end()) continue;
            EXPECT_EQ(std::to_string(pc.ac), it->second.first == "." ? "0" : it->second.first)
                << key.to_string() << ' ' << pc.population;
            EXPECT_EQ(std::to_string(pc.an), it->second.second)
                << key.to_string() << ' ' << pc.population;
        }
        ++checked;
    }
    return checked;
}

TEST(GnomadImport, EverySharedSliceRecordMatchesBcftoolsQuery) {
    const fs::path shared = fs::path(NBS_SHARED_DATA) / "gnomad";
    if (!fs::exists(shared / "v4.0_grch38_slices/gnomad-exomes.1.vcf.bgz"))
        GTEST_SKIP() << "needs the gnomAD slices in " << shared << " (5.8 MB; not copied)";
    std::size_t total = 0;
    for (const char* f : {"v4.0_grch38_slices/gnomad-exomes.1.vcf.bgz",
                          "v4.0_grch38_slices/gnomad-genomes.1.vcf.bgz",
                          "v4.0_grch38_slices/gnomad-exomes.X.vcf.bgz",
                          "v4.0_grch38_slices/gnomad-genomes.X.vcf.bgz",
                          "v4.0_grch38_slices/gnomad-exomes.Y.vcf.bgz",
                          "v4.0_grch38_slices/gnomad-genomes.Y.vcf.bgz",
                          "annonars_examples_grch38/gnomad-exomes.v2.1.example.vcf.bgz",
                          "annonars_examples_grch38/gnomad-genomes.v3.1.example.vcf.bgz",
                          "annonars_examples_grch38/gnomad-exomes.v4.0.example.vcf.bgz",
                          "annonars_examples_grch38/gnomad-genomes.v4.0.example.vcf.bgz"}) {
        const std::size_t n = check_against_bcftools((shared / f).string());
        EXPECT_GT(n, 0u) << f;
        total += n;
    }
    // 101 + 22 + 891 + 5005 + 510 + 507 slice records (SOURCES.md) plus the examples.
    EXPECT_GE(total, 7036u);
}

TEST(GnomadImport, PopulationsOfBothSchemas) {
    // v4: grpmax schema, "remaining"; v3.1: popmax schema, "oth" and "ami". raw, joint and the
    // max summaries are not populations; sex splits (AC_XX, AC_afr_XX) are left out.
    EXPECT_EQ(
        gnomad_populations({"AC", "AN", "AC_afr", "AN_afr", "AC_raw", "AN_raw", "AC_joint",
                            "AN_joint", "AC_grpmax", "AN_grpmax", "AC_XX", "AN_XX", "AC_afr_XX",
                            "AN_afr_XX", "AC_remaining", "AN_remaining", "AC_sas"}),
        (std::vector<std::string>{"afr", "remaining"}));
    EXPECT_EQ(
        gnomad_populations({"AC_oth", "AN_oth", "AC_ami", "AN_ami", "AC_popmax", "AN_popmax"}),
        (std::vector<std::string>{"oth", "ami"}));
    EXPECT_EQ(gnomad_release_from_name("gnomad.exomes.v4.1.sites.chr20.vcf.bgz"), "v4.1");
    EXPECT_EQ(gnomad_release_from_name("gnomad-genomes.v3.1.example.vcf.bgz"), "v3.1");
    EXPECT_EQ(gnomad_release_from_name("gnomad-exomes.Y.vcf.bgz"), "");
}

// tests/data: the v4.0 exome records over SRY's CDS (chrY:2786992-2787603) +-20 bp.
TEST(GnomadImport, CoveredIsTheQueryClippedToTheRecordsHeld) {
    const std::string f =
        std::string(NBS_TEST_DATA) + "/knowledge/gnomad/gnomad-exomes.v4.0.chrY_SRY_cds.vcf.bgz";
    // The query reaches past the file's records on both sides, and a contig it has none on.
    const GnomadImport g = import_gnomad(
        {f}, "", {{"chrY", 2786000, 2788000}, {"chrX", 1000, 2000}}, ReferenceSlices{});
    ASSERT_EQ(g.sources.size(), 1u);
    EXPECT_EQ(g.sources[0].kind, "gnomad_exomes");
    EXPECT_EQ(g.sources[0].release, "v4.0");
    ASSERT_EQ(g.covered.size(), 1u);
    const auto rows = bcftools_query(f, "%POS\\t%REF\\n", "sry_positions");
    ASSERT_FALSE(rows.empty());
    const std::int64_t first = std::stoll(rows.front()[0]);
    const std::int64_t last_end =
        std::stoll(rows.back()[0]) + static_cast<std::int64_t>(rows.back()[1].size()) - 1;
    EXPECT_EQ(g.covered[0].region, (Region{"chrY", first, last_end}));
    EXPECT_EQ(g.records.size(), rows.size());
    // A query entirely outside what the file holds covers nothing.
    EXPECT_TRUE(import_gnomad({f}, "", {{"chrY", 100, 200}}, ReferenceSlices{}).covered.empty());
}

TEST(GnomadImport, RefusesAFileWithoutCountsOrIndex) {
    // A ClinVar VCF has no AC/AN: not a gnomAD sites file.
    const std::string clinvar =
        std::string(NBS_TEST_DATA) + "/panel/clinvar_20260226_GRCh38.acat1_excerpt.vcf.gz";
    EXPECT_THROW((void)import_gnomad({clinvar}, "", {{"chr11", 1, 2}}, ReferenceSlices{}),
                 InputError);
    // A plain VCF has no index to query.
    const std::string plain = std::string(NBS_TEST_DATA) + "/multiallelic.vcf";
    try {
        (void)import_gnomad({plain}, "", {{"chr1", 1, 2}}, ReferenceSlices{});
        ADD_FAILURE() << "expected an InputError";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find(plain), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace nbs
