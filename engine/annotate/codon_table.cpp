#include "engine/annotate/codon_table.hpp"

#include <array>

namespace nbs {
namespace {

int base_index(char b) {
    switch (b) {
        case 'T':
        case 't':
            return 0;
        case 'C':
        case 'c':
            return 1;
        case 'A':
        case 'a':
            return 2;
        case 'G':
        case 'g':
            return 3;
    }
    return -1;
}

// NCBI table 1 in TCAG order (first base slowest): TTT TTC TTA TTG TCT ... GGG.
constexpr std::string_view kStandard =
    "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG";

}  // namespace

char translate_codon(std::string_view codon) {
    if (codon.size() < 3) return 'X';
    const int a = base_index(codon[0]), b = base_index(codon[1]), c = base_index(codon[2]);
    if (a < 0 || b < 0 || c < 0) return 'X';
    return kStandard[static_cast<std::size_t>(a * 16 + b * 4 + c)];
}

std::string translate(std::string_view seq, bool to_stop) {
    std::string out;
    out.reserve(seq.size() / 3);
    for (std::size_t i = 0; i + 3 <= seq.size(); i += 3) {
        out += translate_codon(seq.substr(i, 3));
        if (to_stop && out.back() == '*') break;
    }
    return out;
}

std::string_view amino_acid_name(char aa) {
    static constexpr std::array<std::pair<char, std::string_view>, 22> kNames = {{
        {'A', "Ala"}, {'R', "Arg"}, {'N', "Asn"}, {'D', "Asp"}, {'C', "Cys"}, {'Q', "Gln"},
        {'E', "Glu"}, {'G', "Gly"}, {'H', "His"}, {'I', "Ile"}, {'L', "Leu"}, {'K', "Lys"},
        {'M', "Met"}, {'F', "Phe"}, {'P', "Pro"}, {'S', "Ser"}, {'T', "Thr"}, {'W', "Trp"},
        {'Y', "Tyr"}, {'V', "Val"}, {'*', "Ter"}, {'U', "Sec"},
    }};
    for (const auto& [c, name] : kNames)
        if (c == aa) return name;
    return "Xaa";
}

std::string reverse_complement(std::string_view seq) {
    std::string out(seq.size(), 'N');
    for (std::size_t i = 0; i < seq.size(); ++i) {
        char c = 'N';
        switch (seq[seq.size() - 1 - i]) {
            case 'A':
            case 'a':
                c = 'T';
                break;
            case 'C':
            case 'c':
                c = 'G';
                break;
            case 'G':
            case 'g':
                c = 'C';
                break;
            case 'T':
            case 't':
                c = 'A';
                break;
        }
        out[i] = c;
    }
    return out;
}

}  // namespace nbs
