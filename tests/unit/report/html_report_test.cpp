// The HTML report (engine/report/html_*): a view of result JSON, escaped, deterministic. Inputs are
// the reviewed goldens (tests/golden/) and one hand-made fixture with the schema-1.3 keys other
// branches add and injected markup (tests/data/report/fixture13.json, tests/data/SOURCES.md).
// The browser check (real Chromium rendering) is tests/scripts/report_browser_test.sh.
#include "engine/report/html_report.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "engine/core/input_error.hpp"
#include "engine/report/html_common.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;

fs::path scratch(const std::string& name) {
    const auto p = fs::path(NBS_SCRATCH_DIR) / ("html_report_" + name);
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

const fs::path kGolden = fs::path(NBS_SOURCE_DIR) / "tests/golden";
const fs::path kFixture = fs::path(NBS_TEST_DATA) / "report/fixture13.json";

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::size_t occurrences(const std::string& hay, const std::string& needle) {
    std::size_t n = 0;
    for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1))
        ++n;
    return n;
}

ReportOptions no_provenance() {
    ReportOptions o;
    o.provenance = false;
    o.nbscreen_version = "test";
    return o;
}

std::string page_of(const fs::path& json) {
    return render_baby_page(slurp(json), "0123abcd", true, no_provenance());
}

TEST(HtmlEscape, MarkupQuotesAndControlBytesCannotOpenATagOrEndAnAttribute) {
    EXPECT_EQ(html::escape("<script>alert(\"x\")</script>"),
              "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    EXPECT_EQ(html::escape("a'b&c"), "a&#39;b&amp;c");
    EXPECT_EQ(html::escape(std::string("esc\x1b[31m nul") + '\0' + "end"),
              "esc\\x1b[31m nul\\x00end");
    EXPECT_EQ(html::escape("tab\tnewline\nstay"), "tab\tnewline\nstay");
    EXPECT_EQ(html::escape("Ünïcödé stays"), "Ünïcödé stays");
}

TEST(HtmlReport, InjectedMarkupInAnyValueIsShownAsTextNeverAsMarkup) {
    const std::string json = slurp(kFixture);
    // The fixture does carry raw markup in a QC flag, a condition name and an exclusion reason.
    ASSERT_NE(json.find("<script>alert('x')</script> injected flag"), std::string::npos);
    ASSERT_NE(json.find("<img src=x onerror=alert(1)>"), std::string::npos);
    ASSERT_NE(json.find("\\\"><script>alert(2)</script>"), std::string::npos);
    const std::string page = page_of(kFixture);
    EXPECT_EQ(lower(page).find("<script"), std::string::npos);
    EXPECT_EQ(lower(page).find("<img"), std::string::npos);
    EXPECT_NE(page.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; injected flag"),
              std::string::npos);
    EXPECT_NE(page.find("Cystic fibrosis &lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
    EXPECT_NE(page.find("&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt; fixture reason"),
              std::string::npos);
    // And the page forbids scripts and fetches outright (defence in depth).
    EXPECT_NE(page.find("Content-Security-Policy\" content=\"default-src 'none'"),
              std::string::npos);
}

TEST(HtmlReport, ShowsTheSchema13KeysOfANewerResultWhenPresent) {
    const std::string page = page_of(kFixture);
    for (const char* expected : {
             "NM_000492.4:c.1521_1523del",  // consequence.hgvs_c
             "NP_000483.3:p.(Phe508del)",   // consequence.hgvs_p
             "inframe_deletion on NM_000492.4 (fixture-csq)",
             "max AF 0.0123 (fixture-pop, AC 123 / AN 10000); threshold 0.05; source "
             "fixture-frequency-table",
             "not covered by the source: frequency unknown; threshold 0.05",
             "source fixture-clinvar-release",
             "Pathogenic; submissions P/LP 40, VUS 0, B/LB 0; review status criteria provided, "
             "multiple submitters, no conflicts (2 star(s))",
             "<th>OMIM</th><td>FIXTURE-OMIM-1</td>",
             "<th>Onset</th><td>fixture onset</td>",
             "<th>Orthogonal test</th><td>fixture orthogonal test</td>",
             "Efficacy: fixture-efficacy; Severity: fixture-severity",
             "Orthogonal test: fixture orthogonal test (not assessable)",
             "<li>consequence: fixture-csq</li>",
             "result schema 1.3.0",
         })
        EXPECT_NE(page.find(expected), std::string::npos) << expected;
}

TEST(HtmlReport, AResultWithoutTheNewKeysSaysTheyAreNotInIt) {
    const std::string page = page_of(kGolden / "generation-study/baby04.json");
    EXPECT_NE(page.find("<div class=\"word\">Prioritised for review</div>"), std::string::npos);
    EXPECT_NE(page.find("<i>CFTR</i>"), std::string::npos);
    EXPECT_NE(page.find("chr7:117559590 ATCT&gt;A"), std::string::npos);
    EXPECT_NE(page.find("16 / 32"), std::string::npos);  // AD alt / total
    EXPECT_NE(page.find(">0.517<"), std::string::npos);  // allele balance as written
    // Two variants, each without HGVS, consequence and population frequency in a 1.2.0 result.
    EXPECT_EQ(occurrences(page, "<span class=\"muted\">not in this result</span>"), 2u);
    EXPECT_EQ(occurrences(page, "<th>Consequence</th><td>not in this result</td>"), 2u);
    EXPECT_EQ(page.find("FIXTURE"), std::string::npos);
}

TEST(HtmlReport, PhaseUnknownNoteOnlyWhereThePhaseIsUnknown) {
    const std::string note = "parental testing resolves cis/trans";
    const std::string cf = page_of(kGolden / "generation-study/baby04.json");  // phase unknown
    EXPECT_EQ(occurrences(cf, note), 1u);
    const std::string mcad = page_of(kGolden / "generation-study/baby03.json");  // phase n/a
    EXPECT_NE(mcad.find("<span class=\"k\">Phase</span><span class=\"v\">n/a</span>"),
              std::string::npos);
    EXPECT_EQ(mcad.find(note), std::string::npos);
}

TEST(HtmlReport, EachStatusIsSaidInWordsWithItsReason) {
    const std::string inc = page_of(kGolden / "generation-study/baby01.json");
    EXPECT_NE(inc.find("<div class=\"word\">Incomplete</div>"), std::string::npos);
    // baby01's batch_summary.tsv row counts 357 distinct not-assessable conditions.
    EXPECT_NE(inc.find("<b>357 condition(s) could not be assessed</b>"), std::string::npos);
    // Its 377 entries by kind of reason (counted in the golden by hand: 376 "no calls on chrN",
    // one SMA entry needing SMN1 copy number).
    EXPECT_NE(inc.find("<li>no calls on the chromosome: 376 entries</li><li>needs "
                       "smn1_copy_number, which this screen did not have: 1 entry</li></ul>"),
              std::string::npos);
    const std::string failed = page_of(kGolden / "edge-cases/swapped_sex.json");
    EXPECT_NE(failed.find("<div class=\"word\">Sample failed QC</div>"), std::string::npos);
    EXPECT_NE(failed.find("quality control (sex_discordant)"), std::string::npos);
    const std::string lowgq = page_of(kGolden / "edge-cases/lowgq_scn1a.json");
    EXPECT_NE(lowgq.find("<b>failed genotype QC</b>"), std::string::npos);  // set aside
    EXPECT_NE(lowgq.find("<li>no calls on the chromosome: 8 entries</li><li>a qualifying allele "
                         "failed genotype QC: 1 entry</li></ul>"),
              std::string::npos);
    EXPECT_NE(lowgq.find("<span class=\"qc-fail\">fail</span>: GQ 12 &lt; 20"), std::string::npos);
}

TEST(HtmlReport, CoveragePlotDrawsTheGeneAndItsLowTargetsAgainstTheThreshold) {
    const std::string page = page_of(kFixture);
    // Genes with a finding or a not-assessable condition that coverage.genes lists: CFTR, PAH,
    // SCN1A, BTD, SLC22A5, KCNQ1, HBB, GAA (8 of the fixture's 13).
    EXPECT_EQ(occurrences(page, "<svg "), 8u);
    // Threshold 0.95 of a 520-px plot after a 230-px label column: x = 230 + 494 = 724.
    EXPECT_EQ(occurrences(page, "x1=\"724.0\""), 8u);
    EXPECT_NE(page.find(">chr12:102839155-102839238</text>"), std::string::npos);
    EXPECT_NE(page.find("13 target(s) below the threshold"), std::string::npos);
    EXPECT_NE(page.find("chr12:102855282:CAT&gt;C"), std::string::npos);  // uncallable site
    const std::string none = page_of(kGolden / "generation-study/baby04.json");
    EXPECT_EQ(none.find("<svg"), std::string::npos);
    EXPECT_NE(none.find("<b>Callability not assessed</b> (source none)"), std::string::npos);
}

// A 1.4.0 result lists every target of these genes (coverage.gene_targets): the plot draws the
// passing ones too and counts those below; without the key it falls back to low_targets (above).
TEST(HtmlReport, CoveragePlotDrawsEveryTargetOfAGeneWhenTheResultListsThem) {
    nlohmann::json j = nlohmann::json::parse(slurp(kFixture));
    j["coverage"]["gene_targets"] = nlohmann::json::array({{{"gene", "CFTR"},
                                                            {"chrom", "chr7"},
                                                            {"start", 117480025},
                                                            {"end", 117480147},
                                                            {"bases", 123},
                                                            {"callable_bases", 123},
                                                            {"mean_depth", 31.2}},
                                                           {{"gene", "CFTR"},
                                                            {"chrom", "chr7"},
                                                            {"start", 117559479},
                                                            {"end", 117559658},
                                                            {"bases", 180},
                                                            {"callable_bases", 90},
                                                            {"mean_depth", 9.5}}});
    const std::string page = render_baby_page(j.dump(), "0123abcd", true, no_provenance());
    EXPECT_NE(page.find(">chr7:117480025-117480147</text>"), std::string::npos);  // passing
    EXPECT_NE(page.find(">chr7:117559479-117559658</text>"), std::string::npos);  // below
    EXPECT_NE(page.find("2 target(s), 1 below the threshold."), std::string::npos);
    // PAH's low targets are not in gene_targets here: with the key, it alone is drawn from.
    EXPECT_EQ(page.find(">chr12:102839155-102839238</text>"), std::string::npos);
}

// Every value of the fixture replaced, one at a time, by each other JSON type: a page is still
// made (a hand-edited or foreign file that passes check_result is shown as far as it can be), or
// nlohmann reports the wrong type, which write_report turns into "not a nbscreen result". Never
// a crash or undefined behaviour (the ASan build runs this too).
void pointers(const nlohmann::json& j, const nlohmann::json::json_pointer& at,
              std::vector<nlohmann::json::json_pointer>& out) {
    out.push_back(at);
    if (j.is_object())
        for (const auto& [k, v] : j.items())
            pointers(v, at / k, out);
    else if (j.is_array())  // the first elements stand for the rest (same shape)
        for (std::size_t i = 0; i < j.size() && i < 2; ++i)
            pointers(j[i], at / i, out);
}

TEST(HtmlReport, AnyValueOfAnyTypeGivesAPageOrATypeErrorNeverACrash) {
    const auto doc = nlohmann::json::parse(slurp(kFixture));
    std::vector<nlohmann::json::json_pointer> all;
    pointers(doc, nlohmann::json::json_pointer(), all);
    ASSERT_GT(all.size(), 200u);
    const nlohmann::json alternatives[] = {nullptr,
                                           -1.5,
                                           "<b>x</b>",
                                           true,
                                           nlohmann::json::array({1, "a"}),
                                           nlohmann::json::object({{"k", "v"}})};
    std::size_t pages = 0, refused = 0, type_errors = 0;
    for (const auto& ptr : all) {
        if (ptr.empty()) continue;
        for (const auto& alt : alternatives) {
            nlohmann::json mutated = doc;
            mutated[ptr] = alt;
            const std::string text = mutated.dump();
            try {
                check_result(text, "fixture13.json", "fixture13");
            } catch (const InputError&) {
                ++refused;
                continue;
            }
            try {
                const std::string page = render_baby_page(text, "sha", false, no_provenance());
                EXPECT_EQ(lower(page).find("<b>x</b>"), std::string::npos) << ptr.to_string();
                ++pages;
            } catch (const nlohmann::json::exception&) {
                ++type_errors;
            }
        }
    }
    EXPECT_GT(pages, 1000u);
    EXPECT_GT(refused, 0u);  // e.g. sample_id replaced, schema_version a number
    // Every reader in the renderer checks the type first: no mutation reaches a type error.
    EXPECT_EQ(type_errors, 0u);
}

TEST(HtmlReport, CheckResultRefusesWhatIsNotAResultOfAKnownMajorSchema) {
    const auto message = [](const std::string& json, const std::string& id) {
        try {
            check_result(json, "/r/" + id + ".json", id);
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_NE(message("{not json", "a").find("/r/a.json"), std::string::npos);
    EXPECT_NE(message("{not json", "a").find("not JSON"), std::string::npos);
    EXPECT_NE(message("{\"x\":1}", "a").find("not a nbscreen result"), std::string::npos);
    const std::string future =
        message(R"({"schema_version":"2.0.0","sample_id":"a","status":"incomplete"})", "a");
    EXPECT_NE(future.find("/r/a.json"), std::string::npos);
    EXPECT_NE(future.find("result schema 2.0.0 is not one this nbscreen reads"), std::string::npos);
    EXPECT_NE(message(R"({"schema_version":"1.2.0","sample_id":"b","status":"x"})", "a")
                  .find("its sample_id 'b' is not the file's name 'a'"),
              std::string::npos);
    EXPECT_EQ(message(R"({"schema_version":"1.9.0","sample_id":"a","status":"x"})", "a"),
              "accepted");  // a newer minor only adds keys
}

void copy_golden(const fs::path& to, const std::string& rel) {
    fs::copy_file(kGolden / rel, to / fs::path(rel).filename());
}

TEST(HtmlReport, OneUnreadableResultIsListedAndEveryOtherPageIsWritten) {
    const auto dir = scratch("bad_one");
    const auto res = dir / "results";
    fs::create_directories(res);
    copy_golden(res, "generation-study/baby04.json");
    copy_golden(res, "generation-study/baby01.json");
    std::ofstream(res / "foreign.json") << "{\"tool\":\"other\"}\n";
    std::ofstream(res / "batch_summary.tsv")
        << "sample_id\tstatus\tn_findings\tmessage\nbaby09\terror\t0\tbad VCF <here>\n";
    const auto out = dir / "report";
    const ReportOutcome o = write_report(res, out, no_provenance());
    EXPECT_EQ(o.pages, 2u);
    ASSERT_EQ(o.problems.size(), 1u);
    EXPECT_EQ(o.problems[0].file, "foreign.json");
    EXPECT_NE(o.problems[0].message.find("not a nbscreen result"), std::string::npos);
    std::set<std::string> written;
    for (const auto& e : fs::directory_iterator(out))
        if (e.is_regular_file()) written.insert(e.path().filename().string());
    EXPECT_EQ(written, (std::set<std::string>{"baby01.html", "baby04.html", "index.html"}));
    struct stat st {};
    ASSERT_EQ(::stat((out / "baby04.html").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0640u);
    const std::string index = slurp(out / "index.html");
    EXPECT_NE(index.find("<a href=\"baby04.html\">baby04</a>"), std::string::npos);
    EXPECT_NE(index.find("foreign.json"), std::string::npos);
    // The baby whose input failed has no page but is listed, with its message escaped.
    EXPECT_NE(index.find("<td>baby09</td>"), std::string::npos);
    EXPECT_NE(index.find("bad VCF &lt;here&gt;"), std::string::npos);
    EXPECT_EQ(index.find("baby09.html"), std::string::npos);
    // Copied goldens have no .nbscreen record: shown, but marked as not proven.
    EXPECT_EQ(occurrences(index, "result not proven by the results folder record"), 2u);
}

TEST(HtmlReport, SameResultsSameBytesAndOnlyTheGenerationTimeVaries) {
    const auto dir = scratch("determinism");
    const auto res = dir / "results";
    fs::create_directories(res);
    for (const char* g : {"generation-study/baby02.json", "generation-study/baby04.json",
                          "edge-cases/swapped_sex.json"})
        copy_golden(res, g);
    fs::copy_file(kFixture, res / "fixture13.json");
    write_report(res, dir / "a", no_provenance());
    write_report(res, dir / "b", no_provenance());
    ReportOptions timed = no_provenance();
    timed.provenance = true;
    timed.generated_at = "2026-01-02T03:04:05Z";
    write_report(res, dir / "c", timed);
    std::size_t compared = 0;
    for (const auto& e : fs::directory_iterator(dir / "a")) {
        if (!e.is_regular_file()) continue;
        const auto name = e.path().filename();
        const std::string a = slurp(e.path());
        EXPECT_EQ(a, slurp(dir / "b" / name)) << name;
        EXPECT_EQ(a.find("Generated"), std::string::npos) << name;
        std::string c = slurp(dir / "c" / name);
        const std::string stamp = " Generated 2026-01-02T03:04:05Z.";
        const auto at = c.find(stamp);
        ASSERT_NE(at, std::string::npos) << name;
        EXPECT_EQ(c.erase(at, stamp.size()), a) << name << ": differs beyond the time";
        ++compared;
    }
    EXPECT_EQ(compared, 5u);  // four pages and the index
}

TEST(HtmlReport, IndexCountsPerStatusAndPerCondition) {
    const auto dir = scratch("index");
    const auto res = dir / "results";
    fs::create_directories(res);
    for (const char* g : {"generation-study/baby01.json", "generation-study/baby04.json",
                          "generation-study/baby05.json", "edge-cases/swapped_sex.json"})
        copy_golden(res, g);
    write_report(res, dir / "out", no_provenance());
    const std::string index = slurp(dir / "out" / "index.html");
    EXPECT_NE(index.find("Incomplete</span></td><td class=\"num\">2</td>"), std::string::npos);
    EXPECT_NE(index.find("Prioritised for review</span></td><td class=\"num\">1</td>"),
              std::string::npos);
    EXPECT_NE(index.find("Sample failed QC</span></td><td class=\"num\">1</td>"),
              std::string::npos);
    EXPECT_NE(index.find("<td>Cystic fibrosis</td><td><i>CFTR</i></td><td class=\"num\">1</td>"),
              std::string::npos);
    EXPECT_NE(index.find("<li>QC failure: sex_discordant</li>"), std::string::npos);
    // Action first: the failed sample, then the finding, then the incomplete babies.
    const auto failed = index.find("href=\"swapped_sex.html\"");
    const auto positive = index.find("href=\"baby04.html\"");
    const auto incomplete = index.find("href=\"baby01.html\"");
    ASSERT_NE(failed, std::string::npos);
    EXPECT_LT(failed, positive);
    EXPECT_LT(positive, incomplete);
}

}  // namespace
}  // namespace nbs

namespace nbs {
namespace {

// A rescreen's folder: change_report.tsv becomes a section of the index (counts per class, the
// changed rows with their cause, UNCHANGED only counted, markup in a cell shown as text), and a
// baby that needs re-screen (a batch_summary row, no JSON) is listed with its reason.
TEST(HtmlReport, IndexShowsTheRescreenChangeReportAndBabiesThatNeedRescreen) {
    const auto dir = scratch("changes");
    const auto res = dir / "results";
    fs::create_directories(res);
    copy_golden(res, "generation-study/baby04.json");
    std::ofstream(res / "change_report.tsv")
        << "sample_id\tcondition_id\tchange\tbefore\tafter\tcause\tdetail\n"
           "baby03\tmedium-chain-acyl-coa-dehydrogenase-deficiency\tNO_LONGER_PRIORITISED\t"
           "prioritised\tnot_prioritised\tvariants ~ chr1:75761161:A>G: list include -> "
           "exclude\t\n"
           "baby04\tcystic-fibrosis\tUNCHANGED\tprioritised\tprioritised\t\t\n"
           "baby05\tx\tNEEDS_RESCREEN\tnot_prioritised\tneeds_rescreen\t<b>x</b>\tNEWGENE1\n";
    std::ofstream(res / "batch_summary.tsv")
        << "sample_id\tstatus\tmessage\n"
           "baby05\tneeds_rescreen\tneeds re-screen from the VCF: NEWGENE1: its region was not "
           "read\n";
    write_report(res, dir / "out", no_provenance());
    const std::string index = slurp(dir / "out" / "index.html");
    EXPECT_NE(index.find("<h2>Changes since the previous panel</h2>"), std::string::npos);
    EXPECT_NE(index.find("<tr><td>NO_LONGER_PRIORITISED</td><td class=\"num\">1</td></tr>"),
              std::string::npos);
    EXPECT_NE(index.find("<tr><td>UNCHANGED</td><td class=\"num\">1</td></tr>"), std::string::npos);
    EXPECT_NE(index.find("variants ~ chr1:75761161:A&gt;G: list include -&gt; exclude"),
              std::string::npos);
    EXPECT_EQ(index.find("<b>x</b>"), std::string::npos);
    EXPECT_NE(index.find("&lt;b&gt;x&lt;/b&gt;"), std::string::npos);
    // UNCHANGED rows are counted, not listed.
    EXPECT_EQ(index.find("<td>baby04</td><td>cystic-fibrosis</td>"), std::string::npos);
    EXPECT_NE(index.find("Needs re-screen from the VCF"), std::string::npos);
    EXPECT_NE(index.find("NEWGENE1: its region was not read"), std::string::npos);

    // Without a change report there is no such section.
    fs::remove(res / "change_report.tsv");
    write_report(res, dir / "out2", no_provenance());
    EXPECT_EQ(slurp(dir / "out2" / "index.html").find("Changes since the previous panel"),
              std::string::npos);
}

}  // namespace
}  // namespace nbs
