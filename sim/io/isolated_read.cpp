#include "sim/io/isolated_read.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "sim/engine/input_error.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#endif

namespace tinyfleet {

namespace {

constexpr const char* timeout_variable = "TINYFLEET_READ_TIMEOUT";
// In a sanitizer build (scripts/sanitize), where the child's reports go: a
// child that reads a damaged file may meet HDF5's own memory errors, which
// the parent survives by design and which scripts/sanitize sorts from ours.
[[maybe_unused]] constexpr const char* child_report_variable = "TINYFLEET_CHILD_SANITIZER_LOG";
constexpr double default_timeout_seconds = 60;
// A large file takes longer to read: one second more per 10 MB.
constexpr double bytes_per_extra_second = 10e6;

double time_limit_seconds(const std::string& path) {
    double base = default_timeout_seconds;
    if (const char* text = std::getenv(timeout_variable); text != nullptr && *text != '\0') {
        char* end = nullptr;
        base = std::strtod(text, &end);
        if (*end != '\0' || !std::isfinite(base) || base <= 0)
            throw InputError(std::string(timeout_variable) + " must be a positive number of seconds, got '" + text +
                             "'");
    }
    struct stat info {};
    const double size = ::stat(path.c_str(), &info) == 0 ? static_cast<double>(info.st_size) : 0.0;
    return base + size / bytes_per_extra_second;
}

// What the child tells the parent through the pipe: nothing when read()
// returned, else one letter for the kind of exception and its message.
constexpr char input_error_kind = 'I';
constexpr char runtime_failure_kind = 'R';
constexpr char out_of_memory_kind = 'M';
constexpr std::size_t message_limit = 4000;  // below PIPE_BUF: the child's write never blocks

void tell_parent(int pipe_out, char kind, const char* message) {
    std::string text(1, kind);
    text += std::string(message).substr(0, message_limit);
    [[maybe_unused]] const ssize_t written = ::write(pipe_out, text.data(), text.size());
}

// The child: reads, tells the parent how it ended, says nothing else, leaves
// no core file, and never returns.
[[noreturn]] void run_child(const std::function<void()>& read, pid_t parent, int pipe_out) {
    // Dies with its parent (a parent killed while waiting leaves no orphan
    // looping in HDF5), and does not run the parent's interrupt cleanup.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(0);
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    const rlimit no_core{0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);
    if (const int null = ::open("/dev/null", O_WRONLY); null >= 0) {
        ::dup2(null, STDOUT_FILENO);
        ::dup2(null, STDERR_FILENO);
    }
#if defined(__SANITIZE_ADDRESS__)
    if (const char* report_path = std::getenv(child_report_variable); report_path != nullptr && *report_path != '\0')
        __sanitizer_set_report_path(report_path);
#endif
    try {
        read();
    } catch (const InputError& e) {
        tell_parent(pipe_out, input_error_kind, e.what());
    } catch (const RuntimeFailure& e) {
        tell_parent(pipe_out, runtime_failure_kind, e.what());
    } catch (const std::bad_alloc&) {
        tell_parent(pipe_out, out_of_memory_kind, "");
    } catch (...) {
        // Any other error: the parent's own read reports it.
    }
    ::_exit(0);  // not exit(): the parent's atexit handlers and stdio buffers are the parent's
}

// Waits for the child; false when it ran past the limit (it is then killed).
bool wait_within(pid_t child, double limit_seconds, int& status) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(limit_seconds);
    long pause_ns = 1'000'000;
    for (;;) {
        const pid_t done = ::waitpid(child, &status, WNOHANG);
        if (done == child) return true;
        if (done < 0 && errno != EINTR) throw RuntimeFailure(std::string("error: waitpid: ") + std::strerror(errno));
        if (std::chrono::steady_clock::now() >= deadline) {
            ::kill(child, SIGKILL);
            while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
            }
            return false;
        }
        const timespec pause{0, pause_ns};
        ::nanosleep(&pause, nullptr);
        pause_ns = std::min(pause_ns * 2, 20'000'000L);
    }
}

// Closes a descriptor when it goes out of scope.
class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() { ::close(fd_); }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

// What the (exited) child wrote to the pipe.
std::string everything_from(int fd) {
    std::string out;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            out.append(buffer, static_cast<std::size_t>(n));
        } else if (n == 0 || errno != EINTR) {
            return out;
        }
    }
}

bool is_crash_signal(int signal_number) {
    return signal_number == SIGSEGV || signal_number == SIGBUS || signal_number == SIGABRT ||
           signal_number == SIGFPE || signal_number == SIGILL;
}

}  // namespace

void check_in_child(const std::string& path, const std::function<void()>& read) {
    const double limit = time_limit_seconds(path);
    const std::string cannot_start = "error: cannot start a process to check '" + path + "': ";
    int pipe_ends[2];
    if (::pipe2(pipe_ends, O_CLOEXEC) != 0) throw RuntimeFailure(cannot_start + std::strerror(errno));
    std::fflush(nullptr);  // or the child's copy of pending output could be written twice
    const pid_t parent = ::getpid();
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(pipe_ends[0]);
        run_child(read, parent, pipe_ends[1]);
    }
    const int fork_error = errno;
    ::close(pipe_ends[1]);
    const FileDescriptor from_child(pipe_ends[0]);
    if (child < 0) throw RuntimeFailure(cannot_start + std::strerror(fork_error));

    int status = 0;
    const std::string damaged = "'" + path + "': the file is damaged: ";
    if (!wait_within(child, limit, status)) {
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, limit < 10 ? "%.1f" : "%.0f", limit);
        throw InputError(damaged + "the HDF5 library did not finish reading it in " + seconds + " s (limit: " +
                         timeout_variable + " seconds, default 60, plus 1 s per 10 MB)");
    }
    if (WIFSIGNALED(status)) {
        const int signal_number = WTERMSIG(status);
        const std::string signal_text = std::to_string(signal_number) + ", " + ::strsignal(signal_number);
        if (is_crash_signal(signal_number))
            throw InputError(damaged + "the HDF5 library crashed (signal " + signal_text + ") reading it");
        throw RuntimeFailure("error: the process checking '" + path + "' was killed by signal " + signal_text +
                             (signal_number == SIGKILL ? " (out of memory?)" : ""));
    }
    if (WEXITSTATUS(status) != 0)
        throw InputError(damaged + "reading it ended abnormally (exit status " + std::to_string(WEXITSTATUS(status)) +
                         ")");
    // The child's error is thrown here without reading the file again: HDF5's
    // defects depend on the state of the heap, so a file on which the child
    // failed cleanly could still crash this process.
    const std::string report = everything_from(from_child.get());
    if (report.empty()) return;
    const std::string message = report.substr(1);
    const std::string prefix = "error: ";  // how the readers' InputError and RuntimeFailure messages begin
    const bool plain = message.compare(0, prefix.size(), prefix) == 0;
    if (report[0] == input_error_kind && plain) throw InputError(message.substr(prefix.size()));
    if (report[0] == runtime_failure_kind) throw RuntimeFailure(message);
    if (report[0] == out_of_memory_kind) throw std::bad_alloc();
    // Any other error: the caller's own read reports it.
}

}  // namespace tinyfleet
