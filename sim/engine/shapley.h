// Shapley effects for dependent inputs (Owen 2014; Song, Nelson & Staum 2016,
// "Shapley effects for global sensitivity analysis", SIAM/ASA JUQ 4):
//   Sh_i = (1/D!) sum over orderings pi of [c(P_i(pi) + {i}) - c(P_i(pi))] / V,
// with P_i(pi) the inputs before i in pi and c(J) = E[V(Y | X_~J)] the
// expected variance left when every input outside J is known. The effects
// are non-negative, sum to 1 by construction (the contributions of one
// ordering telescope to c(all) = V), and equal the first- and total-order
// indices' common value when inputs are independent and the model additive;
// with independent inputs S_i <= Sh_i <= ST_i.
//
// Estimator (SNS, random permutations): m random orderings; for each and each
// step j < D, c({pi_1..pi_j}) is the mean over `outer` draws of X_~J (from
// its marginal) of the sample variance of `inner` outputs with X_J drawn from
// its distribution conditional on X_~J; c(all) = V from `variance_samples`
// independent draws of X. Cost: variance_samples + m (D - 1) outer inner
// model runs.
//
// Dependence is a Gaussian copula on the uniforms (sim/engine/correlations.h):
// z = Phi^-1(u) is normal with correlation matrix P. Conditioning is exact:
// within each group of inputs linked by non-zero correlations, the known
// inputs K are ordered first and L L^T = P (Cholesky, K then J), so
// z = L w with w independent normals; w_K is drawn once per outer sample and
// w_J afresh per inner sample, which gives z_K its marginal and z_J its
// conditional distribution given z_K. Inputs outside every correlation are
// independent uniforms.
// Intervals: percentile bootstrap over the orderings (V held at its estimate).
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

namespace tinyfleet {

struct ShapleySize {
    std::size_t permutations = 0, outer = 1, inner = 3, variance_samples = 0;
    // Model runs of a design of D inputs.
    std::size_t runs(std::size_t dimensions) const;
};

struct ShapleyDesign {
    std::size_t dimensions = 0;
    ShapleySize size;
    std::vector<std::size_t> order;  // [permutations][D]: the ordering of each permutation
    std::vector<double> rows;        // [runs][D] uniforms in (0, 1), the copula's dependence included
};

// `correlation`: D x D Pearson correlation of the normal scores (identity
// for independent inputs), positive semi-definite (std::invalid_argument
// otherwise). Rows: the variance_samples joint draws, then for each
// permutation, step j = 1..D-1, outer sample and inner sample, one row.
ShapleyDesign shapley_design(const std::vector<double>& correlation, std::size_t dimensions, const ShapleySize& size,
                             std::uint64_t seed);

struct ShapleyEffects {
    std::vector<double> effect, low, high;  // [D]
    double variance = 0.0, mean = 0.0;      // of the variance_samples outputs
};
// `y`: one output per row of the design.
ShapleyEffects shapley_effects(const ShapleyDesign& design, const double* y, std::size_t bootstrap,
                               std::uint64_t seed, double level = 0.95);

// Convenience for analytic test functions: the design, `model(u)` on each row, the effects.
ShapleyEffects shapley_effects_of(const std::function<double(const double*)>& model,
                                  const std::vector<double>& correlation, std::size_t dimensions,
                                  const ShapleySize& size, std::size_t bootstrap, std::uint64_t seed,
                                  double level = 0.95);

}  // namespace tinyfleet
