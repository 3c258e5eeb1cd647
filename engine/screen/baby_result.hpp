#pragma once
// The result model for one baby (docs/result-schema.md): what was found, why it qualified, the
// genotype quality behind it, phase, sex, and what could not be assessed.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/annotate/qualifier.hpp"
#include "engine/core/karyotype.hpp"
#include "engine/coverage/sex_from_depth.hpp"
#include "engine/coverage/smn_copy_number.hpp"
#include "engine/coverage/target_coverage.hpp"
#include "engine/rules/genotype_qc.hpp"
#include "engine/rules/inheritance.hpp"
#include "engine/rules/sex_inference.hpp"

namespace nbs {

enum class BabyStatus {
    no_condition_suspected,
    prioritised_for_review,
    incomplete,
    sample_failed_qc
};
[[nodiscard]] std::string_view to_string(BabyStatus s);

/// One allele as the reviewer sees it.
struct ReportedAllele {
    AlleleCall call;
    Qualification qualification;
    GenotypeQc qc;
};

struct Finding {
    std::string condition_id;
    std::string condition_name;
    std::string gene;
    std::string hgnc_id;
    Moi moi = Moi::biallelic;
    InheritanceOutcome outcome;
    std::vector<ReportedAllele> variants;
    std::vector<std::string>
        flags;  // what a reviewer must weigh (e.g. het-looking hemizygous call)
    /// Set when the finding comes from the SMN1 copy-number route (route smn1_copy_number).
    std::optional<SmnCall> smn{};
};

/// A qualifying allele that failed genotype QC, or that an exclude row vetoed.
struct SetAsideAllele {
    std::string gene;
    std::string condition_id;
    std::string reason;  // "failed genotype QC" | "exclude list"
    ReportedAllele allele;
};

struct NotAssessable {
    std::string condition_id;
    std::string gene;
    std::string reason;
    // The numbers behind a coverage reason (target_bases == 0: not a coverage reason).
    std::int64_t target_bases = 0;
    std::int64_t callable_bases = 0;
    double callable_fraction = 0.0;
};

struct SexReport {
    std::optional<Karyotype> reported;
    SexInference inferred;  // the VCF and depth evidence combined (coverage_gate.hpp)
    SexEvidence evidence;
    SexInference from_vcf;               // chrX heterozygosity and chrY calls
    std::optional<DepthSex> from_depth;  // chrX/chrY depth, when alignments were given
    Karyotype used = Karyotype::unknown;
    std::string used_source;  // "inferred" | "reported" | "none"
};

struct BabyQc {
    std::uint64_t records_seen = 0;
    std::uint64_t records_decoded = 0;
    std::uint64_t alleles_in_panel_genes = 0;
    std::vector<std::string> flags;     // warnings that do not fail the sample
    std::vector<std::string> failures;  // reasons for sample_failed_qc, e.g. "sex_discordant"
};

/// A target interval of a gene below the callability fraction.
struct TargetGap {
    std::string gene;
    Region region;
    std::int64_t bases = 0;
    std::int64_t callable_bases = 0;
};

/// Every target interval of a gene the reviewer looks at (a finding or a not-assessable condition),
/// passing or not: the report plots them against the callability fraction.
struct TargetFigure {
    std::string gene;
    Region region;
    std::int64_t bases = 0;
    std::int64_t callable_bases = 0;
    std::optional<double> mean_depth;
};

/// A known-pathogenic (include-list) position that is not callable in every base.
struct SiteGap {
    std::string gene;
    std::string variant;  // chrom:pos:ref>alt
    std::int64_t bases = 0;
    std::int64_t callable_bases = 0;
    std::optional<double> mean_depth;
};

struct CoverageSummary {
    bool assessed = false;
    std::string source;  // "none" | "cram" | "bam" | "gvcf"
    std::string note;
    CoverageSettings settings;               // thresholds used (when assessed)
    std::vector<GeneCoverage> genes;         // every panel gene with targets, in targets.tsv order
    std::vector<TargetGap> low_targets;      // every target below the callability fraction
    std::vector<TargetFigure> gene_targets;  // every target of the genes in findings/not assessable
    std::vector<SiteGap> uncallable_sites;   // known-pathogenic positions not fully callable
    DepthStats reads;                        // alignments only
};

struct InputProvenance {
    std::string vcf_path;
    std::string vcf_sample;
    std::uint64_t vcf_size = 0;
    std::string access;  // "indexed" | "streaming"
    std::string contig_naming;
    int contigs_checked = 0;
    std::vector<std::string> alignment_samples;  // @RG SM of --cram (empty without alignments)
    std::string alignment_sample_check;          // "" | "matched" | "ignored" (--ignore-sm)
};

struct BabyResult {
    std::string sample_id;
    BabyStatus status = BabyStatus::no_condition_suspected;
    SexReport sex;
    std::vector<Finding> findings;
    std::vector<SetAsideAllele> set_aside;
    std::vector<NotAssessable> not_assessable;
    BabyQc qc;
    CoverageSummary coverage;
    InputProvenance input;
    /// The SMN1/SMN2 copy-number call, when alignments and the panel's smn.tsv were there: a
    /// carrier (one intact SMN1) is recorded here and not reported.
    std::optional<SmnCall> smn{};
};

}  // namespace nbs
