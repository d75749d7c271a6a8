#include "sim/fleet/device_simulation.h"

#include <cmath>
#include <cstdint>
#include <cstring>

// The batch loops are compiled three times, for AVX-512, AVX2 and baseline
// x86-64 (SSE2), and the processor's best is used (VectorCode::best). The
// loops run over a batch of devices without branches on random draws, so the
// compiler turns them into vector instructions; all versions perform the same
// IEEE operations in the same order (this file is compiled with
// -ffp-contract=off), so they give the same bits
// (tests/unit/sim/fleet/test_device_batch.cpp runs each).
//
// The AVX-512 version keeps 256-bit vectors (512-bit ones were slower on AMD
// Zen 4, which splits them in two). What it gains is twice the vector
// registers: the batch's values stay in registers through the binning
// (docs/performance.md).

namespace tinyfleet {

namespace {
constexpr int n = device_batch;

// Four doubles as one vector (GCC vector extension: one AVX register in the
// AVX2 clone, two SSE2 registers in the baseline one).
typedef double Vector4 __attribute__((vector_size(32)));

using Isa = InstructionSet;

// A field's draws for the batch; a tabulated field in the AVX2 and AVX-512
// versions reads its nodes a cell at a time (QuantileTable::many_avx2), the
// same bits.
template <Isa isa>
[[gnu::always_inline]] inline void draw_field(const DeviceField& f, const double* u, double* out) {
#if defined(__x86_64__)
    if constexpr (isa != Isa::baseline) {
        static_assert(n % 4 == 0, "whole vectors of four draws");
        if (const QuantileTable* table = f.table()) {
            table->many_avx2(u, out, n);
            return;
        }
    }
#endif
    f.draw_many(u, out, n);
}

// What the devices whose uniforms are `U` do: the same function for Philox
// uniforms (simulated devices) and given ones (representative devices).
// Inlined into each instruction-set version below (always_inline: a large
// function with two callers would otherwise be compiled once, for baseline).
template <Isa isa>
[[gnu::always_inline]] inline void outcome_batch(const ClassDevices& c, const DeviceUniforms& U, int horizon,
                                                 DeviceBatchOutcome& out) {
    // Everything is computed in local arrays from local copies of the class's
    // numbers: `out` could alias `c` as far as the compiler knows, and every
    // store through it would force the class's numbers to be reloaded.
    alignas(32) double life[n], active[n], sleep[n], duty[n];
    draw_field<isa>(c.lifetime_years, U.field[DeviceUniforms::lifetime], life);
    draw_field<isa>(c.active_w, U.field[DeviceUniforms::active], active);
    draw_field<isa>(c.sleep_w, U.field[DeviceUniforms::sleep], sleep);
    draw_field<isa>(c.duty_cycle, U.field[DeviceUniforms::duty], duty);
    const double* const u_region = U.field[DeviceUniforms::region];
    const double* const u_delivery = U.field[DeviceUniforms::delivery];

    // Region: how many of the mix's cumulative weights the draw reaches.
    // Realisation: a Bernoulli draw. Both as arithmetic, not branches (a
    // branch on a random draw is mispredicted about half the time).
    alignas(32) double region[n], delivers[n];
    for (int j = 0; j < n; ++j) region[j] = 0.0;
    for (int r = 0; r + 1 < c.region_count; ++r) {
        const double edge = c.region_cumulative[std::size_t(r)];
        // simd: otherwise GCC vectorizes the loop over regions instead, a
        // few regions per vector and the rest one by one.
#pragma omp simd
        for (int j = 0; j < n; ++j) region[j] += u_region[j] >= edge ? 1.0 : 0.0;
    }
    const double delivery_rate = c.delivery_rate;
    for (int j = 0; j < n; ++j) delivers[j] = u_delivery[j] < delivery_rate ? 1.0 : 0.0;

    alignas(32) double device_kwh[n], grid_kwh[n], embodied[n], spent[n];
    const double hours = c.hours_per_year, efficiency = c.charging_efficiency;
    for (int j = 0; j < n; ++j) {
        device_kwh[j] = models::use_phase_device_energy_kwh(active[j], sleep[j], duty[j], hours);
        embodied[j] = 0.0;
        spent[j] = 0.0;
    }
    // A charger of efficiency 1 (the default) passes the device's energy on:
    // x / 1 == x exactly, so the division, the loop's slowest instruction, is
    // left out with the same bits.
    if (efficiency == 1.0) {
        for (int j = 0; j < n; ++j) grid_kwh[j] = device_kwh[j];
    } else {
        for (int j = 0; j < n; ++j) grid_kwh[j] = models::use_phase_grid_energy_kwh(device_kwh[j], efficiency);
    }
    for (int b = 0; b < c.battery_count; ++b) {
        const BatteryTerms t = c.batteries[std::size_t(b)];
        for (int j = 0; j < n; ++j) {
            const double replacements = models::battery_replacements(device_kwh[j], life[j], t.usable_wh, t.cycle_life);
            embodied[j] += models::battery_lifetime_embodied_kg(t.kg_per_battery, replacements);
            spent[j] += models::battery_spent_cells_kg(t.cell_mass_kg, replacements);
        }
    }

    for (int j = 0; j < n; ++j) {
        out.grid_kwh_per_year[j] = grid_kwh[j];
        out.delivers[j] = delivers[j];
        out.device_embodied_kg[j] = embodied[j];
        out.spent_cells_kg[j] = spent[j];
        out.region[j] = static_cast<int>(region[j]);
        out.lifetime_years[j] = life[j];
        out.device_kwh[j] = device_kwh[j];
    }
    // Lifetimes are >= 0 (the scenario reader rejects device distributions
    // reaching below 0), as models::service_years requires. Reads local
    // arrays only, so it writes `out` directly.
    for (int j = 0; j < n; ++j) {
        const models::ServiceYears service = models::service_years(life[j], horizon);
        out.retire_age[j] = service.retire_age;
        out.first_year[j] = service.first_year;
        out.last_year[j] = service.last_year;
    }
}

// The uniforms of devices first .. first + n - 1 from their Philox words
// (device_random.h): lane 0 words 0-3, lane 1 words 0-1 when the class has
// per-device sleep power or duty cycle (else those fields are constants,
// which read no uniform, and theirs are left unset). The Philox version of
// the caller's instruction set.
template <Isa isa>
[[gnu::always_inline]] inline void philox_uniforms(const ClassDevices& c, const DeviceKey& key, std::uint64_t first,
                                                   DeviceUniforms& U) {
    static_assert(DeviceUniforms::lifetime == 0 && DeviceUniforms::delivery == 3 && DeviceUniforms::duty == 5,
                  "lane 0's four words, then lane 1's first two");
    device_uniforms_batch(isa, key, first, 0, 4, U.field);
    if (c.needs_second_lane) device_uniforms_batch(isa, key, first, 1, 2, U.field + DeviceUniforms::sleep);
}

template <Isa isa>
[[gnu::always_inline]] inline void simulate_batch(const ClassDevices& c, const DeviceKey& key, std::uint64_t first,
                                                  int horizon, DeviceBatchOutcome& out) {
    DeviceUniforms U;
    philox_uniforms<isa>(c, key, first, U);
    outcome_batch<isa>(c, U, horizon, out);
}

// Rows r0..r3 (four values of four devices) into columns: c_k holds device
// k's four values. Shuffles only, so the values are the same bits.
[[gnu::always_inline]] inline void transpose4(Vector4& r0, Vector4& r1, Vector4& r2, Vector4& r3) {
    const Vector4 t0 = __builtin_shufflevector(r0, r1, 0, 4, 2, 6), t1 = __builtin_shufflevector(r0, r1, 1, 5, 3, 7);
    const Vector4 t2 = __builtin_shufflevector(r2, r3, 0, 4, 2, 6), t3 = __builtin_shufflevector(r2, r3, 1, 5, 3, 7);
    r0 = __builtin_shufflevector(t0, t2, 0, 1, 4, 5);
    r1 = __builtin_shufflevector(t1, t3, 0, 1, 4, 5);
    r2 = __builtin_shufflevector(t0, t2, 2, 3, 6, 7);
    r3 = __builtin_shufflevector(t1, t3, 2, 3, 6, 7);
}

// (By reference, not by value: a vector argument or result would change the
// baseline version's calling convention, -Wpsabi.)
[[gnu::always_inline]] inline void load4(const double* p, Vector4& v) { std::memcpy(&v, p, sizeof v); }

// Adds one device's bin values (low: values 0-3, high: 4-7) to the bin at `bin`.
[[gnu::always_inline]] inline void add_to_bin(double* bin, const Vector4& low, const Vector4& high) {
    Vector4 sum_low, sum_high;
    load4(bin, sum_low);
    load4(bin + 4, sum_high);
    sum_low += low;
    sum_high += high;
    std::memcpy(bin, &sum_low, sizeof sum_low);
    std::memcpy(bin + 4, &sum_high, sizeof sum_high);
}

// The values of models::device_bin_values for four devices at a time, as
// vectors across the devices, turned into one bin's two vectors per device
// by shuffles (not assembled value by value); each device's bin is then
// read, added to and written back in device order, so every bin sums its
// devices in the order bin_device would.
[[gnu::always_inline]] inline void bin_batch(const models::DeviceBins& binning, double* bins,
                                             const DeviceBatchOutcome& batch, int count) {
    static_assert(models::DeviceBins::width == 8, "a bin is two vectors of four values");
    static_assert(n % 4 == 0, "whole vectors of four devices");
    const int ages = binning.ages + 1;
    alignas(32) int offset[n];
    for (int j = 0; j < n; ++j) offset[j] = (batch.region[j] * ages + batch.retire_age[j]) * models::DeviceBins::width;
    for (int j0 = 0; j0 < count; j0 += 4) {
        Vector4 e, w, first, last, embodied;
        load4(batch.grid_kwh_per_year + j0, e);
        load4(batch.delivers + j0, w);
        load4(batch.first_year + j0, first);
        load4(batch.last_year + j0, last);
        load4(batch.device_embodied_kg + j0, embodied);
        Vector4 d0 = Vector4{1.0, 1.0, 1.0, 1.0}, d1 = e, d2 = e * first, d3 = e * last;
        Vector4 h0 = w, h1 = w * first, h2 = w * last, h3 = embodied;
        transpose4(d0, d1, d2, d3);
        transpose4(h0, h1, h2, h3);
        const int in_vector = count - j0;  // devices of this vector to add (the batch's last may be partial)
        add_to_bin(bins + offset[j0], d0, h0);
        if (in_vector > 1) add_to_bin(bins + offset[j0 + 1], d1, h1);
        if (in_vector > 2) add_to_bin(bins + offset[j0 + 2], d2, h2);
        if (in_vector > 3) add_to_bin(bins + offset[j0 + 3], d3, h3);
    }
}

void simulate_baseline(const ClassDevices& c, const DeviceKey& key, std::uint64_t first, int horizon,
                       DeviceBatchOutcome& out) {
    simulate_batch<Isa::baseline>(c, key, first, horizon, out);
}
TINYFLEET_TARGET_AVX2 void simulate_avx2(const ClassDevices& c, const DeviceKey& key, std::uint64_t first, int horizon,
                                         DeviceBatchOutcome& out) {
    simulate_batch<Isa::avx2>(c, key, first, horizon, out);
}
TINYFLEET_TARGET_AVX512 void simulate_avx512(const ClassDevices& c, const DeviceKey& key, std::uint64_t first,
                                             int horizon, DeviceBatchOutcome& out) {
    simulate_batch<Isa::avx512>(c, key, first, horizon, out);
}
void outcome_baseline(const ClassDevices& c, const DeviceUniforms& U, int horizon, DeviceBatchOutcome& out) {
    outcome_batch<Isa::baseline>(c, U, horizon, out);
}
TINYFLEET_TARGET_AVX2 void outcome_avx2(const ClassDevices& c, const DeviceUniforms& U, int horizon,
                                        DeviceBatchOutcome& out) {
    outcome_batch<Isa::avx2>(c, U, horizon, out);
}
TINYFLEET_TARGET_AVX512 void outcome_avx512(const ClassDevices& c, const DeviceUniforms& U, int horizon,
                                            DeviceBatchOutcome& out) {
    outcome_batch<Isa::avx512>(c, U, horizon, out);
}
void bin_baseline(const models::DeviceBins& binning, double* bins, const DeviceBatchOutcome& batch, int count) {
    bin_batch(binning, bins, batch, count);
}
TINYFLEET_TARGET_AVX2 void bin_avx2(const models::DeviceBins& binning, double* bins, const DeviceBatchOutcome& batch,
                                    int count) {
    bin_batch(binning, bins, batch, count);
}
TINYFLEET_TARGET_AVX512 void bin_avx512(const models::DeviceBins& binning, double* bins,
                                        const DeviceBatchOutcome& batch, int count) {
    bin_batch(binning, bins, batch, count);
}
template <Isa isa>
[[gnu::always_inline]] inline void simulate_and_bin_batch(const ClassDevices& c, const DeviceKey& key,
                                                          std::uint64_t first, int horizon, int count,
                                                          const models::DeviceBins& binning, double* bins) {
    DeviceBatchOutcome batch;
    simulate_batch<isa>(c, key, first, horizon, batch);
    bin_batch(binning, bins, batch, count);
}
void simulate_and_bin_baseline(const ClassDevices& c, const DeviceKey& key, std::uint64_t first, int horizon, int count,
                               const models::DeviceBins& binning, double* bins) {
    simulate_and_bin_batch<Isa::baseline>(c, key, first, horizon, count, binning, bins);
}
TINYFLEET_TARGET_AVX2 void simulate_and_bin_avx2(const ClassDevices& c, const DeviceKey& key, std::uint64_t first,
                                                 int horizon, int count, const models::DeviceBins& binning,
                                                 double* bins) {
    simulate_and_bin_batch<Isa::avx2>(c, key, first, horizon, count, binning, bins);
}
TINYFLEET_TARGET_AVX512 void simulate_and_bin_avx512(const ClassDevices& c, const DeviceKey& key, std::uint64_t first,
                                                     int horizon, int count, const models::DeviceBins& binning,
                                                     double* bins) {
    simulate_and_bin_batch<Isa::avx512>(c, key, first, horizon, count, binning, bins);
}
}  // namespace

void simulate_devices(const ClassDevices& c, const DeviceKey& key, std::uint64_t first, int horizon,
                      DeviceBatchOutcome& out, VectorCode code) {
    switch (instruction_set(code)) {
    case Isa::avx512: return simulate_avx512(c, key, first, horizon, out);
    case Isa::avx2: return simulate_avx2(c, key, first, horizon, out);
    case Isa::baseline: return simulate_baseline(c, key, first, horizon, out);
    }
}

void simulate_devices_at(const ClassDevices& c, const DeviceUniforms& u, int horizon, DeviceBatchOutcome& out,
                         VectorCode code) {
    switch (instruction_set(code)) {
    case Isa::avx512: return outcome_avx512(c, u, horizon, out);
    case Isa::avx2: return outcome_avx2(c, u, horizon, out);
    case Isa::baseline: return outcome_baseline(c, u, horizon, out);
    }
}

void simulate_and_bin_devices(const ClassDevices& c, const DeviceKey& key, std::uint64_t first, int horizon, int count,
                              const models::DeviceBins& binning, double* bins, VectorCode code) {
    switch (instruction_set(code)) {
    case Isa::avx512: return simulate_and_bin_avx512(c, key, first, horizon, count, binning, bins);
    case Isa::avx2: return simulate_and_bin_avx2(c, key, first, horizon, count, binning, bins);
    case Isa::baseline: return simulate_and_bin_baseline(c, key, first, horizon, count, binning, bins);
    }
}

double* aligned_bins(const models::DeviceBins& binning, std::vector<double>& storage) {
    constexpr std::size_t line = 64 / sizeof(double);
    static_assert(models::DeviceBins::width == line, "a bin is one cache line");
    storage.assign(binning.size() + line - 1, 0.0);
    double* bins = storage.data();
    while (reinterpret_cast<std::uintptr_t>(bins) % 64 != 0) ++bins;
    return bins;
}

void bin_devices(const models::DeviceBins& binning, double* bins, const DeviceBatchOutcome& batch, int count,
                 VectorCode code) {
    switch (instruction_set(code)) {
    case Isa::avx512: return bin_avx512(binning, bins, batch, count);
    case Isa::avx2: return bin_avx2(binning, bins, batch, count);
    case Isa::baseline: return bin_baseline(binning, bins, batch, count);
    }
}

}  // namespace tinyfleet
