// Bench driver: nbscreen's coverage engine over a BED, printing what mosdepth's
// {prefix}.thresholds.bed.gz holds (chrom, start, end, name, bases >= each threshold), so the two
// can be checked for equality before they are timed. Built by run_coverage_bench.sh against the
// engine's static libraries; not part of the product.
//
//   coverage_depth ALIGNMENTS BED [REFERENCE] > thresholds.tsv   (thresholds 15,20; MAPQ >= 10)
#include <fstream>
#include <iostream>
#include <sstream>

#include "engine/core/input_error.hpp"
#include "engine/coverage/target_coverage.hpp"
#include "engine/io/alignment_reader.hpp"

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: coverage_depth ALIGNMENTS BED [REFERENCE]\n";
        return 2;
    }
    try {
        std::vector<nbs::Region> regions;
        std::vector<std::string> names;
        std::ifstream bed(argv[2]);
        std::string line;
        while (std::getline(bed, line)) {
            if (line.empty() || line[0] == '#') continue;
            std::istringstream ss(line);
            nbs::Region r;
            std::int64_t beg = 0;
            std::string name;
            ss >> r.chrom >> beg >> r.end >> name;
            r.start = beg + 1;
            regions.push_back(r);
            names.push_back(name);
        }
        nbs::AlignmentOpenOptions o;
        if (argc > 3) o.reference = argv[3];
        o.require_grch38 = false;
        nbs::AlignmentReader reader(argv[1], o);
        nbs::CoverageSettings s;  // thresholds 15,20; MAPQ 10
        const auto cov = nbs::interval_coverage(reader, regions, s);
        std::ostringstream out;
        for (std::size_t i = 0; i < cov.size(); ++i) {
            out << regions[i].chrom << '\t' << regions[i].start - 1 << '\t' << regions[i].end
                << '\t' << names[i];
            for (const auto v : cov[i].bases_at)
                out << '\t' << v;
            out << '\n';
        }
        std::cout << out.str();
    } catch (const std::exception& e) {
        std::cerr << "coverage_depth: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
