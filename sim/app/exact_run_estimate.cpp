#include "sim/app/exact_run_estimate.h"

#include <algorithm>
#include <cstdio>

#include "sim/engine/progress.h"
#include "sim/fleet/fleet_evaluator.h"

namespace tinyfleet {

namespace {
// Realizations whose shipments are counted: their devices differ with the
// shipment parameters' draws, and counting costs no simulation.
constexpr std::uint64_t realizations_looked_at = 16;
// About 0.1 to 0.5 s on one to a few cores: long enough for a stable rate,
// short next to the minutes the estimate is about.
constexpr std::uint64_t calibration_devices = std::uint64_t(1) << 22;
}  // namespace

double announce_exact_cost(const FleetEvaluator& evaluator, RealizationRange run, int threads, int sharing_ranks) {
    const std::uint64_t look_at = std::min(run.count, realizations_looked_at);
    const FleetEvaluator::ExactCost cost =
        evaluator.estimate_exact_cost(run.first, look_at, calibration_devices, threads);
    const double rate = cost.devices_per_second() * double(sharing_ranks);
    const double seconds = rate > 0 ? cost.devices_per_realization * double(run.count) / rate : 0.0;
    std::fprintf(stderr,
                 "estimate: exact mode, %.3g devices per realization (mean over the shipments of %llu "
                 "realization%s), %llu realization%s to run; calibration: %.3g devices in %.2f s on %d thread%s",
                 cost.devices_per_realization, static_cast<unsigned long long>(cost.realizations_looked_at),
                 cost.realizations_looked_at == 1 ? "" : "s", static_cast<unsigned long long>(run.count),
                 run.count == 1 ? "" : "s", double(cost.calibration_devices), cost.calibration_seconds, threads,
                 threads == 1 ? "" : "s");
    if (sharing_ranks > 1) std::fprintf(stderr, " (x %d MPI ranks sharing each realization)", sharing_ranks);
    std::fprintf(stderr, " = %.3g devices/s; expected time about %s\n", rate, duration_text(seconds).c_str());
    std::fflush(stderr);
    return cost.devices_per_realization / double(sharing_ranks);
}

}  // namespace tinyfleet
