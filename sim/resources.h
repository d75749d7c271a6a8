// Machine resources a run needs, checked before it starts: a run that cannot
// fit in memory is refused with the estimate and how to reduce it, instead of
// being killed by the kernel hours later.
#pragma once
#include <cstdint>
#include <string>

namespace tinyfleet {

// Bytes of RAM the kernel reports as available (MemAvailable), or 0 if unknown.
std::uint64_t available_memory_bytes();

// Peak bytes of a run: raw realization arrays, their per-metric copies
// (by class and fleet totals), inputs and payback, plus a fixed allowance
// for the program, the statistics and the HDF5 writer.
std::uint64_t estimate_run_bytes(std::uint64_t samples, std::uint64_t values_per_realization,
                                 std::uint64_t metric_values_per_realization, std::uint64_t totals_per_realization,
                                 std::uint64_t inputs_per_realization);

std::string format_bytes(std::uint64_t bytes);

}  // namespace tinyfleet
