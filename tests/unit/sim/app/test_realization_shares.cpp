// The per-class shares of realizations printed by `run` and `info`: a cap
// binds where devices are unserved, a device repays within its life where
// its payback time is at most its class's mean lifetime.
#include <catch2/catch.hpp>

#include <limits>

#include "sim/app/realization_shares.h"

using namespace tinyfleet;

namespace {
// Two classes, two years, `n` realizations of unserved_base [sample, class, year].
RunResult rows(std::int64_t n, std::vector<double> unserved, std::vector<double> payback, std::vector<double> life) {
    RunResult r;
    r.samples = n;
    r.classes = {"a", "b"};
    r.years = {2030, 2035};
    ResultMetric m;
    m.name = "unserved_base";
    m.by_class = std::move(unserved);
    r.metrics.push_back(m);
    r.payback_years = std::move(payback);
    r.mean_lifetime_years = std::move(life);
    return r;
}
}  // namespace

TEST_CASE("payback within life and cap binding shares, counted block by block", "[app][payback][cap]") {
    const double never = std::numeric_limits<double>::infinity();
    RealizationShares s;
    // Realization 0: a's cap binds in 2035 only; a repays in 2 of 4 years, b never.
    s.add(rows(1, {0, 5, 0, 0}, {2.0, never}, {4.0, 4.0}));
    // Realizations 1-2: a's cap binds in both years of realization 1; a repays
    // at exactly its lifetime (within) and after it; b within.
    s.add(rows(2, {1, 1, 0, 0, 0, 0, 0, 0}, {4.0, 1.0, 6.0, 3.0}, {4.0, 4.0, 5.0, 4.0}));
    REQUIRE(s.samples == 3);
    CHECK(s.has_cap_data);
    CHECK(s.has_lifetime);
    CHECK(s.cap_binding == std::vector<std::uint64_t>{1, 2, 0, 0});  // [class][year]
    CHECK(s.within_life == std::vector<std::uint64_t>{2, 2});
}

TEST_CASE("a file without mean lifetimes has payback data but no within-life share", "[app][payback]") {
    RealizationShares s;
    s.add(rows(1, {0, 0, 0, 0}, {2.0, 3.0}, {}));
    CHECK(s.has_payback);
    CHECK_FALSE(s.has_lifetime);
    CHECK(s.within_life == std::vector<std::uint64_t>{0, 0});
}
