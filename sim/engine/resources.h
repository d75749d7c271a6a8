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

// Peak bytes of a run streamed to its file in blocks (sim/io/result_stream.h):
// one block's raw arrays, its assembled tables and their compressed chunks
// (at most as large, when nothing compresses); one partly filled chunk
// (<= 1 MiB) per per-realization dataset; per realization of the file 16
// bytes (breakeven year, sample coordinate), and while summarizing one
// metric's fleet totals plus a column copy per thread, and the inputs the
// rank-correlation notes read back; plus the fixed allowance.
struct StreamedRunShape {
    std::uint64_t block;                   // realizations per block
    std::uint64_t samples;                 // realizations in the file
    std::uint64_t values_per_realization;  // raw values (metrics x classes x years, then paybacks)
    std::uint64_t metrics, classes, years;
    std::uint64_t inputs;                  // global parameters
    std::uint64_t correlated_inputs;       // inputs named under correlations:
    std::uint64_t threads;
};
std::uint64_t estimate_streamed_run_bytes(const StreamedRunShape& run);

std::string format_bytes(std::uint64_t bytes);

}  // namespace tinyfleet
