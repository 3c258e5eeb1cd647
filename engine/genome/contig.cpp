#include "engine/genome/contig.hpp"

#include <array>
#include <cctype>

namespace nbs {
namespace {
constexpr std::array<ContigInfo, 25> kGrch38{{
    {"chr1", 248956422, 1},   {"chr2", 242193529, 2},   {"chr3", 198295559, 3},
    {"chr4", 190214555, 4},   {"chr5", 181538259, 5},   {"chr6", 170805979, 6},
    {"chr7", 159345973, 7},   {"chr8", 145138636, 8},   {"chr9", 138394717, 9},
    {"chr10", 133797422, 10}, {"chr11", 135086622, 11}, {"chr12", 133275309, 12},
    {"chr13", 114364328, 13}, {"chr14", 107043718, 14}, {"chr15", 101991189, 15},
    {"chr16", 90338345, 16},  {"chr17", 83257441, 17},  {"chr18", 80373285, 18},
    {"chr19", 58617616, 19},  {"chr20", 64444167, 20},  {"chr21", 46709983, 21},
    {"chr22", 50818468, 22},  {"chrX", 156040895, 23},  {"chrY", 57227415, 24},
    {"chrM", 16569, 25},
}};
}  // namespace

std::span<const ContigInfo> grch38_contigs() {
    return kGrch38;
}

std::optional<std::string> canonical_contig(std::string_view name) {
    std::string_view body = name;
    if (body.size() > 3 && (body[0] == 'c' || body[0] == 'C') &&
        (body[1] == 'h' || body[1] == 'H') && (body[2] == 'r' || body[2] == 'R'))
        body.remove_prefix(3);
    if (body.empty() || body.size() > 2) return std::nullopt;
    if (body == "M" || body == "MT" || body == "m" || body == "mt") return std::string("chrM");
    if (body == "X" || body == "x") return std::string("chrX");
    if (body == "Y" || body == "y") return std::string("chrY");
    int n = 0;
    for (char c : body) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
        n = n * 10 + (c - '0');
    }
    if (body[0] == '0' || n < 1 || n > 22) return std::nullopt;
    return "chr" + std::to_string(n);
}

const ContigInfo* find_grch38_contig(std::string_view canonical) {
    for (const auto& c : kGrch38)
        if (c.name == canonical) return &c;
    return nullptr;
}

int contig_rank(std::string_view canonical) {
    const auto* c = find_grch38_contig(canonical);
    return c != nullptr ? c->rank : 1000;
}

std::optional<std::int64_t> grch38_length(std::string_view canonical) {
    const auto* c = find_grch38_contig(canonical);
    if (c == nullptr) return std::nullopt;
    return c->length;
}

bool in_par(std::string_view canonical, std::int64_t pos) {
    if (canonical == "chrX")
        return (pos >= kPar1XStart && pos <= kPar1XEnd) || (pos >= kPar2XStart && pos <= kPar2XEnd);
    if (canonical == "chrY")
        return (pos >= kPar1YStart && pos <= kPar1YEnd) || (pos >= kPar2YStart && pos <= kPar2YEnd);
    return false;
}

bool is_x_nonpar(std::string_view canonical, std::int64_t pos) {
    return canonical == "chrX" && !in_par(canonical, pos);
}

bool is_y_nonpar(std::string_view canonical, std::int64_t pos) {
    return canonical == "chrY" && !in_par(canonical, pos);
}

}  // namespace nbs
