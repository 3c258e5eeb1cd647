// `nbscreen panel knowledge` end to end, and "normalise, then match" through `screen`:
// the knowledge is written, validated, shown by info, carried by the bundle; with it, the two
// include-list indels of tests/data/panel/know20 written in other valid positions are found;
// without it they are flagged, never silently "not on the list".
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "support/cli_runner.hpp"

namespace nbs::test {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
}

std::string knowledge_data(const std::string& name) {
    return (test_data() / "knowledge" / name).string();
}

// A one-gene panel in the frame of bcftools' TLR8 test transcript (contig X of 16590 bases).
fs::path tlr8_panel(const std::string& test) {
    const fs::path dir = scratch_dir(test) / "panel";
    fs::create_directories(dir);
    write(dir / "panel.toml",
          "schema_version = \"1.1\"\nid = \"tlr8-test\"\nname = \"test\"\nversion = \"1.0.0\"\n"
          "released = \"2026-12-02\"\nreference = \"GRCh38\"\n\n[thresholds]\n"
          "gene_padding_bp = 2000\n");
    write(dir / "conditions.tsv",
          "condition_id\tname\tcategory\tonset\tintervention\tomim\tmondo\n"
          "test-condition\tTest condition\tTest\t\t\t\t\n");
    write(dir / "genes.tsv",
          "symbol\thgnc_id\tcondition_id\tmoi\tlof_mechanism\tlof_source\tchrom\tstart\tend\t"
          "mane_transcript\tmoi_source\tnotes\n"
          "TLR8\tHGNC:15632\ttest-condition\tXLINKED_BIALLELIC\tno\ttest\tchrX\t21\t16570\t"
          "ENST00000218032.6\ttest\ttest fixture in the frame of bcftools' TLR8 slice\n");
    write(dir / "variants.tsv",
          "chrom\tpos\tref\talt\tgene\tlist\twhy\tsource\tstars\tadded_in\n"
          "chrX\t108\tA\tG\tTLR8\tinclude\ttest fixture (start codon)\ttest\t\t1.0.0\n");
    return dir;
}

TEST(PanelKnowledge, BuildsValidatesShowsAndBundles) {
    const fs::path dir = tlr8_panel("PanelKnowledge.Builds");
    const std::vector<std::string> args = {"panel",
                                           "knowledge",
                                           dir.string(),
                                           "--reference",
                                           knowledge_data("ENST00000218032.fa"),
                                           "--transcripts",
                                           knowledge_data("ENST00000218032.gff")};
    const CliResult r = run_nbscreen(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("TLR8\tclipped\t16590 bp\t1 transcript(s)\tno MANE Select"),
              std::string::npos)
        << r.out;
    ASSERT_TRUE(fs::exists(dir / "knowledge/sequence.fa.zst"));
    const std::string toml = slurp(dir / "panel.toml");
    const std::string seq = slurp(dir / "knowledge/sequence.fa.zst");

    // Running it again changes nothing: one [knowledge] block, the same bytes.
    ASSERT_EQ(run_nbscreen(args).exit_code, 0);
    EXPECT_EQ(slurp(dir / "panel.toml"), toml);
    EXPECT_EQ(slurp(dir / "knowledge/sequence.fa.zst"), seq);

    const CliResult info = run_nbscreen({"panel", "info", dir.string()});
    ASSERT_EQ(info.exit_code, 0) << info.err;
    EXPECT_NE(info.out.find("knowledge_source\treference\tENST00000218032.fa\tENST00000218032\t"),
              std::string::npos)
        << info.out;
    EXPECT_NE(info.out.find("knowledge_sequence_bp\t16590"), std::string::npos) << info.out;

    const fs::path bundle = dir.parent_path() / "tlr8.nbpanel";
    ASSERT_EQ(run_nbscreen({"panel", "build", dir.string(), "-o", bundle.string()}).exit_code, 0);
    const CliResult binfo = run_nbscreen({"panel", "info", bundle.string()});
    EXPECT_NE(binfo.out.find("knowledge_transcripts\t1"), std::string::npos) << binfo.out;

    // Damaged knowledge refuses the panel, but never the rebuild that replaces it.
    write(dir / "knowledge/transcripts.tsv", "damaged\n");
    const CliResult damaged = run_nbscreen({"panel", "info", dir.string()});
    EXPECT_EQ(damaged.exit_code, 3);
    EXPECT_NE(damaged.err.find("knowledge/transcripts.tsv"), std::string::npos) << damaged.err;
    ASSERT_EQ(run_nbscreen(args).exit_code, 0);
    EXPECT_EQ(slurp(dir / "panel.toml"), toml);

    // An include row whose REF is not the reference is caught by validate.
    std::string variants = slurp(dir / "variants.tsv");
    variants.replace(variants.find("108\tA\tG"), 7, "108\tC\tG");
    write(dir / "variants.tsv", variants);
    const CliResult v = run_nbscreen({"panel", "validate", dir.string()});
    EXPECT_EQ(v.exit_code, 3);
    EXPECT_NE(v.err.find("ref C at chrX:108 is not the reference (A)"), std::string::npos) << v.err;
}

TEST(PanelKnowledge, FastaWithoutIndexIsRefusedWithTheFix) {
    const fs::path dir = tlr8_panel("PanelKnowledge.NoIndex");
    const fs::path fa = dir.parent_path() / "copy.fa";
    fs::copy_file(knowledge_data("ENST00000218032.fa"), fa);
    const CliResult r =
        run_nbscreen({"panel", "knowledge", dir.string(), "--reference", fa.string(),
                      "--transcripts", knowledge_data("ENST00000218032.gff")});
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.err.find("samtools faidx"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(fa.string() + ".fai")) << "nbscreen must not write beside the FASTA";
    EXPECT_FALSE(fs::exists(dir / "knowledge")) << "nothing written on failure";
}

nlohmann::json screen(const std::string& test, const fs::path& panel) {
    const fs::path out = scratch_dir(test) / "out";
    const CliResult r =
        run_nbscreen({"screen", "--panel", panel.string(), "--vcf",
                      knowledge_data("baby_shifted_indels.vcf"), "--out", out.string(), "--quiet"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(slurp(out / "baby_shifted_indels.json"));
}

TEST(PanelKnowledge, ShiftedIncludeIndelsMatchWithKnowledge) {
    for (const bool bundle : {false, true}) {
        fs::path panel = test_data() / "panel/know20";
        if (bundle) {
            panel = scratch_dir("PanelKnowledge.ShiftedBundle") / "know20.nbpanel";
            ASSERT_EQ(run_nbscreen({"panel", "build", (test_data() / "panel/know20").string(), "-o",
                                    panel.string()})
                          .exit_code,
                      0);
        }
        const auto j =
            screen(bundle ? "PanelKnowledge.ShiftedB" : "PanelKnowledge.ShiftedD", panel);
        EXPECT_EQ(j["status"], "prioritised_for_review");
        ASSERT_EQ(j["findings"].size(), 1u) << j.dump(1);
        const auto& vs = j["findings"][0]["variants"];
        ASSERT_EQ(vs.size(), 2u);
        // Written CC>CTCC at 3082201 and CC>C at 3082948; the list says A>ATC at 3082193 and
        // GC>G at 3082941 (bcftools norm -f writes the same, see left_align_bcftools_test).
        EXPECT_EQ(vs[0]["pos"], 3082193);
        EXPECT_EQ(vs[0]["alt"], "ATC");
        EXPECT_EQ(vs[0]["as_written"]["pos"], 3082201);
        EXPECT_EQ(vs[0]["route"], "include_list");
        EXPECT_EQ(vs[1]["pos"], 3082941);
        EXPECT_EQ(vs[1]["as_written"]["ref"], "CC");
        const auto& k = j["provenance"]["knowledge"];
        ASSERT_TRUE(k.is_object()) << j["provenance"].dump(1);
        EXPECT_EQ(k["sources"][0]["name"], "grch38.chr20_and_21_10M.fa.gz");
        EXPECT_EQ(k["sources"][1]["release"], "MANE v1.0 (Ensembl 107 derived)");
    }
}

TEST(PanelKnowledge, WithoutKnowledgeShiftedIndelsAreFlaggedNotSilentlyMissed) {
    const fs::path dir = scratch_dir("PanelKnowledge.Without") / "panel";
    fs::create_directories(dir);
    for (const char* f : {"conditions.tsv", "genes.tsv", "variants.tsv"})
        fs::copy_file(test_data() / "panel/know20" / f, dir / f);
    std::string toml = slurp(test_data() / "panel/know20/panel.toml");
    write(dir / "panel.toml", toml.substr(0, toml.find("[knowledge]")));
    const auto j = screen("PanelKnowledge.WithoutOut", dir);
    EXPECT_TRUE(j["findings"].empty());
    EXPECT_TRUE(j["provenance"]["knowledge"].is_null());
    const std::string flags = j["qc"]["flags"].dump();
    EXPECT_NE(flags.find("chr20:3082948:CC>C in AVP may be the include-list indel "
                         "chr20:3082941:GC>G written in another position: not checked"),
              std::string::npos)
        << flags;
    EXPECT_NE(flags.find("chr20:3082201:C>CTC in AVP may be the include-list indel "
                         "chr20:3082193:A>ATC"),
              std::string::npos)
        << flags;
}

TEST(PanelKnowledge, RefThatDisagreesWithTheSequenceIsFlagged) {
    const fs::path dir = scratch_dir("PanelKnowledge.RefMismatch");
    // chr20:3082195 is C in GRCh38 (samtools faidx on the source FASTA); this record says G. It
    // lies in the span of a curated indel, so it is decoded even from an unannotated file.
    std::string vcf = slurp(knowledge_data("baby_shifted_indels.vcf"));
    vcf.resize(vcf.find("chr20\t"));  // the header only
    vcf += "chr20\t3082195\t.\tG\tA\t50\tPASS\t.\tGT:AD:DP:GQ\t0/1:15,14:29:60\n";
    write(dir / "ref_mismatch.vcf", vcf);
    const CliResult r = run_nbscreen({"screen", "--panel", (test_data() / "panel/know20").string(),
                                      "--vcf", (dir / "ref_mismatch.vcf").string(), "--out",
                                      (dir / "out").string(), "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(slurp(dir / "out/ref_mismatch.json"));
    EXPECT_NE(j["qc"]["flags"].dump().find(
                  "chr20:3082195:G>A: REF differs from the GRCh38 sequence the panel carries for "
                  "AVP; matched as written"),
              std::string::npos)
        << j["qc"]["flags"].dump();
}

}  // namespace
}  // namespace nbs::test

namespace nbs::test {
namespace {

nlohmann::json screen_vcf(const std::string& test, const std::string& vcf_name) {
    const fs::path out = scratch_dir(test) / "out";
    const CliResult r =
        run_nbscreen({"screen", "--panel", (test_data() / "panel/know20").string(), "--vcf",
                      knowledge_data(vcf_name + ".vcf"), "--out", out.string(), "--quiet"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(slurp(out / (vcf_name + ".json")));
}

// Issue 11 item 3: a symbolic deletion over the whole MANE transcript is transcript_ablation,
// a LoF term, through the built-in route (docs/rules.md 2g). The SLC52A3 deletion starts 2.3 kb
// before the gene's padded span, so it is found by its END, not its POS.
TEST(PanelKnowledge, SymbolicDeletionOverTheWholeTranscriptIsTranscriptAblation) {
    const auto j = screen_vcf("PanelKnowledge.SvAblation", "baby_sv_deletions");
    EXPECT_EQ(j["status"], "prioritised_for_review") << j.dump(1);
    ASSERT_EQ(j["findings"].size(), 1u) << j.dump(1);
    const auto& f = j["findings"][0];
    EXPECT_EQ(f["gene"], "SLC52A3");
    ASSERT_EQ(f["variants"].size(), 1u) << f.dump(1);
    const auto& v = f["variants"][0];
    EXPECT_EQ(v["pos"], 757801);
    EXPECT_EQ(v["alt"], "<DEL>");
    EXPECT_EQ(v["route"], "lof");
    EXPECT_EQ(v["consequence"]["source"], "nbscreen") << v.dump(1);
    EXPECT_EQ(v["consequence"]["transcript"], "ENST00000645534.1");
    EXPECT_EQ(v["consequence"]["terms"], nlohmann::json::array({"transcript_ablation"}));
    // AVP's whole transcript goes too, but AVP's condition is not caused by loss of function:
    // said, not counted.
    const std::string flags = j["qc"]["flags"].dump();
    EXPECT_NE(flags.find("chr20:3080101 <DEL> (deleting 3080102-3086900) removes the whole AVP "
                         "transcript ENST00000380293.3 (transcript_ablation), but AVP's "
                         "neurohypophyseal-diabetes-insipidus is not caused by loss of function"),
              std::string::npos)
        << flags;
}

// The same from an indexed BCF: htslib's index places the record by its END, as the streaming
// precheck does.
TEST(PanelKnowledge, SymbolicDeletionFromAnIndexedBcf) {
    const fs::path dir = scratch_dir("PanelKnowledge.SvBcf");
    const fs::path bcf = dir / "baby_sv_deletions.bcf";
    const std::string cmd = "bcftools view --no-version -Ob -o '" + bcf.string() + "' '" +
                            knowledge_data("baby_sv_deletions.vcf") + "' && bcftools index '" +
                            bcf.string() + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    const CliResult r =
        run_nbscreen({"screen", "--panel", (test_data() / "panel/know20").string(), "--vcf",
                      bcf.string(), "--out", (dir / "out").string(), "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(slurp(dir / "out/baby_sv_deletions.json"));
    ASSERT_EQ(j["findings"].size(), 1u) << j.dump(1);
    EXPECT_EQ(j["findings"][0]["variants"][0]["consequence"]["terms"],
              nlohmann::json::array({"transcript_ablation"}));
}

// Part of the transcript (exons 2-3 of SLC52A3, the extent from SVLEN): flagged, never dropped.
TEST(PanelKnowledge, PartialSymbolicDeletionIsFlaggedNotDropped) {
    const auto j = screen_vcf("PanelKnowledge.SvPartial", "baby_sv_partial");
    EXPECT_TRUE(j["findings"].empty()) << j["findings"].dump(1);
    const std::string flags = j["qc"]["flags"].dump();
    EXPECT_NE(flags.find("chr20:761500 <DEL> (deleting 761501-764200) removes part of SLC52A3's "
                         "transcript ENST00000645534.1"),
              std::string::npos)
        << flags;
}

}  // namespace
}  // namespace nbs::test
