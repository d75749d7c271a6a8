// Before an exact-mode run starts, the first thing it prints: how many
// devices each realization simulates and about how long the run will take,
// from a short calibration on this machine. A run of two realizations can
// take minutes; the user learns that before waiting, not after.
#pragma once
#include <cstdint>

#include "sim/engine/shard.h"

namespace tinyfleet {

class FleetEvaluator;

// Prints the estimate for realizations `run` (those this process computes)
// on stderr and returns the devices per realization this process simulates
// (its share when `sharing_ranks` MPI ranks share each realization's devices).
double announce_exact_cost(const FleetEvaluator& evaluator, RealizationRange run, int threads, int sharing_ranks);

}  // namespace tinyfleet
