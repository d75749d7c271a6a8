// Sobol' indices of groups of inputs (e.g. every grid input together):
//   S_G  = V(E[Y | X_G]) / V,   ST_G = E[V(Y | X_~G)] / V,
// estimated like the single-input indices (sim/engine/sensitivity.h) with the
// block AB_G (A with the group's columns from B) in place of AB_i. For an
// additive model S_G = ST_G = the sum of the group's shares of the variance.
#pragma once
#include <cstdint>

#include "sim/engine/saltelli_design.h"
#include "sim/engine/sensitivity.h"

namespace tinyfleet {

// The indices of layout.groups (one entry per group, in order), from `y`,
// one output per row of saltelli_rows(layout, 0, N, seed); bootstrap as for
// sobol_indices (the same resampled rows).
SobolIndices group_indices(const double* y, std::size_t base_samples, const SaltelliLayout& layout,
                           std::size_t bootstrap, std::uint64_t seed, double level = 0.95);

}  // namespace tinyfleet
