// Curator tools of issue 15 through the real binary: `panel targets --make`, validate's warnings
// (a gene without targets) and errors (a condition that can never be assessed, a retired column
// still filled, release checks of `--previous`), `panel diff` naming the genes whose targets
// changed, `panel info` saying what each count counts, and the schema 1.2 condition columns.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "support/cli_runner.hpp"

namespace nbs::test {
namespace {

namespace fs = std::filesystem;

fs::path copy_panel(const fs::path& from, const std::string& name) {
    const auto dir = scratch_dir(name) / "panel";
    fs::copy(from, dir, fs::copy_options::recursive);
    return dir;
}

void write(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
}

/// `text` with the first `from` replaced by `to` (the test fails when `from` is absent).
std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto p = text.find(from);
    EXPECT_NE(p, std::string::npos) << from;
    if (p != std::string::npos) text.replace(p, from.size(), to);
    return text;
}

/// Every line of `text` that does not start with `prefix`.
std::string without_lines(const std::string& text, const std::string& prefix) {
    std::istringstream in(text);
    std::string line, out;
    while (std::getline(in, line))
        if (line.rfind(prefix, 0) != 0) out += line + '\n';
    return out;
}

const fs::path kKnow20 = test_data() / "panel" / "know20";
const fs::path kMini11 = test_data() / "panel" / "mini11";
const fs::path kGtf = test_data() / "knowledge" / "mane_chr20_avp_slc52a3.gtf.gz";

// AVP's MANE Select CDS in know20's knowledge/transcripts.tsv is 3082630-3082802,
// 3082977-3083178, 3084555-3084674 (stop codon included); +/- 20 bp by hand. The last two equal
// the rows panels/generation-study derived from the Ensembl GTF; the first starts 3 bp lower
// because that GTF's CDS leaves out the stop codon (minus strand, lowest coordinates).
const char* const kAvpRows =
    "AVP\tchr20\t3082610\t3082822\tcoding_exon\tENST00000380293.3\n"
    "AVP\tchr20\t3082957\t3083198\tcoding_exon\tENST00000380293.3\n"
    "AVP\tchr20\t3084535\t3084694\tcoding_exon\tENST00000380293.3\n";

TEST(PanelTargetsMake, DerivesManeCodingExonsFromTheKnowledge) {
    const auto dir = copy_panel(kKnow20, "targets_make_knowledge");
    ASSERT_FALSE(fs::exists(dir / "targets.tsv"));
    const auto r = run_nbscreen({"panel", "targets", dir.string(), "--make"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("+ AVP\tENST00000380293.3\t3 coding_exon target(s)\n"), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("+ SLC52A3\tENST00000645534.1\t"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("targets: 0 rows kept, 2 genes given coding_exon targets (+/- 20 bp), 0 "
                         "given their gene span\n"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.err.find("changed but its version is still 1.0.0"), std::string::npos) << r.err;
    const std::string tsv = slurp(dir / "targets.tsv");
    EXPECT_EQ(tsv.rfind("symbol\tchrom\tstart\tend\tkind\ttranscript\n", 0), 0U) << tsv;
    // Sorted by position: SLC52A3 (chr20:760080-768500) comes before AVP.
    EXPECT_LT(tsv.find("SLC52A3\t"), tsv.find("AVP\t"));
    EXPECT_NE(tsv.find(kAvpRows), std::string::npos) << tsv;
    EXPECT_EQ(tsv.find("gene_span"), std::string::npos) << tsv;

    // Idempotent: every gene now has targets, so nothing is added and nothing rewritten.
    const auto again = run_nbscreen({"panel", "targets", dir.string(), "--make"});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find("no change to "), std::string::npos) << again.out;
    EXPECT_EQ(slurp(dir / "targets.tsv"), tsv);

    // The written panel validates without warnings, and the diff names both genes: their
    // targets went from the implicit gene span to coding exons.
    const auto v = run_nbscreen({"panel", "validate", dir.string()});
    EXPECT_EQ(v.exit_code, 0) << v.err;
    EXPECT_TRUE(v.err.empty()) << v.err;
    const auto d = run_nbscreen({"panel", "diff", kKnow20.string(), dir.string()});
    ASSERT_EQ(d.exit_code, 0) << d.err;
    EXPECT_NE(d.out.find("\ntargets: 2 -> "), std::string::npos) << d.out;
    EXPECT_NE(d.out.find("  ~ 2 genes: AVP SLC52A3\n"), std::string::npos) << d.out;
    const auto j = run_nbscreen({"panel", "diff", "--json", kKnow20.string(), dir.string()});
    EXPECT_NE(j.out.find("\"genes_changed\": [\n      \"AVP\",\n      \"SLC52A3\"\n    ]"),
              std::string::npos)
        << j.out;
}

TEST(PanelTargetsMake, AGtfGivesTheSameTargetsAsTheKnowledgeBuiltFromIt) {
    const auto from_knowledge = copy_panel(kKnow20, "targets_make_k");
    ASSERT_EQ(run_nbscreen({"panel", "targets", from_knowledge.string(), "--make"}).exit_code, 0);
    const auto from_gtf = copy_panel(kKnow20, "targets_make_gtf");
    const auto r = run_nbscreen(
        {"panel", "targets", from_gtf.string(), "--make", "--transcripts", kGtf.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(slurp(from_gtf / "targets.tsv"), slurp(from_knowledge / "targets.tsv"));
}

TEST(PanelTargetsMake, NeverChangesCuratedTargets) {
    const auto dir = copy_panel(kKnow20, "targets_make_curated");
    // A curator's AVP target (not the MANE exons) and a comment: both survive.
    const std::string curated =
        "# curated by hand\n"
        "symbol\tchrom\tstart\tend\tkind\ttranscript\n"
        "AVP\tchr20\t3082556\t3084724\tgene_span\t\n";
    write(dir / "targets.tsv", curated);
    const auto r = run_nbscreen({"panel", "targets", dir.string(), "--make"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.find("+ AVP"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("targets: 1 rows kept, 1 genes given coding_exon targets"),
              std::string::npos)
        << r.out;
    const std::string tsv = slurp(dir / "targets.tsv");
    EXPECT_EQ(tsv.rfind("# curated by hand\nsymbol\t", 0), 0U) << tsv;
    EXPECT_NE(tsv.find("AVP\tchr20\t3082556\t3084724\tgene_span\t\n"), std::string::npos) << tsv;
    EXPECT_EQ(tsv.find("AVP\tchr20\t3082610"), std::string::npos) << tsv;
    EXPECT_NE(tsv.find("SLC52A3\tchr20\t"), std::string::npos) << tsv;
}

TEST(PanelTargetsMake, AGeneWithoutAManeModelKeepsItsSpanAndIsNamed) {
    // mini11's genes (ACAT1, PAH, OTC) are not in the chr20 GTF.
    const auto dir = copy_panel(kMini11, "targets_make_nomodel");
    const auto r =
        run_nbscreen({"panel", "targets", dir.string(), "--make", "--transcripts", kGtf.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("[nbscreen] no MANE Select coding model in " + kGtf.string() +
                         " for 3 gene(s), their gene span is the target: "),
              std::string::npos)
        << r.err;
    const std::string tsv = slurp(dir / "targets.tsv");
    EXPECT_NE(tsv.find("PAH\tchr12\t"), std::string::npos) << tsv;
    EXPECT_EQ(tsv.find("coding_exon"), std::string::npos) << tsv;
}

TEST(PanelTargetsMake, WithoutTranscriptModelsIsBadInputAndWritesNothing) {
    const auto dir = copy_panel(kMini11, "targets_make_nomodels");
    const auto r = run_nbscreen({"panel", "targets", dir.string(), "--make"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("the panel has no transcript models to derive targets from"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("give --transcripts MANE.GRCh38.gtf.gz"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "targets.tsv"));
}

TEST(PanelTargetsMake, RefusesOutAndBundles) {
    const auto dir = copy_panel(kKnow20, "targets_make_usage");
    const auto r =
        run_nbscreen({"panel", "targets", dir.string(), "--make", "-o", (dir / "x.bed").string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("-o/--out is for the BED listing"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "targets.tsv"));
    const auto bundle = dir.parent_path() / "know20.nbpanel";
    ASSERT_EQ(run_nbscreen({"panel", "build", dir.string(), "-o", bundle.string()}).exit_code, 0);
    const auto b = run_nbscreen({"panel", "targets", bundle.string(), "--make"});
    EXPECT_EQ(b.exit_code, 3);
    EXPECT_NE(b.err.find("not a panel directory"), std::string::npos) << b.err;
}

TEST(PanelTargetsMake, DryRunWritesNothing) {
    const auto dir = copy_panel(kKnow20, "targets_make_dry");
    const auto r = run_nbscreen({"panel", "targets", dir.string(), "--make", "--dry-run"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("+ AVP\t"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("dry run: nothing written"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(dir / "targets.tsv"));
}

// The whole generation-study panel, its targets.tsv removed, from the MANE GTF its derivation
// read (an independent oracle: panels/tools/derive_generation_study.py computes the committed
// rows in Python). Every gene gets the same intervals, except that nbscreen's CDS includes the
// stop codon (a GTF stop_codon feature) and the derivation's does not: a row may end up to 3 bp
// later (plus strand) or start up to 3 bp earlier (minus strand), and a stop codon (or part of
// one) in an exon of its own (COL13A1, LPL, RPS24 in MANE v1.0) is one extra row. The 46 chr1 genes
// (no chr1 in the GTF) keep their span in both.
TEST(PanelTargetsMake, AgreesWithTheGenerationStudyDerivationWhenPresent) {
    const fs::path gtf =
        fs::path(NBS_SHARED_DATA) / "genes/mane/MANE.GRCh38.v1.0.ensembl107_derived.noChr1.gtf.gz";
    if (!fs::exists(gtf)) GTEST_SKIP() << gtf << " not found (../shared/data absent)";
    const auto dir = copy_panel(source_dir() / "panels/generation-study", "targets_make_gs");
    fs::remove(dir / "targets.tsv");
    const auto r =
        run_nbscreen({"panel", "targets", dir.string(), "--make", "--transcripts", gtf.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("targets: 0 rows kept, 429 genes given coding_exon targets (+/- 20 bp), "
                         "46 given their gene span\n"),
              std::string::npos)
        << r.out;
    using Rows = std::map<std::string, std::vector<std::pair<long long, long long>>>;
    auto rows = [](const std::string& tsv) {
        Rows out;
        std::istringstream in(tsv);
        std::string line;
        std::getline(in, line);  // header
        while (std::getline(in, line)) {
            std::istringstream cells(line);
            std::string gene, chrom, start, end;
            std::getline(cells, gene, '\t');
            std::getline(cells, chrom, '\t');
            std::getline(cells, start, '\t');
            std::getline(cells, end, '\t');
            out[gene].emplace_back(std::stoll(start), std::stoll(end));
        }
        return out;
    };
    const Rows derived = rows(slurp(source_dir() / "panels/generation-study/targets.tsv"));
    const Rows made = rows(slurp(dir / "targets.tsv"));
    ASSERT_EQ(made.size(), derived.size());
    std::set<std::string> extra_row;
    std::size_t same = 0, stop_codon = 0;
    for (const auto& [gene, want] : derived) {
        SCOPED_TRACE(gene);
        ASSERT_EQ(made.count(gene), 1U);
        auto got = made.at(gene);
        if (got.size() == want.size() + 1) extra_row.insert(gene);
        for (const auto& w : want) {
            const auto it = std::find_if(got.begin(), got.end(), [&](const auto& g) {
                // The stop codon may be split over two exons (LPL: 2 bases, then 1).
                return (g.first == w.first && g.second >= w.second && g.second <= w.second + 3) ||
                       (g.second == w.second && g.first <= w.first && g.first >= w.first - 3);
            });
            ASSERT_NE(it, got.end()) << w.first << "-" << w.second;
            (*it == w ? same : stop_codon) += 1;
            got.erase(it);
        }
        EXPECT_LE(got.size(), 1U);
    }
    EXPECT_EQ(extra_row, (std::set<std::string>{"COL13A1", "LPL", "RPS24"}));
    EXPECT_GT(same, 5000U);
    EXPECT_GT(stop_codon, 400U);
}

// HADHB's only condition (mitochondrial trifunctional protein deficiency) also has HADHA: a
// missing HADHB target is a warning; with HADHA's gone too, the conditions are errors.
TEST(PanelValidateTargets, AGeneWithoutTargetsWarnsAConditionNeverAssessableFails) {
    const auto dir = copy_panel(source_dir() / "panels/generation-study", "validate_targets");
    const std::string targets = slurp(dir / "targets.tsv");
    write(dir / "targets.tsv", without_lines(targets, "HADHB\t"));
    const auto w = run_nbscreen({"panel", "validate", dir.string()});
    EXPECT_EQ(w.exit_code, 0) << w.err;
    EXPECT_NE(w.err.find(": warning: HADHB has no coverage targets in targets.tsv\n  hint: run "
                         "'nbscreen panel targets " +
                         dir.string() + " --make'"),
              std::string::npos)
        << w.err;
    EXPECT_NE(w.err.find("[nbscreen] 1 warning in " + dir.string() + "\n"), std::string::npos)
        << w.err;
    EXPECT_NE(w.out.find("valid panel generation-study"), std::string::npos);

    write(dir / "targets.tsv", without_lines(without_lines(targets, "HADHB\t"), "HADHA\t"));
    const auto e = run_nbscreen({"panel", "validate", dir.string()});
    EXPECT_EQ(e.exit_code, 3) << e.err;
    EXPECT_TRUE(e.out.empty()) << e.out;
    EXPECT_NE(e.err.find("conditions.tsv"), std::string::npos);
    EXPECT_NE(e.err.find(": condition 'lchad-deficiency' cannot be assessed: none of its genes "
                         "(HADHA) has coverage targets\n"),
              std::string::npos)
        << e.err;
    EXPECT_NE(e.err.find(": condition 'mitochondrial-trifunctional-protein-deficiency' cannot be "
                         "assessed: none of its genes (HADHA, HADHB) has coverage targets\n"),
              std::string::npos)
        << e.err;
    EXPECT_NE(e.err.find("[nbscreen] 2 warnings in "), std::string::npos) << e.err;
    EXPECT_NE(e.err.find("[nbscreen] 2 problems in "), std::string::npos) << e.err;
}

TEST(PanelValidateTargets, AConditionWithoutGenesFails) {
    const auto dir = copy_panel(kMini11, "validate_no_genes");
    std::ofstream(dir / "conditions.tsv", std::ios::app)
        << "orphan\tOrphan\tMetabolism\t\t\t\t\t\t\n";
    const auto r = run_nbscreen({"panel", "validate", dir.string()});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("conditions.tsv:5:1: condition 'orphan' has no gene entry in genes.tsv"),
              std::string::npos)
        << r.err;
}

// mini11 1.1.0 is the previous release; the new one adds an include row.
TEST(PanelValidatePrevious, NewRowsCarryTheNewVersionAndReleasedMovesForward) {
    const auto dir = copy_panel(kMini11, "validate_previous");
    write(dir / "panel.toml", replaced(replaced(slurp(dir / "panel.toml"), "version = \"1.1.0\"",
                                                "version = \"1.2.0\""),
                                       "released = \"2026-11-24\"", "released = \"2026-11-01\""));
    write(dir / "CHANGELOG.md", replaced(slurp(dir / "CHANGELOG.md"), "## 1.1.0",
                                         "## 1.2.0 (2026-12-03)\n\nOne row.\n\n## 1.1.0"));
    std::ofstream(dir / "variants.tsv", std::ios::app)
        << "chr12\t102840480\tT\tC\tPAH\tinclude\tfixture allele\tcurated\t\t1.1.0\t\t\n";
    const auto bad =
        run_nbscreen({"panel", "validate", dir.string(), "--previous", kMini11.string()});
    EXPECT_EQ(bad.exit_code, 3);
    EXPECT_NE(bad.err.find("released 2026-11-01 is earlier than the previous release's 2026-11-24"),
              std::string::npos)
        << bad.err;
    EXPECT_NE(bad.err.find(":10: chr12:102840480:T>C is new since 1.1.0 but added_in is '1.1.0'\n"
                           "  hint: write added_in 1.2.0"),
              std::string::npos)
        << bad.err;
    EXPECT_NE(bad.err.find("[nbscreen] 2 problems in "), std::string::npos) << bad.err;

    // Fixed: the row says 1.2.0; released the same day as 1.1.0 is allowed, with a warning.
    write(dir / "variants.tsv", replaced(slurp(dir / "variants.tsv"), "\tcurated\t\t1.1.0\t\t\n",
                                         "\tcurated\t\t1.2.0\t\t\n"));
    write(dir / "panel.toml", replaced(slurp(dir / "panel.toml"), "released = \"2026-11-01\"",
                                       "released = \"2026-11-24\""));
    const auto same =
        run_nbscreen({"panel", "validate", dir.string(), "--previous", kMini11.string()});
    EXPECT_EQ(same.exit_code, 0) << same.err;
    EXPECT_NE(
        same.err.find(": warning: released 2026-11-24 is the same date as the previous release"),
        std::string::npos)
        << same.err;
    write(dir / "panel.toml", replaced(slurp(dir / "panel.toml"), "released = \"2026-11-24\"",
                                       "released = \"2026-12-03\""));
    const auto good =
        run_nbscreen({"panel", "validate", dir.string(), "--previous", kMini11.string()});
    EXPECT_EQ(good.exit_code, 0) << good.err;
    EXPECT_EQ(good.err.find("released"), std::string::npos) << good.err;
}

// The shipped panel against its 1.1.0 release. 1.1.0 is rebuilt from the committed 1.2.0 by
// undoing exactly what 1.2.0 changed (the schema 1.2 columns and their [sources] line, smn.tsv,
// the knowledge and the per-population ceilings); its checksum proves the rebuild is 1.1.0 as
// released (git show 1ed870b^:panels/generation-study).
TEST(PanelValidatePrevious, GenerationStudy120AgainstTheRelease110) {
    const auto gs = source_dir() / "panels/generation-study";
    const auto old = copy_panel(gs, "gs_release_110");
    fs::remove(old / "smn.tsv");
    fs::remove_all(old / "knowledge");
    std::string toml = slurp(old / "panel.toml");
    if (const auto k = toml.find("\n[knowledge"); k != std::string::npos) toml.resize(k + 1);
    // 1.2.0 also added the per-population LoF ceilings table (and the blank line before it).
    if (const auto t = toml.find("\n\n[thresholds.population_af_monoallelic]");
        t != std::string::npos) {
        const auto next = toml.find("\n[", t + 2);
        toml.erase(t + 1, (next == std::string::npos ? toml.size() : next + 1) - (t + 1));
    }
    toml = replaced(toml, "schema_version = \"1.2\"", "schema_version = \"1.1\"");
    toml = replaced(toml, "version = \"1.2.0\"", "version = \"1.1.0\"");
    const auto scores = toml.find("condition_scores = ");
    ASSERT_NE(scores, std::string::npos);
    toml.erase(scores, toml.find('\n', scores) + 1 - scores);
    write(old / "panel.toml", toml);
    std::istringstream in(slurp(old / "conditions.tsv"));
    std::string line, conditions;
    while (std::getline(in, line)) {
        for (int i = 0; i < 3; ++i)
            line.resize(line.rfind('\t'));
        conditions += line + '\n';
    }
    write(old / "conditions.tsv", conditions);
    const auto info = run_nbscreen({"panel", "info", old.string()});
    ASSERT_EQ(info.exit_code, 0) << info.err;
    ASSERT_NE(
        info.out.find("sha256\ta7f04d988599c5cff7a4c27cb617f2df6e3ce9ec5c3b2d5b26a9a6eafa2c8b39"
                      "\n"),
        std::string::npos)
        << "not the 1.1.0 release:\n"
        << info.out;
    const auto r = run_nbscreen({"panel", "validate", gs.string(), "--previous", old.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("valid panel generation-study 1.2.0"), std::string::npos) << r.out;
    EXPECT_EQ(r.err.find("problem"), std::string::npos) << r.err;
    // Unbumped (1.2.0 content under 1.1.0) it would be refused.
    const auto same = copy_panel(gs, "gs_release_unbumped");
    write(same / "panel.toml",
          replaced(slurp(same / "panel.toml"), "version = \"1.2.0\"", "version = \"1.1.0\""));
    const auto refused =
        run_nbscreen({"panel", "validate", same.string(), "--previous", old.string()});
    EXPECT_EQ(refused.exit_code, 3);
    EXPECT_NE(refused.err.find("but version is still 1.1.0"), std::string::npos) << refused.err;
}

TEST(PanelSchema12, ConditionColumnsAreCheckedAndNeedSchema12) {
    const auto dir = copy_panel(kMini11, "schema12_columns");
    const std::string header =
        "condition_id\tname\tcategory\tonset\tintervention\tomim\tmondo\trequires_evidence\t"
        "requires_reason";
    std::string c = slurp(dir / "conditions.tsv");
    c = replaced(c, header, header + "\tasqm_severity\tasqm_efficacy\torthogonal_test");
    c = replaced(c, "Infant\t\t\t\t\t\n", "Infant\t\t\t\t\t\t4\tACAT1:2,PAH\tmaybe\n");
    c = replaced(c, "\tOMIM:261600\tMONDO:0009861\t\t\n",
                 "\tOMIM:261600\tMONDO:0009861\t\t\t2\t3\tyes\n");
    c = replaced(c, "a condition that needs evidence a VCF cannot show\n",
                 "a condition that needs evidence a VCF cannot show\t\t\t\n");
    write(dir / "conditions.tsv", c);
    const auto v11 = run_nbscreen({"panel", "validate", dir.string()});
    EXPECT_EQ(v11.exit_code, 3);
    EXPECT_NE(v11.err.find("conditions.tsv:1:10: column 'asqm_severity' is from panel schema 1.2 "
                           "but panel.toml says schema_version = \"1.1\"\n  hint: set "
                           "schema_version = \"1.2\" in panel.toml"),
              std::string::npos)
        << v11.err;
    write(dir / "panel.toml", replaced(slurp(dir / "panel.toml"), "schema_version = \"1.1\"",
                                       "schema_version = \"1.2\""));
    const auto v12 = run_nbscreen({"panel", "validate", dir.string()});
    EXPECT_EQ(v12.exit_code, 3);
    EXPECT_NE(v12.err.find(":2:10: asqm_severity '4' is not a score 0-3"), std::string::npos)
        << v12.err;
    EXPECT_NE(v12.err.find(":2:11: asqm_efficacy 'ACAT1:2,PAH' is not a score 0-3"),
              std::string::npos)
        << v12.err;
    EXPECT_NE(v12.err.find(":2:12: orthogonal_test 'maybe' is not yes or no"), std::string::npos)
        << v12.err;
    // In schema 1.2 a filled intervention is an error (mini11 fills it for two conditions).
    EXPECT_NE(v12.err.find(":3:5: intervention is filled for 'otc-deficiency' but the column is "
                           "retired (panel schema 1.2): nbscreen ignores it"),
              std::string::npos)
        << v12.err;
    EXPECT_NE(v12.err.find("[nbscreen] 5 problems in "), std::string::npos) << v12.err;
}

TEST(PanelSchema12, InASchema11PanelAFilledInterventionIsOnlyWarned) {
    const auto r = run_nbscreen({"panel", "validate", kMini11.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("conditions.tsv:4:5: warning: intervention is filled for "
                         "'phenylketonuria' but the column is retired"),
              std::string::npos)
        << r.err;
    // mini11's otc-deficiency needs other:test_evidence: listed as never assessable.
    EXPECT_NE(r.err.find("conditions.tsv:3:8: warning: condition 'otc-deficiency' is never "
                         "assessable: it requires other:test_evidence, which nbscreen cannot read"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("[nbscreen] 3 warnings in "), std::string::npos) << r.err;
}

TEST(PanelSchema12, BuildPrintsTheWarningsAndStillWritesTheBundle) {
    const auto out = scratch_dir("build_warnings") / "mini11.nbpanel";
    const auto r = run_nbscreen({"panel", "build", kMini11.string(), "-o", out.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("[nbscreen] 3 warnings in " + kMini11.string() + "\n"), std::string::npos)
        << r.err;
    EXPECT_TRUE(fs::exists(out));
}

TEST(PanelInfo, SaysWhetherItCountsConditionsOrGeneEntries) {
    const auto r =
        run_nbscreen({"panel", "info", (source_dir() / "panels/generation-study").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // 113 Immunology gene entries (CHANGELOG.md counts) fall under 112 conditions.
    EXPECT_NE(r.out.find("conditions_by_category\tImmunology\t112\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("gene_entries_by_category\tImmunology\t113\n"), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("gene_entries_by_moi\tBIALLELIC\t398\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("conditions\t468\ngenes\t475\ngene_entries\t496\n"), std::string::npos)
        << r.out;
}

}  // namespace
}  // namespace nbs::test
