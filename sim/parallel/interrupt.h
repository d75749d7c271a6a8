// Ctrl-C (SIGINT) and SIGTERM during a run: the temporary files being
// written (a result, an analysis file, a checkpoint) are removed before the
// process dies, so an interrupted run leaves nothing behind. The handler only
// calls async-signal-safe functions.
// SIGXFSZ (file-size limit) is ignored so that it surfaces as a write error.
#pragma once

namespace tinyfleet {

// Installs the SIGINT/SIGTERM handlers (once, from main).
void install_interrupt_cleanup();

// Registers a temporary file to remove if a signal arrives; returns its slot,
// which forget_temporary_file() releases once the file is renamed or removed.
// A few files can be registered at once (a periodic checkpoint may be written
// while another file is); -1 when every slot is taken (the file is then not
// removed by a signal: its writer still removes it on failure, and the next
// writer of the same name removes it as stale, sim/io/atomic_file.h).
int remember_temporary_file(const char* path);
void forget_temporary_file(int slot);

// Checkpointed runs (sim/io/checkpoint.h): while armed, SIGINT/SIGTERM only set
// a flag that the realization loop polls; the run then writes a final
// checkpoint and exits with code 3 instead of dying at once. Disarmed again
// before the result file is written (a signal there removes the temporary
// file as above; the last checkpoint stays).
void arm_graceful_stop();
void disarm_graceful_stop();
bool graceful_stop_requested();

}  // namespace tinyfleet
