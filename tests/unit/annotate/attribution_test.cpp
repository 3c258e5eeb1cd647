// Which ALT an annotation entry was written for (issue 9 item 3) and which tool wrote an INFO
// field (item 6). VEP: ALLELE_NUM, else its Allele string (ensembl-vep's VCF parser strips a
// base every allele shares when any ALT differs in length; --minimal trims each ALT); SnpEff:
// the ANN Allele field ('&' joins a compound); bcftools csq: the dna_change field
// ("765725C>T", '+' joins a haplotype compound, "@pos" points at the record printing it).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/annotate/annotation_schema.hpp"
#include "engine/annotate/consequence.hpp"
#include "engine/io/vcf_reader.hpp"
#include "unit/rules/rules_test_util.hpp"

namespace nbs {
namespace {

using test::RecordSpec;

// The real header descriptions (VEP 115 shortened to the fields the tests use).
constexpr const char* kVep115 =
    "Consequence annotations from Ensembl VEP. Format: "
    "Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|BIOTYPE|HGNC_ID|MANE_SELECT";
constexpr const char* kVepSlivar =
    "Consequence type as predicted by VEP. Format: "
    "Consequence|Codons|Amino_acids|Gene|SYMBOL|Feature|EXON|PolyPhen|SIFT|Protein_position|"
    "BIOTYPE";
constexpr const char* kSnpEff =
    "Functional annotations: 'Allele | Annotation | Annotation_Impact | Gene_Name | Gene_ID | "
    "Feature_Type | Feature_ID | Transcript_BioType | Rank | HGVS.c | HGVS.p | cDNA.pos / "
    "cDNA.length | CDS.pos / CDS.length | AA.pos / AA.length | Distance | ERRORS / WARNINGS / "
    "INFO' ";
constexpr const char* kBcsq116 =
    "Haplotype-aware consequence annotation from BCFtools/csq, see "
    "http://samtools.github.io/bcftools/howtos/csq-calling.html for details. Format: "
    "Consequence|gene|transcript|biotype|strand|amino_acid_change|dna_change";
constexpr const char* kBcsqOld =
    "Local consequence annotation from BCFtools/csq. Format: "
    "'[*]consequence|gene|transcript|biotype[|strand|amino_acid_change|dna_change]' or, for "
    "consequences of variants split across multiple sites, a pointer to the record storing the "
    "consequences '@position'. '*' prefix indicates a consequence downstream from a stop";
constexpr const char* kSnpEffLof =
    "Predicted loss of function effects for this variant. Format: 'Gene_Name | Gene_ID | "
    "Number_of_transcripts_in_gene | Percent_of_transcripts_affected' ";

ConsequenceLayout layout(ConsequenceSource s, const char* d) {
    auto l = ConsequenceLayout::from_header(s, d);
    if (!l) throw std::runtime_error("no layout");
    return *l;
}

ConsequenceEntry entry(const ConsequenceLayout& l, const std::string& text) {
    const auto e = parse_consequences(l, text);
    if (e.size() != 1) throw std::runtime_error("expected one entry");
    return e[0];
}

// The calls of a record in which the sample carries every ALT once (GT 1/2 or 1/2/3).
std::vector<AlleleCall> calls(const std::string& ref, std::vector<std::string> alts,
                              std::int64_t pos = 765725) {
    std::string gt = "1";
    std::vector<int> ad = {0};
    for (std::size_t i = 0; i < alts.size(); ++i) {
        if (i) gt += "/" + std::to_string(i + 1);
        ad.push_back(10);
    }
    if (alts.size() == 1) gt = "0/1", ad = {10, 10};
    return split_alleles(test::make_record(
        RecordSpec().chrom("chr20").pos(pos).ref(ref).alts(std::move(alts)).gt(gt).ad(ad)));
}

TEST(VepAlleleString, EnsemblVepVcfRule) {
    struct Case {
        const char* ref;
        std::vector<std::string> alts;
        std::vector<std::string> want;
    };
    const std::vector<Case> cases = {
        {"C", {"T"}, {"T"}},                     // SNV: as written
        {"GC", {"G"}, {"-"}},                    // deletion: shared base stripped, "-"
        {"C", {"CAG"}, {"AG"}},                  // insertion
        {"AC", {"GT"}, {"GT"}},                  // MNP: same length, nothing stripped
        {"CAG", {"C", "CAGAG"}, {"-", "AGAG"}},  // every allele shares C
        {"GC", {"G", "AC"}, {"G", "AC"}},        // A does not share G: nothing stripped
        {"CAG", {"C", "*"}, {"-", "*"}},         // '*' is ignored by the shared-base test
        {"gc", {"g"}, {"-"}},                    // lower case (VCF allows it)
        {"C", {"T", "G"}, {"T", "G"}},           // multi-allelic SNV
    };
    for (const auto& c : cases) {
        for (std::size_t i = 0; i < c.alts.size(); ++i) {
            SCOPED_TRACE(std::string(c.ref) + ">" + c.alts[i]);
            EXPECT_EQ(vep_allele_string(c.ref, c.alts, i), c.want[i]);
        }
    }
}

TEST(Attribution, VepAlleleStringsAndAlleleNum) {
    const auto l = layout(ConsequenceSource::vep_csq, kVep115);
    const auto c = calls("C", {"T", "G"});
    ASSERT_EQ(c.size(), 2U);
    const auto stop = entry(l, "T|stop_gained|HIGH|SLC52A3|E|Transcript|ENST00000645534.1");
    EXPECT_EQ(attribute_entry(l, stop, c[0]), Attribution::this_allele);
    EXPECT_EQ(attribute_entry(l, stop, c[1]), Attribution::other_allele);
    // Lower-case allele strings name the same ALT.
    EXPECT_EQ(attribute_entry(l, entry(l, "t|stop_gained|HIGH|S|E|Transcript|T1"), c[0]),
              Attribution::this_allele);
    // --minimal: GC>G,AC is written "-" and "A" (the ALT 2 SNV trimmed to G>A).
    const auto fs = calls("GC", {"G", "AC"}, 765745);
    EXPECT_EQ(attribute_entry(l, entry(l, "-|frameshift_variant|HIGH|S|E|Transcript|T1"), fs[0]),
              Attribution::this_allele);
    EXPECT_EQ(attribute_entry(l, entry(l, "A|synonymous_variant|LOW|S|E|Transcript|T1"), fs[0]),
              Attribution::other_allele);
    // A>AT,T: "T" is ALT 1 under --minimal (insertion of T) and ALT 2 as written: ambiguous.
    const auto amb = calls("A", {"AT", "T"});
    const auto t = entry(l, "T|stop_gained|HIGH|S|E|Transcript|T1");
    EXPECT_EQ(attribute_entry(l, t, amb[0]), Attribution::unknown);
    EXPECT_EQ(attribute_entry(l, t, amb[1]), Attribution::unknown);
    EXPECT_EQ(attribute_entry(l, entry(l, "AT|stop_gained|HIGH|S|E|Transcript|T1"), amb[0]),
              Attribution::this_allele);
    // --allele_number: ALLELE_NUM decides whatever the string says.
    const auto num = layout(ConsequenceSource::vep_csq,
                            "Consequence annotations from Ensembl VEP. Format: "
                            "Allele|Consequence|Feature|ALLELE_NUM");
    EXPECT_EQ(attribute_entry(num, entry(num, "T|stop_gained|T1|2"), amb[1]),
              Attribution::this_allele);
    EXPECT_EQ(attribute_entry(num, entry(num, "T|stop_gained|T1|2"), amb[0]),
              Attribution::other_allele);
}

TEST(Attribution, VepWithoutAlleleFieldOnlyOnBiallelicRecords) {
    // slivar's CSQ (VEP run with --fields lacking Allele).
    const auto l = layout(ConsequenceSource::vep_csq, kVepSlivar);
    const auto e = entry(l, "stop_gained|tGg/tAg|W/*|ENSG1|SLC52A3|ENST00000645534|2/5||||");
    EXPECT_EQ(attribute_entry(l, e, calls("C", {"T"})[0]), Attribution::this_allele);
    const auto multi = calls("C", {"T", "G"});
    EXPECT_EQ(attribute_entry(l, e, multi[1]), Attribution::unknown);
    const std::string why = attribution_problem(l, e, multi[1], Attribution::unknown);
    EXPECT_NE(why.find("no Allele field"), std::string::npos) << why;
    EXPECT_NE(why.find("ALT G"), std::string::npos) << why;
    EXPECT_NE(why.find("bcftools norm -m-"), std::string::npos) << why;
}

TEST(Attribution, SnpEffAlleleField) {
    const auto l = layout(ConsequenceSource::snpeff_ann, kSnpEff);
    const auto c = calls("C", {"T", "G"});
    const auto stop = entry(l,
                            "T|stop_gained|HIGH|SLC52A3|SLC52A3|transcript|NM_033409.4|"
                            "protein_coding|2/5|c.50G>A|p.Trp17*||||");
    EXPECT_EQ(attribute_entry(l, stop, c[0]), Attribution::this_allele);
    EXPECT_EQ(attribute_entry(l, stop, c[1]), Attribution::other_allele);
    // SnpEff's compound notation: this ALT together with another change.
    const auto comp = entry(l, "T&1:765726_A>G|stop_gained|HIGH|S|S|transcript|NM_1|pc||||||||");
    EXPECT_EQ(attribute_entry(l, comp, c[0]), Attribution::compound);
    EXPECT_NE(attribution_problem(l, comp, c[0], Attribution::compound).find("haplotype"),
              std::string::npos);
    // An allele naming no ALT of a multi-allelic record (cancer "A-C" form): unknown.
    EXPECT_EQ(
        attribute_entry(l, entry(l, "A-C|stop_gained|HIGH|S|S|transcript|NM_1||||||||"), c[0]),
        Attribution::unknown);
    // Empty Allele (SnpEff's own test file) on a bi-allelic record: the only ALT.
    EXPECT_EQ(attribute_entry(l, entry(l, "|stop_gained|HIGH|S|S|transcript|NM_1||||||||"),
                              calls("C", {"T"})[0]),
              Attribution::this_allele);
}

TEST(Attribution, BcftoolsCsqDnaChange) {
    const auto l = layout(ConsequenceSource::bcftools_bcsq, kBcsq116);
    const auto c = calls("C", {"T", "G"});
    const auto stop =
        entry(l, "stop_gained|SLC52A3|ENST00000645534|protein_coding|-|17W>17*|765725C>T");
    EXPECT_EQ(attribute_entry(l, stop, c[0]), Attribution::this_allele);
    EXPECT_EQ(attribute_entry(l, stop, c[1]), Attribution::other_allele);
    // A haplotype compound naming this ALT and another record's change.
    const auto comp =
        entry(l, "stop_gained|SLC52A3|ENST00000645534|protein_coding|-|3F>3*|765724C>T+765725C>G");
    EXPECT_EQ(attribute_entry(l, comp, c[1]), Attribution::compound);
    EXPECT_EQ(attribute_entry(l, comp, c[0]), Attribution::other_allele);
    const auto why = attribution_problem(l, comp, c[1], Attribution::compound);
    EXPECT_NE(why.find("765724C>T+765725C>G"), std::string::npos) << why;
    // "@765767": printed at another record.
    const auto ptr = parse_consequences(l, "@765767");
    ASSERT_EQ(ptr.size(), 1U);
    EXPECT_TRUE(ptr[0].pointer);
    EXPECT_EQ(attribute_entry(l, ptr[0], c[0]), Attribution::other_allele);
    // A deletion written as the VCF has it.
    const auto fs = calls("GC", {"G", "AC"}, 765745);
    EXPECT_EQ(attribute_entry(l,
                              entry(l,
                                    "frameshift|SLC52A3|ENST1|protein_coding|-|10C>10X|"
                                    "765745GC>G"),
                              fs[0]),
              Attribution::this_allele);
    // The old layout without dna_change: only a bi-allelic record's entries are attributable.
    const auto old = layout(ConsequenceSource::bcftools_bcsq, kBcsqOld);
    const auto bare = entry(old, "stop_gained|SLC52A3|ENST00000645534|protein_coding");
    EXPECT_EQ(attribute_entry(old, bare, calls("C", {"T"})[0]), Attribution::this_allele);
    EXPECT_EQ(attribute_entry(old, bare, c[0]), Attribution::unknown);
    EXPECT_NE(attribution_problem(old, bare, c[0], Attribution::unknown).find("dna_change"),
              std::string::npos);
}

TEST(RecogniseConsequence, ByDescriptionWhateverTheKey) {
    using S = ConsequenceSource;
    struct Case {
        const char* key;
        const char* description;
        bool configured;
        std::optional<S> want;
    };
    const std::vector<Case> cases = {
        {"CSQ", kVep115, false, S::vep_csq},
        {"ANN", kVep115, false, S::vep_csq},  // vep --vcf_info_field ANN
        {"vep", kVep115, false, S::vep_csq},
        {"CSQ", kVepSlivar, false, S::vep_csq},
        {"ANN", kSnpEff, false, S::snpeff_ann},
        {"BCSQ", kBcsq116, false, S::bcftools_bcsq},
        {"BCSQ", kBcsqOld, false, S::bcftools_bcsq},
        {"LOF", kSnpEffLof, false, std::nullopt},  // SnpEff's LOF summary is no consequence list
        {"CSQ_LAB", "Lab consequences. Format: Allele|Consequence|Feature", false, std::nullopt},
        {"CSQ_LAB", "Lab consequences. Format: Allele|Consequence|Feature", true, S::vep_csq},
        {"CSQ", "Format: Allele|Consequence|Feature", false, S::vep_csq},
        {"DP", "Raw read depth", true, std::nullopt},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string(c.key) + ": " + c.description);
        EXPECT_EQ(recognise_consequence(c.key, c.description, c.configured), c.want);
    }
}

TEST(AnnotationSchemaFromHeader, KeysNotesAndClinvar) {
    Thresholds th;
    th.consequence_keys = {"CSQ_LAB", "CSQ_MISSING"};
    const std::vector<InfoHeaderLine> header = {
        {"ANN", '.', kVep115},
        {"BCSQ", '.', kBcsq116},
        {"CSQ_LAB", '.', "Lab consequences. Format: Allele|Consequence|Feature"},
        {"LOF", '.', kSnpEffLof},
        {"CLNSIG", '.', "Aggregate germline classification for this single variant"},
        {"gnomADg_AF", 'A', "gnomAD genomes AF"},
    };
    const AnnotationSchema s = annotation_schema(header, th);
    ASSERT_EQ(s.consequences.size(), 3U);
    EXPECT_EQ(s.consequences[0].source, ConsequenceSource::vep_csq);
    EXPECT_EQ(s.consequences[0].info_key, "ANN");
    EXPECT_EQ(s.consequences[1].source, ConsequenceSource::bcftools_bcsq);
    EXPECT_EQ(s.consequences[1].dna_change, 6);
    EXPECT_EQ(s.consequences[2].info_key, "CSQ_LAB");
    EXPECT_EQ(s.extra_info_keys, (std::vector<std::string>{"CSQ_LAB"}));
    EXPECT_TRUE(s.has_clinvar);
    EXPECT_TRUE(s.annotated());
    EXPECT_TRUE(s.declares("gnomADg_AF"));
    EXPECT_TRUE(s.notes.empty());  // CSQ_MISSING is simply not in this file
    // A configured key without a field list is said, not skipped.
    const auto bad = annotation_schema({{"CSQ_MISSING", '.', "no list here"}}, th);
    ASSERT_EQ(bad.notes.size(), 1U);
    EXPECT_NE(bad.notes[0].find("CSQ_MISSING"), std::string::npos);
    EXPECT_FALSE(bad.annotated());
}

TEST(AnnotationSchemaFromHeader, LegacySnpEffEffIsSaidNotSkipped) {
    // cyvcf2's test.snpeff.vcf (SnpEff before 4.1): EFF=DOWNSTREAM(MODIFIER||||85|FAM138A|...).
    const std::vector<InfoHeaderLine> eff = {
        {"EFF", '.',
         "Predicted effects for this variant.Format: 'Effect ( Effect_Impact | Functional_Class | "
         "Codon_Change | Amino_Acid_change| Amino_Acid_length | Gene_Name | Gene_BioType | Coding "
         "| Transcript | Exon [ | ERRORS | WARNINGS ] )' "}};
    const auto s = annotation_schema(eff, Thresholds{});
    EXPECT_TRUE(s.consequences.empty());
    ASSERT_EQ(s.notes.size(), 1U);
    EXPECT_NE(s.notes[0].find("legacy SnpEff EFF"), std::string::npos);
    // Alongside a readable annotation it is not worth a flag.
    auto both = eff;
    both.push_back({"ANN", '.', kSnpEff});
    EXPECT_TRUE(annotation_schema(both, Thresholds{}).notes.empty());
}

TEST(AnnotationSchemaFromHeader, RealFilesThroughTheReader) {
    // The reader's INFO declarations of files other tools wrote.
    struct Case {
        const char* file;
        const char* sample;
        std::vector<ConsequenceSource> want;
    };
    const std::vector<Case> cases = {
        {"annotated/HG002_GRCh38_chr1_100var.vep115_everything.golden.vcf.gz",
         "HG002",
         {ConsequenceSource::vep_csq}},
        {"rules/slivar.comphet-test-case.vcf",
         "SID_1",
         {ConsequenceSource::vep_csq, ConsequenceSource::bcftools_bcsq}},
        {"annotated/slc52a3/vep_as_ann.vcf", "BABY", {ConsequenceSource::vep_csq}},
        {"annotated/slc52a3/snpeff_multiallelic.vcf", "BABY", {ConsequenceSource::snpeff_ann}},
        {"annotated/slc52a3/bcsq_compound.vcf", "BABY", {ConsequenceSource::bcftools_bcsq}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.file);
        VcfOpenOptions o;
        o.sample = c.sample;
        VcfReader reader(test::data_path(c.file).string(), o);
        std::vector<InfoHeaderLine> lines;
        for (const auto& d : reader.info_declarations())
            lines.push_back({d.key, d.number, d.description});
        const auto s = annotation_schema(lines, Thresholds{});
        std::vector<ConsequenceSource> got;
        for (const auto& l : s.consequences)
            got.push_back(l.source);
        EXPECT_EQ(got, c.want);
    }
}

}  // namespace
}  // namespace nbs
