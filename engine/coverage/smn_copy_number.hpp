#pragma once
// SMN1 and SMN2 copy number from read counts, as the published short-read callers do it
// (SMNCopyNumberCaller, Chen et al. Genet Med 2020; sma-finder, Genet Med 2025), written from
// their methods. A pure function of what was counted (SmnObservation) and the panel's smn.tsv
// (SmnConfig); the counting is in smn_reads.hpp. docs/rules.md "SMN1 copy number" has a worked
// example.
//
//   1. c.840 read test (sma-finder): n reads over c.840 in SMN1 plus SMN2, k of them with the
//      SMN1 base C. Binomial likelihoods of k under "no SMN1" (C only by error, rate e) and
//      "at least one SMN1 of at most M copies" (C fraction 1/M); score = 10*log10(L0/L1).
//      score >= min_phred: SMN1 absent; <= -min_phred: present; between: undetermined.
//      Fewer than min_c840_reads reads: too few to say.
//   2. Depth normalisation: mean depth over SMN1+SMN2 exon 7-8 divided by the median depth of
//      the single-copy (diploid) regions; the normalised depth of k copies is k/2. Fails with
//      too few regions, a low median or a spread (MAD/median) above max_norm_mad.
//   3. Full-length (exon 7-8) copy number T: Gaussian states k/2 (SD cn_sd*sqrt(k/2)), equal
//      priors; called when the posterior >= min_cn_posterior.
//   4. Per site: SMN1-base reads of SMN1+SMN2-base reads, binomial with SMN1 fraction i/T (error
//      site_error_rate) for i = 0..T; called when the posterior >= min_site_posterior.
//      Consensus: >= min_sites_agree sites give the same i.
//   5. Intact SMN1 = copies with the SMN1 base at c.840. SMN1 = 0 by the read test alone, even
//      without normalisation. Otherwise the consensus, unless the c.840 site's own call differs
//      (a hybrid allele: SMN2 exon 7 with SMN1 flanks, or the reverse), when the c.840 call is
//      taken with low confidence. SMN2 = T - intact SMN1.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/panel/panel.hpp"

namespace nbs {

struct SmnSiteCount {
    std::string name;
    bool c840 = false;
    std::uint32_t smn1_reads = 0;  // SMN1 base, at the SMN1 and SMN2 positions together
    std::uint32_t smn2_reads = 0;  // SMN2 base, likewise
    std::uint32_t other_reads = 0;
};

struct SmnObservation {
    std::vector<SmnSiteCount> sites;  // smn.tsv order
    double smn1_depth = 0.0;          // mean depth over SMN1 exon 7-8
    double smn2_depth = 0.0;
    std::vector<double> norm_depths;  // mean depth per normalisation region
};

struct SmnSiteCall {
    std::string name;
    bool c840 = false;
    std::uint32_t smn1_reads = 0, smn2_reads = 0, other_reads = 0;
    std::optional<int> smn1_cn;  // when the posterior reached min_site_posterior
    double posterior = 0.0;      // of the most likely SMN1 copy number
};

struct SmnCall {
    bool assessable = false;
    std::string reason;              // why not assessable
    std::optional<int> intact_smn1;  // 0, 1, 2, 3 (3 = three or more)
    std::string intact_label;        // "0" | "1" | "2" | ">=3" | ""
    std::optional<int> smn2;         // copies with the SMN2 base at c.840
    std::optional<int> full_length;  // SMN1 + SMN2 exon 7-8 copies (depth)
    std::string confidence;          // "high" | "low" | ""
    std::string basis;               // "c840_read_test" | "depth_and_sites" | ""

    // c.840 read test
    std::uint32_t c840_reads = 0, c840_smn1_reads = 0;
    double c840_phred = 0.0;
    std::string c840_test;  // smn1_absent | smn1_present | undetermined | too_few_reads

    // depth
    bool normalised = false;
    std::string normalisation_note;
    int norm_regions_used = 0;
    double norm_median_depth = 0.0, norm_mad = 0.0;
    double smn_depth = 0.0;  // SMN1 + SMN2 exon 7-8 mean depth
    std::optional<double> full_length_raw;
    double full_length_posterior = 0.0;

    std::vector<SmnSiteCall> sites;
    std::optional<int> consensus_smn1;
    int consensus_sites = 0;
    std::vector<std::string> flags;
};

/// Pure: the same observation and config always give the same call.
[[nodiscard]] SmnCall call_smn(const SmnObservation& obs, const SmnConfig& cfg);

/// log10 of the binomial probability of k successes in n trials at probability p.
[[nodiscard]] double log10_binomial(std::uint32_t k, std::uint32_t n, double p);

}  // namespace nbs
