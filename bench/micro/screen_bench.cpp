// Rule evaluation (qualification + genotype QC + inheritance) per gene, and one whole baby.
// Each benchmark checks its answer before it times.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>
#include <vector>

#include "engine/genome/contig.hpp"
#include "engine/genome/normalize.hpp"
#include "engine/io/vcf_reader.hpp"
#include "engine/panel/panel_parser.hpp"
#include "engine/rules/genotype_qc.hpp"
#include "engine/rules/inheritance.hpp"
#include "engine/screen/screen_baby.hpp"
#include "engine/screen/screen_plan.hpp"
#include "support/panel_fixture.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path kSource = NBS_SOURCE_DIR;

const nbs::ScreenPlan& plan() {
    return nbs::test::generation_study_plan();
}

// baby04: CFTR F508del and chr7:117642528 G>A, both 0/1 and unphased: a BIALLELIC finding.
std::vector<nbs::AlleleCall> cftr_calls() {
    nbs::VcfOpenOptions o;
    o.info_keys = plan().qualifier().info_keys();
    nbs::VcfReader reader((kSource / "sample_data/baby04.vcf.gz").string(), o);
    reader.restrict_to(nbs::RegionSet({{"chr7", 117480025, 117668665}}));
    std::vector<nbs::AlleleCall> out;
    nbs::VcfRecord rec;
    while (reader.next(rec) == nbs::ReadStatus::ok)
        for (auto& c : nbs::split_alleles(rec))
            if (c.copies > 0) out.push_back(std::move(c));
    return out;
}

std::size_t cftr_entry() {
    const auto& genes = plan().panel().genes;
    for (std::size_t i = 0; i < genes.size(); ++i)
        if (genes[i].symbol == "CFTR") return i;
    return genes.size();
}

// Qualify every carried allele in CFTR, QC it, and evaluate the MOI: what screen_baby does per
// gene.
nbs::InheritanceOutcome evaluate(const std::vector<nbs::AlleleCall>& calls,
                                 const nbs::GeneEntry& gene, const nbs::AnnotationSchema& schema) {
    std::vector<const nbs::AlleleCall*> passing;
    for (const auto& c : calls) {
        const nbs::Qualification q = plan().qualifier().qualify(c, gene, schema);
        if (q.routes.empty() || q.excluded_because) continue;
        if (!nbs::check_genotype(c, plan().panel().manifest.thresholds).pass) continue;
        passing.push_back(&c);
    }
    return nbs::evaluate_inheritance(gene, passing, nbs::Karyotype::XY);
}

void BM_RuleEvaluation(benchmark::State& state) {
    const auto calls = cftr_calls();
    const std::size_t e = cftr_entry();
    if (e == plan().panel().genes.size()) {
        state.SkipWithError("CFTR is not in the panel");
        return;
    }
    const nbs::GeneEntry& gene = plan().panel().genes[e];
    const nbs::AnnotationSchema schema;
    const nbs::InheritanceOutcome first = evaluate(calls, gene, schema);
    if (!first.reported || first.zygosity != "compound_heterozygous") {
        state.SkipWithError(
            ("expected a compound heterozygous CFTR finding, got: " + first.reason).c_str());
        return;
    }
    for (auto _ : state)
        benchmark::DoNotOptimize(evaluate(calls, gene, schema));
    state.counters["alleles"] = static_cast<double>(calls.size());
}
BENCHMARK(BM_RuleEvaluation)->Unit(benchmark::kMicrosecond);

// One whole baby, indexed: open, jump to the panel's regions, decode, qualify, decide.
void BM_ScreenBabyIndexed(benchmark::State& state) {
    nbs::BabyInput in;
    in.sample_id = "baby04";
    in.vcf = (kSource / "sample_data/baby04.vcf.gz").string();
    const nbs::ScreenOptions opts;
    const nbs::BabyResult r = nbs::screen_baby(plan(), in, opts);
    if (r.status != nbs::BabyStatus::prioritised_for_review || r.findings.size() != 1 ||
        r.findings[0].gene != "CFTR") {
        state.SkipWithError("baby04 should be prioritised for CFTR");
        return;
    }
    for (auto _ : state)
        benchmark::DoNotOptimize(nbs::screen_baby(plan(), in, opts));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ScreenBabyIndexed)->Unit(benchmark::kMillisecond);

// The screen's plan from the loaded Generation Study panel (its region sets: genes, curated and
// ClinVar alleles, sex-inference sites), built once per `screen`. Checked before timing: the
// regions read come in GRCh38 order, each after the previous one and not touching it (merged).
void BM_ScreenPlan_GenerationStudy(benchmark::State& state) {
    const nbs::Panel& panel = plan().panel();
    const nbs::ScreenPlan once(panel);
    const auto& regs = once.read_regions().regions();
    bool ordered = regs.size() >= 400;
    for (std::size_t i = 1; ordered && i < regs.size(); ++i) {
        const int a = nbs::contig_rank(regs[i - 1].chrom), b = nbs::contig_rank(regs[i].chrom);
        ordered = a < b || (a == b && regs[i - 1].end + 1 < regs[i].start);
    }
    if (!ordered) {
        state.SkipWithError("the plan's regions are not sorted and merged");
        return;
    }
    for (auto _ : state) {
        const nbs::ScreenPlan p(panel);
        benchmark::DoNotOptimize(p.read_regions().regions().data());
    }
    state.counters["curated_regions"] =
        static_cast<double>(once.curated_regions().regions().size());
}
BENCHMARK(BM_ScreenPlan_GenerationStudy)->Unit(benchmark::kMillisecond);

}  // namespace
