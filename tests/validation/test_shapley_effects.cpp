// Shapley effects (sim/engine/shapley.h) against closed forms: a linear model
// of correlated Gaussian inputs, and the Ishigami function (independent
// inputs), where each effect lies between the first- and total-order index.
#include <catch2/catch.hpp>

#include "sim/engine/boost_math_config.h"  // first, as in the library
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <numeric>

#include "sim/engine/shapley.h"
#include "tests/validation/ishigami.h"

using namespace tinyfleet;

TEST_CASE("Shapley effects of Y = X1 + X2, sd 1 and 2, correlation 0.5, are 0.339 and 0.661", "[sensitivity]") {
    const boost::math::normal standard;
    auto model = [&](const double* u) {
        return boost::math::quantile(standard, u[0]) + 2.0 * boost::math::quantile(standard, u[1]);
    };
    // Closed form (Owen & Prieur 2017, linear Gaussian model): V = 1 + 4 + 2 rho 1 2 = 7,
    // Sh_1 = (s1^2 + rho s1 s2 + rho^2 (s2^2 - s1^2) / 2) / V.
    const double rho = 0.5, V = 7.0;
    const double sh1 = (1.0 + rho * 2.0 + rho * rho * (4.0 - 1.0) / 2.0) / V;
    CHECK(sh1 == Approx(0.339).margin(5e-4));
    ShapleySize size;
    size.permutations = 20000;
    size.variance_samples = 20000;
    const ShapleyEffects e = shapley_effects_of(model, {1.0, rho, rho, 1.0}, 2, size, 200, 2024);
    INFO("Sh1 = " << e.effect[0] << " [" << e.low[0] << ", " << e.high[0] << "], Sh2 = " << e.effect[1]);
    CHECK(e.variance == Approx(V).epsilon(0.05));
    CHECK(std::abs(e.effect[0] - sh1) < 0.02);
    CHECK(std::abs(e.effect[1] - (1.0 - sh1)) < 0.02);
    CHECK(e.effect[0] + e.effect[1] == Approx(1.0).margin(1e-12));
    CHECK(e.low[0] <= sh1);
    CHECK(sh1 <= e.high[0]);
}

TEST_CASE("The copula's conditional draws keep the known inputs and give the others their conditional law",
          "[sensitivity]") {
    // Rows of step 1 of a permutation: input order[0] drawn afresh for each
    // inner sample, the other known (the same within an outer sample).
    const boost::math::normal standard;
    ShapleySize size;
    size.permutations = 4000;
    size.inner = 2;
    size.variance_samples = 2;
    const double rho = 0.8;
    const ShapleyDesign d = shapley_design({1.0, rho, rho, 1.0}, 2, size, 7);
    // z_fresh - rho z_known has variance 1 - rho^2 given z_known.
    double ss = 0.0;
    std::size_t n = 0;
    for (std::size_t m = 0; m < size.permutations; ++m) {
        const std::size_t fresh = d.order[m * 2], known = 1 - fresh;
        const double* r0 = d.rows.data() + (size.variance_samples + m * size.inner) * 2;
        const double* r1 = r0 + 2;
        REQUIRE(r0[known] == r1[known]);
        CHECK(r0[fresh] != r1[fresh]);
        for (const double* r : {r0, r1}) {
            const double residual =
                boost::math::quantile(standard, r[fresh]) - rho * boost::math::quantile(standard, r[known]);
            ss += residual * residual;
            ++n;
        }
    }
    CHECK(ss / double(n) == Approx(1.0 - rho * rho).epsilon(0.05));
}

TEST_CASE("Shapley effects of Ishigami (independent inputs) lie between first and total order", "[sensitivity]") {
    const validation::Ishigami ishigami;  // a = 7, b = 0.1
    const double V = ishigami.variance(), V1 = ishigami.V1(), V2 = ishigami.V2(), V13 = ishigami.V13();
    const double first[3] = {ishigami.first(0), ishigami.first(1), ishigami.first(2)};
    const double total[3] = {ishigami.total(0), ishigami.total(1), ishigami.total(2)};
    // The interaction's variance is shared equally by its two inputs.
    const double shapley[3] = {(V1 + V13 / 2) / V, V2 / V, V13 / 2 / V};
    std::vector<double> identity(9, 0.0);
    for (int i = 0; i < 3; ++i) identity[std::size_t(i * 4)] = 1.0;
    ShapleySize size;
    size.permutations = 20000;
    size.variance_samples = 20000;
    const ShapleyEffects e = shapley_effects_of(ishigami, identity, 3, size, 0, 99);
    for (int i = 0; i < 3; ++i) {
        INFO("x" << i + 1 << ": Sh = " << e.effect[i] << ", analytic " << shapley[i]);
        CHECK(std::abs(e.effect[i] - shapley[i]) < 0.02);
        CHECK(e.effect[i] >= first[i] - 0.02);
        CHECK(e.effect[i] <= total[i] + 0.02);
    }
}
