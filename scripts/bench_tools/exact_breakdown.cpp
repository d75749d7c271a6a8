// Where the exact mode's time per device goes (built and run by scripts/bench;
// not a test). Times, on one thread, cumulative stages of one device:
//   1. Philox4x32-10 draws only (4 x 32 bits per device);
//   2. + inverse-transform sampling of lifetime and power (tabulated quantiles);
//   3. + the rest of the device (region, realisation, energy, service years);
//   4. + binning it for the cohort tally (the full per-device work);
// then the same devices as the exact mode runs them, device_batch at a time
// with the batched (AVX2) Philox:
//   5. batched Philox4x32-10 only;
//   6. the full device, batched (what sum_exact does per device).
#include <chrono>
#include <cstdio>
#include <vector>

#include "models/cohort_tally.h"
#include "sim/device_simulation.h"

using namespace tinyfleet;

int main(int argc, char** argv) {
    const std::uint64_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 50'000'000ull;
    const Distribution life = make_weibull(2.0, 3.385), power = make_lognormal_median_gsd(0.001, 2.0);
    const QuantileTable life_table(life), power_table(power);
    ClassDevices c;
    c.key = {20231101, 0, class_stream_id("bench"), 2025};
    c.lifetime_years = DeviceField::tabulated(&life_table);
    c.active_w = DeviceField::tabulated(&power_table);
    c.sleep_w = DeviceField::constant(0.0);
    c.duty_cycle = DeviceField::constant(1.0);
    c.hours_per_year = 8760;
    c.region_count = 5;
    for (int r = 0; r < 5; ++r) c.region_cumulative[std::size_t(r)] = (r + 1) / 5.0;
    c.realisation = 0.5;
    const models::DeviceBins binning{16, 5};
    std::vector<double> bins(binning.size(), 0.0);

    using clock = std::chrono::steady_clock;
    auto rate = [&](const char* what, auto body) {
        double sink = 0;
        const auto t0 = clock::now();
        for (std::uint64_t i = 0; i < n; ++i) sink += body(i);
        const double s = std::chrono::duration<double>(clock::now() - t0).count();
        std::printf("  %-46s %6.1f ns/device  %8.3g devices/s  (checksum %g)\n", what, 1e9 * s / double(n),
                    double(n) / s, sink);
    };
    std::printf("exact-mode cost per device, 1 thread, %llu devices\n", static_cast<unsigned long long>(n));
    rate("1. Philox4x32-10 (4 x 32 bits)", [&](std::uint64_t i) {
        const auto b = device_bits(c.key, i, 0);
        return double(b[0] ^ b[3]);
    });
    rate("2. + lifetime and power quantiles (tables)", [&](std::uint64_t i) {
        const auto b = device_bits(c.key, i, 0);
        return c.lifetime_years.draw(uniform_from32(b[0])) + c.active_w.draw(uniform_from32(b[1]));
    });
    rate("3. + region, realisation, energy, service years", [&](std::uint64_t i) {
        const models::DeviceOutcome d = simulate_device(c, c.key, i, 16);
        return d.grid_kwh_per_year + d.realises + d.region + d.service.first_year;
    });
    rate("4. + binning into the cohort tally (the full device)", [&](std::uint64_t i) {
        models::bin_device(binning, bins.data(), simulate_device(c, c.key, i, 16));
        return 0.0;
    });
    auto batched_rate = [&](const char* what, auto body) {
        double sink = 0;
        const auto t0 = clock::now();
        for (std::uint64_t i = 0; i < n; i += device_batch) sink += body(i);
        const double s = std::chrono::duration<double>(clock::now() - t0).count();
        std::printf("  %-46s %6.1f ns/device  %8.3g devices/s  (checksum %g)\n", what, 1e9 * s / double(n),
                    double(n) / s, sink);
    };
    batched_rate("5. Philox4x32-10, batched", [&](std::uint64_t i) {
        DeviceBitsBatch b;
        device_bits_batch(c.key, i, 0, b);
        return double(b.word[0][3] ^ b.word[3][11]);
    });
    batched_rate("6. the full device, batched (exact mode)", [&](std::uint64_t i) {
        simulate_device_batch(c, c.key, i, device_batch, 16,
                              [&](int, const models::DeviceOutcome& d) { models::bin_device(binning, bins.data(), d); });
        return 0.0;
    });
    return 0;
}
