#pragma once
// Contig naming and the GRCh38 build. Inputs name chromosomes either way (chr1 / 1, chrX / X,
// chrM / MT); inside the engine every name is canonical (chr-prefixed, chrM).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace nbs {

struct ContigInfo {
    std::string_view name;  // canonical
    std::int64_t length;    // GRCh38 primary assembly
    int rank;               // sort order: chr1..chr22, chrX, chrY, chrM
};

/// The 25 GRCh38 primary-assembly chromosomes in canonical order.
[[nodiscard]] std::span<const ContigInfo> grch38_contigs();

/// "1", "chr1", "CHR1" -> "chr1"; "MT", "M", "chrMT" -> "chrM"; anything else (alts, decoys,
/// unplaced) -> nullopt.
[[nodiscard]] std::optional<std::string> canonical_contig(std::string_view name);

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
