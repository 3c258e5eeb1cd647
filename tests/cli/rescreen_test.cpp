// nbscreen rescreen (issue 14 items 5-6): the demo batch screened once with the generation-study
// panel, then decided again from its evidence snapshots under panel versions made here from the
// real panel by one small edit each (nothing is committed but this generator):
//   unchanged panel        -> results byte-identical to the screen (provenance off on both runs),
//                             at 1 and 3 threads; every row UNCHANGED
//   SCN1A downgraded       -> baby02 x DEE6 NO_LONGER_PRIORITISED, caused by the genes ~ line
//   exclusion added        -> baby03 x MCAD NO_LONGER_PRIORITISED, caused by the variants ~ line
//   ClinVar reclassified   -> baby09 x BVVL1 EVIDENCE_CHANGED, caused by the knowledge line
//   min_dp raised to 30    -> baby03 x MCAD and baby04 x CF NO_LONGER_PRIORITISED (DP 28, 29)
//   a new gene             -> every baby NEEDS_RESCREEN (exit 3, no result); --reread screens
//                             them from their VCFs, and refuses a VCF that changed
// plus a snapshot that is corrupt (one baby fails with exit 3, the others are re-decided), and a
// baby screened from stdin (re-decided from its snapshot; never re-read).
#include <gtest/gtest.h>
#include <zstd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/panel/panel_files.hpp"
#include "support/cli_runner.hpp"

namespace nbs::test {
namespace {

namespace fs = std::filesystem;

const fs::path kPanel = source_dir() / "panels/generation-study";
const fs::path kSample = source_dir() / "sample_data";

void write(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
}

// A copy of the real panel under `dir`, with `edit` applied and its version bumped.
fs::path make_panel(const fs::path& dir, const std::string& version,
                    const std::function<void(const fs::path&)>& edit) {
    fs::remove_all(dir);
    fs::copy(kPanel, dir, fs::copy_options::recursive);
    std::string toml = slurp(dir / "panel.toml");
    const std::string from = "version = \"1.2.0\"";
    const auto at = toml.find(from);
    EXPECT_NE(at, std::string::npos);
    toml.replace(at, from.size(), "version = \"" + version + "\"");
    write(dir / "panel.toml", toml);
    edit(dir);
    return dir;
}

// Replaces the one line of `file` that matches `pattern` by `line` (or appends `line`).
void replace_line(const fs::path& file, const std::string& pattern, const std::string& line) {
    std::istringstream in(slurp(file));
    std::string out, l;
    int hits = 0;
    const std::regex re(pattern);
    while (std::getline(in, l)) {
        if (!pattern.empty() && std::regex_search(l, re)) {
            ++hits;
            if (!line.empty()) out += line + '\n';
            continue;
        }
        out += l + '\n';
    }
    if (pattern.empty()) out += line + '\n';
    if (!pattern.empty()) {
        EXPECT_EQ(hits, 1) << pattern << " in " << file;
    }
    write(file, out);
}

std::string zstd_text(const fs::path& p) {
    const std::string z = slurp(p);
    const auto n = ZSTD_getFrameContentSize(z.data(), z.size());
    std::string raw(n, '\0');
    EXPECT_EQ(ZSTD_decompress(raw.data(), raw.size(), z.data(), z.size()), n);
    return raw;
}

// Adds (or replaces) ClinVar knowledge rows for chr20:765300 G>A, baby09's SLC52A3 allele, and
// records the section's new checksum in panel.toml, as 'nbscreen panel knowledge' would.
void set_clinvar_row(const fs::path& dir, const std::string& counts_and_sig) {
    const fs::path table = dir / "knowledge/clinvar.tsv.zst";
    std::istringstream in(zstd_text(table));
    std::vector<std::string> head, rows;
    std::string l;
    while (std::getline(in, l)) {
        if (l.rfind("chr20\t765300\t", 0) == 0) continue;
        (l.rfind("chr", 0) == 0 && l.rfind("chrom\t", 0) != 0 ? rows : head).push_back(l);
    }
    rows.push_back("chr20\t765300\tG\tA\tyes\t999999991\t" + counts_and_sig);
    std::sort(rows.begin(), rows.end(), [](const std::string& a, const std::string& b) {
        auto key = [](const std::string& r) {
            std::istringstream s(r);
            std::string chrom, pos, ref, alt;
            std::getline(s, chrom, '\t');
            std::getline(s, pos, '\t');
            std::getline(s, ref, '\t');
            std::getline(s, alt, '\t');
            return std::make_tuple(chrom, std::stoll(pos), ref, alt);
        };
        return key(a) < key(b);
    });
    std::string raw;
    for (const auto& h : head)
        raw += h + '\n';
    for (const auto& r : rows)
        raw += r + '\n';
    std::string z(ZSTD_compressBound(raw.size()), '\0');
    z.resize(ZSTD_compress(z.data(), z.size(), raw.data(), raw.size(), 3));
    write(table, z);
    replace_line(dir / "panel.toml", "^\"knowledge/clinvar.tsv.zst\" = ",
                 "\"knowledge/clinvar.tsv.zst\" = \"" + sha256_hex(z) + "\"");
}

CliResult screen(const fs::path& panel, const fs::path& manifest, const fs::path& out) {
    return run_nbscreen({"screen", "--panel", panel.string(), "--manifest", manifest.string(),
                         "--out", out.string(), "--no-provenance", "--quiet"});
}

// Screens ran with --no-provenance, so their snapshots name no panel path: the previous panel is
// given (the real one unless `more` names another).
CliResult rescreen(const fs::path& previous, const fs::path& panel, const fs::path& out,
                   std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"rescreen",   "--previous",      previous.string(),
                                     "--panel",    panel.string(),    "--out",
                                     out.string(), "--no-provenance", "--quiet"};
    if (std::find(more.begin(), more.end(), "--previous-panel") == more.end()) {
        more.push_back("--previous-panel");
        more.push_back(kPanel.string());
    }
    args.insert(args.end(), more.begin(), more.end());
    return run_nbscreen(args);
}

struct Change {
    std::string change, before, after, cause, detail;
};

// change_report.tsv by (sample, condition).
std::map<std::pair<std::string, std::string>, Change> changes(const fs::path& out) {
    std::map<std::pair<std::string, std::string>, Change> m;
    std::istringstream in(slurp(out / "change_report.tsv"));
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line, "sample_id\tcondition_id\tchange\tbefore\tafter\tcause\tdetail");
    while (std::getline(in, line)) {
        std::vector<std::string> c;
        std::size_t start = 0;
        for (;;) {
            const auto t = line.find('\t', start);
            c.push_back(line.substr(start, t == std::string::npos ? t : t - start));
            if (t == std::string::npos) break;
            start = t + 1;
        }
        EXPECT_EQ(c.size(), 7U) << line;
        if (c.size() == 7) m[{c[0], c[1]}] = {c[2], c[3], c[4], c[5], c[6]};
    }
    return m;
}

// The rows that are not UNCHANGED, as "sample condition CLASS".
std::set<std::string> changed(const std::map<std::pair<std::string, std::string>, Change>& m) {
    std::set<std::string> out;
    for (const auto& [k, c] : m)
        if (c.change != "UNCHANGED") out.insert(k.first + ' ' + k.second + ' ' + c.change);
    return out;
}

std::map<std::string, std::string> files_of(const fs::path& dir) {
    std::map<std::string, std::string> files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file()) files[e.path().filename().string()] = slurp(e.path());
    return files;
}

class Rescreen : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        // Per process: ctest runs each test in its own process, several at once.
        base_ =
            new fs::path(scratch_dir("rescreen_base_" + std::to_string(::getpid())) / "results");
        const CliResult r = screen(kPanel, kSample / "batch.tsv", *base_);
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    static void TearDownTestSuite() { delete base_; }
    static fs::path* base_;
};
fs::path* Rescreen::base_ = nullptr;

TEST_F(Rescreen, UnchangedPanelGivesByteIdenticalResultsAtAnyThreadCount) {
    const fs::path dir = scratch_dir("rescreen_same");
    const auto before = files_of(*base_);
    ASSERT_EQ(before.count("baby07.evidence.zst"), 1U) << "cohort babies keep a snapshot too";
    ASSERT_EQ(before.count("baby09.evidence.zst"), 1U);
    for (const int threads : {1, 3}) {
        const fs::path out = dir / ("t" + std::to_string(threads));
        const CliResult r = rescreen(*base_, kPanel, out, {"--threads", std::to_string(threads)});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        auto after = files_of(out);
        ASSERT_EQ(after.erase("change_report.tsv"), 1U);
        ASSERT_EQ(after.size(), before.size());
        for (const auto& [name, bytes] : before)
            EXPECT_TRUE(after[name] == bytes) << name << " differs at --threads " << threads;
        const auto m = changes(out);
        EXPECT_EQ(m.size(), 9U * 468U) << "every baby x every condition of the panel";
        EXPECT_TRUE(changed(m).empty());
    }
}

TEST_F(Rescreen, GeneDowngradedIsNoLongerPrioritisedWithItsDiffLine) {
    const fs::path dir = scratch_dir("rescreen_downgrade");
    const fs::path panel = make_panel(dir / "panel", "1.2.1", [](const fs::path& p) {
        std::string genes = slurp(p / "genes.tsv");
        const std::regex row(
            "(\nSCN1A\t[^\t]*\tearly-infantile-epileptic-encephalopathy-6\t)"
            "MONOALLELIC\t");
        ASSERT_TRUE(std::regex_search(genes, row));
        write(p / "genes.tsv", std::regex_replace(genes, row, "$1BIALLELIC\t"));
    });
    const CliResult r = rescreen(*base_, panel, dir / "out");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto m = changes(dir / "out");
    EXPECT_EQ(changed(m),
              (std::set<std::string>{"baby02 early-infantile-epileptic-encephalopathy-6 "
                                     "NO_LONGER_PRIORITISED"}));
    const Change& c = m.at({"baby02", "early-infantile-epileptic-encephalopathy-6"});
    EXPECT_EQ(c.before, "prioritised");
    EXPECT_EQ(c.after, "not_prioritised");
    EXPECT_EQ(c.cause,
              "genes ~ SCN1A / early-infantile-epileptic-encephalopathy-6: moi MONOALLELIC -> "
              "BIALLELIC");
    EXPECT_NE(slurp(*base_ / "baby02.json").find("\"findings\": [\n    {"), std::string::npos);
    EXPECT_NE(slurp(dir / "out/baby02.json").find("\"findings\": []"), std::string::npos);

    // Back to the real panel from the rescreen's own folder: the snapshots still name the panel
    // that read the VCFs, the results the one that decided them, so the previous panel must be
    // given; baby02 is NEW again, and every result is the original screen's.
    const CliResult back = rescreen(dir / "out", kPanel, dir / "back");
    EXPECT_EQ(back.exit_code, 3) << "decided with the downgraded panel, not the real one";
    EXPECT_NE(back.err.find("decided with another panel"), std::string::npos) << back.err;
    const CliResult again =
        rescreen(dir / "out", kPanel, dir / "back2", {"--previous-panel", panel.string()});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(changed(changes(dir / "back2")),
              (std::set<std::string>{"baby02 early-infantile-epileptic-encephalopathy-6 NEW"}));
    EXPECT_EQ(slurp(dir / "back2/baby02.json"), slurp(*base_ / "baby02.json"));
}

TEST_F(Rescreen, ExclusionAddedForAPositiveAlleleIsNoLongerPrioritised) {
    const fs::path dir = scratch_dir("rescreen_exclude");
    const fs::path panel = make_panel(dir / "panel", "1.2.1", [](const fs::path& p) {
        std::string v = slurp(p / "variants.tsv");
        const std::regex row("(\nchr1\t75761161\tA\tG\tACADM\t)include\t");
        ASSERT_TRUE(std::regex_search(v, row));
        write(p / "variants.tsv", std::regex_replace(v, row, "$1exclude\t"));
    });
    const CliResult r = rescreen(*base_, panel, dir / "out");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto m = changes(dir / "out");
    EXPECT_EQ(changed(m),
              (std::set<std::string>{
                  "baby03 medium-chain-acyl-coa-dehydrogenase-deficiency NO_LONGER_PRIORITISED"}));
    const Change& c = m.at({"baby03", "medium-chain-acyl-coa-dehydrogenase-deficiency"});
    EXPECT_NE(c.cause.find("variants ~ chr1:75761161:A>G: list include -> exclude"),
              std::string::npos)
        << c.cause;
    EXPECT_NE(slurp(dir / "out/baby03.json").find("\"findings\": []"), std::string::npos);
}

TEST_F(Rescreen, ClinVarReclassificationInTheKnowledgeChangesTheEvidence) {
    const fs::path dir = scratch_dir("rescreen_clinvar");
    // Screened when the knowledge called baby09's allele a VUS; rescreened when it is P/LP.
    const fs::path vus = make_panel(dir / "vus", "1.2.1", [](const fs::path& p) {
        set_clinvar_row(p, "0\t1\t0\tcriteria_provided,_single_submitter\tUncertain_significance");
    });
    const fs::path plp = make_panel(dir / "plp", "1.2.2", [](const fs::path& p) {
        set_clinvar_row(p,
                        "2\t0\t0\tcriteria_provided,_multiple_submitters,_no_conflicts\t"
                        "Pathogenic");
    });
    ASSERT_EQ(screen(vus, kSample / "batch.tsv", dir / "before").exit_code, 0);
    const CliResult r =
        rescreen(dir / "before", plp, dir / "out", {"--previous-panel", vus.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto m = changes(dir / "out");
    EXPECT_EQ(
        changed(m),
        (std::set<std::string>{"baby09 brown-vialetto-van-laere-syndrome-1 EVIDENCE_CHANGED"}));
    const Change& c = m.at({"baby09", "brown-vialetto-van-laere-syndrome-1"});
    EXPECT_NE(c.cause.find("knowledge ClinVar ~ chr20:765300:G>A: Uncertain_significance [P/LP 0, "
                           "VUS 1, B/LB 0] -> Pathogenic [P/LP 2, VUS 0, B/LB 0]"),
              std::string::npos)
        << c.cause;
    EXPECT_NE(slurp(dir / "out/baby09.json").find("\"route\": \"clinvar\""), std::string::npos);
}

TEST_F(Rescreen, ThresholdChangeFailsLowDepthCallsAndNamesTheThreshold) {
    const fs::path dir = scratch_dir("rescreen_threshold");
    const fs::path panel = make_panel(dir / "panel", "1.2.1", [](const fs::path& p) {
        replace_line(p / "panel.toml", "^min_dp = 10$", "min_dp = 30");
    });
    const CliResult r = rescreen(*base_, panel, dir / "out");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto m = changes(dir / "out");
    // DP 28 (baby03's ACADM) and 29 (baby04's second CFTR allele) now fail genotype QC; the
    // other findings have DP 31 to 33. baby07's F9 carrier allele (DP 28) failing QC makes
    // hemophilia B not assessable for her (a failed allele may hide a second one).
    EXPECT_EQ(changed(m),
              (std::set<std::string>{
                  "baby03 medium-chain-acyl-coa-dehydrogenase-deficiency NO_LONGER_PRIORITISED",
                  "baby04 cystic-fibrosis NO_LONGER_PRIORITISED",
                  "baby07 hemophilia-b ASSESSABILITY_CHANGED"}));
    EXPECT_EQ(m.at({"baby07", "hemophilia-b"}).after, "not_assessable");
    for (const auto& key : {std::pair<std::string, std::string>{"baby03",
                                                                "medium-chain-acyl-coa-"
                                                                "dehydrogenase-deficiency"},
                            {"baby04", "cystic-fibrosis"}})
        EXPECT_EQ(m.at(key).cause, "panel.toml ~ thresholds.min_dp: 10 -> 30");
}

// A gene entry on a chr20 stretch no panel gene covers (2.5 Mb), for the condition of SLC52A3:
// test data only, never a panel.
fs::path new_gene_panel(const fs::path& dir) {
    return make_panel(dir, "1.3.0", [](const fs::path& p) {
        std::string genes = slurp(p / "genes.tsv");
        const std::regex row("\nSLC52A3\tHGNC:16187\t([^\n]*)\t760080\t768500\t([^\n]*)");
        std::smatch m;
        ASSERT_TRUE(std::regex_search(genes, m, row));
        genes += "NEWGENE1\tHGNC:99999\t" + m[1].str() + "\t2500000\t2510000\t" + m[2].str() + "\n";
        write(p / "genes.tsv", genes);
    });
}

TEST_F(Rescreen, NewGeneNeedsRescreenFromTheVcfNeverAPass) {
    const fs::path dir = scratch_dir("rescreen_new_gene");
    const fs::path panel = new_gene_panel(dir / "panel");
    const CliResult r = rescreen(*base_, panel, dir / "out");
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.err.find("baby05: needs re-screen from the VCF: NEWGENE1: its region "
                         "chr20:2498000-2512000 was not read"),
              std::string::npos)
        << r.err;
    const auto m = changes(dir / "out");
    ASSERT_EQ(m.size(), 9U * 468U);
    for (const auto& [k, c] : m) {
        EXPECT_EQ(c.change, "NEEDS_RESCREEN") << k.first << ' ' << k.second;
        EXPECT_EQ(c.after, "needs_rescreen");
    }
    const Change& c = m.at({"baby09", "brown-vialetto-van-laere-syndrome-1"});
    EXPECT_EQ(c.before, "prioritised");
    EXPECT_NE(c.cause.find("genes + NEWGENE1 / brown-vialetto-van-laere-syndrome-1 / BIALLELIC"),
              std::string::npos)
        << c.cause;
    // No result is written for a baby that was not re-decided; the summary says why.
    EXPECT_FALSE(fs::exists(dir / "out/baby05.json"));
    const std::string summary = slurp(dir / "out/batch_summary.tsv");
    EXPECT_NE(summary.find("baby05\tneeds_rescreen"), std::string::npos) << summary;
    EXPECT_EQ(summary.find("no_condition_suspected"), std::string::npos) << summary;
}

TEST_F(Rescreen, RereadScreensFromTheVcfOnlyWhenItIsTheSameFile) {
    const fs::path dir = scratch_dir("rescreen_reread");
    const fs::path panel = new_gene_panel(dir / "panel");
    // The sample data copied, so one file can be changed after the screen.
    fs::copy(kSample, dir / "data", fs::copy_options::recursive);
    ASSERT_EQ(screen(kPanel, dir / "data/batch.tsv", dir / "before").exit_code, 0);

    const CliResult same = rescreen(dir / "before", panel, dir / "same", {"--reread"});
    EXPECT_EQ(same.exit_code, 0) << same.err;
    for (int i = 1; i <= 9; ++i)
        EXPECT_TRUE(fs::exists(dir / ("same/baby0" + std::to_string(i) + ".json")));
    // Re-read under the new panel: the new gene was read this time.
    const auto m = changes(dir / "same");
    EXPECT_EQ(m.at({"baby09", "brown-vialetto-van-laere-syndrome-1"}).change, "UNCHANGED");
    EXPECT_EQ(m.at({"baby01", "brown-vialetto-van-laere-syndrome-1"}).change,
              "ASSESSABILITY_CHANGED");

    // baby03's VCF gains a header line: no longer provably the file the snapshot was made from.
    std::string vcf = slurp(dir / "data/baby03.vcf");
    vcf.insert(vcf.find('\n') + 1, "##edited=after the screen\n");
    write(dir / "data/baby03.vcf", vcf);
    // baby04's indexed VCF, proven by what its screen read (batch/vcf_identity.hpp), is
    // recompressed with a changed header line and re-indexed.
    const std::string b04 = (dir / "data/baby04.vcf.gz").string();
    ASSERT_EQ(
        std::system(("bgzip -dc " + b04 + " | sed '2i ##edited=after the screen' | bgzip -c > " +
                     b04 + ".new && mv " + b04 + ".new " + b04 + " && tabix -f -p vcf " + b04)
                        .c_str()),
        0);
    const CliResult changed_vcf = rescreen(dir / "before", panel, dir / "changed", {"--reread"});
    EXPECT_EQ(changed_vcf.exit_code, 3);
    for (const char* baby : {"baby03: ", "baby04: "})
        EXPECT_NE(changed_vcf.err.find(baby), std::string::npos) << changed_vcf.err;
    EXPECT_NE(changed_vcf.err.find("the file changed since the screen"), std::string::npos)
        << changed_vcf.err;
    EXPECT_FALSE(fs::exists(dir / "changed/baby03.json"));
    EXPECT_FALSE(fs::exists(dir / "changed/baby04.json"));
    EXPECT_TRUE(fs::exists(dir / "changed/baby05.json"));
}

TEST_F(Rescreen, CorruptSnapshotFailsThatBabyAlone) {
    const fs::path dir = scratch_dir("rescreen_corrupt");
    fs::copy(*base_, dir / "before", fs::copy_options::recursive);
    // A snapshot cut short, with its record updated to match (as if written so): the codec
    // refuses it; a snapshot replaced without its record is refused before decoding.
    const fs::path snap = dir / "before/baby04.evidence.zst";
    const std::string cut = slurp(snap).substr(0, 200);
    write(snap, cut);
    replace_line(dir / "before/.nbscreen/baby04.key", "^file baby04\\.evidence\\.zst ",
                 "file baby04.evidence.zst " + sha256_hex(cut));
    write(dir / "before/baby06.evidence.zst", "nbscreen-evidence 1\nnot zstd");
    const CliResult r = rescreen(dir / "before", kPanel, dir / "out");
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("baby04: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("truncated or corrupt"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("baby06: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("no evidence snapshot that the folder's record proves"), std::string::npos)
        << r.err;
    EXPECT_FALSE(fs::exists(dir / "out/baby04.json"));
    EXPECT_EQ(slurp(dir / "out/baby03.json"), slurp(*base_ / "baby03.json"));
}

TEST_F(Rescreen, StdinBabyIsRedecidedFromItsSnapshotButNeverReread) {
    const fs::path dir = scratch_dir("rescreen_stdin");
    const CliResult s =
        run_nbscreen({"screen", "--panel", kPanel.string(), "--vcf", "-", "--sample-id", "piped",
                      "--out", (dir / "before").string(), "--no-provenance", "--quiet"},
                     (kSample / "baby03.vcf").string());
    ASSERT_EQ(s.exit_code, 0) << s.err;
    ASSERT_TRUE(fs::exists(dir / "before/piped.evidence.zst"));
    const CliResult same = rescreen(dir / "before", kPanel, dir / "same");
    ASSERT_EQ(same.exit_code, 0) << same.err;
    EXPECT_EQ(slurp(dir / "same/piped.json"), slurp(dir / "before/piped.json"));
    const CliResult reread =
        rescreen(dir / "before", new_gene_panel(dir / "panel"), dir / "reread", {"--reread"});
    EXPECT_EQ(reread.exit_code, 3);
    EXPECT_NE(reread.err.find("read from a stream that cannot be read again"), std::string::npos)
        << reread.err;
}

// A <DEL> whose POS lies before the gene (its END inside) is evidence too: the snapshot keeps it,
// and the rescreen finds the same transcript_ablation (docs/rules.md 2g). A snapshot that dropped
// it would turn the finding into "no condition suspected".
TEST_F(Rescreen, SymbolicDeletionFromBeforeTheGeneIsKeptAndReplayed) {
    const fs::path dir = scratch_dir("rescreen_sv");
    const fs::path panel = test_data() / "panel/know20";
    const CliResult s =
        run_nbscreen({"screen", "--panel", panel.string(), "--vcf",
                      (test_data() / "knowledge/baby_sv_deletions.vcf").string(), "--out",
                      (dir / "before").string(), "--no-provenance", "--quiet"});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    const std::string before = slurp(dir / "before/baby_sv_deletions.json");
    ASSERT_NE(before.find("transcript_ablation"), std::string::npos) << before;
    const CliResult same =
        rescreen(dir / "before", panel, dir / "same", {"--previous-panel", panel.string()});
    ASSERT_EQ(same.exit_code, 0) << same.err;
    EXPECT_EQ(slurp(dir / "same/baby_sv_deletions.json"), before);
}

TEST_F(Rescreen, WithProvenanceThePanelIsKnownAndOnlyTheProvenanceBlockDiffers) {
    const fs::path dir = scratch_dir("rescreen_provenance");
    const CliResult s = run_nbscreen({"screen", "--panel", kPanel.string(), "--vcf",
                                      (kSample / "baby04.vcf.gz").string(), "--sample-id", "baby04",
                                      "--out", (dir / "before").string(), "--quiet"});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    // No --previous-panel: the snapshot names the panel that read and decided it.
    const CliResult r =
        run_nbscreen({"rescreen", "--previous", (dir / "before").string(), "--panel",
                      kPanel.string(), "--out", (dir / "after").string(), "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string a = slurp(dir / "before/baby04.json"), b = slurp(dir / "after/baby04.json");
    EXPECT_NE(a, b) << "each run's provenance names its own command line";
    const auto cut = [](const std::string& j) { return j.substr(0, j.find("\"provenance\"")); };
    ASSERT_NE(a.find("\"provenance\""), std::string::npos);
    EXPECT_EQ(cut(a), cut(b));
    EXPECT_EQ(slurp(dir / "before/baby04.evidence.zst"), slurp(dir / "after/baby04.evidence.zst"));
}

}  // namespace
}  // namespace nbs::test
