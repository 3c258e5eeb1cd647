#pragma once
// Everything about a panel that screening needs, computed once per batch and shared read-only
// by every baby and thread: the regions to read, the qualifier, and gene entries by contig.
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/annotate/qualifier.hpp"
#include "engine/coverage/target_coverage.hpp"
#include "engine/genome/region_set.hpp"
#include "engine/panel/panel.hpp"

namespace nbs {

class ScreenPlan {
  public:
    explicit ScreenPlan(const Panel& panel);

    [[nodiscard]] const Panel& panel() const { return panel_; }
    [[nodiscard]] const Qualifier& qualifier() const { return qualifier_; }
    /// Gene spans ± padding, plus the sex-inference windows.
    [[nodiscard]] const RegionSet& read_regions() const { return read_regions_; }
    /// Gene spans ± padding only.
    [[nodiscard]] const RegionSet& gene_regions() const { return gene_regions_; }
    /// The bases of the curated (include and exclude) alleles. Without ClinVar or consequence
    /// annotations in the input, only a record touching one of these can qualify.
    [[nodiscard]] const RegionSet& curated_regions() const { return curated_regions_; }
    /// Where records are decoded in full (the rest is read for its genotype alone): the gene
    /// regions when the input carries annotations; for a raw file, what can qualify without
    /// them: the curated alleles' bases, and with knowledge the genes the built-in consequence
    /// covers (sequence and MANE model) and the ClinVar table's alleles.
    [[nodiscard]] const RegionSet& decode_regions(const AnnotationSchema& schema) const;
    /// The panel's coverage targets merged per gene.
    [[nodiscard]] const CoveragePlan& coverage_plan() const { return coverage_plan_; }
    /// What coverage is measured over: every gene's target intervals in gene order
    /// (coverage_plan().all_intervals(), the first `coverage_target_count()`), then one interval
    /// per known-pathogenic site (known_sites(), in the same order).
    [[nodiscard]] const std::vector<Region>& coverage_intervals() const {
        return coverage_intervals_;
    }
    [[nodiscard]] std::size_t coverage_target_count() const { return coverage_target_count_; }
    /// Include-list alleles of genes with coverage targets: each position must itself be callable
    /// before the gene can be called negative (a gene-level fraction can hide one bad exon).
    struct KnownSite {
        std::string gene;
        Variant variant;
        Region region;  // the bases the allele touches (an insertion: both flanking bases)
    };
    [[nodiscard]] const std::vector<KnownSite>& known_sites() const { return known_sites_; }
    /// Indexes into panel().genes of entries whose padded span contains chrom:pos.
    [[nodiscard]] std::vector<std::size_t> entries_at(const std::string& chrom,
                                                      std::int64_t pos) const;

  private:
    const Panel& panel_;
    Qualifier qualifier_;
    RegionSet gene_regions_;
    RegionSet curated_regions_;
    RegionSet knowledge_regions_;  // curated + what the knowledge can qualify in a raw file
    CoveragePlan coverage_plan_;
    std::vector<Region> coverage_intervals_;
    std::size_t coverage_target_count_ = 0;
    std::vector<KnownSite> known_sites_;
    RegionSet read_regions_;
    std::unordered_map<std::string, std::vector<std::size_t>> entries_by_chrom_;
};

}  // namespace nbs
