// One simulated device of a class in one realization: its draws (lifetime,
// power, duty cycle, region, whether its application delivers) and what it
// adds to its cohort's tally. Shared by the exact mode (every device) and
// the cohort mode (representative devices), so both modes simulate the same
// device.
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "models/device/battery.h"
#include "models/fleet/cohort_tally.h"
#include "models/use/use_phase.h"
#include "sim/fleet/bom_blocks.h"
#include "sim/fleet/device_field.h"
#include "sim/fleet/device_random.h"
#include "sim/engine/vector_code.h"
#include "sim/input/scenario.h"

namespace tinyfleet {

// Sized by the limits the scenario reader enforces (sim/input/scenario.h).
constexpr int max_device_batteries = static_cast<int>(max_battery_blocks_per_class);
constexpr int max_class_regions = static_cast<int>(max_regions_per_class);

// A class's devices in one realization: every input resolved to a number or
// a device-level sampler.
struct ClassDevices {
    DeviceKey key;                          // seed, realization, class stream (cohort tag set per cohort)
    DeviceField lifetime_years, active_w, sleep_w, duty_cycle;
    double hours_per_year = 0.0;
    double charging_efficiency = 1.0;
    int region_count = 1;
    std::array<double, max_class_regions> region_cumulative{};  // normalised running sum of the mix weights
    double delivery_rate = 1.0;             // probability that a device's application delivers
    int battery_count = 0;                  // batteries whose cell count depends on the device
    std::array<BatteryTerms, max_device_batteries> batteries{};
    bool needs_second_lane = false;         // sleep power or duty cycle varies per device
};

// The probability that a device of the class is deployed in its region r
// (the draw counts the cumulative weights it reaches), and that its
// application delivers: the exact shares the simulated devices approach.
inline double region_probability(const ClassDevices& c, int r) {
    const double below = r == 0 ? 0.0 : c.region_cumulative[std::size_t(r - 1)];
    const double upto = r + 1 == c.region_count ? 1.0 : c.region_cumulative[std::size_t(r)];
    return upto - below;
}
inline double delivery_probability(const ClassDevices& c) { return std::clamp(c.delivery_rate, 0.0, 1.0); }

// Quantile tables of a class's device fields built for one realization (the
// exact mode's distributions that change with the realization), one per
// DeviceField of ClassDevices.
struct DeviceFieldTables {
    QuantileTable lifetime_years, active_w, sleep_w, duty_cycle;
};

// What device_batch consecutive devices of a class do, field by field
// (structure of arrays), so that the per-device arithmetic runs as vector
// instructions across the batch.
struct DeviceBatchOutcome {
    alignas(32) double grid_kwh_per_year[device_batch];  // [kWh/yr]
    alignas(32) double delivers[device_batch];           // 1 or 0
    alignas(32) double device_embodied_kg[device_batch]; // [kg CO2e]
    alignas(32) double spent_cells_kg[device_batch];     // [kg] replacement cells used up
    alignas(32) double first_year[device_batch];         // models::ServiceYears, field by field
    alignas(32) double last_year[device_batch];
    alignas(32) int retire_age[device_batch];
    alignas(32) int region[device_batch];
    alignas(32) double lifetime_years[device_batch];     // [yr] the draws themselves (the cohort mode's battery pairs)
    alignas(32) double device_kwh[device_batch];         // [kWh/yr] energy use, before charging losses

    models::DeviceOutcome operator[](int j) const {
        models::DeviceOutcome d;
        d.service = {retire_age[j], first_year[j], last_year[j]};
        d.region = region[j];
        d.grid_kwh_per_year = grid_kwh_per_year[j];
        d.delivers = delivers[j];
        d.device_embodied_kg = device_embodied_kg[j];
        d.spent_cells_kg = spent_cells_kg[j];
        return d;
    }
};

// The uniforms in (0, 1) of device_batch devices, one array per device
// field: what a device's draws are made from.
struct DeviceUniforms {
    enum Field { lifetime, active, region, delivery, sleep, duty, count };
    alignas(32) double field[count][device_batch];
};

// Draws devices first .. first + device_batch - 1 of the cohort in
// `key.cohort_tag` (lifetime, power, duty cycle, region, whether its
// application delivers: lane 0 words 0-3, lane 1 words 0-1 when
// c.needs_second_lane) and what each does over `horizon` age-years.
// `code`: VectorCode::baseline forces the SSE2 version (tests); both give the
// same bits (sim/engine/vector_code.h).
void simulate_devices(const ClassDevices& c, const DeviceKey& key, std::uint64_t first, int horizon,
                      DeviceBatchOutcome& out, VectorCode code = VectorCode::best);

// The same for devices whose uniforms are given (the cohort mode's
// representative devices, from a scrambled Sobol' net): device j of the
// batch is what a simulated device with uniforms u.field[.][j] does.
void simulate_devices_at(const ClassDevices& c, const DeviceUniforms& u, int horizon, DeviceBatchOutcome& out,
                         VectorCode code = VectorCode::best);

// Adds devices 0 .. count - 1 of the batch to the exact mode's bins, in
// order: the same sums as models::bin_device on each.
void bin_devices(const models::DeviceBins& binning, double* bins, const DeviceBatchOutcome& batch, int count,
                 VectorCode code = VectorCode::best);

// The exact mode's step: simulates devices first .. first + device_batch - 1
// (simulate_devices) and adds the first `count` of them to the bins
// (bin_devices), in one call so that the batch stays in the processor's
// registers and first-level cache between the two.
void simulate_and_bin_devices(const ClassDevices& c, const DeviceKey& key, std::uint64_t first, int horizon, int count,
                              const models::DeviceBins& binning, double* bins, VectorCode code = VectorCode::best);

// Zeroed bins for `binning` in `storage`, each bin one 64-byte cache line
// (a bin is 8 doubles): the binning's vector loads and stores then never
// straddle two lines. Returns the first bin.
double* aligned_bins(const models::DeviceBins& binning, std::vector<double>& storage);

// Devices first .. first + count - 1 (count <= device_batch);
// `visit(j, outcome)` is called for j < count.
template <class Visit>
inline void simulate_device_batch(const ClassDevices& c, const DeviceKey& key, std::uint64_t first, int count,
                                  int horizon, Visit&& visit) {
    DeviceBatchOutcome batch;
    simulate_devices(c, key, first, horizon, batch);
    for (int j = 0; j < count; ++j) visit(j, batch[j]);
}

}  // namespace tinyfleet
