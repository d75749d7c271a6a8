#include "sim/engine/resources.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "sim/engine/input_error.h"

namespace tinyfleet {

namespace {
// A whole number of MiB, digits only: strtoull would read "4G" as 4 and
// "16e3" as 16, and take "abc" or "-5" silently. The limit fits 2^44 - 1 MiB,
// so that in bytes it does not overflow 64 bits.
std::uint64_t limit_from_environment(const char* text) {
    constexpr std::uint64_t largest_mib = (std::uint64_t{1} << 44) - 1;
    std::uint64_t mib = 0;
    bool valid = *text != '\0';
    for (const char* c = text; valid && *c; ++c) {
        valid = *c >= '0' && *c <= '9' && mib <= (largest_mib - std::uint64_t(*c - '0')) / 10;
        mib = valid ? 10 * mib + std::uint64_t(*c - '0') : mib;
    }
    if (!valid || mib == 0)
        throw InputError("TINYFLEET_MEMORY_LIMIT_MB must be a whole number of MiB from 1 to " +
                         std::to_string(largest_mib) + ", written in digits (e.g. 16000 for about 16 GB), got '" +
                         std::string(text) + "'");
    return mib << 20;
}
}  // namespace

std::uint64_t available_memory_bytes() {
    std::ifstream meminfo("/proc/meminfo");
    std::string line;
    while (std::getline(meminfo, line)) {
        std::istringstream fields(line);
        std::string key;
        std::uint64_t kib = 0;
        if (fields >> key >> kib && key == "MemAvailable:") return kib * 1024;
    }
    return 0;
}

std::uint64_t usable_memory_bytes() {
    if (const char* limit = std::getenv("TINYFLEET_MEMORY_LIMIT_MB")) return limit_from_environment(limit);
    return available_memory_bytes();
}

std::uint64_t estimate_run_bytes(std::uint64_t samples, std::uint64_t values_per_realization,
                                 std::uint64_t metric_values_per_realization, std::uint64_t totals_per_realization,
                                 std::uint64_t inputs_per_realization) {
    constexpr std::uint64_t fixed_allowance = 64ull << 20;   // program, thread scratch, statistics, writer buffers
    const std::uint64_t per_realization =
        8 * (values_per_realization + metric_values_per_realization + totals_per_realization + inputs_per_realization);
    return samples * per_realization + fixed_allowance;
}

std::uint64_t estimate_streamed_run_bytes(const StreamedRunShape& run) {
    constexpr std::uint64_t fixed_allowance = 64ull << 20;  // program, thread scratch, HDF5 writer batches
    constexpr std::uint64_t chunk_bytes = 1ull << 20;       // kTargetChunkBytes (sim/io/chunk_codec.h)
    // A block's assembled tables: every raw value once more (by class,
    // paybacks, error estimates), the fleet totals, inputs and breakeven years.
    const std::uint64_t rows = run.values_per_realization + run.metrics * run.years + run.inputs + 1;
    const std::uint64_t per_block_realization = 8 * (run.values_per_realization + run.inputs + 2 * rows);
    // samples/ and by_class/ per metric, inputs, payback and mean lifetime, error estimates.
    const std::uint64_t datasets = 2 * run.metrics + run.inputs + 3;
    const std::uint64_t per_file_realization = 8 * (2 + run.years + run.threads + run.correlated_inputs);
    return run.block * per_block_realization + datasets * chunk_bytes + run.samples * per_file_realization +
           fixed_allowance;
}

std::uint64_t estimate_design_study_bytes(const DesignStudyShape& s) {
    return estimate_run_bytes(s.runs, s.values_per_realization, s.metric_values_per_realization,
                              s.totals_per_realization, s.inputs_per_realization) +
           8 * s.runs * (s.studied_parameters + s.global_parameters);
}

std::uint64_t estimate_sweep_bytes(const SweepShape& s) {
    constexpr std::uint64_t fixed_allowance = 64ull << 20;  // program, HDF5 writer
    const std::uint64_t stacked =
        8 * s.points * (s.samples * (s.totals_per_realization + s.inputs_per_realization) + s.summaries_per_point);
    return std::max(s.point_run_bytes + stacked, 3 * stacked + fixed_allowance);
}

std::string format_bytes(std::uint64_t bytes) {
    char buffer[32];
    const double gib = double(bytes) / double(1ull << 30);
    if (gib >= 1.0) std::snprintf(buffer, sizeof buffer, "%.1f GiB", gib);
    else std::snprintf(buffer, sizeof buffer, "%.0f MiB", double(bytes) / double(1ull << 20));
    return buffer;
}

}  // namespace tinyfleet
