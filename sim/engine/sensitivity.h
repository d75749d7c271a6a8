// Global sensitivity estimators, generic: they see a design of uniforms in
// [0, 1]^D and a matrix of model outputs, never a scenario. The sensitivity
// command (sim/app/sensitivity_command.cpp) feeds them fleet outputs; the tests
// feed them the Ishigami, Sobol' G and linear functions through the very
// same functions.
//
// Variance-based (Sobol') indices, Saltelli (2010) design and estimators:
//   rows 0..N-1 = A, N..2N-1 = B, (2+i)N..(3+i)N-1 = AB_i (A with column i from B);
//   A and B are the two halves of a 2D-dimensional scrambled Sobol' sequence.
//   V    = variance of f over the 2N points of A and B
//   S_i  = mean_j f(B)_j (f(AB_i)_j - f(A)_j) / V           (Saltelli 2010, eq. (b))
//   ST_i = mean_j (f(A)_j - f(AB_i)_j)^2 / (2 V)              (Jansen 1999)
//   cost: N (D + 2) model evaluations.
// Confidence intervals: percentile bootstrap over the N rows (the same
// resampled j for A, B and every AB_i), seeded Philox draws.
//
// Morris elementary effects (trajectories of D+1 points on a 4-level grid
// (k + 0.5)/4 of the unit cube, step 0.5): mu* = mean |EE|, sigma = sd(EE),
// EE_i = (f(x + delta e_i) - f(x)) / delta with delta = +-0.5 in uniform (quantile) units.
//
// Given data (no extra runs): Spearman rank correlation, standardized
// regression coefficients (SRC, on values) and standardized rank regression
// coefficients (SRRC, on ranks) with their R^2.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "sim/engine/saltelli_design.h"

namespace tinyfleet {

// ---- Sobol' indices --------------------------------------------------------

struct SobolIndices {
    std::vector<double> first, total;           // [D]
    std::vector<double> first_low, first_high;  // bootstrap percentile interval [D]
    std::vector<double> total_low, total_high;
    double variance = 0.0;                      // V, output units squared
    double mean = 0.0;
};

// The estimates (no intervals) over the rows pick[0..N-1] of each block of
// `y` (the identity, or a bootstrap resample); blocks 2..D+1 are the AB_i.
void sobol_estimate(const double* y, std::size_t base_samples, std::size_t dimensions, const std::size_t* pick,
                    SobolIndices& out);

// `y` holds one output per row of saltelli_rows(N, D, ...). `bootstrap`
// resamples (0: intervals equal the estimate), `level` e.g. 0.95.
SobolIndices sobol_indices(const double* y, std::size_t base_samples, std::size_t dimensions, std::size_t bootstrap,
                           std::uint64_t seed, double level = 0.95);

// Convenience for analytic test functions: evaluates `model(u)` on the
// design, then sobol_indices().
SobolIndices sobol_indices_of(const std::function<double(const double*)>& model, std::size_t base_samples,
                              std::size_t dimensions, std::size_t bootstrap, std::uint64_t seed, double level = 0.95);

// ---- Morris ----------------------------------------------------------------

struct MorrisDesign {
    std::size_t trajectories = 0, dimensions = 0;
    std::vector<double> rows;      // [trajectories * (D + 1)][D]
    std::vector<int> moved;        // [trajectories * D]: the parameter changed at each step
    std::vector<double> step;      // [trajectories * D]: its signed change, +-0.5
};
MorrisDesign morris_design(std::size_t trajectories, std::size_t dimensions, std::uint64_t seed);

struct MorrisEffects {
    std::vector<double> mu, mu_star, sigma;  // [D], output units per unit of quantile
};
MorrisEffects morris_effects(const MorrisDesign& design, const double* y);

// ---- Given data --------------------------------------------------------------

struct RankMeasures {
    std::vector<double> spearman, src, srrc;  // [D]
    double r2_values = 0.0, r2_ranks = 0.0;   // coefficient of determination of each regression
};
// Realizations rank_measures needs for D inputs: D + 2, at least 3. The
// regressions fit D coefficients; with D + 1 points or fewer they fit any
// outputs exactly (R^2 = 1 whatever the inputs), leaving nothing to measure.
std::size_t rank_measures_minimum_samples(std::size_t inputs);
// columns: D input series of equal length n, y: n outputs, n at least
// rank_measures_minimum_samples(D) (std::invalid_argument otherwise). Inputs
// with zero variance get 0 (they are left out of the regressions).
RankMeasures rank_measures(const std::vector<std::vector<double>>& columns, const std::vector<double>& y);

}  // namespace tinyfleet
