// Tests of sim/distribution: every kind is sampled by inverse transform and
// compared with an independent CDF (Kolmogorov-Smirnov) and with moments
// written here from textbook formulas.
#include "sim/engine/distribution.h"
#include "splitmix64.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

// Boost is used here only for the CDF of beta/gamma shapes that have no
// elementary closed form: boost's ibeta/gamma_p (the CDF) are a different code
// path from ibeta_inv/gamma_p_inv that the quantile uses, so the comparison is
// still meaningful. Every other reference CDF below is written from its formula.
#include "sim/engine/boost_math_config.h"  // first, as in the library
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/gamma.hpp>

using namespace tinyfleet;

namespace {

// double evaluation (no long double promotion): 5x faster, accuracy ample for KS
using RefPolicy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPi = 3.14159265358979323846;
constexpr int kDraws = 100000;

std::vector<double> draw(const Distribution& d, std::uint64_t seed, int n = kDraws) {
    SplitMix64 rng{seed};
    std::vector<double> x(static_cast<std::size_t>(n));
    for (auto& v : x) v = d.quantile(rng.uniform());
    return x;
}

// ---- reference formulas (independent of sim/engine/distribution.cpp) ------------------

double norm_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }
double norm_pdf(double z) { return std::isinf(z) ? 0.0 : std::exp(-0.5 * z * z) / std::sqrt(2.0 * kPi); }

double binomial(int n, int k) {
    double r = 1.0;
    for (int i = 1; i <= k; ++i) r = r * (n - k + i) / i;
    return r;
}

// Regularised incomplete beta for integer a, b:
// I_t(a, b) = sum_{j=a}^{n} C(n, j) t^j (1 - t)^(n - j), n = a + b - 1.
double beta_cdf_integer(int a, int b, double t) {
    if (t <= 0.0) return 0.0;
    if (t >= 1.0) return 1.0;
    const int n = a + b - 1;
    double s = 0.0;
    for (int j = a; j <= n; ++j) s += binomial(n, j) * std::pow(t, j) * std::pow(1.0 - t, n - j);
    return s;
}

struct ContinuousCase {
    std::string name;
    Distribution dist;
    std::function<double(double)> cdf;  // reference CDF
    double mean;                        // reference mean
    double variance;                    // reference variance
};

// Standard truncated normal formulas, with alpha = (min - mu)/sd,
// beta = (max - mu)/sd, Z = Phi(beta) - Phi(alpha):
//   F(x) = (Phi((x - mu)/sd) - Phi(alpha)) / Z
//   mean = mu + sd (phi(alpha) - phi(beta)) / Z
//   var  = sd^2 [1 + (alpha phi(alpha) - beta phi(beta)) / Z - ((phi(alpha) - phi(beta)) / Z)^2]
// Z and F are formed with the upper-tail erfc when alpha >= 0 (precision only).
ContinuousCase truncated_case(const std::string& name, double mu, double sd, double lo, double hi) {
    const double al = (lo - mu) / sd, be = (hi - mu) / sd;
    const bool upper = al >= 0.0;
    const double r2 = std::sqrt(2.0);
    const double z_mass = upper ? 0.5 * (std::erfc(al / r2) - std::erfc(be / r2))
                                : 0.5 * (std::erfc(-be / r2) - std::erfc(-al / r2));
    auto cdf = [=](double x) {
        if (x <= lo) return 0.0;
        if (x >= hi) return 1.0;
        const double z = (x - mu) / sd;
        return upper ? 0.5 * (std::erfc(al / r2) - std::erfc(z / r2)) / z_mass
                     : 0.5 * (std::erfc(-z / r2) - std::erfc(-al / r2)) / z_mass;
    };
    auto xphi = [](double z) { return std::isinf(z) ? 0.0 : z * norm_pdf(z); };
    const double ratio = (norm_pdf(al) - norm_pdf(be)) / z_mass;
    const double mean = mu + sd * ratio;
    const double var = sd * sd * (1.0 + (xphi(al) - xphi(be)) / z_mass - ratio * ratio);
    return {name, make_truncated_normal(mu, sd, lo, hi), cdf, mean, var};
}

ContinuousCase lognormal_case(const std::string& name, Distribution d, double mu, double sigma) {
    // F(x) = Phi((ln x - mu) / sigma); mean = exp(mu + sigma^2/2);
    // var = (exp(sigma^2) - 1) exp(2 mu + sigma^2)
    auto cdf = [=](double x) { return x <= 0.0 ? 0.0 : norm_cdf((std::log(x) - mu) / sigma); };
    const double s2 = sigma * sigma;
    return {name, d, cdf, std::exp(mu + s2 / 2), (std::exp(s2) - 1.0) * std::exp(2 * mu + s2)};
}

ContinuousCase triangular_case(const std::string& name, double a, double c, double b) {
    // F(x) = (x-a)^2 / ((b-a)(c-a)) for a <= x <= c, 1 - (b-x)^2 / ((b-a)(b-c)) for c < x <= b
    // mean = (a + b + c)/3, var = (a^2 + b^2 + c^2 - ab - ac - bc)/18
    auto cdf = [=](double x) {
        if (x <= a) return 0.0;
        if (x >= b) return 1.0;
        if (x <= c) return (x - a) * (x - a) / ((b - a) * (c - a));
        return 1.0 - (b - x) * (b - x) / ((b - a) * (b - c));
    };
    return {name, make_triangular(a, c, b), cdf, (a + b + c) / 3,
            (a * a + b * b + c * c - a * b - a * c - b * c) / 18};
}

// Scaled beta on [lo, hi]: mean = lo + (hi-lo) a/(a+b),
// var = (hi-lo)^2 a b / ((a+b)^2 (a+b+1)).
ContinuousCase beta_case(const std::string& name, Distribution d, double a, double b, double lo,
                         double hi, std::function<double(double)> cdf01) {
    auto cdf = [=](double x) { return cdf01((x - lo) / (hi - lo)); };
    const double w = hi - lo, s = a + b;
    return {name, d, cdf, lo + w * a / s, w * w * a * b / (s * s * (s + 1))};
}

// PERT: alpha = 1 + 4(mode-min)/(max-min), beta = 1 + 4(max-mode)/(max-min);
// mean = (min + 4 mode + max)/6, var = (mean - min)(max - mean)/7.
ContinuousCase pert_case(const std::string& name, double a, double c, double b,
                         std::function<double(double)> cdf01) {
    auto cdf = [=](double x) { return cdf01((x - a) / (b - a)); };
    const double m = (a + 4 * c + b) / 6;
    return {name, make_pert(a, c, b), cdf, m, (m - a) * (b - m) / 7};
}

ContinuousCase weibull_case(const std::string& name, double k, double lambda) {
    // F(x) = 1 - exp(-(x/lambda)^k); mean = lambda Gamma(1 + 1/k);
    // var = lambda^2 [Gamma(1 + 2/k) - Gamma(1 + 1/k)^2]
    auto cdf = [=](double x) { return x <= 0.0 ? 0.0 : 1.0 - std::exp(-std::pow(x / lambda, k)); };
    const double g1 = std::tgamma(1 + 1 / k), g2 = std::tgamma(1 + 2 / k);
    return {name, make_weibull(k, lambda), cdf, lambda * g1, lambda * lambda * (g2 - g1 * g1)};
}

std::vector<ContinuousCase> continuous_cases() {
    std::vector<ContinuousCase> cases;
    // uniform: F = (x-a)/(b-a), mean (a+b)/2, var (b-a)^2/12
    cases.push_back({"uniform(-2, 5)", make_uniform(-2, 5),
                     [](double x) { return std::clamp((x + 2) / 7, 0.0, 1.0); }, 1.5, 49.0 / 12});
    // normal: F = Phi((x-mu)/sd), mean mu, var sd^2
    cases.push_back({"normal(10, 3)", make_normal(10, 3),
                     [](double x) { return norm_cdf((x - 10) / 3); }, 10, 9});
    cases.push_back({"normal(-1000, 0.01)", make_normal(-1000, 0.01),
                     [](double x) { return norm_cdf((x + 1000) / 0.01); }, -1000, 1e-4});

    cases.push_back(truncated_case("truncated_normal(0, 1, [-1, 2])", 0, 1, -1, 2));
    cases.push_back(truncated_case("truncated_normal(10, 3, [0, inf)) one-sided", 10, 3, 0, kInf));
    cases.push_back(truncated_case("truncated_normal(0, 1, [1.5, inf)) one-sided", 0, 1, 1.5, kInf));
    cases.push_back(truncated_case("truncated_normal(2, 1, (-inf, 2.5]) one-sided", 2, 1, -kInf, 2.5));
    cases.push_back(truncated_case("truncated_normal(0, 1, [5, 6]) far tail", 0, 1, 5, 6));
    cases.push_back(truncated_case("truncated_normal(0, 1, (-inf, -4]) far tail", 0, 1, -kInf, -4));
    cases.push_back(truncated_case("truncated_normal(5, 2, [7, 7.4]) narrow", 5, 2, 7, 7.4));

    // median/gsd: mu = ln(median), sigma = ln(gsd)
    cases.push_back(lognormal_case("lognormal median 3 gsd 2", make_lognormal_median_gsd(3, 2),
                                   std::log(3.0), std::log(2.0)));
    cases.push_back(lognormal_case("lognormal median 0.01 gsd 1.1", make_lognormal_median_gsd(0.01, 1.1),
                                   std::log(0.01), std::log(1.1)));
    // mean/sd: sigma^2 = ln(1 + sd^2/mean^2), mu = ln(mean) - sigma^2/2
    {
        const double s2 = std::log(1 + 4.0 * 4.0 / (2.0 * 2.0));
        cases.push_back(lognormal_case("lognormal mean 2 sd 4", make_lognormal_mean_sd(2, 4),
                                       std::log(2.0) - s2 / 2, std::sqrt(s2)));
    }

    cases.push_back(triangular_case("triangular(0, 2, 10)", 0, 2, 10));
    cases.push_back(triangular_case("triangular(-1, -1, 3) mode at min", -1, -1, 3));
    cases.push_back(triangular_case("triangular(5, 7, 7) mode at max", 5, 7, 7));

    // PERT(0, 2.5, 10): alpha = 2, beta = 4 -> integer beta CDF.
    cases.push_back(pert_case("pert(0, 2.5, 10)", 0, 2.5, 10,
                              [](double t) { return beta_cdf_integer(2, 4, t); }));
    // PERT(-1, 0, 1): alpha = beta = 3.
    cases.push_back(pert_case("pert(-1, 0, 1)", -1, 0, 1,
                              [](double t) { return beta_cdf_integer(3, 3, t); }));
    // PERT(0, 1, 10): alpha = 1.4, beta = 4.6 (boost ibeta: CDF path, see top).
    cases.push_back(pert_case("pert(0, 1, 10) skewed", 0, 1, 10, [](double t) {
        return t <= 0 ? 0.0 : t >= 1 ? 1.0 : boost::math::ibeta(1.4, 4.6, t, RefPolicy());
    }));

    // beta(0.5, 0.5) is the arcsine law: F(t) = (2/pi) asin(sqrt(t)).
    cases.push_back(beta_case("beta(0.5, 0.5)", make_beta(0.5, 0.5), 0.5, 0.5, 0, 1, [](double t) {
        return t <= 0 ? 0.0 : t >= 1 ? 1.0 : 2 / kPi * std::asin(std::sqrt(t));
    }));
    cases.push_back(beta_case("beta(2, 5) on [10, 20]", make_beta(2, 5, 10, 20), 2, 5, 10, 20,
                              [](double t) { return beta_cdf_integer(2, 5, t); }));
    cases.push_back(beta_case("beta(0.8, 3.3)", make_beta(0.8, 3.3), 0.8, 3.3, 0, 1, [](double t) {
        return t <= 0 ? 0.0 : t >= 1 ? 1.0 : boost::math::ibeta(0.8, 3.3, t, RefPolicy());
    }));

    cases.push_back(weibull_case("weibull(0.7, 2)", 0.7, 2));
    cases.push_back(weibull_case("weibull(3.5, 100)", 3.5, 100));
    cases.push_back(weibull_case("weibull(1, 5) exponential", 1, 5));

    // gamma(k, theta): mean k theta, var k theta^2.
    // k = 0.5: X/theta ~ chi^2_1 / 2, F = erf(sqrt(x/theta)).
    cases.push_back({"gamma(0.5, 2)", make_gamma(0.5, 2),
                     [](double x) { return x <= 0 ? 0.0 : std::erf(std::sqrt(x / 2)); }, 1, 2});
    // k = 3 (Erlang): F = 1 - exp(-y)(1 + y + y^2/2), y = x/theta.
    cases.push_back({"gamma(3, 1.5)", make_gamma(3, 1.5),
                     [](double x) {
                         const double y = x / 1.5;
                         return x <= 0 ? 0.0 : 1 - std::exp(-y) * (1 + y + y * y / 2);
                     },
                     4.5, 6.75});
    // k = 2.7: boost gamma_p (CDF path, see top).
    cases.push_back({"gamma(2.7, 0.3)", make_gamma(2.7, 0.3),
                     [](double x) { return x <= 0 ? 0.0 : boost::math::gamma_p(2.7, x / 0.3, RefPolicy()); },
                     2.7 * 0.3, 2.7 * 0.09});
    return cases;
}

// One-sample Kolmogorov-Smirnov statistic of x (sorted in place) against F.
double ks_statistic(std::vector<double>& x, const std::function<double(double)>& F) {
    std::sort(x.begin(), x.end());
    const double n = static_cast<double>(x.size());
    double d = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double f = F(x[i]);
        d = std::max({d, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
    }
    return d;
}

struct Moments {
    double mean, variance, m4;
};

Moments sample_moments(const std::vector<double>& x) {
    const double n = static_cast<double>(x.size());
    double s = 0.0;
    for (double v : x) s += v;
    const double mean = s / n;
    double s2 = 0.0, s4 = 0.0;
    for (double v : x) {
        const double d2 = (v - mean) * (v - mean);
        s2 += d2;
        s4 += d2 * d2;
    }
    return {mean, s2 / (n - 1), s4 / n};
}

std::vector<Distribution> all_kinds_examples() {
    std::vector<Distribution> out = {make_fixed(4.5), make_discrete({1, 2, 3}, {0.2, 0.0, 0.8}),
                                     make_empirical({-3, 1, 1, 8})};
    for (auto& c : continuous_cases()) out.push_back(c.dist);
    // harder parameter sets for the extreme-u checks
    out.push_back(make_gamma(1e-3, 1));
    out.push_back(make_beta(1e-3, 1e3));
    out.push_back(make_beta(200, 0.05, -5, 5));
    out.push_back(make_weibull(0.01, 1));
    out.push_back(make_lognormal_median_gsd(1, 1e200));
    out.push_back(make_lognormal_mean_sd(1e-100, 1e50));
    out.push_back(make_normal(0, 1e300));
    out.push_back(make_truncated_normal(0, 1, -kInf, kInf));
    out.push_back(make_truncated_normal(0, 1, 7, 7.5));
    out.push_back(make_truncated_normal(0, 1, -kInf, -7));
    out.push_back(make_uniform(-1e300, 1e300));
    return out;
}

}  // namespace

TEST_CASE("continuous kinds: mean() and variance() match the hand formulas", "[distribution]") {
    for (auto& c : continuous_cases()) {
        INFO(c.name);
        CHECK(c.dist.mean() == Approx(c.mean).epsilon(1e-10).margin(1e-12));
        CHECK(c.dist.variance() == Approx(c.variance).epsilon(1e-10));
    }
}

// One set of draws per case serves both checks (the draws dominate the run time).
TEST_CASE("continuous kinds: quantile draws pass a KS test and match the moments", "[distribution]") {
    std::uint64_t seed = 1;
    for (auto& c : continuous_cases()) {
        auto x = draw(c.dist, seed++);
        const double n = static_cast<double>(x.size());

        // sample moments: 5 standard errors; SE(var) = sqrt((m4 - var^2)/n)
        const auto m = sample_moments(x);
        const double se_mean = std::sqrt(c.variance / n);
        const double se_var = std::sqrt(std::max(m.m4 - m.variance * m.variance, 0.0) / n);
        {
            INFO(c.name << ": sample mean " << m.mean << " vs " << c.mean << " (se " << se_mean << ")");
            CHECK(std::abs(m.mean - c.mean) < 5 * se_mean);
        }
        {
            INFO(c.name << ": sample var " << m.variance << " vs " << c.variance << " (se " << se_var << ")");
            CHECK(std::abs(m.variance - c.variance) < 5 * se_var);
        }

        // one-sample Kolmogorov-Smirnov against the reference CDF
        const double d = ks_statistic(x, c.cdf);
        const double stat = d * std::sqrt(n);
        INFO(c.name << ": D*sqrt(n) = " << stat);
        CHECK(stat < 1.95);  // alpha ~ 0.001
    }
}

TEST_CASE("continuous kinds: cdf(quantile(u)) round trip", "[distribution]") {
    const double us[] = {1e-6, 0.01, 0.3, 0.5, 0.9, 0.999999};
    for (auto& c : continuous_cases()) {
        for (double u : us) {
            const double x = c.dist.quantile(u);
            INFO(c.name << " u=" << u << " x=" << x);
            CHECK(std::abs(c.dist.cdf(x) - u) <= 1e-9);
            // and against the reference CDF, a looser check of the same point
            CHECK(std::abs(c.cdf(x) - u) <= 1e-7);
        }
    }
}

TEST_CASE("continuous kinds: support bounds and cdf limits", "[distribution]") {
    CHECK(make_normal(0, 1).support_min() == -kInf);
    CHECK(make_normal(0, 1).support_max() == kInf);
    CHECK(make_uniform(-2, 5).support_min() == -2);
    CHECK(make_uniform(-2, 5).support_max() == 5);
    CHECK(make_truncated_normal(0, 1, 1.5, kInf).support_min() == 1.5);
    CHECK(make_truncated_normal(0, 1, 1.5, kInf).support_max() == kInf);
    CHECK(make_lognormal_median_gsd(3, 2).support_min() == 0);
    CHECK(make_lognormal_median_gsd(3, 2).support_max() == kInf);
    CHECK(make_triangular(0, 2, 10).support_min() == 0);
    CHECK(make_triangular(0, 2, 10).support_max() == 10);
    CHECK(make_pert(0, 1, 10).support_min() == 0);
    CHECK(make_pert(0, 1, 10).support_max() == 10);
    CHECK(make_beta(2, 5, 10, 20).support_min() == 10);
    CHECK(make_beta(2, 5, 10, 20).support_max() == 20);
    CHECK(make_weibull(2, 1).support_min() == 0);
    CHECK(make_gamma(2, 1).support_max() == kInf);
    for (auto& c : continuous_cases()) {
        INFO(c.name);
        const double lo = c.dist.support_min(), hi = c.dist.support_max();
        if (std::isfinite(lo)) CHECK(c.dist.cdf(lo) == 0.0);
        if (std::isfinite(hi)) CHECK(c.dist.cdf(hi) == 1.0);
        CHECK(c.dist.cdf(-kInf) == 0.0);
        CHECK(c.dist.cdf(kInf) == 1.0);
        CHECK(c.dist.table_values().empty());
        CHECK(c.dist.table_probabilities().empty());
    }
}

TEST_CASE("fixed", "[distribution]") {
    const auto d = make_fixed(4.5);
    CHECK(d.kind() == DistributionKind::fixed);
    CHECK(d.quantile(1e-300) == 4.5);
    CHECK(d.quantile(0.5) == 4.5);
    CHECK(d.quantile(1 - 0x1p-53) == 4.5);
    CHECK(d.mean() == 4.5);
    CHECK(d.variance() == 0.0);
    CHECK(d.cdf(4.4) == 0.0);
    CHECK(d.cdf(4.5) == 1.0);
    CHECK(d.support_min() == 4.5);
    CHECK(d.support_max() == 4.5);
}

TEST_CASE("discrete: table, frequencies, moments, cdf", "[distribution]") {
    // 2 appears twice (weights merge: 0.5 + 0.5), 5 has weight 0 (never drawn).
    const auto d = make_discrete({3, 1, 2, 2, 5, 7}, {1, 2, 0.5, 0.5, 0, 4});
    CHECK(d.kind() == DistributionKind::discrete);
    CHECK(d.table_values() == std::vector<double>{1, 2, 3, 7});
    const std::vector<double> p = {0.25, 0.125, 0.125, 0.5};  // weights 2, 1, 1, 4 of 8
    REQUIRE(d.table_probabilities().size() == 4);
    for (std::size_t i = 0; i < 4; ++i) CHECK(d.table_probabilities()[i] == Approx(p[i]).epsilon(1e-15));

    // mean = (2*1 + 1*2 + 1*3 + 4*7)/8 = 35/8; E[X^2] = (2 + 4 + 9 + 196)/8 = 211/8;
    // var = 211/8 - (35/8)^2 = 463/64
    CHECK(d.mean() == Approx(35.0 / 8).epsilon(1e-14));
    CHECK(d.variance() == Approx(463.0 / 64).epsilon(1e-14));
    CHECK(d.support_min() == 1);
    CHECK(d.support_max() == 7);

    CHECK(d.cdf(0.5) == 0.0);
    CHECK(d.cdf(1) == 0.25);
    CHECK(d.cdf(1.5) == 0.25);
    CHECK(d.cdf(2) == 0.375);
    CHECK(d.cdf(5) == 0.5);
    CHECK(d.cdf(7) == 1.0);
    CHECK(d.cdf(100) == 1.0);

    // smallest value whose cumulative probability >= u
    CHECK(d.quantile(0.25) == 1);
    CHECK(d.quantile(0.25 + 1e-12) == 2);
    CHECK(d.quantile(0.375) == 2);
    CHECK(d.quantile(0.5) == 3);
    CHECK(d.quantile(0.5 + 1e-12) == 7);

    // observed frequencies within 4 sigma of n p
    auto x = draw(d, 77);
    std::map<double, int> count;
    for (double v : x) ++count[v];
    CHECK(count.count(5) == 0);
    const double n = static_cast<double>(x.size());
    for (std::size_t i = 0; i < 4; ++i) {
        const double v = d.table_values()[i];
        const double expected = n * p[i];
        INFO("value " << v << " count " << count[v] << " expected " << expected);
        CHECK(std::abs(count[v] - expected) <= 4 * std::sqrt(n * p[i] * (1 - p[i])));
    }
    const auto m = sample_moments(x);
    CHECK(std::abs(m.mean - 35.0 / 8) < 5 * std::sqrt(463.0 / 64 / n));
}

TEST_CASE("discrete: a zero weight at either end is never drawn", "[distribution]") {
    const auto d = make_discrete({0, 1, 2}, {0, 1, 0});
    CHECK(d.table_values() == std::vector<double>{1});
    CHECK(d.quantile(1e-300) == 1);
    CHECK(d.quantile(1 - 0x1p-53) == 1);
    CHECK(d.support_min() == 1);
    CHECK(d.support_max() == 1);
    CHECK(d.variance() == 0.0);
}

TEST_CASE("empirical: every listed value equally likely, duplicates count", "[distribution]") {
    const auto d = make_empirical({4, 1, 4, 4, 2});
    CHECK(d.kind() == DistributionKind::empirical);
    CHECK(d.table_values() == std::vector<double>{1, 2, 4});
    const std::vector<double> p = {0.2, 0.2, 0.6};
    for (std::size_t i = 0; i < 3; ++i) CHECK(d.table_probabilities()[i] == Approx(p[i]).epsilon(1e-15));
    // mean = (4+1+4+4+2)/5 = 3; var = (1 + 4 + 3*16)/5 - 9 = 1.6
    CHECK(d.mean() == Approx(3.0).epsilon(1e-14));
    CHECK(d.variance() == Approx(1.6).epsilon(1e-14));
    CHECK(d.cdf(1) == Approx(0.2));
    CHECK(d.cdf(3.9) == Approx(0.4));
    CHECK(d.cdf(4) == 1.0);

    auto x = draw(d, 99);
    std::map<double, int> count;
    for (double v : x) ++count[v];
    CHECK(count.size() == 3);
    const double n = static_cast<double>(x.size());
    for (std::size_t i = 0; i < 3; ++i) {
        const double v = d.table_values()[i];
        INFO("value " << v << " count " << count[v]);
        CHECK(std::abs(count[v] - n * p[i]) <= 4 * std::sqrt(n * p[i] * (1 - p[i])));
    }
    const auto m = sample_moments(x);
    CHECK(std::abs(m.mean - 3.0) < 5 * std::sqrt(1.6 / n));
}

TEST_CASE("lognormal factories store mu and sigma of log X", "[distribution]") {
    const auto a = make_lognormal_median_gsd(3, 2);
    CHECK(a.kind() == DistributionKind::lognormal);
    CHECK(a.param(0) == Approx(std::log(3.0)).epsilon(1e-15));
    CHECK(a.param(1) == Approx(std::log(2.0)).epsilon(1e-15));
    CHECK(a.quantile(0.5) == Approx(3.0).epsilon(1e-14));  // the median

    const auto b = make_lognormal_mean_sd(2, 4);
    const double s2 = std::log(1 + 16.0 / 4.0);
    CHECK(b.param(0) == Approx(std::log(2.0) - s2 / 2).epsilon(1e-15));
    CHECK(b.param(1) == Approx(std::sqrt(s2)).epsilon(1e-15));
    // the arithmetic moments come back
    CHECK(b.mean() == Approx(2.0).epsilon(1e-13));
    CHECK(b.variance() == Approx(16.0).epsilon(1e-13));
}

TEST_CASE("truncated normal with infinite bounds is the normal", "[distribution]") {
    const auto t = make_truncated_normal(1, 2, -kInf, kInf);
    const auto n = make_normal(1, 2);
    for (double u : {1e-10, 0.2, 0.5, 0.77, 1 - 1e-10}) CHECK(t.quantile(u) == Approx(n.quantile(u)).epsilon(1e-14));
    CHECK(t.mean() == Approx(1.0).epsilon(1e-15));
    CHECK(t.variance() == Approx(4.0).epsilon(1e-15));
}

TEST_CASE("truncated normal: far tails are inverted accurately", "[distribution]") {
    const double r2 = std::sqrt(2.0);
    auto lower_tail = [&](double z) { return 0.5 * std::erfc(-z / r2); };  // Phi(z)
    auto upper_tail = [&](double z) { return 0.5 * std::erfc(z / r2); };   // 1 - Phi(z)
    const double top = 1 - 0x1p-53;
    {
        // [0, inf) for N(10, 3): mass = 1 - Phi(-10/3); at u -> 1 the upper
        // tail probability of x must be (1 - u) * mass.
        const auto d = make_truncated_normal(10, 3, 0, kInf);
        const double mass = upper_tail(-10.0 / 3);
        for (double u : {1 - 1e-6, 1 - 1e-12, top}) {
            const double x = d.quantile(u);
            INFO("u=" << u << " x=" << x);
            CHECK(upper_tail((x - 10) / 3) == Approx((1 - u) * mass).epsilon(1e-8));
        }
        // At u -> 0, x -> 0 = 10 - 3.33 sd: x = 10 + 3 z carries an absolute
        // error ~ 10 eps, so only an absolute check is meaningful there.
        for (double u : {1e-300, 1e-16, 1e-6}) {
            const double x = d.quantile(u);
            INFO("u=" << u << " x=" << x);
            CHECK(x >= 0.0);
            CHECK(std::abs((lower_tail((x - 10) / 3) - lower_tail(-10.0 / 3)) / mass - u) <= 1e-15);
        }
    }
    {
        // (-inf, -4] for N(0, 1): mass = Phi(-4)
        const auto d = make_truncated_normal(0, 1, -kInf, -4);
        const double mass = lower_tail(-4);
        for (double u : {1e-300, 1e-100, 1e-16, 0.25}) {
            const double x = d.quantile(u);
            INFO("u=" << u << " x=" << x);
            CHECK(lower_tail(x) == Approx(u * mass).epsilon(1e-8));
        }
        CHECK(d.quantile(top) == Approx(-4).epsilon(1e-12));
    }
    {
        // [6, inf) for N(0, 1): mass = 1 - Phi(6) ~ 1e-9
        const auto d = make_truncated_normal(0, 1, 6, kInf);
        const double mass = upper_tail(6);
        for (double u : {1e-16, 0.5, 1 - 1e-9, top}) {
            const double x = d.quantile(u);
            INFO("u=" << u << " x=" << x);
            CHECK(upper_tail(x) == Approx((1 - u) * mass).epsilon(1e-8));
        }
    }
    // infinite bounds on both sides: exactly the normal, also at the extremes
    const auto t = make_truncated_normal(0, 1, -kInf, kInf);
    const auto n = make_normal(0, 1);
    for (double u : {1e-300, 1e-16, top}) CHECK(t.quantile(u) == Approx(n.quantile(u)).epsilon(1e-14));
    CHECK(n.quantile(top) == Approx(8.2095361516013869).epsilon(1e-12));  // Q(z) = 2^-53 (mpmath)
    CHECK(n.quantile(1e-300) == Approx(-37.047096299361199).epsilon(1e-12));  // Phi(z) = 1e-300 (mpmath)
}

namespace {

// Moments of N(mu, sd) restricted to [lo, hi] by composite Simpson's rule on
// 20000 intervals (independent of the library's closed forms and quadrature).
struct SimpsonMoments {
    double mass, mean, variance;
};
SimpsonMoments simpson_truncated(double mu, double sd, double lo, double hi) {
    const int n = 20000;
    const double h = (hi - lo) / n, c = lo + 0.5 * (hi - lo);
    double m0 = 0, m1 = 0, m2 = 0;
    for (int i = 0; i <= n; ++i) {
        const double x = lo + i * h;
        const double wt = (i == 0 || i == n) ? 1 : (i % 2 ? 4 : 2);
        const double f = wt * norm_pdf((x - mu) / sd) / sd;
        m0 += f;
        m1 += f * (x - c);
        m2 += f * (x - c) * (x - c);
    }
    m0 *= h / 3;
    m1 *= h / 3;
    m2 *= h / 3;
    return {m0, c + m1 / m0, m2 / m0 - (m1 / m0) * (m1 / m0)};
}

}  // namespace

TEST_CASE("truncated normal: narrow windows keep full precision", "[distribution]") {
    struct Window {
        double mu, sd, lo, hi;
    };
    for (auto w : {Window{0, 1, 0, 1e-9}, Window{0, 1, 0.3, 0.3 + 1e-7}, Window{0, 1, -3, -2.9},
                   Window{100, 20, 160, 160.001}, Window{0, 1, 5, 5.2}, Window{0, 1, -1e-6, 1e-6}}) {
        const auto d = make_truncated_normal(w.mu, w.sd, w.lo, w.hi);
        const auto ref = simpson_truncated(w.mu, w.sd, w.lo, w.hi);
        INFO("N(" << w.mu << ", " << w.sd << ") on [" << w.lo << ", " << w.hi << "]");
        CHECK(std::abs(d.mean() - ref.mean) <= 1e-13 * std::abs(ref.mean) + 1e-9 * (w.hi - w.lo));
        CHECK(d.variance() == Approx(ref.variance).epsilon(1e-8));
        CHECK(d.mean() > w.lo);
        CHECK(d.mean() < w.hi);
        // quantiles stay inside, are ordered, and invert the cdf
        double previous = w.lo;
        for (double u : {1e-300, 1e-12, 0.1, 0.5, 0.9, 1 - 1e-12, 1 - 0x1p-53}) {
            const double x = d.quantile(u);
            INFO("u=" << u << " x=" << x);
            CHECK(x >= previous);
            CHECK(x <= w.hi);
            previous = x;
            // x has a resolution of one ulp, a fraction ulp/(hi - lo) of the window
            const double ulp = std::nextafter(x, kInf) - x;
            if (u > 1e-12 && u < 1 - 1e-12) CHECK(std::abs(d.cdf(x) - u) <= 1e-12 + 10 * ulp / (w.hi - w.lo));
        }
        // nearly uniform on the window when it is very narrow
        if (w.hi - w.lo < 1e-5 * w.sd) {
            CHECK(d.quantile(0.25) - w.lo == Approx(0.25 * (w.hi - w.lo)).epsilon(1e-5));
            CHECK(d.variance() == Approx((w.hi - w.lo) * (w.hi - w.lo) / 12).epsilon(1e-5));
        }
    }
}

TEST_CASE("extreme u gives finite values inside the support for every kind", "[distribution]") {
    const double us[] = {1e-300, 1e-16, 1 - 0x1p-53, std::numeric_limits<double>::denorm_min(),
                         0.0, 1.0};  // 0 and 1 are clamped into (0, 1)
    for (const auto& d : all_kinds_examples()) {
        for (double u : us) {
            const double x = d.quantile(u);
            INFO(to_string(d.kind()) << " p=(" << d.param(0) << ", " << d.param(1) << ", " << d.param(2)
                                     << ", " << d.param(3) << ") u=" << u << " x=" << x);
            CHECK(std::isfinite(x));
            CHECK(x >= d.support_min());
            CHECK(x <= d.support_max());
        }
    }
}

TEST_CASE("quantile is non-decreasing and cdf stays in [0, 1]", "[distribution]") {
    std::vector<double> us = {1e-300, 1e-200, 1e-100, 1e-30, 1e-16, 1e-8};
    for (int i = 1; i < 1000; ++i) us.push_back(i / 1000.0);
    for (double e : {1e-8, 1e-12, 1e-15}) us.push_back(1 - e);
    us.push_back(1 - 0x1p-53);
    for (const auto& d : all_kinds_examples()) {
        double previous = -kInf;
        for (double u : us) {
            const double x = d.quantile(u);
            INFO(to_string(d.kind()) << " p=(" << d.param(0) << ", " << d.param(1) << ", " << d.param(2)
                                     << ", " << d.param(3) << ") u=" << u << " x=" << x);
            REQUIRE(x >= previous);
            previous = x;
            const double f = d.cdf(x);
            REQUIRE(f >= 0.0);
            REQUIRE(f <= 1.0);
        }
    }
}

TEST_CASE("NaN u is rejected", "[distribution]") {
    CHECK_THROWS_AS(make_normal(0, 1).quantile(kNaN), std::invalid_argument);
}

// ---- batch quantiles ---------------------------------------------------------

namespace {

// u from every part of (0, 1) (uniform, both tails by binade) and the values
// the scalar quantile clamps: 0, 1, beyond, infinities.
std::vector<double> batch_us(std::uint64_t seed, int n) {
    std::vector<double> us = {0.0, -0.0, -1.0, -kInf, std::numeric_limits<double>::denorm_min(), 1e-300, 0x1p-53,
                              0.5, std::nextafter(0.5, 1.0), std::nextafter(0.5, 0.0), 1 - 0x1p-53, 1.0, 2.0, kInf};
    SplitMix64 rng{seed};
    for (int i = 0; i < n; ++i) {
        const double v = std::ldexp(1.0 + rng.uniform(), -int(rng.next() % 1074) - 1);  // (0, 1/2]
        us.push_back(i % 3 == 0 ? rng.uniform() : i % 3 == 1 ? v : 1.0 - v);
    }
    return us;
}

std::vector<double> batch(const Distribution& d, const std::vector<double>& us, VectorCode code) {
    std::vector<double> x(us.size());
    d.quantiles(us.data(), x.data(), int(us.size()), code);
    return x;
}

}  // namespace

TEST_CASE("batch Weibull quantiles: the same bits for AVX-512, AVX2 and baseline, within ulps of the formula in long double",
          "[distribution]") {
    const std::vector<double> us = batch_us(2026, 10000);
    for (const double shape : {2.0, 1.5, 1.0, 0.7, 3.5, 0.05, 1e-3}) {
        for (const double scale : {4.0, 1e-300, 1e300}) {
            const Distribution d = make_weibull(shape, scale);
            const std::vector<double> best = batch(d, us, VectorCode::best);
            const std::vector<double> baseline = batch(d, us, VectorCode::baseline);
            const std::vector<double> avx2 = batch(d, us, VectorCode::avx2);
            const long double exponent = 1.0 / shape;  // the exponent as the code rounds it
            // Error budget in ulps: -log(1 - u) (0.87 ulp) raised to 1/shape and
            // the power (0.9 ulp), each up to twice as many ulps of the next
            // result (an ulp is a relative 2^-53 to 2^-52), then the product
            // with the scale (0.5). quantile() (glibc through Boost) has the
            // same budget; the worst figures are printed with -s. Measured over
            // 10^7 points (u drawn as here, scale 1, normal results): 2.12 ulp
            // for shape 0.7, 0.81 for 1, 1.27 for 1.5, 0.95 for 2, 1.03 for 3.5.
            const double budget = 2.0 * (0.87 * double(exponent) + 0.9) + 0.5;
            double worst = 0.0, worst_scalar = 0.0;
            // What is wrong with point j, or nullptr (Catch's INFO would format
            // a message for each of the 10^5 points).
            auto fault = [&](std::size_t j) -> const char* {
                if (std::memcmp(&best[j], &baseline[j], sizeof(double)) != 0) return "best and baseline differ";
                if (std::memcmp(&avx2[j], &baseline[j], sizeof(double)) != 0) return "AVX2 and baseline differ";
                if (!std::isfinite(best[j]) || best[j] < 0.0) return "not finite or negative";
                const double u = std::clamp(us[j], std::numeric_limits<double>::denorm_min(), 1 - 0x1p-53);
                const long double power = std::pow(-std::log1p(-(long double)u), exponent);
                const long double exact = (long double)scale * power;
                // The power is a subnormal double (or 0) before the scale
                // multiplies it, in both codes: the same within its ulp.
                if (power < std::numeric_limits<double>::min())
                    return std::fabs(best[j] - d.quantile(us[j])) <= 2 * 0x1p-1074 * scale ? nullptr
                                                                                          : "subnormal power";
                if (power > std::numeric_limits<double>::max())  // inf before the scale, in both codes
                    return best[j] == d.quantile(us[j]) ? nullptr : "power overflow";
                if (exact > std::numeric_limits<double>::max())  // as quantile(): the largest double
                    return best[j] == std::numeric_limits<double>::max() ? nullptr : "overflow";
                // ulps of a double at `exact` (2^-1074 in the subnormals)
                const long double ulp = std::ldexp(1.0L, std::max(std::ilogb(exact), -1022) - 52);
                const double error = double(std::fabs(best[j] - exact) / ulp);
                worst = std::max(worst, error);
                worst_scalar = std::max(worst_scalar, double(std::fabs(d.quantile(us[j]) - exact) / ulp));
                return error <= budget ? nullptr : "error above the budget";
            };
            for (std::size_t j = 0; j < us.size(); ++j) {
                if (const char* what = fault(j)) {
                    INFO("shape " << shape << " scale " << scale << " u = " << std::hexfloat << us[j] << " batch "
                                  << best[j] << " scalar " << d.quantile(us[j]) << ": " << what);
                    FAIL_CHECK(what);
                    break;
                }
            }
            INFO("shape " << shape << " scale " << scale << ": worst " << worst << " ulp (quantile(): "
                          << worst_scalar << "), budget " << budget);
            CHECK(worst <= budget);
        }
    }
}

TEST_CASE("batch Weibull quantiles agree with quantile() to rounding, the ends included", "[distribution]") {
    const std::vector<double> us = batch_us(7, 3000);
    for (const double shape : {2.0, 1.5, 1.0, 0.7}) {
        const Distribution d = make_weibull(shape, 4.0);
        const std::vector<double> x = batch(d, us, VectorCode::best);
        for (std::size_t j = 0; j < us.size(); ++j) {
            const double scalar = d.quantile(us[j]);
            if (std::fabs(x[j] - scalar) <= 3.0 / shape * 0x1p-52 * scalar) continue;
            INFO("shape " << shape << " u = " << std::hexfloat << us[j] << " batch " << x[j] << " scalar " << scalar);
            FAIL_CHECK("batch and scalar quantile differ by more than rounding");
        }
    }
    // quantile()'s ends: u <= 0 as the smallest positive double, u >= 1 as 1 - 2^-53
    const Distribution d = make_weibull(1.5, 4.0);
    const double ends[] = {0.0, -kInf, std::numeric_limits<double>::denorm_min(), 1.0, kInf, 1 - 0x1p-53};
    double x[6];
    d.quantiles(ends, x, 6);
    CHECK(x[0] == x[2]);
    CHECK(x[1] == x[2]);
    CHECK(x[3] == x[5]);
    CHECK(x[4] == x[5]);
    CHECK(x[0] > 0.0);
}

TEST_CASE("batch quantiles of the other kinds are quantile(u), the same bits", "[distribution]") {
    const std::vector<double> us = batch_us(11, 300);
    for (const auto& d : all_kinds_examples()) {
        if (d.kind() == DistributionKind::weibull) continue;
        const std::vector<double> x = batch(d, us, VectorCode::best);
        for (std::size_t j = 0; j < us.size(); ++j) {
            const double scalar = d.quantile(us[j]);
            INFO(to_string(d.kind()) << " u = " << us[j]);
            CHECK(std::memcmp(&x[j], &scalar, sizeof scalar) == 0);
        }
    }
}

TEST_CASE("batch quantiles: a NaN u is rejected", "[distribution]") {
    const double us[] = {0.25, 0.5, kNaN, 0.75};
    double x[4];
    for (const VectorCode code : {VectorCode::best, VectorCode::avx2, VectorCode::baseline}) {
        CHECK_THROWS_AS(make_weibull(2, 1).quantiles(us, x, 4, code), std::invalid_argument);
        CHECK_THROWS_AS(make_weibull(1.5, 1).quantiles(us, x, 4, code), std::invalid_argument);
        CHECK_THROWS_AS(make_normal(0, 1).quantiles(us, x, 4, code), std::invalid_argument);
    }
}

TEST_CASE("invalid arguments throw std::invalid_argument naming the argument", "[distribution]") {
    using Catch::Contains;
    // sd
    REQUIRE_THROWS_AS(make_normal(0, -1), std::invalid_argument);
    REQUIRE_THROWS_WITH(make_normal(0, -1), Contains("sd must be > 0 (got -1)"));
    REQUIRE_THROWS_WITH(make_normal(0, 0), Contains("sd"));
    REQUIRE_THROWS_WITH(make_truncated_normal(0, -1, 0, 1), Contains("sd"));
    REQUIRE_THROWS_WITH(make_lognormal_mean_sd(1, -1), Contains("sd"));
    // min > max
    REQUIRE_THROWS_AS(make_uniform(5, 2), std::invalid_argument);
    REQUIRE_THROWS_WITH(make_uniform(5, 2), Contains("min must be < max (got min=5, max=2)"));
    REQUIRE_THROWS_WITH(make_uniform(2, 2), Contains("min") && Contains("fixed"));
    REQUIRE_THROWS_WITH(make_truncated_normal(0, 1, 3, 1), Contains("min"));
    REQUIRE_THROWS_WITH(make_triangular(5, 3, 2), Contains("min"));
    REQUIRE_THROWS_WITH(make_pert(5, 3, 2), Contains("min"));
    REQUIRE_THROWS_WITH(make_beta(1, 1, 1, 0), Contains("min"));
    REQUIRE_THROWS_WITH(make_uniform(-1e308, 1e308), Contains("max - min"));
    // lognormal median <= 0, gsd <= 1, mean <= 0
    REQUIRE_THROWS_AS(make_lognormal_median_gsd(0, 2), std::invalid_argument);
    REQUIRE_THROWS_WITH(make_lognormal_median_gsd(0, 2), Contains("median must be > 0 for a lognormal (got 0)"));
    REQUIRE_THROWS_WITH(make_lognormal_median_gsd(-1, 2), Contains("median"));
    REQUIRE_THROWS_WITH(make_lognormal_median_gsd(1, 0.5), Contains("gsd must be > 1 (got 0.5)"));
    REQUIRE_THROWS_WITH(make_lognormal_median_gsd(1, 1), Contains("gsd") && Contains("fixed"));
    REQUIRE_THROWS_WITH(make_lognormal_mean_sd(0, 1), Contains("mean"));
    // weights
    REQUIRE_THROWS_AS(make_discrete({1, 2}, {0, 0}), std::invalid_argument);
    REQUIRE_THROWS_WITH(make_discrete({1, 2}, {0, 0}), Contains("weights must sum to a positive number (got 0)"));
    REQUIRE_THROWS_WITH(make_discrete({1, 2}, {1, -1}), Contains("weights[1]") && Contains("-1"));
    REQUIRE_THROWS_WITH(make_discrete({1, 2}, {1}), Contains("weights"));
    REQUIRE_THROWS_WITH(make_discrete({1, 2}, {kInf, 1}), Contains("weights[0]"));
    // empty values
    REQUIRE_THROWS_AS(make_discrete({}, {}), std::invalid_argument);
    REQUIRE_THROWS_WITH(make_discrete({}, {}), Contains("values"));
    REQUIRE_THROWS_WITH(make_empirical({}), Contains("values"));
    // NaN / inf arguments
    REQUIRE_THROWS_AS(make_normal(kNaN, 1), std::invalid_argument);
    REQUIRE_THROWS_WITH(make_normal(kNaN, 1), Contains("mean") && Contains("nan"));
    REQUIRE_THROWS_WITH(make_normal(0, kNaN), Contains("sd"));
    REQUIRE_THROWS_WITH(make_fixed(kNaN), Contains("value"));
    REQUIRE_THROWS_WITH(make_fixed(kInf), Contains("value"));
    REQUIRE_THROWS_WITH(make_uniform(kNaN, 1), Contains("min"));
    REQUIRE_THROWS_WITH(make_uniform(0, kInf), Contains("max"));
    REQUIRE_THROWS_WITH(make_truncated_normal(0, 1, kNaN, 1), Contains("min"));
    REQUIRE_THROWS_WITH(make_truncated_normal(0, 1, 0, kNaN), Contains("max"));
    REQUIRE_THROWS_WITH(make_triangular(0, kNaN, 1), Contains("mode"));
    REQUIRE_THROWS_WITH(make_gamma(kNaN, 1), Contains("shape"));
    REQUIRE_THROWS_WITH(make_discrete({1, kNaN}, {1, 1}), Contains("values[1]"));
    REQUIRE_THROWS_WITH(make_discrete({1, 2}, {kNaN, 1}), Contains("weights[0]"));
    REQUIRE_THROWS_WITH(make_empirical({kNaN}), Contains("values[0]"));
    // weibull shape <= 0, scale <= 0
    REQUIRE_THROWS_AS(make_weibull(0, 1), std::invalid_argument);
    REQUIRE_THROWS_WITH(make_weibull(0, 1), Contains("shape"));
    REQUIRE_THROWS_WITH(make_weibull(-1, 1), Contains("shape"));
    REQUIRE_THROWS_WITH(make_weibull(1, 0), Contains("scale"));
    // gamma scale <= 0, shape <= 0
    REQUIRE_THROWS_AS(make_gamma(1, 0), std::invalid_argument);
    REQUIRE_THROWS_WITH(make_gamma(1, 0), Contains("scale"));
    REQUIRE_THROWS_WITH(make_gamma(1, -2), Contains("scale"));
    REQUIRE_THROWS_WITH(make_gamma(0, 1), Contains("shape"));
    // beta alpha <= 0, beta <= 0
    REQUIRE_THROWS_AS(make_beta(0, 1), std::invalid_argument);
    REQUIRE_THROWS_WITH(make_beta(0, 1), Contains("alpha"));
    REQUIRE_THROWS_WITH(make_beta(-0.5, 1), Contains("alpha"));
    REQUIRE_THROWS_WITH(make_beta(1, 0), Contains("beta"));
    // triangular / pert mode outside [min, max]
    REQUIRE_THROWS_AS(make_triangular(0, 6, 5), std::invalid_argument);
    REQUIRE_THROWS_WITH(make_triangular(0, 6, 5), Contains("mode"));
    REQUIRE_THROWS_WITH(make_triangular(0, -1, 5), Contains("mode"));
    REQUIRE_THROWS_WITH(make_pert(0, 6, 5), Contains("mode"));
    // truncated normal with a negligible mass
    REQUIRE_THROWS_AS(make_truncated_normal(0, 1, 9, 10), std::invalid_argument);
    REQUIRE_THROWS_WITH(make_truncated_normal(0, 1, 9, 10), Contains("min") && Contains("max") &&
                                                               Contains("negligible"));
    REQUIRE_THROWS_WITH(make_truncated_normal(0, 1, -kInf, -8), Contains("negligible"));
    REQUIRE_NOTHROW(make_truncated_normal(0, 1, 6.5, 7));  // mass ~4e-11
}

TEST_CASE("copies share the table", "[distribution]") {
    const auto a = make_discrete({1, 2, 3}, {1, 1, 1});
    const Distribution b = a;  // NOLINT(performance-unnecessary-copy-initialization)
    CHECK(b.table_values().data() == a.table_values().data());
    CHECK(b.table_probabilities().data() == a.table_probabilities().data());
    CHECK(b.quantile(0.9) == 3);
}

TEST_CASE("to_string gives the enum names", "[distribution]") {
    CHECK(std::string(to_string(DistributionKind::fixed)) == "fixed");
    CHECK(std::string(to_string(DistributionKind::uniform)) == "uniform");
    CHECK(std::string(to_string(DistributionKind::normal)) == "normal");
    CHECK(std::string(to_string(DistributionKind::truncated_normal)) == "truncated_normal");
    CHECK(std::string(to_string(DistributionKind::lognormal)) == "lognormal");
    CHECK(std::string(to_string(DistributionKind::triangular)) == "triangular");
    CHECK(std::string(to_string(DistributionKind::pert)) == "pert");
    CHECK(std::string(to_string(DistributionKind::beta)) == "beta");
    CHECK(std::string(to_string(DistributionKind::weibull)) == "weibull");
    CHECK(std::string(to_string(DistributionKind::gamma)) == "gamma");
    CHECK(std::string(to_string(DistributionKind::discrete)) == "discrete");
    CHECK(std::string(to_string(DistributionKind::empirical)) == "empirical");
}
