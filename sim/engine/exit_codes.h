// The program's exit codes, in one place (README lists them for users).
// A process killed by a signal it did not handle exits as the shell reports
// it (128 + signal: 130 for SIGINT, 143 for SIGTERM).
#pragma once

namespace tinyfleet {

constexpr int exit_ok = 0;
constexpr int exit_runtime_failure = 1;  // RuntimeFailure, out of memory, internal failure
constexpr int exit_bad_input = 2;        // InputError: bad scenario, option, or input file
constexpr int exit_interrupted = 3;      // stopped by a signal after writing a checkpoint: rerun with --resume

}  // namespace tinyfleet
