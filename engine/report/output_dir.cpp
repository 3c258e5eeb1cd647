#include "engine/report/output_dir.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

#include "engine/core/sample_id.hpp"
#include "engine/panel/panel_files.hpp"
#include "engine/report/atomic_file.hpp"

namespace nbs {
namespace fs = std::filesystem;

namespace {

constexpr const char* kStateDir = ".nbscreen";
constexpr const char* kKeySuffix = ".key";
constexpr const char* kFailedSuffix = ".failed";

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
    std::string key;       // "-" when the input could not be proven (stdin)
    std::string result;    // SHA-256 of the result's bytes
    std::string evidence;  // SHA-256 of the evidence snapshot's bytes ("" without one)
};

std::optional<KeyRecord> parse_record(const std::string& text) {
    KeyRecord r;
    std::istringstream in(text);
    std::string tag, value;
    while (in >> tag >> value) {
        if (tag == "key") r.key = value;
        if (tag == "result") r.result = value;
        if (tag == "evidence") r.evidence = value;
    }
    if (r.key.empty() || r.result.size() != 64) return std::nullopt;
    return r;
}

std::string host_name() {
    char buf[256] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0) return "unknown host";
    return buf;
}

}  // namespace

struct OutputDir::Impl {
    fs::path dir;
    fs::path state;
    OutputDirOptions options;
    int lock_fd = -1;
    std::string held_as;

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
}

OutputDir::~OutputDir() {
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
    const auto text = read_small_file(impl_->key_path(sample_id));
    const auto record = text ? parse_record(*text) : std::nullopt;
    if (!record || record->key != key) return std::nullopt;
    auto bytes = read_small_file(result_path(sample_id));
    if (!bytes || sha256_hex(*bytes) != record->result) return std::nullopt;
    return bytes;
}

fs::path OutputDir::evidence_path(std::string_view sample_id) const {
    check_sample_id(sample_id, "the output folder");
    return impl_->dir / (std::string(sample_id) + ".evidence.zst");
}

std::optional<std::string> OutputDir::stored_evidence(std::string_view sample_id) const {
    const auto text = read_small_file(impl_->key_path(sample_id));
    const auto record = text ? parse_record(*text) : std::nullopt;
    if (!record || record->evidence.empty()) return std::nullopt;
    auto bytes = read_small_file(evidence_path(sample_id));
    if (!bytes || sha256_hex(*bytes) != record->evidence) return std::nullopt;
    return bytes;
}

void OutputDir::commit(std::string_view sample_id, std::string_view result_json,
                       std::string_view key, std::string_view evidence) {
    const auto json_path = result_path(sample_id);
    std::error_code ec;
    fs::remove(impl_->key_path(sample_id), ec);
    write_file_atomically(json_path, result_json, impl_->options.file_mode);
    // The snapshot before the record, like the result: the record proves both.
    if (!evidence.empty())
        write_file_atomically(evidence_path(sample_id), evidence, impl_->options.file_mode);
    else
        fs::remove(evidence_path(sample_id), ec);
    std::string record = "key " + (key.empty() ? std::string("-") : std::string(key)) +
                         "\nresult " + sha256_hex(result_json) + "\n";
    if (!evidence.empty()) record += "evidence " + sha256_hex(evidence) + "\n";
    write_file_atomically(impl_->key_path(sample_id), record, impl_->options.file_mode);
    fs::remove(impl_->failed_path(sample_id), ec);
}

void OutputDir::record_failure(std::string_view sample_id, std::string_view message) {
    std::error_code ec;
    fs::remove(impl_->key_path(sample_id), ec);
    std::string one_line(message);
    std::replace(one_line.begin(), one_line.end(), '\n', ' ');
    write_file_atomically(impl_->failed_path(sample_id), one_line + "\n", impl_->options.file_mode);
}

std::vector<StoredBaby> OutputDir::contents(const std::set<std::string>& skip) const {
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
