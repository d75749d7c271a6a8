#include "sim/parallel/interrupt.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>

namespace tinyfleet {

namespace {
constexpr int kSlots = 4;
char temporary_path[kSlots][4096];
// taken: the slot belongs to a writer; armed: its path is complete and the
// handler may unlink it (set after the path is written, cleared before the
// slot is given back).
std::atomic<bool> temporary_taken[kSlots];
std::atomic<bool> temporary_armed[kSlots];

char interrupt_note[512];
std::atomic<bool> interrupt_note_set{false};
bool stderr_is_terminal = false;  // known before any signal: isatty is not async-signal-safe

std::atomic<bool> graceful_armed{false};
std::atomic<bool> graceful_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free, "atomics used in a signal handler must be lock-free");

void write_text(const char* text) {
    const ssize_t ignored = ::write(STDERR_FILENO, text, std::strlen(text));
    (void)ignored;  // nothing to do if stderr is gone
}

// One line on stderr; on a terminal it starts on a line of its own (the
// progress bar is redrawn in place, without a newline). A command that was
// only reading (or waiting) had no file to remove, and the line says so.
void say_why_stopping(int sig, bool removed_files) {
    if (stderr_is_terminal) write_text("\n");
    write_text(sig == SIGINT ? "tinyfleet: stopped by SIGINT: " : "tinyfleet: stopped by SIGTERM: ");
    write_text(interrupt_note_set.load() ? interrupt_note
               : removed_files           ? "the files being written were removed"
                                         : "no file was being written");
    write_text("\n");
}

extern "C" void remove_temporary_and_die(int sig) {
    if (graceful_armed.load()) {  // a checkpointed run stops at the next block boundary
        graceful_requested.store(true);
        return;
    }
    bool removed_files = false;
    for (int i = 0; i < kSlots; ++i)
        if (temporary_armed[i].load()) {
            ::unlink(temporary_path[i]);
            removed_files = true;
        }
    say_why_stopping(sig, removed_files);
    // Die of the same signal, so the parent (shell, Slurm) sees what happened.
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}
}  // namespace

void install_interrupt_cleanup() {
    stderr_is_terminal = ::isatty(STDERR_FILENO) == 1;
    struct sigaction action {};
    action.sa_handler = remove_temporary_and_die;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
    // Exceeding a file-size limit must be a write error we report (and clean
    // up after), not a silent death by SIGXFSZ.
    ::signal(SIGXFSZ, SIG_IGN);
}

void set_interrupt_note(const char* note) {
    interrupt_note_set.store(false);  // the handler never reads a half-copied note
    if (!note) return;
    std::strncpy(interrupt_note, note, sizeof interrupt_note - 1);
    interrupt_note[sizeof interrupt_note - 1] = '\0';
    interrupt_note_set.store(true);
}

int remember_temporary_file(const char* path) {
    for (int i = 0; i < kSlots; ++i) {
        bool expected = false;
        if (!temporary_taken[i].compare_exchange_strong(expected, true)) continue;
        std::strncpy(temporary_path[i], path, sizeof temporary_path[i] - 1);
        temporary_path[i][sizeof temporary_path[i] - 1] = '\0';
        temporary_armed[i].store(true);
        return i;
    }
    return -1;
}

void forget_temporary_file(int slot) {
    if (slot < 0 || slot >= kSlots) return;
    temporary_armed[slot].store(false);
    temporary_taken[slot].store(false);
}

void arm_graceful_stop() { graceful_armed.store(true); }
bool graceful_stop_requested() { return graceful_requested.load(std::memory_order_relaxed); }

}  // namespace tinyfleet
