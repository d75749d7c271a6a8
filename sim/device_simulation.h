// One simulated device of a class in one realization: its draws (lifetime,
// power, duty cycle, region, whether its application delivers) and what it
// adds to its cohort's tally. Shared by the exact mode (every device) and
// the cohort mode (representative devices), so both modes simulate the same
// device.
#pragma once
#include <array>
#include <cstdint>

#include "models/battery.h"
#include "models/cohort_tally.h"
#include "models/use_phase.h"
#include "sim/bom_blocks.h"
#include "sim/device_field.h"
#include "sim/device_random.h"

namespace tinyfleet {

constexpr int max_device_batteries = 4;
constexpr int max_class_regions = 64;

// A class's devices in one realization: every input resolved to a number or
// a device-level sampler.
struct ClassDevices {
    DeviceKey key;                          // seed, realization, class stream (cohort tag set per cohort)
    DeviceField lifetime_years, active_w, sleep_w, duty_cycle;
    double hours_per_year = 0.0;
    double charging_efficiency = 1.0;
    int region_count = 1;
    std::array<double, max_class_regions> region_cumulative{};  // normalised running sum of the mix weights
    double realisation = 1.0;               // probability that a device's application delivers
    int battery_count = 0;                  // batteries whose cell count depends on the device
    std::array<BatteryTerms, max_device_batteries> batteries{};
    bool needs_second_lane = false;         // sleep power or duty cycle varies per device
};

// What a device with random words `bits` (lane 0) and `more` (lane 1, read
// only when c.needs_second_lane) does over `horizon` age-years.
inline models::DeviceOutcome device_from_bits(const ClassDevices& c, const std::uint32_t (&bits)[4],
                                              const std::uint32_t (&more)[4], int horizon) {
    const double life = c.lifetime_years.draw(uniform_from32(bits[0]));
    const double active = c.active_w.draw(uniform_from32(bits[1]));
    double sleep = c.sleep_w.value(), duty = c.duty_cycle.value();
    if (c.needs_second_lane) {
        sleep = c.sleep_w.draw(uniform_from32(more[0]));
        duty = c.duty_cycle.draw(uniform_from32(more[1]));
    }
    models::DeviceOutcome d;
    // Branch-free: region and realisation draws are random, so branches on
    // them would be mispredicted about half the time.
    const double u_region = uniform_from32(bits[2]);
    int region = 0;
    for (int r = 0; r + 1 < c.region_count; ++r) region += u_region >= c.region_cumulative[std::size_t(r)];
    d.region = region;
    d.realises = uniform_from32(bits[3]) < c.realisation ? 1.0 : 0.0;
    const double device_kwh = models::use_phase_device_energy_kwh(active, sleep, duty, c.hours_per_year);
    d.grid_kwh_per_year = models::use_phase_grid_energy_kwh(device_kwh, c.charging_efficiency);
    for (int b = 0; b < c.battery_count; ++b) {
        const BatteryTerms& t = c.batteries[std::size_t(b)];
        d.device_embodied_kg += models::battery_lifetime_embodied_kg(
            t.kg_per_battery, models::battery_replacements(device_kwh, life, t.usable_wh, t.cycle_life));
    }
    d.service = models::service_years(life, horizon);
    return d;
}

// Draws device `device` of the cohort in `key.cohort_tag` and returns what it
// does over `horizon` age-years.
inline models::DeviceOutcome simulate_device(const ClassDevices& c, const DeviceKey& key, std::uint64_t device,
                                             int horizon) {
    std::uint32_t bits[4], more[4] = {0, 0, 0, 0};
    const std::array<std::uint32_t, 4> b = device_bits(key, device, 0);
    for (int w = 0; w < 4; ++w) bits[w] = b[std::size_t(w)];
    if (c.needs_second_lane) {
        const std::array<std::uint32_t, 4> m = device_bits(key, device, 1);
        for (int w = 0; w < 4; ++w) more[w] = m[std::size_t(w)];
    }
    return device_from_bits(c, bits, more, horizon);
}

// The same for devices first .. first + device_batch - 1, drawn together
// (device_bits_batch); `visit(j, outcome)` is called for j < count.
template <class Visit>
inline void simulate_device_batch(const ClassDevices& c, const DeviceKey& key, std::uint64_t first, int count,
                                  int horizon, Visit&& visit) {
    DeviceBitsBatch lane0, lane1;
    device_bits_batch(key, first, 0, lane0);
    if (c.needs_second_lane) device_bits_batch(key, first, 1, lane1);
    for (int j = 0; j < count; ++j) {
        const std::uint32_t bits[4] = {lane0.word[0][j], lane0.word[1][j], lane0.word[2][j], lane0.word[3][j]};
        std::uint32_t more[4] = {0, 0, 0, 0};
        if (c.needs_second_lane)
            for (int w = 0; w < 4; ++w) more[w] = lane1.word[w][j];
        visit(j, device_from_bits(c, bits, more, horizon));
    }
}

}  // namespace tinyfleet
