#pragma once
// Sex karyotype from read depth: the mean depth of chrX and chrY non-PAR windows relative to
// autosomal windows. Only small windows are read (twelve of 200 kb, 2.4 Mb in all), chosen in
// single-copy sequence: chrX away from the X-transposed region, chrY in the X-degenerate genes
// (SRY/ZFY, USP9Y, UTY, KDM5D), where reads map uniquely at MAPQ >= 10.
//
// Worked example: autosomes 31.2x, chrX 15.4x (ratio 0.49 -> one X), chrY 14.1x (0.45 -> Y)
// gives XY; chrX 30.8x (0.99) and chrY 0.3x (0.01) gives XX; chrX 15.0x with chrY 0.2x gives X0;
// chrX 30.1x with chrY 15.3x gives XXY.
#include <string>
#include <vector>

#include "engine/core/karyotype.hpp"
#include "engine/core/region.hpp"
#include "engine/io/alignment_reader.hpp"

namespace nbs {

enum class SexWindowKind : std::uint8_t { autosome, x_nonpar, y_nonpar };

struct SexWindow {
    Region region;
    SexWindowKind kind;
};

/// The GRCh38 windows read for sex from depth.
[[nodiscard]] const std::vector<SexWindow>& sex_depth_windows();

// Ratio bands (depth relative to autosomes). Between bands the call is left unknown.
inline constexpr double kOneXMin = 0.30, kOneXMax = 0.70;
inline constexpr double kTwoXMin = 0.75, kTwoXMax = 1.35;
inline constexpr double kYAbsentMax = 0.10, kYPresentMin = 0.25;
/// Below this autosomal depth there are too few reads to judge.
inline constexpr double kMinAutosomeDepth = 3.0;

struct DepthSex {
    Karyotype karyotype = Karyotype::unknown;
    double autosome_depth = 0.0;
    double x_depth = 0.0;
    double y_depth = 0.0;
    double x_ratio = 0.0;
    double y_ratio = 0.0;
    std::string reason;
};

/// The karyotype from mean depths (pure; the thresholds above).
[[nodiscard]] DepthSex classify_sex_depth(double autosome_depth, double x_depth, double y_depth);

/// Reads the windows from the alignments and classifies.
/// \throws InputError as AlignmentReader::depth does.
[[nodiscard]] DepthSex sex_from_depth(AlignmentReader& reader, int min_mapq);

}  // namespace nbs
