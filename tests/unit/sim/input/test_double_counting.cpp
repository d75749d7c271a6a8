// A part of a device given twice (an `mcu:` die term and an IC block, two
// power-supply blocks) is an input error at the second term unless the class
// says with `intended_overlap:` that it means both.
#include <catch2/catch.hpp>

#include <string>

#include "scenario_text.h"

using namespace tinyfleet;
using Catch::Contains;

namespace {

// `bom` entries (6-space indented) and `extra` class fields spliced into
// class c; line numbers below count from this text (scenario_text.h).
std::string scenario_with(const std::string& bom, const std::string& extra = "") {
    test::ScenarioText t;
    t.bom = "\n" + bom;
    t.extra_class_fields = extra;
    return t.text();
}

bool parses(const std::string& text) {
    test::parse_text(text);
    return true;
}

const std::string mcu_term = "    mcu: {die_area_mm2: 10, carbon_per_area_kg_per_cm2: 1.5}\n";
const std::string battery = "      battery: {model: battery, mass_g: 50, kg_co2e_per_kg: 27}\n";

}  // namespace

TEST_CASE("an mcu: die term next to an IC block is refused", "[scenario][errors][double_counting]") {
    const std::string text = scenario_with("      casing: 0.27\n      processing_mcu: 0.17\n", mcu_term);
    // The mcu: map is on line 15 of the text (after the class fields), from column 10.
    CHECK_THAT(test::input_error_of(text), Contains("test.yaml:15:10: error: classes.c.mcu:") &&
                                   Contains("'processing_mcu'") && Contains("remove one of them") &&
                                   Contains("intended_overlap: [ic]"));
}

TEST_CASE("two IC blocks are refused at the second", "[scenario][errors][double_counting]") {
    const std::string text = scenario_with("      mcu: 0.17\n      ic: 0.2\n");
    CHECK_THAT(test::input_error_of(text), Contains("test.yaml:9:7: error: classes.c.bom.ic:") && Contains("'mcu' and 'ic'"));
}

TEST_CASE("two power-supply blocks are refused at the second", "[scenario][errors][double_counting]") {
    const std::string text = scenario_with("      power_supply: 1.36\n" + battery);
    CHECK_THAT(test::input_error_of(text), Contains("test.yaml:9:7: error: classes.c.bom.battery:") &&
                                   Contains("'power_supply' and 'battery'") &&
                                   Contains("intended_overlap: [power_supply]"));
}

TEST_CASE("intended_overlap says a class means both terms", "[scenario][double_counting]") {
    CHECK(parses(scenario_with("      power_supply: 1.36\n" + battery, "    intended_overlap: [power_supply]\n")));
    CHECK(parses(scenario_with("      processing_mcu: 0.17\n", mcu_term + "    intended_overlap: [ic]\n")));
    // One term per category needs no key, and end-of-life blocks are not embodied.
    CHECK(parses(scenario_with("      power_supply: 1.36\n      processing_mcu: 0.17\n      end_of_life: 0.01\n")));
    CHECK(parses(scenario_with(battery, mcu_term)));
}

TEST_CASE("intended_overlap is checked too", "[scenario][errors][double_counting]") {
    CHECK_THAT(test::input_error_of(scenario_with(battery, "    intended_overlap: [power_supply]\n")),
               Contains("classes.c.intended_overlap: lists power_supply, but the class has a single"));
    CHECK_THAT(test::input_error_of(scenario_with(battery, "    intended_overlap: [casing]\n")),
               Contains("classes.c.intended_overlap[0]: unknown category 'casing'"));
    CHECK_THAT(test::input_error_of(scenario_with(battery, "    intended_overlap: ic\n")),
               Contains("classes.c.intended_overlap: expected a list"));
}
