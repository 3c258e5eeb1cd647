// Built-in consequence (annotate/mane_consequence.hpp) against bcftools' own csq test suite
// (../shared/data/edge_cases/bcftools/csq, samtools/bcftools test/csq: real transcript slices
// with FASTA + Ensembl GFF3, and the BCSQ each record must get). The expectation files are the
// oracle, not the installed bcftools 1.16: `.txt-l` holds the one-record-at-a-time (-l) results,
// `.txt` without `.txt-l` the haplotype-aware results for a VCF without samples (every record on
// one haplotype). Read through the project's own FASTA reader and GFF3 parser.
//
// Haplotype files are read as one haplotype: translation_groups (haplotype_consequence.hpp)
// says which records the transcript translates together and CodingTranscript::annotate names
// each group. This checks the engine's haplotype translation; the screen itself combines only
// phased SNVs in one codon (docs/rules.md 2f).
//
// Compared: every (record, transcript) whose expected BCSQ has one of the terms the LoF route and
// the report use (splice_donor, splice_acceptor, stop_gained, frameshift, stop_lost, start_lost,
// inframe_insertion, inframe_deletion, missense, synonymous, splice_region): the set of those terms
// must be equal. Every disagreement is in kKnownDisagreements with its reason, asserted exactly:
// a new disagreement fails, and so does one that went away.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "engine/annotate/consequence.hpp"
#include "engine/annotate/haplotype_consequence.hpp"
#include "engine/annotate/mane_consequence.hpp"
#include "engine/core/input_error.hpp"
#include "engine/curate/gene_models.hpp"
#include "engine/genome/contig.hpp"
#include "engine/io/fasta_reader.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;

const std::set<std::string> kCompared = {"splice_donor",      "splice_acceptor",  "stop_gained",
                                         "frameshift",        "stop_lost",        "start_lost",
                                         "inframe_insertion", "inframe_deletion", "missense",
                                         "synonymous",        "splice_region"};

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::stringstream in(s);
    std::string x;
    while (std::getline(in, x, sep))
        out.push_back(x);
    if (!s.empty() && s.back() == sep) out.emplace_back();
    return out;
}

// Our SO names in bcftools' spelling.
std::string bcftools_name(std::string t) {
    for (const char* so : {"splice_donor", "splice_acceptor", "splice_region", "missense",
                           "synonymous", "frameshift", "intron", "stop_retained", "start_retained"})
        if (t == std::string(so) + "_variant") return so;
    if (t == "5_prime_UTR_variant") return "5_prime_utr";
    if (t == "3_prime_UTR_variant") return "3_prime_utr";
    return t;
}

// Terms bcftools writes at the record itself in haplotype mode (its splice entry).
bool is_splice_term(const std::string& t) {
    return t == "splice_donor" || t == "splice_acceptor" || t == "splice_region" || t == "intron";
}

std::set<std::string> compared_terms(const std::vector<std::string>& terms) {
    std::set<std::string> out;
    for (const auto& t : terms)
        if (kCompared.count(t)) out.insert(t);
    return out;
}

std::string join(const std::set<std::string>& s) {
    std::string out;
    for (const auto& x : s)
        out += (out.empty() ? "" : "&") + x;
    return out;
}

// A CodingTranscript points at the slices it was built from, so a Case is filled in place and
// never copied or moved (a moved Case left `coding` pointing at the old slices: ASan found it).
struct Case {
    Case() = default;
    Case(const Case&) = delete;
    Case& operator=(const Case&) = delete;
    std::vector<TranscriptModel> transcripts;
    std::vector<CodingTranscript> coding;
    ReferenceSlices slices;
    int refused_gene_lines = 0;
};

struct Rec {
    Variant v;
    std::string bcsq;  // expected BCSQ for this record
};

std::string shared_csq_dir() {
    return std::string(NBS_SHARED_DATA) + "/edge_cases/bcftools/csq";
}

void load_case(const fs::path& dir, Case& c) {
    const std::string name = dir.filename().string();
    const std::string fa = (dir / (name + ".fa")).string();
    const std::string gff = (dir / (name + ".gff")).string();
    if (!fs::exists(fa) || !fs::exists(gff)) return;
    FastaReader reader(fa);
    std::vector<Region> keep;
    for (const auto& [chrom, file_name] : reader.contigs()) {
        const auto len = reader.length(chrom);
        if (!len) continue;
        c.slices.add({name, chrom, 1, reader.fetch(chrom, 1, *len)});
        keep.push_back({chrom, 1, *len});
    }
    TranscriptCollector collector{RegionSet(keep)};
    TextLineReader lines(gff);
    std::string line;
    while (lines.next(line)) {
        std::optional<FeatureLine> f;
        try {
            f = parse_feature_line(line, gff, lines.line_number());
        } catch (const InputError&) {
            // bcftools' slices keep the whole gene's line, its start shifted below 1, and some
            // copy Ensembl's description with raw tabs: invalid GFF3 the parser refuses, as it
            // must. Gene and chromosome lines only name things, so the comparison reads the file
            // without them.
            const auto cols = split(line, '\t');
            if (cols.size() > 2 && (cols[2] == "gene" || cols[2] == "chromosome")) {
                ++c.refused_gene_lines;
                continue;
            }
            throw;
        }
        if (f) collector.add(*f);
    }
    c.transcripts = collector.take();
    for (const auto& t : c.transcripts)
        if (auto ct = CodingTranscript::build(t, c.slices); ct && ct->coding())
            c.coding.push_back(std::move(*ct));
    return;
}

// The expected BCSQ of each record, from the pairs "POS REF ALT EXP" / "POS REF ALT BCSQ".
std::vector<std::string> expected_bcsq(const fs::path& txt) {
    std::ifstream in(txt);
    std::vector<std::string> out;
    std::string line;
    int in_block = 0;
    while (std::getline(in, line)) {
        if (line.empty()) {
            in_block = 0;
            continue;
        }
        if (++in_block == 2) {
            const auto cols = split(line, '\t');
            out.push_back(cols.size() >= 4 ? cols[3] : ".");
        }
    }
    return out;
}

// Every (record, transcript) where nbscreen and bcftools' expectation differ, with why. The value
// is the difference the test finds, so a changed result fails too.
struct Known {
    const char* difference;
    const char* reason;
};
constexpr const char* kTwoBaseIntron =
    "insertion between an exon's last base and a 2-bp intron (an Ensembl gap-filling 'intron', "
    "non-canonical, flagged 'ambiguous' in bcftools' own test): bcftools counts an insertion "
    "beside the two-base site as hitting it; nbscreen follows SO (splice_donor_variant / "
    "splice_acceptor_variant: a change of the intron's two end bases), which an insertion beside "
    "them leaves unchanged, so only splice_region, as bcftools itself names an insertion between "
    "a normal intron's last base and the exon (BICC1 10:315641 <INS>: splice_region)";
constexpr const char* kAcrossBoundary =
    "deletion across an exon-intron boundary in every equivalent position (here the acceptor "
    "and 10 exon bases): the new splicing is unknown, so nbscreen names the splice terms and "
    "coding_sequence_variant, no frame, as VEP does (its frameshift predicate needs both ends of "
    "the deletion in the CDS); bcftools re-splices the shortened exon";
const std::map<std::string, Known> kKnownDisagreements = {
    {"ENST00000227471/insert-splice-vs-frameshift.vcf:6609:A>AG:ENST00000227471",
     {"expected splice_acceptor&splice_region, nbscreen splice_region", kTwoBaseIntron}},
    {"ENST00000341065/frame3.vcf:19026:CAGGTGGCCAG>CAGGCCAG:ENST00000341065",
     {"expected inframe_deletion&splice_acceptor&synonymous, nbscreen "
      "inframe_deletion&splice_region",
      "the deleted 3 bases can be read at 19028-19030, 19029-19031 or 19030-19032 (exon from "
      "19029, intron ending 'AG' at 19027-19028): in the last reading the acceptor's AG stands "
      "intact before the exon (bcftools' own note reads it 'CAG---GCCAG'), so no acceptor hit "
      "(SO), and one codon goes: inframe_deletion, not synonymous"}},
    {"ENST00000341065/splice-acceptor-donor5.vcf:16427:GGTACTGGGG>GGTACTGGG:ENST00000341065",
     {"expected splice_region&synonymous, nbscreen splice_region",
      "one G of the intron's GGGG run (donor +6 to +9) goes: no CDS base changes in any reading, "
      "so no synonymous_variant (SO: a codon changed to one of the same amino acid); bcftools "
      "names it from REF's anchor on the exon's last base (its test calls the case 'should not be "
      "called')"}},
    {"ENST00000382647/synon-splice-region-insert.vcf:1443:A>ACCCGGCCGCACGCTCTCA:ENST00000382647",
     {"expected splice_donor, nbscreen splice_region",
      "the 18 inserted bases repeat their flank, so the insertion can also be read inside the "
      "exon (5' UTR) with the donor intact: splice_region, not splice_donor; bcftools' own note "
      "on this case says 'should be synonymous splice region if seq were checked'"}},
    {"ENST00000409523/long-overlapping-del.vcf:18990:TAAAGGGATATCTACAA>T:ENST00000409523",
     {"expected frameshift&splice_acceptor, nbscreen splice_acceptor", kAcrossBoundary}},
    {"ENST00000420670/start-stop-lost.vcf:44688:C>T:ENST00000420670",
     {"expected missense, nbscreen start_lost",
      "a one-codon CDS (ATG only): bcftools calls 1M>1I missense (its own test notes 'this "
      "cannot be real'); the start codon changed, which SO names start_lost"}},
    {"ENST00000518414/incorrect-inframe-del.vcf:11397:ACTGCAAGGTGAGCT>A:ENST00000518414",
     {"expected inframe_deletion&stop_lost, nbscreen ",
      "deletion across the 3' end of a 3'-incomplete model (CDS to the last exon's last base "
      "11400, whose last codon is CTG, no stop): what follows the deletion is not in the model, "
      "so nbscreen names only coding_sequence_variant, as VEP does (its in-frame and frameshift "
      "predicates need both ends of the deletion in the CDS); stop_lost needs a terminator codon "
      "to change (SO:0001578), which the model lacks"}},
    {"ENST00000545279/splice-region-insert.vcf:44572:T>TC:ENST00000545279",
     {"expected splice_donor&splice_region, nbscreen splice_region", kTwoBaseIntron}},
};

struct Outcome {
    int files = 0, records = 0, compared = 0, agreed = 0;
    int not_compared_samples = 0, not_compared_contig = 0, not_compared_multiallelic = 0;
    std::map<std::string, std::string> disagreements;  // key -> "expected X, nbscreen Y"
    std::vector<std::string> refused_gff;
    int refused_gene_lines = 0;
};

void compare_file(const fs::path& dir, const Case& c, const fs::path& vcf, Outcome& o) {
    const fs::path base = vcf.parent_path() / vcf.stem();
    const bool local = fs::exists(base.string() + ".txt-l");
    const fs::path txt =
        local ? fs::path(base.string() + ".txt-l") : fs::path(base.string() + ".txt");
    if (!fs::exists(txt)) return;
    std::ifstream in(vcf);
    std::string line;
    std::vector<Rec> recs;
    bool samples = false, multi = false, foreign = false;
    while (std::getline(in, line)) {
        if (line.rfind("#CHROM", 0) == 0) samples = split(line, '\t').size() > 8;
        if (line.empty() || line[0] == '#') continue;
        const auto cols = split(line, '\t');
        const auto chrom = canonical_contig(cols[0]);
        if (!chrom) foreign = true;
        if (cols[4].find(',') != std::string::npos) multi = true;
        recs.push_back({{chrom.value_or(""), std::stoll(cols[1]), cols[3], cols[4]}, ""});
    }
    if (samples) {
        ++o.not_compared_samples;
        return;
    }
    if (foreign) {
        ++o.not_compared_contig;
        return;
    }
    if (multi) {
        ++o.not_compared_multiallelic;
        return;
    }
    const auto exp = expected_bcsq(txt);
    EXPECT_EQ(exp.size(), recs.size()) << txt;
    if (exp.size() != recs.size()) return;
    ++o.files;
    const std::string file = dir.filename().string() + "/" + vcf.filename().string();
    for (std::size_t i = 0; i < recs.size(); ++i)
        recs[i].bcsq = exp[i];

    for (const auto& t : c.coding) {
        // Haplotype mode: the alleles the transcript translates together (translation_groups:
        // one codon, or a stretch an indel's shifted frame runs through) are one change; the
        // consequence belongs to the group's 5'-most allele, the others point at it (as
        // bcftools writes "@POS").
        std::vector<int> group_of(recs.size());
        for (std::size_t i = 0; i < recs.size(); ++i)
            group_of[i] = static_cast<int>(i);
        if (!local) {
            std::vector<Variant> hap;
            for (const auto& r : recs)
                hap.push_back(r.v);
            for (const auto& g : translation_groups(t, hap))
                for (const std::size_t i : g)
                    group_of[i] = static_cast<int>(g.front());
        }
        auto terms_of = [&](const std::vector<Variant>& hap, std::string& status) {
            BuiltinConsequence bc;
            const auto st = t.annotate(hap, bc);
            std::vector<std::string> ours;
            for (const auto& term : bc.terms)
                ours.push_back(bcftools_name(term));
            if (st != ConsequenceStatus::annotated)
                status = "status " + std::to_string(static_cast<int>(st));
            return ours;
        };
        for (std::size_t i = 0; i < recs.size(); ++i) {
            const std::string key =
                file + ":" + std::to_string(recs[i].v.pos) + ":" + recs[i].v.ref + ">" +
                recs[i].v.alt + ":" +
                t.model().transcript_id.substr(0, t.model().transcript_id.find('.'));
            // Expected entries of this record on this transcript.
            std::vector<std::string> fields;
            bool pointer = false;
            for (const auto& entry : split(recs[i].bcsq, ',')) {
                if (!entry.empty() && entry[0] == '@') pointer = true;
                const auto f = split(entry, '|');
                // bcftools may write several entries for one transcript (e.g. splice_region
                // and frameshift apart): their terms together are its consequence.
                if (f.size() >= 3 && same_transcript(f[2], t.model().transcript_id))
                    fields.push_back(f[0]);
            }
            ++o.records;
            if (pointer && fields.empty()) {
                // bcftools combined this record with another one on the haplotype.
                const auto at = std::stoll(recs[i].bcsq.substr(1, recs[i].bcsq.find(',') - 1));
                const bool we_combined = group_of[i] != static_cast<int>(i) &&
                                         recs[static_cast<std::size_t>(group_of[i])].v.pos == at;
                // Counted only when the record it points at is compared on this transcript.
                bool relevant = false;
                for (std::size_t j = 0; j < recs.size(); ++j)
                    if (recs[j].v.pos == at)
                        for (const auto& entry : split(recs[j].bcsq, ',')) {
                            const auto f = split(entry, '|');
                            if (f.size() >= 3 && same_transcript(f[2], t.model().transcript_id))
                                for (const auto& term : split(f[0], '&'))
                                    relevant = relevant || kCompared.count(term) != 0;
                        }
                if (!relevant) continue;
                ++o.compared;
                if (we_combined)
                    ++o.agreed;
                else
                    o.disagreements[key] =
                        "expected @" + std::to_string(at) + ", nbscreen annotated it on its own";
                continue;
            }
            if (fields.empty()) continue;
            std::vector<std::string> expected_terms;
            for (const auto& terms : fields)
                for (const auto& term : split(terms, '&'))
                    expected_terms.push_back(term);
            const std::set<std::string> want([&] {
                std::set<std::string> s;
                for (const auto& x : expected_terms)
                    if (kCompared.count(x)) s.insert(x);
                return s;
            }());
            if (want.empty()) continue;
            ++o.compared;
            // bcftools writes a record's splice terms at the record and the group's coding
            // consequence at its first record.
            std::string got, status;
            std::set<std::string> ours;
            bool grouped = false;
            for (std::size_t j = 0; j < recs.size(); ++j)
                grouped = grouped || (j != i && group_of[j] == group_of[i]);
            for (const auto& term : terms_of({recs[i].v}, status))
                if (!grouped || is_splice_term(term)) ours.insert(term);
            if (grouped && group_of[i] == static_cast<int>(i)) {
                std::vector<Variant> hap;
                for (std::size_t j = 0; j < recs.size(); ++j)
                    if (group_of[j] == static_cast<int>(i)) hap.push_back(recs[j].v);
                std::sort(hap.begin(), hap.end(),
                          [](const Variant& a, const Variant& b) { return a.pos < b.pos; });
                for (const auto& term : terms_of(hap, status))
                    if (!is_splice_term(term)) ours.insert(term);
            }
            got = !status.empty() ? status : join(compared_terms({ours.begin(), ours.end()}));
            // A record with its own splice entry and an "@POS" for its coding change.
            if (pointer) {
                const auto at = std::stoll(recs[i].bcsq.substr(1, recs[i].bcsq.find(',') - 1));
                if (group_of[i] == static_cast<int>(i) ||
                    recs[static_cast<std::size_t>(group_of[i])].v.pos != at)
                    got += " (not combined with @" + std::to_string(at) + ")";
            }
            if (got == join(want))
                ++o.agreed;
            else
                o.disagreements[key] = "expected " + join(want) + ", nbscreen " + got;
        }
    }
}

Outcome run_suite() {
    Outcome o;
    std::vector<fs::path> dirs;
    for (const auto& d : fs::directory_iterator(shared_csq_dir()))
        if (d.is_directory()) dirs.push_back(d.path());
    std::sort(dirs.begin(), dirs.end());
    for (const auto& dir : dirs) {
        std::vector<fs::path> vcfs;
        for (const auto& f : fs::directory_iterator(dir))
            if (f.path().extension() == ".vcf") vcfs.push_back(f.path());
        std::sort(vcfs.begin(), vcfs.end());
        if (vcfs.empty()) continue;
        Case c;
        try {
            load_case(dir, c);
        } catch (const InputError& e) {
            // bcftools' suite has a GFF with a negative start (EDUMMY0003): the parser refuses
            // it with the line, as it must.
            o.refused_gff.push_back(dir.filename().string());
            continue;
        }
        o.refused_gene_lines += c.refused_gene_lines;
        for (const auto& vcf : vcfs)
            compare_file(dir, c, vcf, o);
    }
    return o;
}

TEST(CsqOracle, BcftoolsCsqSuiteAgreesOrDisagreementIsListed) {
    if (!fs::exists(shared_csq_dir()))
        GTEST_SKIP() << "needs " << shared_csq_dir() << " (bcftools' csq test suite, 5.2 MB)";
    const Outcome o = run_suite();
    std::cout << "bcftools csq suite: " << o.files << " files, " << o.records
              << " record x transcript pairs, " << o.compared << " compared, " << o.agreed
              << " agreed, " << o.disagreements.size()
              << " listed disagreements; not compared: " << o.not_compared_samples
              << " files with samples, " << o.not_compared_contig << " on a non-human contig, "
              << o.not_compared_multiallelic << " with multi-allelic records\n";
    for (const auto& [k, v] : o.disagreements) {
        const auto it = kKnownDisagreements.find(k);
        if (it == kKnownDisagreements.end())
            ADD_FAILURE() << "new disagreement " << k << ": " << v;
        else
            EXPECT_EQ(v, it->second.difference) << k << " changed";
    }
    for (const auto& [k, known] : kKnownDisagreements)
        EXPECT_TRUE(o.disagreements.count(k))
            << "listed disagreement went away (update the table): " << k;
    EXPECT_EQ(o.compared, o.agreed + static_cast<int>(o.disagreements.size()));
    EXPECT_EQ(o.refused_gff, std::vector<std::string>{});
    EXPECT_EQ(o.refused_gene_lines, 13);
    EXPECT_EQ(o.files, 70);
    EXPECT_EQ(o.compared, 85);
}

}  // namespace
}  // namespace nbs
