#pragma once
// One baby, end to end: read its calls where the panel needs them, qualify each allele per gene
// entry, apply genotype QC, infer sex, evaluate inheritance, and decide the status.
#include <functional>
#include <optional>
#include <string>

#include "engine/core/karyotype.hpp"
#include "engine/core/read_footprint.hpp"
#include "engine/screen/baby_result.hpp"
#include "engine/screen/screen_plan.hpp"

namespace nbs {

struct BabyInput {
    std::string sample_id;
    std::string vcf;                        // path, or "-" for stdin
    std::optional<std::string> vcf_sample;  // column in a multi-sample file
    std::optional<Karyotype> reported_sex;
    std::string cram;       // alignments for coverage (optional)
    std::string reference;  // FASTA for CRAM
};

struct ScreenOptions {
    int hts_threads = 0;     // htslib decompression threads per file
    bool use_index = true;   // false forces streaming
    bool ignore_sm = false;  // accept alignments whose @RG SM is not the VCF sample (recorded)
    /// Read an indexed file's regions in two halves on two threads (VcfOpenOptions::
    /// split_min_bases): for a baby screened alone, whose second core has nothing else to do.
    /// Ignored when the process may run on one CPU only (sched_getaffinity).
    bool split_indexed_read = false;
};

struct BabyEvidence;

/// \throws InputError for bad input (the baby fails; others in a batch go on).
/// `evidence`: when given, receives the baby's evidence snapshot (baby_evidence.hpp).
/// `footprint`: when given, receives every byte range of the VCF that the screen read
/// (core/read_footprint.hpp), which is what keys the result for a resume.
/// `read_complete`: called once an indexed read has read every byte it reads, i.e. once
/// `footprint` is final (VcfOpenOptions::on_read_complete: maybe on the reader's second thread,
/// while this one still screens the last records; before screen_baby returns). Must not throw.
[[nodiscard]] BabyResult screen_baby(const ScreenPlan& plan, const BabyInput& input,
                                     const ScreenOptions& options, BabyEvidence* evidence = nullptr,
                                     ReadFootprint* footprint = nullptr,
                                     std::function<void()> read_complete = {});

}  // namespace nbs
