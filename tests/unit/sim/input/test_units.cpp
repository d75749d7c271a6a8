// Units: the unit system (UDUNITS-2 with models/data/units.yaml), each
// field's canonical unit, and the conversion of parameters to it when a
// scenario is read.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "models/fleet/fleet_metrics.h"
#include "sim/input/bom_catalogue.h"
#include "scenario_text.h"
#include "sim/input/scenario_fields.h"
#include "sim/input/unit_system.h"

using namespace tinyfleet;
using Catch::Contains;

namespace {

double factor(const std::string& from, const std::string& to) {
    const auto c = unit_conversion(from, to);
    REQUIRE(c.has_value());
    return c->factor;
}

// A scenario whose grid intensity, active power, die area and casing block
// are parameters g, p, a and m.
std::string scenario_with(const std::string& parameters) {
    test::ScenarioText t;
    t.parameters = parameters;
    t.grid_intensity = "g";
    t.bom = " {casing: m}\n";
    t.power = "{active_w: p, duty_cycle: 1.0}";
    t.extra_class_fields = "    mcu: {die_area_mm2: a, carbon_per_area_kg_per_cm2: 1.2}\n";
    return t.text();
}

const ParameterSpec& parameter(const Scenario& s, const std::string& name) { return s.parameters[s.parameters.find(name)]; }

}  // namespace

TEST_CASE("unit system: the project's units and conversions", "[units]") {
    for (const char* unit : {"kg CO2e", "g CO2e/kWh", "t CO2e", "kt CO2e", "Mt CO2e", "kWh", "mAh", "devices",
                             "kg CO2e/device-year", "kWh/device-years", "ICs", "parts", "cycles", "runs", "mm2", "1/year",
                             "kg CO2e/(t km)", "1"})
        CHECK_FALSE(unit_problem(unit).has_value());
    CHECK_THAT(*unit_problem("furlongz"), Contains("unknown unit"));
    CHECK_THAT(*unit_problem(""), Contains("empty unit"));
    CHECK(unit_problem(std::string(300, 'm')).has_value());
    // UDUNITS-2 alone takes "kg)" for kg: parentheses are checked first.
    CHECK_THAT(*unit_problem("kg CO2e/kWh)"), Contains("unbalanced parentheses"));
    CHECK_THAT(*unit_problem("(kg CO2e/kWh"), Contains("unbalanced parentheses"));
    CHECK_FALSE(unit_problem("kg CO2e/(kWh)").has_value());

    CHECK(factor("g CO2e/kWh", "kg CO2e/kWh") == Approx(1e-3).epsilon(1e-15));
    CHECK(factor("kt CO2e", "kg CO2e") == Approx(1e6).epsilon(1e-15));      // kilotonne, not the knot
    CHECK(factor("mW", "W") == Approx(1e-3).epsilon(1e-15));
    CHECK(factor("cm2", "mm2") == Approx(100).epsilon(1e-15));
    CHECK(factor("t", "kg") == Approx(1000).epsilon(1e-15));
    CHECK(factor("kWh/device-year", "Wh/device-year") == Approx(1000).epsilon(1e-15));
    CHECK(factor("kg CO2e/device-year", "kg CO2e/year") == 1.0);            // a device-year is a year of one device
    CHECK(factor("cycles", "1") == 1.0);                                     // a count, not 2 pi rad
    CHECK(factor("%", "1") == Approx(0.01).epsilon(1e-15));
    CHECK(unit_conversion("years", "year")->identity);
    CHECK(unit_conversion("devices", "1")->identity);

    CHECK_FALSE(unit_conversion("kg", "kg CO2e").has_value());              // CO2e is a dimension of its own
    CHECK_FALSE(unit_conversion("furlongs", "mm2").has_value());
    CHECK_FALSE(unit_conversion("kWh", "W").has_value());
    CHECK_FALSE(unit_conversion("degC", "K").has_value());                  // an offset, not a factor
    CHECK_THROWS_AS(unit_conversion("furlongz", "m"), std::logic_error);
}

TEST_CASE("unit system: parsing from many threads at once", "[units]") {
    std::vector<std::thread> threads;
    std::vector<int> wrong(8, 0);
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([t, &wrong] {
            for (int i = 0; i < 200; ++i)
                if (!unit_conversion("g CO2e/kWh", "kg CO2e/kWh") || unit_problem("kg CO2e/device-year")) ++wrong[t];
        });
    for (auto& th : threads) th.join();
    for (int w : wrong) CHECK(w == 0);
}

TEST_CASE("every field's unit and every metric's unit is a unit of the unit system", "[units]") {
    for (const ScenarioField& f : scenario_field_catalogue()) {
        INFO(f.path);
        CHECK_FALSE(unit_problem(f.unit).has_value());
    }
    for (const BlockModelSpec& m : block_model_catalogue())
        for (const BlockArgument& a : m.arguments) {
            INFO(m.name << "." << a.name);
            CHECK_FALSE(unit_problem(a.unit).has_value());
        }
    for (const auto& metric : models::metric_info) {
        INFO(metric.name);
        CHECK_FALSE(unit_problem(metric.units).has_value());
    }
}

TEST_CASE("docs/scenario-format.md lists every field with its unit", "[units][docs]") {
    std::ifstream in(TINYFLEET_SOURCE_DIR "/docs/scenario-format.md");
    std::stringstream text;
    text << in.rdbuf();
    const std::string doc = text.str();
    for (const ScenarioField& f : scenario_field_catalogue()) {
        const std::string row = std::string("| `") + f.path + "` | `" + f.unit + "` |";
        INFO(row);
        CHECK(doc.find(row) != std::string::npos);
    }
    for (const BlockModelSpec& m : block_model_catalogue())
        for (const BlockArgument& a : m.arguments) {
            const std::string row = std::string("| `") + m.name + "." + a.name + "` | `" + a.unit + "` |";
            INFO(row);
            CHECK(doc.find(row) != std::string::npos);
        }
}

TEST_CASE("parameters are converted to their field's unit once, when the scenario is read", "[units][scenario]") {
    const std::string canonical = scenario_with(
        "  g: {unit: kg CO2e/kWh, scope: global, distribution: {type: triangular, min: 0.25, mode: 0.4, max: 0.9}}\n"
        "  p: {unit: W, scope: device, distribution: {type: lognormal, median: 0.002, gsd: 2.0}}\n"
        "  a: {unit: mm2, scope: global, distribution: {type: uniform, min: 5, max: 20}, nominal: 10}\n"
        "  m: {unit: kg CO2e, scope: global, distribution: {type: gamma, shape: 2.0, scale: 0.5}}\n");
    const std::string other = scenario_with(
        "  g: {unit: g CO2e/kWh, scope: global, distribution: {type: triangular, min: 250, mode: 400, max: 900}}\n"
        "  p: {unit: mW, scope: device, distribution: {type: lognormal, median: 2, gsd: 2.0}}\n"
        "  a: {unit: cm2, scope: global, distribution: {type: uniform, min: 0.05, max: 0.2}, nominal: 0.1}\n"
        "  m: {unit: t CO2e, scope: global, distribution: {type: gamma, shape: 2.0, scale: 0.0005}}\n");
    const Scenario a = test::parse_text(canonical), b = test::parse_text(other);
    for (const char* name : {"g", "p", "a", "m"}) {
        INFO(name);
        const ParameterSpec &x = parameter(a, name), &y = parameter(b, name);
        CHECK(y.unit == x.unit);       // the values are now in the field's unit
        CHECK(y.declared_unit != x.declared_unit);
        REQUIRE(y.arguments.size() == x.arguments.size());
        for (std::size_t k = 0; k < x.arguments.size(); ++k) CHECK(y.arguments[k].value == Approx(x.arguments[k].value).epsilon(1e-12));
        const auto& rx = a.parameters.ranges()[std::size_t(a.parameters.find(name))];
        const auto& ry = b.parameters.ranges()[std::size_t(b.parameters.find(name))];
        CHECK(ry.min == Approx(rx.min).epsilon(1e-12));
        CHECK(ry.max == Approx(rx.max).epsilon(1e-12));
        CHECK(y.constant_distribution.quantile(0.3) == Approx(x.constant_distribution.quantile(0.3)).epsilon(1e-12));
    }
    CHECK(parameter(b, "a").nominal == Approx(10).epsilon(1e-12));
    CHECK(parameter(b, "p").arguments[1].value == 2.0);    // gsd is a ratio: unchanged
    CHECK(parameter(b, "m").arguments[0].value == 2.0);    // gamma's shape: unchanged
    // A unit that names the canonical unit leaves the values as written, bit for bit.
    const Scenario c = test::parse_text(scenario_with(
        "  g: {unit: kg CO2e/kWh, scope: global, distribution: {type: fixed, value: 0.1}}\n"
        "  p: {unit: W, scope: global, distribution: {type: fixed, value: 0.3}}\n"
        "  a: {unit: mm2, scope: global, distribution: {type: fixed, value: 0.7}}\n"
        "  m: {unit: kg CO2e, scope: global, distribution: {type: fixed, value: 0.3}}\n"));
    CHECK(parameter(c, "g").arguments[0].value == 0.1);
    CHECK(parameter(c, "g").unit == "kg CO2e/kWh");
}

TEST_CASE("a parameter referred to by another takes that parameter's unit", "[units][scenario]") {
    // cpa in g CO2e/cm2 is the mean of die (kg CO2e/cm2 after conversion): cpa must reach kg CO2e/cm2 too.
    test::ScenarioText t;
    t.parameters =
        "  cpa: {unit: g CO2e/cm2, scope: global, distribution: {type: fixed, value: 1200}}\n"
        "  die: {unit: kg CO2e/cm2, scope: global, distribution: {type: uniform, min: cpa, max: 2.0}}\n"
        "  spread: {unit: \"1\", scope: global, distribution: {type: fixed, value: 1.5}}\n"
        "  p: {unit: mW, scope: global, distribution: {type: lognormal, median: 2, gsd: spread}}\n";
    t.bom = " {casing: 0.3}\n";
    t.power = "{active_w: p, duty_cycle: 1.0}";
    t.extra_class_fields = "    mcu: {die_area_mm2: 10, carbon_per_area_kg_per_cm2: die}\n";
    const Scenario s = test::parse_text(t.text());
    CHECK(parameter(s, "cpa").arguments[0].value == Approx(1.2).epsilon(1e-12));
    CHECK(parameter(s, "cpa").unit == "kg CO2e/cm2");
    CHECK(parameter(s, "spread").arguments[0].value == 1.5);
    CHECK(parameter(s, "p").arguments[0].value == Approx(0.002).epsilon(1e-12));
}

TEST_CASE("units that do not fit their field are input errors at the parameter's unit", "[units][scenario][errors]") {
    const std::string good_g = "  g: {unit: kg CO2e/kWh, scope: global, distribution: {type: fixed, value: 0.4}}\n";
    const std::string good_p = "  p: {unit: W, scope: global, distribution: {type: fixed, value: 0.002}}\n";
    const std::string good_a = "  a: {unit: mm2, scope: global, distribution: {type: fixed, value: 10}}\n";
    const std::string good_m = "  m: {unit: kg CO2e, scope: global, distribution: {type: fixed, value: 0.3}}\n";
    // Parameters start at line 3 in the order given: g, p, a, m.
    CHECK_THAT(test::input_error_of(scenario_with(good_g + good_p +
                                      "  a: {unit: furlongs, scope: global, distribution: {type: fixed, value: 1e-6}}\n" + good_m)),
               Contains("test.yaml:5:13: error: parameters.a.unit: unit 'furlongs' of parameter 'a' cannot be converted to "
                        "'mm2', the unit of classes.c.mcu.die_area_mm2"));
    CHECK_THAT(test::input_error_of(scenario_with(good_g + "  p: {unit: kWh, scope: global, distribution: {type: fixed, value: 1}}\n" +
                                      good_a + good_m)),
               Contains("test.yaml:4:13: error: parameters.p.unit: unit 'kWh'") &&
                   Contains("'W', the unit of classes.c.power.active_w"));
    CHECK_THAT(test::input_error_of(scenario_with("  g: {unit: kg, scope: global, distribution: {type: fixed, value: 0.4}}\n" + good_p +
                                      good_a + good_m)),
               Contains("test.yaml:3:13: error: parameters.g.unit: unit 'kg'") &&
                   Contains("'kg CO2e/kWh', the unit of grid.regions.world.intensity_kg_per_kwh"));
    CHECK_THAT(test::input_error_of(scenario_with(good_g + "  p: {scope: global, distribution: {type: fixed, value: 1}}\n" + good_a + good_m)),
               Contains("parameters.p.unit: parameter 'p' has no unit (required): add unit: W (the unit of classes.c.power.active_w)"));
    CHECK_THAT(test::input_error_of(scenario_with(good_g + "  p: {unit: wat, scope: global, distribution: {type: fixed, value: 1}}\n" +
                                      good_a + good_m)),
               Contains("test.yaml:4:13: error: parameters.p.unit: 'wat' contains an unknown unit"));
}

TEST_CASE("a parameter used by fields of two dimensions, or in two units, is an input error", "[units][scenario][errors]") {
    const std::string params =
        "  g: {unit: kg CO2e/kWh, scope: global, distribution: {type: fixed, value: 0.4}}\n"
        "  p: {unit: W, scope: global, distribution: {type: fixed, value: 0.002}}\n"
        "  a: {unit: mm2, scope: global, distribution: {type: fixed, value: 10}}\n"
        "  m: {unit: kg CO2e, scope: global, distribution: {type: fixed, value: 0.3}}\n";
    std::string two_dimensions = scenario_with(params);
    two_dimensions.replace(two_dimensions.find("lifetime_years: 3"), 17, "lifetime_years: p");
    CHECK_THAT(test::input_error_of(two_dimensions),
               Contains("parameters.p.unit: parameter 'p' is used by fields of two dimensions: classes.c.power.active_w (W) "
                        "and classes.c.lifetime_years (year)"));
    // kg CO2e for a block and for an IC's packaging in g CO2e: one dimension, two units.
    std::string two_units = scenario_with(params);
    two_units.replace(two_units.find("bom: {casing: m}"), 16,
                      "bom: {casing: m, ic: {model: ic, die_area_mm2: 5, node: 28nm, packaging_g_per_ic: m}}\n"
                      "    intended_overlap: [ic]");  // the mcu: term and the IC block both, on purpose
    CHECK_THAT(test::input_error_of(two_units), Contains("parameter 'm' is used by fields in two units"));
}
