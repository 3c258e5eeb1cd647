#pragma once
// Contig naming and the GRCh38 build. Inputs name chromosomes in several ways (chr1 / 1, chrX / X,
// chrM / MT, or by the GRCh38 RefSeq or GenBank accession: NC_000001.11, CM000663.2); inside the
// engine every name is canonical (chr-prefixed, chrM).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace nbs {

struct ContigInfo {
    std::string_view name;     // canonical
    std::int64_t length;       // GRCh38 primary assembly
    int rank;                  // sort order: chr1..chr22, chrX, chrY, chrM
    std::string_view refseq;   // GRCh38 RefSeq accession.version (NC_000001.11)
    std::string_view genbank;  // GRCh38 GenBank accession.version (CM000663.2)
};

/// The 25 GRCh38 primary-assembly chromosomes in canonical order.
[[nodiscard]] std::span<const ContigInfo> grch38_contigs();

/// "1", "chr1", "CHR1" -> "chr1"; "MT", "M", "chrMT" -> "chrM"; the GRCh38 accessions
/// "NC_000001.11", "CM000663.2" -> "chr1", "NC_012920.1", "J01415.2" -> "chrM"; anything else
/// (alts, decoys, unplaced, and accessions of other builds such as GRCh37's NC_000001.10) ->
/// nullopt.
[[nodiscard]] std::optional<std::string> canonical_contig(std::string_view name);

/// A RefSeq or GenBank accession of a primary chromosome in another build than GRCh38.
struct OtherBuildAccession {
    std::string chrom;                  // canonical name of the chromosome it is a version of
    std::string_view grch38_accession;  // the GRCh38 accession of the same series
};
/// "NC_000001.10" (GRCh37 chr1) -> {chr1, NC_000001.11}; "CM000663.1" -> {chr1, CM000663.2};
/// "NC_001807.4" (hg19's chrM) -> {chrM, NC_012920.1}. GRCh38 accessions and every other name
/// -> nullopt.
[[nodiscard]] std::optional<OtherBuildAccession> other_build_accession(std::string_view name);

/// Does a header's `##reference` / `##assembly` value name a GRCh37 reference? Returns the word
/// that says so ("GRCh37", "hg19", "hs37d5", "b37", "human_g1k_v37", ...), matched
/// case-insensitively as a whole word of the value, so a path like "/ref/hs37d5.fa" counts and
/// "gencode_v37" or a checksum containing "b37" does not. nullopt when it names no GRCh37
/// reference, or also names GRCh38 (a lift-over note: the contig checks decide).
[[nodiscard]] std::optional<std::string> names_grch37_reference(std::string_view value);

[[nodiscard]] const ContigInfo* find_grch38_contig(std::string_view canonical);

/// Sort rank for a canonical contig; unknown names sort after chrM.
[[nodiscard]] int contig_rank(std::string_view canonical);

/// The length of `canonical` in GRCh38, or nullopt if it is not a primary chromosome.
[[nodiscard]] std::optional<std::int64_t> grch38_length(std::string_view canonical);

// Pseudoautosomal regions of GRCh38 (1-based, inclusive), where chrX behaves as an autosome.
inline constexpr std::int64_t kPar1XStart = 10001, kPar1XEnd = 2781479;
inline constexpr std::int64_t kPar2XStart = 155701383, kPar2XEnd = 156030895;
inline constexpr std::int64_t kPar1YStart = 10001, kPar1YEnd = 2781479;
inline constexpr std::int64_t kPar2YStart = 56887903, kPar2YEnd = 57217415;

/// True inside PAR1 or PAR2 of chrX or chrY.
[[nodiscard]] bool in_par(std::string_view canonical, std::int64_t pos);
/// chrX outside the PARs: where an XY baby has one copy.
[[nodiscard]] bool is_x_nonpar(std::string_view canonical, std::int64_t pos);
[[nodiscard]] bool is_y_nonpar(std::string_view canonical, std::int64_t pos);

}  // namespace nbs
