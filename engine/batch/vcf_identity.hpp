#pragma once
// What proves that a VCF is, byte for byte, the evidence a stored result was decided from: the
// key of a resume (batch_runner.cpp) and the check before `rescreen --reread` (rescreen.cpp).
//
// Two forms, both SHA-256 based:
//   - the whole file's SHA-256 (64 hex digits): a file that was streamed, read without an index,
//     or screened with babies of the same cohort file;
//   - "footprint-v1:<sha256>:<ranges>" for a screen that read through an index: the SHA-256 of the
//     file's size, each index file beside it (whole), and the SHA-256 of each byte range the
//     screen read (core/read_footprint.hpp), which are listed so the next run re-hashes exactly
//     them.
// A file changed only outside the ranges keeps its identity: nothing the screen read changed, so
// its result is still the result for that file. A changed index, a changed size, or any changed
// byte inside the ranges gives another identity, and the baby is screened again.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/read_footprint.hpp"
#include "engine/panel/panel_files.hpp"

namespace nbs {

/// SHA-256 of a VCF by content; "" for stdin or anything that is not a regular file.
/// \throws std::runtime_error when it cannot be read.
[[nodiscard]] std::string vcf_sha256(const std::string& vcf);

/// The identity of `vcf` after a screen that noted `footprint`: its footprint form when the screen
/// read through an index, the whole file's SHA-256 otherwise. "" for stdin or a non-regular file.
/// \throws std::runtime_error if the file cannot be read.
/// `threads`: how many may share the hashing (the identity is the same for any number).
[[nodiscard]] std::string vcf_identity(const std::string& vcf, const ReadFootprint& footprint,
                                       unsigned threads = 1);

/// vcf_identity(), hashed by whichever threads call work() (PieceDigests, panel/panel_files.hpp).
/// A baby screened alone starts one when its read is done, on a new thread, while its screening
/// thread still screens the records; that thread joins in when it is done (identity()), so the
/// hashing takes both cores as soon as both are free, however the scheduler placed the new one.
class FootprintHash {
  public:
    /// What the identity will cover, from the footprint as it is now (the read must be done).
    /// \throws std::runtime_error (std::filesystem::filesystem_error) if the file's size cannot
    /// be read.
    FootprintHash(const std::string& vcf, const ReadFootprint& footprint);
    /// The footprint form over `ranges` (vcf_identity_like).
    FootprintHash(const std::string& vcf, const std::vector<ByteRange>& ranges);
    /// Hashes what no other thread has taken yet.
    void work() noexcept;
    /// work() (with one more thread when `threads` >= 2), then waits for the rest:
    /// vcf_identity(vcf, footprint). \throws std::runtime_error if a range cannot be read whole.
    [[nodiscard]] std::string identity(unsigned threads = 1);

  private:
    void start(const std::vector<ByteRange>& ranges);
    std::string vcf_;
    bool whole_ = false;
    std::uint64_t size_ = 0;
    std::vector<ByteRange> ranges_;         // normalised
    std::vector<std::string> index_files_;  // hashed whole, before the ranges
    std::optional<PieceDigests> pieces_;    // empty: no identity ("")
};

/// The same form of identity as `stored`, computed from `vcf` as it is now ("" if `stored` is not
/// an identity, or the file cannot be read as far as the stored ranges reach).
[[nodiscard]] std::string vcf_identity_like(const std::string& vcf, const std::string& stored,
                                            unsigned threads = 1);

/// Whether a screen of `vcf` will read it through an index (an index file is beside it and
/// `use_index`): then its identity is the footprint form, and the whole file need not be hashed.
/// A guess from the file names only; a wrong guess costs time, never correctness.
[[nodiscard]] bool will_read_through_index(const std::string& vcf, bool use_index);

/// Whether `identity` is the footprint form.
[[nodiscard]] bool is_footprint_identity(const std::string& identity);

}  // namespace nbs
