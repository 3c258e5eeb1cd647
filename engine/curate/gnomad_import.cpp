#include "engine/curate/gnomad_import.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <map>
#include <regex>

#include "engine/core/input_error.hpp"
#include "engine/genome/normalize.hpp"
#include "engine/genome/region_set.hpp"
#include "engine/io/vcf_sites.hpp"
#include "engine/panel/panel_files.hpp"

namespace nbs {
namespace {

// The largest position a tabix (.tbi) index can address: 2^29 - 1.
constexpr std::int64_t kMaxIndexedPos = (std::int64_t{1} << 29) - 1;

bool is_acgt(const std::string& s) {
    return !s.empty() && s.find_first_not_of("ACGT") == std::string::npos;
}

// The i-th comma-separated value of a Number=A INFO value (as VcfSiteReader writes it).
std::string nth(const std::optional<std::string>& v, std::size_t i) {
    if (!v) return {};
    std::size_t p = 0;
    for (std::size_t k = 0; k < i; ++k) {
        p = v->find(',', p);
        if (p == std::string::npos) return {};
        ++p;
    }
    const auto e = v->find(',', p);
    return v->substr(p, e == std::string::npos ? std::string::npos : e - p);
}

bool to_count(const std::string& s, std::int64_t& out) {
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size() && out >= 0;
}

std::string dataset_of(const std::string& path) {
    const std::string name = std::filesystem::path(path).filename().string();
    if (name.find("exome") != std::string::npos) return "exomes";
    if (name.find("genome") != std::string::npos) return "genomes";
    return "sites";
}

// The first and last positions with records on `chrom` (by bisection over the index), or nullopt
// when the file's index has none there. A stretch of the contig outside them is not covered.
std::optional<Region> extent(VcfSiteReader& r, const std::string& chrom) {
    if (!r.any_record_in({chrom, 1, kMaxIndexedPos})) return std::nullopt;
    std::int64_t lo = 1, hi = kMaxIndexedPos;  // smallest x with a record in [1, x]
    while (lo < hi) {
        const std::int64_t mid = lo + (hi - lo) / 2;
        if (r.any_record_in({chrom, 1, mid}))
            hi = mid;
        else
            lo = mid + 1;
    }
    const std::int64_t first = lo;
    lo = first;
    hi = kMaxIndexedPos;  // largest x with a record overlapping [x, max]
    while (lo < hi) {
        const std::int64_t mid = lo + (hi - lo + 1) / 2;
        if (r.any_record_in({chrom, mid, kMaxIndexedPos}))
            lo = mid;
        else
            hi = mid - 1;
    }
    return Region{chrom, first, lo};
}

}  // namespace

std::vector<std::string> gnomad_populations(const std::vector<std::string>& info_ids) {
    std::vector<std::string> out;
    for (const auto& id : info_ids) {
        if (id.rfind("AC_", 0) != 0) continue;
        const std::string pop = id.substr(3);
        if (pop.empty() || pop.find_first_not_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos)
            continue;
        if (pop == "raw" || pop == "joint" || pop == "grpmax" || pop == "popmax") continue;
        if (std::find(info_ids.begin(), info_ids.end(), "AN_" + pop) == info_ids.end()) continue;
        if (std::find(out.begin(), out.end(), pop) == out.end()) out.push_back(pop);
    }
    return out;
}

std::string gnomad_release_from_name(const std::string& path) {
    static const std::regex version(R"((^|[._-])(v[0-9]+(\.[0-9]+)*)([._-]|$))");
    const std::string name = std::filesystem::path(path).filename().string();
    std::smatch m;
    return std::regex_search(name, m, version) ? m[2].str() : std::string();
}

GnomadImport import_gnomad(const std::vector<std::string>& paths, const std::string& release,
                           std::vector<Region> query, const ReferenceSlices& ref) {
    GnomadImport out;
    const RegionSet merged(std::move(query));
    std::map<std::string, int> kinds;
    for (const auto& path : paths) {
        std::vector<std::string> ids;
        {
            VcfSiteReader probe(path, {});
            ids = probe.header_info_ids();
        }
        auto has = [&](const char* id) {
            return std::find(ids.begin(), ids.end(), id) != ids.end();
        };
        const std::vector<std::string> pops = gnomad_populations(ids);
        if (!has("AC") || !has("AN"))
            throw InputError({path}, "not a gnomAD sites VCF: the header defines no INFO AC and AN",
                             "pass gnomAD's sites VCFs (gnomad.exomes/genomes.v4.x.sites.*.vcf.bgz "
                             "or v3.1), with their .tbi index");
        // v4 names the summary grpmax; v3.1 and v2.1 popmax.
        const bool v4 = has("AF_grpmax");
        const std::string grp = v4 ? "grpmax" : "popmax";
        std::vector<std::string> keys = {"AC", "AN", grp, "AF_" + grp};
        for (const auto& p : pops) {
            keys.push_back("AC_" + p);
            keys.push_back("AN_" + p);
        }
        VcfSiteReader reader(path, keys);

        KnowledgeSource src;
        const std::string dataset = dataset_of(path);
        const int n = ++kinds[dataset];
        src.kind = "gnomad_" + dataset + (n > 1 ? "_" + std::to_string(n) : "");
        src.name = std::filesystem::path(path).filename().string();
        src.release = !release.empty() ? release : gnomad_release_from_name(path);
        if (src.release.empty()) src.release = src.name;
        src.sha256 = sha256_file_hex(path);

        std::map<std::string, std::optional<Region>> extents;
        VcfSite site;
        for (const Region& q : merged.regions()) {
            auto e = extents.find(q.chrom);
            if (e == extents.end()) e = extents.emplace(q.chrom, extent(reader, q.chrom)).first;
            if (!e->second) continue;
            const Region covered{q.chrom, std::max(q.start, e->second->start),
                                 std::min(q.end, e->second->end)};
            if (covered.start > covered.end) continue;
            out.covered.push_back({src.kind, covered});
            if (!reader.seek(q)) continue;
            while (reader.next(site)) {
                ++out.sites_read;
                for (std::size_t i = 0; i < site.alts.size(); ++i) {
                    const std::string& alt = site.alts[i];
                    if (!is_acgt(site.ref) || !is_acgt(alt) || alt == site.ref) {
                        ++out.not_sequence;
                        continue;
                    }
                    FrequencyRecord r;
                    r.source = src.kind;
                    r.variant = minimal_representation({site.chrom, site.pos, site.ref, alt});
                    if (auto left = left_align(r.variant, ref)) {
                        r.variant = std::move(*left);
                        r.left_aligned = true;
                    }
                    r.filter = site.filter;
                    if (!to_count(nth(site.info[0], i), r.ac)) r.ac = 0;
                    if (!to_count(nth(site.info[1], 0), r.an)) r.an = 0;
                    r.grpmax = nth(site.info[2], i);
                    r.af_grpmax = nth(site.info[3], i);
                    if (r.grpmax == ".") r.grpmax.clear();
                    if (r.af_grpmax == ".") r.af_grpmax.clear();
                    for (std::size_t p = 0; p < pops.size(); ++p) {
                        PopulationCount c{pops[p], 0, 0};
                        // A population the record leaves out (AN missing) has no count.
                        if (!to_count(nth(site.info[5 + 2 * p], 0), c.an)) continue;
                        if (!to_count(nth(site.info[4 + 2 * p], i), c.ac)) c.ac = 0;
                        r.populations.push_back(std::move(c));
                    }
                    out.records.push_back(std::move(r));
                }
            }
        }
        out.sources.push_back(std::move(src));
    }
    // A record spanning two query regions is read twice: keep one.
    auto key = [](const FrequencyRecord& r) { return std::tie(r.variant, r.source); };
    std::stable_sort(
        out.records.begin(), out.records.end(),
        [&](const FrequencyRecord& a, const FrequencyRecord& b) { return key(a) < key(b); });
    out.records.erase(std::unique(out.records.begin(), out.records.end(),
                                  [&](const FrequencyRecord& a, const FrequencyRecord& b) {
                                      return key(a) == key(b);
                                  }),
                      out.records.end());
    std::sort(out.covered.begin(), out.covered.end(),
              [](const FrequencyCovered& a, const FrequencyCovered& b) {
                  return std::tie(a.source, a.region) < std::tie(b.source, b.region);
              });
    return out;
}

}  // namespace nbs
