#pragma once
// A transcript model: where a transcript's exons and coding sequence lie on the genome. The
// panel carries the MANE Select (and MANE Plus Clinical) model of each gene; built-in
// consequence and HGVS are computed on it.
#include <string>
#include <vector>

#include "engine/core/region.hpp"

namespace nbs {

struct TranscriptModel {
    std::string transcript_id;      // with version, e.g. ENST00000380293.3
    std::string gene_id;            // e.g. ENSG00000101200 (with version when the source gives one)
    std::string gene_symbol;        // as the source names it
    std::string panel_gene;         // the panel gene (genes.tsv symbol) it was selected for
    std::string chrom;              // canonical
    char strand = '+';              // '+' or '-'
    std::vector<Region> exons;      // genomic order (ascending), 1-based inclusive
    std::vector<Region> cds;        // genomic order; stop codon included (GTF gives it apart)
    std::vector<std::string> tags;  // e.g. MANE_Select, MANE_Plus_Clinical
    /// Bases before the first complete codon at the CDS's 5' end: the GFF3 phase (GTF frame) of
    /// the 5'-most CDS line. 0 for a complete CDS (every MANE model); 1 or 2 for a 5'-incomplete
    /// model (Ensembl's cds_start_NF), whose first codon is not an initiator.
    int cds_phase = 0;

    /// First exon start to last exon end.
    [[nodiscard]] Region span() const {
        if (exons.empty()) return {chrom, 0, 0};
        return {chrom, exons.front().start, exons.back().end};
    }
    [[nodiscard]] bool has_tag(const std::string& t) const {
        for (const auto& x : tags)
            if (x == t) return true;
        return false;
    }
    bool operator==(const TranscriptModel&) const = default;
};

}  // namespace nbs
