// Sums over the devices of one cohort (devices of one class shipped in the
// same calendar year), in age coordinates: age-year k is calendar year
// (shipment year + k). Each device adds O(1) numbers whatever its lifetime:
// years of full service go into difference arrays that finish_tally() turns
// into per-age values. A tally is a flat array of doubles, so partial tallies
// of device blocks are summed element by element (in a fixed order) and can
// be sent between processes as they are.
//
// After finish_tally(), for age k = 0..ages-1:
//   alive[k]          devices in service at the end of age-year k
//   retired[k]        devices retired during age-year k
//   grid_kwh[r][k]    grid energy drawn in age-year k by devices in region r [kWh]
//   delivering[r][k]  device-years of service in region r of devices whose
//                     application delivers its savings [device-years]
//   device_embodied   embodied emissions that differ device by device (the
//                     battery with its replacements) [kg CO2e], one number
// Slot `ages` of each array collects what falls after the simulated window.
#pragma once
#include <cstddef>
#include <cstdint>

#include "models/fleet/service_years.h"

namespace tinyfleet::models {

struct TallyLayout {
    int ages = 0;
    int regions = 0;
    std::size_t stride() const { return static_cast<std::size_t>(ages) + 1; }
    // Offsets of each array in the flat tally.
    std::size_t alive() const { return 0; }
    std::size_t retired() const { return stride(); }
    std::size_t device_embodied() const { return 2 * stride(); }
    std::size_t grid_kwh(int r) const { return 2 * stride() + 1 + std::size_t(r) * 4 * stride(); }
    std::size_t grid_kwh_partial(int r) const { return grid_kwh(r) + stride(); }
    std::size_t delivering(int r) const { return grid_kwh(r) + 2 * stride(); }
    std::size_t delivering_partial(int r) const { return grid_kwh(r) + 3 * stride(); }
    std::size_t size() const { return 2 * stride() + 1 + std::size_t(regions) * 4 * stride(); }
};

// One simulated device.
struct DeviceOutcome {
    ServiceYears service;
    int region = 0;                  // index of its deployment region
    double grid_kwh_per_year = 0.0;  // grid energy it draws per year of service [kWh/yr]
    double delivers = 0.0;           // 1 if its application delivers savings, else 0
    double device_embodied_kg = 0.0; // device-dependent embodied emissions [kg CO2e]
    double spent_cells_kg = 0.0;     // mass of the battery cells it replaced over its life [kg]
};

// The mean over `count` devices of the mass of their spent replacement cells [kg per device].
inline double mean_spent_cells_kg(const DeviceOutcome* devices, std::size_t count) {
    double sum = 0.0;
    for (std::size_t i = 0; i < count; ++i) sum += devices[i].spent_cells_kg;
    return count == 0 ? 0.0 : sum / double(count);
}

// Adds `weight` times the device to the tally (weight 1 for a simulated
// device; +-1 for the cohort mode's noise term).
inline void tally_device(const TallyLayout& L, double* t, const DeviceOutcome& d, double weight) {
    const int K = d.service.retire_age;
    const std::size_t end = static_cast<std::size_t>(K);
    t[L.alive()] += weight;                 // alive at the end of ages 0..K-1
    t[L.alive() + end] -= weight;
    t[L.retired() + end] += weight;
    t[L.device_embodied()] += weight * d.device_embodied_kg;
    const double e = weight * d.grid_kwh_per_year;
    double* grid = t + L.grid_kwh(d.region);
    double* grid_partial = t + L.grid_kwh_partial(d.region);
    grid_partial[0] += e * d.service.first_year;
    if (K > 0) {                            // full years 1..K-1, then the last partial year
        grid[1] += e;
        grid[end] -= e;
        grid_partial[end] += e * d.service.last_year;
    }
    // Unconditional (d.delivers is 0 or 1): a branch on a random draw costs more.
    const double w = weight * d.delivers;
    double* delivering = t + L.delivering(d.region);
    double* delivering_partial = t + L.delivering_partial(d.region);
    delivering_partial[0] += w * d.service.first_year;
    if (K > 0) {
        delivering[1] += w;
        delivering[end] -= w;
        delivering_partial[end] += w * d.service.last_year;
    }
}

// Devices binned by (region, retirement age): everything a device adds to a
// tally depends only on those two and on a few sums, so the exact mode's hot
// loop adds 8 numbers to one contiguous bin (one cache line) per device and
// the bins are spread into a tally once per block of devices. Same totals as
// tally_device(), summed in another order.
struct DeviceBins {
    static constexpr int width = 8;  // count, energy, energy x first, energy x last, the same for delivering, embodied
    int ages = 0;
    int regions = 0;
    std::size_t count() const { return std::size_t(regions) * (std::size_t(ages) + 1); }  // bins
    std::size_t size() const { return count() * width; }                                  // values
    std::size_t index(const DeviceOutcome& d) const {
        return std::size_t(d.region) * (std::size_t(ages) + 1) + std::size_t(d.service.retire_age);
    }
};

// A device's 8 bin values, in DeviceBins order.
inline void device_bin_values(const DeviceOutcome& d, double* v) {
    const double e = d.grid_kwh_per_year, w = d.delivers;
    v[0] = 1.0;
    v[1] = e;
    v[2] = e * d.service.first_year;
    v[3] = e * d.service.last_year;
    v[4] = w;
    v[5] = w * d.service.first_year;
    v[6] = w * d.service.last_year;
    v[7] = d.device_embodied_kg;
}

inline void bin_device(const DeviceBins& B, double* bins, const DeviceOutcome& d) {
    double* b = bins + B.index(d) * DeviceBins::width;
    double v[DeviceBins::width];
    device_bin_values(d, v);
    for (int k = 0; k < DeviceBins::width; ++k) b[k] += v[k];
}

// Sums over devices of what their expected bins are made of, by retirement
// age K = 0..ages: how many retire at K, their service in the first and in
// the last age-year, their device-dependent embodied emissions; and their
// grid energy per year. Flat: [count][ages + 1], [first][ages + 1],
// [last][ages + 1], [embodied][ages + 1], then the energy sum.
struct DeviceMoments {
    int ages = 0;
    std::size_t stride() const { return static_cast<std::size_t>(ages) + 1; }
    std::size_t count() const { return 0; }
    std::size_t first() const { return stride(); }
    std::size_t last() const { return 2 * stride(); }
    std::size_t embodied() const { return 3 * stride(); }
    std::size_t grid_kwh_per_year() const { return 4 * stride(); }
    std::size_t size() const { return 4 * stride() + 1; }
};

// Adds devices[0..count-1] to the sums, in order. The energy sum is one
// running sum in a register (not a chain of loads and stores through `sums`).
inline void add_device_moments(const DeviceMoments& M, double* sums, const DeviceOutcome* devices, std::size_t count) {
    double energy = sums[M.grid_kwh_per_year()];
    for (std::size_t i = 0; i < count; ++i) {
        const DeviceOutcome& d = devices[i];
        const auto K = static_cast<std::size_t>(d.service.retire_age);
        sums[M.count() + K] += 1.0;
        sums[M.first() + K] += d.service.first_year;
        sums[M.last() + K] += d.service.last_year;
        sums[M.embodied() + K] += d.device_embodied_kg;
        energy += d.grid_kwh_per_year;
    }
    sums[M.grid_kwh_per_year()] = energy;
}

// The bins of one average device (bins[size()], overwritten) when its region,
// whether its application delivers, its grid energy per year and its
// lifetime are independent (the fleet engine draws each from its own
// uniform): the expectation of a product is then the product of
// expectations, so a bin (region r, retirement age K) holds
//   w_r x (P_K, e P_K, e F_K, e L_K, d P_K, d F_K, d L_K, B_K)
// with w_r = region_weights[r], d = delivery_rate, e = mean_grid_kwh_per_year,
// and P_K = P(retire at K), F_K = E[first-year service; K], L_K =
// E[last-year service; K] and B_K = E[device embodied; K] estimated from
// `devices` devices' moment sums. Only the lifetime and the battery terms
// are then sampled; region shares, the delivery share and the energy are exact.
void expected_device_bins(const DeviceBins& B, const DeviceMoments& M, const double* sums, double devices,
                          const double* region_weights, double delivery_rate, double mean_grid_kwh_per_year,
                          double* bins);

// The cohort mode's noise signs rearranged device by device: bit i % 32 of
// words[(i / 32) * cohorts + j] (the sign of device i in cohort j, set = +1)
// goes to bit j % 16 of out[i * W + j / 16], W = sign_words_per_device(cohorts),
// for devices i = 0..m-1; bits past the last cohort are 0.
std::size_t sign_words_per_device(int cohorts);
void device_sign_masks(const std::uint32_t* words, int cohorts, std::size_t m, std::uint16_t* out);

// Devices of one bin summed into `columns` bin sets at once, each device
// with weight +1 or -1 in each set, less a multiple of their plain sum:
// block[v * columns + j] = sum_i values[i * 8 + v] * w_ij
//                          - centre[j] * sum_i values[i * 8 + v]
// over the bin's devices i = devices[0..n-1], where w_ij = +1 if bit j % 16
// of signs[i * W + j / 16] is set, else -1 (W = sign_words_per_device(columns),
// device_sign_masks). `block` is one bin of value-major bins (element (bin
// value v, set j) of the bin) and is overwritten (n = 0: zeros); columns is
// a multiple of 4. The cohort mode sums the noise terms of all cohorts of a
// class with it: random signs, and centre[j] = (sum of set j's signs over
// all the class's m devices) / m, which centres the noise term on the
// devices' mean.
// Summation order: the devices in groups of three (k = 3g..3g+2, the last
// group padded with zeros), a group's signed sum as (w0 x0 + w1 x1) + w2 x2;
// the groups summed in order in runs of 16, the first run's sums stored in
// the block and the later runs' sums added in order, and the centring
// subtracted last (the plain sum is the all-plus signed sum, summed the same
// way). Each group's 8 sign combinations are formed once and every
// set picks its own, so a device costs a few additions whatever the number
// of sets. `baseline`: the baseline (SSE2) version even where AVX2 is
// available (tests: both give the same bits).
void add_signed_bin(double* block, int columns, const double* values, const std::uint16_t* signs,
                    const std::uint32_t* devices, int n, const double* centre, bool baseline = false);

// tally += the binned devices: column `column` of value-major bins with
// `columns` sets (add_signed_bin; columns = 1: as bin_device writes them).
void add_bins_to_tally(const DeviceBins& B, const double* bins, const TallyLayout& L, double* tally, int column = 0,
                       int columns = 1);

// The same for every column at once: tallies[i * columns + j] += element i
// of column j's tally, for j = 0..columns-1 (the same bits as
// add_bins_to_tally(B, bins, L, tally, j, columns) on each column).
void add_bins_to_tallies(const DeviceBins& B, const double* bins, const TallyLayout& L, double* tallies,
                         int columns);

// tallies += one bin of binned devices (`bin`, a DeviceBins bin index;
// `block` its values, value-major with `columns` sets as add_signed_bin
// writes them): the additions add_bins_to_tallies makes for that bin.
void add_bin_to_tallies(const DeviceBins& B, std::size_t bin, const double* block, const TallyLayout& L,
                        double* tallies, int columns);

// Turns the difference arrays into per-age values (in place; partial arrays
// are folded into the main ones and then hold nothing of meaning).
void finish_tally(const TallyLayout& L, double* tally);

// finish_tally() on each column of tallies[i * columns + j] at once (the same
// bits as finish_tally on each column alone).
void finish_tallies(const TallyLayout& L, double* tallies, int columns);

}  // namespace tinyfleet::models
