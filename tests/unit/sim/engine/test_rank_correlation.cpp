// The correlations: block (sim/engine/correlations.h): validation messages, and the
// rank correlations a run achieves.
#include <catch2/catch.hpp>

#include <cmath>

#include "sim/engine/correlations.h"
#include "sim/fleet/fleet_evaluator.h"
#include "sim/engine/monte_carlo.h"
#include "sim/input/scenario.h"

using namespace tinyfleet;

namespace {
Scenario with_correlations(const std::string& block, const std::vector<std::string>& overrides = {}) {
    YamlDocument base = load_yaml_file(TEST_DATA_DIR "/small.yaml");
    YamlDocument doc = load_yaml_text(base.text + "\n" + block, "corr.yaml");
    for (const auto& o : overrides) apply_override(doc, o);
    return parse_scenario(doc);
}
}  // namespace

TEST_CASE("bad correlation matrices are input errors with file:line and field", "[correlations]") {
    const std::string head = "correlations:\n  parameters: [grid_2020, grid_decline, battery]\n  matrix:\n";
    CHECK_THROWS_WITH(with_correlations(head + "    - [1, 0.5, 0]\n    - [0.4, 1, 0]\n    - [0, 0, 1]\n"),
                      Catch::Contains("corr.yaml:") && Catch::Contains("symmetric"));
    CHECK_THROWS_WITH(with_correlations(head + "    - [1, 1.5, 0]\n    - [1.5, 1, 0]\n    - [0, 0, 1]\n"),
                      Catch::Contains("correlations.matrix[0][1]") && Catch::Contains("[-1, 1]"));
    CHECK_THROWS_WITH(with_correlations(head + "    - [0.9, 0, 0]\n    - [0, 1, 0]\n    - [0, 0, 1]\n"),
                      Catch::Contains("diagonal"));
    // Pairwise fine, jointly impossible: eigenvalues of this matrix are 1.9, 1.9, -0.8.
    CHECK_THROWS_WITH(with_correlations(head + "    - [1, 0.9, -0.9]\n    - [0.9, 1, 0.9]\n    - [-0.9, 0.9, 1]\n"),
                      Catch::Contains("not positive semi-definite"));
    CHECK_THROWS_WITH(with_correlations("correlations:\n  parameters: [grid_2020, lifetime]\n  matrix: [[1, 0], [0, 1]]\n"),
                      Catch::Contains("device-scope"));
    CHECK_THROWS_WITH(with_correlations("correlations:\n  parameters: [grid_2020, batery]\n  matrix: [[1, 0], [0, 1]]\n"),
                      Catch::Contains("did you mean 'battery'"));
}

TEST_CASE("eigenvalues of a hand-checked matrix", "[correlations]") {
    // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
    const auto e = symmetric_eigenvalues({2, 1, 1, 2}, 2);
    CHECK(e[0] == Approx(1.0));
    CHECK(e[1] == Approx(3.0));
}

TEST_CASE("achieved rank correlations are within 0.02 of the target at N = 10^4 (mc and lhs)", "[correlations]") {
    const std::string block =
        "correlations:\n  parameters: [grid_2020, grid_decline, battery]\n  matrix:\n"
        "    - [1, 0.6, -0.4]\n    - [0.6, 1, 0.0]\n    - [-0.4, 0.0, 1]\n";
    for (const char* method : {"mc", "lhs", "sobol"}) {
        const Scenario s = with_correlations(block, {"run.samples=10000", std::string("run.sampling=") + method});
        FleetEvaluator model(s);
        const auto raw = run_monte_carlo(model, 0, 10000, 2, nullptr);
        const auto& globals = model.global_parameters();
        auto column = [&](const char* name) {
            const int p = s.parameters.find(name);
            std::size_t k = 0;
            while (globals[k] != p) ++k;
            std::vector<double> v(10000);
            for (std::size_t r = 0; r < 10000; ++r) v[r] = raw.inputs[r * globals.size() + k];
            return v;
        };
        const auto g = column("grid_2020"), d = column("grid_decline"), b = column("battery");
        INFO(method << ": " << spearman(g, d) << " " << spearman(g, b) << " " << spearman(d, b));
        CHECK(std::abs(spearman(g, d) - 0.6) < 0.02);
        CHECK(std::abs(spearman(g, b) + 0.4) < 0.02);
        CHECK(std::abs(spearman(d, b) - 0.0) < 0.02);
        // Marginals are kept: grid_decline ~ U(0, 0.05) has mean 0.025.
        double mean = 0;
        for (double x : d) mean += x;
        CHECK(mean / 10000 == Approx(0.025).margin(0.0005));
    }
}
