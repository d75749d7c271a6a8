// Machine resources a run needs, checked before it starts: a run that cannot
// fit in memory is refused with the estimate and how to reduce it, instead of
// being killed by the kernel hours later.
#pragma once
#include <cstdint>
#include <string>

namespace tinyfleet {

// Bytes of RAM the kernel reports as available (MemAvailable), or 0 if unknown.
std::uint64_t available_memory_bytes();

// The memory a run may use: TINYFLEET_MEMORY_LIMIT_MB (MiB) when set (tests,
// or a batch job's allocation, which MemAvailable does not see), else
// available_memory_bytes(); 0 when unknown. Throws InputError when the
// variable is set to anything but a whole number of MiB >= 1 in digits.
std::uint64_t usable_memory_bytes();

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
    std::uint64_t values_per_realization;  // raw values (metrics x classes x years, then paybacks and error estimates)
    std::uint64_t metrics, classes, years;
    std::uint64_t inputs;                  // global parameters
    std::uint64_t correlated_inputs;       // inputs named under correlations:
    std::uint64_t threads;
};
std::uint64_t estimate_streamed_run_bytes(const StreamedRunShape& run);

// Peak bytes of a sensitivity study (sobol, morris): its `runs` model runs
// held in memory as a run's are (estimate_run_bytes, per_realization given
// as its arguments), plus the design that drives them, 8 bytes per run for
// each studied parameter (the study's uniforms) and each global parameter
// (the rows of the whole design).
struct DesignStudyShape {
    std::uint64_t runs;
    std::uint64_t values_per_realization, metric_values_per_realization, totals_per_realization,
        inputs_per_realization;
    std::uint64_t studied_parameters, global_parameters;
};
std::uint64_t estimate_design_study_bytes(const DesignStudyShape& study);

// Peak bytes of a sweep run in one process: one point's run at a time
// (point_run_bytes, estimate_run_bytes of the largest point) while the sweep
// file's values of the points done so far are held: per realization its fleet
// totals and inputs, per point its summaries. Then the file is built in
// memory (sim/io/analysis_file.h): the values, the file image (at most as
// large, when nothing compresses) and its copy for writing.
struct SweepShape {
    std::uint64_t points;           // points run into the file
    std::uint64_t point_run_bytes;  // estimate_run_bytes of one point
    std::uint64_t samples;          // realizations per point
    std::uint64_t totals_per_realization, inputs_per_realization;
    std::uint64_t summaries_per_point;  // metrics x years x (quantiles + mean + std)
};
std::uint64_t estimate_sweep_bytes(const SweepShape& sweep);

std::string format_bytes(std::uint64_t bytes);

}  // namespace tinyfleet
