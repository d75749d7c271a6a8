// Ctrl-C (SIGINT) and SIGTERM during a run: the temporary result file being
// written is removed before the process dies, so an interrupted run leaves
// nothing behind. The handler only calls async-signal-safe functions.
// SIGXFSZ (file-size limit) is ignored so that it surfaces as a write error.
#pragma once

namespace tinyfleet {

// Installs the SIGINT/SIGTERM handlers (once, from main).
void install_interrupt_cleanup();

// The temporary file to remove if a signal arrives (at most one at a time);
// cleared by forget_temporary_file() once the file is renamed or removed.
void remember_temporary_file(const char* path);
void forget_temporary_file();

// Checkpointed runs (sim/io/checkpoint.h): while armed, SIGINT/SIGTERM only set
// a flag that the realization loop polls; the run then writes a final
// checkpoint and exits with code 3 instead of dying at once. Disarmed again
// before the result file is written (a signal there removes the temporary
// file as above; the last checkpoint stays).
void arm_graceful_stop();
void disarm_graceful_stop();
bool graceful_stop_requested();

}  // namespace tinyfleet
