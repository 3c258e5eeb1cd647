#include "engine/genome/contig.hpp"

#include <array>
#include <cctype>
#include <utility>
#include <vector>

namespace nbs {
namespace {
// GRCh38 primary chromosomes with their lengths and accessions, as listed by the NCBI assembly
// report for GRCh38.p14 (GCF_000001405.40_GRCh38.p14_assembly_report.txt, columns
// Sequence-Length, RefSeq-Accn and GenBank-Accn; the primary chromosomes are the same in every
// GRCh38 patch release). Checked for this table against the report's rows as quoted in public
// code (1, 2, 22, X, Y, MT) and a chromosome alias table listing the GRCh37 and GRCh38
// accessions of all 25. Note the versions: NC_000001.10 and CM000663.1 are GRCh37's chr1.
constexpr std::array<ContigInfo, 25> kGrch38{{
    {"chr1", 248956422, 1, "NC_000001.11", "CM000663.2"},
    {"chr2", 242193529, 2, "NC_000002.12", "CM000664.2"},
    {"chr3", 198295559, 3, "NC_000003.12", "CM000665.2"},
    {"chr4", 190214555, 4, "NC_000004.12", "CM000666.2"},
    {"chr5", 181538259, 5, "NC_000005.10", "CM000667.2"},
    {"chr6", 170805979, 6, "NC_000006.12", "CM000668.2"},
    {"chr7", 159345973, 7, "NC_000007.14", "CM000669.2"},
    {"chr8", 145138636, 8, "NC_000008.11", "CM000670.2"},
    {"chr9", 138394717, 9, "NC_000009.12", "CM000671.2"},
    {"chr10", 133797422, 10, "NC_000010.11", "CM000672.2"},
    {"chr11", 135086622, 11, "NC_000011.10", "CM000673.2"},
    {"chr12", 133275309, 12, "NC_000012.12", "CM000674.2"},
    {"chr13", 114364328, 13, "NC_000013.11", "CM000675.2"},
    {"chr14", 107043718, 14, "NC_000014.9", "CM000676.2"},
    {"chr15", 101991189, 15, "NC_000015.10", "CM000677.2"},
    {"chr16", 90338345, 16, "NC_000016.10", "CM000678.2"},
    {"chr17", 83257441, 17, "NC_000017.11", "CM000679.2"},
    {"chr18", 80373285, 18, "NC_000018.10", "CM000680.2"},
    {"chr19", 58617616, 19, "NC_000019.10", "CM000681.2"},
    {"chr20", 64444167, 20, "NC_000020.11", "CM000682.2"},
    {"chr21", 46709983, 21, "NC_000021.9", "CM000683.2"},
    {"chr22", 50818468, 22, "NC_000022.11", "CM000684.2"},
    {"chrX", 156040895, 23, "NC_000023.11", "CM000685.2"},
    {"chrY", 57227415, 24, "NC_000024.10", "CM000686.2"},
    {"chrM", 16569, 25, "NC_012920.1", "J01415.2"},
}};

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::toupper(static_cast<unsigned char>(a[i])) !=
            std::toupper(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

// "NC_000001.11" -> {"NC_000001", "11"}; no dot -> the whole name and an empty version.
std::pair<std::string_view, std::string_view> split_version(std::string_view acc) {
    const auto dot = acc.rfind('.');
    if (dot == std::string_view::npos) return {acc, {}};
    return {acc.substr(0, dot), acc.substr(dot + 1)};
}

const ContigInfo* by_accession(std::string_view name) {
    if (name.size() < 8) return nullptr;  // every accession above has 8+ characters
    for (const auto& c : kGrch38)
        if (iequals(name, c.refseq) || iequals(name, c.genbank)) return &c;
    return nullptr;
}

}  // namespace

std::span<const ContigInfo> grch38_contigs() {
    return kGrch38;
}

std::optional<std::string> canonical_contig(std::string_view name) {
    if (const ContigInfo* c = by_accession(name)) return std::string(c->name);
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

std::optional<OtherBuildAccession> other_build_accession(std::string_view name) {
    const auto [series, version] = split_version(name);
    if (version.empty() || by_accession(name) != nullptr) return std::nullopt;
    for (const auto& c : kGrch38)
        for (std::string_view acc : {c.refseq, c.genbank})
            if (iequals(series, split_version(acc).first))
                return OtherBuildAccession{std::string(c.name), acc};
    // hg19's chrM is the Yoruba mitochondrion (NC_001807), not GRCh38's rCRS (NC_012920.1).
    if (iequals(series, "NC_001807")) return OtherBuildAccession{"chrM", kGrch38.back().refseq};
    return std::nullopt;
}

std::optional<std::string> names_grch37_reference(std::string_view value) {
    // Whole words of the value: runs of letters and digits, lower-cased.
    std::vector<std::pair<std::string, std::string_view>> words;  // lower-case, as written
    for (std::size_t i = 0; i < value.size();) {
        if (!std::isalnum(static_cast<unsigned char>(value[i]))) {
            ++i;
            continue;
        }
        std::size_t j = i;
        std::string lower;
        while (j < value.size() && std::isalnum(static_cast<unsigned char>(value[j])))
            lower += static_cast<char>(std::tolower(static_cast<unsigned char>(value[j++])));
        words.emplace_back(std::move(lower), value.substr(i, j - i));
        i = j;
    }
    auto starts = [](const std::string& w, std::string_view p) { return w.rfind(p, 0) == 0; };
    std::optional<std::string> found;
    for (std::size_t k = 0; k < words.size(); ++k) {
        const std::string& w = words[k].first;
        if (starts(w, "grch38") || starts(w, "hg38") || w == "b38" || starts(w, "hs38") ||
            w == "assembly38")
            return std::nullopt;  // names GRCh38 too: leave it to the contig checks
        if (found) continue;
        if (starts(w, "grch37") || starts(w, "hg19") || w == "hs37d5" || w == "b37" ||
            w == "ncbi37" || w == "assembly19")
            found = std::string(words[k].second);
        else if (w == "v37" && k > 0 && words[k - 1].first == "g1k")  // human_g1k_v37(_decoy)
            found = "g1k_v37";
    }
    return found;
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
