// Inputs that combine into a quantity with a bound of its own (a region's
// grid path, the all-MCU path, a computed die yield, a battery's cell count,
// region weights) are checked when the scenario is read, at the extreme values
// of their inputs over the simulated years (docs/scenario-format.md, "Ranges"),
// so that valid-looking inputs never turn into inf or NaN.
#include <catch2/catch.hpp>

#include <string>

#include "scenario_text.h"

using namespace tinyfleet;
using Catch::Contains;

namespace {

// The test scenario with its region's base year, intensity and decline, and its run years.
std::string with_region(const std::string& region, int first_year, int last_year, const std::string& parameters = "") {
    test::ScenarioText t;
    t.run = "run: {name: t, samples: 10, seed: 1, first_year: " + std::to_string(first_year) +
            ", last_year: " + std::to_string(last_year) + "}\n";
    t.parameters = parameters;
    std::string text = t.text();
    const std::string plain = "{base_year: 2020, intensity_kg_per_kwh: 0.4}";
    return text.replace(text.find(plain), plain.size(), region);
}

std::string parameter(const std::string& name, const std::string& unit, const std::string& distribution,
                      const std::string& nominal = "") {
    return "  " + name + ": {unit: \"" + unit + "\", scope: global" + (nominal.empty() ? "" : ", nominal: " + nominal) +
           ", distribution: " + distribution + "}\n";
}

std::string with_bom(const std::string& bom, const std::string& parameters = "") {
    test::ScenarioText t;
    t.parameters = parameters;
    t.bom = " " + bom + "\n";
    return t.text();
}

}  // namespace

TEST_CASE("a region's intensity path stays within 0 ... 10 kg CO2e/kWh in every simulated year", "[scenario][ranges]") {
    // Decline 1 before the base year: 0.4 x 0^-5.
    CHECK_THAT(test::input_error_of(
                   with_region("{base_year: 2025, intensity_kg_per_kwh: 0.4, decline_per_year: 1}", 2020, 2030)),
               Contains("test.yaml:4:75: error: grid.regions.world.decline_per_year: can carry the intensity to inf"));
    // The same decline from the base year on: the intensity only falls.
    CHECK_NOTHROW(test::parse_text(
        with_region("{base_year: 2025, intensity_kg_per_kwh: 0.4, decline_per_year: 1}", 2025, 2030)));
    // A decline drawn up to 0.5: 0.4 x 0.5^-5 = 12.8 in 2020, above 10; up to 0.3: 0.4 x 0.7^-5 = 2.4.
    const std::string up_to_half = parameter("d", "1/year", "{type: uniform, min: 0, max: 0.5}");
    CHECK_THAT(test::input_error_of(with_region("{base_year: 2025, intensity_kg_per_kwh: 0.4, decline_per_year: d}",
                                                2020, 2030, up_to_half)),
               Contains("decline_per_year: can carry the intensity to 12.8 kg CO2e/kWh"));
    CHECK_NOTHROW(test::parse_text(with_region("{base_year: 2025, intensity_kg_per_kwh: 0.4, decline_per_year: d}", 2020,
                                               2030, parameter("d", "1/year", "{type: uniform, min: 0, max: 0.3}"))));
    // The nominal value counts too (point evaluates it).
    CHECK_THAT(test::input_error_of(with_region("{base_year: 2025, intensity_kg_per_kwh: 0.4, decline_per_year: d}",
                                                2020, 2030,
                                                parameter("d", "1/year", "{type: uniform, min: 0, max: 0.3}", "1"))),
               Contains("decline_per_year: can carry the intensity to inf"));
    // A grid that gets dirtier after the base year: 0.4 x 2^5 = 12.8 by 2025, 0.4 x 2^3 = 3.2 by 2023.
    CHECK_THAT(test::input_error_of(
                   with_region("{base_year: 2020, intensity_kg_per_kwh: 0.4, decline_per_year: -1}", 2020, 2025)),
               Contains("can carry the intensity to 12.8 kg CO2e/kWh between 2020 and 2025"));
    CHECK_NOTHROW(test::parse_text(
        with_region("{base_year: 2020, intensity_kg_per_kwh: 0.4, decline_per_year: -1}", 2020, 2023)));
}

TEST_CASE("all-MCU shipments stay within 10^14 devices per year in every simulated year", "[scenario][ranges]") {
    const auto with_cap = [](const std::string& cap, int last_year, const std::string& parameters = "") {
        test::ScenarioText t;
        t.run = "run: {name: t, samples: 10, seed: 1, first_year: 2020, last_year: " + std::to_string(last_year) + "}\n";
        t.parameters = parameters;
        t.shipments = "{market_share: 1}";
        std::string text = t.text();
        return text.replace(text.find("grid:"), 0, "market:\n  total: {devices: {2020: 1e9}}\n  cap: " + cap + "\n");
    };
    // Growth -1 before the base year: 0^-5 (and max_share 0 x inf would be NaN).
    CHECK_THAT(test::input_error_of(
                   with_cap("{mcu_shipments: 1e10, base_year: 2025, growth_per_year: -1, max_share: 0}", 2030)),
               Contains("market.cap.growth_per_year: can carry all-MCU shipments to inf"));
    CHECK_THAT(test::input_error_of(with_cap("{mcu_shipments: 1e10, base_year: 2025, growth_per_year: g, max_share: 0.5}",
                                             2030, parameter("g", "1/year", "{type: uniform, min: -1, max: 0}"))),
               Contains("market.cap.growth_per_year: can carry all-MCU shipments to inf"));
    // 1e13 x 1.5^5 = 7.6e13 by 2025 is within the bound; 1e13 x 1.5^10 = 5.8e14 by 2030 is not.
    CHECK_NOTHROW(test::parse_text(
        with_cap("{mcu_shipments: 1e13, base_year: 2020, growth_per_year: 0.5, max_share: 0.5}", 2025)));
    CHECK_THAT(test::input_error_of(
                   with_cap("{mcu_shipments: 1e13, base_year: 2020, growth_per_year: 0.5, max_share: 0.5}", 2030)),
               Contains("can carry all-MCU shipments to 5.7665e+14 devices per year between 2020 and 2030"));
}

TEST_CASE("a computed die yield has the lower bound of a given yield (1e-9)", "[scenario][ranges][ic]") {
    const auto ic = [](const std::string& area, const std::string& model, const std::string& density) {
        return "{ic: {model: ic, node: 28nm, die_area_mm2: " + area + ", yield_model: " + model +
               ", defect_density_per_cm2: " + density + "}}";
    };
    // Murphy falls as 1/x^2: 4e-6 at the largest area (50 cm2) and density (10/cm2).
    CHECK_NOTHROW(test::parse_text(with_bom(ic("5000", "murphy", "10"))));
    // Negative binomial (alpha 10): (1 + 500/10)^-10 = 8e-18.
    CHECK_THAT(test::input_error_of(with_bom(ic("5000", "negative_binomial", "10"))),
               Contains("classes.c.bom.ic.yield_model: gives a die yield of 8.4") && Contains("below the bound of yield (1e-09)"));
    // Poisson: exp(-3 cm2 x 10/cm2) = 9e-14 at the largest density drawn; exp(-2 x 10) = 2e-9 passes.
    const std::string density = parameter("d0", "1/cm2", "{type: uniform, min: 0, max: 10}");
    CHECK_THAT(test::input_error_of(with_bom(ic("300", "poisson", "d0"), density)),
               Contains("gives a die yield of 9.35762e-14 at die_area_mm2 300 and defect_density_per_cm2 10"));
    CHECK_NOTHROW(test::parse_text(with_bom(ic("200", "poisson", "d0"), density)));
}

TEST_CASE("a battery's capacity and cycle life keep its cell count finite", "[scenario][ranges][battery]") {
    const auto battery = [](const std::string& fields) {
        return "{battery: {model: battery, kg_co2e_per_kwh: 100, " + fields + "}}";
    };
    CHECK_THAT(test::input_error_of(with_bom(battery("capacity_wh: 1e-300, cycle_life: 1"))),
               Contains("classes.c.bom.battery.capacity_wh: must be between 1e-06 and 1e+07 Wh, found 1e-300"));
    CHECK_THAT(test::input_error_of(with_bom(battery("capacity_wh: 0"))),
               Contains("classes.c.bom.battery.capacity_wh: must be between 1e-06"));
    CHECK_THAT(test::input_error_of(with_bom("{battery: {model: battery, kg_co2e_per_kwh: 100}}")),
               Contains("classes.c.bom.battery.capacity_wh: capacity_wh and kg_co2e_per_kwh go together"));
    CHECK_THAT(test::input_error_of(with_bom(battery("capacity_wh: 10, cycle_life: 0.5"))),
               Contains("classes.c.bom.battery.cycle_life: must be 0 (no replacements) or at least 1 full cycle, but is 0.5"));
    CHECK_THAT(test::input_error_of(with_bom(battery("capacity_wh: 10, cycle_life: n"),
                                             parameter("n", "cycles", "{type: uniform, min: 0, max: 1000}"))),
               Contains("cycle_life: must be 0 (no replacements) or at least 1 full cycle, but can take values from"));
    CHECK_NOTHROW(test::parse_text(with_bom(battery("capacity_wh: 10, cycle_life: 0"))));
    CHECK_NOTHROW(test::parse_text(with_bom(battery("capacity_wh: 1e-6, cycle_life: 1"))));
}

TEST_CASE("region weights that are all literal zeros are refused where they are given", "[scenario][ranges]") {
    test::ScenarioText t;
    t.extra_class_fields = "";
    std::string zeros = t.text();
    zeros.replace(zeros.find("region: world"), std::string("region: world").size(), "regions: {world: 0}");
    CHECK_THAT(test::input_error_of(zeros),
               Contains("test.yaml:11:14: error: classes.c.regions: every region weight is 0"));
    std::string drawn = t.text();
    drawn.replace(drawn.find("region: world"), std::string("region: world").size(), "regions: {world: w}");
    drawn.replace(drawn.find("grid:"), 0, "parameters:\n" + parameter("w", "1", "{type: uniform, min: 0, max: 1}"));
    CHECK_NOTHROW(test::parse_text(drawn));
}
