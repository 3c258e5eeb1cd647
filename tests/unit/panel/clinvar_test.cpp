// ClinVar assertion counting (shared with annotate) and the import-clinvar transform.
#include "engine/panel/clinvar.hpp"

#include <gtest/gtest.h>

#include "engine/io/vcf_sites.hpp"
#include "engine/panel/clinvar_import.hpp"
#include "engine/panel/panel_parser.hpp"
#include "panel_test_support.hpp"

namespace nbs {
namespace {

TEST(Clinvar, CountsFromClnsigAndClnsigconf) {
    auto c = count_clinvar("Pathogenic/Likely_pathogenic", "");
    EXPECT_EQ(c.pathogenic, 1);
    EXPECT_EQ(c.benign, 0);
    c = count_clinvar("Conflicting_classifications_of_pathogenicity",
                      "Pathogenic(3)|Likely_benign(1)|Uncertain_significance(2)");
    EXPECT_EQ(c.pathogenic, 3);
    EXPECT_EQ(c.benign, 1);
    EXPECT_EQ(c.uncertain, 2);
    c = count_clinvar("Conflicting_classifications_of_pathogenicity", "");
    EXPECT_EQ(c.pathogenic, 0);  // counts unknown: cannot qualify
    EXPECT_EQ(count_clinvar("Benign", "").benign, 1);
    EXPECT_EQ(count_clinvar("Uncertain_significance", "").pathogenic, 0);
}

TEST(Clinvar, ReviewStars) {
    EXPECT_EQ(clinvar_stars("practice_guideline"), 4);
    EXPECT_EQ(clinvar_stars("reviewed_by_expert_panel"), 3);
    EXPECT_EQ(clinvar_stars("criteria_provided,_multiple_submitters,_no_conflicts"), 2);
    EXPECT_EQ(clinvar_stars("criteria_provided,_conflicting_classifications"), 1);
    EXPECT_EQ(clinvar_stars("criteria_provided,_single_submitter"), 1);
    EXPECT_EQ(clinvar_stars("no_assertion_criteria_provided"), 0);
    EXPECT_FALSE(clinvar_stars(""));
}

TEST(Clinvar, ReleaseDateAndSource) {
    EXPECT_EQ(clinvar_release_date("2026-02-26"), "2026-02-26");
    EXPECT_EQ(clinvar_release_date("20191007"), "2019-10-07");
    EXPECT_FALSE(clinvar_release_date("Feb 2026"));
    EXPECT_EQ(clinvar_source("2026-02-26", "7105"), "clinvar:2026-02-26:VCV000007105");
    EXPECT_EQ(clinvar_source("2026-02-26", "rs1"), "clinvar:2026-02-26:rs1");
}

Panel mini() {
    std::vector<PanelProblem> problems;
    Panel p = parse_panel(test::mini_panel(), problems);
    EXPECT_TRUE(problems.empty());
    return p;
}

ClinvarRecord rec(std::int64_t pos, std::string ref, std::string alt, std::string id,
                  std::string sig, std::string conf = {},
                  std::string rev = "criteria_provided,_multiple_submitters,_no_conflicts") {
    return {{"chr11", pos, std::move(ref), std::move(alt)},
            std::move(id),
            std::move(sig),
            std::move(conf),
            std::move(rev),
            "ACAT1:38"};
}

const CuratedVariant* find(const std::vector<CuratedVariant>& rows, const Variant& v,
                           ListKind list) {
    for (const auto& r : rows)
        if (r.variant == v && r.list == list) return &r;
    return nullptr;
}

TEST(ClinvarImport, AddsRefreshesRemovesAndKeeps) {
    const Panel panel = mini();
    const std::vector<ClinvarRecord> records = {
        rec(108121579, "T", "A", "302194", "Benign"),       // was a ClinVar include row: removed
        rec(108121607, "A", "G", "666460", "Pathogenic"),   // ClinVar row: refreshed
        rec(108121608, "T", "A", "2838", "Pathogenic"),     // on the exclude list: skipped
        rec(108131913, "A", "T", "666462", "Pathogenic"),   // included from BeginNGS: kept
        rec(108121653, "G", "GC", "633029", "Pathogenic"),  // new
        rec(108133902, "G", "T", "196198", "Conflicting_classifications_of_pathogenicity",
            "Likely_pathogenic(1)|Uncertain_significance(1)",
            "criteria_provided,_conflicting_classifications"),
        rec(108133903, "G", "T", "1", "Conflicting_classifications_of_pathogenicity",
            "Pathogenic(2)|Benign(1)|Likely_benign(1)"),  // two B/LB: does not qualify
        rec(108121621, "G", "C", "302197", "Uncertain_significance"),
        rec(200000000, "G", "C", "5", "Pathogenic"),    // outside every panel gene
        rec(108140127, "T", "TNN", "6", "Pathogenic"),  // not ACGT
    };
    const auto res = import_clinvar(panel, records, {"2026-02-26", "1.1.0"});
    const auto& rep = res.report;
    EXPECT_EQ(rep.records, records.size());
    EXPECT_EQ(rep.outside_genes, 1u);
    EXPECT_EQ(rep.not_sequence, 1u);
    EXPECT_EQ(rep.not_qualifying, 3u);
    EXPECT_EQ(rep.qualifying, 5u);
    EXPECT_EQ(rep.skipped_excluded, 1u);
    EXPECT_EQ(rep.kept_other_source, 1u);
    EXPECT_EQ(rep.kept_not_in_file, 1u);  // chr11:108147000 is not in these records
    ASSERT_EQ(rep.added.size(), 2u);
    ASSERT_EQ(rep.refreshed.size(), 1u);
    ASSERT_EQ(rep.removed.size(), 1u);
    EXPECT_NE(rep.removed[0].find("chr11:108121579:T>A"), std::string::npos);
    EXPECT_NE(rep.removed[0].find("now Benign"), std::string::npos);

    const auto& rows = res.variants;
    EXPECT_EQ(rows.size(), panel.variants.size() + 2 - 1);
    EXPECT_EQ(find(rows, {"chr11", 108121579, "T", "A"}, ListKind::include), nullptr);
    const auto* refreshed = find(rows, {"chr11", 108121607, "A", "G"}, ListKind::include);
    ASSERT_NE(refreshed, nullptr);
    EXPECT_EQ(refreshed->source, "clinvar:2026-02-26:VCV000666460");
    EXPECT_EQ(refreshed->stars, 2);
    EXPECT_EQ(refreshed->added_in, "0.9.0");  // curation history is kept
    EXPECT_EQ(refreshed->why,
              "ClinVar Pathogenic (criteria_provided,_multiple_submitters,_no_conflicts)");
    EXPECT_EQ(find(rows, {"chr11", 108121608, "T", "A"}, ListKind::include), nullptr);
    ASSERT_NE(find(rows, {"chr11", 108121608, "T", "A"}, ListKind::exclude), nullptr);
    EXPECT_EQ(find(rows, {"chr11", 108131913, "A", "T"}, ListKind::include)->source,
              "beginngs:onekg_noblocklist_genotypes");
    const auto* added = find(rows, {"chr11", 108121653, "G", "GC"}, ListKind::include);
    ASSERT_NE(added, nullptr);
    EXPECT_EQ(added->gene, "ACAT1");
    EXPECT_EQ(added->added_in, "1.1.0");
    EXPECT_EQ(added->source, "clinvar:2026-02-26:VCV000633029");
    const auto* conflicting = find(rows, {"chr11", 108133902, "G", "T"}, ListKind::include);
    ASSERT_NE(conflicting, nullptr);
    EXPECT_EQ(conflicting->stars, 1);
    EXPECT_EQ(find(rows, {"chr11", 108133903, "G", "T"}, ListKind::include), nullptr);
    // Output stays sorted.
    for (std::size_t i = 1; i < rows.size(); ++i)
        if (rows[i].variant.chrom == rows[i - 1].variant.chrom) {
            EXPECT_LE(rows[i - 1].variant.pos, rows[i].variant.pos);
        }
}

TEST(ClinvarImport, ReimportingTheSameReleaseChangesNothing) {
    const Panel panel = mini();
    const std::vector<ClinvarRecord> records = {rec(108121653, "G", "GC", "633029", "Pathogenic")};
    const auto first = import_clinvar(panel, records, {"2026-02-26", "1.1.0"});
    Panel after = panel;
    after.variants = first.variants;
    const auto second = import_clinvar(after, records, {"2026-02-26", "1.1.0"});
    EXPECT_FALSE(second.report.changed());
    EXPECT_EQ(second.report.unchanged, 1u);
}

TEST(ClinvarImport, TrimsAllelesToMinimalRepresentation) {
    const Panel panel = mini();
    const auto res = import_clinvar(panel, {rec(108121653, "GA", "GCA", "633029", "Pathogenic")},
                                    {"2026-02-26", "1.1.0"});
    ASSERT_EQ(res.report.added.size(), 1u);
    EXPECT_NE(find(res.variants, {"chr11", 108121653, "G", "GC"}, ListKind::include), nullptr);
}

TEST(ClinvarImport, ReadsTheExcerptThroughTheSiteReader) {
    VcfSiteReader reader(
        (test::panel_data() / "clinvar_20260226_GRCh38.acat1_excerpt.vcf.gz").string(),
        {"CLNSIG", "CLNSIGCONF", "CLNREVSTAT", "GENEINFO"});
    EXPECT_EQ(reader.header_value("fileDate"), "2026-02-26");
    VcfSite site;
    std::size_t n = 0, with_conf = 0, saw_666460 = 0;
    while (reader.next(site)) {
        ++n;
        EXPECT_EQ(site.chrom, "chr11");  // the file writes "11"
        ASSERT_EQ(site.info.size(), 4u);
        EXPECT_TRUE(site.info[0].has_value());
        with_conf += site.info[1].has_value() ? 1 : 0;
        if (site.pos == 108121607 && site.alts == std::vector<std::string>{"G"}) {
            ++saw_666460;
            EXPECT_EQ(site.id, "666460");
            EXPECT_EQ(*site.info[0], "Pathogenic");
            EXPECT_EQ(*site.info[2], "criteria_provided,_multiple_submitters,_no_conflicts");
            EXPECT_NE(site.info[3]->find("ACAT1:38"), std::string::npos);
        }
    }
    EXPECT_EQ(n, 40u);
    EXPECT_EQ(saw_666460, 1u);
    EXPECT_EQ(with_conf, 7u);  // the conflicting records
    EXPECT_EQ(reader.records_seen(), 40u);
}

TEST(ClinvarImport, SiteReaderRestrictsToRegions) {
    VcfSiteReader reader(
        (test::panel_data() / "clinvar_20260226_GRCh38.acat1_excerpt.vcf.gz").string(), {"CLNSIG"});
    reader.restrict_to(RegionSet({{"chr11", 108131900, 108131940}}));
    VcfSite site;
    std::size_t n = 0;
    while (reader.next(site)) {
        ++n;
        EXPECT_GE(site.pos, 108131900);
        EXPECT_LE(site.pos, 108131940);
    }
    EXPECT_EQ(n, 8u);
    EXPECT_EQ(reader.records_seen(), 40u);
}

TEST(ClinvarImport, SharedClinvarFileWhenPresent) {
    const std::filesystem::path vcf = std::filesystem::path(NBS_SHARED_DATA) /
                                      "clinvar/clinvar_20260226_GRCh38.genesubset.vcf.gz";
    if (!std::filesystem::exists(vcf)) GTEST_SKIP() << vcf << " not found (../shared/data absent)";
    const Panel panel = mini();
    VcfSiteReader reader(vcf.string(), {"CLNSIG", "CLNSIGCONF", "CLNREVSTAT", "GENEINFO"});
    std::vector<Region> spans;
    for (const auto& g : panel.genes)
        spans.push_back(g.span);
    reader.restrict_to(RegionSet(spans));
    std::vector<ClinvarRecord> records;
    VcfSite s;
    while (reader.next(s))
        for (const auto& alt : s.alts)
            records.push_back({{s.chrom, s.pos, s.ref, alt},
                               s.id,
                               s.info[0].value_or(""),
                               s.info[1].value_or(""),
                               s.info[2].value_or(""),
                               s.info[3].value_or("")});
    EXPECT_EQ(reader.records_seen(), 69302u);
    EXPECT_EQ(records.size(), 775u);  // ACAT1 is the only mini gene in the subset
    const auto res = import_clinvar(panel, records, {"2026-02-26", "1.1.0"});
    // 201 P/LP or P/LP-dominated conflicting alleles, minus the three the fixture already has.
    EXPECT_GT(res.report.added.size(), 150u);
    EXPECT_EQ(res.report.refreshed.size(), 1u);
    EXPECT_EQ(res.report.removed.size(), 1u);
    EXPECT_EQ(res.report.not_sequence, 1u);
    std::size_t clinvar_rows = 0;
    for (const auto& v : res.variants)
        if (v.list == ListKind::include && v.source.rfind("clinvar:2026-02-26", 0) == 0) {
            ++clinvar_rows;
            EXPECT_EQ(v.gene, "ACAT1");
        }
    EXPECT_GT(clinvar_rows, 150u);
}

}  // namespace
}  // namespace nbs
