// Fuzz target: the distribution factories of sim/engine/distribution.h with
// parameter tuples taken from the input. Each factory must either throw
// std::invalid_argument or return a distribution whose quantile() at any u
// is finite and inside [support_min, support_max], whose cdf() is in [0, 1]
// (and not NaN), and whose support bounds are ordered and not NaN.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <vector>

#include "sim/engine/distribution.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

using tinyfleet::Distribution;

[[noreturn]] void finding(const char* what, const Distribution& d, double arg, double result) {
    std::fprintf(stderr, "fuzz_distribution: %s: %s(%.17g, %.17g, %.17g, %.17g) at %.17g gave %.17g\n", what,
                 tinyfleet::to_string(d.kind()), d.param(0), d.param(1), d.param(2), d.param(3), arg, result);
    std::abort();
}

Distribution make(tinyfleet::fuzz::FuzzInput& in) {
    using namespace tinyfleet;
    switch (in.byte() % 13) {
        case 0: return make_fixed(in.number());
        case 1: { const double a = in.number(), b = in.number(); return make_uniform(a, b); }
        case 2: { const double a = in.number(), b = in.number(); return make_normal(a, b); }
        case 3: {
            const double a = in.number(), b = in.number(), c = in.number(), d = in.number();
            return make_truncated_normal(a, b, c, d);
        }
        case 4: { const double a = in.number(), b = in.number(); return make_lognormal_median_gsd(a, b); }
        case 5: { const double a = in.number(), b = in.number(); return make_lognormal_mean_sd(a, b); }
        case 6: { const double a = in.number(), b = in.number(), c = in.number(); return make_triangular(a, b, c); }
        case 7: { const double a = in.number(), b = in.number(), c = in.number(); return make_pert(a, b, c); }
        case 8: {
            const double a = in.number(), b = in.number(), c = in.number(), d = in.number();
            return make_beta(a, b, c, d);
        }
        case 9: { const double a = in.number(), b = in.number(); return make_weibull(a, b); }
        case 10: { const double a = in.number(), b = in.number(); return make_gamma(a, b); }
        case 11: {
            const std::size_t n = in.byte() % 17, m = in.flag() ? n : in.byte() % 17;
            std::vector<double> values, weights;
            for (std::size_t i = 0; i < n; ++i) values.push_back(in.number());
            for (std::size_t i = 0; i < m; ++i) weights.push_back(in.number());
            return make_discrete(std::move(values), std::move(weights));
        }
        default: {
            std::vector<double> values(in.byte() % 17);
            for (double& v : values) v = in.number();
            return make_empirical(std::move(values));
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    tinyfleet::fuzz::FuzzInput in(data, size);
    Distribution d;
    try {
        d = make(in);
    } catch (const std::invalid_argument&) {
        return 0;  // rejected arguments: the expected outcome for invalid tuples
    }
    constexpr double kMax = std::numeric_limits<double>::max();
    const double lo = d.support_min(), hi = d.support_max();
    if (std::isnan(lo) || std::isnan(hi) || !(lo <= hi)) finding("support bounds", d, lo, hi);
    const double lo_finite = std::max(lo, -kMax), hi_finite = std::min(hi, kMax);

    std::vector<double> us = {0.0, std::numeric_limits<double>::denorm_min(), 1e-300, 1e-12, 0.025, 0.5,
                              0.975, 1.0 - 1e-12, 1.0 - 0x1p-53, 1.0};
    for (int i = 0; i < 4 && !in.empty(); ++i) {
        const double u = std::ldexp(static_cast<double>(in.bits(7)), -56);  // [0, 1)
        us.push_back(u);
    }
    for (double u : us) {
        const double q = d.quantile(u);
        if (!std::isfinite(q)) finding("quantile not finite", d, u, q);
        if (q < lo_finite || q > hi_finite) finding("quantile outside the support", d, u, q);
        const double c = d.cdf(q);
        if (!(c >= 0.0 && c <= 1.0)) finding("cdf(quantile(u)) outside [0, 1]", d, q, c);
    }
    for (int i = 0; i < 4 && !in.empty(); ++i) {
        const double x = in.number();
        if (std::isnan(x)) continue;
        const double c = d.cdf(x);
        if (!(c >= 0.0 && c <= 1.0)) finding("cdf outside [0, 1]", d, x, c);
    }
    try {
        (void)d.quantile(std::numeric_limits<double>::quiet_NaN());
        finding("quantile(NaN) did not throw", d, 0, 0);
    } catch (const std::invalid_argument&) {
    }
    return 0;
}
