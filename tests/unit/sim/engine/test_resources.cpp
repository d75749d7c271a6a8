// Memory estimates of sim/engine/resources.h against sums worked out by hand,
// and the TINYFLEET_MEMORY_LIMIT_MB override of the usable memory.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "sim/engine/resources.h"

using namespace tinyfleet;

namespace {
constexpr std::uint64_t MiB = 1ull << 20;
constexpr std::uint64_t allowance = 64 * MiB;  // the fixed allowance of every estimate
}  // namespace

TEST_CASE("usable_memory_bytes follows TINYFLEET_MEMORY_LIMIT_MB", "[resources]") {
    const char* before = std::getenv("TINYFLEET_MEMORY_LIMIT_MB");
    const std::string saved = before ? before : "";
    setenv("TINYFLEET_MEMORY_LIMIT_MB", "300", 1);
    CHECK(usable_memory_bytes() == 300 * MiB);
    unsetenv("TINYFLEET_MEMORY_LIMIT_MB");
    CHECK(usable_memory_bytes() == available_memory_bytes());
    if (before) setenv("TINYFLEET_MEMORY_LIMIT_MB", saved.c_str(), 1);
}

TEST_CASE("a sensitivity study holds its runs as a run does, plus its design", "[resources]") {
    // 1000 runs; per run 100 raw values, 80 by-class values, 20 totals, 5
    // inputs (8 bytes each), and a design of 3 studied and 5 global columns.
    const std::uint64_t runs = 1000;
    const std::uint64_t run_part = runs * 8 * (100 + 80 + 20 + 5);
    const std::uint64_t design_part = runs * 8 * (3 + 5);
    CHECK(estimate_run_bytes(runs, 100, 80, 20, 5) == run_part + allowance);
    CHECK(estimate_design_study_bytes({runs, 100, 80, 20, 5, 3, 5}) == run_part + design_part + allowance);
    // Linear in the runs: doubling N doubles everything but the allowance.
    CHECK(estimate_design_study_bytes({2 * runs, 100, 80, 20, 5, 3, 5}) ==
          2 * (run_part + design_part) + allowance);
}

TEST_CASE("a sweep holds one point's run and the stacked file values of every point", "[resources]") {
    // 10 points of 1000 realizations; per realization 20 totals and 5 inputs,
    // per point 20 x 9 summary values.
    const std::uint64_t point_run = 500 * MiB;
    const std::uint64_t stacked_per_point = 8 * (1000 * (20 + 5) + 180);
    SECTION("one point's run dominates: the estimate grows by the stacked values per point, not by a run") {
        const std::uint64_t ten = estimate_sweep_bytes({10, point_run, 1000, 20, 5, 180});
        const std::uint64_t eleven = estimate_sweep_bytes({11, point_run, 1000, 20, 5, 180});
        CHECK(ten == point_run + 10 * stacked_per_point);
        CHECK(eleven - ten == stacked_per_point);
    }
    SECTION("the stacked values dominate: the values, the file image and its copy") {
        const std::uint64_t small_run = 1 * MiB;
        const std::uint64_t points = 10000;
        CHECK(estimate_sweep_bytes({points, small_run, 1000, 20, 5, 180}) ==
              3 * points * stacked_per_point + allowance);
    }
}
