// Knowledge with ClinVar and gnomAD through the CLI (issue 11, items 1, 4 and 8):
// `panel knowledge --gnomad` writes the gnomAD sections and their source into panel.toml;
// validate, info, build and diff show them; a raw VCF (no INFO at all) qualifies through the
// knowledge's ClinVar table with the release in the finding, and every finding carries its
// population frequency with where it came from.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "support/cli_runner.hpp"

namespace nbs::test {
namespace {

namespace fs = std::filesystem;

std::string kdata(const std::string& name) {
    return (test_data() / "knowledge" / name).string();
}

// Copies tests/data/panel/NAME into `scratch` (a scratch_dir, made once per test).
fs::path copy_panel(const std::string& name, const fs::path& scratch) {
    const fs::path dir = scratch / name;
    fs::remove_all(dir);
    fs::copy(test_data() / "panel" / name, dir, fs::copy_options::recursive);
    return dir;
}

TEST(PanelFrequency, KnowledgeWithGnomadIsWrittenValidatedShownBundledAndDiffed) {
    const fs::path scratch = scratch_dir("PanelFrequency.Build");
    const fs::path dir = copy_panel("freq_sry", scratch);
    const fs::path before = scratch / "before";
    fs::remove_all(before);
    fs::copy(dir, before, fs::copy_options::recursive);
    const CliResult r =
        run_nbscreen({"panel", "knowledge", dir.string(), "--reference",
                      kdata("ENST00000218032.fa"), "--transcripts", kdata("mane_chrY_sry.gtf.gz"),
                      "--gnomad", kdata("gnomad/gnomad-exomes.v4.0.chrY_SRY_cds.vcf.bgz")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // SRY's CDS with its stop codon, chrY:2786989-2787603, +-20 bp = 655 bp queried; the
    // fixture holds records from 2786973 to 2787612 (its last record's end), so 640 bp of the
    // query are covered; the 15 bp outside read "not covered", never "absent".
    EXPECT_NE(r.out.find("gnomAD: 1 file(s), 655 bp queried"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("640 bp covered over all files, 115 records read, 115 alleles kept"),
              std::string::npos)
        << r.out;
    const std::string toml = slurp(dir / "panel.toml");
    EXPECT_NE(
        toml.find("[knowledge.sources.gnomad_exomes]\nname = "
                  "\"gnomad-exomes.v4.0.chrY_SRY_cds.vcf.bgz\"\nrelease = \"v4.0\"\nsha256 = "),
        std::string::npos)
        << toml;
    EXPECT_NE(toml.find("\"knowledge/gnomad.tsv.zst\" = "), std::string::npos);
    EXPECT_TRUE(fs::exists(dir / "knowledge/gnomad_covered.tsv.zst"));

    EXPECT_EQ(run_nbscreen({"panel", "validate", dir.string()}).exit_code, 0);
    const CliResult info = run_nbscreen({"panel", "info", dir.string()});
    EXPECT_NE(info.out.find("knowledge_gnomad\tgnomad_exomes\t115 alleles\t640 bp covered"),
              std::string::npos)
        << info.out;
    const fs::path bundle = scratch / "sry.nbpanel";
    ASSERT_EQ(run_nbscreen({"panel", "build", dir.string(), "-o", bundle.string()}).exit_code, 0);
    EXPECT_NE(run_nbscreen({"panel", "info", bundle.string()})
                  .out.find("knowledge_gnomad\tgnomad_exomes\t115 alleles\t640 bp covered"),
              std::string::npos);
    const CliResult diff = run_nbscreen({"panel", "diff", before.string(), dir.string()});
    EXPECT_NE(diff.out.find("knowledge.gnomad.gnomad_exomes"), std::string::npos) << diff.out;
    EXPECT_NE(diff.out.find("knowledge.sources.gnomad_exomes.release"), std::string::npos)
        << diff.out;

    // Rebuilt without --gnomad: the gnomAD sections go, and the panel stays valid.
    {
        const fs::path again = scratch / "again";
        fs::copy(dir, again, fs::copy_options::recursive);
        ASSERT_EQ(run_nbscreen({"panel", "knowledge", again.string(), "--reference",
                                kdata("ENST00000218032.fa"), "--transcripts",
                                kdata("mane_chrY_sry.gtf.gz")})
                      .exit_code,
                  0);
        EXPECT_FALSE(fs::exists(again / "knowledge/gnomad.tsv.zst"));
        EXPECT_FALSE(fs::exists(again / "knowledge/gnomad_covered.tsv.zst"));
        EXPECT_EQ(slurp(again / "panel.toml").find("[knowledge.sources.gnomad"), std::string::npos);
        EXPECT_EQ(run_nbscreen({"panel", "validate", again.string()}).exit_code, 0);
    }
    // A changed byte in the gnomAD table is caught by its recorded SHA-256.
    { std::ofstream(dir / "knowledge/gnomad.tsv.zst", std::ios::app) << "x"; }
    const CliResult bad = run_nbscreen({"panel", "validate", dir.string()});
    EXPECT_EQ(bad.exit_code, 3);
    EXPECT_NE(bad.err.find("knowledge/gnomad.tsv.zst"), std::string::npos) << bad.err;
}

TEST(PanelFrequency, RawVcfQualifiesThroughKnowledgeClinvarWithFrequencyStatus) {
    const fs::path scratch = scratch_dir("PanelFrequency.RawClinvar");
    const fs::path dir = copy_panel("mini", scratch);
    const CliResult k = run_nbscreen(
        {"panel", "knowledge", dir.string(), "--reference", kdata("ENST00000218032.fa"),
         "--transcripts", kdata("ENST00000218032.gff"), "--clinvar",
         (test_data() / "panel/clinvar_20260226_GRCh38.acat1_excerpt.vcf.gz").string(), "--gnomad",
         kdata("gnomad/gnomad-exomes.v4.0.chrY_SRY_cds.vcf.bgz")});
    ASSERT_EQ(k.exit_code, 0) << k.err;
    const fs::path vcf = scratch / "raw_baby.vcf";
    // ClinVar 2026-02-26 VCV 2867418, chr11:108121607 A>C, Pathogenic (not an include row of
    // the mini panel), homozygous; no INFO at all.
    std::ofstream(vcf) << "##fileformat=VCFv4.2\n"
                          "##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n"
                          "##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"Depth\">\n"
                          "##FORMAT=<ID=GQ,Number=1,Type=Integer,Description=\"GQ\">\n"
                          "##contig=<ID=chr11,length=135086622>\n"
                          "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\traw_baby\n"
                          "chr11\t108121607\t.\tA\tC\t50\tPASS\t.\tGT:DP:GQ\t1/1:30:60\n";
    const fs::path out = scratch / "out";
    fs::remove_all(out);
    const CliResult s = run_nbscreen({"screen", "--panel", dir.string(), "--vcf", vcf.string(),
                                      "--out", out.string(), "--quiet"});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    const auto j = nlohmann::json::parse(slurp(out / "raw_baby.json"));
    ASSERT_EQ(j["findings"].size(), 1u) << j.dump(1);
    const auto& v = j["findings"][0]["variants"][0];
    EXPECT_EQ(v["route"], "clinvar");
    EXPECT_EQ(v["clinvar"]["source"], "knowledge");
    EXPECT_EQ(v["clinvar"]["release"], "2026-02-26");
    EXPECT_EQ(v["clinvar"]["variation_id"], "2867418");
    EXPECT_EQ(v["clinvar"]["pathogenic_submissions"], 1);
    EXPECT_EQ(v["population_frequency"]["status"], "not_covered");
    EXPECT_EQ(v["population_frequency"]["source"], "gnomAD v4.0 exomes (knowledge)");
    // Provenance names the releases that decided it.
    const std::string prov = j["provenance"]["knowledge"].dump();
    EXPECT_NE(prov.find("\"kind\":\"clinvar\""), std::string::npos) << prov;
    EXPECT_NE(prov.find("\"release\":\"2026-02-26\""), std::string::npos) << prov;
    EXPECT_NE(prov.find("\"kind\":\"gnomad_exomes\""), std::string::npos) << prov;
    EXPECT_NE(prov.find("\"release\":\"v4.0\""), std::string::npos) << prov;
}

}  // namespace
}  // namespace nbs::test
