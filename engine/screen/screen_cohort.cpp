#include "engine/screen/screen_cohort.hpp"

#include <algorithm>
#include <utility>

#include "engine/core/input_error.hpp"
#include "engine/core/utf8.hpp"
#include "engine/genome/contig.hpp"
#include "engine/io/vcf_reader.hpp"
#include "engine/screen/coverage_gate.hpp"

namespace nbs {

std::optional<std::string> cohort_column(const BabyInput& baby,
                                         const std::vector<std::string>& samples) {
    std::string name;
    if (baby.vcf_sample) {
        if (std::find(samples.begin(), samples.end(), *baby.vcf_sample) == samples.end())
            return std::nullopt;
        name = *baby.vcf_sample;
    } else if (samples.size() == 1) {
        name = samples.front();
    } else {
        return std::nullopt;
    }
    try {
        check_utf8(name, "the VCF sample name", {baby.vcf});
    } catch (const InputError&) {
        return std::nullopt;
    }
    return name;
}

CohortScreen::CohortScreen(const ScreenPlan& plan, const std::string& vcf,
                           const std::vector<const BabyInput*>& babies,
                           const ScreenOptions& options)
    : plan_(plan), options_(options), inputs_(babies) {
    const Thresholds& th = plan.panel().manifest.thresholds;
    VcfOpenOptions vo;
    vo.info_keys = plan.qualifier().info_keys();
    vo.threads = options.hts_threads;
    vo.use_index = options.use_index;
    std::vector<std::string> names;
    for (const BabyInput* b : babies)
        names.push_back(b->vcf_sample ? *b->vcf_sample : std::string());
    // A baby without vcf_sample reads the file's one sample (cohort_column() checked there is one).
    const std::vector<std::string> in_file = VcfReader::list_samples(vcf);
    for (auto& n : names)
        if (n.empty() && in_file.size() == 1) n = in_file.front();
    vo.cohort = names;
    VcfReader reader(vcf, vo);
    // The same steps, in the same order, as screen_baby.
    std::vector<InfoHeaderLine> header;
    schema_ = read_annotation_schema(reader, th, &header);
    reader.restrict_to(plan.read_regions(), plan.decode_regions(schema_));
    const VcfFacts facts = vcf_facts(reader, vcf);
    babies_.reserve(babies.size());
    for (std::size_t i = 0; i < babies.size(); ++i)
        babies_.emplace_back(plan, *babies[i], schema_, facts, names[i], header);

    VcfRecord rec;
    while (reader.next(rec) == ReadStatus::ok) {
        // Only what a baby's genotype can change is handed to it: a record outside the sex
        // windows and gene regions changes nothing, and a genotype without an ALT adds no
        // allele and no sex evidence (BabyScreen::add would do nothing with it).
        const bool sex = is_x_nonpar(rec.chrom, rec.pos) || is_y_nonpar(rec.chrom, rec.pos);
        if (!sex &&
            !plan.gene_regions().overlaps(rec.chrom, rec.pos,
                                          rec.pos + static_cast<std::int64_t>(rec.ref.size()) - 1))
            continue;
        for (std::size_t k = 0; k < babies_.size(); ++k) {
            if (!carries_alt(rec.cohort[k])) continue;
            std::swap(rec.sample, rec.cohort[k]);
            babies_[k].add(rec);
            std::swap(rec.sample, rec.cohort[k]);
        }
    }
    contigs_ = reader.contigs_with_records();
    seen_ = reader.records_seen();
    decoded_ = reader.records_decoded();
    // Babies without alignments take coverage from gVCF blocks if the file has them: looked for
    // once here, not once per baby.
    if (std::any_of(babies.begin(), babies.end(),
                    [](const BabyInput* b) { return b->cram.empty(); }))
        gvcf_ = detect_gvcf(vcf);
}

BabyResult CohortScreen::finish(std::size_t i, BabyEvidence* evidence) {
    const BabyInput& input = *inputs_[i];
    CoverageOutcome coverage =
        measure_coverage(plan_, input, options_, babies_[i].vcf_sample(), gvcf_);
    return babies_[i].finish(contigs_, seen_, decoded_, std::move(coverage), evidence);
}

}  // namespace nbs
