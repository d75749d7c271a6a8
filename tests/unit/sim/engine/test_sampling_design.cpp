// Sampling designs (sim/engine/sampling_design.h): stratification of LHS and Sobol'
// points, known Sobol' values, determinism, and the designs inside a run.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "sim/fleet/fleet_evaluator.h"
#include "sim/engine/monte_carlo.h"
#include "sim/engine/sampling_design.h"
#include "sim/input/scenario.h"

using namespace tinyfleet;

namespace {
Scenario small_scenario(const std::vector<std::string>& overrides) {
    YamlDocument doc = load_yaml_file(TEST_DATA_DIR "/small.yaml");
    for (const auto& o : overrides) apply_override(doc, o);
    return parse_scenario(doc);
}
}  // namespace

TEST_CASE("Sobol' points: known first values and 2^k stratification before scrambling", "[sampling]") {
    const SobolSequence s(40);
    // Dimension 1 is van der Corput (bit reversal), dimension 2 has m = 1, 3, 5, 15, ...
    // (polynomial x + 1): by hand, points 1, 2, 3 are 0.5, 0.75, 0.25.
    CHECK(s.bits(1, 0) * 0x1.0p-32 == 0.5);
    CHECK(s.bits(2, 0) * 0x1.0p-32 == 0.25);
    CHECK(s.bits(3, 0) * 0x1.0p-32 == 0.75);
    CHECK(s.bits(1, 1) * 0x1.0p-32 == 0.5);
    CHECK(s.bits(2, 1) * 0x1.0p-32 == 0.75);
    CHECK(s.bits(3, 1) * 0x1.0p-32 == 0.25);
    for (int k : {1, 4, 8, 11}) {
        const std::uint32_t n = 1u << k;
        for (int d = 0; d < 40; ++d) {
            std::vector<int> hits(n, 0);
            for (std::uint32_t i = 0; i < n; ++i) ++hits[s.bits(i, d) >> (32 - k)];
            INFO("k = " << k << ", dimension " << d);
            CHECK(std::all_of(hits.begin(), hits.end(), [](int h) { return h == 1; }));
        }
    }
    // Scrambled points keep the stratification (Owen scrambling maps cells to cells).
    const std::uint32_t n = 1u << 10;
    for (int d = 0; d < 5; ++d) {
        std::vector<int> hits(n, 0);
        for (std::uint32_t i = 0; i < n; ++i) {
            const double u = owen_scramble(s.bits(i, d), 7, 1000 + d);
            REQUIRE((u > 0.0 && u < 1.0));
            ++hits[static_cast<std::size_t>(u * n)];
        }
        CHECK(std::all_of(hits.begin(), hits.end(), [](int h) { return h == 1; }));
    }
}

TEST_CASE("Owen scrambling is seeded and gives a mean close to 1/2", "[sampling]") {
    const SobolSequence s(2);
    CHECK(owen_scramble(s.bits(5, 1), 1, 2) == owen_scramble(s.bits(5, 1), 1, 2));
    CHECK(owen_scramble(s.bits(5, 1), 1, 2) != owen_scramble(s.bits(5, 1), 2, 2));
    double sum = 0;
    for (std::uint32_t i = 0; i < 4096; ++i) sum += owen_scramble(s.bits(i, 1), 3, 4);
    CHECK(sum / 4096 == Approx(0.5).margin(1e-3));
}

TEST_CASE("random_permutation is a bijection of 0..n-1", "[sampling]") {
    for (std::uint64_t n : {1u, 2u, 3u, 17u, 1000u, 4097u}) {
        std::vector<int> seen(n, 0);
        for (std::uint64_t i = 0; i < n; ++i) ++seen[random_permutation(i, n, 11, 22)];
        INFO("n = " << n);
        CHECK(std::all_of(seen.begin(), seen.end(), [](int h) { return h == 1; }));
    }
}

TEST_CASE("LHS: each of the N strata of every marginal holds exactly one point", "[sampling]") {
    const Scenario sc = small_scenario({"run.sampling=lhs", "run.samples=1000"});
    const GlobalDesign d = design_for_scenario(sc);
    REQUIRE(d.active());
    const int D = d.columns();
    REQUIRE(D == 8);  // the global parameters of small.yaml
    std::vector<std::vector<int>> hits(std::size_t(D), std::vector<int>(1000, 0));
    std::vector<double> u(static_cast<std::size_t>(D), 0.0);
    for (std::uint64_t r = 0; r < 1000; ++r) {
        d.uniforms(r, u.data());
        for (int j = 0; j < D; ++j) ++hits[std::size_t(j)][static_cast<std::size_t>(u[std::size_t(j)] * 1000)];
    }
    for (int j = 0; j < D; ++j)
        CHECK(std::all_of(hits[std::size_t(j)].begin(), hits[std::size_t(j)].end(), [](int h) { return h == 1; }));
}

TEST_CASE("a run with run.sampling: sobol draws stratified global values, same bits on 1 and 3 threads", "[sampling]") {
    const Scenario sc = small_scenario({"run.sampling=sobol", "run.samples=256"});
    FleetEvaluator model(sc);
    const auto one = run_monte_carlo(model, 0, 256, 1, nullptr);
    const auto three = run_monte_carlo(model, 0, 256, 3, nullptr);
    REQUIRE(one.values.size() == three.values.size());
    CHECK(std::memcmp(one.values.data(), three.values.data(), one.values.size() * sizeof(double)) == 0);
    // grid_decline ~ U(0, 0.05): its draws fall once in each of 256 cells.
    const auto& globals = model.global_parameters();
    const auto k = static_cast<std::size_t>(std::find(globals.begin(), globals.end(), sc.parameters.find("grid_decline")) -
                                            globals.begin());
    std::vector<int> hits(256, 0);
    for (std::size_t r = 0; r < 256; ++r) ++hits[static_cast<std::size_t>(one.inputs[r * globals.size() + k] / 0.05 * 256)];
    CHECK(std::all_of(hits.begin(), hits.end(), [](int h) { return h == 1; }));
}

TEST_CASE("plain mc keeps the draws of runs made before designs existed", "[sampling]") {
    const Scenario sc = small_scenario({});
    CHECK_FALSE(design_for_scenario(sc).active());
    const Scenario explicit_mc = small_scenario({"run.sampling=mc"});
    FleetEvaluator a(sc), b(explicit_mc);
    const auto ra = run_monte_carlo(a, 0, 64, 1, nullptr), rb = run_monte_carlo(b, 0, 64, 1, nullptr);
    CHECK(std::memcmp(ra.inputs.data(), rb.inputs.data(), ra.inputs.size() * sizeof(double)) == 0);
}

TEST_CASE("sobol with N not a power of two warns; an unknown method is an input error", "[sampling]") {
    CHECK(design_for_scenario(small_scenario({"run.sampling=sobol", "run.samples=1000"})).warning().find("1024") !=
          std::string::npos);
    CHECK(design_for_scenario(small_scenario({"run.sampling=sobol", "run.samples=1024"})).warning().empty());
    CHECK_THROWS_WITH(small_scenario({"run.sampling=qmc"}), Catch::Contains("expected mc, lhs or sobol"));
}
