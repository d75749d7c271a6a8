// Summary statistics against hand calculations.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <random>

#include "sim/engine/statistics.h"

using namespace tinyfleet;

TEST_CASE("type-7 quantiles interpolate between order statistics", "[statistics]") {
    const double x[] = {1, 2, 3, 4};
    // h = (n-1) p: p=0.25 -> h=0.75 -> 1 + 0.75*(2-1) = 1.75
    CHECK(quantile_of_sorted(x, 4, 0.25) == Approx(1.75));
    CHECK(quantile_of_sorted(x, 4, 0.5) == Approx(2.5));
    CHECK(quantile_of_sorted(x, 4, 0.0) == 1.0);
    CHECK(quantile_of_sorted(x, 4, 1.0) == 4.0);
    // p=0.975 -> h=2.925 -> 3 + 0.925 = 3.925
    CHECK(quantile_of_sorted(x, 4, 0.975) == Approx(3.925));
    const double one[] = {7};
    CHECK(quantile_of_sorted(one, 1, 0.3) == 7.0);
}

TEST_CASE("quantiles by selection are the quantiles of the sorted data, bit for bit", "[statistics]") {
    std::mt19937_64 g(5);
    std::normal_distribution<double> normal;
    const std::vector<double> levels = {0.975, 0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.5, 0.0, 1.0, 0.999, 0.001};
    for (std::size_t n : {1u, 2u, 3u, 7u, 10u, 101u, 1000u, 10000u})
        for (int kind = 0; kind < 3; ++kind) {
            INFO("n " << n << ", kind " << kind);
            // Distinct values, many ties (a few distinct values), and sorted input.
            std::vector<double> x(n);
            for (double& v : x) v = kind == 1 ? double(g() % 4) : normal(g);
            if (kind == 2) std::sort(x.begin(), x.end(), std::greater<>());
            std::vector<double> sorted = x;
            std::sort(sorted.begin(), sorted.end());
            std::vector<double> selected(levels.size());
            quantiles_by_selection(x.data(), n, levels, selected.data());
            for (std::size_t q = 0; q < levels.size(); ++q) {
                const double expected = quantile_of_sorted(sorted.data(), n, levels[q]);
                CHECK(std::memcmp(&selected[q], &expected, sizeof(double)) == 0);
            }
        }
}

TEST_CASE("column summaries: mean, sample sd and quantiles per column, any thread count", "[statistics]") {
    // 5 rows x 2 columns; column 0 = 1..5, column 1 = 10, 0, 30, 20, 40
    const std::vector<double> table = {1, 10, 2, 0, 3, 30, 4, 20, 5, 40};
    for (int threads : {1, 2, 8}) {
        const auto s = summarize_columns(table, 5, 2, {0.5, 0.25}, threads);
        REQUIRE(s.size() == 2);
        CHECK(s[0].mean == Approx(3.0));
        CHECK(s[0].std == Approx(std::sqrt(2.5)));   // sum of squares 10 / (5-1)
        CHECK(s[0].quantiles[0] == Approx(3.0));
        CHECK(s[0].quantiles[1] == Approx(2.0));
        CHECK(s[1].mean == Approx(20.0));
        CHECK(s[1].std == Approx(std::sqrt(250.0)));  // 1000 / 4
        CHECK(s[1].quantiles[0] == Approx(20.0));
        CHECK(s[1].quantiles[1] == Approx(10.0));
    }
}

TEST_CASE("an allocation failure inside the parallel region reaches the caller", "[statistics]") {
    // Each thread's column buffer of 2^57 doubles (1 EiB) cannot be allocated.
    // Thrown inside the OpenMP region, the std::bad_alloc must come out of
    // summarize_columns as an exception, not end the process (std::terminate).
    // AddressSanitizer ends the process at such a request instead of failing
    // it (allocator_may_return_null=0): checked in the Release build.
#ifndef TINYFLEET_SANITIZED
    const std::vector<double> table(4, 1.0);
    const std::size_t rows = std::size_t{1} << 57;
    REQUIRE_THROWS_AS(tinyfleet::summarize_columns(table, rows, 2, {0.5}, 2), std::bad_alloc);
#endif
}
