// Consequence annotations (issue item 2, LoF route): the field layout is read from each header,
// never assumed; LoF terms in every spelling; VEP's allele strings; transcript versions.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/annotate/consequence.hpp"
#include "engine/io/vcf_reader.hpp"
#include "unit/rules/rules_test_util.hpp"

namespace nbs {
namespace {

using test::data_path;

std::string header_description(const std::string& rel, const std::string& key) {
    VcfOpenOptions o;
    o.sample = VcfReader::list_samples(data_path(rel).string()).front();
    VcfReader reader(data_path(rel).string(), o);
    const auto d = reader.info_description(key);
    return d ? *d : std::string();
}

TEST(ConsequenceLayout, Vep115HeaderFromRealFile) {
    const auto d = header_description(
        "annotated/HG002_GRCh38_chr1_100var.vep115_everything.golden.vcf.gz", "CSQ");
    const auto l = ConsequenceLayout::from_header(ConsequenceSource::vep_csq, d);
    ASSERT_TRUE(l.has_value());
    EXPECT_EQ(l->info_key, "CSQ");
    // "Format: Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|..."
    EXPECT_EQ(l->allele, 0);
    EXPECT_EQ(l->consequence, 1);
    EXPECT_EQ(l->symbol, 3);
    EXPECT_EQ(l->transcript, 6);
    EXPECT_GE(l->field_index("gnomADg_AF"), 0);
    EXPECT_GE(l->field_index("MANE_SELECT"), 0);
}

TEST(ConsequenceLayout, VepHeaderWithOtherOrderFromRealFile) {
    // slivar's VEP run: "Format: Consequence|Codons|Amino_acids|Gene|SYMBOL|Feature|...|ALLELE_NUM"
    // (no Allele field): the layout must follow the header, not VEP's default order.
    const auto d = header_description("rules/slivar.comphet-test-case.vcf", "CSQ");
    const auto l = ConsequenceLayout::from_header(ConsequenceSource::vep_csq, d);
    ASSERT_TRUE(l.has_value());
    EXPECT_EQ(l->consequence, 0);
    EXPECT_EQ(l->symbol, 4);
    EXPECT_EQ(l->transcript, 5);
    EXPECT_EQ(l->allele, -1);
}

TEST(ConsequenceLayout, BcftoolsCsqHeaderFromRealFile) {
    // "Format: '[*]consequence|gene|transcript|biotype[|strand|amino_acid_change|dna_change]' or,
    // ..." — lower-case names with bracket/star decoration. Regression: the layout was refused,
    // so the BCSQ LoF route never fired on real bcftools output.
    const auto d = header_description("rules/slivar.comphet-test-case.vcf", "BCSQ");
    ASSERT_FALSE(d.empty());
    const auto l = ConsequenceLayout::from_header(ConsequenceSource::bcftools_bcsq, d);
    ASSERT_TRUE(l.has_value());
    EXPECT_EQ(l->info_key, "BCSQ");
    EXPECT_EQ(l->consequence, 0);
    EXPECT_EQ(l->symbol, 1);
    EXPECT_EQ(l->transcript, 2);
    const auto entries = parse_consequences(
        *l, "stop_gained|PPIL1|ENST00000373699|protein_coding|-|45R>45*|36871796G>A");
    ASSERT_EQ(entries.size(), 1U);
    EXPECT_EQ(entries[0].terms, (std::vector<std::string>{"stop_gained"}));
    EXPECT_EQ(entries[0].symbol, "PPIL1");
    EXPECT_EQ(entries[0].transcript, "ENST00000373699");
}

TEST(ConsequenceLayout, SnpEffAnnHeaderFromRealFile) {
    const auto d = header_description("rules/1000G_chr22_lof.ann.1sample.grch38hdr.vcf", "ANN");
    const auto l = ConsequenceLayout::from_header(ConsequenceSource::snpeff_ann, d);
    ASSERT_TRUE(l.has_value());
    EXPECT_EQ(l->info_key, "ANN");
    EXPECT_EQ(l->allele, 0);
    EXPECT_EQ(l->consequence, 1);
    EXPECT_EQ(l->symbol, 3);
    EXPECT_EQ(l->transcript, 6);
}

TEST(ConsequenceLayout, DescriptionWithoutFormatRefused) {
    EXPECT_FALSE(
        ConsequenceLayout::from_header(ConsequenceSource::vep_csq, "Consequence annotations")
            .has_value());
    EXPECT_FALSE(ConsequenceLayout::from_header(ConsequenceSource::vep_csq, "Format: Allele|IMPACT")
                     .has_value());
}

TEST(ConsequenceParse, TermsSplitAndBcftoolsPrefixes) {
    const auto l = *ConsequenceLayout::from_header(
        ConsequenceSource::bcftools_bcsq, "Format: '[*]consequence|gene|transcript|biotype'");
    const auto e =
        parse_consequences(l, "*stop_gained&inframe_deletion|G1|T1|protein_coding,@12345,.");
    // '@12345' points at another record and has no consequence of its own here.
    ASSERT_EQ(e.size(), 2U);
    EXPECT_EQ(e[0].terms, (std::vector<std::string>{"stop_gained", "inframe_deletion"}));
    EXPECT_TRUE(e[1].pointer);
    EXPECT_TRUE(e[1].terms.empty());
    EXPECT_FALSE(e[0].pointer);
}

TEST(ConsequenceTerms, LofTable) {
    // design.md: transcript_ablation, splice donor/acceptor, stop gained/lost, frameshift, start
    // lost (and initiator_codon_variant, the older name), in VEP/SnpEff and bcftools spellings.
    for (const char* t :
         {"transcript_ablation", "splice_acceptor_variant", "splice_donor_variant", "stop_gained",
          "frameshift_variant", "stop_lost", "start_lost", "initiator_codon_variant",
          "splice_acceptor", "splice_donor", "frameshift"})
        EXPECT_TRUE(is_lof_term(t)) << t;
    for (const char* t :
         {"missense_variant", "splice_region_variant", "synonymous_variant", "inframe_deletion",
          "intron_variant", "5_prime_UTR_truncation+exon_loss_variant", "stop_retained_variant",
          "start_retained_variant", "splice_donor_5th_base_variant", "missense", "", "STOP_GAINED",
          "non_coding_transcript_exon_variant", "protein_altering_variant"})
        EXPECT_FALSE(is_lof_term(t)) << t;
}

TEST(ConsequenceAlleles, VepAlleleStrings) {
    // SNV: as written. Deletion / insertion sharing the first base: stripped ('-' when empty).
    EXPECT_EQ(vep_allele_string("A", {"G"}, 0), "G");
    EXPECT_EQ(vep_allele_string("CAG", {"C"}, 0), "-");
    EXPECT_EQ(vep_allele_string("C", {"CAG"}, 0), "AG");
    EXPECT_EQ(vep_allele_string("CAG", {"C", "CAGAG"}, 1), "AGAG");
    // Not every allele shares the first base: nothing is stripped.
    EXPECT_EQ(vep_allele_string("CAG", {"C", "TAG"}, 0), "C");
    // Same-length alleles (MNV) keep their first base.
    EXPECT_EQ(vep_allele_string("AC", {"AG"}, 0), "AG");
}

TEST(ConsequenceTranscripts, VersionIgnored) {
    EXPECT_TRUE(same_transcript("ENST00000003084.11", "ENST00000003084"));
    EXPECT_TRUE(same_transcript("NM_000492.4", "NM_000492.3"));
    EXPECT_FALSE(same_transcript("ENST00000003084.11", "ENST00000003085.11"));
    EXPECT_FALSE(same_transcript("", "ENST00000003084"));
    EXPECT_FALSE(same_transcript("ENST0000000308", "ENST00000003084"));
}

}  // namespace
}  // namespace nbs
