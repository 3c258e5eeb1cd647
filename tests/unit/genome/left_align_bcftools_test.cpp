// Property test for "normalise, then match" (issue 11, item 2): indels in real repeats of the
// GRCh38 chr20 slice in ../shared/data, each written at several random placements (3'-shifted,
// sometimes with an extra trailing base), must all left-align to one key, and that key must be
// what `bcftools norm -f` writes for every one of the same records. The sequence comes through
// io's FastaReader into ReferenceSlices, as the panel's knowledge does.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "engine/genome/normalize.hpp"
#include "engine/io/fasta_reader.hpp"

namespace nbs {
namespace {

namespace fs = std::filesystem;

struct Repeat {
    std::int64_t start, end;  // 1-based inclusive, the periodic stretch
    int period;
};

// Periodic stretches of period 1-3 with at least 6 bases (homopolymers) or 3 copies.
std::vector<Repeat> find_repeats(const std::string& s, std::int64_t offset) {
    std::vector<Repeat> out;
    std::size_t i = 0;
    while (i < s.size()) {
        Repeat best{0, 0, 0};
        for (int k = 1; k <= 3; ++k) {
            std::size_t j = i + static_cast<std::size_t>(k);
            while (j < s.size() && s[j] == s[j - static_cast<std::size_t>(k)] && s[j] != 'N')
                ++j;
            const auto len = static_cast<std::int64_t>(j - i);
            const bool enough = k == 1 ? len >= 6 : len >= 3 * k;
            if (enough && len > best.end - best.start + 1 && s[i] != 'N')
                best = {offset + static_cast<std::int64_t>(i),
                        offset + static_cast<std::int64_t>(j) - 1, k};
        }
        if (best.period > 0) {
            out.push_back(best);
            i = static_cast<std::size_t>(best.end - offset + 1);
        } else {
            ++i;
        }
    }
    return out;
}

TEST(LeftAlignBcftools, ShiftedIndelsInRealRepeatsMatchBcftoolsNorm) {
    const fs::path fasta =
        fs::path(NBS_SHARED_DATA) / "alignments/deepvariant/grch38.chr20_and_21_10M.fa.gz";
    if (!fs::exists(fasta))
        GTEST_SKIP() << "needs " << fasta << " (GRCh38 chr20:1-10 Mb, 4 MB; not copied)";
    const fs::path dir = fs::path(NBS_SCRATCH_DIR) / "LeftAlignBcftools.ShiftedIndels";
    fs::remove_all(dir);
    fs::create_directories(dir);

    // 200 kb around AVP, real sequence.
    const std::int64_t from = 3000001, to = 3200000;
    FastaReader reader(fasta.string());
    ReferenceSlices ref;
    ref.add({"window", "chr20", from, reader.fetch("chr20", from, to)});
    const std::string& seq = ref.slices()[0].bases;
    const auto base = [&](std::int64_t pos) { return seq[static_cast<std::size_t>(pos - from)]; };
    std::vector<Repeat> repeats = find_repeats(seq, from);
    ASSERT_GT(repeats.size(), 200u) << "the window has fewer repeats than expected";

    std::mt19937 rng(20261202);
    std::shuffle(repeats.begin(), repeats.end(), rng);
    repeats.resize(200);
    struct Record {
        std::string id;
        Variant written;
        std::size_t event;
    };
    std::vector<Record> records;
    for (std::size_t e = 0; e < repeats.size(); ++e) {
        const Repeat& r = repeats[e];
        if (r.start - 1 <= from || r.end + 2 >= to) continue;
        const int copies = static_cast<int>((r.end - r.start + 1) / r.period);
        const bool deletion = e % 2 == 0 && copies >= 2;
        const int units =
            std::uniform_int_distribution<int>(1, deletion ? std::min(2, copies - 1) : 2)(rng);
        const std::int64_t len = static_cast<std::int64_t>(units) * r.period;
        for (int placement = 0; placement < 3; ++placement) {
            Variant v{"chr20", 0, "", ""};
            if (deletion) {
                // Delete `len` bases starting at p, all inside the repeat; anchor p-1.
                const std::int64_t p =
                    std::uniform_int_distribution<std::int64_t>(r.start, r.end - len + 1)(rng);
                v.pos = p - 1;
                v.ref = seq.substr(static_cast<std::size_t>(p - 1 - from),
                                   static_cast<std::size_t>(len + 1));
                v.alt = std::string(1, base(p - 1));
            } else {
                // Insert, after anchor p, the `len` bases that continue the repeat's phase.
                const std::int64_t p =
                    std::uniform_int_distribution<std::int64_t>(r.start - 1, r.end)(rng);
                std::string ins;
                for (std::int64_t i = 0; i < len; ++i)
                    ins += base(r.start + ((p + 1 - r.start + i) % r.period + r.period) % r.period);
                v.pos = p;
                v.ref = std::string(1, base(p));
                v.alt = v.ref + ins;
            }
            if (placement == 2) {  // an extra trailing base, as some callers write
                const char next = base(v.pos + static_cast<std::int64_t>(v.ref.size()));
                v.ref += next;
                v.alt += next;
            }
            records.push_back({"r" + std::to_string(records.size()), v, e});
        }
    }
    ASSERT_GT(records.size(), 500u);

    // bcftools norm reads the same records; IDs carry the link back.
    std::sort(records.begin(), records.end(),
              [](const Record& a, const Record& b) { return a.written.pos < b.written.pos; });
    {
        std::ofstream out(dir / "in.vcf");
        out << "##fileformat=VCFv4.2\n##contig=<ID=chr20,length=64444167>\n"
               "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";
        for (const auto& r : records)
            out << "chr20\t" << r.written.pos << '\t' << r.id << '\t' << r.written.ref << '\t'
                << r.written.alt << "\t.\t.\t.\n";
    }
    const std::string cmd = "bcftools norm -f '" + fasta.string() + "' -o '" +
                            (dir / "out.vcf").string() + "' '" + (dir / "in.vcf").string() +
                            "' 2> '" + (dir / "err.txt").string() + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    std::map<std::string, Variant> by_bcftools;
    std::ifstream in(dir / "out.vcf");
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream f(line);
        std::string chrom, pos, id, r, a;
        f >> chrom >> pos >> id >> r >> a;
        by_bcftools[id] = Variant{chrom, std::stoll(pos), r, a};
    }
    ASSERT_EQ(by_bcftools.size(), records.size());

    std::map<std::size_t, Variant> key_of_event;
    std::size_t shifted = 0;
    for (const auto& r : records) {
        const auto left = left_align(r.written, ref);
        ASSERT_TRUE(left) << r.written.to_string();
        EXPECT_EQ(*left, by_bcftools.at(r.id))
            << r.id << ' ' << r.written.to_string() << ": nbscreen " << left->to_string()
            << ", bcftools norm " << by_bcftools.at(r.id).to_string();
        const auto [it, fresh] = key_of_event.emplace(r.event, *left);
        if (!fresh) {
            EXPECT_EQ(*left, it->second) << "placements of one indel gave two keys";
        }
        shifted += left->pos != r.written.pos ? 1 : 0;
    }
    // The test would prove nothing if the placements were already left-aligned.
    EXPECT_GT(shifted, records.size() / 2);
}

}  // namespace
}  // namespace nbs
