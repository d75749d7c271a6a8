// Where the exact mode's time per device goes (built and run by scripts/bench;
// not a test). One thread, devices of a class like the scenario's (tabulated
// Weibull lifetime and lognormal power, five regions, a delivery draw),
// device_batch at a time as sum_exact runs them:
//   1. Philox4x32-10 one device at a time (Random123), for reference;
//   2. Philox4x32-10 batched (AVX2 where available) into uniforms, the exact
//      mode's draws;
//   3. the device with constant lifetime and power: draws and arithmetic
//      (region, delivery, energy, service years) without table lookups;
//   4. the device as the exact mode draws it (+ two quantile-table lookups);
//   5. + binning it for the cohort tally: the full per-device work.
// Each stage runs `--repeats` times (3) and the fastest is reported: on a
// shared machine the fastest run is the one least disturbed by others.
// --cpu-time times each run by the thread's CPU time instead of the wall
// clock: on a loaded machine the time other jobs hold the core is then left
// out (their effect on the caches is not), which makes A/B comparisons of
// two builds steadier.
//
// Usage: exact_breakdown [DEVICES] [--repeats N] [--json] [--cpu-time]
// --json prints one object instead of the table (what scripts/bench reads):
//   {"devices": N, "threads": 1, "repeats": R, "avx2": true|false,
//    "stages": [{"stage": 1, "key": "philox_scalar", "what": "...",
//                "ns_per_device": x, "devices_per_s": x}, ...]}
// with the keys philox_scalar, philox_batched, device_arithmetic,
// quantile_tables, full_device; each stage's figure includes the stages
// before it (as in the table).
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <vector>

#include "models/fleet/cohort_tally.h"
#include "sim/fleet/device_simulation.h"

using namespace tinyfleet;

namespace {

struct TimedStage {
    const char* key;    // JSON name
    const char* label;  // table line
    std::function<double()> run;  // returns a checksum, so the work is not optimised away
};

int usage(const char* program) {
    std::fprintf(stderr, "usage: %s [DEVICES] [--repeats N] [--json] [--cpu-time]\n", program);
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::uint64_t n = 50'000'000ull;
    int repeats = 3;
    bool json = false, cpu_time = false;
    for (int a = 1; a < argc; ++a) {
        if (std::strcmp(argv[a], "--json") == 0) {
            json = true;
        } else if (std::strcmp(argv[a], "--cpu-time") == 0) {
            cpu_time = true;
        } else if (std::strcmp(argv[a], "--repeats") == 0 && a + 1 < argc) {
            repeats = std::atoi(argv[++a]);
            if (repeats < 1) return usage(argv[0]);
        } else {
            char* end = nullptr;
            n = std::strtoull(argv[a], &end, 10);
            if (*end != '\0' || n == 0) return usage(argv[0]);
        }
    }

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
    // One cache line per bin, as sum_exact holds them (aligned_bins).
    std::vector<double> bin_storage;
    double* const bins = aligned_bins(binning, bin_storage);

    auto devices = [&](const ClassDevices& k, bool bin) {
        double sink = 0;
        DeviceBatchOutcome batch;
        for (std::uint64_t i = 0; i < n; i += device_batch) {
            if (bin) {
                simulate_and_bin_devices(k, k.key, i, 16, device_batch, binning, bins);
            } else {
                simulate_devices(k, k.key, i, 16, batch);
                sink += batch.grid_kwh_per_year[3] + batch.first_year[7] + batch.region[11] + batch.delivers[15];
            }
        }
        return bin ? bins[1] : sink;
    };
    const TimedStage stages[] = {
        {"philox_scalar", "1. Philox4x32-10, one device at a time",
         [&] {
             double sink = 0;
             for (std::uint64_t i = 0; i < n; ++i) {
                 const auto b = device_bits(c.key, i, 0);
                 sink += double(b[0] ^ b[3]);
             }
             return sink;
         }},
        {"philox_batched", "2. Philox4x32-10, batched, as uniforms",
         [&] {
             double sink = 0;
             double u[4][device_batch];
             for (std::uint64_t i = 0; i < n; i += device_batch) {
                 device_uniforms_batch(c.key, i, 0, 4, u);
                 sink += u[0][3] + u[3][11];
             }
             return sink;
         }},
        {"device_arithmetic", "3. + device arithmetic (constant lifetime and power)",
         [&] { return devices(constant, false); }},
        {"quantile_tables", "4. + lifetime and power from quantile tables", [&] { return devices(c, false); }},
        {"full_device", "5. + binning into the cohort tally (the full device)", [&] { return devices(c, true); }},
    };

    // Seconds on the wall clock, or of this thread's CPU time (--cpu-time).
    auto seconds_now = [cpu_time] {
        if (cpu_time) {
            timespec t{};
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
            return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
        }
        return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    };
    if (json)
        std::printf("{\"devices\": %llu, \"threads\": 1, \"repeats\": %d, \"avx2\": %s, \"stages\": [",
                    static_cast<unsigned long long>(n), repeats, processor_has_avx2() ? "true" : "false");
    else
        std::printf("exact-mode cost per device, 1 thread, %llu devices, fastest of %d\n",
                    static_cast<unsigned long long>(n), repeats);
    int number = 0;
    for (const TimedStage& stage : stages) {
        ++number;
        double best = 0, sink = 0;
        for (int r = 0; r < repeats; ++r) {
            const double t0 = seconds_now();
            sink = stage.run();
            const double s = seconds_now() - t0;
            if (r == 0 || s < best) best = s;
        }
        const double ns = 1e9 * best / double(n);
        if (json)  // the label without its "N. " (the stage number is its own field)
            std::printf("%s{\"stage\": %d, \"key\": \"%s\", \"what\": \"%s\", \"ns_per_device\": %.3f, "
                        "\"devices_per_s\": %.6g}",
                        number == 1 ? "" : ", ", number, stage.key, stage.label + 3, ns, double(n) / best);
        else
            std::printf("  %-52s %6.2f ns/device  %8.3g devices/s  (checksum %g)\n", stage.label, ns,
                        double(n) / best, sink);
    }
    if (json) std::printf("]}\n");
    return 0;
}
