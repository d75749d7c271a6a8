// A bill-of-materials block (sim/input/bom_catalogue.h) evaluated for one
// device: the call into models/ with the block's inputs resolved in a
// realization. Holds no emission factor: those come from the scenario (with
// their source) or from models/data/ tables.
#pragma once
#include "sim/engine/parameters.h"
#include "sim/input/bom_catalogue.h"

namespace tinyfleet {

// What a block needs to know of its device.
struct DeviceContext {
    double energy_kwh_per_year = 0.0;   // drawn by the device
    double lifetime_years = 0.0;
};

// kg CO2e per device of one block.
double block_kg(const BomBlock& block, const RealizedParameters& p, const DeviceContext& device);

// A battery block whose count of cells depends on the device (capacity and
// cycle life given): the fleet engine evaluates it device by device.
struct BatteryTerms {
    bool per_device = false;        // replacements are modelled
    double kg_per_battery = 0.0;    // [kg CO2e per cell]
    double usable_wh = 0.0;         // [Wh]
    double cycle_life = 0.0;        // [full-equivalent cycles]
    double cell_mass_kg = 0.0;      // [kg per cell]; 0 when the block gives no mass_g
};
BatteryTerms battery_terms(const BomBlock& block, const RealizedParameters& p);

// Extra batteries over the device life (0 for other blocks).
double battery_replacements_of(const BomBlock& block, const RealizedParameters& p, const DeviceContext& device);

}  // namespace tinyfleet
