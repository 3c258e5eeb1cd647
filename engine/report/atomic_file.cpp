#include "engine/report/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
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

void write_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                           unsigned mode) {
    const std::string tmp = temporary_for(path).string();
    const int fd = create_exclusive(tmp);
    if (fd < 0) throw std::runtime_error("cannot create " + tmp + ": " + std::strerror(errno));
    if (::fchmod(fd, static_cast<mode_t>(mode)) != 0) {
        const std::string err = std::strerror(errno);
        ::close(fd);
        ::unlink(tmp.c_str());
        throw std::runtime_error("cannot set the mode of " + tmp + ": " + err);
    }
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            const std::string err = std::strerror(errno);
            ::close(fd);
            ::unlink(tmp.c_str());
            throw std::runtime_error("cannot write " + tmp + ": " + err);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const std::string err = std::strerror(errno);
        ::unlink(tmp.c_str());
        throw std::runtime_error("cannot flush " + tmp + ": " + err);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string err = std::strerror(errno);
        ::unlink(tmp.c_str());
        throw std::runtime_error("cannot rename " + tmp + " to " + path.string() + ": " + err);
    }
    // The rename is durable only once the folder's entry is on disk.
    const std::string dir = path.has_parent_path() ? path.parent_path().string() : ".";
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        const int rc = ::fsync(dfd);
        const int err = errno;
        ::close(dfd);
        if (rc != 0 && err != EINVAL)
            throw std::runtime_error("cannot flush the folder of " + path.string() + ": " +
                                     std::strerror(err));
    }
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
