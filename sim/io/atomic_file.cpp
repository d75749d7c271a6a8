#include "sim/io/atomic_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "sim/engine/input_error.h"
#include "sim/io/output_rule.h"
#include "sim/parallel/interrupt.h"

namespace tinyfleet {

namespace {

// ".NAME.tmp-", the temporary names of NAME without their PID.
std::string temporary_prefix(const std::string& path) {
    const std::string any = std::filesystem::path(temporary_path_for(path, 0)).filename().string();
    return any.substr(0, any.size() - 1);
}

// The PID in ".NAME.tmp-PID", or -1 when `entry` is not such a name.
pid_t pid_of_temporary(const std::string& entry, const std::string& prefix) {
    if (entry.size() <= prefix.size() || entry.compare(0, prefix.size(), prefix) != 0) return -1;
    const std::string digits = entry.substr(prefix.size());
    if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) return -1;
    return static_cast<pid_t>(std::stol(digits));
}

bool process_exists(pid_t pid) { return ::kill(pid, 0) == 0 || errno != ESRCH; }

}  // namespace

std::string sibling_path_for(const std::string& path, const std::string& tag, pid_t pid) {
    return (std::filesystem::path(folder_of(path)) /
            ("." + std::filesystem::path(path).filename().string() + "." + tag + "-" + std::to_string(pid)))
        .string();
}

std::string temporary_path_for(const std::string& path, pid_t pid) { return sibling_path_for(path, "tmp", pid); }

int remove_stale_temporaries(const std::string& path) {
    const std::string folder = folder_of(path), prefix = temporary_prefix(path);
    DIR* dir = ::opendir(folder.c_str());
    if (dir == nullptr) return 0;
    int removed = 0;
    while (const dirent* e = ::readdir(dir)) {
        const pid_t pid = pid_of_temporary(e->d_name, prefix);
        if (pid <= 0 || pid == ::getpid() || process_exists(pid)) continue;
        const std::string stale = (std::filesystem::path(folder) / e->d_name).string();
        struct stat st {};
        if (::lstat(stale.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::unlink(stale.c_str()) == 0) ++removed;
    }
    ::closedir(dir);
    return removed;
}

AtomicFile::AtomicFile(std::string path, std::string what)
    : path_(std::move(path)), what_(std::move(what)) {
    check_output_path(path_, {});
    destination_ = output_destination(path_);
    folder_ = folder_of(destination_);
    temp_ = temporary_path_for(destination_, ::getpid());
    remove_stale_temporaries(destination_);
    // Registered before the file exists, so that no moment is left in which
    // a signal would leave it behind.
    interrupt_slot_ = remember_temporary_file(temp_.c_str());
    fd_ = ::open(temp_.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd_ < 0) {
        const int err = errno;
        forget_temporary_file(interrupt_slot_);
        fail("cannot create '" + temp_ + "': " + std::strerror(err));
    }
}

AtomicFile::~AtomicFile() {
    if (!committed_) discard();
}

void AtomicFile::discard() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    ::unlink(temp_.c_str());
    forget_temporary_file(interrupt_slot_);
    interrupt_slot_ = -1;
}

void AtomicFile::fail(const std::string& problem) const {
    throw RuntimeFailure("cannot write " + what_ + " '" + path_ + "': " + problem);
}

void AtomicFile::write(const void* data, std::size_t size) {
    const auto* bytes = static_cast<const unsigned char*>(data);
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::write(fd_, bytes + done, size - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail("write('" + temp_ + "') failed: " + std::strerror(n < 0 ? errno : EIO));
        done += static_cast<std::size_t>(n);
    }
}

bool AtomicFile::commit() {
    if (::fsync(fd_) != 0) fail("fsync('" + temp_ + "') failed: " + std::strerror(errno));
    const int closed = ::close(fd_);
    fd_ = -1;
    if (closed != 0) fail("close('" + temp_ + "') failed: " + std::strerror(errno));
    if (std::rename(temp_.c_str(), destination_.c_str()) != 0)
        fail("rename('" + temp_ + "', '" + destination_ + "') failed: " + std::strerror(errno));
    committed_ = true;
    forget_temporary_file(interrupt_slot_);
    interrupt_slot_ = -1;
    // The rename is durable once the folder is on disk.
    const int dir = ::open(folder_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return false;
    const bool synced = ::fsync(dir) == 0;
    ::close(dir);
    return synced;
}

}  // namespace tinyfleet
