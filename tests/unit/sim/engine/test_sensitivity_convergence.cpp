// The convergence loop (sim/engine/sensitivity_convergence.h): doubling N
// reuses every model run, stops at the target width or the budget.
#include <catch2/catch.hpp>

#include <cmath>

#include "sim/engine/sensitivity.h"
#include "sim/engine/sensitivity_convergence.h"

using namespace tinyfleet;

namespace {
// Y = U1 + 2 U2 + U1 U3, counting evaluations.
struct CountingModel {
    std::size_t evaluations = 0;
    std::vector<std::vector<double>> operator()(const std::vector<double>& rows, std::size_t count) {
        std::vector<double> y(count);
        for (std::size_t r = 0; r < count; ++r) {
            const double* u = rows.data() + r * 3;
            y[r] = u[0] + 2 * u[1] + u[0] * u[2];
        }
        evaluations += count;
        return {y};
    }
};
double widest(const std::vector<std::vector<double>>& y, std::size_t N) {
    const SobolIndices s = sobol_indices(y[0].data(), N, 3, 100, 1);
    double w = 0.0;
    for (std::size_t i = 0; i < 3; ++i)
        w = std::max({w, s.first_high[i] - s.first_low[i], s.total_high[i] - s.total_low[i]});
    return w;
}
}  // namespace

TEST_CASE("Doubling N until the intervals are narrow reuses every model run", "[sensitivity]") {
    SaltelliLayout layout;
    layout.dimensions = 3;
    CountingModel model;
    const ConvergedOutputs c = saltelli_until_width(
        layout, 16, 1, 0.05, 1u << 20, [&](const std::vector<double>& r, std::size_t n) { return model(r, n); }, widest);
    CHECK(c.reached);
    CHECK(c.widest < 0.05);
    CHECK(c.base_samples > 16);
    // Every point was run once: N (D + 2) evaluations in all, not the sum over the doublings.
    CHECK(model.evaluations == c.base_samples * 5);
    CHECK(c.runs == model.evaluations);
    // The joined outputs are those of the design of the final N run at once.
    CountingModel once;
    const std::vector<double> all = once(saltelli_rows(layout, 0, c.base_samples, 1), c.base_samples * 5)[0];
    CHECK(c.y[0] == all);
    // Half the final N was not enough: the loop stopped at the first N that was.
    const std::size_t half = c.base_samples / 2;
    CHECK(widest(once(saltelli_rows(layout, 0, half, 1), half * 5), half) >= 0.05);
}

TEST_CASE("The budget stops the doubling before the target is reached", "[sensitivity]") {
    SaltelliLayout layout;
    layout.dimensions = 3;
    CountingModel model;
    const ConvergedOutputs c = saltelli_until_width(
        layout, 16, 1, 1e-6, 16 * 5 * 4, [&](const std::vector<double>& r, std::size_t n) { return model(r, n); },
        widest);
    CHECK_FALSE(c.reached);
    CHECK(c.base_samples == 64);  // 16 -> 32 -> 64 spends 320 runs; 128 would need 640
    CHECK(model.evaluations == 320);
}

TEST_CASE("An index outside [-0.05, 1.05] or with an interval wider than 0.2 asks for more samples",
          "[sensitivity]") {
    CHECK_FALSE(index_needs_more_samples(0.5, 0.45, 0.55));
    CHECK(index_needs_more_samples(1.2, 1.1, 1.25));
    CHECK(index_needs_more_samples(-0.1, -0.12, -0.08));
    CHECK(index_needs_more_samples(0.5, 0.3, 0.55));
    // width 0.4 at N = 256 -> 0.2 needs 4x: 1024.
    CHECK(samples_for_width(256, 0.4, 0.2) == 1024);
    CHECK(samples_for_width(256, 0.1, 0.2) == 512);  // at least a doubling
}
