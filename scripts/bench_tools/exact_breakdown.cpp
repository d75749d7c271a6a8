// Where the exact mode's time per device goes (built and run by scripts/bench;
// not a test). One thread, devices of a class like the scenario's (tabulated
// Weibull lifetime and lognormal power, five regions, a delivery draw),
// device_batch at a time as sum_exact runs them:
//   1. Philox4x32-10 one device at a time (Random123), for reference;
//   2. Philox4x32-10 batched (AVX2 where available), the exact mode's draws;
//   3. the device with constant lifetime and power: draws and arithmetic
//      (region, delivery, energy, service years) without table lookups;
//   4. the device as the exact mode draws it (+ two quantile-table lookups);
//   5. + binning it for the cohort tally: the full per-device work.
#include <chrono>
#include <cstdio>
#include <vector>

#include "models/fleet/cohort_tally.h"
#include "sim/fleet/device_simulation.h"

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
    c.delivery_rate = 0.5;
    ClassDevices constant = c;
    constant.lifetime_years = DeviceField::constant(3.0);
    constant.active_w = DeviceField::constant(0.001);
    const models::DeviceBins binning{16, 5};
    std::vector<double> bins(binning.size(), 0.0);

    using clock = std::chrono::steady_clock;
    auto report = [&](const char* what, clock::time_point t0, double sink) {
        const double s = std::chrono::duration<double>(clock::now() - t0).count();
        std::printf("  %-52s %6.1f ns/device  %8.3g devices/s  (checksum %g)\n", what, 1e9 * s / double(n),
                    double(n) / s, sink);
    };
    std::printf("exact-mode cost per device, 1 thread, %llu devices\n", static_cast<unsigned long long>(n));
    {
        double sink = 0;
        const auto t0 = clock::now();
        for (std::uint64_t i = 0; i < n; ++i) {
            const auto b = device_bits(c.key, i, 0);
            sink += double(b[0] ^ b[3]);
        }
        report("1. Philox4x32-10, one device at a time", t0, sink);
    }
    {
        double sink = 0;
        const auto t0 = clock::now();
        DeviceBitsBatch b;
        for (std::uint64_t i = 0; i < n; i += device_batch) {
            device_bits_batch(c.key, i, 0, b);
            sink += double(b.word[0][3] ^ b.word[3][11]);
        }
        report("2. Philox4x32-10, batched", t0, sink);
    }
    auto devices = [&](const char* what, const ClassDevices& k, bool bin) {
        double sink = 0;
        const auto t0 = clock::now();
        DeviceBatchOutcome batch;
        for (std::uint64_t i = 0; i < n; i += device_batch) {
            simulate_devices(k, k.key, i, 16, batch);
            if (bin)
                bin_devices(binning, bins.data(), batch, device_batch);
            else
                sink += batch.grid_kwh_per_year[3] + batch.first_year[7] + batch.region[11] + batch.delivers[15];
        }
        report(what, t0, bin ? bins[1] : sink);
    };
    devices("3. + device arithmetic (constant lifetime and power)", constant, false);
    devices("4. + lifetime and power from quantile tables", c, false);
    devices("5. + binning into the cohort tally (the full device)", c, true);
    return 0;
}
