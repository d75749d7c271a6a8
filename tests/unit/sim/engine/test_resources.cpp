// Memory estimates of sim/engine/resources.h against sums worked out by hand,
// and the TINYFLEET_MEMORY_LIMIT_MB override of the usable memory.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "sim/engine/input_error.h"
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
    setenv("TINYFLEET_MEMORY_LIMIT_MB", "16000", 1);
    CHECK(usable_memory_bytes() == 16000 * MiB);
    setenv("TINYFLEET_MEMORY_LIMIT_MB", "17592186044415", 1);  // 2^44 - 1 MiB: the largest that fits 64 bits in bytes
    CHECK(usable_memory_bytes() == ((std::uint64_t{1} << 44) - 1) * MiB);
    unsetenv("TINYFLEET_MEMORY_LIMIT_MB");
    CHECK(usable_memory_bytes() == available_memory_bytes());
    if (before) setenv("TINYFLEET_MEMORY_LIMIT_MB", saved.c_str(), 1);
}

TEST_CASE("a TINYFLEET_MEMORY_LIMIT_MB that is not a whole number of MiB is refused, not read in part",
          "[resources]") {
    const char* before = std::getenv("TINYFLEET_MEMORY_LIMIT_MB");
    const std::string saved = before ? before : "";
    // "4G" and "16e3" were read as 4 and 16 MiB; "abc", "0" and "-5" as no limit.
    for (const char* bad : {"4G", "16e3", "1e3", "abc", "0", "-5", "", " 300", "300 ", "+300", "3.5",
                            "17592186044416", "99999999999999999999999"}) {
        INFO("TINYFLEET_MEMORY_LIMIT_MB='" << bad << "'");
        setenv("TINYFLEET_MEMORY_LIMIT_MB", bad, 1);
        CHECK_THROWS_WITH(usable_memory_bytes(),
                          Catch::StartsWith("error: TINYFLEET_MEMORY_LIMIT_MB must be a whole number of MiB") &&
                              Catch::EndsWith("got '" + std::string(bad) + "'"));
        CHECK_THROWS_AS(usable_memory_bytes(), InputError);
    }
    if (before) setenv("TINYFLEET_MEMORY_LIMIT_MB", saved.c_str(), 1);
    else unsetenv("TINYFLEET_MEMORY_LIMIT_MB");
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
