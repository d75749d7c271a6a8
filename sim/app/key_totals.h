// The table of key totals printed after `tinyfleet run` and by `tinyfleet
// info`: median and 90% interval of the headline fleet metrics in the
// headline years, and the share of realizations whose fleet has broken even.
#pragma once
#include "sim/io/result_file.h"

namespace tinyfleet {

void print_key_totals(const RunResult& result);

}  // namespace tinyfleet
