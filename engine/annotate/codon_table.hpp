#pragma once
// The standard genetic code (NCBI translation table 1), the one nuclear human transcripts use,
// and the sequence helpers built-in consequence needs. Mitochondrial genes (table 2) are not
// translated: panel genes are nuclear.
#include <string>
#include <string_view>

namespace nbs {

/// The one-letter amino acid of a codon ("TGG" -> 'W', stops -> '*'); 'X' for a codon with a
/// base other than A, C, G, T or fewer than three bases.
[[nodiscard]] char translate_codon(std::string_view codon);
/// Translates whole codons of `seq` from its first base; stops after the first '*' when
/// `to_stop` (the '*' included).
[[nodiscard]] std::string translate(std::string_view seq, bool to_stop);
/// HGVS three-letter name of a one-letter amino acid ('*' -> "Ter", 'X' -> "Xaa").
[[nodiscard]] std::string_view amino_acid_name(char aa);
/// Reverse complement (A<->T, C<->G; anything else becomes N).
[[nodiscard]] std::string reverse_complement(std::string_view seq);

}  // namespace nbs
