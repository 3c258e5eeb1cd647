#include "engine/report/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>

namespace nbs {

namespace {

// nbscreen's own temporaries: ".<name>.nbscreen-tmp.<pid>", hidden, in the result's folder (so the
// rename is atomic). Start-up cleanup removes exactly these, never a user's "notes.tmp.txt" or the
// result of a baby named "baby.tmp.1".
constexpr std::string_view kTmpTag = ".nbscreen-tmp.";

std::filesystem::path temporary_for(const std::filesystem::path& path) {
    return path.parent_path() /
           ("." + path.filename().string() + std::string(kTmpTag) + std::to_string(::getpid()));
}

bool is_our_temporary(const std::string& name) {
    const auto at = name.rfind(kTmpTag);
    if (name.size() < 2 || name[0] != '.' || at == std::string::npos || at == 0) return false;
    const std::string pid = name.substr(at + kTmpTag.size());
    return !pid.empty() && pid.find_first_not_of("0123456789") == std::string::npos;
}

// Exclusive and no-follow: a planted symlink or a file of the same name is never written through.
int create_exclusive(const std::string& tmp) {
    constexpr int kFlags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
    int fd = ::open(tmp.c_str(), kFlags, 0600);
    if (fd < 0 && errno == EEXIST) {  // left by an earlier run whose pid this process reuses
        ::unlink(tmp.c_str());
        fd = ::open(tmp.c_str(), kFlags, 0600);
    }
    return fd;
}

}  // namespace

std::filesystem::path write_temporary(const std::filesystem::path& path, std::string_view bytes,
                                      unsigned mode) {
    const std::filesystem::path tmp_path = temporary_for(path);
    const std::string tmp = tmp_path.string();
    const int fd = create_exclusive(tmp);
    if (fd < 0) throw std::runtime_error("cannot create " + tmp + ": " + std::strerror(errno));
    auto fail = [&](const std::string& what) {
        const std::string err = std::strerror(errno);
        ::close(fd);
        ::unlink(tmp.c_str());
        throw std::runtime_error(what + tmp + ": " + err);
    };
    if (::fchmod(fd, static_cast<mode_t>(mode)) != 0) fail("cannot set the mode of ");
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("cannot write ");
        }
        done += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) {
        const std::string err = std::strerror(errno);
        ::unlink(tmp.c_str());
        throw std::runtime_error("cannot write " + tmp + ": " + err);
    }
    return tmp_path;
}

namespace {

void fsync_path(const std::filesystem::path& p, bool folder) {
    const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC | (folder ? O_DIRECTORY : 0));
    if (fd < 0) {
        if (folder) return;  // as before: a folder that cannot be opened is not synced
        throw std::runtime_error("cannot open " + p.string() +
                                 " to flush it: " + std::strerror(errno));
    }
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0 && !(folder && err == EINVAL))
        throw std::runtime_error("cannot flush " + p.string() + ": " + std::strerror(err));
}

}  // namespace

namespace {

void write_all(int fd, std::string_view bytes, const std::string& name) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error("cannot write " + name + ": " + std::strerror(errno));
        }
        done += static_cast<std::size_t>(n);
    }
}

int create_temporary(const std::filesystem::path& tmp, unsigned mode) {
    const int fd = create_exclusive(tmp.string());
    if (fd < 0)
        throw std::runtime_error("cannot create " + tmp.string() + ": " + std::strerror(errno));
    if (::fchmod(fd, static_cast<mode_t>(mode)) != 0) {
        const std::string err = std::strerror(errno);
        ::close(fd);
        ::unlink(tmp.c_str());
        throw std::runtime_error("cannot set the mode of " + tmp.string() + ": " + err);
    }
    return fd;
}

}  // namespace

AtomicFileWriter::AtomicFileWriter(std::filesystem::path path, unsigned mode)
    : path_(std::move(path)), tmp_(temporary_for(path_)), mode_(mode) {
    fd_ = create_temporary(tmp_, mode_);
}

AtomicFileWriter::~AtomicFileWriter() {
    if (fd_ >= 0) ::close(fd_);
    if (!tmp_.empty()) ::unlink(tmp_.c_str());
}

void AtomicFileWriter::append(std::string_view bytes) {
    if (fd_ < 0) throw std::runtime_error("cannot write " + tmp_.string() + ": already closed");
    write_all(fd_, bytes, tmp_.string());
}

void AtomicFileWriter::keep_lines(const std::function<bool(std::string_view)>& keep) {
    if (fd_ < 0) throw std::runtime_error("cannot write " + tmp_.string() + ": already closed");
    ::close(fd_);
    fd_ = -1;
    const std::filesystem::path kept = tmp_.string() + ".kept";
    const int out = create_temporary(kept, mode_);
    try {
        std::ifstream in(tmp_, std::ios::binary);
        if (!in) throw std::runtime_error("cannot read back " + tmp_.string());
        std::string line, buf;
        while (std::getline(in, line)) {
            if (!keep(line)) continue;
            buf += line;
            buf += '\n';
            if (buf.size() >= (1U << 20)) {
                write_all(out, buf, kept.string());
                buf.clear();
            }
        }
        if (in.bad()) throw std::runtime_error("cannot read back " + tmp_.string());
        write_all(out, buf, kept.string());
        if (::rename(kept.c_str(), tmp_.c_str()) != 0)
            throw std::runtime_error("cannot rename " + kept.string() + ": " +
                                     std::strerror(errno));
    } catch (...) {
        ::close(out);
        ::unlink(kept.c_str());
        throw;
    }
    fd_ = out;
}

void AtomicFileWriter::commit() {
    if (fd_ < 0) throw std::runtime_error("cannot write " + tmp_.string() + ": already closed");
    const int rc = ::fsync(fd_);
    const int err = errno;
    ::close(fd_);
    fd_ = -1;
    if (rc != 0)
        throw std::runtime_error("cannot flush " + tmp_.string() + ": " + std::strerror(err));
    if (::rename(tmp_.c_str(), path_.c_str()) != 0)
        throw std::runtime_error("cannot rename " + tmp_.string() + " to " + path_.string() + ": " +
                                 std::strerror(errno));
    tmp_.clear();  // in place: nothing for the destructor to remove
    sync_folder(path_.has_parent_path() ? path_.parent_path() : std::filesystem::path("."));
}

void sync_files(const std::filesystem::path& folder,
                const std::vector<std::filesystem::path>& files) {
    if (files.empty()) return;
#ifdef __linux__
    // One write-back and one journal commit for the whole group. fsync per file costs a journal
    // commit and a device flush each (ext4: ~2.5 ms on the development VM's disk, where syncfs
    // of 200 fresh 20 kB files took ~20-250 ms in all). Since Linux 5.8 syncfs reports write-back
    // errors of the file system like fsync does.
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        throw std::runtime_error("cannot open " + folder.string() +
                                 " to flush it: " + std::strerror(errno));
    const int rc = ::syncfs(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0)
        throw std::runtime_error("cannot flush the files in " + folder.string() + ": " +
                                 std::strerror(err));
#else
    (void)folder;
    for (const auto& f : files)
        fsync_path(f, false);
#endif
}

void sync_folder(const std::filesystem::path& folder) {
    fsync_path(folder, true);
}

void write_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                           unsigned mode) {
    const std::filesystem::path tmp_path = write_temporary(path, bytes, mode);
    const std::string tmp = tmp_path.string();
    try {
        fsync_path(tmp_path, false);
    } catch (...) {
        ::unlink(tmp.c_str());
        throw;
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string err = std::strerror(errno);
        ::unlink(tmp.c_str());
        throw std::runtime_error("cannot rename " + tmp + " to " + path.string() + ": " + err);
    }
    // The rename is durable only once the folder's entry is on disk.
    sync_folder(path.has_parent_path() ? path.parent_path() : std::filesystem::path("."));
}

std::size_t remove_stale_temporaries(const std::filesystem::path& dir) {
    std::size_t n = 0;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        if (is_our_temporary(name) && e.is_regular_file()) {
            std::filesystem::remove(e.path(), ec);
            ++n;
        }
    }
    return n;
}

}  // namespace nbs
