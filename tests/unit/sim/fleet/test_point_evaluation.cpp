// Point evaluation never prints inf or NaN: a non-finite per-device number
// is a failure naming the class and the term, all-zero region weights at
// nominal inputs are a failure (not a use phase of 0), the JSON has no raw
// nan, and the table keeps one line per block for very large values.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "sim/engine/input_error.h"
#include "sim/fleet/point_evaluation.h"
#include "sim/input/scenario.h"

using namespace tinyfleet;
using Catch::Contains;

namespace {

Scenario scenario_with(const std::string& parameters, const std::string& regions) {
    return parse_scenario(load_yaml_text(R"(run: {name: t, samples: 4, seed: 1, first_year: 2023, last_year: 2024}
)" + parameters + R"(
grid: {regions: {g: {base_year: 2023, intensity_kg_per_kwh: 0.5}, h: {base_year: 2023, intensity_kg_per_kwh: 0.1}}}
classes:
  c:
    bom: {casing: 2.0}
    power: {active_w: 0.001, duty_cycle: 1.0}
    lifetime_years: 2
    mass_kg: 0.1
    )" + regions + R"(
    shipments: {devices: {2023: 10}}
)", "t.yaml"));
}

}  // namespace

TEST_CASE("point: a non-finite block is a failure naming the class and the block", "[point]") {
    Scenario s = scenario_with("", "region: g");
    REQUIRE(evaluate_point(s)[0].total_kg > 0);
    // A value no scenario can give (the input checks refuse it): the last line of defence.
    s.classes[0].bom[0].kg_co2e.value = std::numeric_limits<double>::infinity();
    REQUIRE_THROWS_AS(evaluate_point(s), RuntimeFailure);
    REQUIRE_THROWS_WITH(evaluate_point(s), Contains("classes.c.bom.casing: non-finite value"));
}

TEST_CASE("point: region weights that are all zero at nominal inputs are a failure", "[point]") {
    const std::string weight = "parameters:\n  w: {unit: \"1\", scope: global, nominal: 0, distribution: {type: uniform, min: 0, max: 1}}";
    const Scenario zero = scenario_with(weight, "regions: {g: w, h: w}");
    REQUIRE_THROWS_AS(evaluate_point(zero), RuntimeFailure);
    REQUIRE_THROWS_WITH(evaluate_point(zero), Contains("classes.c.regions: all region weights are zero"));
    // One weight above zero: the mix is that region's intensity.
    const Scenario one = scenario_with(weight, "regions: {g: w, h: 1}");
    REQUIRE(evaluate_point(one)[0].use_kg_per_year ==
            Approx(0.001 * 8760 / 1000 * 0.1));  // kW x h/yr x kg/kWh of region h
}

TEST_CASE("point --json writes null, never a raw nan or inf", "[point]") {
    PointClass c;
    c.name = "c";
    c.payback_years = std::numeric_limits<double>::quiet_NaN();
    c.offset_kg_per_year = std::numeric_limits<double>::infinity();
    const std::string json = point_json({c});
    REQUIRE_THAT(json, Contains("\"payback_years\": null"));
    REQUIRE_THAT(json, Contains("\"offset_kg_per_year\": null"));
    REQUIRE_THAT(json, !Contains("nan") && !Contains("inf"));
}

TEST_CASE("point table: a very large value keeps its share column and its own line", "[point]") {
    PointClass c;
    c.name = "c";
    c.blocks = {{"ic", 1e200}, {"use_stage", 1.0}};
    c.total_kg = 1e200;
    const std::string table = point_table({c});
    REQUIRE_THAT(table, Contains("\n  ic                    1.0000e+200   100.0%\n"));
    REQUIRE_THAT(table, Contains("\n  use_stage                  1.0000     0.0%\n"));
}
