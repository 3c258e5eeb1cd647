#include "engine/screen/screen_baby.hpp"

#include <sched.h>

#include "engine/core/utf8.hpp"
#include "engine/io/vcf_reader.hpp"
#include "engine/screen/baby_screen.hpp"
#include "engine/screen/coverage_gate.hpp"

namespace nbs {
namespace {

// CPUs this process may run on (a Slurm job with one CPU is given one): a second reading
// thread on one CPU would only take turns with the first.
int usable_cpus() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) != 0) return 1;
    return CPU_COUNT(&set);
}

}  // namespace

BabyResult screen_baby(const ScreenPlan& plan, const BabyInput& input, const ScreenOptions& options,
                       BabyEvidence* evidence, ReadFootprint* footprint,
                       std::function<void()> read_complete) {
    const Thresholds& th = plan.panel().manifest.thresholds;
    VcfOpenOptions vo;
    vo.sample = input.vcf_sample;
    vo.info_keys = plan.qualifier().info_keys();
    vo.threads = options.hts_threads;
    vo.use_index = options.use_index;
    vo.footprint = footprint;
    vo.on_read_complete = std::move(read_complete);
    if (options.split_indexed_read && usable_cpus() >= 2)
        vo.split_min_bases = kSplitIndexedReadMinBases;
    VcfReader reader(input.vcf, vo);
    // The sample name is written into the result (JSON, so UTF-8).
    check_utf8(reader.sample(), "the VCF sample name", {input.vcf});
    // Every route but the include list needs annotations in INFO. Without any, a record can only
    // qualify where it touches a curated allele, so everything else is read for its genotype
    // alone (sex inference) instead of parsed in full.
    std::vector<InfoHeaderLine> header;
    const AnnotationSchema schema = read_annotation_schema(reader, th, &header);
    reader.restrict_to(plan.read_regions(), plan.decode_regions(schema));
    CoverageOutcome coverage =
        measure_coverage(plan, input, options, reader.sample(), std::nullopt, footprint);

    BabyScreen baby(plan, input, schema, vcf_facts(reader, input.vcf), reader.sample(),
                    std::move(header));
    VcfRecord rec;
    while (reader.next(rec) == ReadStatus::ok)
        baby.add(rec);
    return baby.finish(reader.contigs_with_records(), reader.records_seen(),
                       reader.records_decoded(), std::move(coverage), evidence);
}

}  // namespace nbs
