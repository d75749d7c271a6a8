// Scenario parsing: the valid scenarios parse, and every class of bad input
// gives an InputError naming the file, line, column and field path.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "scenario_text.h"

using namespace tinyfleet;
using Catch::Contains;

namespace {

const char* base_run = R"(run:
  name: t
  samples: 10
  seed: 1
  first_year: 2020
  last_year: 2025
)";

// A minimal valid scenario; `parameters` and class fields are spliced in.
std::string scenario_text(const std::string& parameters, const std::string& extra_class_fields = "",
                          const std::string& run = base_run) {
    test::ScenarioText t;
    t.run = run;
    t.parameters = parameters;
    t.extra_class_fields = extra_class_fields;
    return t.text();
}

const std::string ok_param = "  x: {unit: kg CO2e/device-year, scope: global, distribution: {type: fixed, value: 1}}\n";

}  // namespace

TEST_CASE("the shipped scenarios parse", "[scenario]") {
    for (const char* path : {TINYFLEET_SOURCE_DIR "/scenarios/global_baseline.yaml", TEST_DATA_DIR "/small.yaml"}) {
        INFO(path);
        const Scenario s = parse_scenario(load_yaml_file(path));
        CHECK(s.run.samples > 0);
        CHECK(!s.classes.empty());
    }
    const Scenario s = parse_scenario(load_yaml_file(TEST_DATA_DIR "/small.yaml"));
    CHECK(s.run.name == "small");
    CHECK(s.run.year_count() == 8);
    REQUIRE(s.classes.size() == 2);
    CHECK(s.classes[1].shipment_share.value == 0.5);
    const int cpa = s.parameters.find("cpa_bounded");
    REQUIRE(cpa >= 0);
    CHECK(s.parameters[cpa].has_references);
    CHECK(s.parameters[s.parameters.find("lifetime")].scope == Scope::device);
}

TEST_CASE("a minimal scenario parses and numbers may reference parameters", "[scenario]") {
    const Scenario s = test::parse_text(scenario_text(ok_param, "    offset_kg_per_device_year: x\n"));
    CHECK(s.classes[0].offset.direct_kg.parameter == s.parameters.find("x"));
    CHECK(s.classes[0].lifetime_years.value == 3);
}

TEST_CASE("invalid YAML reports line and column", "[scenario][errors]") {
    const std::string msg = test::input_error_of("run:\n  name: [unclosed\n");
    CHECK_THAT(msg, Contains("test.yaml:") && Contains("invalid YAML"));
}

TEST_CASE("unknown keys are rejected with a suggestion", "[scenario][errors]") {
    std::string text = scenario_text(ok_param);
    text.replace(text.find("  samples:"), 10, "  sampels:");
    const std::string msg = test::input_error_of(text);
    CHECK_THAT(msg, Contains("test.yaml:3:3") && Contains("run.sampels") && Contains("unknown field") &&
                        Contains("did you mean 'samples'"));
    const std::string msg2 = test::input_error_of(scenario_text(ok_param, "    lifetme_years: 3\n"));
    CHECK_THAT(msg2, Contains("classes.c.lifetme_years") && Contains("did you mean 'lifetime_years'"));
}

TEST_CASE("missing required fields are named", "[scenario][errors]") {
    std::string text = scenario_text(ok_param);
    text.erase(text.find("    mass_kg: 0.1\n"), 16);
    CHECK_THAT(test::input_error_of(text), Contains("classes.c.mass_kg") && Contains("required field is missing") &&
                                   Contains("test.yaml:"));
    CHECK_THAT(test::input_error_of(scenario_text("  x: {scope: global, distribution: {type: fixed, value: 1}}\n")),
               Contains("parameters.x.unit") && Contains("required"));
}

TEST_CASE("wrong types are reported with what was expected", "[scenario][errors]") {
    std::string text = scenario_text(ok_param);
    text.replace(text.find("samples: 10"), 11, "samples: many");
    CHECK_THAT(test::input_error_of(text), Contains("test.yaml:3:12") && Contains("run.samples") && Contains("expected a number"));
    std::string text2 = scenario_text(ok_param);
    text2.replace(text2.find("samples: 10"), 11, "samples: 2.5");
    CHECK_THAT(test::input_error_of(text2), Contains("expected a whole number"));
    CHECK_THAT(test::input_error_of(scenario_text(ok_param, "    offset_kg_per_device_year: [1, 2]\n")),
               Contains("classes.c.offset_kg_per_device_year") && Contains("found a list"));
    std::string text3 = scenario_text(ok_param);
    text3.replace(text3.find("samples: 10"), 11, "samples: 1e30");
    CHECK_THAT(test::input_error_of(text3), Contains("run.samples") && Contains("must be between 1 and"));
}

TEST_CASE("invalid distribution parameters are rejected at their place", "[scenario][errors]") {
    auto param = [](const std::string& dist) {
        return "  x: {unit: kg, scope: global, distribution: " + dist + "}\n";
    };
    CHECK_THAT(test::input_error_of(scenario_text(param("{type: normal, mean: 1, sd: -1}"))),
               Contains("test.yaml:8:") && Contains("parameters.x.distribution") && Contains("sd"));
    CHECK_THAT(test::input_error_of(scenario_text(param("{type: uniform, min: 5, max: 2}"))), Contains("min") && Contains("max"));
    CHECK_THAT(test::input_error_of(scenario_text(param("{type: discrete, values: [1, 2], weights: [0, 0]}"))),
               Contains("weights"));
    CHECK_THAT(test::input_error_of(scenario_text(param("{type: discrete, values: [1, 2], weights: [1]}"))),
               Contains("expected 2 weights"));
    CHECK_THAT(test::input_error_of(scenario_text(param("{type: lognormal, median: 0, gsd: 2}"))), Contains("median"));
    CHECK_THAT(test::input_error_of(scenario_text(param("{type: lognormal, median: -1, gsd: 2}"))), Contains("median"));
    CHECK_THAT(test::input_error_of(scenario_text(param("{type: normall, mean: 1, sd: 1}"))),
               Contains("unknown distribution 'normall'") && Contains("did you mean 'normal'"));
    CHECK_THAT(test::input_error_of(scenario_text(param("{type: triangular, min: 0, max: 1}"))),
               Contains("parameters.x.distribution.mode") && Contains("required"));
    CHECK_THAT(test::input_error_of(scenario_text("  x: {unit: kg, scope: local, distribution: {type: fixed, value: 1}}\n")),
               Contains("parameters.x.scope") && Contains("'global' or 'device'"));
}

TEST_CASE("a field's domain is checked against the distribution it uses", "[scenario][errors]") {
    const std::string p = "  d: {unit: '1', scope: device, distribution: {type: normal, mean: 0.5, sd: 0.1}}\n";
    std::string text = scenario_text(p);
    text.replace(text.find("duty_cycle: 1.0"), 15, "duty_cycle: d");
    CHECK_THAT(test::input_error_of(text), Contains("classes.c.power.duty_cycle") && Contains("parameter 'd' (normal)") &&
                                   Contains("between 0"));
    std::string text2 = scenario_text(ok_param);
    text2.replace(text2.find("duty_cycle: 1.0"), 15, "duty_cycle: 1.5");
    CHECK_THAT(test::input_error_of(text2), Contains("classes.c.power.duty_cycle") && Contains("found 1.5"));
}

TEST_CASE("references to undefined parameters are named, with a suggestion", "[scenario][errors]") {
    const std::string msg = test::input_error_of(scenario_text(ok_param, "    offset_kg_per_device_year: y\n"));
    CHECK_THAT(msg, Contains("classes.c.offset_kg_per_device_year") && Contains("'y' is neither a number nor a defined parameter"));
    const std::string params = "  offset_rate: {unit: kg, scope: global, distribution: {type: fixed, value: 1}}\n";
    CHECK_THAT(test::input_error_of(scenario_text(params, "    offset_kg_per_device_year: offset_rat\n")),
               Contains("did you mean 'offset_rate'"));
    CHECK_THAT(test::input_error_of(scenario_text("  x: {unit: kg, scope: global, distribution: {type: normal, mean: nope, sd: 1}}\n")),
               Contains("parameters.x.distribution.mean") && Contains("'nope'"));
}

TEST_CASE("cyclic references between parameters are refused, naming the cycle", "[scenario][errors]") {
    const std::string params =
        "  a: {unit: kg, scope: global, distribution: {type: normal, mean: b, sd: 1}}\n"
        "  b: {unit: kg, scope: global, distribution: {type: normal, mean: c, sd: 1}}\n"
        "  c: {unit: kg, scope: global, distribution: {type: uniform, min: 0, max: a}}\n";
    const std::string msg = test::input_error_of(scenario_text(params));
    CHECK_THAT(msg, Contains("cyclic reference") && Contains("a -> b -> c -> a"));
    CHECK_THAT(test::input_error_of(scenario_text("  a: {unit: kg, scope: global, distribution: {type: normal, mean: a, sd: 1}}\n")),
               Contains("a -> a"));
}

TEST_CASE("device-scope parameters cannot drive other distributions", "[scenario][errors]") {
    const std::string params =
        "  d: {unit: kg, scope: device, distribution: {type: uniform, min: 0, max: 1}}\n"
        "  g: {unit: kg, scope: global, distribution: {type: normal, mean: d, sd: 1}}\n";
    CHECK_THAT(test::input_error_of(scenario_text(params)), Contains("device-scope parameter"));
}

TEST_CASE("years out of order are refused", "[scenario][errors]") {
    std::string text = scenario_text(ok_param);
    text.replace(text.find("last_year: 2025"), 15, "last_year: 2019");
    CHECK_THAT(test::input_error_of(text), Contains("run.last_year") && Contains("years out of order"));
    std::string text2 = scenario_text(ok_param);
    text2.replace(text2.find("{2020: 100, 2025: 200}"), 22, "{2025: 100, 2020: 200}");
    CHECK_THAT(test::input_error_of(text2), Contains("classes.c.shipments.devices.2020") && Contains("years out of order"));
}

TEST_CASE("unknown regions are named", "[scenario][errors]") {
    std::string text = scenario_text(ok_param);
    text.replace(text.find("region: world"), 13, "region: wrold");
    CHECK_THAT(test::input_error_of(text), Contains("classes.c.region") && Contains("did you mean 'world'"));
}

TEST_CASE("overrides (--set) change scalars and report their own errors", "[scenario][override]") {
    YamlDocument doc = load_yaml_text(scenario_text(ok_param), "test.yaml");
    apply_override(doc, "run.samples=77");
    apply_override(doc, "classes.c.power.duty_cycle=0.25");
    apply_override(doc, "classes.c.offset_kg_per_device_year=x");  // a new key in an existing map
    const Scenario s = parse_scenario(doc);
    CHECK(s.run.samples == 77);
    CHECK(s.classes[0].duty_cycle.value == 0.25);
    CHECK(s.classes[0].offset.direct_kg.parameter == s.parameters.find("x"));

    YamlDocument d2 = load_yaml_text(scenario_text(ok_param), "test.yaml");
    CHECK_THROWS_WITH(apply_override(d2, "run.smaples.x=3"), Contains("did you mean 'samples'"));
    CHECK_THROWS_WITH(apply_override(d2, "classes.c=3"), Contains("only scalar values"));
    CHECK_THROWS_WITH(apply_override(d2, "run.samples"), Contains("expected path=value"));
    apply_override(d2, "run.samples=-5");
    try {
        parse_scenario(d2);
        FAIL("expected an error");
    } catch (const InputError& e) {
        CHECK_THAT(std::string(e.what()), Contains("--set run.samples") && Contains("must be between"));
    }
}

TEST_CASE("counts of classes and parameters are bounded", "[scenario][errors][limits]") {
    std::string classes = "classes:\n";
    for (int i = 0; i < 1001; ++i)
        classes += "  c" + std::to_string(i) + ": {bom: {x: 1}, power: {active_w: 0, duty_cycle: 0}, lifetime_years: 1, "
                   "mass_kg: 0, region: world, shipments: {devices: {2020: 1}}}\n";
    const std::string text = std::string(base_run) + "grid: {regions: {world: {base_year: 2020, intensity_kg_per_kwh: 0.4}}}\n" + classes;
    CHECK_THAT(test::input_error_of(text), Contains("classes: has 1001 entries; at most 1000"));
    std::string params;
    for (int i = 0; i < 10001; ++i)
        params += "  p" + std::to_string(i) + ": {unit: kg, scope: global, distribution: {type: fixed, value: 1}}\n";
    CHECK_THAT(test::input_error_of(scenario_text(params)), Contains("parameters: has 10001 entries; at most 10000"));
}

namespace {
// The line (1-based) of the first occurrence of `what` in `text`.
std::string line_of(const std::string& text, const std::string& what) {
    const std::size_t at = text.find(what);
    return std::to_string(1 + std::count(text.begin(), text.begin() + std::ptrdiff_t(at), '\n'));
}
}  // namespace

TEST_CASE("an offset cap is read as addressable / per device", "[scenario][cap]") {
    const std::string params = ok_param + "  area: {unit: \"1\", scope: global, distribution: {type: uniform, min: 1e9, max: 2e9}}\n";
    const Scenario s = test::parse_text(scenario_text(
        params, "    offset:\n      direct_kg_per_device_year: x\n      cap: {addressable: area, per_device: 2.5, unit: ha}\n"));
    const OffsetModel& o = s.classes[0].offset;
    CHECK(o.has_cap);
    CHECK(o.cap_addressable.parameter == s.parameters.find("area"));
    CHECK(o.cap_per_device.value == 2.5);
    CHECK(o.cap_unit == "ha");
    CHECK_FALSE(test::parse_text(scenario_text(ok_param)).classes[0].offset.has_cap);
}

TEST_CASE("a bad offset cap is an input error at its line and column", "[scenario][cap][errors]") {
    auto with_cap = [](const std::string& cap) {
        return scenario_text(ok_param, "    offset:\n      direct_kg_per_device_year: x\n      cap: " + cap + "\n");
    };
    const std::string zero = with_cap("{addressable: 1e9, per_device: 0, unit: ha}");
    CHECK_THAT(test::input_error_of(zero), Contains("test.yaml:" + line_of(zero, "cap:") + ":") &&
                                   Contains("classes.c.offset.cap.per_device") && Contains("must be"));
    CHECK_THAT(test::input_error_of(with_cap("{addressable: -1, per_device: 1, unit: ha}")),
               Contains("classes.c.offset.cap.addressable") && Contains("must be"));
    CHECK_THAT(test::input_error_of(with_cap("{addressable: 1e9, per_device: 1}")),
               Contains("classes.c.offset.cap") && Contains("unit"));
    CHECK_THAT(test::input_error_of(with_cap("{addressable: 1e9, per_devise: 1, unit: ha}")),
               Contains("classes.c.offset.cap") && Contains("per_devise"));
    CHECK_THAT(test::input_error_of(with_cap("1e9")), Contains("classes.c.offset.cap") && Contains("must be a map"));
}
