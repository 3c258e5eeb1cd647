#pragma once
// Sex karyotype from the VCF: heterozygosity on chrX outside the PARs, and calls in single-copy
// windows of the male-specific chrY. Only small fixed windows are read (3.3 Mb in all, listed in
// sex_inference_regions() and docs/rules.md rule 5), so an indexed screen stays cheap.
//
// Two questions, answered apart, each only from enough informative evidence:
//   How many X?  chrX non-PAR heterozygosity over >= kMinXCalls non-reference calls:
//                ratio >= 0.2 -> two X; <= 0.05 -> one X; between -> unknown.
//   Is there a Y? Only when the file called chrY at all (a record anywhere on chrY): then
//                >= kMinYCalls calls in the chrY windows that are also >= 2% of the chrX calls
//                -> Y; none at all -> no Y; a few (1 to the threshold) -> not assessed (a man
//                whose Y is close to the reference's shows few calls in 1.8 Mb, a girl a few
//                mismapped ones: neither decides). A file without chrY records did not look.
// Worked examples:
//   412 chrX calls, 158 het (0.38 -> two X), chrY called, 0 chrY calls        -> XX
//   390 chrX calls, 2 het (0.005 -> one X), 57 chrY calls                      -> XY
//   390 chrX calls, 2 het, chrY called but 0 calls in the male-specific region -> X0
//   390 chrX calls, 2 het, no chrY record in the file (chr1-22,X pipelines)    -> unknown: one X,
//       Y not assessed. Low heterozygosity alone (a long run of homozygosity looks the same)
//       never makes a baby hemizygous; the reported sex decides (screen_baby.cpp).
//   412 chrX calls, 158 het, no chrY record in the file                        -> XX (two X:
//       the X-linked rules are those of XX and XXY alike; the reason says Y was not assessed)
//   400 chrX calls, 160 het, 4 chrY calls (mismapped reads)                    -> XX (Y not
//       assessed: two X decide; XX and XXY have the same X-linked rules)
//   390 chrX calls, 2 het, 6 chrY calls                                        -> unknown (one
//       X, Y undecided: neither X0 nor XY is shown; the reported sex decides)
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/karyotype.hpp"
#include "engine/core/region.hpp"
#include "engine/core/variant.hpp"

namespace nbs {

/// The windows read for sex inference (GRCh38, 1-based inclusive; sex_inference.cpp says why each
/// was chosen): fifteen 100 kb windows along chrX non-PAR, away from the X-transposed region, and
/// seven windows over the X-degenerate single-copy genes of the male-specific chrY.
[[nodiscard]] std::vector<Region> sex_inference_regions();

/// True when chrom:pos lies in one of the chrY windows above: only calls there are chrY evidence
/// (elsewhere on chrY, X-transposed and ampliconic sequence draws reads from chrX and from its own
/// copies, so calls there say little about a Y).
[[nodiscard]] bool in_y_sex_window(std::string_view canonical, std::int64_t pos);

struct SexEvidence {
    std::uint64_t x_nonpar_calls = 0;   // non-missing calls carrying an ALT
    std::uint64_t x_nonpar_het = 0;     // two different alleles
    std::uint64_t y_nonpar_calls = 0;   // the same, in the chrY windows (in_y_sex_window)
    std::uint64_t x_haploid_calls = 0;  // calls written with one allele ("1")
    /// False when the input has no record at all on chrY: the pipeline did not call it, so the
    /// absence of chrY calls says nothing. Set by the screen from the whole file's contigs.
    bool y_called = true;

    void add(const VcfRecord& rec);
    [[nodiscard]] std::optional<double> x_het_ratio() const;
};

enum class YEvidence { present, absent, not_assessed };
[[nodiscard]] std::string_view to_string(YEvidence y);

struct SexInference {
    Karyotype karyotype = Karyotype::unknown;
    std::string reason;  // how it was decided, or why it could not be
    int x_copies = 0;    // 1 or 2 when chrX heterozygosity decided it, 0 when it could not
    YEvidence y = YEvidence::not_assessed;
};

/// Minimum chrX non-PAR calls for a call on the number of X chromosomes.
inline constexpr std::uint64_t kMinXCalls = 20;
/// Minimum chrY non-PAR calls (and 2% of the chrX calls) for a Y: females show a few chrY calls
/// from mismapped reads.
inline constexpr std::uint64_t kMinYCalls = 10;

[[nodiscard]] SexInference infer_karyotype(const SexEvidence& e);

}  // namespace nbs
