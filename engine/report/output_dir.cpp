#include "engine/report/output_dir.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <utility>

#include "engine/core/input_error.hpp"
#include "engine/core/sample_id.hpp"
#include "engine/panel/panel_files.hpp"
#include "engine/report/atomic_file.hpp"

namespace nbs {
namespace fs = std::filesystem;

namespace {

constexpr const char* kStateDir = ".nbscreen";
constexpr const char* kKeySuffix = ".key";
constexpr const char* kFailedSuffix = ".failed";

// Group commit: a group is committed when it is this old or this large, whichever comes first.
// A crash loses at most the group's work (it is screened again); the syncs cost ~20-250 ms per
// group on the development VM's disk, against ~10 ms per baby when each baby synced on its own.
constexpr auto kGroupAge = std::chrono::milliseconds(1000);
constexpr std::size_t kGroupSize = 1024;

// POSIX record locks belong to the process: a second OutputDir on the same folder in this
// process would be granted the lock, and closing its descriptor would drop the first one's. The
// folders this process holds are kept here so that case is refused like another process.
std::mutex& held_mutex() {
    static std::mutex m;
    return m;
}
std::set<std::string>& held_folders() {
    static std::set<std::string> s;
    return s;
}

std::optional<std::string> read_small_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct KeyRecord {
    std::string key;     // "-" when the input could not be proven (stdin)
    std::string result;  // SHA-256 of the result's bytes
    std::vector<std::pair<std::string, std::string>> companions;  // name, SHA-256
    std::string input;  // what proves the input again (batch/vcf_identity.hpp), or ""
};

// "key K\nresult SHA\n" then "file NAME SHA\n" per companion file.
std::optional<KeyRecord> parse_record(const std::string& text) {
    KeyRecord r;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream in(line);
        std::string tag, value, sha;
        in >> tag >> value;
        if (tag == "key") r.key = value;
        if (tag == "result") r.result = value;
        if (tag == "input") r.input = value;
        if (tag == "file") {
            if (!(in >> sha) || sha.size() != 64) return std::nullopt;
            r.companions.emplace_back(value, sha);
        }
    }
    if (r.key.empty() || r.result.size() != 64) return std::nullopt;
    return r;
}

std::string make_record(std::string_view key, std::string_view result_json,
                        const std::vector<CompanionFile>& companions, std::string_view input) {
    std::string record = "key " + (key.empty() ? std::string("-") : std::string(key)) +
                         "\nresult " + sha256_hex(result_json) + "\n";
    for (const auto& c : companions)
        record += "file " + c.name + " " + sha256_hex(c.bytes) + "\n";
    if (!input.empty()) record += "input " + std::string(input) + "\n";
    return record;
}

// A companion is "<id>.<suffix>": a plain name in OUT that no other baby's file, the result, the
// summary or a temporary can have.
void check_companion_name(std::string_view id, const std::string& name) {
    const std::string prefix = std::string(id) + ".";
    const bool ok = name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
                    name != prefix + "json" && name.find(".nbscreen-tmp.") == std::string::npos &&
                    std::all_of(name.begin(), name.end(), [](char c) {
                        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                               (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
                    });
    if (!ok)
        throw InputError(
            {}, "'" + printable(name) + "' cannot be written beside the result of " + printable(id),
            "a companion file is named '<sample_id>.<suffix>' (letters, digits, '.', "
            "'_', '-'), not '<sample_id>.json'");
}

std::string host_name() {
    char buf[256] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0) return "unknown host";
    return buf;
}

}  // namespace

// ---- Group commit, and why a crash at any point leaves nothing that looks complete but is not
//
// commit() writes, for each baby, the result and its companions as temporaries in OUT and the
// record (key + SHA-256 of every file) as a temporary in OUT/.nbscreen, then queues the baby. A
// group (all queued babies) is committed in five steps:
//   1. sync the file system (syncfs): every temporary's bytes are on disk;
//   2. rename each result and companion into place;
//   3. fsync OUT: those renames are on disk;
//   4. rename each record into place, remove each failure record;
//   5. fsync OUT/.nbscreen: the records are on disk.
// A baby counts only through its record, which names its input key and the SHA-256 of each file.
// Worked example, babies a and b in one group, a with an earlier result a.json (bytes A0) and
// record {k0, A0}; the new bytes are A1 and B1:
//   - killed before or during 1, or during 2 (some renames done, some not): a.json is A0 or A1,
//     each a whole file (a rename replaces a name atomically, and the bytes were synced first);
//     a's record is still {k0, A0}: with A1 in place the SHA-256 differs and a is screened again;
//     with A0 in place it is A0's record, true for the input k0. b.json may exist without a
//     record: not counted, screened again. The next run removes the leftover temporaries.
//   - killed during 3 or 4: the records renamed in 4 name results that 3 made durable before
//     them; a record not yet renamed leaves its baby as above.
//   - a power cut at any point: only what was synced is certain; records are synced in 5 after
//     the results in 1 and 3, so a record on disk never names bytes that are not.
// The cost: one syncfs and two folder fsyncs per group instead of two file and two folder fsyncs
// per baby (BeginNGS, 3,202 babies on the VM's disk: docs/performance.md). A group is committed
// by a background thread when it is kGroupAge old or kGroupSize large, by flush(), or by a reader
// that needs a queued baby; the screening threads never wait for the disk.
struct Pending {
    std::string id;
    std::vector<std::pair<fs::path, fs::path>> files;  // temporary -> final name, in OUT
    fs::path record_tmp;                               // in OUT/.nbscreen
};

struct OutputDir::Impl {
    fs::path dir;
    fs::path state;
    OutputDirOptions options;
    int lock_fd = -1;
    std::string held_as;
    bool state_on_own_fs = false;  // OUT/.nbscreen is a mount of its own: synced separately

    std::mutex queue_mutex;  // guards queue, queued_since, failures, stopping, flusher
    std::condition_variable wake;
    std::map<std::string, Pending> queue;  // by id
    std::chrono::steady_clock::time_point queued_since;
    std::vector<CommitFailure> failures;
    bool stopping = false;
    std::thread flusher;
    std::mutex commit_mutex;  // one group at a time

    void enqueue(Pending p);
    void commit_queue();
    // The baby's committed record (its queued group committed first, so a reader sees it).
    std::optional<KeyRecord> committed_record(std::string_view sample_id);
    std::vector<CommitFailure> commit_group(std::vector<Pending>& group);
    void run_flusher();
    void stop_flusher();

    fs::path key_path(std::string_view id) const { return state / (std::string(id) + kKeySuffix); }
    fs::path failed_path(std::string_view id) const {
        return state / (std::string(id) + kFailedSuffix);
    }

    // The lock is a POSIX record lock (fcntl), which, unlike flock(), also holds across NFS
    // clients. The holder writes "pid host" into the file so that a refused run can name it;
    // F_GETLK gives the pid as the kernel sees it, which wins when both are known.
    void lock() {
        const fs::path lock_path = state / "lock";
        lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (lock_fd < 0)
            throw std::runtime_error("cannot open the lock file " + lock_path.string() + ": " +
                                     std::strerror(errno));
        ::fchmod(lock_fd, static_cast<mode_t>(options.file_mode));
        struct flock fl {};
        fl.l_type = F_WRLCK;
        fl.l_whence = SEEK_SET;
        int rc;
        do {
            rc = ::fcntl(lock_fd, options.wait_for_lock ? F_SETLKW : F_SETLK, &fl);
        } while (rc != 0 && errno == EINTR);
        if (rc != 0) {
            const int err = errno;
            if (err != EACCES && err != EAGAIN)
                throw std::runtime_error("cannot lock the output folder " + dir.string() + ": " +
                                         std::strerror(err) +
                                         " (nbscreen needs a file system with POSIX locks)");
            struct flock q {};
            q.l_type = F_WRLCK;
            q.l_whence = SEEK_SET;
            long pid = ::fcntl(lock_fd, F_GETLK, &q) == 0 && q.l_type != F_UNLCK ? q.l_pid : 0;
            // The file says "pid host"; the host is named only when that pid is the holder's.
            std::istringstream who(read_small_file(lock_path).value_or(""));
            long file_pid = 0;
            std::string host;
            who >> file_pid >> host;
            if (pid <= 0) pid = file_pid;
            const std::string where =
                file_pid == pid && !host.empty() ? " on " + printable(host) : std::string();
            throw OutputDirLocked(
                "the output folder " + dir.string() + " is in use by another nbscreen (pid " +
                    std::to_string(pid) + where +
                    "): wait for it to finish, give --wait-lock to wait, or choose another --out",
                pid);
        }
        // Best effort: on a full disk the lock still holds, only the name in it is missing (a
        // refused run then names the pid the kernel reports).
        const std::string me = std::to_string(::getpid()) + " " + host_name() + "\n";
        if (::ftruncate(lock_fd, 0) == 0) (void)!::pwrite(lock_fd, me.data(), me.size(), 0);
    }
};

OutputDir::OutputDir(fs::path dir, OutputDirOptions options) : impl_(std::make_unique<Impl>()) {
    impl_->dir = std::move(dir);
    impl_->state = impl_->dir / kStateDir;
    impl_->options = options;
    fs::create_directories(impl_->state);
    // nbscreen's own folder must be a folder inside OUT, not a link that leads records elsewhere.
    if (fs::symlink_status(impl_->state).type() != fs::file_type::directory)
        throw std::runtime_error(impl_->state.string() +
                                 " is not a folder (a link?): nbscreen keeps its records there; "
                                 "remove it");
    const std::string canonical = fs::weakly_canonical(impl_->dir).string();
    {
        std::lock_guard g(held_mutex());
        if (!held_folders().insert(canonical).second)
            throw OutputDirLocked(
                "the output folder " + impl_->dir.string() + " is already in use by this process",
                static_cast<long>(::getpid()));
    }
    impl_->held_as = canonical;
    try {
        impl_->lock();
    } catch (...) {
        if (impl_->lock_fd >= 0) ::close(impl_->lock_fd);
        std::lock_guard g(held_mutex());
        held_folders().erase(canonical);
        throw;
    }
    remove_stale_temporaries(impl_->dir);
    remove_stale_temporaries(impl_->state);
    struct stat a {
    }, b{};
    impl_->state_on_own_fs = ::stat(impl_->dir.c_str(), &a) == 0 &&
                             ::stat(impl_->state.c_str(), &b) == 0 && a.st_dev != b.st_dev;
}

OutputDir::~OutputDir() {
    // What is still queued is committed (the caller's flush() reports failures; here they can
    // only leave results that do not count).
    impl_->stop_flusher();
    try {
        impl_->commit_queue();
    } catch (const std::exception&) {
    }
    // Closing the descriptor releases the lock; the file stays (unlinking it would let a waiting
    // process lock a file that a third process can no longer see).
    if (impl_->lock_fd >= 0) ::close(impl_->lock_fd);
    std::lock_guard g(held_mutex());
    held_folders().erase(impl_->held_as);
}

const fs::path& OutputDir::dir() const noexcept {
    return impl_->dir;
}

fs::path OutputDir::result_path(std::string_view sample_id) const {
    // The last line before a path is built from an id, whatever validated it before.
    check_sample_id(sample_id, "the output folder");
    return impl_->dir / (std::string(sample_id) + ".json");
}

std::optional<std::string> OutputDir::reusable(std::string_view sample_id,
                                               std::string_view key) const {
    if (key.empty()) return std::nullopt;
    const auto record = impl_->committed_record(sample_id);
    if (!record || record->key != key) return std::nullopt;
    auto bytes = read_small_file(result_path(sample_id));
    if (!bytes || sha256_hex(*bytes) != record->result) return std::nullopt;
    // Its companions too: a result whose evidence is gone or changed is not complete.
    for (const auto& [name, sha] : record->companions) {
        if (name.find('/') != std::string::npos) return std::nullopt;
        const auto companion = read_small_file(impl_->dir / name);
        if (!companion || sha256_hex(*companion) != sha) return std::nullopt;
    }
    return bytes;
}

fs::path OutputDir::evidence_path(std::string_view sample_id) const {
    check_sample_id(sample_id, "the output folder");
    return impl_->dir / (std::string(sample_id) + ".evidence.zst");
}

// The snapshot counts only while the baby's record names it as a companion with these bytes.
std::optional<std::string> OutputDir::stored_evidence(std::string_view sample_id) const {
    const fs::path path = evidence_path(sample_id);
    const auto record = impl_->committed_record(sample_id);
    if (!record) return std::nullopt;
    for (const auto& [name, sha] : record->companions) {
        if (name != path.filename().string()) continue;
        auto bytes = read_small_file(path);
        if (!bytes || sha256_hex(*bytes) != sha) return std::nullopt;
        return bytes;
    }
    return std::nullopt;
}

std::optional<std::string> OutputDir::stored_input(std::string_view sample_id) const {
    const auto record = impl_->committed_record(sample_id);
    if (!record || record->input.empty()) return std::nullopt;
    return record->input;
}

bool OutputDir::has_record(std::string_view sample_id) const {
    {
        std::lock_guard lock(impl_->queue_mutex);
        if (impl_->queue.count(std::string(sample_id)) != 0) return true;
    }
    std::error_code ec;
    return fs::exists(impl_->key_path(sample_id), ec);
}

void OutputDir::commit(std::string_view sample_id, std::string_view result_json,
                       std::string_view key) {
    commit(sample_id, result_json, key, {});
}

void OutputDir::commit(std::string_view sample_id, std::string_view result_json,
                       std::string_view key, const std::vector<CompanionFile>& companions,
                       std::string_view input) {
    if (input.find_first_of(" \t\r\n") != std::string_view::npos)
        throw std::invalid_argument("a record's input identity is one token");
    const auto json_path = result_path(sample_id);
    for (const auto& c : companions)
        check_companion_name(sample_id, c.name);
    Pending p;
    p.id = std::string(sample_id);
    const unsigned mode = impl_->options.file_mode;
    try {
        for (const auto& c : companions)
            p.files.emplace_back(write_temporary(impl_->dir / c.name, c.bytes, mode),
                                 impl_->dir / c.name);
        // The result last: renamed last in its group, after its companions.
        p.files.emplace_back(write_temporary(json_path, result_json, mode), json_path);
        p.record_tmp = write_temporary(impl_->key_path(sample_id),
                                       make_record(key, result_json, companions, input), mode);
    } catch (...) {
        std::error_code ec;
        for (const auto& f : p.files)
            fs::remove(f.first, ec);
        throw;
    }
    impl_->enqueue(std::move(p));
}

std::vector<CommitFailure> OutputDir::flush() {
    impl_->commit_queue();
    std::lock_guard lock(impl_->queue_mutex);
    return std::exchange(impl_->failures, {});
}

void OutputDir::Impl::enqueue(Pending p) {
    std::lock_guard lock(queue_mutex);
    if (queue.empty()) queued_since = std::chrono::steady_clock::now();
    // The same id queued again (not done by a batch, whose ids are unique) reuses the same
    // temporary names: the newer files have replaced the older ones already.
    queue.insert_or_assign(p.id, std::move(p));
    if (!flusher.joinable() && !stopping) flusher = std::thread([this] { run_flusher(); });
    if (queue.size() == 1 || queue.size() >= kGroupSize) wake.notify_all();
}

void OutputDir::Impl::run_flusher() {
    std::unique_lock lock(queue_mutex);
    while (!stopping) {
        wake.wait(lock, [&] { return stopping || !queue.empty(); });
        if (stopping) break;
        wake.wait_until(lock, queued_since + kGroupAge,
                        [&] { return stopping || queue.empty() || queue.size() >= kGroupSize; });
        if (stopping || queue.empty()) continue;
        lock.unlock();
        commit_queue();
        lock.lock();
    }
}

void OutputDir::Impl::stop_flusher() {
    {
        std::lock_guard lock(queue_mutex);
        stopping = true;
    }
    wake.notify_all();
    if (flusher.joinable()) flusher.join();
}

std::optional<KeyRecord> OutputDir::Impl::committed_record(std::string_view sample_id) {
    std::unique_lock lock(queue_mutex);
    const bool queued = queue.count(std::string(sample_id)) != 0;
    lock.unlock();
    if (queued) commit_queue();
    const auto text = read_small_file(key_path(sample_id));
    return text ? parse_record(*text) : std::nullopt;
}

void OutputDir::Impl::commit_queue() {
    std::lock_guard one_group(commit_mutex);
    std::vector<Pending> group;
    {
        std::lock_guard lock(queue_mutex);
        for (auto& [id, p] : queue)
            group.push_back(std::move(p));
        queue.clear();
    }
    if (group.empty()) return;
    auto failed = commit_group(group);
    std::lock_guard lock(queue_mutex);
    failures.insert(failures.end(), failed.begin(), failed.end());
}

// The five steps above. A failure fails the babies it touches; their files may be in place
// without a record, which does not count.
std::vector<CommitFailure> OutputDir::Impl::commit_group(std::vector<Pending>& group) {
    std::vector<CommitFailure> failed;
    std::error_code ec;
    auto fail = [&](Pending& p, const std::string& why) {
        for (const auto& f : p.files)
            fs::remove(f.first, ec);
        fs::remove(p.record_tmp, ec);
        failed.push_back({p.id, "the result could not be committed: " + why});
        p.id.clear();  // done with
    };
    auto fail_all = [&](const std::string& why) {
        for (auto& p : group)
            if (!p.id.empty()) fail(p, why);
    };
    try {
        std::vector<fs::path> temporaries, records;
        for (const auto& p : group) {
            for (const auto& f : p.files)
                temporaries.push_back(f.first);
            records.push_back(p.record_tmp);
        }
        if (state_on_own_fs) {
            sync_files(dir, temporaries);
            sync_files(state, records);
        } else {
            temporaries.insert(temporaries.end(), records.begin(), records.end());
            sync_files(dir, temporaries);
        }
    } catch (const std::exception& e) {
        fail_all(e.what());
        return failed;
    }
    for (auto& p : group) {
        for (const auto& [tmp, final_path] : p.files) {
            if (::rename(tmp.c_str(), final_path.c_str()) != 0) {
                fail(p, "cannot rename " + tmp.string() + " to " + final_path.string() + ": " +
                            std::strerror(errno));
                break;
            }
        }
    }
    try {
        sync_folder(dir);
    } catch (const std::exception& e) {
        fail_all(e.what());
        return failed;
    }
    for (auto& p : group) {
        if (p.id.empty()) continue;
        if (::rename(p.record_tmp.c_str(), key_path(p.id).c_str()) != 0) {
            fail(p, "cannot rename " + p.record_tmp.string() + ": " + std::strerror(errno));
            continue;
        }
        fs::remove(failed_path(p.id), ec);
    }
    try {
        sync_folder(state);
    } catch (const std::exception& e) {
        fail_all(e.what());
    }
    return failed;
}

void OutputDir::record_failure(std::string_view sample_id, std::string_view message) {
    {
        // A queued result of this baby is dropped: its failure is the later word.
        std::lock_guard one_group(impl_->commit_mutex);
        std::lock_guard lock(impl_->queue_mutex);
        const auto it = impl_->queue.find(std::string(sample_id));
        if (it != impl_->queue.end()) {
            std::error_code ec;
            for (const auto& f : it->second.files)
                fs::remove(f.first, ec);
            fs::remove(it->second.record_tmp, ec);
            impl_->queue.erase(it);
        }
    }
    std::error_code ec;
    fs::remove(impl_->key_path(sample_id), ec);
    std::string one_line(message);
    std::replace(one_line.begin(), one_line.end(), '\n', ' ');
    write_file_atomically(impl_->failed_path(sample_id), one_line + "\n", impl_->options.file_mode);
}

std::vector<StoredBaby> OutputDir::contents(const std::set<std::string>& skip) const {
    impl_->commit_queue();  // a failure here is reported by the next flush()
    std::map<std::string, StoredBaby> by_id;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(impl_->state, ec)) {
        if (!e.is_regular_file()) continue;
        const std::string name = e.path().filename().string();
        for (const char* suffix : {kKeySuffix, kFailedSuffix}) {
            const std::string sfx(suffix);
            if (name.size() <= sfx.size() ||
                name.compare(name.size() - sfx.size(), sfx.size(), sfx))
                continue;
            const std::string id = name.substr(0, name.size() - sfx.size());
            if (sample_id_problem(id)) continue;  // not a file nbscreen wrote
            if (skip.count(id) != 0) continue;
            StoredBaby& b = by_id[id];
            b.sample_id = id;
            const auto text = read_small_file(e.path());
            if (!text) continue;
            if (sfx == kFailedSuffix) {
                b.failure = *text;
                while (!b.failure.empty() && b.failure.back() == '\n')
                    b.failure.pop_back();
                continue;
            }
            const auto record = parse_record(*text);
            auto bytes = read_small_file(result_path(id));
            if (record && bytes && sha256_hex(*bytes) == record->result)
                b.result_json = std::move(bytes);
        }
    }
    std::vector<StoredBaby> out;
    for (auto& [id, b] : by_id)
        if (b.result_json || !b.failure.empty()) out.push_back(std::move(b));
    return out;
}

void OutputDir::write_file(std::string_view name, std::string_view bytes) const {
    write_file_atomically(impl_->dir / std::string(name), bytes, impl_->options.file_mode);
}

std::unique_ptr<AtomicFileWriter> OutputDir::file_writer(std::string_view name) const {
    return std::make_unique<AtomicFileWriter>(impl_->dir / std::string(name),
                                              impl_->options.file_mode);
}

std::optional<unsigned> parse_file_mode(std::string_view text) {
    if (text.size() < 3 || text.size() > 4) return std::nullopt;
    unsigned mode = 0;
    for (const char c : text) {
        if (c < '0' || c > '7') return std::nullopt;
        mode = mode * 8 + static_cast<unsigned>(c - '0');
    }
    if ((mode & 07111) != 0) return std::nullopt;    // execute, setuid, setgid, sticky
    if ((mode & 0600) != 0600) return std::nullopt;  // nbscreen must read back what it wrote
    return mode;
}

}  // namespace nbs
