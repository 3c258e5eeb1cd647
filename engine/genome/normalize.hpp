#pragma once
// Normalisation on read: one record becomes one AlleleCall per ALT allele, each trimmed to a
// minimal representation so the same variant written two ways compares equal.
//
// Worked example — a multi-allelic record and a 1/2 call:
//   chr7  117559590  ATCT  A,ATCTCT   GT 1/2
//   -> allele 1: chr7:117559590 ATCT>A     copies 1 (heterozygous)
//   -> allele 2: chr7:117559590 A>ATC      copies 1 (heterozygous; trimmed: shared suffix TCT)
// Neither allele is "homozygous": a 1/2 call is two different ALT alleles, one copy each.
#include <vector>

#include "engine/core/variant.hpp"

namespace nbs {

/// Trims a shared suffix, then a shared prefix, keeping at least one base on each side (VCF
/// anchor base). Does not left-align (that would need the reference sequence).
[[nodiscard]] Variant minimal_representation(Variant v);

/// True for ALT alleles that are not sequence: '*', '.', '<...>' and breakends.
[[nodiscard]] bool is_symbolic_allele(const std::string& alt);

/// Splits `rec` into one call per ALT the sample carries (copies > 0). Symbolic and '*' alleles
/// are skipped; missing GT alleles never count as carrying anything.
[[nodiscard]] std::vector<AlleleCall> split_alleles(const VcfRecord& rec);

/// The GT string as written, e.g. "0|1", "1", "./.".
[[nodiscard]] std::string format_genotype(const SampleFormat& s);

}  // namespace nbs
