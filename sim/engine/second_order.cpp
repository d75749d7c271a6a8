#include "sim/engine/second_order.h"

#include <stdexcept>

#include "sim/engine/sensitivity.h"
#include "sim/engine/sensitivity_bootstrap.h"

namespace tinyfleet {

namespace {

// S_ij of every pair over the rows pick[0..N-1].
void estimate_pairs(const double* y, std::size_t N, const SaltelliLayout& layout, const std::size_t* pick,
                    double* out) {
    const std::size_t D = layout.dimensions;
    SobolIndices s;
    sobol_estimate(y, N, D, pick, s);
    const double* a = y;
    const double* b = y + N;
    std::size_t p = 0;
    for (std::size_t i = 0; i < D; ++i) {
        const double* ba_i = y + layout.swapped_block(i) * N;
        for (std::size_t j = i + 1; j < D; ++j, ++p) {
            const double* ab_j = y + (2 + j) * N;
            double sum = 0.0;
            for (std::size_t k = 0; k < N; ++k) {
                const std::size_t r = pick[k];
                sum += ba_i[r] * ab_j[r] - a[r] * b[r];
            }
            // A constant output has no variance to share out.
            out[p] = s.variance > 0 ? sum / double(N) / s.variance - s.first[i] - s.first[j] : 0.0;
        }
    }
}

}  // namespace

SecondOrderIndices second_order_indices(const double* y, std::size_t N, const SaltelliLayout& layout,
                                        std::size_t bootstrap, std::uint64_t seed, double level) {
    if (!layout.second_order) throw std::invalid_argument("second_order_indices: the design has no BA_i blocks");
    const std::size_t D = layout.dimensions, pairs = D * (D - 1) / 2;
    SecondOrderIndices out;
    for (std::size_t i = 0; i < D; ++i)
        for (std::size_t j = i + 1; j < D; ++j) {
            out.first.push_back(i);
            out.second.push_back(j);
        }
    out.index.resize(pairs);
    estimate_pairs(y, N, layout, identity_pick(N).data(), out.index.data());
    out.low = out.high = out.index;
    if (bootstrap == 0 || pairs == 0) return out;
    const BootstrapIntervals ci = bootstrap_intervals(
        N, pairs, bootstrap, seed, level,
        [&](const std::size_t* pick, double* values) { estimate_pairs(y, N, layout, pick, values); });
    out.low = ci.low;
    out.high = ci.high;
    return out;
}

}  // namespace tinyfleet
