// Findings of the fuzz targets (tests/fuzz/, docs/testing.md), pinned as
// readable unit tests. The raw crashing inputs are replayed as well, by the
// fuzz_replay.* tests (tests/fuzz/regressions/).
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "sim/engine/distribution.h"
#include "scenario_text.h"

using namespace tinyfleet;
using Catch::Contains;

namespace {

const test::ScenarioText minimal;
const std::string scenario_run = minimal.run;
const std::string scenario_tail = minimal.text().substr(minimal.run.size());

}  // namespace

TEST_CASE("map keys that are not plain names are input errors, not crashes", "[fuzz][scenario]") {
    // yaml-cpp threw TypedBadConversion out of parse_scenario for these (null,
    // list and map keys), which terminated the program.
    const std::string cases[] = {
        scenario_run + "parameters:\n  &a : {unit: '1', scope: global, distribution: {type: fixed, value: 1}}\n" +
            scenario_tail,
        scenario_run + "parameters:\n  ? [a, b]\n  : {unit: '1', scope: global, distribution: {type: fixed, value: 1}}\n" +
            scenario_tail,
        scenario_run + "parameters:\n  p:\n    unit: '1'\n    ? {x: 1}\n    : 2\n    scope: global\n"
                       "    distribution: {type: fixed, value: 1}\n" + scenario_tail,
    };
    for (const std::string& text : cases) {
        try {
            parse_scenario(load_yaml_text(text, "keys.yaml"));
            FAIL("no error for:\n" << text);
        } catch (const InputError& e) {
            CHECK(e.where().file == "keys.yaml");
            CHECK(e.where().line > 0);
        }
    }
    // The same for the grid regions, classes, bom blocks and shipment years.
    const std::string region = scenario_run + "grid:\n  regions:\n    ? [w]\n    : {base_year: 2020, intensity_kg_per_kwh: 0.4}\n";
    CHECK_THROWS_AS(parse_scenario(load_yaml_text(region, "keys.yaml")), InputError);
    std::string years = scenario_run + scenario_tail;
    years.replace(years.find("{2020: 100"), 10, "{[2020]: 100");
    CHECK_THROWS_WITH(parse_scenario(load_yaml_text(years, "keys.yaml")), Contains("keys must be plain names"));
}

TEST_CASE("gamma with a subnormal shape is rejected (its CDF was NaN)", "[fuzz][distribution]") {
    const double tiny = std::numeric_limits<double>::denorm_min();
    CHECK_THROWS_AS(make_gamma(tiny, tiny), std::invalid_argument);
    CHECK_THROWS_WITH(make_gamma(1e-310, 1.0), Contains("shape must be >="));
    const Distribution d = make_gamma(1e-300, 1.0);  // smallest normal doubles still work
    CHECK(d.cdf(1e-300) >= 0.0);
    CHECK(d.cdf(1e-300) <= 1.0);
}

TEST_CASE("beta with a subnormal shape is rejected (its CDF was NaN)", "[fuzz][distribution]") {
    CHECK_THROWS_WITH(make_beta(3.9999101777329778e-315, 4.9406564584124654e-324, 5.6e-208, 2293246.16),
                      Contains("alpha must be >="));
    CHECK_THROWS_WITH(make_beta(1.0, 1e-310), Contains("beta must be >="));
    const Distribution d = make_beta(1e-300, 1e-300);
    CHECK(d.cdf(0.5) >= 0.0);
    CHECK(d.cdf(0.5) <= 1.0);
}

TEST_CASE("beta shapes above 1e12 are rejected (Boost's inverse could loop for minutes)", "[fuzz][distribution]") {
    CHECK_THROWS_WITH(make_beta(1e4, 1e50), Contains("beta must be <= 1e12"));
    CHECK_THROWS_WITH(make_beta(1e300, 1e12, -1e-300, 0.0), Contains("alpha must be <= 1e12"));
    const Distribution d = make_beta(1e12, 1e12);
    for (double u : {1e-300, 0.5, 1.0 - 1e-12}) {
        const double q = d.quantile(u);
        CHECK(std::isfinite(q));
        CHECK(q >= 0.0);
        CHECK(q <= 1.0);
    }
}

TEST_CASE("PERT on a range near the largest double has finite shape constants", "[fuzz][distribution]") {
    // 4 * (max - mode) overflowed to inf before the division by the range.
    const double big = std::numeric_limits<double>::max();
    const Distribution d = make_pert(-big, -big, 1e-12);
    for (double u : {0.0, 1e-300, 0.5, 1.0}) {
        const double q = d.quantile(u);
        CHECK(std::isfinite(q));
        const double c = d.cdf(q);
        CHECK(c >= 0.0);
        CHECK(c <= 1.0);
    }
    CHECK(d.quantile(0.5) < -1e307);  // most of the mass sits near min = mode
}

TEST_CASE("a top-level value followed by a comma is an input error, not an endless loop", "[fuzz][scenario]") {
    // yaml-cpp 0.7's LoadAll looped forever (allocating) on these: the parser
    // reports an empty document at the stray token again and again.
    const std::string cases[] = {"\"x\", y\n", "'x',\n", "[1], y\n", "{a: 1}, y\n",
                                 "# comment\n     \"Is TinyML Sustainable?\", CACM\n"};
    for (const std::string& text : cases) {
        try {
            load_yaml_text(text, "comma.yaml");
            FAIL("accepted: " << text);
        } catch (const InputError& e) {
            CHECK_THAT(e.what(), Contains("comma.yaml:"));
            CHECK_THAT(e.what(), Contains("after the top-level value"));
        }
    }
    // A real second document is still named as such.
    CHECK_THROWS_WITH(load_yaml_text("a: 1\n---\nb: 2\n", "two.yaml"), Contains("a second YAML document"));
    CHECK_THROWS_WITH(load_yaml_text("a: 1\n---\n", "two.yaml"), Contains("a second YAML document"));
}
