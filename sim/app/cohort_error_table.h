// The table `tinyfleet info` prints for cohort-mode files: per class, the
// median and the maximum over realizations of the estimated relative error
// the mean term adds to each quantity summed over the simulated years
// (/cohort_error, docs/result-format.md), in percent.
#pragma once
#include "sim/io/result_file.h"

namespace tinyfleet {

// Prints nothing when the file holds no estimates (exact mode, older files).
void print_cohort_error_table(const RunResult& result);

}  // namespace tinyfleet
