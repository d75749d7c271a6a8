// The numbers in the shipped scenarios are the ones in models/data/, so a
// scenario cannot silently drift from its cited source.
#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

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
