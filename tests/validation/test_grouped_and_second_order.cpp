// Grouped and second-order Sobol' indices (sim/engine/grouped_indices.h,
// sim/engine/second_order.h) against analytic values.
#include <catch2/catch.hpp>

#include <cmath>

#include "sim/engine/grouped_indices.h"
#include "sim/engine/second_order.h"
#include "sim/engine/sensitivity.h"
#include "tests/validation/ishigami.h"

using namespace tinyfleet;

namespace {

std::vector<double> outputs(const std::function<double(const double*)>& model, const SaltelliLayout& layout,
                            std::size_t N, std::uint64_t seed) {
    const std::vector<double> rows = saltelli_rows(layout, 0, N, seed);
    std::vector<double> y(rows.size() / layout.dimensions);
    for (std::size_t r = 0; r < y.size(); ++r) y[r] = model(rows.data() + r * layout.dimensions);
    return y;
}
}  // namespace

TEST_CASE("A group of an additive model has S = ST = the sum of its inputs' variances over the total",
          "[sensitivity]") {
    // Y = sum c_i U_i, U_i uniform: V_i = c_i^2 / 12.
    const double c[4] = {1.0, 2.0, 3.0, 0.5};
    auto additive = [&](const double* u) { return c[0] * u[0] + c[1] * u[1] + c[2] * u[2] + c[3] * u[3]; };
    const double V = (1.0 + 4.0 + 9.0 + 0.25) / 12.0;
    SaltelliLayout layout;
    layout.dimensions = 4;
    layout.groups = {{0, 1}, {2, 3}};
    const std::size_t N = 1u << 13;
    const std::vector<double> y = outputs(additive, layout, N, 5);
    const SobolIndices g = group_indices(y.data(), N, layout, 200, 5);
    const double expected[2] = {(1.0 + 4.0) / 12.0 / V, (9.0 + 0.25) / 12.0 / V};
    REQUIRE(g.first.size() == 2);
    for (int k = 0; k < 2; ++k) {
        INFO("group " << k << ": S = " << g.first[k] << ", ST = " << g.total[k] << ", analytic " << expected[k]);
        CHECK(std::abs(g.first[k] - expected[k]) < 0.02);
        CHECK(std::abs(g.total[k] - expected[k]) < 0.02);
        CHECK(g.first_low[k] <= g.first[k]);
        CHECK(g.first[k] <= g.first_high[k]);
    }
    // The single inputs' indices are those of the design without groups.
    SaltelliLayout plain;
    plain.dimensions = 4;
    const std::vector<double> y_plain = outputs(additive, plain, N, 5);
    const SobolIndices with = sobol_indices(y.data(), N, 4, 50, 5), without = sobol_indices(y_plain.data(), N, 4, 50, 5);
    CHECK(with.first == without.first);
    CHECK(with.total_high == without.total_high);
}

TEST_CASE("Ishigami second-order indices: S13 = 0.2437, the other pairs 0", "[sensitivity]") {
    const validation::Ishigami ishigami;  // a = 7, b = 0.1
    const double S13 = ishigami.V13() / ishigami.variance();
    CHECK(S13 == Approx(0.2437).margin(1e-4));
    SaltelliLayout layout;
    layout.dimensions = 3;
    layout.second_order = true;
    CHECK(layout.blocks() == 2 + 2 * 3);  // cost N (2D + 2)
    const std::size_t N = 1u << 14;
    const std::vector<double> y = outputs(ishigami, layout, N, 12345);
    const SecondOrderIndices s = second_order_indices(y.data(), N, layout, 200, 12345);
    REQUIRE(s.index.size() == 3);
    const double expected[3] = {0.0, S13, 0.0};  // (1,2), (1,3), (2,3)
    for (std::size_t p = 0; p < 3; ++p) {
        INFO("S" << s.first[p] + 1 << s.second[p] + 1 << " = " << s.index[p] << " [" << s.low[p] << ", " << s.high[p]
                 << "], analytic " << expected[p]);
        CHECK(std::abs(s.index[p] - expected[p]) < 0.02);
        CHECK(s.low[p] <= s.high[p]);
    }
}
