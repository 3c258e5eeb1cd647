#pragma once
// Does a variant allele qualify for a gene entry? Routes, each named in the evidence:
//   include_list  exact allele (after normalisation) on the panel's include list for this gene
//   clinvar       ClinVar INFO in the input, attributable to this ALT and this gene: >= min P/LP,
//                 <= max B/LB (and <= clinvar_max_vus VUS when set) submissions; without ClinVar
//                 INFO on the record, the panel knowledge's ClinVar table by allele key
//   lof           a loss-of-function consequence written for this ALT on the gene's MANE
//                 transcript, in a gene marked lof_mechanism, with population AF below the MOI's
//                 threshold in every population; when the input carries no consequence
//                 annotation, nbscreen's built-in consequence on the panel's MANE model decides
//                 (mane_consequence.hpp), and the evidence says which source it was
// The exclude list overrides every route. An annotation that could have qualified but cannot be
// tied to this ALT (a Number=. INFO on a multi-allelic record, a compound haplotype consequence)
// is never credited: Qualification::flags says why.
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/annotate/annotation_schema.hpp"
#include "engine/annotate/consequence.hpp"
#include "engine/annotate/mane_consequence.hpp"
#include "engine/annotate/population_frequency.hpp"
#include "engine/core/variant.hpp"
#include "engine/panel/clinvar.hpp"
#include "engine/panel/panel.hpp"

namespace nbs {

enum class Route { include_list, clinvar, lof };
[[nodiscard]] std::string_view to_string(Route r);

/// How far from a curated indel another indel of the same net length is read and, when the
/// panel carries no sequence there, flagged as possibly the same indel written elsewhere.
/// Left-alignment cannot be checked without sequence; repeats longer than this are rare.
inline constexpr std::int64_t kUnalignedIndelWindow = 100;

/// What normalisation did to an allele before matching (Qualifier::normalize).
enum class Normalization {
    left_aligned,  // checked against the panel's sequence and left-aligned (or nothing to shift)
    no_sequence,   // the panel carries no sequence here: trimmed only, matched as written
    ref_mismatch,  // REF disagrees with the panel's sequence: matched as written
};

struct RouteEvidence {
    Route route;
    std::string why;  // e.g. "include list: beginngs:onekg_noblocklist_genotypes"
};

/// What ClinVar says about this allele, as the input carries it, so a reviewer sees "1 LP vs 3
/// VUS" whether or not the route was taken.
struct ClinvarEvidence {
    ClinvarCounts counts;       // P/LP, VUS, B/LB submissions and the CLNSIG text
    std::string review_status;  // CLNREVSTAT, e.g. "criteria_provided,_single_submitter"
    std::optional<int> stars;
    std::string variation_id;  // INFO/CLNVID (ClinVar's VCF has it in the ID column)
    std::string allele_id;     // INFO/ALLELEID
    /// Where it came from: "input" (the VCF's INFO) or "knowledge" (the panel's ClinVar table,
    /// used when the input carries no CLNSIG for the record; docs/rules.md 2).
    std::string source = "input";
    std::string release;                 // the knowledge's ClinVar release (source "knowledge")
    bool knowledge_has_clinvar = false;  // the panel's knowledge has a ClinVar table too
};

/// What the allele does to the gene's transcript, and which source said so: the input's own
/// annotation (its INFO key: CSQ, BCSQ, ANN, ...) or nbscreen's built-in consequence on the
/// panel's MANE model (source "nbscreen", used only when the input carries no annotation).
struct AlleleConsequence {
    std::string source;
    std::string transcript;
    std::vector<std::string> terms;
    std::string hgvs_c;
    std::string hgvs_p;
    std::optional<std::string> nmd_escape;  // built-in LoF truncations: last_exon, ...
    std::string knowledge;  // built-in: the transcripts source that decided (name, release)
};

struct Qualification {
    std::vector<RouteEvidence> routes;            // empty = does not qualify
    std::optional<std::string> excluded_because;  // set when an exclude row vetoed the routes
    std::optional<int> clinvar_stars;
    std::optional<ClinvarEvidence> clinvar;   // ClinVar INFO attributed to this allele and gene
    std::optional<double> max_population_af;  // over the panel's af_keys, when any was present
    std::string max_population_af_key;
    /// The LoF route qualified with no population frequency from any configured source.
    bool population_af_unknown = false;
    /// From the gnomAD counts of the panel's knowledge (docs/rules.md 2e); nullopt when the
    /// knowledge has no gnomAD source.
    std::optional<PopulationFrequency> population_frequency;
    /// Why a route that the input's annotation might have supported was not taken (e.g. a
    /// Number=. CLNSIG on a multi-allelic record); the screen turns these into baby QC flags.
    std::vector<std::string> flags;

    /// The consequence that decided the LoF route, else (for an allele that qualified another
    /// way) the built-in one, when there is one.
    std::optional<AlleleConsequence> consequence;

    [[nodiscard]] bool qualifies() const { return !routes.empty() && !excluded_because; }
};

// ClinvarCounts, count_clinvar and clinvar_stars come from engine/panel/clinvar.hpp: the same rule
// decides `panel import-clinvar` include rows and this ClinVar route.

class Qualifier {
  public:
    explicit Qualifier(const Panel& panel);

    /// INFO keys the qualifier reads (ClinVar, consequence and AF keys).
    [[nodiscard]] std::vector<std::string> info_keys() const;

    [[nodiscard]] Qualification qualify(const AlleleCall& call, const GeneEntry& gene,
                                        const AnnotationSchema& schema) const;

    /// Normalise, then match: left-aligns `call.variant` against the panel's knowledge sequence,
    /// the same way the curated rows' keys were normalised, so any valid representation of a
    /// listed indel (3'-shifted in a repeat, an extra anchor base, padded with shared bases)
    /// finds its row. Without sequence the allele stays trimmed only.
    [[nodiscard]] Normalization normalize(AlleleCall& call) const;
    /// Without sequence: a curated indel of `gene` that `v` might be written in another position
    /// of (same net length, within kUnalignedIndelWindow bp, not already the same key); nullptr
    /// when none. The screen flags such alleles instead of calling them "not on the list".
    [[nodiscard]] const CuratedVariant* nearby_curated_indel(const Variant& v,
                                                             const std::string& gene) const;

    /// The 0-based MANE codon a phased SNV without consequence annotation changes, when the
    /// panel's built-in consequence applies to it: such SNVs in one codon on one haplotype (same
    /// PS) are translated together (qualify_cis_codon).
    [[nodiscard]] std::optional<std::int64_t> cis_codon(const AlleleCall& call,
                                                        const GeneEntry& gene,
                                                        const AnnotationSchema& schema) const;
    /// The LoF route for SNVs in one codon on one haplotype (issue 11 item 3: combined before
    /// translation), credited to the first call; the evidence names every SNV.
    [[nodiscard]] Qualification qualify_cis_codon(const std::vector<AlleleCall>& calls,
                                                  const GeneEntry& gene,
                                                  const AnnotationSchema& schema) const;

    /// A symbolic deletion (<DEL> with END or SVLEN) of POS+1..`end` overlapping `gene`'s
    /// padded span (docs/rules.md 2g): one that removes the whole MANE transcript the panel's
    /// knowledge carries is transcript_ablation, which the LoF route takes as any built-in LoF
    /// term; one that removes part of its exons or splice regions, or any of the gene without a
    /// model to name it, is never dropped silently: a flag says it is there, to review.
    [[nodiscard]] Qualification qualify_symbolic_deletion(const AlleleCall& call, std::int64_t end,
                                                          const GeneEntry& gene,
                                                          const AnnotationSchema& schema) const;

    /// Curated rows for this exact allele (include and exclude), if any.
    [[nodiscard]] const std::vector<const CuratedVariant*>* curated(const Variant& v) const;

  private:
    void qualify_clinvar(const AlleleCall& call, const GeneEntry& gene,
                         const AnnotationSchema& schema, Qualification& q) const;
    /// The ClinVar route from the panel's knowledge table (same thresholds as the INFO route).
    void qualify_clinvar_knowledge(const AlleleCall& call, const GeneEntry& gene,
                                   Qualification& q) const;
    /// Applies the knowledge's per-population gnomAD ceiling to a LoF route taken.
    void apply_population_ceiling(Qualification& q) const;
    void qualify_lof(const AlleleCall& call, const GeneEntry& gene, const AnnotationSchema& schema,
                     Qualification& q) const;
    /// The LoF consequence, written for this ALT on the gene's MANE transcript, that makes the
    /// allele a null allele; nullopt if the annotation shows none.
    [[nodiscard]] std::optional<std::string> null_consequence(const AlleleCall& call,
                                                              const GeneEntry& gene,
                                                              const AnnotationSchema& schema) const;

    /// The built-in consequence of `call` on `gene`'s MANE transcript (an MNP whole), nullopt
    /// without knowledge for it or when the panel's sequence cannot name it.
    [[nodiscard]] std::optional<AlleleConsequence> builtin_consequence(const AlleleCall& call,
                                                                       const GeneEntry& gene) const;
    [[nodiscard]] std::optional<AlleleConsequence> builtin_consequence(
        const std::vector<Variant>& haplotype, const GeneEntry& gene) const;
    /// The built-in LoF route for a consequence `c` (NMD-escape threshold, population AF).
    void qualify_builtin(const std::string& allele, const GeneEntry& gene,
                         const AnnotationSchema& schema, std::optional<AlleleConsequence> c,
                         Qualification& q) const;
    [[nodiscard]] bool has_annotation(const AlleleCall& call, const AnnotationSchema& schema) const;
    /// The input's own consequence entry for this ALT on the gene's MANE transcript (its terms
    /// and, when the tool writes them, HGVS), for an allele that qualified by another route.
    [[nodiscard]] std::optional<AlleleConsequence> input_consequence(
        const AlleleCall& call, const GeneEntry& gene, const AnnotationSchema& schema) const;

    const Panel& panel_;
    std::map<std::string, CodingTranscript> builtin_;  // panel gene -> its MANE model
    // Panel gene -> its MANE Plus Clinical models (issue 11 item 1): asked when the MANE Select
    // model names no LoF term, so a null allele of a clinically relevant isoform counts too.
    std::map<std::string, std::vector<CodingTranscript>> plus_clinical_;
    // Panel gene -> the accessions of its MANE Plus Clinical models, which an input annotation's
    // entries may name instead of MANE Select.
    std::map<std::string, std::vector<std::string>> plus_clinical_ids_;
    [[nodiscard]] const std::vector<std::string>* plus_clinical_ids(const GeneEntry& gene) const;
    std::string transcripts_source_;  // "NAME (release R)" of the knowledge
    std::map<Variant, std::vector<const CuratedVariant*>> curated_;  // left-aligned keys
    std::vector<const CuratedVariant*> curated_indels_;
};

}  // namespace nbs
