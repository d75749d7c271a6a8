#include "sim/input/bom_catalogue.h"

namespace tinyfleet {

const char* to_string(Stage stage) {
    switch (stage) {
        case Stage::manufacturing: return "manufacturing";
        case Stage::transport: return "transport";
        case Stage::training: return "training";
        case Stage::use: return "use";
        case Stage::end_of_life: return "end_of_life";
    }
    return "?";
}

const std::vector<BlockModelSpec>& block_model_catalogue() {
    // Domains are physical bounds, generous for any device and finite so that
    // no product of inputs overflows (docs/scenario-format.md, "Ranges").
    // Arguments without a default must be given; emission factors are never
    // defaulted here (they come with a source from the scenario), except the
    // IC terms, which come from models/data/process_nodes.yaml and fab_grid.yaml.
    static const std::vector<BlockModelSpec> catalogue = {
        {"ic", BlockModel::ic, Stage::manufacturing,
         {{"die_area_mm2", "mm2", 0, 5000, true, 0},
          {"ci_fab_g_per_kwh", "g CO2e/kWh", 0, 1e4, false, -1},       // -1: from fab_location
          {"yield", "1", 1e-9, 1, false, -1},                          // -1: ACT default (fixed model)
          {"defect_density_per_cm2", "1/cm2", 0, 10, false, -1},      // -1: the node's, if tabulated
          {"packages", "ICs", 0, 1e4, false, 1},
          {"packaging_g_per_ic", "g CO2e", 0, 1e6, false, -1}}},       // -1: ACT's per-package value
        {"microphone", BlockModel::microphone, Stage::manufacturing,
         {{"mass_g", "g", 0, 1e7, true, 0}, {"kg_co2e_per_g", "kg CO2e/g", 0, 1e3, true, 0}}},
        {"battery", BlockModel::battery, Stage::manufacturing,
         {{"mass_g", "g", 0, 1e7, false, 0},
          {"kg_co2e_per_kg", "kg CO2e/kg", 0, 1e4, false, 0},
          {"capacity_wh", "Wh", 0, 1e7, false, 0},
          {"kg_co2e_per_kwh", "kg CO2e/kWh", 0, 1e5, false, 0},
          {"depth_of_discharge", "1", 1e-9, 1, false, 1},
          {"cycle_life", "cycles", 0, 1e7, false, 0}}},                // 0: no replacements modelled
        {"mains_supply", BlockModel::mains_supply, Stage::manufacturing,
         {{"adapter_kg", "kg CO2e", 0, 1e4, false, 0},
          {"cable_length_m", "m", 0, 1e5, false, 0},
          {"cable_kg_co2e_per_m", "kg CO2e/m", 0, 1e3, false, 0}}},
        {"pcb", BlockModel::pcb, Stage::manufacturing,
         {{"area_cm2", "cm2", 0, 1e6, true, 0}, {"kg_co2e_per_m2", "kg CO2e/m2", 0, 1e5, true, 0}}},
        {"casing", BlockModel::casing, Stage::manufacturing,
         {{"abs_g", "g", 0, 1e7, false, 0},
          {"aluminium_g", "g", 0, 1e7, false, 0},
          {"steel_g", "g", 0, 1e7, false, 0},
          {"abs_kg_co2e_per_kg", "kg CO2e/kg", 0, 1e4, false, 0},
          {"aluminium_kg_co2e_per_kg", "kg CO2e/kg", 0, 1e4, false, 0},
          {"steel_kg_co2e_per_kg", "kg CO2e/kg", 0, 1e4, false, 0}}},
        {"passives", BlockModel::passives, Stage::manufacturing,
         {{"capacitors_resistors", "parts", 0, 1e6, false, 0},
          {"diodes", "parts", 0, 1e6, false, 0},
          {"transistors", "parts", 0, 1e6, false, 0},
          {"tantalum_capacitors", "parts", 0, 1e6, false, 0},
          {"crystals", "parts", 0, 1e6, false, 0},
          {"capacitor_resistor_kg", "kg CO2e/part", 0, 1e3, false, 0},
          {"diode_kg", "kg CO2e/part", 0, 1e3, false, 0},
          {"transistor_kg", "kg CO2e/part", 0, 1e3, false, 0},
          {"tantalum_capacitor_kg", "kg CO2e/part", 0, 1e3, false, 0},
          {"crystal_kg", "kg CO2e/part", 0, 1e3, false, 0}}},
        {"user_interface", BlockModel::user_interface, Stage::manufacturing,
         {{"leds", "parts", 0, 1e6, false, 0},
          {"switches", "parts", 0, 1e6, false, 0},
          {"led_kg", "kg CO2e/part", 0, 1e3, false, 0},
          {"switch_kg", "kg CO2e/part", 0, 1e3, false, 0}}},
        {"transport", BlockModel::transport, Stage::transport,
         {{"mass_g", "g", 0, 1e7, true, 0},
          {"truck_km", "km", 0, 1e6, false, 0},
          {"ship_km", "km", 0, 1e6, false, 0},
          {"plane_km", "km", 0, 1e6, false, 0},
          {"truck_kg_co2e_per_tkm", "kg CO2e/(t km)", 0, 1e2, false, 0},
          {"ship_kg_co2e_per_tkm", "kg CO2e/(t km)", 0, 1e2, false, 0},
          {"plane_kg_co2e_per_tkm", "kg CO2e/(t km)", 0, 1e2, false, 0}}},
        {"training", BlockModel::training, Stage::training,
         {{"kg_co2e_per_run", "kg CO2e", 0, 1e12, true, 0},
          {"runs", "runs", 0, 1e6, false, 1},
          {"devices", "devices", 1, 1e15, true, 0}}},
        {"end_of_life", BlockModel::end_of_life, Stage::end_of_life,
         {{"mass_g", "g", 0, 1e7, true, 0}, {"kg_co2e_per_kg", "kg CO2e/kg", 0, 1e4, true, 0}}},
    };
    return catalogue;
}

namespace {
struct NamedCategory {
    const char* name;
    int category;
};
constexpr NamedCategory block_name_categories[] = {
    {"mcu", models::category_ic},           {"processing_mcu", models::category_ic},
    {"ic", models::category_ic},            {"processing", models::category_ic},
    {"sensing", models::category_sensing},  {"sensor", models::category_sensing},
    {"sensors", models::category_sensing},  {"microphone", models::category_sensing},
    {"imager", models::category_sensing},   {"camera", models::category_sensing},
    {"power_supply", models::category_power_supply}, {"battery", models::category_power_supply},
    {"mains_supply", models::category_power_supply}, {"pcb", models::category_pcb},
    {"casing", models::category_casing},    {"passives", models::category_passives},
    {"others_passives", models::category_passives}, {"others", models::category_passives},
    {"user_interface", models::category_passives},  {"transport", models::category_transport},
    {"ml_training", models::category_training},     {"training", models::category_training},
};
}  // namespace

int embodied_category_of(const std::string& name, BlockModel model) {
    if (name == "end_of_life" || model == BlockModel::end_of_life) return -1;
    for (const auto& nc : block_name_categories)
        if (name == nc.name) return nc.category;
    switch (model) {
        case BlockModel::fixed: return -1;
        case BlockModel::ic: return models::category_ic;
        case BlockModel::microphone: return models::category_sensing;
        case BlockModel::battery:
        case BlockModel::mains_supply: return models::category_power_supply;
        case BlockModel::pcb: return models::category_pcb;
        case BlockModel::casing: return models::category_casing;
        case BlockModel::passives:
        case BlockModel::user_interface: return models::category_passives;
        case BlockModel::transport: return models::category_transport;
        case BlockModel::training: return models::category_training;
        case BlockModel::end_of_life: return -1;
    }
    return -1;
}

std::string known_block_names() {
    std::string out;
    for (const auto& nc : block_name_categories) out += (out.empty() ? "" : ", ") + std::string(nc.name);
    return out + ", end_of_life";
}

}  // namespace tinyfleet
