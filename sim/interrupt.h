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

}  // namespace tinyfleet
