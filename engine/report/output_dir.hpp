#pragma once
// The one owner of an output folder (docs/design.md, "The house, next", seam 4). It takes the
// folder's lock, builds file names only from valid sample ids, writes every file through
// nbscreen's own temporaries, and keeps beside each result the record that proves whose it is.
//
//   OUT/<id>.json              the baby's result
//   OUT/<id>.evidence.zst      what the result was decided from (report/evidence_codec.hpp)
//   OUT/batch_summary.tsv      one row for every baby the folder holds
//   OUT/.nbscreen/lock         the advisory lock; the holder's pid and host are written inside
//   OUT/.nbscreen/<id>.key     "key <input key>\nresult <sha256 of OUT/<id>.json>\n", then
//                              "file <id>.evidence.zst <sha256>\n" per companion, and
//                              "input <identity>\n" when the caller gives what proves the input
//                              (batch/vcf_identity.hpp); written last
//   OUT/.nbscreen/<id>.failed  why the baby's last attempt failed, until an attempt succeeds
//
// A result counts (is reused, is listed in the summary) only while its record names the SHA-256
// of its exact bytes: a result replaced by another baby's file, or edited by hand, no longer
// matches and is screened again. The record is written after the result, so a crash between the
// two leaves a result that is redone, never one that is trusted.
//
// Results are committed in groups (output_dir.cpp has the crash-safety argument): commit() writes
// the files under temporary names and returns; a background thread makes a group durable with
// one file-system sync and two folder syncs, at most about a second later, instead of four
// fsyncs per baby. flush() (and the destructor) commit what is left.
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/report/atomic_file.hpp"

namespace nbs {

struct OutputDirOptions {
    bool wait_for_lock = false;  // false: a folder in use is an error at once
    unsigned file_mode = 0640;   // of every file written (results hold patient data)
};

/// Another process holds the folder's lock (the CLI exits 2 and names the holder).
class OutputDirLocked : public std::runtime_error {
  public:
    OutputDirLocked(const std::string& what, long holder_pid)
        : std::runtime_error(what), holder_pid_(holder_pid) {}
    [[nodiscard]] long holder_pid() const noexcept { return holder_pid_; }

  private:
    long holder_pid_;
};

/// A file committed with a baby's result, in the same folder (e.g. "<id>.evidence.zst"): it is
/// durable before the result counts, and the result is reused only while it is there unchanged.
struct CompanionFile {
    std::string name;  // "<id>." followed by a suffix: a plain file name, no folder
    std::string_view bytes;
};

/// A result that commit() accepted but that could not be made durable.
struct CommitFailure {
    std::string sample_id;
    std::string message;
};

/// What the folder holds for one baby.
struct StoredBaby {
    std::string sample_id;
    std::optional<std::string> result_json;  // a verified result
    std::string failure;                     // else: why its last attempt failed
};

class OutputDir {
  public:
    /// Creates the folder if needed, takes its lock and removes nbscreen's own stale temporaries.
    /// \throws OutputDirLocked when another process holds the lock and wait_for_lock is false;
    /// std::runtime_error (I/O) when the folder or its lock cannot be made.
    OutputDir(std::filesystem::path dir, OutputDirOptions options);
    ~OutputDir();
    OutputDir(const OutputDir&) = delete;
    OutputDir& operator=(const OutputDir&) = delete;

    [[nodiscard]] const std::filesystem::path& dir() const noexcept;

    /// OUT/<id>.json. \throws InputError for an id that is not a valid sample id.
    [[nodiscard]] std::filesystem::path result_path(std::string_view sample_id) const;

    /// The stored result's bytes when its record proves they are the result for `key` (an empty
    /// key never matches: stdin cannot be proven to be the same baby again).
    [[nodiscard]] std::optional<std::string> reusable(std::string_view sample_id,
                                                      std::string_view key) const;

    /// Whether the baby has a committed or queued record, i.e. whether reusable() can be true
    /// for some key (a caller can skip computing the key for a baby that has none).
    [[nodiscard]] bool has_record(std::string_view sample_id) const;

    /// Writes the result (and its companions) under temporary names and queues them; they are
    /// renamed into place, then its record (last), and a failure record is cleared, when the group
    /// is committed (within about a second, or at flush()). Until then the folder's readers
    /// (reusable, contents) commit the queue first when they need it.
    /// \throws InputError for an invalid id or companion name; std::runtime_error when a
    /// temporary cannot be written (nothing of this baby is queued then).
    void commit(std::string_view sample_id, std::string_view result_json, std::string_view key);
    /// `input`: one token the caller needs to prove the input again before a reuse (the byte
    /// ranges a screen read), stored in the record and given back by stored_input().
    void commit(std::string_view sample_id, std::string_view result_json, std::string_view key,
                const std::vector<CompanionFile>& companions, std::string_view input = {});

    /// The `input` of the baby's committed record, if it has one.
    [[nodiscard]] std::optional<std::string> stored_input(std::string_view sample_id) const;

    /// Commits every queued result now and returns the babies whose results could not be made
    /// durable since the last call (their results do not count; a failure record is left where
    /// it could be written).
    std::vector<CommitFailure> flush();

    /// OUT/<id>.evidence.zst, the evidence snapshot committed with the result as its companion.
    /// \throws InputError for an id that is not a valid sample id.
    [[nodiscard]] std::filesystem::path evidence_path(std::string_view sample_id) const;

    /// The stored evidence snapshot's bytes when the baby's record names their SHA-256.
    [[nodiscard]] std::optional<std::string> stored_evidence(std::string_view sample_id) const;

    /// Records that the baby's attempt failed; its earlier result, if any, stops counting.
    void record_failure(std::string_view sample_id, std::string_view message);

    /// Every baby with a verified result or a failure record, sorted by id, except the ids in
    /// `skip` (a batch's own babies, whose rows it already has: their results are not read and
    /// hashed a second time).
    [[nodiscard]] std::vector<StoredBaby> contents(const std::set<std::string>& skip = {}) const;

    void write_file(std::string_view name, std::string_view bytes) const;
    /// The same for a file written in pieces (report/atomic_file.hpp): in place at commit().
    [[nodiscard]] std::unique_ptr<AtomicFileWriter> file_writer(std::string_view name) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// "0640" (or "640") -> 0640. nullopt for anything but three or four octal digits that give the
/// owner read and write and nobody execute, setuid, setgid or sticky bits.
[[nodiscard]] std::optional<unsigned> parse_file_mode(std::string_view text);

}  // namespace nbs
