#include "engine/coverage/smn_copy_number.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace nbs {
namespace {

double median(std::vector<double> v) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

std::string fmt(double v, int digits = 2) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

// Posteriors (equal priors) from log10 likelihoods.
std::vector<double> posteriors(const std::vector<double>& log10_lik) {
    const double top = *std::max_element(log10_lik.begin(), log10_lik.end());
    std::vector<double> p(log10_lik.size());
    double sum = 0.0;
    for (std::size_t i = 0; i < p.size(); ++i)
        sum += (p[i] = std::pow(10.0, log10_lik[i] - top));
    for (auto& x : p)
        x /= sum;
    return p;
}

void c840_test(const SmnObservation& obs, const SmnConfig& cfg, SmnCall& out) {
    for (const auto& s : obs.sites)
        if (s.c840) {
            out.c840_reads = s.smn1_reads + s.smn2_reads;
            out.c840_smn1_reads = s.smn1_reads;
        }
    if (out.c840_reads < static_cast<std::uint32_t>(cfg.min_c840_reads)) {
        out.c840_test = "too_few_reads";
        return;
    }
    const double l0 = log10_binomial(out.c840_smn1_reads, out.c840_reads, cfg.c840_error_rate);
    const double l1 =
        log10_binomial(out.c840_smn1_reads, out.c840_reads, 1.0 / cfg.c840_max_copies);
    out.c840_phred = 10.0 * (l0 - l1);
    out.c840_test = out.c840_phred >= cfg.c840_min_phred    ? "smn1_absent"
                    : out.c840_phred <= -cfg.c840_min_phred ? "smn1_present"
                                                            : "undetermined";
}

void normalise(const SmnObservation& obs, const SmnConfig& cfg, SmnCall& out) {
    out.smn_depth = obs.smn1_depth + obs.smn2_depth;
    std::vector<double> depths;
    for (double d : obs.norm_depths)
        if (d > 0.0) depths.push_back(d);
    out.norm_regions_used = static_cast<int>(depths.size());
    if (out.norm_regions_used < cfg.min_norm_regions) {
        out.normalisation_note = std::to_string(out.norm_regions_used) + " of " +
                                 std::to_string(obs.norm_depths.size()) +
                                 " normalisation regions have reads (needs " +
                                 std::to_string(cfg.min_norm_regions) + ")";
        return;
    }
    out.norm_median_depth = median(depths);
    if (out.norm_median_depth < cfg.min_norm_depth) {
        out.normalisation_note = "median normalisation depth " + fmt(out.norm_median_depth, 1) +
                                 "x is below " + fmt(cfg.min_norm_depth, 1) + "x";
        return;
    }
    std::vector<double> dev;
    for (double d : depths)
        dev.push_back(std::fabs(d / out.norm_median_depth - 1.0));
    out.norm_mad = median(dev);
    if (out.norm_mad > cfg.max_norm_mad) {
        out.normalisation_note = "normalisation regions vary too much (MAD " +
                                 fmt(out.norm_mad, 3) + " > " + fmt(cfg.max_norm_mad, 3) + ")";
        return;
    }
    out.normalised = true;
    out.full_length_raw = 2.0 * out.smn_depth / out.norm_median_depth;
    const double ratio = out.smn_depth / out.norm_median_depth;
    std::vector<double> ll;
    for (int k = 0; k <= cfg.max_copy_number; ++k) {
        const double mean = k / 2.0;
        const double sd = cfg.cn_sd * std::sqrt(std::max(k, 1) / 2.0);
        const double z = (ratio - mean) / sd;
        ll.push_back((-0.5 * z * z - std::log(sd)) / std::log(10.0));
    }
    const auto post = posteriors(ll);
    const auto best = std::max_element(post.begin(), post.end()) - post.begin();
    out.full_length_posterior = post[static_cast<std::size_t>(best)];
    if (out.full_length_posterior >= cfg.min_cn_posterior) out.full_length = static_cast<int>(best);
}

void call_sites(const SmnObservation& obs, const SmnConfig& cfg, SmnCall& out) {
    std::map<int, int> votes;
    for (const auto& s : obs.sites) {
        SmnSiteCall sc{s.name, s.c840, s.smn1_reads, s.smn2_reads, s.other_reads, {}, 0.0};
        if (out.full_length && *out.full_length > 0) {
            const int t = *out.full_length;
            std::vector<double> ll;
            for (int i = 0; i <= t; ++i) {
                const double f = static_cast<double>(i) / t;
                const double p = f * (1.0 - cfg.site_error_rate) + (1.0 - f) * cfg.site_error_rate;
                ll.push_back(log10_binomial(s.smn1_reads, s.smn1_reads + s.smn2_reads, p));
            }
            const auto post = posteriors(ll);
            const auto best = std::max_element(post.begin(), post.end()) - post.begin();
            sc.posterior = post[static_cast<std::size_t>(best)];
            if (s.smn1_reads + s.smn2_reads > 0 && sc.posterior >= cfg.min_site_posterior) {
                sc.smn1_cn = static_cast<int>(best);
                ++votes[*sc.smn1_cn];
            }
        }
        out.sites.push_back(std::move(sc));
    }
    for (const auto& [cn, n] : votes)
        if (n >= cfg.min_sites_agree && n > out.consensus_sites) {
            out.consensus_smn1 = cn;
            out.consensus_sites = n;
        }
}

void set_intact(SmnCall& out, int intact, std::string confidence, std::string basis) {
    out.assessable = true;
    out.intact_smn1 = std::min(intact, 3);
    out.intact_label = intact >= 3 ? ">=3" : std::to_string(intact);
    out.confidence = std::move(confidence);
    out.basis = std::move(basis);
    if (out.full_length && *out.full_length >= intact) out.smn2 = *out.full_length - intact;
}

}  // namespace

double log10_binomial(std::uint32_t k, std::uint32_t n, double p) {
    if (k > n) return -INFINITY;
    const double lc =
        (std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0)) / std::log(10.0);
    const double a = k == 0 ? 0.0 : k * std::log10(p);
    const double b = n == k ? 0.0 : (n - k) * std::log10(1.0 - p);
    return lc + a + b;
}

SmnCall call_smn(const SmnObservation& obs, const SmnConfig& cfg) {
    SmnCall out;
    c840_test(obs, cfg, out);
    normalise(obs, cfg, out);
    call_sites(obs, cfg, out);

    const SmnSiteCall* c840 = nullptr;
    for (const auto& s : out.sites)
        if (s.c840) c840 = &s;

    // Worked example: 0 C of 30 reads at c.840 -> score 10*log10(0.999^30 / 0.8^30) = 28.8 >= 10:
    // SMN1 = 0 whatever the depth says.
    if (out.c840_test == "smn1_absent") {
        set_intact(out, 0, "high", "c840_read_test");
        if (out.consensus_smn1 && *out.consensus_smn1 > 0)
            out.flags.push_back("the other differentiating sites suggest " +
                                std::to_string(*out.consensus_smn1) +
                                " SMN1 copies but none carries C at c.840: a hybrid "
                                "(SMN1 flanks with SMN2 exon 7) or gene conversion");
        return out;
    }
    if (out.c840_test == "too_few_reads") {
        out.reason = "only " + std::to_string(out.c840_reads) +
                     " reads over c.840 in SMN1 plus SMN2 (at least " +
                     std::to_string(cfg.min_c840_reads) + " are needed to call SMN1)";
        return out;
    }
    if (!out.normalised) {
        out.reason = "SMN1 copy number above 0 needs depth normalisation, which failed: " +
                     out.normalisation_note + " (c.840 read test: " + out.c840_test + ", " +
                     std::to_string(out.c840_smn1_reads) + " of " + std::to_string(out.c840_reads) +
                     " reads carry the SMN1 base)";
        return out;
    }
    if (!out.full_length) {
        out.reason = "SMN1+SMN2 exon 7-8 copy number is ambiguous (raw " +
                     fmt(*out.full_length_raw) + ", best posterior " +
                     fmt(out.full_length_posterior, 3) + " < " + fmt(cfg.min_cn_posterior, 2) + ")";
        return out;
    }
    if (!out.consensus_smn1) {
        out.reason = "the differentiating sites disagree on SMN1 copy number (fewer than " +
                     std::to_string(cfg.min_sites_agree) + " sites agree)";
        return out;
    }
    int intact = *out.consensus_smn1;
    std::string confidence = "high";
    if (c840 != nullptr && c840->smn1_cn && *c840->smn1_cn != intact) {
        out.flags.push_back("c.840 carries the SMN1 base in " + std::to_string(*c840->smn1_cn) +
                            " copies but " + std::to_string(out.consensus_sites) +
                            " sites agree on " + std::to_string(intact) +
                            " SMN1 copies: a hybrid SMN1/SMN2 allele; intact SMN1 is counted at "
                            "c.840");
        intact = *c840->smn1_cn;
        confidence = "low";
    }
    if (intact == 0) {
        // The copy model says 0 but the read test did not: never call SMA on the weaker evidence.
        out.reason = "the site consensus gives 0 SMN1 copies but the c.840 read test is " +
                     out.c840_test + " (score " + fmt(out.c840_phred, 1) + ")";
        return out;
    }
    set_intact(out, intact, confidence, "depth_and_sites");
    return out;
}

}  // namespace nbs
