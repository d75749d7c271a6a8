#include "models/fleet/cohort_tally.h"

#include <cstring>

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

// Four doubles as one vector (GCC vector extension: one AVX register in the
// AVX2 clone, two SSE2 registers in the baseline one).
typedef double Vector4 __attribute__((vector_size(32)));

namespace {
// The four weights of a 4-bit sign mask: +1 where its bit is set, else -1.
struct SignWeights {
    Vector4 of[16];
    SignWeights() {
        for (int mask = 0; mask < 16; ++mask)
            for (int j = 0; j < 4; ++j) of[mask][j] = (mask >> j) & 1 ? 1.0 : -1.0;
    }
};
const SignWeights sign_weights;
}  // namespace

// Built for AVX2 and for the baseline instruction set (chosen at load time);
// additions and multiplications round the same in both, so results do not
// depend on the machine (no FMA contraction: neither clone enables FMA).
// Written with vectors of four columns and each device value a scalar:
// the compiler then broadcasts a value straight from memory (a load), where
// from whole loaded values it broadcast with shuffles, which bounded the loop.
__attribute__((target_clones("avx2", "default"))) void add_signed_bin(double* block, int columns,
                                                                      const double* values,
                                                                      const std::uint8_t* signs,
                                                                      const std::uint32_t* devices, int n) {
    constexpr int V = DeviceBins::width, J = 4;
    const auto C = static_cast<std::size_t>(columns), masks = C / J;
    const Vector4 zero = {0.0, 0.0, 0.0, 0.0};
    for (std::size_t j0 = 0; j0 < C; j0 += J) {
        Vector4 acc[V];
        for (int v = 0; v < V; ++v) acc[v] = zero;  // not `= {}`: GCC zeroes the array with a slow rep stos
        for (int k = 0; k < n; ++k) {
            const std::size_t i = devices[k];
            const double* x = values + i * V;
            const Vector4 w = sign_weights.of[signs[i * masks + j0 / J]];
            for (int v = 0; v < V; ++v) acc[v] += x[v] * w;
        }
        for (int v = 0; v < V; ++v) std::memcpy(block + std::size_t(v) * C + j0, &acc[v], sizeof(Vector4));
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

namespace {
// Tallies += binned devices, `lanes` bin sets at once: bin value v of set j
// at b[v * columns + j] of its bin (value-major bins, add_signed_bin),
// tally element i of set j at t[i * lanes + j]. Each tally element takes the
// same additions in the same order whatever `lanes` is, so one set alone
// (lanes = 1) and all sets at once give the same bits.
[[gnu::always_inline]] inline void spread_bins(const DeviceBins& B, const double* bins, std::size_t columns,
                                               const TallyLayout& L, double* t, std::size_t lanes) {
    const std::size_t J = columns;
    auto add = [&](std::size_t element, const double* value) {
        double* to = t + element * lanes;
        for (std::size_t j = 0; j < lanes; ++j) to[j] += value[j];
    };
    auto subtract = [&](std::size_t element, const double* value) {
        double* to = t + element * lanes;
        for (std::size_t j = 0; j < lanes; ++j) to[j] -= value[j];
    };
    for (int r = 0; r < B.regions; ++r) {
        for (int k = 0; k <= B.ages; ++k) {
            // No shortcut for an empty bin: a bin of signed (noise) weights
            // can sum to 0 in its count and not in its other values.
            const double* b = bins + (std::size_t(r) * (std::size_t(B.ages) + 1) + std::size_t(k)) * DeviceBins::width * J;
            const auto end = std::size_t(k);
            add(L.alive(), b);
            subtract(L.alive() + end, b);
            add(L.retired() + end, b);
            add(L.device_embodied(), b + 7 * J);
            add(L.grid_kwh_partial(r), b + 2 * J);
            add(L.delivering_partial(r), b + 5 * J);
            if (k > 0) {
                add(L.grid_kwh(r) + 1, b + 1 * J);
                subtract(L.grid_kwh(r) + end, b + 1 * J);
                add(L.grid_kwh_partial(r) + end, b + 3 * J);
                add(L.delivering(r) + 1, b + 4 * J);
                subtract(L.delivering(r) + end, b + 4 * J);
                add(L.delivering_partial(r) + end, b + 6 * J);
            }
        }
    }
}
}  // namespace

void add_bins_to_tally(const DeviceBins& B, const double* bins, const TallyLayout& L, double* t, int column,
                       int columns) {
    spread_bins(B, bins + column, std::size_t(columns), L, t, 1);
}

void add_bins_to_tallies(const DeviceBins& B, const double* bins, const TallyLayout& L, double* tallies,
                         int columns) {
    spread_bins(B, bins, std::size_t(columns), L, tallies, std::size_t(columns));
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
