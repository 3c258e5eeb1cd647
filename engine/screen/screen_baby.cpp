#include "engine/screen/screen_baby.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "engine/core/input_error.hpp"
#include "engine/core/sample_id.hpp"
#include "engine/core/utf8.hpp"
#include "engine/genome/contig.hpp"
#include "engine/genome/normalize.hpp"
#include "engine/io/vcf_reader.hpp"
#include "engine/screen/assessability.hpp"
#include "engine/screen/coverage_gate.hpp"
#include "engine/screen/smn_screen.hpp"

namespace nbs {
namespace {

// The annotations the header declares (annotate/ recognises them by their descriptions), and
// the INFO keys they live under read from here on.
AnnotationSchema read_schema(VcfReader& reader, const Thresholds& th) {
    std::vector<InfoHeaderLine> lines;
    for (auto& d : reader.info_declarations())
        lines.push_back({std::move(d.key), d.number, std::move(d.description)});
    AnnotationSchema s = annotation_schema(lines, th);
    reader.add_info_keys(s.extra_info_keys);
    return s;
}

// Per gene entry: the alleles that qualified, kept until inheritance is evaluated.
struct EntryAlleles {
    std::vector<ReportedAllele> passing;
};

// Is a confident inference consistent with the reported sex? Without chrY, "two X" (XX) fits a
// reported XXY as well as XX.
bool consistent(const SexInference& inferred, Karyotype reported) {
    if (inferred.karyotype == reported) return true;
    return inferred.y == YEvidence::not_assessed && inferred.karyotype == Karyotype::XX &&
           reported == Karyotype::XXY;
}

void decide_sex(BabyResult& r, const std::optional<Karyotype>& reported) {
    auto& sex = r.sex;
    sex.reported = reported;
    sex.from_vcf = infer_karyotype(sex.evidence);
    sex.inferred = combine_sex(sex.from_vcf, sex.from_depth, r.qc.flags);
    const bool inferred_known = sex.inferred.karyotype != Karyotype::unknown;
    const bool reported_known = reported && *reported != Karyotype::unknown;
    if (inferred_known && reported_known && !consistent(sex.inferred, *reported)) {
        // A reported sex that disagrees with the data is how sample swaps show.
        r.qc.failures.push_back("sex_discordant");
    }
    if (inferred_known) {
        sex.used = sex.inferred.karyotype;
        sex.used_source = "inferred";
        // Two X without chrY evidence, reported XXY: the report is the more specific answer.
        if (reported_known && *reported != sex.used && consistent(sex.inferred, *reported)) {
            sex.used = *reported;
            sex.used_source = "reported";
        }
    } else if (reported_known) {
        sex.used = *reported;
        sex.used_source = "reported";
        r.qc.flags.push_back("sex could not be inferred (" + sex.inferred.reason +
                             "); the reported sex is used");
        // Low chrX heterozygosity without chrY evidence is one X or a long run of homozygosity;
        // a reported girl is kept XX, but the reviewer should know.
        if (sex.inferred.x_copies == 1 && *reported != Karyotype::XY && *reported != Karyotype::X0)
            r.qc.flags.push_back("low chrX heterozygosity in a baby reported " +
                                 std::string(to_string(*reported)) +
                                 ": a long run of homozygosity, or one X (check the karyotype)");
    } else {
        sex.used = Karyotype::unknown;
        sex.used_source = "none";
        r.qc.flags.push_back("sex unknown (" + sex.inferred.reason +
                             "): X-linked genes use the biallelic rule");
    }
    if (is_hemizygous_x(sex.used) && sex.evidence.x_nonpar_het > 0)
        r.qc.flags.push_back(std::to_string(sex.evidence.x_nonpar_het) +
                             " heterozygous call(s) on chrX outside the PARs in a " +
                             std::string(to_string(sex.used)) + " baby");
}

void add_flag(std::vector<std::string>& flags, const std::string& flag) {
    if (std::find(flags.begin(), flags.end(), flag) == flags.end()) flags.push_back(flag);
}

// What a reviewer must see about a finding beyond its outcome: QC warnings of its alleles, and a
// hemizygous chrX call whose reads look heterozygous (mosaicism, contamination or XXY).
std::vector<std::string> finding_flags(const std::vector<ReportedAllele>& alleles, Karyotype used,
                                       const Thresholds& th) {
    std::vector<std::string> flags;
    for (const auto& a : alleles) {
        const AlleleCall& c = a.call;
        for (const auto& w : a.qc.warnings)
            add_flag(flags, c.variant.to_string() + ": " + w);
        if (!is_hemizygous_x(used) || !is_x_nonpar(c.variant.chrom, c.variant.pos)) continue;
        const auto ab = c.allele_balance();
        const bool het_gt = c.copies < c.ploidy - c.missing_alleles;
        if (het_gt || (ab && *ab < th.min_hom_allele_balance))
            add_flag(flags, c.variant.to_string() + ": heterozygous-looking call (GT " +
                                c.genotype +
                                (ab ? ", allele balance " + std::to_string(*ab).substr(0, 4) : "") +
                                ") on chrX outside the PARs in a " + std::string(to_string(used)) +
                                " baby: mosaicism, contamination or XXY possible");
    }
    return flags;
}

// Where matching could not use the reference sequence and that could hide a listed allele, say
// so (docs/rules.md, "Normalise, then match"): never a silent "not on the list".
void note_normalization(std::vector<std::string>& flags, const AlleleCall& call, Normalization n,
                        const GeneEntry& gene, const Qualifier& q) {
    if (n == Normalization::ref_mismatch) {
        add_flag(flags, call.as_written.to_string() +
                            ": REF differs from the GRCh38 sequence the panel carries for " +
                            gene.symbol + "; matched as written (check the build)");
        return;
    }
    if (n != Normalization::no_sequence) return;
    if (const CuratedVariant* row = q.nearby_curated_indel(call.variant, gene.symbol))
        add_flag(flags, call.variant.to_string() + " in " + gene.symbol + " may be the " +
                            (row->list == ListKind::include ? "include" : "exclude") +
                            "-list indel " + row->variant.to_string() +
                            " written in another position: not checked (the panel carries no "
                            "reference sequence there to left-align; 'nbscreen panel knowledge')");
}

}  // namespace

BabyResult screen_baby(const ScreenPlan& plan, const BabyInput& input,
                       const ScreenOptions& options) {
    const Panel& panel = plan.panel();
    const Thresholds& th = panel.manifest.thresholds;
    VcfOpenOptions vo;
    vo.sample = input.vcf_sample;
    vo.info_keys = plan.qualifier().info_keys();
    vo.threads = options.hts_threads;
    vo.use_index = options.use_index;
    VcfReader reader(input.vcf, vo);
    // The sample name is written into the result (JSON, so UTF-8).
    check_utf8(reader.sample(), "the VCF sample name", {input.vcf});
    // Every route but the include list needs annotations in INFO. Without any, a record can only
    // qualify where it touches a curated allele, so everything else is read for its genotype
    // alone (sex inference) instead of parsed in full.
    const AnnotationSchema schema = read_schema(reader, th);
    // With MANE models in its knowledge the panel names consequences itself (issue 11), so an
    // unannotated file is read in full over the genes too.
    const bool builtin = panel.knowledge && !panel.knowledge->transcripts.empty();
    reader.restrict_to(plan.read_regions(), schema.annotated() || builtin ? plan.gene_regions()
                                                                          : plan.curated_regions());
    CoverageOutcome coverage = measure_coverage(plan, input, options, reader.sample());

    BabyResult r;
    r.sample_id = input.sample_id;
    r.input.vcf_path = input.vcf;
    r.input.vcf_sample = reader.sample();
    r.input.access = reader.access_mode() == AccessMode::indexed ? "indexed" : "streaming";
    r.input.contig_naming = reader.build_check().naming;
    r.input.contigs_checked = reader.build_check().contigs_checked;
    for (const auto& s : coverage.alignment_samples)
        r.input.alignment_samples.push_back(printable(s));
    r.input.alignment_sample_check = coverage.alignment_sample_check;
    if (coverage.alignment_sample_check == "ignored") {
        std::string names;
        for (const auto& s : coverage.alignment_samples)
            names += (names.empty() ? "" : ", ") + printable(s);
        r.qc.flags.push_back(
            "the alignments' sample (@RG SM: " + (names.empty() ? std::string("none") : names) +
            ") was not checked against the VCF sample '" + reader.sample() + "' (--ignore-sm)");
    }
    std::error_code ec;
    if (input.vcf != "-") r.input.vcf_size = std::filesystem::file_size(input.vcf, ec);
    if (!reader.build_check().has_lengths)
        r.qc.flags.push_back(
            "the VCF header has no contig lengths: the GRCh38 build could not be checked");
    for (const auto& note : schema.notes)
        r.qc.flags.push_back(note);

    std::map<std::size_t, EntryAlleles> by_entry;  // ordered by genes.tsv row: deterministic output
    // Phased SNVs without annotation in one MANE codon, per entry, codon, phase set and
    // haplotype: translated together after the pass (issue 11 item 3).
    std::map<std::tuple<std::size_t, std::int64_t, std::int64_t, int>, std::vector<AlleleCall>> cis;
    VcfRecord rec;
    while (reader.next(rec) == ReadStatus::ok) {
        if (is_x_nonpar(rec.chrom, rec.pos) || is_y_nonpar(rec.chrom, rec.pos))
            r.sex.evidence.add(rec);
        if (!plan.gene_regions().overlaps(rec.chrom, rec.pos,
                                          rec.pos + static_cast<std::int64_t>(rec.ref.size()) - 1))
            continue;
        for (auto& call : split_alleles(rec)) {
            ++r.qc.alleles_in_panel_genes;
            const Normalization norm = plan.qualifier().normalize(call);
            for (std::size_t e : plan.entries_at(call.variant.chrom, call.variant.pos)) {
                const GeneEntry& gene = panel.genes[e];
                note_normalization(r.qc.flags, call, norm, gene, plan.qualifier());
                if (const auto codon = plan.qualifier().cis_codon(call, gene, schema))
                    for (int h = 0; h < 8; ++h)
                        if (call.haplotypes & (1U << h))
                            cis[{e, *codon, call.phase_set.value_or(-1), h}].push_back(call);
                Qualification q = plan.qualifier().qualify(call, gene, schema);
                for (const auto& flag : q.flags)
                    add_flag(r.qc.flags, flag);
                if (q.routes.empty()) continue;
                if (q.population_af_unknown && !q.excluded_because)
                    add_flag(r.qc.flags, call.variant.to_string() + " qualified for " +
                                             gene.symbol +
                                             " by loss of function with its population "
                                             "frequency unknown (no configured source)");
                ReportedAllele ra{call, std::move(q), check_genotype(call, th)};
                if (ra.qualification.excluded_because) {
                    r.set_aside.push_back(
                        {gene.symbol, gene.condition_id, "exclude list", std::move(ra)});
                } else if (!ra.qc.pass) {
                    r.set_aside.push_back(
                        {gene.symbol, gene.condition_id, "failed genotype QC", std::move(ra)});
                } else {
                    auto& list = by_entry[e].passing;
                    const bool dup = std::any_of(
                        list.begin(), list.end(),
                        [&](const ReportedAllele& x) { return x.call.variant == ra.call.variant; });
                    if (!dup) list.push_back(std::move(ra));
                }
            }
        }
    }
    for (auto& [key, calls] : cis) {
        if (calls.size() < 2) continue;
        const std::size_t e = std::get<0>(key);
        const GeneEntry& gene = panel.genes[e];
        // A member that qualified on its own already stands for this haplotype.
        auto& list = by_entry[e].passing;
        const bool taken = std::any_of(calls.begin(), calls.end(), [&](const AlleleCall& c) {
            return std::any_of(list.begin(), list.end(), [&](const ReportedAllele& x) {
                return x.call.variant == c.variant;
            });
        });
        if (taken) continue;
        Qualification q = plan.qualifier().qualify_cis_codon(calls, gene, schema);
        for (const auto& flag : q.flags)
            add_flag(r.qc.flags, flag);
        if (q.routes.empty()) continue;
        ReportedAllele ra{calls.front(), std::move(q), check_genotype(calls.front(), th)};
        if (!ra.qc.pass) {
            r.set_aside.push_back(
                {gene.symbol, gene.condition_id, "failed genotype QC", std::move(ra)});
        } else if (std::none_of(list.begin(), list.end(), [&](const ReportedAllele& x) {
                       return x.call.variant == ra.call.variant;
                   })) {
            list.push_back(std::move(ra));
        }
    }
    r.qc.records_seen = reader.records_seen();
    r.qc.records_decoded = reader.records_decoded();
    // The whole file's chromosomes (from the index, or every line of the stream): a chromosome
    // without a single record was not called, which is not the same as carrying nothing.
    const std::set<std::string> contigs = reader.contigs_with_records();
    r.sex.evidence.y_called = contigs.count("chrY") != 0;
    r.sex.from_depth = coverage.depth_sex;
    decide_sex(r, input.reported_sex);

    for (auto& [e, alleles] : by_entry) {
        const GeneEntry& gene = panel.genes[e];
        std::vector<const AlleleCall*> calls;
        for (const auto& a : alleles.passing)
            calls.push_back(&a.call);
        InheritanceOutcome outcome = evaluate_inheritance(gene, calls, r.sex.used);
        if (!outcome.reported) continue;
        Finding f;
        f.condition_id = gene.condition_id;
        const Condition* c = panel.find_condition(gene.condition_id);
        f.condition_name = c != nullptr ? c->name : "";
        f.gene = gene.symbol;
        f.hgnc_id = gene.hgnc_id;
        f.moi = gene.moi;
        f.outcome = std::move(outcome);
        f.flags = finding_flags(alleles.passing, r.sex.used, th);
        f.variants = std::move(alleles.passing);
        r.findings.push_back(std::move(f));
    }

    const SmnEvidence smn = apply_smn(r, panel, coverage.smn, !input.cram.empty());
    r.coverage = std::move(coverage.summary);
    apply_coverage_gate(r, panel);
    mark_qc_failed_alleles(r);
    mark_unseen_chromosomes(r, panel, contigs);
    mark_required_evidence(r, panel, smn.available, smn.why_missing);
    r.status = decide_status(r);
    return r;
}

}  // namespace nbs
