// The numbers in the shipped scenarios are the ones in models/data/, so a
// scenario cannot silently drift from its cited source.
#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include "sim/input/reference_tables.h"
#include "sim/input/scenario.h"

using namespace tinyfleet;

namespace {
std::vector<double> block(const YAML::Node& table, const char* name) {
    return table["blocks"][name].as<std::vector<double>>();
}
const ParameterSpec& param(const Scenario& s, const char* name) {
    const int i = s.parameters.find(name);
    REQUIRE(i >= 0);
    return s.parameters[i];
}
}  // namespace

TEST_CASE("the paper's table adds up to its published totals", "[traceability]") {
    const YAML::Node table = YAML::LoadFile(TINYFLEET_SOURCE_DIR "/models/data/paper_device_table.yaml");
    const auto totals = table["totals"].as<std::vector<double>>();
    for (std::size_t col = 0; col < totals.size(); ++col) {
        double sum = 0;
        for (const auto& kv : table["blocks"]) sum += kv.second.as<std::vector<double>>()[col];
        CHECK(sum == Approx(totals[col]).margin(1e-4));
    }
    // Use stage: 1 mW x 3 years x 8760 h x implied grid factor.
    const auto u = table["use_stage_assumptions"];
    const double kwh = u["power_w"]["value"].as<double>() * u["lifetime_years"]["value"].as<double>() * 8760 / 1000;
    CHECK(kwh == Approx(u["energy_kwh"]["value"].as<double>()));
    CHECK(kwh * u["implied_grid_kg_per_kwh"]["value"].as<double>() == Approx(block(table, "use_stage")[0]).epsilon(1e-4));
}

TEST_CASE("global_baseline's block ranges are the paper's best / typical / worst", "[traceability]") {
    const YAML::Node table = YAML::LoadFile(TINYFLEET_SOURCE_DIR "/models/data/paper_device_table.yaml");
    const Scenario s = parse_scenario(load_yaml_file(TINYFLEET_SOURCE_DIR "/scenarios/global_baseline.yaml"));
    // columns: kws_best (0), kws_typical (1), ad_typical (2), ic_typical (3), ic_worst (4)
    const std::pair<const char*, const char*> pert_blocks[] = {
        {"casing_kg", "casing"}, {"passives_kg", "others_passives"}, {"pcb_kg", "pcb"},
        {"battery_kg", "power_supply"}, {"transport_kg", "transport"}, {"user_interface_kg", "user_interface"}};
    for (const auto& [parameter, row] : pert_blocks) {
        INFO(parameter);
        const ParameterSpec& p = param(s, parameter);
        REQUIRE(p.form == DistributionForm::pert);
        const auto values = block(table, row);
        CHECK(p.arguments[0].value == values[0]);  // min  = best
        CHECK(p.arguments[1].value == values[1]);  // mode = typical
        CHECK(p.arguments[2].value == values[4]);  // max  = worst
    }
    const ParameterSpec& imager = param(s, "imager_kg");
    CHECK(imager.arguments[1].value == block(table, "sensing")[3]);
    CHECK(imager.arguments[2].value == block(table, "sensing")[4]);
    // Fixed blocks of the classes.
    for (const auto& c : s.classes)
        for (const auto& b : c.bom)
            if (b.name == "ml_training") CHECK(b.kg_co2e.value == block(table, "ml_training")[1]);
    CHECK(s.classes[0].bom[5].name == "sensing");
    CHECK(s.classes[0].bom[5].kg_co2e.value == block(table, "sensing")[1]);
    CHECK(s.classes[1].bom[5].kg_co2e.value == block(table, "sensing")[2]);
}

TEST_CASE("global_baseline's MCU carbon per area is the IC model's on the MCU nodes", "[traceability]") {
    // Recomputes every value of mcu_carbon_per_area from models/data with the
    // ACT model, in the order the scenario's comment gives: Taiwan fab grid
    // (ACT 2022, then 2023); per node 45, 65, 90, 130, 180 nm the `zero`
    // policy, then `from_nearest_act_node`; then ECO-CHIP's 65 nm CPA.
    const Scenario s = parse_scenario(load_yaml_file(TINYFLEET_SOURCE_DIR "/scenarios/global_baseline.yaml"));
    const models::ProcessNodeTable nodes = load_process_nodes(TINYFLEET_SOURCE_DIR "/models/data/process_nodes.yaml");
    const models::FabGridTables grid = load_fab_grid(TINYFLEET_SOURCE_DIR "/models/data/fab_grid.yaml");
    const double yield = nodes.defaults.act_default_yield;
    CHECK(yield == 0.875);
    std::vector<double> expected;
    for (const char* table : {"act_2022", "act_2023"}) {
        const double ci = lookup_fab_grid(grid, table, "taiwan").g_co2e_per_kwh;
        for (const char* node : {"45nm", "65nm", "90nm", "130nm", "180nm"})
            for (auto policy : {models::MissingTermPolicy::zero, models::MissingTermPolicy::from_nearest_act_node}) {
                const auto terms = models::resolve_node_terms(lookup_process_node(nodes, node), nodes.nodes, policy,
                                                              models::GasAbatement::mean);
                expected.push_back(models::carbon_per_area_g_per_cm2(terms, ci, yield) / 1000.0);
            }
        const auto ecochip = models::resolve_node_terms(lookup_process_node(nodes, "65nm"), nodes.nodes,
                                                        models::MissingTermPolicy::from_ecochip_cpa,
                                                        models::GasAbatement::mean);
        expected.push_back(models::carbon_per_area_g_per_cm2(ecochip, ci, yield) / 1000.0);
    }
    // Hand check of one value: 90 nm, Taiwan 2022, 28 nm terms:
    // (583 x 1.43 + (175 + 100) / 2 + 500) / 0.875 = 1681.36 g/cm2.
    CHECK(expected[5] == Approx(1.68136));
    const ParameterSpec& cpa = param(s, "mcu_carbon_per_area");
    REQUIRE(cpa.form == DistributionForm::empirical);
    REQUIRE(cpa.table_values.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        INFO(i);
        CHECK(cpa.table_values[i] == Approx(expected[i]).epsilon(1e-7));
    }
    // The die area is Pirson & Bol's HSL-0 MCU best / typical / worst.
    const ParameterSpec& area = param(s, "mcu_die_area");
    REQUIRE(area.form == DistributionForm::pert);
    CHECK(area.arguments[0].value == 5.0);
    CHECK(area.arguments[1].value == 10.0);
    CHECK(area.arguments[2].value == 17.0);
}
