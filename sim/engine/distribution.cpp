#include "sim/engine/distribution.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <utility>

#include "sim/engine/portable_math.h"

#include "sim/engine/boost_math_config.h"  // first: see there
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/complement.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/weibull.hpp>
#include <boost/math/policies/policy.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <boost/math/special_functions/gamma.hpp>

namespace tinyfleet {

namespace {

namespace bmp = boost::math::policies;

// Boost.Math must never throw from quantile()/cdf() (they run inside parallel
// loops and must not allocate): every error is ignored and the (rare) non-finite
// result is clamped by finite_in() below. Arguments are validated by the
// factories, so domain errors cannot happen for u in (0, 1).
// promote_double<false>: Boost by default evaluates double functions in long
// double (x87), which makes the beta quantile about 8x slower (25 us per draw
// for a PERT) for an accuracy gain far below what sampling needs; double
// evaluation still round-trips cdf(quantile(u)) to ~1e-15.
using Policy = bmp::policy<bmp::domain_error<bmp::ignore_error>, bmp::pole_error<bmp::ignore_error>,
                           bmp::overflow_error<bmp::ignore_error>,
                           bmp::underflow_error<bmp::ignore_error>,
                           bmp::denorm_error<bmp::ignore_error>,
                           bmp::evaluation_error<bmp::ignore_error>,
                           bmp::rounding_error<bmp::ignore_error>,
                           bmp::indeterminate_result_error<bmp::ignore_error>,
                           bmp::promote_double<false>>;

using BetaDist = boost::math::beta_distribution<double, Policy>;
using GammaDist = boost::math::gamma_distribution<double, Policy>;
using WeibullDist = boost::math::weibull_distribution<double, Policy>;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMax = std::numeric_limits<double>::max();
constexpr double kLowest = std::numeric_limits<double>::lowest();
constexpr double kUMin = std::numeric_limits<double>::denorm_min();
constexpr double kUMax = 1.0 - 0x1p-53;  // largest double below 1
constexpr double kSqrt2 = 1.41421356237309504880;
constexpr double kInvSqrt2Pi = 0.39894228040143267794;
constexpr double kMinTruncatedMass = 1e-12;

// ---- standard normal helpers ------------------------------------------------

double Phi(double z) {  // P(Z <= z)
    if (z == -kInf) return 0.0;
    if (z == kInf) return 1.0;
    return 0.5 * boost::math::erfc(-z / kSqrt2, Policy());
}

double Q(double z) { return Phi(-z); }  // P(Z > z), accurate in the upper tail

double Phi_inv(double p) {  // p in (0, 1); accurate for p near 0 and near 1
    if (p < 0.5) return -kSqrt2 * boost::math::erfc_inv(2.0 * p, Policy());
    return kSqrt2 * boost::math::erfc_inv(2.0 * (1.0 - p), Policy());
}

double phi(double z) {  // standard normal density; 0 at +-inf
    if (std::isinf(z)) return 0.0;
    return kInvSqrt2Pi * std::exp(-0.5 * z * z);
}

double z_phi(double z) {  // z * phi(z), with the limit 0 at +-inf
    if (std::isinf(z)) return 0.0;
    return z * phi(z);
}

// ---- truncated normal on a narrow window -------------------------------------------
// When the standardised window [a, b] is narrow (w = b - a <= 1/4), Phi(b) - Phi(a)
// and the textbook moment formulas cancel catastrophically (w = 1e-9 leaves no
// correct digit). There the integrals of phi over (parts of) the window are
// computed with an 8-point Gauss-Legendre rule instead: its error on an
// interval of length e <= 1/4 is e^17 phi^(16)(xi) / 5.9e22, below 1e-17
// relative for every window that holds a mass >= 1e-12 (|a| < 8).
constexpr double kNarrowWindow = 0.25;
constexpr double kGaussNode[4] = {0.18343464249564980, 0.52553240991632899, 0.79666647741362674,
                                  0.96028985649753623};
constexpr double kGaussWeight[4] = {0.36268378337836198, 0.31370664587788729, 0.22238103445337447,
                                    0.10122853629037626};

// Integral of phi(c + dir s) for s in [0, e] (dir = +1 or -1).
double phi_integral(double c, double dir, double e) {
    const double h = 0.5 * e;
    double sum = 0.0;
    for (int i = 0; i < 4; ++i)
        sum += kGaussWeight[i] *
               (phi(c + dir * h * (1.0 - kGaussNode[i])) + phi(c + dir * h * (1.0 + kGaussNode[i])));
    return h * sum;
}

// The e in [0, w] with phi_integral(c, dir, e) = target, by Newton's method
// (the integrand varies by at most a factor e^(|c| w) over the window).
double phi_integral_inverse(double c, double dir, double w, double target) {
    double e = std::min(target / phi(c), w);
    for (int iteration = 0; iteration < 50; ++iteration) {
        const double next =
            std::clamp(e - (phi_integral(c, dir, e) - target) / phi(c + dir * e), 0.0, w);
        const bool done = std::abs(next - e) <= 0x1p-50 * next;
        e = next;
        if (done) break;
    }
    return e;
}

// Integrals of (s - w/2)^k phi(a + s) over s in [0, w], k = 0, 1, 2.
struct WindowMoments {
    double mass, m1, m2;
};

WindowMoments window_moments(double a, double w) {
    const double h = 0.5 * w;
    WindowMoments m{0.0, 0.0, 0.0};
    for (int i = 0; i < 4; ++i) {
        for (double sign : {-1.0, 1.0}) {
            const double d = sign * h * kGaussNode[i];  // s - w/2
            const double f = kGaussWeight[i] * phi(a + h + d);
            m.mass += f;
            m.m1 += f * d;
            m.m2 += f * d * d;
        }
    }
    m.mass *= h;
    m.m1 *= h;
    m.m2 *= h;
    return m;
}

// ---- numeric helpers -------------------------------------------------------------

// Clamps a computed quantile into [lo, hi] and into the finite doubles. A NaN
// (which the code paths below should never produce) becomes the point of
// [lo, hi] closest to 0 rather than propagating.
double finite_in(double x, double lo, double hi) {
    lo = std::max(lo, kLowest);
    hi = std::min(hi, kMax);
    if (std::isnan(x)) x = 0.0;
    return std::clamp(x, lo, hi);
}

std::string num(double x) {
    char buf[64];
    auto result = std::to_chars(buf, buf + sizeof buf, x);
    return std::string(buf, result.ptr);
}

[[noreturn]] void fail(const std::string& message) { throw std::invalid_argument(message); }

// "<name>[<i>] <requirement> (got <v>)"
[[noreturn]] void fail_element(const char* name, std::size_t i, const char* requirement, double v) {
    std::string message = name;
    message += '[';
    message += std::to_string(i);
    message += "] ";
    message += requirement;
    message += " (got ";
    message += num(v);
    message += ')';
    fail(message);
}

void require_finite(const char* name, double v) {
    if (!std::isfinite(v)) fail(std::string(name) + " must be finite (got " + num(v) + ")");
}

void require_positive(const char* name, double v, const char* context = "") {
    require_finite(name, v);
    if (!(v > 0.0)) fail(std::string(name) + " must be > 0" + context + " (got " + num(v) + ")");
}

void require_not_nan(const char* name, double v) {
    if (std::isnan(v)) fail(std::string(name) + " must be a number (got " + num(v) + ")");
}

void require_ordered(double min, double max) {
    if (!(min < max)) {
        std::string message = "min must be < max (got min=" + num(min) + ", max=" + num(max) + ")";
        if (min == max) message += "; for a constant value use type fixed";
        fail(message);
    }
}

// Bounded continuous kinds: finite, ordered, and a representable width.
void require_finite_range(double min, double max) {
    require_finite("min", min);
    require_finite("max", max);
    require_ordered(min, max);
    if (!std::isfinite(max - min))
        fail("max - min must be finite (got min=" + num(min) + ", max=" + num(max) + ")");
}

void require_mode(double min, double mode, double max) {
    require_finite_range(min, max);
    require_finite("mode", mode);
    if (!(min <= mode && mode <= max))
        fail("mode must be within [min, max] (got mode=" + num(mode) + ", min=" + num(min) +
             ", max=" + num(max) + ")");
}

// Quantile of a Boost distribution on the side of u where it is accurate: the
// lower tail for u <= 1/2, the complement (1 - u is exact there) above.
template <class Dist>
double boost_quantile(const Dist& dist, double u) {
    if (u <= 0.5) return boost::math::quantile(dist, u);
    return boost::math::quantile(boost::math::complement(dist, 1.0 - u));
}

// Smallest x in [0, hi] (hi finite) with F(x) >= u, by bisection on the bit
// patterns of the non-negative doubles (their order is the integer order):
// at most 64 CDF evaluations and exact to the last bit. For u > 1/2 the
// complement is used: smallest x with 1 - F(x) <= 1 - u. A slow but sure
// fallback for the rare cases where Boost's root finder gives up.
template <class Dist>
double bisect_quantile(const Dist& dist, double u, double hi) {
    const bool lower = u <= 0.5;
    const double q = 1.0 - u;
    std::uint64_t lo_bits = std::bit_cast<std::uint64_t>(0.0);
    std::uint64_t hi_bits = std::bit_cast<std::uint64_t>(hi);
    while (lo_bits < hi_bits) {
        const std::uint64_t mid = lo_bits + (hi_bits - lo_bits) / 2;
        const double x = std::bit_cast<double>(mid);
        const bool reached = lower ? boost::math::cdf(dist, x) >= u
                                   : boost::math::cdf(boost::math::complement(dist, x)) <= q;
        if (reached)
            hi_bits = mid;
        else
            lo_bits = mid + 1;
    }
    return std::bit_cast<double>(lo_bits);
}

// Boost's quantile, guarded: Boost 1.74's Newton iteration raises
// evaluation_error through the default policy (so it throws whatever our
// policy says) in some extreme tails; that, a result outside [0, hi] or NaN,
// or a far-tail result that does not invert the CDF is replaced by bisection.
template <class Dist>
double guarded_quantile(const Dist& dist, double u, double hi) {
    double x;
    try {
        x = boost_quantile(dist, u);
    } catch (const std::exception&) {
        x = kNaN;
    }
    // In the far lower tail Boost's answer is also checked (a rare, cheap
    // path): for large shapes its root finder can stop far from the root.
    const bool suspect = !(x >= 0.0 && x <= hi) ||
                         (u < 1e-200 && x > 0.0 &&  // 0: the result underflows
                          !(std::abs(boost::math::cdf(dist, x) - u) <= 1e-6 * u));
    if (suspect) x = bisect_quantile(dist, u, std::min(hi, kMax));
    return x;
}

// log(a B(a, b)), accurate also when B(a, b) under/overflows.
double log_a_beta(double a, double b) {
    const double beta = boost::math::beta(a, b, Policy());
    if (beta > 1e-300 && beta < 1e300) return std::log(a) + std::log(beta);
    return std::log(a) + boost::math::lgamma(a, Policy()) + boost::math::lgamma(b, Policy()) -
           boost::math::lgamma(a + b, Policy());
}

// Lower-tail beta quantile when the result x is small. Boost 1.74's ibeta_inv
// is unreliable in far tails (it throws, returns wrong or non-monotone values,
// or even trips an internal assert, e.g. Beta(3, 3) at p = 1e-200, where the
// result is ~1e-67), so that tail is solved here from the positive series
// (DLMF 8.17.8)
//   I_x(a, b) = x^a (1 - x)^b / (a B(a, b)) S(x),
//   S(x) = sum_n t_n, t_0 = 1, t_n = t_{n-1} (a + b + n - 1) / (a + n) x,
// whose terms shrink at least by k x per step, k = max(1, (a + b)/(a + 1)),
// by Newton's method on log x, started from the leading term x^a = p a B(a, b),
// with d log I / d log x = a / ((1 - x) S(x)). It is used when k x0 < 2^-10
// (a handful of terms and iterations); elsewhere Boost is fast and reliable.
// Returns -1 when not applicable. log_a_b = log(a B(a, b)).
double beta_lower_quantile(double a, double b, double log_a_b, double p) {
    const double k = std::max(1.0, (a + b) / (a + 1.0));
    const double target = std::log(p) + log_a_b;  // log(p a B)
    double x = std::exp(target / a);
    if (x == 0.0) return 0.0;  // underflows: x < 1e-308 and x^a ~ p a B
    if (!(k * x < 0x1p-10)) return -1.0;
    for (int iteration = 0; iteration < 50; ++iteration) {
        double term = 1.0, sum = 1.0;
        for (int n = 1;; ++n) {
            term *= (a + b + n - 1) / (a + n) * x;
            sum += term;
            if (term <= 1e-17 * sum) break;
            if (n == 400) return -1.0;
        }
        const double log_x = std::log(x);
        // log I(x) - log p
        const double excess = a * log_x + b * std::log1p(-x) + std::log(sum) - target;
        const double step = excess * (1.0 - x) * sum / a;  // in log x
        x *= std::exp(-step);
        if (!(k * x < 0.75)) return -1.0;
        if (std::abs(step) <= 4e-16 * std::max(1.0, std::abs(log_x))) return x;
    }
    return x;  // not settled to the last bit, but within rounding of the root
}

// Quantile of Beta(a, b) on [0, 1]; log_ab = log(a B(a, b)), log_ba = log(b B(a, b)).
double beta_quantile(double a, double b, double log_ab, double log_ba, double u) {
    if (u <= 0.5) {
        const double x = beta_lower_quantile(a, b, log_ab, u);
        if (x >= 0.0) return x;
    } else {
        // 1 - X ~ Beta(b, a)
        const double y = beta_lower_quantile(b, a, log_ba, 1.0 - u);
        if (y >= 0.0) return 1.0 - y;
    }
    return guarded_quantile(BetaDist(a, b), u, 1.0);
}

// The Weibull quantile scale (-log(1 - u))^(1/shape) of n draws, u at or
// beyond the ends treated as by Distribution::quantile. -log(1 - u) by
// portable::log_one_minus is one formula for both halves of (0, 1): its
// reduced argument is 1 - u exactly, never a rounded 1 - u (above 1/2 that
// is the -log(1 - u) of Boost's complement).
// Exponents 1 and 1/2 (shapes 1 and 2, an exponential and a Rayleigh) take
// the power exactly: as the identity and as the correctly rounded sqrt.
// Error against the formula in long double, worst of 10^7 points (uniform u
// and both tails, scale 1): 2.12 ulp for shape 0.7, 0.81 for 1, 1.27 for 1.5,
// 0.95 for 2, 1.03 for 3.5.
// One code path per exponent, chosen once per batch: a branch per draw would
// keep the loops from vectorizing. Returns whether some u was NaN or infinite.
// Inlined into the two instruction-set versions below.
enum class WeibullExponent { one, half };

// Draws per pass of the general power: the passes' three arrays (3 KB each)
// stay in L1.
constexpr int kWeibullPass = 384;

// t = -log(1 - u) for n draws, u clamped to quantile()'s ends; returns the
// or-ed bits of u - u, nonzero when some u was NaN or infinite (u - u is +0
// otherwise: an integer reduction as wide as a double lane, which SSE2
// vectorizes).
[[gnu::always_inline]] inline std::uint64_t weibull_exponential(const double* u, double* t, int n) {
    std::uint64_t not_finite = 0;
    for (int j = 0; j < n; ++j) {
        double v = u[j];
        not_finite |= std::bit_cast<std::uint64_t>(v - v);
        v = v <= 0.0 ? kUMin : v;
        v = v >= 1.0 ? kUMax : v;
        t[j] = -portable::log_one_minus(v);
    }
    return not_finite;
}

// scale q, q = +inf (overflow) as the largest double and NaN as 0, as
// finite_in(q, 0, inf) in quantile().
[[gnu::always_inline]] inline double weibull_finite(double q) {
    const double finite = q > kMax ? kMax : q;
    return q >= 0.0 ? finite : 0.0;
}

// Exponents 1 and 1/2: t or sqrt(t) (correctly rounded) in the same loop as t.
template <WeibullExponent E>
[[gnu::always_inline]] inline bool weibull_exact_power(double scale, const double* u, double* x, int n) {
    const std::uint64_t not_finite = weibull_exponential(u, x, n);
    for (int j = 0; j < n; ++j) {
        const double power = E == WeibullExponent::one ? x[j] : __builtin_sqrt(x[j]);
        x[j] = weibull_finite(scale * power);
    }
    return not_finite != 0;
}

// Any other exponent: portable::pow(t, exponent), the same operations in three
// passes over a block (t; y log t in two doubles; exp) so that each loop keeps
// its values in vector registers: fused into one loop, the AVX2 code kept
// many of them on the stack and took 1.5 times as long.
[[gnu::always_inline]] inline bool weibull_general_power(double exponent, double scale, const double* u, double* x,
                                                         int n) {
    std::uint64_t not_finite = 0;
    for (int begin = 0; begin < n; begin += kWeibullPass) {
        const int m = n - begin < kWeibullPass ? n - begin : kWeibullPass;
        alignas(32) double t[kWeibullPass], product_hi[kWeibullPass], product_lo[kWeibullPass];
        not_finite |= weibull_exponential(u + begin, t, m);
        for (int j = 0; j < m; ++j) {
            const portable::detail::TwoDoubles l = portable::detail::log_two_doubles(t[j]);
            const portable::detail::TwoDoubles p = portable::detail::two_product(exponent, l.hi);
            product_hi[j] = p.hi;
            product_lo[j] = p.lo + exponent * l.lo;
        }
        for (int j = 0; j < m; ++j) {
            x[begin + j] = weibull_finite(scale * portable::detail::pow_from_product(product_hi[j], product_lo[j]));
        }
    }
    return not_finite != 0;
}

[[gnu::always_inline]] inline bool weibull_quantiles(double shape, double scale, const double* u, double* x, int n) {
    const double exponent = 1.0 / shape;
    if (exponent == 1.0) return weibull_exact_power<WeibullExponent::one>(scale, u, x, n);
    if (exponent == 0.5) return weibull_exact_power<WeibullExponent::half>(scale, u, x, n);
    return weibull_general_power(exponent, scale, u, x, n);
}

// Compiled for AVX-512, AVX2 and baseline x86-64, the same IEEE operations
// in the same order in each (no FMA contraction: this file is compiled with
// -ffp-contract=off, CMakeLists.txt), so the same bits. The AVX-512 version
// uses 512-bit vectors, eight values per instruction: faster than its 256-bit
// form on AMD Zen 4 (docs/performance.md).
#if defined(__x86_64__)
TINYFLEET_TARGET_AVX2 bool weibull_quantiles_avx2(double shape, double scale, const double* u, double* x, int n) {
    return weibull_quantiles(shape, scale, u, x, n);
}
TINYFLEET_TARGET_AVX512_WIDE bool weibull_quantiles_avx512(double shape, double scale, const double* u, double* x,
                                                           int n) {
    return weibull_quantiles(shape, scale, u, x, n);
}
#endif
bool weibull_quantiles_baseline(double shape, double scale, const double* u, double* x, int n) {
    return weibull_quantiles(shape, scale, u, x, n);
}

bool weibull_quantiles_in(VectorCode code, double shape, double scale, const double* u, double* x, int n) {
#if defined(__x86_64__)
    switch (instruction_set(code)) {
    case InstructionSet::avx512: return weibull_quantiles_avx512(shape, scale, u, x, n);
    case InstructionSet::avx2: return weibull_quantiles_avx2(shape, scale, u, x, n);
    case InstructionSet::baseline: break;
    }
#endif
    return weibull_quantiles_baseline(shape, scale, u, x, n);
}

}  // namespace

const char* to_string(DistributionKind kind) {
    switch (kind) {
        case DistributionKind::fixed: return "fixed";
        case DistributionKind::uniform: return "uniform";
        case DistributionKind::normal: return "normal";
        case DistributionKind::truncated_normal: return "truncated_normal";
        case DistributionKind::lognormal: return "lognormal";
        case DistributionKind::triangular: return "triangular";
        case DistributionKind::pert: return "pert";
        case DistributionKind::beta: return "beta";
        case DistributionKind::weibull: return "weibull";
        case DistributionKind::gamma: return "gamma";
        case DistributionKind::discrete: return "discrete";
        case DistributionKind::empirical: return "empirical";
    }
    return "unknown";
}

// ---- quantile -----------------------------------------------------------------

double Distribution::quantile(double u) const {
    if (std::isnan(u)) throw std::invalid_argument("quantile: u must be in (0, 1) (got nan)");
    if (u <= 0.0) u = kUMin;
    if (u >= 1.0) u = kUMax;

    switch (kind_) {
        case DistributionKind::fixed: return p_[0];

        case DistributionKind::uniform: {
            const double min = p_[0], max = p_[1], w = max - min;
            const double x = u < 0.5 ? min + u * w : max - (1.0 - u) * w;
            return finite_in(x, min, max);
        }

        case DistributionKind::normal:
            return finite_in(p_[0] + p_[1] * Phi_inv(u), -kInf, kInf);

        case DistributionKind::truncated_normal: {
            // z = Phi^-1(Phi(a) + u (Phi(b) - Phi(a))). The target's lower
            // probability t = Phi(z) and upper probability s = Q(z) = 1 - Phi(z)
            // are both formed from the nearer bound (u or 1 - u times the mass),
            // and z is inverted from whichever of them is below 1/2, so that
            // no step loses relative precision: e.g. [mean + 5 sd, mean + 6 sd]
            // works from Q, and a bound at +inf never rounds t up to 1.
            const double pa = d_[0], qa = d_[1], pb = d_[2], qb = d_[3], mass = d_[4];
            const double sd = p_[1], min = p_[2], max = p_[3];
            const double w = (max - min) / sd;
            if (w <= kNarrowWindow) {  // from the nearer bound, see phi_integral
                const double a = (min - p_[0]) / sd, b = (max - p_[0]) / sd;
                const double x = u <= 0.5 ? min + sd * phi_integral_inverse(a, 1.0, w, u * mass)
                                          : max - sd * phi_integral_inverse(b, -1.0, w, (1.0 - u) * mass);
                return finite_in(x, min, max);
            }
            const double t = u < 0.5 ? pa + u * mass : pb - (1.0 - u) * mass;
            const double s = u < 0.5 ? qa - u * mass : qb + (1.0 - u) * mass;
            // (max: u * mass may underflow to 0 for a denormal u)
            const double z = t <= 0.5 ? Phi_inv(std::max(t, kUMin)) : -Phi_inv(std::max(s, kUMin));
            return finite_in(p_[0] + p_[1] * z, p_[2], p_[3]);
        }

        case DistributionKind::lognormal:
            return finite_in(std::exp(p_[0] + p_[1] * Phi_inv(u)), 0.0, kInf);

        case DistributionKind::triangular: {
            const double a = p_[0], c = p_[1], b = p_[2];
            const double w = b - a;
            const double fc = (c - a) / w;  // F(mode)
            const double x = u < fc ? a + std::sqrt(u * w) * std::sqrt(c - a)
                                    : b - std::sqrt((1.0 - u) * w) * std::sqrt(b - c);
            return finite_in(x, a, b);
        }

        case DistributionKind::pert: {
            const double a = p_[0], b = p_[2];
            const double x01 = beta_quantile(d_[0], d_[1], d_[2], d_[3], u);
            return finite_in(a + x01 * (b - a), a, b);
        }

        case DistributionKind::beta: {
            const double a = p_[2], b = p_[3];
            const double x01 = beta_quantile(d_[0], d_[1], d_[2], d_[3], u);
            return finite_in(a + x01 * (b - a), a, b);
        }

        case DistributionKind::weibull:
            return finite_in(boost_quantile(WeibullDist(p_[0], p_[1]), u), 0.0, kInf);

        case DistributionKind::gamma:
            return finite_in(guarded_quantile(GammaDist(p_[0], p_[1]), u, kInf), 0.0, kInf);

        case DistributionKind::discrete:
        case DistributionKind::empirical: {
            // Smallest value whose cumulative probability is >= u. Zero-weight
            // values are not in the table, and the last cumulative is exactly 1.
            const auto& cum = table_->cumulative;
            auto it = std::lower_bound(cum.begin(), cum.end(), u);
            std::size_t i = static_cast<std::size_t>(it - cum.begin());
            if (i >= cum.size()) i = cum.size() - 1;
            return table_->values[i];
        }
    }
    return p_[0];
}

void Distribution::quantiles(const double* u, double* x, int n, VectorCode code) const {
    if (kind_ != DistributionKind::weibull) {
        for (int j = 0; j < n; ++j) x[j] = quantile(u[j]);
        return;
    }
    const bool not_finite = weibull_quantiles_in(code, p_[0], p_[1], u, x, n);
    if (not_finite)  // quantile() throws for the first NaN (infinities were clamped like u at the ends)
        for (int j = 0; j < n; ++j)
            if (std::isnan(u[j])) quantile(u[j]);
}

// ---- cdf ---------------------------------------------------------------------------

double Distribution::cdf(double x) const {
    if (std::isnan(x)) return x;
    switch (kind_) {
        case DistributionKind::fixed: return x >= p_[0] ? 1.0 : 0.0;

        case DistributionKind::uniform: {
            const double min = p_[0], max = p_[1];
            if (x <= min) return 0.0;
            if (x >= max) return 1.0;
            return std::clamp((x - min) / (max - min), 0.0, 1.0);
        }

        case DistributionKind::normal: return Phi((x - p_[0]) / p_[1]);

        case DistributionKind::truncated_normal: {
            if (x <= p_[2]) return 0.0;
            if (x >= p_[3]) return 1.0;
            const double sd = p_[1], min = p_[2], max = p_[3];
            const double w = (max - min) / sd;
            if (w <= kNarrowWindow) {
                const double a = (min - p_[0]) / sd, b = (max - p_[0]) / sd;
                const double from_min = (x - min) / sd;
                const double f = from_min <= 0.5 * w
                                     ? phi_integral(a, 1.0, from_min) / d_[4]
                                     : 1.0 - phi_integral(b, -1.0, (max - x) / sd) / d_[4];
                return std::clamp(f, 0.0, 1.0);
            }
            const double z = (x - p_[0]) / p_[1];
            const double pa = d_[0], qa = d_[1], mass = d_[4];
            const double f = z <= 0.0 ? (Phi(z) - pa) / mass : (qa - Q(z)) / mass;
            return std::clamp(f, 0.0, 1.0);
        }

        case DistributionKind::lognormal:
            if (x <= 0.0) return 0.0;
            return Phi((std::log(x) - p_[0]) / p_[1]);

        case DistributionKind::triangular: {
            const double a = p_[0], c = p_[1], b = p_[2];
            if (x <= a) return 0.0;
            if (x >= b) return 1.0;
            const double w = b - a;
            if (x <= c) return ((x - a) / w) * ((x - a) / (c - a));
            return 1.0 - ((b - x) / w) * ((b - x) / (b - c));
        }

        case DistributionKind::pert:
        case DistributionKind::beta: {
            const bool pert = kind_ == DistributionKind::pert;
            const double a = pert ? p_[0] : p_[2];
            const double b = pert ? p_[2] : p_[3];
            if (x <= a) return 0.0;
            if (x >= b) return 1.0;
            const double t = std::clamp((x - a) / (b - a), 0.0, 1.0);
            return boost::math::cdf(BetaDist(d_[0], d_[1]), t);
        }

        case DistributionKind::weibull:
            if (x <= 0.0) return 0.0;
            if (x == kInf) return 1.0;
            return boost::math::cdf(WeibullDist(p_[0], p_[1]), x);

        case DistributionKind::gamma:
            if (x <= 0.0) return 0.0;
            if (x == kInf) return 1.0;
            return boost::math::cdf(GammaDist(p_[0], p_[1]), x);

        case DistributionKind::discrete:
        case DistributionKind::empirical: {
            const auto& values = table_->values;
            auto it = std::upper_bound(values.begin(), values.end(), x);  // first value > x
            const std::size_t k = static_cast<std::size_t>(it - values.begin());
            return k == 0 ? 0.0 : table_->cumulative[k - 1];
        }
    }
    return 0.0;
}

// ---- moments -----------------------------------------------------------------------

double Distribution::mean() const {
    switch (kind_) {
        case DistributionKind::fixed: return p_[0];
        case DistributionKind::uniform: return p_[0] + 0.5 * (p_[1] - p_[0]);
        case DistributionKind::normal: return p_[0];
        case DistributionKind::truncated_normal: {
            // mean + sd (phi(a) - phi(b)) / Z
            const double a = (p_[2] - p_[0]) / p_[1], b = (p_[3] - p_[0]) / p_[1];
            const double w = (p_[3] - p_[2]) / p_[1];
            if (w <= kNarrowWindow) {  // centre + sd E[s - w/2], see window_moments
                const WindowMoments m = window_moments(a, w);
                return p_[2] + 0.5 * (p_[3] - p_[2]) + p_[1] * (m.m1 / m.mass);
            }
            return p_[0] + p_[1] * (phi(a) - phi(b)) / d_[4];
        }
        case DistributionKind::lognormal: return std::exp(p_[0] + 0.5 * p_[1] * p_[1]);
        case DistributionKind::triangular: {
            const double a = p_[0], c = p_[1], b = p_[2];
            return a + ((b - a) + (c - a)) / 3.0;  // (a + b + c) / 3
        }
        case DistributionKind::pert: {
            const double a = p_[0], b = p_[2];
            return a + (b - a) * d_[0] / 6.0;  // (a + 4 mode + b) / 6
        }
        case DistributionKind::beta: {
            const double al = p_[0], be = p_[1], a = p_[2], b = p_[3];
            return a + (b - a) * (al / (al + be));
        }
        case DistributionKind::weibull:
            return p_[1] * boost::math::tgamma(1.0 + 1.0 / p_[0], Policy());
        case DistributionKind::gamma: return p_[0] * p_[1];
        case DistributionKind::discrete:
        case DistributionKind::empirical: return table_->mean;
    }
    return 0.0;
}

double Distribution::variance() const {
    switch (kind_) {
        case DistributionKind::fixed: return 0.0;
        case DistributionKind::uniform: {
            const double w = p_[1] - p_[0];
            return w * w / 12.0;
        }
        case DistributionKind::normal: return p_[1] * p_[1];
        case DistributionKind::truncated_normal: {
            // sd^2 [1 + (a phi(a) - b phi(b)) / Z - ((phi(a) - phi(b)) / Z)^2]
            const double a = (p_[2] - p_[0]) / p_[1], b = (p_[3] - p_[0]) / p_[1];
            const double w = (p_[3] - p_[2]) / p_[1];
            if (w <= kNarrowWindow) {  // sd^2 (E[(s - w/2)^2] - E[s - w/2]^2)
                const WindowMoments m = window_moments(a, w);
                const double r = m.m1 / m.mass;
                return p_[1] * p_[1] * std::max(m.m2 / m.mass - r * r, 0.0);
            }
            const double mass = d_[4];
            const double r = (phi(a) - phi(b)) / mass;
            const double v = 1.0 + (z_phi(a) - z_phi(b)) / mass - r * r;
            return p_[1] * p_[1] * std::max(v, 0.0);
        }
        case DistributionKind::lognormal: {
            const double s2 = p_[1] * p_[1];
            return std::expm1(s2) * std::exp(2.0 * p_[0] + s2);
        }
        case DistributionKind::triangular: {
            // (a^2 + b^2 + c^2 - ab - ac - bc) / 18, shifted by a for accuracy
            const double a = p_[0], c = p_[1], b = p_[2];
            const double B = b - a, C = c - a;
            return (B * B + C * C - B * C) / 18.0;
        }
        case DistributionKind::pert:
        case DistributionKind::beta: {
            const bool pert = kind_ == DistributionKind::pert;
            const double al = pert ? d_[0] : p_[0], be = pert ? d_[1] : p_[1];
            const double w = pert ? p_[2] - p_[0] : p_[3] - p_[2];
            const double s = al + be;
            return w * w * (al / s) * (be / s) / (s + 1.0);
        }
        case DistributionKind::weibull: {
            // lambda^2 [Gamma(1 + 2/k) - Gamma(1 + 1/k)^2]
            const double k = p_[0], lambda = p_[1];
            double v;
            if (k >= 1.0) {
                // Both gammas are near 1: use Gamma(1 + x) - 1 to avoid cancellation.
                const double g1 = boost::math::tgamma1pm1(1.0 / k, Policy());
                const double g2 = boost::math::tgamma1pm1(2.0 / k, Policy());
                v = g2 - 2.0 * g1 - g1 * g1;
            } else {
                const double t2 = boost::math::tgamma(1.0 + 2.0 / k, Policy());
                if (!std::isfinite(t2)) return kInf;
                const double t1 = boost::math::tgamma(1.0 + 1.0 / k, Policy());
                v = t2 - t1 * t1;
            }
            return lambda * lambda * std::max(v, 0.0);
        }
        case DistributionKind::gamma: return p_[0] * p_[1] * p_[1];
        case DistributionKind::discrete:
        case DistributionKind::empirical: return table_->variance;
    }
    return 0.0;
}

double Distribution::support_min() const {
    switch (kind_) {
        case DistributionKind::fixed:
        case DistributionKind::uniform:
        case DistributionKind::triangular:
        case DistributionKind::pert: return p_[0];
        case DistributionKind::normal: return -kInf;
        case DistributionKind::truncated_normal:
        case DistributionKind::beta: return p_[2];
        case DistributionKind::lognormal:
        case DistributionKind::weibull:
        case DistributionKind::gamma: return 0.0;
        case DistributionKind::discrete:
        case DistributionKind::empirical: return table_->values.front();
    }
    return -kInf;
}

double Distribution::support_max() const {
    switch (kind_) {
        case DistributionKind::fixed: return p_[0];
        case DistributionKind::uniform: return p_[1];
        case DistributionKind::triangular:
        case DistributionKind::pert: return p_[2];
        case DistributionKind::normal:
        case DistributionKind::lognormal:
        case DistributionKind::weibull:
        case DistributionKind::gamma: return kInf;
        case DistributionKind::truncated_normal:
        case DistributionKind::beta: return p_[3];
        case DistributionKind::discrete:
        case DistributionKind::empirical: return table_->values.back();
    }
    return kInf;
}

const std::vector<double>& Distribution::table_values() const {
    static const std::vector<double> empty;
    return table_ ? table_->values : empty;
}

const std::vector<double>& Distribution::table_probabilities() const {
    static const std::vector<double> empty;
    return table_ ? table_->probabilities : empty;
}

// ---- factories -------------------------------------------------------------------

Distribution make_fixed(double value) {
    require_finite("value", value);
    Distribution d;
    d.kind_ = DistributionKind::fixed;
    d.p_[0] = value;
    return d;
}

Distribution make_uniform(double min, double max) {
    require_finite_range(min, max);
    Distribution d;
    d.kind_ = DistributionKind::uniform;
    d.p_[0] = min;
    d.p_[1] = max;
    return d;
}

Distribution make_normal(double mean, double sd) {
    require_finite("mean", mean);
    require_positive("sd", sd);
    Distribution d;
    d.kind_ = DistributionKind::normal;
    d.p_[0] = mean;
    d.p_[1] = sd;
    return d;
}

Distribution make_truncated_normal(double mean, double sd, double min, double max) {
    require_finite("mean", mean);
    require_positive("sd", sd);
    require_not_nan("min", min);
    require_not_nan("max", max);
    require_ordered(min, max);
    const double a = (min - mean) / sd, b = (max - mean) / sd;
    const double pa = Phi(a), qa = Q(a), pb = Phi(b), qb = Q(b);
    // The mass from the tail probabilities that are accurate: both bounds
    // above the mean (e.g. [mean + 5 sd, mean + 6 sd]), both below, or around.
    // A narrow window (see phi_integral) is integrated directly.
    const double w = (max - min) / sd;
    const double mass = w <= kNarrowWindow ? phi_integral(a, 1.0, w)
                        : a >= 0.0         ? qa - qb
                        : b <= 0.0         ? pb - pa
                                           : 1.0 - pa - qb;
    if (!(mass >= kMinTruncatedMass))
        fail("min and max enclose a negligible probability mass of the normal (got " + num(mass) +
             " < 1e-12 for mean=" + num(mean) + ", sd=" + num(sd) + ", min=" + num(min) +
             ", max=" + num(max) + ")");
    Distribution d;
    d.kind_ = DistributionKind::truncated_normal;
    d.p_[0] = mean;
    d.p_[1] = sd;
    d.p_[2] = min;
    d.p_[3] = max;
    d.d_[0] = pa;
    d.d_[1] = qa;
    d.d_[2] = pb;
    d.d_[3] = qb;
    d.d_[4] = mass;
    return d;
}

Distribution make_lognormal_median_gsd(double median, double gsd) {
    require_positive("median", median, " for a lognormal");
    require_finite("gsd", gsd);
    if (!(gsd > 1.0)) {
        std::string message = "gsd must be > 1 (got " + num(gsd) + ")";
        if (gsd == 1.0) message += "; gsd = 1 is a constant value: use type fixed";
        fail(message);
    }
    Distribution d;
    d.kind_ = DistributionKind::lognormal;
    d.p_[0] = std::log(median);
    d.p_[1] = std::log(gsd);
    return d;
}

Distribution make_lognormal_mean_sd(double mean, double sd) {
    require_positive("mean", mean, " for a lognormal");
    require_positive("sd", sd);
    // sigma^2 = ln(1 + sd^2 / mean^2), mu = ln(mean) - sigma^2 / 2
    const double cv = sd / mean;
    const double sigma2 = std::log1p(cv * cv);
    if (!(sigma2 > 0.0) || !std::isfinite(sigma2))
        fail("sd / mean of a lognormal is out of range: (sd/mean)^2 must be positive and finite (got sd=" +
             num(sd) + ", mean=" + num(mean) + ")");
    Distribution d;
    d.kind_ = DistributionKind::lognormal;
    d.p_[0] = std::log(mean) - 0.5 * sigma2;
    d.p_[1] = std::sqrt(sigma2);
    return d;
}

Distribution make_triangular(double min, double mode, double max) {
    require_mode(min, mode, max);
    Distribution d;
    d.kind_ = DistributionKind::triangular;
    d.p_[0] = min;
    d.p_[1] = mode;
    d.p_[2] = max;
    return d;
}

Distribution make_pert(double min, double mode, double max) {
    require_mode(min, mode, max);
    Distribution d;
    d.kind_ = DistributionKind::pert;
    d.p_[0] = min;
    d.p_[1] = mode;
    d.p_[2] = max;
    const double w = max - min;
    // 4 * (share of the range) rather than (4 * distance) / range: the
    // latter overflows to inf/NaN for ranges near the largest double (found
    // by tests/fuzz/fuzz_distribution); scaling by 4 is exact, so results
    // are otherwise unchanged.
    const double alpha = 1.0 + 4.0 * ((mode - min) / w);
    const double beta = 1.0 + 4.0 * ((max - mode) / w);
    d.d_[0] = alpha;
    d.d_[1] = beta;
    d.d_[2] = log_a_beta(alpha, beta);
    d.d_[3] = log_a_beta(beta, alpha);
    return d;
}

Distribution make_beta(double alpha, double beta, double min, double max) {
    require_positive("alpha", alpha);
    require_positive("beta", beta);
    // Boost 1.74's inverse incomplete beta function can loop for minutes once
    // a shape parameter is far above this (found by tests/fuzz/fuzz_distribution,
    // e.g. Beta(1e4, 1e50)); up to it the worst quantile takes milliseconds. Such
    // a beta has a standard deviation below 1e-6 of its range.
    constexpr double kMaxBetaShape = 1e12;
    if (alpha > kMaxBetaShape) fail("alpha must be <= 1e12 (got " + num(alpha) + ")");
    if (beta > kMaxBetaShape) fail("beta must be <= 1e12 (got " + num(beta) + ")");
    // Subnormal shapes make Boost's incomplete beta function return NaN (as
    // for the gamma, see make_gamma).
    constexpr double kMinShape = std::numeric_limits<double>::min();
    if (alpha < kMinShape) fail("alpha must be >= " + num(kMinShape) + " (got " + num(alpha) + ")");
    if (beta < kMinShape) fail("beta must be >= " + num(kMinShape) + " (got " + num(beta) + ")");
    require_finite_range(min, max);
    Distribution d;
    d.kind_ = DistributionKind::beta;
    d.p_[0] = alpha;
    d.p_[1] = beta;
    d.p_[2] = min;
    d.p_[3] = max;
    d.d_[0] = alpha;
    d.d_[1] = beta;
    d.d_[2] = log_a_beta(alpha, beta);
    d.d_[3] = log_a_beta(beta, alpha);
    return d;
}

Distribution make_weibull(double shape, double scale) {
    require_positive("shape", shape);
    require_positive("scale", scale);
    Distribution d;
    d.kind_ = DistributionKind::weibull;
    d.p_[0] = shape;
    d.p_[1] = scale;
    return d;
}

Distribution make_gamma(double shape, double scale) {
    require_positive("shape", shape);
    require_positive("scale", scale);
    // Boost's incomplete gamma function returns NaN for a subnormal shape
    // (found by tests/fuzz/fuzz_distribution); such a shape is no usable
    // distribution anyway (all mass within 1e-300 of 0).
    if (shape < std::numeric_limits<double>::min())
        fail("shape must be >= " + num(std::numeric_limits<double>::min()) + " (got " + num(shape) + ")");
    Distribution d;
    d.kind_ = DistributionKind::gamma;
    d.p_[0] = shape;
    d.p_[1] = scale;
    return d;
}

Distribution make_discrete(std::vector<double> values, std::vector<double> weights) {
    if (values.empty()) fail("values must not be empty");
    if (weights.size() != values.size())
        fail("weights must have the same length as values (got " + std::to_string(weights.size()) +
             " weights for " + std::to_string(values.size()) + " values)");
    double max_weight = 0.0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!std::isfinite(values[i])) fail_element("values", i, "must be finite", values[i]);
        if (!std::isfinite(weights[i])) fail_element("weights", i, "must be finite", weights[i]);
        if (weights[i] < 0.0) fail_element("weights", i, "must be >= 0", weights[i]);
        max_weight = std::max(max_weight, weights[i]);
    }
    if (!(max_weight > 0.0)) fail("weights must sum to a positive number (got 0)");

    // (value, weight / max weight) pairs with a positive weight, sorted by
    // value; scaling by the largest weight keeps the sum finite.
    std::vector<std::pair<double, double>> pairs;
    pairs.reserve(values.size());
    for (std::size_t i = 0; i < values.size(); ++i)
        if (weights[i] > 0.0) pairs.emplace_back(values[i] == 0.0 ? 0.0 : values[i], weights[i] / max_weight);
    std::sort(pairs.begin(), pairs.end());

    auto table = std::make_shared<Distribution::Table>();
    for (const auto& [value, weight] : pairs) {
        if (!table->values.empty() && table->values.back() == value) {
            table->probabilities.back() += weight;  // merge duplicates
        } else {
            table->values.push_back(value);
            table->probabilities.push_back(weight);
        }
    }
    double total = 0.0;
    for (double w : table->probabilities) total += w;
    table->cumulative.resize(table->values.size());
    double running = 0.0;
    for (std::size_t i = 0; i < table->values.size(); ++i) {
        running += table->probabilities[i];
        table->cumulative[i] = std::min(running / total, 1.0);
        table->probabilities[i] /= total;
    }
    table->cumulative.back() = 1.0;

    double mean = 0.0;
    for (std::size_t i = 0; i < table->values.size(); ++i)
        mean += table->probabilities[i] * table->values[i];
    double variance = 0.0;
    for (std::size_t i = 0; i < table->values.size(); ++i) {
        const double dev = table->values[i] - mean;
        variance += table->probabilities[i] * dev * dev;
    }
    table->mean = mean;
    table->variance = variance;

    Distribution d;
    d.kind_ = DistributionKind::discrete;
    d.table_ = std::move(table);
    return d;
}

Distribution make_empirical(std::vector<double> values) {
    if (values.empty()) fail("values must not be empty");
    std::vector<double> weights(values.size(), 1.0);
    Distribution d = make_discrete(std::move(values), std::move(weights));
    d.kind_ = DistributionKind::empirical;
    return d;
}

}  // namespace tinyfleet
