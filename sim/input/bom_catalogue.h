// Bill-of-materials blocks of a device class. A block is either
//   block-level: a number or parameter in kg CO2e per device (Pirson & Bol
//                levels, as the paper did), or
//   bottom-up:   `{model: <name>, ...}` with the physical inputs of one of the
//                models in models/ (die area and process node, battery mass,
//                PCB area, casing masses, part counts, transport legs, ...).
// A scenario can mix both per block. This file holds the inputs of each
// bottom-up model (one struct per model, a field per input) and the
// catalogue that gives each field its scenario key, unit, domain and default,
// and the block as read from a scenario; sim/fleet/bom_blocks.h evaluates it.
// No emission factor here: those come from the scenario (with their source)
// or from models/data/ tables.
#pragma once
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "models/fleet/fleet_metrics.h"
#include "models/device/ic.h"
#include "models/device/yield.h"
#include "sim/engine/parameters.h"
#include "sim/engine/input_error.h"

namespace tinyfleet {


enum class Stage { manufacturing, transport, training, use, end_of_life };
const char* to_string(Stage stage);
constexpr int stage_count = 5;

enum class BlockModel {
    fixed,           // kg CO2e given directly (block-level)
    ic,              // ACT: die area x (CI_fab EPA + GPA + MPA) / yield + packaging
    microphone,      // mass x factor
    battery,         // mass x factor (or capacity x factor), x (1 + replacements)
    mains_supply,    // adapter + cable length x factor
    pcb,             // area x per-area factor
    casing,          // masses of ABS, aluminium, steel x per-kg factors
    passives,        // part counts x per-part factors
    user_interface,  // LEDs and switches x per-part factors
    transport,       // mass x distance by mode x per-mode factors
    training,        // training emissions amortised over devices
    end_of_life,     // e-waste mass x per-kg factor
};

// The inputs of each bottom-up model, by name (scenario keys are the field
// names; units and domains in the catalogue, bom_catalogue.cpp).
struct IcInputs {
    NumberOrParameter die_area_mm2;
    NumberOrParameter ci_fab_g_per_kwh;         // default: the fab_location's grid
    NumberOrParameter yield;                    // default: ACT's (fixed yield model)
    NumberOrParameter defect_density_per_cm2;   // default: the node's, if tabulated
    NumberOrParameter packages;
    NumberOrParameter packaging_g_per_ic;       // default: ACT's per-package value
};
struct MicrophoneInputs {
    NumberOrParameter mass_g, kg_co2e_per_g;
};
struct BatteryInputs {
    NumberOrParameter mass_g, kg_co2e_per_kg;        // by mass, or
    NumberOrParameter capacity_wh, kg_co2e_per_kwh;  // by capacity
    NumberOrParameter depth_of_discharge;
    NumberOrParameter cycle_life;                    // 0: no replacements modelled
};
struct MainsSupplyInputs {
    NumberOrParameter adapter_kg, cable_length_m, cable_kg_co2e_per_m;
};
struct PcbInputs {
    NumberOrParameter area_cm2, kg_co2e_per_m2;
};
struct CasingInputs {
    NumberOrParameter abs_g, aluminium_g, steel_g;
    NumberOrParameter abs_kg_co2e_per_kg, aluminium_kg_co2e_per_kg, steel_kg_co2e_per_kg;
};
struct PassivesInputs {
    NumberOrParameter capacitors_resistors, diodes, transistors, tantalum_capacitors, crystals;
    NumberOrParameter capacitor_resistor_kg, diode_kg, transistor_kg, tantalum_capacitor_kg, crystal_kg;
};
struct UserInterfaceInputs {
    NumberOrParameter leds, switches, led_kg, switch_kg;
};
struct TransportInputs {
    NumberOrParameter mass_g, truck_km, ship_km, plane_km;
    NumberOrParameter truck_kg_co2e_per_tkm, ship_kg_co2e_per_tkm, plane_kg_co2e_per_tkm;
};
struct TrainingInputs {
    NumberOrParameter kg_co2e_per_run, runs, devices;
};
struct EndOfLifeInputs {
    NumberOrParameter mass_g, kg_co2e_per_kg;            // kg_co2e_per_kg: of the collected share
    NumberOrParameter collection_rate;                   // fraction collected and treated formally (default 1)
    NumberOrParameter uncollected_kg_co2e_per_kg;        // of the rest (default 0)
};
// std::monostate: a block-level block (BomBlock::kg_co2e).
using BlockInputs = std::variant<std::monostate, IcInputs, MicrophoneInputs, BatteryInputs, MainsSupplyInputs, PcbInputs,
                                 CasingInputs, PassivesInputs, UserInterfaceInputs, TransportInputs, TrainingInputs,
                                 EndOfLifeInputs>;

// One input of a model as a scenario gives it.
struct BlockArgument {
    const char* name;       // scenario key, the name of the inputs' field
    const char* unit;
    double min, max;        // physical domain
    bool required;
    double default_value;   // when not required and absent
    std::function<NumberOrParameter&(BlockInputs&)> field;  // the field of the model's inputs it fills
};

struct BlockModelSpec {
    const char* name;
    BlockModel model;
    Stage stage;
    std::vector<BlockArgument> arguments;  // in the order they are read
    BlockInputs defaults;                  // the model's inputs with every field at its default_value
};

// The catalogue of bottom-up models, by `model:` name.
const std::vector<BlockModelSpec>& block_model_catalogue();

// IC-specific choices, fixed when the scenario is read.
struct IcChoices {
    models::ResolvedNodeTerms terms;   // process node terms under the missing-term policy
    models::YieldModel yield_model = models::YieldModel::fixed;
    double negative_binomial_alpha = 0.0;
};

struct BomBlock {
    std::string name;
    Stage stage = Stage::manufacturing;
    BlockModel model = BlockModel::fixed;
    NumberOrParameter kg_co2e;                   // fixed blocks
    BlockInputs inputs;                 // bottom-up blocks: the model's inputs
    IcChoices ic;                       // ic blocks
    int category = models::category_passives;  // embodied category (models/fleet/fleet_metrics.h) it is reported under
    std::string note;                   // how the block was computed (shown in outputs)
    SourceLocation where;               // of the block in the scenario, for messages
    std::string path;                   // e.g. classes.kws.bom.power_supply
};

// The embodied category a block is reported under: by its name (the paper's
// block names: mcu/processing_mcu, sensing, power_supply, pcb, casing,
// passives/others_passives/user_interface, transport, ml_training), else by
// its bottom-up model. Returns -1 when neither says (a block-level block
// with another name) and for end-of-life blocks (not embodied).
int embodied_category_of(const std::string& block_name, BlockModel model);
std::string known_block_names();

}  // namespace tinyfleet
