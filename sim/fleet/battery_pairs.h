// The cohort mode's battery pairs: sums over pairs of one representative's
// energy use and another's lifetime, for the control variate of the battery
// embodied term (FleetEvaluator::paired_battery_moments).
#pragma once
#include <cstddef>

#include "sim/fleet/device_simulation.h"

namespace tinyfleet {

// Sums over pairs of g = battery embodied [kg CO2e] (the class's batteries,
// models::battery_replacements per battery) and h = energy use x lifetime
// [kWh/yr x yr] of a device with one representative's energy use and
// another's lifetime.
struct BatteryPairSums {
    double g = 0, h = 0, gh = 0, hh = 0;
};

// The sums over the n R pairs (e[k], L[(k + r n / R) mod n]), k < n, r < R,
// for a class with d.battery_count batteries: e [kWh/yr] and L [yr] are n
// representatives' energy use and lifetime. Each sum runs in eight lanes
// (pair k of every pairing in lane k mod 8, in pairing order), added in a
// fixed order ((0 + 4) + (1 + 5)) + ((2 + 6) + (3 + 7)), so the bits do not
// depend on the compiler, the thread or the processor. `code`:
// VectorCode::baseline forces the SSE2 version (tests); both give the same bits.
BatteryPairSums battery_pair_sums(const ClassDevices& d, const double* e, const double* L, std::size_t n,
                                  std::size_t R, VectorCode code = VectorCode::best);

}  // namespace tinyfleet
