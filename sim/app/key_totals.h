// The table of key totals printed after `tinyfleet run` and by `tinyfleet
// info`: median and 90% interval of the headline fleet metrics in the
// headline years, the share of realizations whose fleet has broken even, and
// per class how often its addressable-market cap binds and how often its
// device repays within its life (sim/app/realization_shares.h).
#pragma once
#include "sim/app/realization_shares.h"
#include "sim/io/result_file.h"

namespace tinyfleet {

void print_key_totals(const RunResult& result, const RealizationShares& shares);

}  // namespace tinyfleet
