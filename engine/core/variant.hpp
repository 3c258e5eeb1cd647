#pragma once
// A single allele at a locus, and one baby's call of one record. Multi-allelic records are split
// into one AlleleCall per ALT allele (genome/normalize.hpp), so everything above io sees alleles.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace nbs {

struct Variant {
    std::string chrom;  // canonical
    std::int64_t pos = 0;
    std::string ref;
    std::string alt;

    [[nodiscard]] std::string to_string() const {
        return chrom + ':' + std::to_string(pos) + ':' + ref + '>' + alt;
    }
    auto operator<=>(const Variant&) const = default;
};

/// An INFO value as read from the record, with the header's Number so the value for one ALT
/// allele can be picked out after splitting.
struct InfoField {
    std::string key;
    std::string value;  // comma-separated as in the VCF; empty for a present Flag
    char number = '.';  // 'A', 'R', 'G', '.', or '1' for fixed counts
};

/// One sample's genotype fields for one record, as read (before splitting).
struct SampleFormat {
    std::vector<int> alleles;  // GT allele indexes; -1 for a missing allele ('.')
    bool phased = false;       // all separators '|'
    std::optional<std::int64_t> phase_set;
    std::optional<int> gq;
    std::optional<int> dp;
    std::vector<int> ad;        // per allele (REF first); -1 where missing
    std::optional<int> min_dp;  // gVCF reference blocks (DeepVariant, GATK)
};

/// One VCF/BCF record, decoded for the one sample being screened.
struct VcfRecord {
    std::string chrom;  // canonical
    std::int64_t pos = 0;
    std::string ref;
    std::vector<std::string> alts;
    std::vector<std::string> filters;  // empty when FILTER is '.'
    std::optional<std::int64_t> end;   // INFO/END (gVCF reference blocks)
    SampleFormat sample;
    std::vector<InfoField> info;  // only the keys the caller asked for
    std::uint64_t line = 0;       // 1-based line in a text VCF when streaming, else 0
    bool genotype_only = false;   // only CHROM, POS, REF and GT were read (see VcfReader)
    /// A cohort read (VcfOpenOptions::cohort): FORMAT of each requested sample, in the order
    /// asked for; `sample` is then left empty.
    std::vector<SampleFormat> cohort;
};

/// One ALT allele of one record, as carried by one baby.
struct AlleleCall {
    Variant variant;                       // minimal representation, canonical chrom
    Variant as_written;                    // the record's own POS/REF/ALT for this allele
    std::vector<std::string> record_alts;  // every ALT of the record (annotation allele strings)
    int alt_index = 0;                     // 1-based index of this ALT in the record
    std::string genotype;                  // GT as written, e.g. "1|2", "1", "0/1"
    int copies = 0;                        // how many GT alleles are this ALT
    int ploidy = 0;                        // number of GT alleles (missing ones included)
    int missing_alleles = 0;               // '.' alleles in GT
    bool phased = false;
    std::optional<std::int64_t> phase_set;
    std::uint8_t haplotypes = 0;  // bit h set = haplotype h carries this ALT (phased calls)
    std::optional<int> gq;
    std::optional<int> dp;
    std::optional<int> ad_alt;
    std::optional<int> ad_total;
    std::vector<std::string> filters;
    std::vector<InfoField> info;  // Number=A/R values reduced to this allele
    std::uint64_t line = 0;
    /// Set on an SNV decomposed from an equal-length multi-base ALT (an MNP): the whole allele.
    std::optional<Variant> decomposed_from;

    [[nodiscard]] std::optional<double> allele_balance() const {
        if (!ad_alt || !ad_total || *ad_total <= 0) return std::nullopt;
        return static_cast<double>(*ad_alt) / static_cast<double>(*ad_total);
    }
    [[nodiscard]] const InfoField* find_info(const std::string& key) const {
        for (const auto& f : info)
            if (f.key == key) return &f;
        return nullptr;
    }
};

}  // namespace nbs
