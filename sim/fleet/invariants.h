// Invariants checked on every run before anything is written (cheap, always
// on). A violation is a bug in tinyfleet, never a property of the input: the
// run stops with exit code 1 and a message naming the identity, class, year
// and realization, and no result file is written.
//   * every number is finite (checked when results are assembled);
//   * emissions, offsets, device counts and masses are non-negative;
//   * classes sum to the fleet total of every metric;
//   * emissions_embodied = sum of the embodied_<category> metrics;
//   * emissions_total = emissions_embodied + emissions_operational + emissions_end_of_life;
//   * net = emissions_total - offsets; cumulative_net is the running sum of net;
//   * installed_base(y) = installed_base(y-1) + shipments(y) - retired(y).
#pragma once
#include "sim/io/result_file.h"

namespace tinyfleet {

// Throws RuntimeFailure on the first violation. Identities hold to a relative
// tolerance of 1e-9 of the magnitudes involved (rounding, not modelling).
// `result` may hold one block of a streamed run (sim/io/result_stream.h): its
// rows are then realizations first_row, first_row + 1, ... of the file, and
// messages name those. Realizations are checked on `threads` threads; the
// message is the same for any number.
void check_invariants(const RunResult& result, int threads, std::size_t first_row = 0);

}  // namespace tinyfleet
