#include "sim/parallel/interrupt.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>

namespace tinyfleet {

namespace {
char temporary_path[4096];
std::atomic<bool> temporary_armed{false};

std::atomic<bool> graceful_armed{false};
std::atomic<bool> graceful_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free, "atomics used in a signal handler must be lock-free");

extern "C" void remove_temporary_and_die(int sig) {
    if (graceful_armed.load()) {  // a checkpointed run stops at the next block boundary
        graceful_requested.store(true);
        return;
    }
    if (temporary_armed.load()) ::unlink(temporary_path);
    // Die of the same signal, so the parent (shell, Slurm) sees what happened.
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}
}  // namespace

void install_interrupt_cleanup() {
    struct sigaction action {};
    action.sa_handler = remove_temporary_and_die;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
    // Exceeding a file-size limit must be a write error we report (and clean
    // up after), not a silent death by SIGXFSZ.
    ::signal(SIGXFSZ, SIG_IGN);
}

void remember_temporary_file(const char* path) {
    temporary_armed.store(false);
    std::strncpy(temporary_path, path, sizeof temporary_path - 1);
    temporary_path[sizeof temporary_path - 1] = '\0';
    temporary_armed.store(true);
}

void forget_temporary_file() { temporary_armed.store(false); }

void arm_graceful_stop() { graceful_armed.store(true); }
void disarm_graceful_stop() { graceful_armed.store(false); }
bool graceful_stop_requested() { return graceful_requested.load(std::memory_order_relaxed); }

}  // namespace tinyfleet
