// Inputs the result would silently mishandle are refused when the scenario is
// read (exit 2 at their place), not after the computation: parameter names
// that collide with a dataset of the output files or read as numbers,
// free-text fields that are not text, a correlated parameter that is not
// drawn, and a market no class takes a share of.
#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <vector>

#include "scenario_text.h"
#include "sim/io/result_layout.h"

using namespace tinyfleet;
using Catch::Contains;

namespace {

std::string with_parameter(const std::string& name) {
    test::ScenarioText t;
    t.parameters = "  " + name + ": {unit: kg CO2e/device-year, scope: global, distribution: {type: uniform, min: 0, max: 1}}\n";
    t.extra_class_fields = "    offset_kg_per_device_year: " + name + "\n";
    return t.text();
}

}  // namespace

TEST_CASE("parameter names that name a dataset beside the inputs are refused at the key", "[scenario][errors]") {
    // /inputs/ of a result file holds the dimension scales the writer
    // reserves; /inputs/ of a sweep file also holds sweep_point and seed.
    using namespace result_layout;
    for (const std::string& name : {std::string(kYear), std::string(kSample), std::string(kQuantile),
                                   std::string(kClass), std::string(kClassVersion1), std::string(kClassLabel),
                                   std::string("sweep_point"), std::string("seed")}) {
        INFO(name);
        CHECK_THAT(test::input_error_of(with_parameter(name)),
                   Contains("test.yaml:3:3: error: parameters." + name + ": the name '" + name +
                            "' is reserved for a coordinate of the result files"));
    }
    CHECK_NOTHROW(test::parse_text(with_parameter("years")));
    CHECK_NOTHROW(test::parse_text(with_parameter("Sample")));
}

TEST_CASE("parameter names that read as numbers are refused at the key", "[scenario][errors]") {
    // `battery: inf` is the number infinity, so no field could use the parameter.
    for (const std::string name : {"inf", "INF", "nan", "NaN", "infinity", "Infinity"}) {
        INFO(name);
        CHECK_THAT(test::input_error_of(with_parameter(name)),
                   Contains("test.yaml:3:3: error: parameters." + name + ": ") && Contains("reads as a number"));
    }
    CHECK_NOTHROW(test::parse_text(with_parameter("info")));
    CHECK_NOTHROW(test::parse_text(with_parameter("nano")));
}

TEST_CASE("free-text fields refuse maps and lists", "[scenario][errors]") {
    struct Case {
        std::string top;                                   // lines before the scenario
        std::function<void(test::ScenarioText&)> edit;     // where the field goes
        std::string message;
    };
    const std::vector<Case> cases = {
        {"description: {a: 1}\n", [](test::ScenarioText&) {},
         "test.yaml:1:14: error: description: expected text, found a map"},
        {"", [](test::ScenarioText& s) {
             s.run = "run: {name: t, description: [1, 2], samples: 10, seed: 1, first_year: 2020, last_year: 2025}\n";
         },
         "run.description: expected text, found a list"},
        {"", [](test::ScenarioText& s) { s.extra_class_fields = "    description: {x: 1}\n"; },
         "classes.c.description: expected text, found a map"},
        {"", [](test::ScenarioText& s) { s.shipments = "{source: {x: 1}, devices: {2020: 100, 2025: 200}}"; },
         "classes.c.shipments.source: expected text, found a map"},
        {"", [](test::ScenarioText& s) { s.shipments = "{note: [1], devices: {2020: 100, 2025: 200}}"; },
         "classes.c.shipments.note: expected text, found a list"},
    };
    for (const Case& c : cases) {
        test::ScenarioText scenario;
        c.edit(scenario);
        INFO(c.message);
        CHECK_THAT(test::input_error_of(c.top + scenario.text()), Contains(c.message));
    }
    // A number or quoted text with a comma is text.
    test::ScenarioText text;
    text.shipments = "{note: 12, source: \"a, b\", devices: {2020: 100, 2025: 200}}";
    CHECK_NOTHROW(test::parse_text("description: plain words\n" + text.text()));
}

TEST_CASE("a fixed parameter cannot be correlated", "[scenario][errors]") {
    test::ScenarioText t;
    t.parameters = "  a: {unit: kg CO2e/device-year, scope: global, distribution: {type: uniform, min: 0, max: 1}}\n"
                   "  b: {unit: kg CO2e/device-year, scope: global, distribution: {type: fixed, value: 1}}\n";
    t.extra_class_fields = "    offset_kg_per_device_year: a\n";
    const std::string correlations = "correlations:\n  parameters: [a, b]\n  matrix: [[1, 0.5], [0.5, 1]]\n";
    CHECK_THAT(test::input_error_of(t.text() + correlations),
               Contains("test.yaml:18:19: error: correlations.parameters[1]: 'b' is fixed"));
    const std::string uniform = "distribution: {type: uniform, min: 0, max: 2}";
    t.parameters.replace(t.parameters.find("distribution: {type: fixed, value: 1}"), 37, uniform);
    CHECK_NOTHROW(test::parse_text(t.text() + correlations));
}

TEST_CASE("a market block that no class takes a share of is refused", "[scenario][errors]") {
    test::ScenarioText t;
    const std::string market = "market:\n  total: {devices: {2020: 1.0e9}}\n";
    CHECK_THAT(test::input_error_of(t.text() + market),
               Contains("test.yaml:14:3: error: market: no class takes a market_share"));
    t.shipments = "{market_share: 1}";
    CHECK_NOTHROW(test::parse_text(t.text() + market));
}
