// Bottom-up bill-of-materials blocks: scenario to number through models/,
// against hand calculations, and their bad-input errors.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <variant>

#include "sim/fleet/fleet_evaluator.h"
#include "sim/engine/monte_carlo.h"
#include "sim/fleet/point_evaluation.h"
#include "sim/fleet/result_assembly.h"
#include "sim/input/scenario.h"

using namespace tinyfleet;
using Catch::Contains;

namespace {

std::string with_bom(const std::string& bom, const std::string& power = "{active_w: 0.001, duty_cycle: 1.0}") {
    return R"(run: {name: t, samples: 4, seed: 1, first_year: 2023, last_year: 2024}
grid: {regions: {g: {base_year: 2023, intensity_kg_per_kwh: 0.5}}}
classes:
  c:
    bom:
)" + bom + "    power: " + power + R"(
    lifetime_years: 2
    mass_kg: 0.1
    region: g
    shipments: {devices: {2023: 10}}
)";
}

double block_value(const std::string& text, const std::string& block) {
    const Scenario s = parse_scenario(load_yaml_text(text, "t.yaml"));
    const auto point = evaluate_point(s);
    for (const auto& [name, kg] : point[0].blocks)
        if (name == block) return kg;
    FAIL("no block " << block);
    return 0;
}

std::string error_of(const std::string& text) {
    try {
        parse_scenario(load_yaml_text(text, "t.yaml"));
    } catch (const InputError& e) {
        return e.what();
    }
    FAIL("expected an InputError");
    return "";
}

}  // namespace

TEST_CASE("ic block: ACT carbon per area with the node table, fab grid and packaging", "[bom]") {
    // 28 nm is complete in ACT: CPA = (583 x 0.90 + (175 + 100)/2 + 500) / 0.875 = 1328.2286 g/cm2 (Taiwan, ACT 2022).
    // 50 mm2 = 0.5 cm2 -> 664.11 g, plus one 150 g package -> 0.81411 kg.
    CHECK(block_value(with_bom("      mcu: {model: ic, die_area_mm2: 50, node: 28nm}\n"), "mcu") ==
          Approx(0.5 * 1328.2286 / 1000 + 0.150).epsilon(1e-6));
    // No package, Iceland fab (28 g/kWh): (28 x 0.9 + 137.5 + 500) / 0.875 = 757.371 g/cm2 -> 10 mm2: 0.0757371 kg.
    CHECK(block_value(with_bom("      mcu: {model: ic, die_area_mm2: 10, node: 28nm, fab_location: iceland, packages: 0}\n"),
                      "mcu") == Approx(0.0757371).epsilon(1e-5));
    // Poisson yield with D0 = 0.5/cm2 on 1 cm2: Y = exp(-0.5) = 0.606531;
    // CPA = (524.7 + 137.5 + 500) / 0.606531 = 1162.2 / 0.606531 = 1916.14 g/cm2.
    CHECK(block_value(with_bom("      mcu: {model: ic, die_area_mm2: 100, node: 28nm, yield_model: poisson, "
                               "defect_density_per_cm2: 0.5, packages: 0}\n"),
                      "mcu") == Approx(1.91614).epsilon(1e-5));
}

TEST_CASE("other bottom-up blocks against hand calculations", "[bom]") {
    CHECK(block_value(with_bom("      b: {model: battery, mass_g: 50, kg_co2e_per_kg: 27.2}\n"), "b") == Approx(1.36));
    CHECK(block_value(with_bom("      b: {model: battery, capacity_wh: 7.2, kg_co2e_per_kwh: 87}\n"), "b") == Approx(0.6264));
    CHECK(block_value(with_bom("      p: {model: pcb, area_cm2: 10, kg_co2e_per_m2: 160}\n"), "p") == Approx(0.16));
    // 50 g ABS x 3.46 + 10 g Al x 8.14 + 10 g steel x 1.89 = 0.173 + 0.0814 + 0.0189
    CHECK(block_value(with_bom("      k: {model: casing, abs_g: 50, aluminium_g: 10, steel_g: 10, abs_kg_co2e_per_kg: 3.46, "
                               "aluminium_kg_co2e_per_kg: 8.14, steel_kg_co2e_per_kg: 1.89}\n"),
                      "k") == Approx(0.2733));
    // 0.1 kg over 300 km truck (0.15) and 6775 km plane (0.584): 0.1 t x (45 + 3956.6) kg/(t km) / ... = 0.0045 + 0.39566
    CHECK(block_value(with_bom("      t: {model: transport, mass_g: 100, truck_km: 300, plane_km: 6775, truck_kg_co2e_per_tkm: 0.15, "
                               "plane_kg_co2e_per_tkm: 0.584}\n"),
                      "t") == Approx(0.0045 + 0.39566));
    CHECK(block_value(with_bom("      x: {model: training, kg_co2e_per_run: 1000, runs: 2, devices: 20000}\n"), "x") == Approx(0.1));
    CHECK(block_value(with_bom("      e: {model: end_of_life, mass_g: 100, kg_co2e_per_kg: 0.266}\n"), "e") == Approx(0.0266));
    CHECK(block_value(with_bom("      m: {model: microphone, mass_g: 0.1, kg_co2e_per_g: 0.2}\n"), "m") == Approx(0.02));
    CHECK(block_value(with_bom("      u: {model: user_interface, leds: 2, led_kg: 0.03}\n"), "u") == Approx(0.06));
    // 10 caps x 0.0015 + 2 diodes x 0.0175 + 2 transistors x 0.0175 + 1 crystal x 0.025 = 0.11
    CHECK(block_value(with_bom("      o: {model: passives, capacitors_resistors: 10, diodes: 2, transistors: 2, crystals: 1, "
                               "capacitor_resistor_kg: 0.0015, diode_kg: 0.0175, transistor_kg: 0.0175, crystal_kg: 0.025}\n"),
                      "o") == Approx(0.11));
}

TEST_CASE("battery replacements over the device life", "[bom]") {
    // 100 mW continuous = 876 Wh/yr; 2 years = 1752 Wh. A 10 Wh cell (usable 10 Wh) for 100 cycles
    // delivers 1000 Wh: 1752 / 1000 -> 2 cells, 1 replacement: 2 x (10 Wh x 87 kg/kWh) = 1.74 kg.
    CHECK(block_value(with_bom("      b: {model: battery, capacity_wh: 10, kg_co2e_per_kwh: 87, cycle_life: 100}\n",
                               "{active_w: 0.1, duty_cycle: 1.0}"),
                      "b") == Approx(1.74));
}

TEST_CASE("stages: transport, training and end of life are not manufacturing", "[bom]") {
    const Scenario s = parse_scenario(load_yaml_text(
        with_bom("      transport: 0.4\n      ml_training: 0.1\n      end_of_life: 0.05\n      casing: 0.27\n"), "t.yaml"));
    const auto point = evaluate_point(s);
    CHECK(point[0].stages[int(Stage::transport)] == Approx(0.4));
    CHECK(point[0].stages[int(Stage::training)] == Approx(0.1));
    CHECK(point[0].stages[int(Stage::end_of_life)] == Approx(0.05));
    CHECK(point[0].stages[int(Stage::manufacturing)] == Approx(0.27));
    // use: 1 mW x 8760 h x 2 years x 0.5 kg/kWh = 0.00876 kg
    CHECK(point[0].stages[int(Stage::use)] == Approx(0.00876));
}

TEST_CASE("bottom-up blocks reject bad input with file, line and field", "[bom][errors]") {
    CHECK_THAT(error_of(with_bom("      mcu: {model: ic, die_area_mm2: 10, node: 45nmm}\n")),
               Contains("t.yaml:6:") && Contains("unknown process node '45nmm'") && Contains("known: "));
    CHECK_THAT(error_of(with_bom("      mcu: {model: ic, die_area_mm2: 10, node: 90nm}\n")),
               Contains("missing_terms") && Contains("lacks ACT terms"));
    CHECK_THAT(error_of(with_bom("      mcu: {model: ic, die_area_mm2: -1, node: 28nm}\n")),
               Contains("classes.c.bom.mcu.die_area_mm2") && Contains("between 0 and 5000"));
    CHECK_THAT(error_of(with_bom("      mcu: {model: ic, die_area_mm2: 10, node: 28nm, yield: 1.5}\n")),
               Contains("classes.c.bom.mcu.yield") && Contains("between"));
    CHECK_THAT(error_of(with_bom("      mcu: {model: ic, die_area_mm2: 10, node: 28nm, yield: 0}\n")),
               Contains("classes.c.bom.mcu.yield"));
    CHECK_THAT(error_of(with_bom("      b: {model: battery, mass_g: -5, kg_co2e_per_kg: 27}\n")),
               Contains("classes.c.bom.b.mass_g"));
    CHECK_THAT(error_of(with_bom("      b: {model: batery, mass_g: 5}\n")),
               Contains("unknown block model 'batery'") && Contains("did you mean 'battery'"));
    CHECK_THAT(error_of(with_bom("      p: {model: pcb, area_cm2: 10, kg_co2e_per_m3: 1}\n")),
               Contains("classes.c.bom.p.kg_co2e_per_m3") && Contains("did you mean 'kg_co2e_per_m2'"));
    CHECK_THAT(error_of(with_bom("      p: {model: pcb, area_cm2: 10, kg_co2e_per_m2: 1, colour: green}\n")),
               Contains("classes.c.bom.p.colour") && Contains("unknown field"));
    CHECK_THAT(error_of(with_bom("      use_stage: 0.01\n")), Contains("use-phase emissions are computed"));
    CHECK_THAT(error_of(with_bom("      pcb: 1\n", "{active_w: -0.001, duty_cycle: 1.0}")),
               Contains("classes.c.power.active_w"));
    CHECK_THAT(error_of(with_bom("      pcb: 1\n", "{active_w: 0.001, duty_cycle: 1.2}")),
               Contains("classes.c.power.duty_cycle"));
    // 1 W continuous = 24 Wh/day > a 10 Wh cell, without replacements.
    CHECK_THAT(error_of(with_bom("      b: {model: battery, capacity_wh: 10, kg_co2e_per_kwh: 87}\n", "{active_w: 1.0, duty_cycle: 1.0}")),
               Contains("classes.c.bom.b.capacity_wh") && Contains("battery too small") && Contains("cycle_life"));
    // ... but with replacements enabled it is accepted.
    CHECK_NOTHROW(parse_scenario(load_yaml_text(
        with_bom("      b: {model: battery, capacity_wh: 10, kg_co2e_per_kwh: 87, cycle_life: 500}\n", "{active_w: 1.0, duty_cycle: 1.0}"),
        "t.yaml")));
}

TEST_CASE("lifetime must not be negative", "[bom][errors]") {
    std::string text = with_bom("      pcb: 1\n");
    text.replace(text.find("lifetime_years: 2"), 17, "lifetime_years: -2");
    CHECK_THAT(error_of(text), Contains("classes.c.lifetime_years") && Contains("between 0 and 1000"));
}

TEST_CASE("payback per realization: fixed blocks over (offset - use)", "[bom][payback]") {
    // 2 kg of blocks; 1 W continuous = 8.76 kWh/yr at 0.05 kg/kWh = 0.438 kg/yr of use;
    // offset 1 kg/yr -> payback 2 / (1 - 0.438) = 3.55872 years. Without offset: never.
    const std::string text = R"(run: {name: t, samples: 3, seed: 1, first_year: 2023, last_year: 2025}
grid: {regions: {g: {base_year: 2023, intensity_kg_per_kwh: 0.05}}}
classes:
  pays:
    bom: {casing: 1.5, transport: 0.5}
    power: {active_w: 1.0, duty_cycle: 1.0}
    lifetime_years: 5
    mass_kg: 0.1
    offset_kg_per_device_year: 1.0
    region: g
    shipments: {devices: {2023: 10}}
  never:
    bom: {casing: 1.0}
    power: {active_w: 1.0, duty_cycle: 1.0}
    lifetime_years: 5
    mass_kg: 0.1
    region: g
    shipments: {devices: {2023: 10}}
)";
    const Scenario s = parse_scenario(load_yaml_text(text, "t.yaml"));
    FleetEvaluator model(s);
    RunResult r;
    assemble_result(s, model, run_monte_carlo(model, 0, 3, 1, nullptr), 1, r);
    REQUIRE(r.payback_years.size() == 6);
    for (int sample = 0; sample < 3; ++sample) {
        CHECK(r.payback_years[sample * 2 + 0] == Approx(2.0 / (1.0 - 0.438)));
        CHECK(std::isinf(r.payback_years[sample * 2 + 1]));
    }
    const auto point = evaluate_point(s);
    CHECK(point[0].payback_years == Approx(2.0 / (1.0 - 0.438)));
    CHECK(std::isinf(point[1].payback_years));
}

TEST_CASE("pcb by layer count uses ACT's per-area table", "[bom]") {
    // ACT pcb.yaml: 4 layers 0.43 kg/m2; 10 cm2 = 0.001 m2 -> 0.00043 kg.
    CHECK(block_value(with_bom("      p: {model: pcb, area_cm2: 10, layers: 4}\n"), "p") == Approx(0.00043));
    // 10 layers is not in the table: ACT's line 0.13 x 10 = 1.3 kg/m2 -> 50 cm2: 0.0065 kg.
    CHECK(block_value(with_bom("      p: {model: pcb, area_cm2: 50, layers: 10}\n"), "p") == Approx(0.0065));
    // An explicit factor wins over the layer table.
    CHECK(block_value(with_bom("      p: {model: pcb, area_cm2: 10, layers: 4, kg_co2e_per_m2: 160}\n"), "p") == Approx(0.16));
    CHECK_THAT(error_of(with_bom("      p: {model: pcb, area_cm2: 10}\n")), Contains("kg_co2e_per_m2") && Contains("required"));
}

TEST_CASE("the catalogue fills every input of every block model once, with its default", "[bom]") {
    for (const BlockModelSpec& spec : block_model_catalogue()) {
        INFO("model " << spec.name);
        BlockInputs inputs = spec.defaults;
        REQUIRE_FALSE(std::holds_alternative<std::monostate>(inputs));
        // The inputs struct holds nothing but its NumberOrParameter fields.
        const std::size_t fields = std::visit([](const auto& in) { return sizeof(in) / sizeof(NumberOrParameter); }, inputs);
        std::set<const NumberOrParameter*> filled;
        for (const BlockArgument& arg : spec.arguments) {
            INFO("input " << arg.name);
            filled.insert(&arg.field(inputs));
            CHECK(arg.field(inputs).is_literal());
            CHECK(arg.field(inputs).value == arg.default_value);
        }
        CHECK(filled.size() == spec.arguments.size());  // no field filled by two keys
        CHECK(filled.size() == fields);                 // no field without a key
    }
}
