#pragma once
// Helpers shared by the rules, annotate, genome (normalize) and screen unit tests: build a
// VcfRecord from a VCF-like description and read real files through nbs::VcfReader.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/core/variant.hpp"
#include "engine/genome/normalize.hpp"
#include "engine/io/vcf_reader.hpp"

namespace nbs::test {

inline std::filesystem::path data_path(const std::string& rel) {
    return std::filesystem::path(NBS_TEST_DATA) / rel;
}

/// Parses a GT string as written in a VCF ("0|1", "1/2", "./.", "1") into SampleFormat alleles.
inline SampleFormat parse_gt(const std::string& gt) {
    SampleFormat s;
    bool any_unphased = false;
    std::string cur;
    auto flush = [&] {
        s.alleles.push_back(cur == "." ? -1 : std::stoi(cur));
        cur.clear();
    };
    for (char c : gt) {
        if (c == '/' || c == '|') {
            if (c == '/') any_unphased = true;
            flush();
        } else {
            cur += c;
        }
    }
    flush();
    s.phased = s.alleles.size() > 1 && !any_unphased;
    return s;
}

/// A record described fluently (GCC warns on partial designated initializers):
///   RecordSpec().pos(1007000).ref("CAG").alts({"C", "CAGAG"}).gt("1/2").ad({1, 14, 15})
struct RecordSpec {
    std::string chrom_ = "chr1";
    std::int64_t pos_ = 1000;
    std::string ref_ = "A";
    std::vector<std::string> alts_ = {"G"};
    std::string gt_ = "0/1";
    std::optional<int> gq_ = 60;
    std::optional<int> dp_ = 30;
    std::vector<int> ad_ = {15, 15};
    std::optional<std::int64_t> ps_;
    std::vector<std::string> filters_ = {"PASS"};
    std::vector<InfoField> info_;

    RecordSpec& chrom(std::string v) {
        chrom_ = std::move(v);
        return *this;
    }
    RecordSpec& pos(std::int64_t v) {
        pos_ = v;
        return *this;
    }
    RecordSpec& ref(std::string v) {
        ref_ = std::move(v);
        return *this;
    }
    RecordSpec& alts(std::vector<std::string> v) {
        alts_ = std::move(v);
        return *this;
    }
    RecordSpec& gt(std::string v) {
        gt_ = std::move(v);
        return *this;
    }
    RecordSpec& gq(std::optional<int> v) {
        gq_ = v;
        return *this;
    }
    RecordSpec& dp(std::optional<int> v) {
        dp_ = v;
        return *this;
    }
    RecordSpec& ad(std::vector<int> v) {
        ad_ = std::move(v);
        return *this;
    }
    RecordSpec& ps(std::optional<std::int64_t> v) {
        ps_ = v;
        return *this;
    }
    RecordSpec& filters(std::vector<std::string> v) {
        filters_ = std::move(v);
        return *this;
    }
    RecordSpec& info(std::vector<InfoField> v) {
        info_ = std::move(v);
        return *this;
    }
};

inline VcfRecord make_record(const RecordSpec& r) {
    VcfRecord rec;
    rec.chrom = r.chrom_;
    rec.pos = r.pos_;
    rec.ref = r.ref_;
    rec.alts = r.alts_;
    rec.filters = r.filters_;
    rec.sample = parse_gt(r.gt_);
    rec.sample.gq = r.gq_;
    rec.sample.dp = r.dp_;
    rec.sample.ad = r.ad_;
    rec.sample.phase_set = r.ps_;
    rec.info = r.info_;
    return rec;
}

/// The calls of one record (must carry exactly one ALT the sample has).
inline AlleleCall one_call(const RecordSpec& r) {
    auto calls = split_alleles(make_record(r));
    if (calls.size() != 1)
        throw std::runtime_error("expected one call from " + r.chrom_ + ":" +
                                 std::to_string(r.pos_));
    return calls.front();
}

/// Every record of a file, read without region restriction.
inline std::vector<VcfRecord> read_all(const std::filesystem::path& path,
                                       VcfOpenOptions opts = {}) {
    VcfReader reader(path.string(), std::move(opts));
    std::vector<VcfRecord> out;
    VcfRecord rec;
    while (reader.next(rec) == ReadStatus::ok)
        out.push_back(rec);
    return out;
}

}  // namespace nbs::test
