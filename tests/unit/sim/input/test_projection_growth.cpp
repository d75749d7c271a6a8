// Shipment projections after their last anchor year: `growth_after_last_anchor`
// is read as a quantity, refused where it does not belong, and bounded so
// that shipments stay below the devices-per-year limit within the run.
#include <catch2/catch.hpp>

#include <string>

#include "scenario_text.h"

using namespace tinyfleet;
using Catch::Contains;

namespace {

std::string scenario_with(const std::string& parameters, const std::string& shipments, int last_year = 2035) {
    test::ScenarioText t;
    t.run = "run: {name: t, samples: 10, seed: 1, first_year: 2020, last_year: " + std::to_string(last_year) + "}\n";
    t.parameters = parameters;
    t.shipments = shipments;
    return t.text();
}

const std::string growth_param = "  g: {unit: 1/year, scope: global, distribution: {type: uniform, min: 0.0, max: 0.1}}\n";

}  // namespace

TEST_CASE("growth after the last anchor is a quantity, 0 by default", "[scenario][shipments]") {
    const Scenario held = parse_scenario(load_yaml_text(
        scenario_with(growth_param, "{devices: {2020: 100, 2025: 200}}"), "test.yaml"));
    CHECK(held.classes[0].shipments.growth_after_last_anchor.is_literal());
    CHECK(held.classes[0].shipments.growth_after_last_anchor.value == 0.0);
    const Scenario grown = parse_scenario(load_yaml_text(
        scenario_with(growth_param, "{devices: {2020: 100, 2025: 200}, growth_after_last_anchor: g}"), "test.yaml"));
    CHECK(grown.classes[0].shipments.growth_after_last_anchor.parameter == grown.parameters.find("g"));
}

TEST_CASE("growth after the last anchor is checked where it is given", "[scenario][shipments][errors]") {
    // Outside [-1, 1] per year.
    CHECK_THAT(test::input_error_of(scenario_with(growth_param, "{devices: {2020: 100}, growth_after_last_anchor: 1.5}")),
               Contains("test.yaml:") && Contains("classes.c.shipments.growth_after_last_anchor: must be"));
    // Not with a logistic curve (its own saturation governs the later years).
    CHECK_THAT(test::input_error_of(scenario_with(growth_param, "{logistic: {saturation: 1.0e6, midpoint_year: 2025, steepness: 0.5},"
                                                    " growth_after_last_anchor: 0.1}")),
               Contains("growth_after_last_anchor"));
    // 1e13 devices in 2025 x 2^10 (growth 1 per year to 2035) = 1.02e16 > 1e14.
    CHECK_THAT(test::input_error_of(scenario_with(growth_param, "{devices: {2025: 1.0e13}, growth_after_last_anchor: 1.0}")),
               Contains("test.yaml:") && Contains("growth_after_last_anchor: can carry shipments to") &&
                   Contains("by 2035"));
    // The same rate is fine when the run ends in the anchor year: 1e13 <= 1e14.
    CHECK_NOTHROW(parse_scenario(load_yaml_text(
        scenario_with(growth_param, "{devices: {2025: 1.0e13}, growth_after_last_anchor: 1.0}", 2025), "test.yaml")));
}
