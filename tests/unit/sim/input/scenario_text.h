// A small valid scenario as text for the scenario-reader tests, with the
// parts a test varies spliced in, and the two ways a test reads one: parsed,
// or the InputError message it must give.
//
// Layout (line numbers that tests check count from it): the run line(s),
// `parameters:` and its lines when there are any, the grid (3 lines),
// `classes:`, class `c:` and its fields, extra class fields last.
#pragma once
#include <catch2/catch.hpp>

#include <string>

#include "sim/input/scenario.h"

namespace tinyfleet::test {

struct ScenarioText {
    std::string run = "run: {name: t, samples: 10, seed: 1, first_year: 2020, last_year: 2025}\n";
    std::string parameters;                              // lines under `parameters:`
    std::string grid_intensity = "0.4";                  // kg CO2e/kWh, or a parameter's name
    std::string bom = " {casing: 0.27}\n";               // what follows `    bom:`
    std::string power = "{active_w: 0.001, duty_cycle: 1.0}";
    std::string shipments = "{devices: {2020: 100, 2025: 200}}";
    std::string extra_class_fields;                      // lines after `shipments:`

    std::string text() const {
        return run + (parameters.empty() ? "" : "parameters:\n" + parameters) +
               "grid:\n  regions:\n    world: {base_year: 2020, intensity_kg_per_kwh: " + grid_intensity +
               "}\nclasses:\n  c:\n    bom:" + bom + "    power: " + power +
               "\n    lifetime_years: 3\n    mass_kg: 0.1\n    region: world\n    shipments: " + shipments + "\n" +
               extra_class_fields;
    }
};

inline Scenario parse_text(const std::string& text, const std::string& file = "test.yaml") {
    return parse_scenario(load_yaml_text(text, file));
}

// The message of the InputError that reading `text` must give.
inline std::string input_error_of(const std::string& text) {
    try {
        parse_text(text);
    } catch (const InputError& e) {
        return e.what();
    }
    FAIL("expected an InputError for:\n" << text);
    return "";
}

}  // namespace tinyfleet::test
