#pragma once
// The panel model: what a curated panel directory (or its compiled bundle) says, parsed.
// The format is specified in docs/panel-format.md.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/region.hpp"
#include "engine/core/variant.hpp"
#include "engine/panel/knowledge.hpp"

namespace nbs {

enum class Moi { monoallelic, biallelic, xlinked_monoallelic, xlinked_biallelic };

[[nodiscard]] std::string_view to_string(Moi m);
[[nodiscard]] std::optional<Moi> parse_moi(std::string_view s);
[[nodiscard]] inline bool is_xlinked(Moi m) {
    return m == Moi::xlinked_monoallelic || m == Moi::xlinked_biallelic;
}
/// Which population-frequency threshold applies: the monoallelic one or the biallelic one.
[[nodiscard]] inline bool uses_monoallelic_af(Moi m) {
    return m == Moi::monoallelic || m == Moi::xlinked_monoallelic;
}

/// Every decision threshold the engine uses, read from panel.toml [thresholds].
struct Thresholds {
    std::int64_t gene_padding_bp = 2000;
    int min_gq = 20;
    int min_dp = 10;
    double min_het_allele_balance = 0.2;
    double min_hom_allele_balance = 0.8;
    bool require_filter_pass = true;
    int clinvar_min_pathogenic = 1;
    int clinvar_max_benign = 1;
    /// ClinVar route: at most this many VUS submissions; unset = no limit (the Generation Study
    /// rule has none).
    std::optional<int> clinvar_max_vus;
    std::vector<std::string> af_keys = {"AF_grpmax", "AF_popmax", "gnomAD_AF_grpmax"};
    /// Population-frequency subfields read from inside a consequence annotation (VEP writes
    /// MAX_AF, gnomADe_AF, gnomADg_AF; VEP <= 103 wrote gnomAD_AF). See docs/panel-format.md.
    std::vector<std::string> consequence_af_fields = {"MAX_AF", "gnomADe_AF", "gnomADg_AF",
                                                      "gnomAD_AF"};
    /// Extra INFO keys holding VEP-style "Format: a|b|..." consequence annotations, for files
    /// whose header Description does not say VEP (e.g. "CSQ_VEP110").
    std::vector<std::string> consequence_keys;
    /// Built-in LoF consequence predicted to escape nonsense-mediated decay (Abou Tayoun et al.
    /// 2018): "qualify_flagged" (default: qualifies, flagged for review), "qualify", "exclude".
    std::string lof_nmd_escape = "qualify_flagged";
    double max_af_monoallelic = 0.001;
    double max_af_biallelic = 0.01;
    /// Per-population ceilings for the gnomAD counts of the panel's knowledge ([thresholds.
    /// population_af_monoallelic] / [thresholds.population_af_biallelic], population name as
    /// gnomAD writes it, e.g. afr = 0.0005). A population not listed uses max_af_monoallelic /
    /// max_af_biallelic. docs/rules.md 2e.
    std::map<std::string, double> population_af_monoallelic;
    std::map<std::string, double> population_af_biallelic;
    int min_mapq = 10;
    std::vector<int> coverage_thresholds = {15, 20};
    int callability_min_depth = 15;
    double callability_min_fraction = 0.95;
    std::int64_t target_padding_bp = 20;

    bool operator==(const Thresholds&) const = default;
};

struct PanelManifest {
    std::string schema_version;
    std::string id;
    std::string name;
    std::string version;
    std::string released;
    std::string reference;
    std::map<std::string, std::string> sources;
    Thresholds thresholds;
};

struct Condition {
    std::string id;
    std::string name;
    std::string category;
    std::string onset;
    /// Retired in schema 1.2 (no cited source fills it): read so older panels load, never used.
    std::string intervention;
    std::string omim;
    std::string mondo;
    std::uint64_t line = 0;  // in conditions.tsv
    /// Evidence beyond a small-variant VCF that the condition's main mechanism needs (e.g.
    /// "smn1_copy_number" for SMA); empty when small variants suffice. Without that evidence the
    /// condition is not assessable, with `requires_reason`.
    std::string requires_evidence{};
    std::string requires_reason{};
    /// Schema 1.2, from the ICoNS gene list (docs/panel-format.md): the ASQM severity and
    /// efficacy scores ("0".."3", or "GENE:n,GENE:n" where the condition's genes differ) and
    /// whether a non-genetic confirmatory test exists ("yes", "no", or per gene). Empty = the
    /// source has no value.
    std::string asqm_severity{};
    std::string asqm_efficacy{};
    std::string orthogonal_test{};
};

/// One gene–condition–inheritance entry; a gene may have several, each evaluated on its own.
struct GeneEntry {
    std::string symbol;
    std::string hgnc_id;
    std::string condition_id{};
    Moi moi = Moi::biallelic;
    bool lof_mechanism = false;
    std::string lof_source;
    Region span;
    std::string mane_transcript;
    std::string moi_source;
    std::string notes;
    std::uint64_t line = 0;  // in genes.tsv
    /// Previous HGNC symbols and aliases (e.g. TAZ for TAFAZZIN): annotation written with an
    /// older gene name still names this gene.
    std::vector<std::string> aliases{};
};

enum class ListKind { include, exclude };

struct CuratedVariant {
    Variant variant;  // minimal representation
    std::string gene;
    ListKind list = ListKind::include;
    std::string why;
    std::string source;
    std::optional<int> stars;
    std::string added_in;
    std::uint64_t line = 0;  // in variants.tsv
    /// The condition the row was curated for; empty = every entry of the gene.
    std::string condition_id{};
    /// A loss-of-function (null) allele: never qualifies an entry whose disease is not caused
    /// by loss of function.
    bool null_allele = false;
};

struct Target {
    std::string symbol;
    Region region;
    std::string kind;  // coding_exon | gene_span
    std::string transcript;
};

/// One SMN1/SMN2 paralog-differentiating site (smn.tsv `site` row): the same base of exon 7-8 in
/// each paralog, with the base each carries. Reads of either paralog may map to either position,
/// so both positions are counted together.
struct SmnSite {
    std::string name;
    std::int64_t smn1_pos = 0;
    char smn1_base = 'N';
    std::int64_t smn2_pos = 0;
    char smn2_base = 'N';
    bool c840 = false;  // c.840C>T, the exon 7 splice site that defines an intact SMN1 copy
    std::uint64_t line = 0;
};

/// The SMN1 copy-number caller's data (smn.tsv; docs/panel-format.md): GRCh38 sites, the SMN1 and
/// SMN2 exon 7-8 regions, the single-copy normalisation regions and the thresholds. Parameter
/// names and meanings are in docs/rules.md ("SMN1 copy number").
struct SmnConfig {
    std::string chrom = "chr5";
    std::vector<SmnSite> sites;  // the consensus sites; exactly one has c840 set
    Region smn1_region;          // SMN1 exon 7-8 (full-length copies)
    Region smn2_region;          // SMN2 exon 7-8
    std::vector<Region> norm_regions;
    int min_c840_reads = 14;
    double c840_error_rate = 0.001;
    int c840_max_copies = 5;
    double c840_min_phred = 10.0;
    int min_mapq = 0;
    int min_base_quality = 13;
    int min_norm_regions = 20;
    double min_norm_depth = 10.0;
    double max_norm_mad = 0.11;
    double cn_sd = 0.06;
    double min_cn_posterior = 0.95;
    double site_error_rate = 0.01;
    double min_site_posterior = 0.9;
    int min_sites_agree = 5;
    int max_copy_number = 6;
    std::map<std::string, std::string> sources;  // param or row name -> source cell

    [[nodiscard]] const SmnSite* c840_site() const {
        for (const auto& s : sites)
            if (s.c840) return &s;
        return nullptr;
    }
};

struct Panel {
    PanelManifest manifest;
    std::vector<Condition> conditions;
    std::vector<GeneEntry> genes;
    std::vector<CuratedVariant> variants;
    std::vector<Target> targets;
    /// smn.tsv, when the panel ships one (the SMA condition's `smn1_copy_number` evidence).
    std::optional<SmnConfig> smn;
    std::string sha256;  // over the content files, see panel_files.hpp
    std::string source_path;
    /// The compiled knowledge (sequence, transcript models), when the panel carries it; shared
    /// so copies of a Panel do not copy the bases.
    std::shared_ptr<const Knowledge> knowledge{};

    [[nodiscard]] const Condition* find_condition(std::string_view id) const;
};

}  // namespace nbs
