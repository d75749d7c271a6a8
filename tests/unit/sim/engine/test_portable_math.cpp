// Tests of sim/engine/portable_math.h: the error in ulps of log, log_one_minus, exp
// and pow against the C library's long double functions (x87, 64-bit
// significand: their own error is about 2^-11 of a double's ulp), over the
// whole range of each argument, and the values at the edges.
//
// Each survey draws 2^18 points (a few seconds in all, also under the
// sanitizers); TINYFLEET_ULP_POINTS=N draws N instead, for a longer survey.
#include "sim/engine/portable_math.h"
#include "splitmix64.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <algorithm>
#include <functional>
#include <limits>
#include <string>

using namespace tinyfleet;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

long points() {
    const char* n = std::getenv("TINYFLEET_ULP_POINTS");
    return n ? std::strtol(n, nullptr, 10) : 1L << 18;
}

// |computed - exact| in units of the last place of a double at `exact`
// (the subnormal ulp 2^-1074 below 2^-1022).
double ulps(double computed, long double exact) {
    const double rounded = double(exact);  // +-inf beyond the largest double
    if (std::isinf(rounded) || exact == 0.0L) return computed == rounded ? 0.0 : kInf;
    const int e = std::max(std::ilogb(exact), -1022);
    return double(std::fabs((long double)computed - exact) / std::ldexp(1.0L, e - 52));
}

struct Worst {
    double ulps = 0.0;
    double at = 0.0;
    void add(double u, double x) {
        if (!(u <= ulps)) {  // NaN counts as worst
            ulps = u;
            at = x;
        }
    }
};

Worst survey(long n, const std::function<double(SplitMix64&)>& argument, const std::function<double(double)>& f,
             const std::function<long double(long double)>& exact) {
    SplitMix64 w{12345};
    Worst worst;
    for (long i = 0; i < n; ++i) {
        const double x = argument(w);
        worst.add(ulps(f(x), exact(x)), x);
    }
    return worst;
}

}  // namespace

TEST_CASE("portable log: within 0.7 ulp over every binade, subnormals included", "[portable_math]") {
    const Worst w = survey(points(), [](SplitMix64& r) { return r.binades(-1074, 1024); },
                           [](double x) { return portable::log(x); }, [](long double x) { return std::log(x); });
    INFO("worst " << w.ulps << " ulp at x = " << w.at);
    CHECK(w.ulps < 0.7);
    // near 1, where the result cancels to small values
    const Worst near1 = survey(points(), [](SplitMix64& r) { return 1.0 + (r.unit() - 0.5) * 0.1; },
                               [](double x) { return portable::log(x); }, [](long double x) { return std::log(x); });
    INFO("near 1: worst " << near1.ulps << " ulp at x = " << std::hexfloat << near1.at);
    CHECK(near1.ulps < 0.7);
    CHECK(portable::log(1.0) == 0.0);
    CHECK(portable::log(std::numeric_limits<double>::denorm_min()) == std::log(std::numeric_limits<double>::denorm_min()));
    CHECK(portable::log(std::numeric_limits<double>::max()) == std::log(std::numeric_limits<double>::max()));
}

TEST_CASE("portable log_one_minus: log(1 - v) within 0.9 ulp for v from 0 to 1, both tails", "[portable_math]") {
    // v log-uniform in (0, 1/2] and 1 - v for v log-uniform in [2^-53, 1/2]
    auto tails = [](SplitMix64& r) { return (r.next() & 1) ? r.binades(-1074, -1) : 1.0 - r.binades(-53, -1); };
    auto f = [](double v) { return portable::log_one_minus(v); };
    auto exact = [](long double v) { return std::log1p(-v); };
    const Worst both = survey(points(), tails, f, exact);
    INFO("tails: worst " << both.ulps << " ulp at v = " << std::hexfloat << both.at);
    CHECK(both.ulps < 0.9);
    // uniform, and around the reductions' switch points 0.29 and 0.65
    const Worst uniform = survey(points(), [](SplitMix64& r) { return r.unit(); }, f, exact);
    INFO("uniform in [0, 1): worst " << uniform.ulps << " ulp at v = " << uniform.at);
    CHECK(uniform.ulps < 0.9);
    const Worst switches = survey(points(), [](SplitMix64& r) { return ((r.next() & 1) ? 0.29289 : 0.64645) + (r.unit() - 0.5) * 1e-4; },
                                  f, exact);
    INFO("near 0.29 and 0.65: worst " << switches.ulps << " ulp at v = " << switches.at);
    CHECK(switches.ulps < 0.9);
    CHECK(portable::log_one_minus(0.0) == 0.0);
    CHECK(portable::log_one_minus(0x1p-1074) == -0x1p-1074);  // log(1 - v) = -v for tiny v, to the last bit
    CHECK(portable::log_one_minus(0.5) == std::log(0.5));
    CHECK(portable::log_one_minus(1.0 - 0x1p-53) == std::log(0x1p-53));
}

TEST_CASE("portable exp: within 1 ulp from underflow to overflow", "[portable_math]") {
    const Worst w = survey(points(), [](SplitMix64& r) { return -745.2 + r.unit() * (709.78 + 745.2); },
                           [](double x) { return portable::exp(x); }, [](long double x) { return std::exp(x); });
    INFO("worst " << w.ulps << " ulp at x = " << w.at);
    CHECK(w.ulps < 1.0);
    const Worst small = survey(points(), [](SplitMix64& r) { return (r.next() & 1 ? 1 : -1) * r.binades(-1074, 0); },
                               [](double x) { return portable::exp(x); }, [](long double x) { return std::exp(x); });
    INFO("|x| < 1: worst " << small.ulps << " ulp at x = " << small.at);
    CHECK(small.ulps < 1.0);
    CHECK(portable::exp(0.0) == 1.0);
    CHECK(portable::exp(709.79) == kInf);
    CHECK(portable::exp(-745.2) == 0.0);
    CHECK(portable::exp(-745.1) == 0x1p-1074);
    CHECK(portable::exp(1e300) == kInf);
    CHECK(portable::exp(-1e300) == 0.0);
}

TEST_CASE("portable pow: within 1 ulp for results across the doubles, overflow and underflow at the ends",
          "[portable_math]") {
    // The Weibull quantile's powers (x = -log(1 - u) in (0, 37.5], y = 1 /
    // shape) and beyond: |y log x| up to 700, x up to e^700.
    for (const double y : {1.0 / 1.5, 1.0 / 3.0, 1.0 / 0.7, 0.1, 2.0, 1.0, 0.5}) {
        const Worst w = survey(
            points(), [y](SplitMix64& r) { return std::exp(std::min(700.0 / y, 700.0) * (2.0 * r.unit() - 1.0)); },
            [y](double x) { return portable::pow(x, y); }, [y](long double x) { return std::pow(x, (long double)y); });
        INFO("y = " << y << ": worst " << w.ulps << " ulp at x = " << w.at);
        CHECK(w.ulps < 1.0);
    }
    // Large exponents reach the ends of the doubles: rounded into the
    // subnormals (within 1 ulp there), 0 and +inf beyond.
    const Worst ends = survey(points(), [](SplitMix64& r) { return r.binades(-1074, 1024); },
                              [](double x) { return portable::pow(x, 1.0 / 0.7); },
                              [](long double x) { return std::pow(x, (long double)(1.0 / 0.7)); });
    INFO("whole range of x, y = 1/0.7: worst " << ends.ulps << " ulp at x = " << ends.at);
    CHECK(ends.ulps < 2.0);
    CHECK(portable::pow(1.0, 1e300) == 1.0);
    CHECK(portable::pow(2.0, 1e300) == kInf);
    CHECK(portable::pow(0.5, 1e300) == 0.0);
    CHECK(portable::pow(0x1p-1074, 100.0) == 0.0);
    CHECK(portable::pow(1e300, 100.0) == kInf);
    CHECK(portable::pow(4.0, 0.5) == 2.0);
    CHECK(portable::pow(3.0, 1.0) == 3.0);
}
