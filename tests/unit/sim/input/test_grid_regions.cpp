// models/data/grid_regions.yaml: the published grid intensities of deployment
// regions, read into models::RegionGridIntensity, and a scenario region taking
// one by name (grid.regions.NAME.from_table).
#include <catch2/catch.hpp>

#include <string>

#include "sim/input/reference_tables.h"
#include "sim/input/scenario.h"

using namespace tinyfleet;
using Catch::Contains;

namespace {

const char* const table_path = TINYFLEET_SOURCE_DIR "/models/data/grid_regions.yaml";

std::string error_of(const std::string& text) {
    try {
        parse_scenario(load_yaml_text(text, "test.yaml"));
    } catch (const InputError& e) {
        return e.what();
    }
    FAIL("expected an InputError for:\n" << text);
    return "";
}

std::string scenario_with_region(const std::string& region) {
    return R"(run: {name: t, samples: 10, seed: 1, first_year: 2020, last_year: 2025}
grid:
  regions:
)" + region + R"(
classes:
  c:
    bom: {casing: 0.1}
    power: {active_w: 0.001, duty_cycle: 1.0}
    lifetime_years: 3
    mass_kg: 0.1
    region: here
    shipments: {devices: {2020: 100}}
)";
}

}  // namespace

TEST_CASE("grid_regions.yaml holds the published intensities with source and year", "[grid_regions]") {
    const auto table = load_grid_regions(table_path);
    struct Published {
        const char* region;
        double g_per_kwh;
        int year;
    };
    // Ember 2023 (Our World in Data's chart of Ember's yearly data; world in
    // Ember's Global Electricity Review 2024), Boavizta's Ember 2020 USA, ACT 2022 Europe.
    const Published published[] = {{"world", 481, 2023},  {"usa", 370, 2020},         {"europe", 295, 2022},
                                   {"china", 582, 2023},  {"india", 713, 2023},       {"africa", 547, 2023},
                                   {"latin_america", 245, 2023}, {"south_east_asia", 570, 2023},
                                   {"middle_east", 644, 2023},   {"oceania", 493, 2023}, {"brazil", 98, 2023},
                                   {"france", 56, 2023}};
    for (const Published& p : published) {
        INFO(p.region);
        const models::RegionGridIntensity* r = models::find_region_grid_intensity(table, p.region);
        REQUIRE(r != nullptr);
        CHECK(r->g_co2e_per_kwh == p.g_per_kwh);
        CHECK(r->year == p.year);
        CHECK_FALSE(r->source.empty());
    }
    CHECK(models::find_region_grid_intensity(table, "atlantis") == nullptr);
}

TEST_CASE("grid_regions.yaml refuses a table that is not in g CO2e/kWh or lacks a year", "[grid_regions]") {
    CHECK_THROWS_WITH(parse_grid_regions("unit: kg CO2e/kWh\nregions: {a: {value: 1, year: 2020, source: s}}\n", "g.yaml"),
                      Contains("g.yaml:1:7: error: unit: expected 'g CO2e/kWh'"));
    CHECK_THROWS_WITH(parse_grid_regions("unit: g CO2e/kWh\nregions:\n  a: {value: 1, source: s}\n", "g.yaml"),
                      Contains("g.yaml:3:6: error: regions.a") && Contains("year"));
}

TEST_CASE("grid_regions.yaml values have the range of intensity_kg_per_kwh (10 kg = 10^4 g CO2e/kWh)", "[grid_regions]") {
    const auto table = [](const std::string& value) {
        return parse_grid_regions("unit: g CO2e/kWh\nregions:\n  a: {value: " + value + ", year: 2020, source: s}\n",
                                  "g.yaml");
    };
    CHECK(table("10000")[0].g_co2e_per_kwh == 10000);
    CHECK_THROWS_WITH(table("10001"), Contains("g.yaml:3:14: error: regions.a.value: must be between 0 and 10000 "
                                               "g CO2e/kWh (the range of grid.regions.*.intensity_kg_per_kwh), found 10001"));
    CHECK_THROWS_WITH(table("1e308"), Contains("regions.a.value: must be between 0 and 10000"));
}

TEST_CASE("a scenario region takes its intensity and base year from the table by name", "[grid_regions]") {
    const Scenario s = parse_scenario(
        load_yaml_text(scenario_with_region("    here: {from_table: middle_east, decline_per_year: 0.01}"), "t.yaml"));
    REQUIRE(s.regions.size() == 1);
    CHECK(s.regions[0].base_year == 2023);
    CHECK(s.regions[0].intensity_kg_per_kwh.is_literal());
    CHECK(s.regions[0].intensity_kg_per_kwh.value == Approx(0.644).epsilon(1e-15));
    CHECK(s.regions[0].decline_per_year.value == 0.01);
}

TEST_CASE("an unknown table region is an input error listing the known ones", "[grid_regions]") {
    const std::string e = error_of(scenario_with_region("    here: {from_table: afrika}"));
    CHECK_THAT(e, Contains("test.yaml:4:24: error: grid.regions.here.from_table: unknown region 'afrika' in "
                           "models/data/grid_regions.yaml; known: world, usa, europe, china, india, africa,"));
    CHECK_THAT(error_of(scenario_with_region("    here: {from_table: africa, base_year: 2020}")),
               Contains("grid.regions.here.base_year: from_table gives the region's base_year"));
}
