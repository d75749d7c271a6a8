// Ctrl-C (SIGINT) and SIGTERM. By default the temporary files being written
// (a result, an analysis file, a checkpoint) are removed, one line on stderr
// says what happened, and the process dies of the signal, so an interrupted
// command leaves nothing behind and its parent sees the signal (a shell
// reports exit 130 for SIGINT, 143 for SIGTERM; Slurm the signal). Dying of
// the signal rather than exiting lets a shell loop or script that runs
// tinyfleet stop too. The handler only calls async-signal-safe functions. SIGXFSZ
// (file-size limit) is ignored so that it surfaces as a write error.
#pragma once

namespace tinyfleet {

// Installs the SIGINT/SIGTERM handlers (once, from main).
void install_interrupt_cleanup();

// What the line printed on a deadly signal says after "tinyfleet: stopped by
// SIGINT: " (a run: that no result was written and how to get a resumable
// run); null restores the default (files being written were removed). The
// text is copied; at most 511 bytes are kept.
void set_interrupt_note(const char* note);

// Registers a temporary file to remove if a signal arrives; returns its slot,
// which forget_temporary_file() releases once the file is renamed or removed.
// A few files can be registered at once (a periodic checkpoint may be written
// while another file is); -1 when every slot is taken (the file is then not
// removed by a signal: its writer still removes it on failure, and the next
// writer of the same name removes it as stale, sim/io/atomic_file.h).
int remember_temporary_file(const char* path);
void forget_temporary_file(int slot);

// Checkpointed runs (sim/io/checkpoint.h): while armed, SIGINT/SIGTERM only set
// a flag that the run polls at safe points (each block of the loop, the end
// of the statistics); the run then writes a final checkpoint and exits with
// code 3 instead of dying, or, when the flag is set during the write of the
// result, finishes that write. Nothing is removed and nobody dies while armed,
// which is until the process exits.
void arm_graceful_stop();
bool graceful_stop_requested();

}  // namespace tinyfleet
