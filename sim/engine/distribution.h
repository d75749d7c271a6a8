// Probability distributions of uncertain inputs, sampled by inverse transform
// (quantile of a uniform number) so that Monte Carlo, Latin hypercube and
// quasi-Monte Carlo designs all work on every distribution.
//
// A Distribution is a small value type: copying it never allocates (tables of
// discrete/empirical values are shared, immutable). Factories validate their
// arguments and throw std::invalid_argument with a message that names the
// offending argument and the value received, e.g. "sd must be > 0 (got -1)".
// NaN and infinite arguments are rejected (the only exception: the bounds of a
// truncated normal may be -inf / +inf for one-sided truncation).
// quantile(u) is defined for u in the open interval (0, 1) and never returns
// NaN or an infinite value for a valid distribution: the result always lies in
// the closed interval [support_min(), support_max()] (an infinite bound is
// replaced by the largest finite double of that sign). u <= 0 is treated as the
// smallest positive double and u >= 1 as 1 - 2^-53; a NaN u throws
// std::invalid_argument. quantile() and cdf() never allocate.
//
// quantiles(u, x, n) is the batch form for many draws of one distribution
// (the cohort mode's representative devices). For the Weibull it evaluates
// scale (-log1p(-u))^(1/shape) in vector instructions with the portable
// log/pow of sim/engine/portable_math.h: the same bits for every processor
// and instruction set, within about an ulp of quantile(u) (which uses
// glibc's libm through Boost), with the same treatment of u at and beyond
// the ends. Other kinds are quantile(u) one draw at a time.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "sim/engine/vector_code.h"

namespace tinyfleet {

enum class DistributionKind {
    fixed,             // p0 = value
    uniform,           // p0 = min, p1 = max
    normal,            // p0 = mean, p1 = sd
    truncated_normal,  // p0 = mean, p1 = sd (of the parent normal), p2 = min, p3 = max
    lognormal,         // p0 = mu, p1 = sigma of log(X) (both factories map to these)
    triangular,        // p0 = min, p1 = mode, p2 = max
    pert,              // p0 = min, p1 = mode, p2 = max; beta-PERT with lambda = 4
    beta,              // p0 = alpha, p1 = beta, p2 = min, p3 = max (scaled beta)
    weibull,           // p0 = shape k, p1 = scale lambda
    gamma,             // p0 = shape k, p1 = scale theta
    discrete,          // table: values with weights (normalised to probabilities)
    empirical,         // table: observed values, each equally likely (resampling)
};

const char* to_string(DistributionKind kind);

class Distribution {
public:
    DistributionKind kind() const { return kind_; }
    double param(int i) const { return p_[i]; }

    double quantile(double u) const;  // inverse CDF, u in (0, 1)
    // x[j] = the quantile of u[j] for j < n (see the header comment: the
    // Weibull's is the portable one, else x[j] = quantile(u[j])).
    void quantiles(const double* u, double* x, int n, VectorCode code = VectorCode::best) const;
    double cdf(double x) const;       // P(X <= x)
    double mean() const;
    double variance() const;
    double support_min() const;       // may be -inf
    double support_max() const;       // may be +inf

    // Discrete/empirical support points (sorted ascending, duplicates merged,
    // zero-weight values dropped) and their probabilities; empty for
    // continuous kinds.
    const std::vector<double>& table_values() const;
    const std::vector<double>& table_probabilities() const;

    friend Distribution make_fixed(double value);
    friend Distribution make_uniform(double min, double max);
    friend Distribution make_normal(double mean, double sd);
    friend Distribution make_truncated_normal(double mean, double sd, double min, double max);
    friend Distribution make_lognormal_median_gsd(double median, double gsd);
    friend Distribution make_lognormal_mean_sd(double mean, double sd);
    friend Distribution make_triangular(double min, double mode, double max);
    friend Distribution make_pert(double min, double mode, double max);
    friend Distribution make_beta(double alpha, double beta, double min, double max);
    friend Distribution make_weibull(double shape, double scale);
    friend Distribution make_gamma(double shape, double scale);
    friend Distribution make_discrete(std::vector<double> values, std::vector<double> weights);
    friend Distribution make_empirical(std::vector<double> values);

private:
    struct Table {
        std::vector<double> values;         // sorted ascending
        std::vector<double> probabilities;  // same length, sum to 1
        std::vector<double> cumulative;     // running sum of probabilities, last == 1
        double mean = 0.0;
        double variance = 0.0;
    };
    DistributionKind kind_ = DistributionKind::fixed;
    double p_[4] = {0, 0, 0, 0};
    // Constants derived by the factories so that quantile()/cdf() stay cheap:
    // pert and beta: alpha, beta, log(alpha B(alpha, beta)), log(beta B(alpha, beta));
    // truncated_normal: Phi(a), Q(a), Phi(b), Q(b) (Q = 1 - Phi, each computed
    // directly), mass Phi(b) - Phi(a); a, b = standardised min, max.
    double d_[5] = {0, 0, 0, 0, 0};
    std::shared_ptr<const Table> table_;
};

Distribution make_fixed(double value);
Distribution make_uniform(double min, double max);                 // min < max, max - min finite
Distribution make_normal(double mean, double sd);                  // sd > 0
// sd > 0, min < max (min may be -inf, max may be +inf), and the parent normal
// must put a probability mass >= 1e-12 in [min, max].
Distribution make_truncated_normal(double mean, double sd, double min, double max);
Distribution make_lognormal_median_gsd(double median, double gsd); // median > 0, gsd > 1 (LCA convention: gsd = exp(sigma); gsd == 1 is a constant: use fixed)
Distribution make_lognormal_mean_sd(double mean, double sd);       // mean > 0, sd > 0 (arithmetic moments), (sd/mean)^2 representable
Distribution make_triangular(double min, double mode, double max); // min <= mode <= max, min < max, max - min finite
Distribution make_pert(double min, double mode, double max);       // min <= mode <= max, min < max, max - min finite
Distribution make_beta(double alpha, double beta, double min = 0.0, double max = 1.0);  // DBL_MIN <= alpha, beta <= 1e12; min < max, max - min finite
Distribution make_weibull(double shape, double scale);             // shape > 0, scale > 0
Distribution make_gamma(double shape, double scale);               // shape >= DBL_MIN (not subnormal), scale > 0
// Same non-zero length, all finite, weights >= 0 with a positive sum. Weights
// are normalised; equal values are merged (weights added); zero-weight values
// are dropped (never drawn).
Distribution make_discrete(std::vector<double> values, std::vector<double> weights);
// At least one value, all finite; each listed value is equally likely, so a
// value listed twice has twice the probability.
Distribution make_empirical(std::vector<double> values);

}  // namespace tinyfleet
