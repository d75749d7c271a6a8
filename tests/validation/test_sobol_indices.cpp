// Sobol' indices from the generic estimators (sim/engine/sensitivity.h) against
// analytic values (../shared/reference/uq_validation.yaml): the same
// functions the sensitivity command calls on fleet outputs.
#include <catch2/catch.hpp>

#include <cmath>

#include "sim/engine/sensitivity.h"
#include "tests/validation/ishigami.h"

using namespace tinyfleet;

TEST_CASE("Ishigami (a=7, b=0.1) indices at N=2^14 are within 0.02 and inside the bootstrap 95% intervals",
          "[sensitivity]") {
    const validation::Ishigami ishigami;  // a = 7, b = 0.1
    const double V = ishigami.variance();
    const double first[3] = {ishigami.first(0), ishigami.first(1), ishigami.first(2)};
    const double total[3] = {ishigami.total(0), ishigami.total(1), ishigami.total(2)};
    // Cross-check against the reference file's rounded values.
    CHECK(V == Approx(13.8446).margin(1e-4));
    CHECK(first[0] == Approx(0.3139).margin(1e-4));
    CHECK(total[2] == Approx(0.2437).margin(1e-4));

    const SobolIndices s = sobol_indices_of(ishigami, 1u << 14, 3, 500, 12345);
    CHECK(s.variance == Approx(V).epsilon(0.02));
    for (int i = 0; i < 3; ++i) {
        INFO("x" << i + 1 << ": S=" << s.first[i] << " [" << s.first_low[i] << ", " << s.first_high[i]
                 << "] ST=" << s.total[i] << " [" << s.total_low[i] << ", " << s.total_high[i] << "]");
        CHECK(std::abs(s.first[i] - first[i]) < 0.02);
        CHECK(std::abs(s.total[i] - total[i]) < 0.02);
        CHECK(s.first_low[i] <= first[i]);
        CHECK(first[i] <= s.first_high[i]);
        CHECK(s.total_low[i] <= total[i]);
        CHECK(total[i] <= s.total_high[i]);
    }
}

TEST_CASE("Sobol' G function with a = (0, 1, 4.5, 9, 99, 99, 99, 99) matches the analytic indices", "[sensitivity]") {
    const double a[8] = {0, 1, 4.5, 9, 99, 99, 99, 99};
    auto g = [&](const double* u) {
        double p = 1.0;
        for (int i = 0; i < 8; ++i) p *= (std::abs(4 * u[i] - 2) + a[i]) / (1 + a[i]);
        return p;
    };
    double Vi[8], prod = 1.0;
    for (int i = 0; i < 8; ++i) {
        Vi[i] = 1.0 / (3.0 * (1 + a[i]) * (1 + a[i]));
        prod *= 1 + Vi[i];
    }
    const double V = prod - 1.0;
    // Hand check of the first term: V_1 = 1/3, and S_1 = V_1 / V.
    CHECK(Vi[0] == Approx(1.0 / 3));
    const SobolIndices s = sobol_indices_of(g, 1u << 14, 8, 200, 777);
    for (int i = 0; i < 8; ++i) {
        const double S = Vi[i] / V, ST = Vi[i] * prod / (1 + Vi[i]) / V;
        INFO("x" << i + 1 << ": S=" << s.first[i] << " (analytic " << S << ") ST=" << s.total[i] << " (analytic " << ST
                 << ")");
        CHECK(std::abs(s.first[i] - S) < 0.02);
        CHECK(std::abs(s.total[i] - ST) < 0.02);
        CHECK(s.first_low[i] - 0.005 <= S);
        CHECK(S <= s.first_high[i] + 0.005);
    }
}

TEST_CASE("linear additive model: S_i = ST_i = c_i^2 Var(x_i) / sum", "[sensitivity]") {
    // x_i = w_i u_i, Var(x_i) = w_i^2 / 12.
    const double c[4] = {1.0, -2.0, 0.5, 3.0}, w[4] = {1.0, 0.5, 4.0, 0.2};
    auto linear = [&](const double* u) {
        double y = 0;
        for (int i = 0; i < 4; ++i) y += c[i] * w[i] * u[i];
        return y;
    };
    double sum = 0;
    for (int i = 0; i < 4; ++i) sum += c[i] * c[i] * w[i] * w[i] / 12;
    const SobolIndices s = sobol_indices_of(linear, 1u << 12, 4, 0, 5);
    CHECK(s.variance == Approx(sum).epsilon(0.01));
    for (int i = 0; i < 4; ++i) {
        const double expected = c[i] * c[i] * w[i] * w[i] / 12 / sum;
        INFO("x" << i + 1);
        CHECK(s.first[i] == Approx(expected).margin(0.01));
        CHECK(s.total[i] == Approx(expected).margin(0.01));
    }
}

TEST_CASE("bootstrap intervals are seeded: same seed same bits, another seed other bits", "[sensitivity]") {
    auto f = [](const double* u) { return u[0] + u[1] * u[1]; };
    const SobolIndices a = sobol_indices_of(f, 256, 2, 100, 1), b = sobol_indices_of(f, 256, 2, 100, 1);
    const SobolIndices c = sobol_indices_of(f, 256, 2, 100, 2);
    CHECK(a.first_low == b.first_low);
    CHECK(a.total_high == b.total_high);
    CHECK(a.first_low != c.first_low);
}

TEST_CASE("Morris: a linear model has mu* = |c_i| and sigma = 0; an unused input has 0", "[sensitivity]") {
    const double c[3] = {2.0, -5.0, 0.0};
    const MorrisDesign d = morris_design(20, 3, 99);
    REQUIRE(d.rows.size() == 20u * 4 * 3);
    std::vector<double> y(20 * 4);
    for (std::size_t r = 0; r < y.size(); ++r) {
        const double* u = d.rows.data() + r * 3;
        y[r] = c[0] * u[0] + c[1] * u[1] + c[2] * u[2];
        for (int k = 0; k < 3; ++k) CHECK((u[k] > 0.0 && u[k] < 1.0));
    }
    const MorrisEffects e = morris_effects(d, y.data());
    for (int i = 0; i < 3; ++i) {
        CHECK(e.mu_star[i] == Approx(std::abs(c[i])).margin(1e-12));
        CHECK(e.mu[i] == Approx(c[i]).margin(1e-12));
        CHECK(e.sigma[i] == Approx(0.0).margin(1e-12));
    }
    // A product term makes the effect depend on the other input: sigma > 0.
    for (std::size_t r = 0; r < y.size(); ++r) y[r] = d.rows[r * 3] * d.rows[r * 3 + 1];
    const MorrisEffects p = morris_effects(d, y.data());
    CHECK(p.sigma[0] > 0.1);
    CHECK(p.mu_star[2] == 0.0);
}

TEST_CASE("given data: SRC equals c_i sd(x_i)/sd(y) for a linear model; Spearman is 1 for a monotone one",
          "[sensitivity]") {
    const std::size_t n = 2000;
    std::vector<std::vector<double>> x(3, std::vector<double>(n));
    std::vector<double> y(n), cube(n);
    for (std::size_t k = 0; k < n; ++k) {
        x[0][k] = std::sin(double(k) * 1.1);       // deterministic, irregular inputs
        x[1][k] = std::cos(double(k) * 0.37) * 3;
        x[2][k] = 5.0;                              // constant: left out
        y[k] = 2 * x[0][k] - 0.5 * x[1][k] + 5.0;
        cube[k] = std::pow(x[0][k], 3);
    }
    auto sd = [&](const std::vector<double>& v) {
        double m = 0, s = 0;
        for (double a : v) m += a;
        m /= double(n);
        for (double a : v) s += (a - m) * (a - m);
        return std::sqrt(s / double(n - 1));
    };
    const RankMeasures r = rank_measures(x, y);
    CHECK(r.src[0] == Approx(2 * sd(x[0]) / sd(y)).margin(1e-9));
    CHECK(r.src[1] == Approx(-0.5 * sd(x[1]) / sd(y)).margin(1e-9));
    CHECK(r.src[2] == 0.0);
    CHECK(r.r2_values == Approx(1.0).margin(1e-9));
    const RankMeasures m = rank_measures({x[0]}, cube);
    CHECK(m.spearman[0] == Approx(1.0).margin(1e-12));
    CHECK(m.srrc[0] == Approx(1.0).margin(1e-12));
}
