#include "models/fleet/cohort_tally.h"

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
__attribute__((target_clones("avx2", "default"))) void add_weighted_bin(double* block, int columns,
                                                                        const double* values, const double* weights,
                                                                        int n) {
    constexpr int V = DeviceBins::width, J = 4;
    const auto C = static_cast<std::size_t>(columns);
    for (std::size_t j0 = 0; j0 < C; j0 += J) {
        double acc[V][J];
        for (int v = 0; v < V; ++v)
            for (int j = 0; j < J; ++j) acc[v][j] = block[std::size_t(v) * C + j0 + std::size_t(j)];
        for (int i = 0; i < n; ++i) {
            const double* x = values + std::size_t(i) * V;
            const double* w = weights + std::size_t(i) * C + j0;
            for (int v = 0; v < V; ++v)
                for (int j = 0; j < J; ++j) acc[v][j] += x[v] * w[j];
        }
        for (int v = 0; v < V; ++v)
            for (int j = 0; j < J; ++j) block[std::size_t(v) * C + j0 + std::size_t(j)] = acc[v][j];
    }
}

void expected_device_bins(const DeviceBins& B, const DeviceMoments& M, const double* sums, double devices,
                          const double* region_weights, double delivery_rate, double mean_grid_kwh_per_year,
                          double* bins) {
    const double per_device = 1.0 / devices;
    const double e = mean_grid_kwh_per_year, d = delivery_rate;
    for (int r = 0; r < B.regions; ++r) {
        const double w = region_weights[r] * per_device;
        for (int k = 0; k <= B.ages; ++k) {
            const auto K = std::size_t(k);
            const double P = w * sums[M.count() + K], F = w * sums[M.first() + K], L = w * sums[M.last() + K];
            double* b = bins + (std::size_t(r) * (std::size_t(B.ages) + 1) + K) * DeviceBins::width;
            b[0] = P;
            b[1] = e * P;
            b[2] = e * F;
            b[3] = e * L;
            b[4] = d * P;
            b[5] = d * F;
            b[6] = d * L;
            b[7] = w * sums[M.embodied() + K];
        }
    }
}

void add_bins_to_tally(const DeviceBins& B, const double* bins, const TallyLayout& L, double* t, int column,
                       int columns) {
    const auto J = static_cast<std::size_t>(columns), j = static_cast<std::size_t>(column);
    for (int r = 0; r < B.regions; ++r) {
        for (int k = 0; k <= B.ages; ++k) {
            // Value v of this bin is at b[v * J]. No shortcut for an empty
            // bin: a bin of signed (noise) weights can sum to 0 in its count
            // and not in its other values.
            const double* b = bins + (std::size_t(r) * (std::size_t(B.ages) + 1) + std::size_t(k)) * DeviceBins::width * J + j;
            const auto end = std::size_t(k);
            t[L.alive()] += b[0];
            t[L.alive() + end] -= b[0];
            t[L.retired() + end] += b[0];
            t[L.device_embodied()] += b[7 * J];
            t[L.grid_kwh_partial(r)] += b[2 * J];
            t[L.delivering_partial(r)] += b[5 * J];
            if (k > 0) {
                t[L.grid_kwh(r) + 1] += b[1 * J];
                t[L.grid_kwh(r) + end] -= b[1 * J];
                t[L.grid_kwh_partial(r) + end] += b[3 * J];
                t[L.delivering(r) + 1] += b[4 * J];
                t[L.delivering(r) + end] -= b[4 * J];
                t[L.delivering_partial(r) + end] += b[6 * J];
            }
        }
    }
}

void finish_tally(const TallyLayout& L, double* t) {
    const std::size_t n = L.stride();
    integrate(t + L.alive(), nullptr, n);
    for (int r = 0; r < L.regions; ++r) {
        integrate(t + L.grid_kwh(r), t + L.grid_kwh_partial(r), n);
        integrate(t + L.delivering(r), t + L.delivering_partial(r), n);
    }
}

}  // namespace tinyfleet::models
