// Second-order Sobol' indices (Saltelli 2002): the share of the variance
// due to the interaction of inputs i and j alone,
//   S_ij = V_ij / V,  V_ij = V(E[Y | X_i, X_j]) - V_i - V_j,
// estimated from the blocks BA_i (B with column i from A) and AB_j:
//   S_ij = mean_k (f(BA_i)_k f(AB_j)_k - f(A)_k f(B)_k) / V - S_i - S_j,
// with S_i the first-order estimate of sim/engine/sensitivity.h. The BA_i
// blocks cost N D model runs beyond the N (D + 2) of the first and total
// order indices.
#pragma once
#include <cstdint>
#include <vector>

#include "sim/engine/saltelli_design.h"

namespace tinyfleet {

struct SecondOrderIndices {
    std::vector<std::size_t> first, second;  // the pair (i, j), i < j, of each index
    std::vector<double> index, low, high;    // S_ij and its bootstrap interval
};

// `y`: one output per row of saltelli_rows(layout, 0, N, seed) with
// layout.second_order set. Pairs in the order (0,1), (0,2), ..., (D-2, D-1).
SecondOrderIndices second_order_indices(const double* y, std::size_t base_samples, const SaltelliLayout& layout,
                                        std::size_t bootstrap, std::uint64_t seed, double level = 0.95);

}  // namespace tinyfleet
