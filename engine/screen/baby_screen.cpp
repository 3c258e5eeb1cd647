#include "engine/screen/baby_screen.hpp"

#include <algorithm>
#include <filesystem>

#include "engine/core/sample_id.hpp"
#include "engine/genome/contig.hpp"
#include "engine/genome/normalize.hpp"
#include "engine/io/vcf_reader.hpp"
#include "engine/screen/assessability.hpp"
#include "engine/screen/smn_screen.hpp"

namespace nbs {
namespace {

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

// A LoF finding whose population ceiling could not be applied, and why: no source at all, or
// the knowledge's gnomAD files do not cover the position (issue 11: "not covered" is not
// "absent", and neither is "no configured source").
void flag_unknown_frequency(std::vector<std::string>& flags, const AlleleCall& call,
                            const GeneEntry& gene, const Qualification& q) {
    if (!q.population_af_unknown) return;
    const PopulationFrequency* pf = q.population_frequency ? &*q.population_frequency : nullptr;
    add_flag(flags, call.variant.to_string() + " qualified for " + gene.symbol +
                        " by loss of function with its population frequency unknown (" +
                        (pf != nullptr && pf->status == "not_covered"
                             ? "the position is not covered by " + pf->source
                             : std::string("no configured source")) +
                        ")");
}

}  // namespace

std::vector<std::string> carried_info_keys(const ScreenPlan& plan, const AnnotationSchema& schema,
                                           const std::vector<InfoHeaderLine>& header) {
    // The reader carries the qualifier's keys and the schema's extra ones that the header
    // declares (VcfReader::add_info_keys ignores the others).
    std::vector<std::string> keys = plan.qualifier().info_keys();
    keys.insert(keys.end(), schema.extra_info_keys.begin(), schema.extra_info_keys.end());
    std::erase_if(keys, [&](const std::string& k) {
        return std::none_of(header.begin(), header.end(),
                            [&](const InfoHeaderLine& h) { return h.key == k; });
    });
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    return keys;
}

AnnotationSchema read_annotation_schema(VcfReader& reader, const Thresholds& th,
                                        std::vector<InfoHeaderLine>* out) {
    std::vector<InfoHeaderLine> lines;
    for (auto& d : reader.info_declarations())
        lines.push_back({std::move(d.key), d.number, std::move(d.description)});
    AnnotationSchema s = annotation_schema(lines, th);
    if (out != nullptr) *out = std::move(lines);
    reader.add_info_keys(s.extra_info_keys);
    return s;
}

VcfFacts vcf_facts(const VcfReader& reader, const std::string& path) {
    VcfFacts f;
    f.access = reader.access_mode() == AccessMode::indexed ? "indexed" : "streaming";
    f.contig_naming = reader.build_check().naming;
    f.contigs_checked = reader.build_check().contigs_checked;
    f.has_lengths = reader.build_check().has_lengths;
    std::error_code ec;
    if (path != "-") f.vcf_size = std::filesystem::file_size(path, ec);
    return f;
}

bool has_symbolic_deletion(const VcfRecord& rec) {
    return std::any_of(rec.alts.begin(), rec.alts.end(),
                       [](const std::string& a) { return a.rfind("<DEL", 0) == 0; });
}

bool carries_alt(const SampleFormat& s) {
    return std::any_of(s.alleles.begin(), s.alleles.end(), [](int a) { return a > 0; });
}

BabyScreen::BabyScreen(const ScreenPlan& plan, const BabyInput& input,
                       const AnnotationSchema& schema, const VcfFacts& facts,
                       std::string vcf_sample, std::vector<InfoHeaderLine> info_header)
    : plan_(plan), input_(input), schema_(schema) {
    BabyEvidence& ev = evidence_;
    ev.input = input;
    ev.vcf_sample = vcf_sample;
    ev.facts = facts;
    ev.panel_id = plan.panel().manifest.id;
    ev.panel_version = plan.panel().manifest.version;
    ev.panel_sha256 = plan.panel().sha256;
    ev.panel_source = plan.panel().source_path;
    // The plan's regions and INFO keys are the same for every baby of a plan: copied into the
    // snapshot only in finish(), one baby at a time, not held by each of a cohort's thousands of
    // babies for the whole pass (the regions with a ClinVar table are ~800 KB).
    ev.info_header = std::move(info_header);
    BabyResult& r = result_;
    r.sample_id = input.sample_id;
    r.input.vcf_path = input.vcf;
    r.input.vcf_sample = std::move(vcf_sample);
    r.input.access = facts.access;
    r.input.contig_naming = facts.contig_naming;
    r.input.contigs_checked = facts.contigs_checked;
    r.input.vcf_size = facts.vcf_size;
    if (!facts.has_lengths)
        r.qc.flags.push_back(
            "the VCF header has no contig lengths: the GRCh38 build could not be checked");
    for (const auto& note : schema.notes)
        r.qc.flags.push_back(note);
}

void BabyScreen::add(const VcfRecord& rec) {
    if (is_x_nonpar(rec.chrom, rec.pos) || is_y_nonpar(rec.chrom, rec.pos))
        result_.sex.evidence.add(rec);
    // A <DEL> can reach a panel gene from a POS before it (its END lies inside): such a record is
    // evidence too, so the snapshot keeps it and a rescreen replays it.
    const bool deletes_in_genes = add_symbolic_deletions(rec);
    const bool in_genes = plan_.gene_regions().overlaps(
        rec.chrom, rec.pos, rec.pos + static_cast<std::int64_t>(rec.ref.size()) - 1);
    if (!in_genes && !deletes_in_genes) return;
    // Only a genotype with an ALT can change the screen (carries_alt), and a record read for its
    // genotype alone has no ALT to split: the snapshot keeps the others.
    if (capture_ && !rec.genotype_only && carries_alt(rec.sample)) {
        // Field by field: a cohort record also holds every other baby's FORMAT (`cohort`), which
        // a copy would duplicate into each baby's snapshot (quadratic in the babies of the file).
        VcfRecord& kept = evidence_.records.emplace_back();
        kept.chrom = rec.chrom;
        kept.pos = rec.pos;
        kept.ref = rec.ref;
        kept.alts = rec.alts;
        kept.filters = rec.filters;
        kept.end = rec.end;
        kept.sample = rec.sample;
        kept.info = rec.info;
        kept.line = rec.line;
        kept.genotype_only = rec.genotype_only;
    }
    if (!in_genes) return;
    add_alleles(rec);
}

void BabyScreen::replay(const BabyEvidence& ev) {
    capture_ = false;
    result_.sex.evidence = ev.sex;
    // The INFO keys this plan's reader would carry, in its order (the reader lists them as asked
    // for); evidence_gaps() checked every one was read.
    std::vector<std::string> order = plan_.qualifier().info_keys();
    for (const auto& k : schema_.extra_info_keys)
        if (std::find(order.begin(), order.end(), k) == order.end()) order.push_back(k);
    const RegionSet old_decode(ev.decode_regions);
    const RegionSet& decode = plan_.decode_regions(schema_);
    VcfRecord rec;
    for (const VcfRecord& kept : ev.records) {
        const std::int64_t end = kept.pos + static_cast<std::int64_t>(kept.ref.size()) - 1;
        // A record this plan reads for its genotype alone gives no allele (it has no ALT); one
        // decoded in full outside the old decode regions (a line the fast path leaves to htslib)
        // would be decoded in full again.
        // (A <DEL> is decoded in full wherever it is read: docs/rules.md 2g.)
        if (!decode.overlaps(kept.chrom, kept.pos, end) &&
            old_decode.overlaps(kept.chrom, kept.pos, end) && !has_symbolic_deletion(kept))
            continue;
        rec = kept;
        rec.info.clear();
        for (const auto& k : order)
            for (const InfoField& f : kept.info)
                if (f.key == k) rec.info.push_back(f);
        add_symbolic_deletions(rec);
        if (!plan_.gene_regions().overlaps(rec.chrom, rec.pos,
                                           rec.pos + static_cast<std::int64_t>(rec.ref.size()) - 1))
            continue;
        add_alleles(rec);
    }
}

void BabyScreen::add_alleles(const VcfRecord& rec) {
    const Panel& panel = plan_.panel();
    const Thresholds& th = panel.manifest.thresholds;
    BabyResult& r = result_;
    for (auto& call : split_alleles(rec)) {
        ++r.qc.alleles_in_panel_genes;
        const Normalization norm = plan_.qualifier().normalize(call);
        for (std::size_t e : plan_.entries_at(call.variant.chrom, call.variant.pos)) {
            const GeneEntry& gene = panel.genes[e];
            note_normalization(r.qc.flags, call, norm, gene, plan_.qualifier());
            if (const auto codon = plan_.qualifier().cis_codon(call, gene, schema_))
                for (int h = 0; h < 8; ++h)
                    if (call.haplotypes & (1U << h))
                        cis_[{e, *codon, call.phase_set.value_or(-1), h}].push_back(call);
            Qualification q = plan_.qualifier().qualify(call, gene, schema_);
            for (const auto& flag : q.flags)
                add_flag(r.qc.flags, flag);
            if (q.routes.empty()) continue;
            if (!q.excluded_because) flag_unknown_frequency(r.qc.flags, call, gene, q);
            ReportedAllele ra{call, std::move(q), check_genotype(call, th)};
            if (ra.qualification.excluded_because) {
                r.set_aside.push_back(
                    {gene.symbol, gene.condition_id, "exclude list", std::move(ra)});
            } else if (!ra.qc.pass) {
                r.set_aside.push_back(
                    {gene.symbol, gene.condition_id, "failed genotype QC", std::move(ra)});
            } else {
                auto& list = by_entry_[e].passing;
                const bool dup = std::any_of(
                    list.begin(), list.end(),
                    [&](const ReportedAllele& x) { return x.call.variant == ra.call.variant; });
                if (!dup) list.push_back(std::move(ra));
            }
        }
    }
}

// Symbolic deletions (docs/rules.md 2g) reach genes from a POS that may lie far before them, so
// every entry the deleted span overlaps is asked, not only those at POS.
bool BabyScreen::add_symbolic_deletions(const VcfRecord& rec) {
    if (!has_symbolic_deletion(rec)) return false;
    bool touched = false;
    const Panel& panel = plan_.panel();
    const Thresholds& th = panel.manifest.thresholds;
    BabyResult& r = result_;
    const std::int64_t pad = th.gene_padding_bp;
    for (auto& d : symbolic_deletions(rec)) {
        const std::int64_t last = std::max(d.end, d.call.variant.pos);
        for (std::size_t e = 0; e < panel.genes.size(); ++e) {
            const GeneEntry& gene = panel.genes[e];
            if (gene.span.chrom != rec.chrom || d.call.variant.pos > gene.span.end + pad ||
                last < gene.span.start - pad)
                continue;
            touched = true;
            ++r.qc.alleles_in_panel_genes;
            Qualification q =
                plan_.qualifier().qualify_symbolic_deletion(d.call, d.end, gene, schema_);
            for (const auto& flag : q.flags)
                add_flag(r.qc.flags, flag);
            if (q.routes.empty()) continue;
            flag_unknown_frequency(r.qc.flags, d.call, gene, q);
            ReportedAllele ra{d.call, std::move(q), check_genotype(d.call, th)};
            if (!ra.qc.pass)
                r.set_aside.push_back(
                    {gene.symbol, gene.condition_id, "failed genotype QC", std::move(ra)});
            else
                by_entry_[e].passing.push_back(std::move(ra));
        }
    }
    return touched;
}

// Phased SNVs in one codon on one haplotype, translated together (docs/rules.md 2f): credited to
// the first SNV, unless a member already qualified on its own for that entry.
void BabyScreen::add_cis_codons() {
    const Panel& panel = plan_.panel();
    const Thresholds& th = panel.manifest.thresholds;
    BabyResult& r = result_;
    for (auto& [key, calls] : cis_) {
        if (calls.size() < 2) continue;
        const std::size_t e = std::get<0>(key);
        const GeneEntry& gene = panel.genes[e];
        auto& list = by_entry_[e].passing;
        const bool taken = std::any_of(calls.begin(), calls.end(), [&](const AlleleCall& c) {
            return std::any_of(list.begin(), list.end(), [&](const ReportedAllele& x) {
                return x.call.variant == c.variant;
            });
        });
        if (taken) continue;
        Qualification q = plan_.qualifier().qualify_cis_codon(calls, gene, schema_);
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
    cis_.clear();
}

BabyResult BabyScreen::finish(const std::set<std::string>& contigs, std::uint64_t records_seen,
                              std::uint64_t records_decoded, CoverageOutcome coverage,
                              BabyEvidence* evidence) {
    const Panel& panel = plan_.panel();
    const Thresholds& th = panel.manifest.thresholds;
    if (evidence != nullptr) {
        BabyEvidence& ev = evidence_;
        ev.sex = result_.sex.evidence;
        ev.contigs.assign(contigs.begin(), contigs.end());
        ev.records_seen = records_seen;
        ev.records_decoded = records_decoded;
        ev.gene_regions = plan_.gene_regions().regions();
        ev.decode_regions = plan_.decode_regions(schema_).regions();
        ev.info_keys = carried_info_keys(plan_, schema_, ev.info_header);
        CoverageEvidence& c = ev.coverage;
        c.assessed = coverage.summary.assessed;
        c.source = coverage.summary.source;
        c.note = coverage.summary.note;
        c.settings = coverage.summary.settings;
        c.reads = coverage.summary.reads;
        c.intervals = coverage.per_interval;
        c.depth_sex = coverage.depth_sex;
        c.alignment_samples = coverage.alignment_samples;
        c.alignment_sample_check = coverage.alignment_sample_check;
        c.smn = coverage.smn;
        if (coverage.smn) c.smn_reading = smn_reading_signature(panel);
        *evidence = std::move(evidence_);
    }
    add_cis_codons();
    BabyResult r = std::move(result_);
    for (const auto& s : coverage.alignment_samples)
        r.input.alignment_samples.push_back(printable(s));
    r.input.alignment_sample_check = coverage.alignment_sample_check;
    if (coverage.alignment_sample_check == "ignored") {
        // First among the flags, as it is the first thing the screen learns.
        std::string names;
        for (const auto& s : coverage.alignment_samples)
            names += (names.empty() ? "" : ", ") + printable(s);
        r.qc.flags.insert(r.qc.flags.begin(), "the alignments' sample (@RG SM: " +
                                                  (names.empty() ? std::string("none") : names) +
                                                  ") was not checked against the VCF sample '" +
                                                  r.input.vcf_sample + "' (--ignore-sm)");
    }
    r.qc.records_seen = records_seen;
    r.qc.records_decoded = records_decoded;
    // The whole file's chromosomes (from the index, or every line of the stream): a chromosome
    // without a single record was not called, which is not the same as carrying nothing.
    r.sex.evidence.y_called = contigs.count("chrY") != 0;
    r.sex.from_depth = coverage.depth_sex;
    decide_sex(r, input_.reported_sex);

    for (auto& [e, alleles] : by_entry_) {
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
    by_entry_.clear();

    const SmnEvidence smn = apply_smn(r, panel, coverage.smn, !input_.cram.empty());
    r.coverage = std::move(coverage.summary);
    apply_coverage_gate(r, panel, smn.available);
    mark_qc_failed_alleles(r);
    mark_unseen_chromosomes(r, panel, contigs);
    mark_required_evidence(r, panel, smn.available, smn.why_missing);
    list_gene_targets(r, plan_, coverage.per_interval);
    r.status = decide_status(r);
    return r;
}

}  // namespace nbs
