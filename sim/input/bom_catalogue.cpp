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

namespace {
// An input of the model whose inputs are `Inputs`: its scenario key, unit,
// domain and default, and the field it fills.
template <class Inputs>
struct Input {
    const char* name;
    NumberOrParameter Inputs::*field;
    const char* unit;
    double min, max;
    bool required;
    double default_value;
};

template <class Inputs>
BlockModelSpec model(const char* name, BlockModel block_model, Stage stage, std::vector<Input<Inputs>> inputs) {
    BlockModelSpec spec{name, block_model, stage, {}, Inputs{}};
    for (const Input<Inputs>& in : inputs) {
        std::get<Inputs>(spec.defaults).*in.field = NumberOrParameter{in.default_value, -1};
        const auto member = in.field;
        spec.arguments.push_back({in.name, in.unit, in.min, in.max, in.required, in.default_value,
                                  [member](BlockInputs& block) -> NumberOrParameter& { return std::get<Inputs>(block).*member; }});
    }
    return spec;
}
}  // namespace

const std::vector<BlockModelSpec>& block_model_catalogue() {
    // Domains are physical bounds, generous for any device and finite so that
    // no product of inputs overflows (docs/scenario-format.md, "Ranges").
    // Arguments without a default must be given; emission factors are never
    // defaulted here (they come with a source from the scenario), except the
    // IC terms, which come from models/data/process_nodes.yaml and fab_grid.yaml.
    using Ic = IcInputs;
    using Battery = BatteryInputs;
    using Casing = CasingInputs;
    using Passives = PassivesInputs;
    using Ui = UserInterfaceInputs;
    using Transport = TransportInputs;
    static const std::vector<BlockModelSpec> catalogue = {
        model<Ic>("ic", BlockModel::ic, Stage::manufacturing,
                  {{"die_area_mm2", &Ic::die_area_mm2, "mm2", 0, 5000, true, 0},
                   {"ci_fab_g_per_kwh", &Ic::ci_fab_g_per_kwh, "g CO2e/kWh", 0, 1e4, false, -1},  // -1: from fab_location
                   {"yield", &Ic::yield, "1", 1e-9, 1, false, -1},                    // -1: ACT default (fixed model)
                   {"defect_density_per_cm2", &Ic::defect_density_per_cm2, "1/cm2", 0, 10, false, -1},  // -1: the node's
                   {"packages", &Ic::packages, "ICs", 0, 1e4, false, 1},
                   {"packaging_g_per_ic", &Ic::packaging_g_per_ic, "g CO2e", 0, 1e6, false, -1}}),  // -1: ACT's value
        model<MicrophoneInputs>("microphone", BlockModel::microphone, Stage::manufacturing,
                                {{"mass_g", &MicrophoneInputs::mass_g, "g", 0, 1e7, true, 0},
                                 {"kg_co2e_per_g", &MicrophoneInputs::kg_co2e_per_g, "kg CO2e/g", 0, 1e3, true, 0}}),
        model<Battery>("battery", BlockModel::battery, Stage::manufacturing,
                       {{"mass_g", &Battery::mass_g, "g", 0, 1e7, false, 0},
                        {"kg_co2e_per_kg", &Battery::kg_co2e_per_kg, "kg CO2e/kg", 0, 1e4, false, 0},
                        // 1 uWh (3.6 mJ, a small storage capacitor): replacements are the device's
                        // energy over the cell's, so a cell of almost no energy would need inf of them.
                        // Absent: 0, replacements not modelled.
                        {"capacity_wh", &Battery::capacity_wh, "Wh", 1e-6, 1e7, false, 0},
                        {"kg_co2e_per_kwh", &Battery::kg_co2e_per_kwh, "kg CO2e/kWh", 0, 1e5, false, 0},
                        {"depth_of_discharge", &Battery::depth_of_discharge, "1", 1e-9, 1, false, 1},
                        {"cycle_life", &Battery::cycle_life, "cycles", 0, 1e7, false, 0}}),  // 0: no replacements modelled
        model<MainsSupplyInputs>("mains_supply", BlockModel::mains_supply, Stage::manufacturing,
                                 {{"adapter_kg", &MainsSupplyInputs::adapter_kg, "kg CO2e", 0, 1e4, false, 0},
                                  {"cable_length_m", &MainsSupplyInputs::cable_length_m, "m", 0, 1e5, false, 0},
                                  {"cable_kg_co2e_per_m", &MainsSupplyInputs::cable_kg_co2e_per_m, "kg CO2e/m", 0, 1e3,
                                   false, 0}}),
        model<PcbInputs>("pcb", BlockModel::pcb, Stage::manufacturing,
                         {{"area_cm2", &PcbInputs::area_cm2, "cm2", 0, 1e6, true, 0},
                          {"kg_co2e_per_m2", &PcbInputs::kg_co2e_per_m2, "kg CO2e/m2", 0, 1e5, true, 0}}),
        model<Casing>("casing", BlockModel::casing, Stage::manufacturing,
                      {{"abs_g", &Casing::abs_g, "g", 0, 1e7, false, 0},
                       {"aluminium_g", &Casing::aluminium_g, "g", 0, 1e7, false, 0},
                       {"steel_g", &Casing::steel_g, "g", 0, 1e7, false, 0},
                       {"abs_kg_co2e_per_kg", &Casing::abs_kg_co2e_per_kg, "kg CO2e/kg", 0, 1e4, false, 0},
                       {"aluminium_kg_co2e_per_kg", &Casing::aluminium_kg_co2e_per_kg, "kg CO2e/kg", 0, 1e4, false, 0},
                       {"steel_kg_co2e_per_kg", &Casing::steel_kg_co2e_per_kg, "kg CO2e/kg", 0, 1e4, false, 0}}),
        model<Passives>("passives", BlockModel::passives, Stage::manufacturing,
                        {{"capacitors_resistors", &Passives::capacitors_resistors, "parts", 0, 1e6, false, 0},
                         {"diodes", &Passives::diodes, "parts", 0, 1e6, false, 0},
                         {"transistors", &Passives::transistors, "parts", 0, 1e6, false, 0},
                         {"tantalum_capacitors", &Passives::tantalum_capacitors, "parts", 0, 1e6, false, 0},
                         {"crystals", &Passives::crystals, "parts", 0, 1e6, false, 0},
                         {"capacitor_resistor_kg", &Passives::capacitor_resistor_kg, "kg CO2e/part", 0, 1e3, false, 0},
                         {"diode_kg", &Passives::diode_kg, "kg CO2e/part", 0, 1e3, false, 0},
                         {"transistor_kg", &Passives::transistor_kg, "kg CO2e/part", 0, 1e3, false, 0},
                         {"tantalum_capacitor_kg", &Passives::tantalum_capacitor_kg, "kg CO2e/part", 0, 1e3, false, 0},
                         {"crystal_kg", &Passives::crystal_kg, "kg CO2e/part", 0, 1e3, false, 0}}),
        model<Ui>("user_interface", BlockModel::user_interface, Stage::manufacturing,
                  {{"leds", &Ui::leds, "parts", 0, 1e6, false, 0},
                   {"switches", &Ui::switches, "parts", 0, 1e6, false, 0},
                   {"led_kg", &Ui::led_kg, "kg CO2e/part", 0, 1e3, false, 0},
                   {"switch_kg", &Ui::switch_kg, "kg CO2e/part", 0, 1e3, false, 0}}),
        model<Transport>("transport", BlockModel::transport, Stage::transport,
                         {{"mass_g", &Transport::mass_g, "g", 0, 1e7, true, 0},
                          {"truck_km", &Transport::truck_km, "km", 0, 1e6, false, 0},
                          {"ship_km", &Transport::ship_km, "km", 0, 1e6, false, 0},
                          {"plane_km", &Transport::plane_km, "km", 0, 1e6, false, 0},
                          {"truck_kg_co2e_per_tkm", &Transport::truck_kg_co2e_per_tkm, "kg CO2e/(t km)", 0, 1e2, false, 0},
                          {"ship_kg_co2e_per_tkm", &Transport::ship_kg_co2e_per_tkm, "kg CO2e/(t km)", 0, 1e2, false, 0},
                          {"plane_kg_co2e_per_tkm", &Transport::plane_kg_co2e_per_tkm, "kg CO2e/(t km)", 0, 1e2, false,
                           0}}),
        model<TrainingInputs>("training", BlockModel::training, Stage::training,
                              {{"kg_co2e_per_run", &TrainingInputs::kg_co2e_per_run, "kg CO2e", 0, 1e12, true, 0},
                               {"runs", &TrainingInputs::runs, "runs", 0, 1e6, false, 1},
                               {"devices", &TrainingInputs::devices, "devices", 1, 1e15, true, 0}}),
        model<EndOfLifeInputs>("end_of_life", BlockModel::end_of_life, Stage::end_of_life,
                               {{"mass_g", &EndOfLifeInputs::mass_g, "g", 0, 1e7, true, 0},
                                {"kg_co2e_per_kg", &EndOfLifeInputs::kg_co2e_per_kg, "kg CO2e/kg", 0, 1e4, true, 0},
                                {"collection_rate", &EndOfLifeInputs::collection_rate, "1", 0, 1, false, 1},
                                {"uncollected_kg_co2e_per_kg", &EndOfLifeInputs::uncollected_kg_co2e_per_kg,
                                 "kg CO2e/kg", 0, 1e4, false, 0}}),
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
