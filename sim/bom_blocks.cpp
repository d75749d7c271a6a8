#include "sim/bom_blocks.h"

#include <limits>

#include "models/battery.h"
#include "models/end_of_life.h"
#include "models/materials.h"
#include "models/passives.h"
#include "models/pcb.h"
#include "models/power_supply.h"
#include "models/sensors.h"
#include "models/training.h"
#include "models/transport.h"

namespace tinyfleet {

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();
}

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
    // Arguments without a default must be given; emission factors are never
    // defaulted here (they come with a source from the scenario), except the
    // IC terms, which come from models/data/process_nodes.yaml and fab_grid.yaml.
    static const std::vector<BlockModelSpec> catalogue = {
        {"ic", BlockModel::ic, Stage::manufacturing,
         {{"die_area_mm2", "mm2", 0, inf, true, 0},
          {"ci_fab_g_per_kwh", "g CO2e/kWh", 0, inf, false, -1},       // -1: from fab_location
          {"yield", "1", 1e-9, 1, false, -1},                          // -1: ACT default (fixed model)
          {"defect_density_per_cm2", "1/cm2", 0, inf, false, -1},      // -1: the node's, if tabulated
          {"packages", "ICs", 0, inf, false, 1},
          {"packaging_g_per_ic", "g CO2e", 0, inf, false, -1}}},       // -1: ACT's per-package value
        {"microphone", BlockModel::microphone, Stage::manufacturing,
         {{"mass_g", "g", 0, inf, true, 0}, {"kg_co2e_per_g", "kg CO2e/g", 0, inf, true, 0}}},
        {"battery", BlockModel::battery, Stage::manufacturing,
         {{"mass_g", "g", 0, inf, false, 0},
          {"kg_co2e_per_kg", "kg CO2e/kg", 0, inf, false, 0},
          {"capacity_wh", "Wh", 0, inf, false, 0},
          {"kg_co2e_per_kwh", "kg CO2e/kWh", 0, inf, false, 0},
          {"depth_of_discharge", "1", 1e-9, 1, false, 1},
          {"cycle_life", "cycles", 0, inf, false, 0}}},                // 0: no replacements modelled
        {"mains_supply", BlockModel::mains_supply, Stage::manufacturing,
         {{"adapter_kg", "kg CO2e", 0, inf, false, 0},
          {"cable_length_m", "m", 0, inf, false, 0},
          {"cable_kg_co2e_per_m", "kg CO2e/m", 0, inf, false, 0}}},
        {"pcb", BlockModel::pcb, Stage::manufacturing,
         {{"area_cm2", "cm2", 0, inf, true, 0}, {"kg_co2e_per_m2", "kg CO2e/m2", 0, inf, true, 0}}},
        {"casing", BlockModel::casing, Stage::manufacturing,
         {{"abs_g", "g", 0, inf, false, 0},
          {"aluminium_g", "g", 0, inf, false, 0},
          {"steel_g", "g", 0, inf, false, 0},
          {"abs_kg_co2e_per_kg", "kg CO2e/kg", 0, inf, false, 0},
          {"aluminium_kg_co2e_per_kg", "kg CO2e/kg", 0, inf, false, 0},
          {"steel_kg_co2e_per_kg", "kg CO2e/kg", 0, inf, false, 0}}},
        {"passives", BlockModel::passives, Stage::manufacturing,
         {{"capacitors_resistors", "parts", 0, inf, false, 0},
          {"diodes", "parts", 0, inf, false, 0},
          {"transistors", "parts", 0, inf, false, 0},
          {"tantalum_capacitors", "parts", 0, inf, false, 0},
          {"crystals", "parts", 0, inf, false, 0},
          {"capacitor_resistor_kg", "kg CO2e/part", 0, inf, false, 0},
          {"diode_kg", "kg CO2e/part", 0, inf, false, 0},
          {"transistor_kg", "kg CO2e/part", 0, inf, false, 0},
          {"tantalum_capacitor_kg", "kg CO2e/part", 0, inf, false, 0},
          {"crystal_kg", "kg CO2e/part", 0, inf, false, 0}}},
        {"user_interface", BlockModel::user_interface, Stage::manufacturing,
         {{"leds", "parts", 0, inf, false, 0},
          {"switches", "parts", 0, inf, false, 0},
          {"led_kg", "kg CO2e/part", 0, inf, false, 0},
          {"switch_kg", "kg CO2e/part", 0, inf, false, 0}}},
        {"transport", BlockModel::transport, Stage::transport,
         {{"mass_g", "g", 0, inf, true, 0},
          {"truck_km", "km", 0, inf, false, 0},
          {"ship_km", "km", 0, inf, false, 0},
          {"plane_km", "km", 0, inf, false, 0},
          {"truck_kg_co2e_per_tkm", "kg CO2e/(t km)", 0, inf, false, 0},
          {"ship_kg_co2e_per_tkm", "kg CO2e/(t km)", 0, inf, false, 0},
          {"plane_kg_co2e_per_tkm", "kg CO2e/(t km)", 0, inf, false, 0}}},
        {"training", BlockModel::training, Stage::training,
         {{"kg_co2e_per_run", "kg CO2e", 0, inf, true, 0},
          {"runs", "runs", 0, inf, false, 1},
          {"devices", "devices", 1, inf, true, 0}}},
        {"end_of_life", BlockModel::end_of_life, Stage::end_of_life,
         {{"mass_g", "g", 0, inf, true, 0}, {"kg_co2e_per_kg", "kg CO2e/kg", 0, inf, true, 0}}},
    };
    return catalogue;
}

double battery_replacements_of(const BomBlock& b, const RealizedParameters& p, const DeviceContext& device) {
    if (b.model != BlockModel::battery) return 0.0;
    const double capacity_wh = p(b.arguments[2]), dod = p(b.arguments[4]), cycles = p(b.arguments[5]);
    if (cycles <= 0 || capacity_wh <= 0) return 0.0;
    // Whole batteries (one device's count), from expected-value inputs in the cohort model.
    return models::battery_replacements(device.energy_kwh_per_year, device.lifetime_years,
                                        models::battery_usable_capacity_wh(capacity_wh, dod), cycles);
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

BatteryTerms battery_terms(const BomBlock& b, const RealizedParameters& p) {
    BatteryTerms t;
    if (b.model != BlockModel::battery) return t;
    auto a = [&](std::size_t i) { return p(b.arguments[i]); };
    t.kg_per_battery = a(0) > 0 ? models::battery_embodied_kg_from_mass(a(0), a(1))
                                : models::battery_embodied_kg_from_capacity(a(2), a(3));
    const double capacity_wh = a(2), dod = a(4), cycles = a(5);
    t.per_device = cycles > 0 && capacity_wh > 0;
    t.usable_wh = models::battery_usable_capacity_wh(capacity_wh, dod);
    t.cycle_life = cycles;
    return t;
}

double block_kg(const BomBlock& b, const RealizedParameters& p, const DeviceContext& device) {
    auto a = [&](std::size_t i) { return p(b.arguments[i]); };
    switch (b.model) {
        case BlockModel::fixed: return p(b.kg_co2e);
        case BlockModel::ic: {
            const double area_cm2 = a(0) / models::mm2_per_cm2;
            const double yield = b.ic.yield_model == models::YieldModel::fixed
                                     ? a(2)
                                     : models::die_yield(b.ic.yield_model, area_cm2, a(3),
                                                         b.ic.negative_binomial_alpha, a(2));
            const double cpa = models::carbon_per_area_g_per_cm2(b.ic.terms, a(1), yield);
            return models::ic_embodied_kg(a(0), cpa, a(4), a(5));
        }
        case BlockModel::microphone: return models::microphone_embodied_kg(a(0), a(1));
        case BlockModel::battery: {
            const double one = a(0) > 0 ? models::battery_embodied_kg_from_mass(a(0), a(1))
                                        : models::battery_embodied_kg_from_capacity(a(2), a(3));
            return models::battery_lifetime_embodied_kg(one, battery_replacements_of(b, p, device));
        }
        case BlockModel::mains_supply: return models::mains_supply_embodied_kg(a(0), a(1), a(2));
        case BlockModel::pcb: return models::pcb_embodied_kg(a(0), a(1));
        case BlockModel::casing:
            return models::casing_embodied_kg({a(0), a(1), a(2)}, {a(3), a(4), a(5)});
        case BlockModel::passives:
            return models::passives_embodied_kg({a(0), a(1), a(2), a(3), a(4)}, {a(5), a(6), a(7), a(8), a(9)});
        case BlockModel::user_interface: return models::user_interface_embodied_kg({a(0), a(1)}, {a(2), a(3)});
        case BlockModel::transport:
            return models::transport_embodied_kg(a(0), {a(1), a(2), a(3)}, {a(4), a(5), a(6)});
        case BlockModel::training: return models::training_per_device_kg(a(0), a(1), a(2));
        case BlockModel::end_of_life: return models::end_of_life_kg(a(0), a(1));
    }
    return 0.0;
}

}  // namespace tinyfleet
