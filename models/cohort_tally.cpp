#include "models/cohort_tally.h"

namespace tinyfleet::models {

namespace {
// Running sum of a difference array, plus point values.
void integrate(double* diff, const double* points, std::size_t n) {
    double running = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
        running += diff[k];
        diff[k] = running + (points ? points[k] : 0.0);
    }
}
}  // namespace

// Built for AVX2 and for the baseline instruction set (chosen at load time);
// additions and multiplications round the same in both, so results do not
// depend on the machine (no FMA contraction: neither clone enables FMA).
__attribute__((target_clones("avx2", "default"))) void tally_device_columns(const TallyLayout& L, double* tallies, int columns, const DeviceOutcome& d,
                                 const double* weights) {
    const auto J = static_cast<std::size_t>(columns);
    auto add = [&](std::size_t position, double value) {
        double* row = tallies + position * J;
        for (std::size_t j = 0; j < J; ++j) row[j] += value * weights[j];
    };
    const int K = d.service.retire_age;
    const std::size_t end = static_cast<std::size_t>(K);
    add(L.alive(), 1.0);
    add(L.alive() + end, -1.0);
    add(L.retired() + end, 1.0);
    if (d.device_embodied_kg != 0.0) add(L.device_embodied(), d.device_embodied_kg);
    const double e = d.grid_kwh_per_year;
    add(L.grid_kwh_partial(d.region), e * d.service.first_year);
    if (K > 0) {
        add(L.grid_kwh(d.region) + 1, e);
        add(L.grid_kwh(d.region) + end, -e);
        add(L.grid_kwh_partial(d.region) + end, e * d.service.last_year);
    }
    if (d.realises != 0.0) {
        add(L.realised_partial(d.region), d.realises * d.service.first_year);
        if (K > 0) {
            add(L.realised(d.region) + 1, d.realises);
            add(L.realised(d.region) + end, -d.realises);
            add(L.realised_partial(d.region) + end, d.realises * d.service.last_year);
        }
    }
}

void add_bins_to_tally(const DeviceBins& B, const double* bins, const TallyLayout& L, double* t) {
    for (int r = 0; r < B.regions; ++r) {
        for (int k = 0; k <= B.ages; ++k) {
            const double* b = bins + (std::size_t(r) * (std::size_t(B.ages) + 1) + std::size_t(k)) * DeviceBins::width;
            if (b[0] == 0.0) continue;
            const auto end = std::size_t(k);
            t[L.alive()] += b[0];
            t[L.alive() + end] -= b[0];
            t[L.retired() + end] += b[0];
            t[L.device_embodied()] += b[7];
            t[L.grid_kwh_partial(r)] += b[2];
            t[L.realised_partial(r)] += b[5];
            if (k > 0) {
                t[L.grid_kwh(r) + 1] += b[1];
                t[L.grid_kwh(r) + end] -= b[1];
                t[L.grid_kwh_partial(r) + end] += b[3];
                t[L.realised(r) + 1] += b[4];
                t[L.realised(r) + end] -= b[4];
                t[L.realised_partial(r) + end] += b[6];
            }
        }
    }
}

void finish_tally(const TallyLayout& L, double* t) {
    const std::size_t n = L.stride();
    integrate(t + L.alive(), nullptr, n);
    for (int r = 0; r < L.regions; ++r) {
        integrate(t + L.grid_kwh(r), t + L.grid_kwh_partial(r), n);
        integrate(t + L.realised(r), t + L.realised_partial(r), n);
    }
}

}  // namespace tinyfleet::models
