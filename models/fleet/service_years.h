// When a device is in service, year by year (the fleet model's convention for
// partial years, docs/model.md "Partial years").
//
// A device shipped in calendar year s enters service at mid-year, s + 1/2
// (shipments spread evenly over the year), and serves for its lifetime L
// [years]. In age-year k (calendar year s + k) it serves:
//   if it retires in its first year (L < 1/2):  k = 0: L
//   otherwise, with K = floor(L + 1/2) its retirement age-year:
//     k = 0:           1/2
//     0 < k < K:       1
//     k = K:           L + 1/2 - K
// It is in service at the end of age-year k when L + 1/2 > k + 1, i.e. k < K,
// and is counted as retired in age-year K. Summed over k the service is L.
#pragma once
#include <cmath>

namespace tinyfleet::models {

struct ServiceYears {
    int retire_age;        // K, capped at `horizon` (= retires after the simulated window)
    double first_year;     // years of service in age-year 0
    double last_year;      // years of service in age-year K (0 when K == 0: all in first_year)
};

// lifetime_years >= 0; horizon = number of age-years simulated for the cohort.
// Written without branches (selects only): the exact mode evaluates it on
// batches of devices, which the compiler turns into vector instructions
// (sim/fleet/device_simulation.cpp). A NaN lifetime retires at the horizon.
inline ServiceYears service_years(double lifetime_years, int horizon) {
    const double window = horizon;
    const double end = lifetime_years + 0.5;    // retirement time, years after the start of the shipment year
    const bool within = end < window;           // false for NaN as well
    const double k = within ? std::trunc(end) : window;  // K; trunc = floor, end >= 0.5
    const bool retires_later = within & (k > 0.0);       // in age-year K >= 1
    // Not simply min(L, 1/2) when K = 0: L + 1/2 may round up to 1 with L < 1/2.
    return {static_cast<int>(k), retires_later ? 0.5 : (lifetime_years < 0.5 ? lifetime_years : 0.5),
            retires_later ? end - k : 0.0};
}

}  // namespace tinyfleet::models
