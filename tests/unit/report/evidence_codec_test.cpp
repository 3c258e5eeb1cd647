// The evidence snapshot codec (engine/report/evidence_codec.hpp): a real baby's evidence goes
// through encode and decode unchanged (and decides the same result again), the same evidence
// gives the same bytes, and a snapshot that is truncated, corrupt, of another version or not a
// snapshot is refused with an InputError naming the file.
#include <gtest/gtest.h>

#include <string>

#include "engine/core/input_error.hpp"
#include "engine/panel/panel_parser.hpp"
#include "engine/report/evidence_codec.hpp"
#include "engine/report/json_result.hpp"
#include "engine/screen/baby_evidence.hpp"
#include "engine/screen/screen_baby.hpp"
#include "engine/screen/screen_plan.hpp"

namespace nbs {
namespace {

const std::string kSource = NBS_SOURCE_DIR;

class EvidenceCodec : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        panel_ = new Panel(load_panel(kSource + "/panels/generation-study"));
        plan_ = new ScreenPlan(*panel_);
    }
    static void TearDownTestSuite() {
        delete plan_;
        delete panel_;
    }
    // baby04: two CFTR alleles with INFO, PS-less genotypes, a tabix-indexed file.
    static BabyResult screen(const std::string& id, const std::string& file, BabyEvidence& ev) {
        BabyInput in;
        in.sample_id = id;
        in.vcf = kSource + "/sample_data/" + file;
        in.reported_sex = Karyotype::XY;
        return screen_baby(*plan_, in, ScreenOptions{}, &ev);
    }
    static Panel* panel_;
    static ScreenPlan* plan_;
};
Panel* EvidenceCodec::panel_ = nullptr;
ScreenPlan* EvidenceCodec::plan_ = nullptr;

TEST_F(EvidenceCodec, RoundTripKeepsEveryFieldAndDecidesTheSameResult) {
    BabyEvidence ev;
    const BabyResult direct = screen("baby04", "baby04.vcf.gz", ev);
    ev.vcf_sha256 = std::string(64, 'a');
    ASSERT_FALSE(ev.records.empty());
    ASSERT_FALSE(ev.gene_regions.empty());
    ASSERT_FALSE(ev.info_header.empty());

    const std::string bytes = encode_evidence(ev);
    EXPECT_EQ(bytes.rfind("nbscreen-evidence 1\n", 0), 0U);
    EXPECT_EQ(encode_evidence(ev), bytes) << "the same evidence must give the same bytes";
    const BabyEvidence back = decode_evidence(bytes, "baby04.evidence.zst");
    // Encoding what was decoded gives the same bytes: no field is lost or changed.
    EXPECT_EQ(encode_evidence(back), bytes);
    EXPECT_EQ(back.input.sample_id, "baby04");
    EXPECT_EQ(back.input.reported_sex, Karyotype::XY);
    EXPECT_EQ(back.vcf_sha256, ev.vcf_sha256);
    EXPECT_EQ(back.panel_sha256, panel_->sha256);
    ASSERT_EQ(back.records.size(), ev.records.size());
    for (std::size_t i = 0; i < ev.records.size(); ++i) {
        EXPECT_EQ(back.records[i].chrom, ev.records[i].chrom);
        EXPECT_EQ(back.records[i].pos, ev.records[i].pos);
        EXPECT_EQ(back.records[i].alts, ev.records[i].alts);
        EXPECT_EQ(back.records[i].sample.alleles, ev.records[i].sample.alleles);
        EXPECT_EQ(back.records[i].sample.gq, ev.records[i].sample.gq);
        EXPECT_EQ(back.records[i].sample.ad, ev.records[i].sample.ad);
        EXPECT_EQ(back.records[i].info.size(), ev.records[i].info.size());
    }
    EXPECT_EQ(back.sex.x_nonpar_calls, ev.sex.x_nonpar_calls);
    EXPECT_EQ(back.records_seen, ev.records_seen);
    EXPECT_EQ(back.contigs, ev.contigs);

    // Decided again from the decoded snapshot: the same JSON as the screen gave.
    ASSERT_TRUE(evidence_gaps(*plan_, back).empty());
    EXPECT_EQ(result_to_json(decide_from_evidence(*plan_, back), *panel_, std::nullopt),
              result_to_json(direct, *panel_, std::nullopt));
}

TEST_F(EvidenceCodec, RefusesTruncatedCorruptForeignAndOtherVersions) {
    BabyEvidence ev;
    (void)screen("baby04", "baby04.vcf.gz", ev);
    const std::string bytes = encode_evidence(ev);
    auto refused = [](const std::string& b, const std::string& expect) {
        try {
            (void)decode_evidence(b, "/results/baby04.evidence.zst");
        } catch (const InputError& e) {
            EXPECT_NE(std::string(e.what()).find("/results/baby04.evidence.zst"), std::string::npos)
                << e.what();
            EXPECT_NE(std::string(e.what()).find(expect), std::string::npos) << e.what();
            return;
        }
        ADD_FAILURE() << "accepted: " << expect;
    };
    refused(bytes.substr(0, bytes.size() / 2), "truncated or corrupt");
    refused(bytes.substr(0, 25), "truncated or corrupt");
    std::string flipped = bytes;
    flipped[flipped.size() - 10] = static_cast<char>(flipped[flipped.size() - 10] ^ 0x40);
    refused(flipped, "corrupt");
    std::string v2 = bytes;
    v2.replace(0, std::string("nbscreen-evidence 1").size(), "nbscreen-evidence 2");
    refused(v2, "version 2");
    refused("{\"sample_id\": \"baby04\"}\n", "not an nbscreen evidence snapshot");
    refused("", "not an nbscreen evidence snapshot");
    refused(bytes + "trailing", "corrupt");
}

}  // namespace
}  // namespace nbs
