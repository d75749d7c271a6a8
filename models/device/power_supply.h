// Mains power supply of a mains-powered TinyML device (Pirson & Bol 2021 HSL-0:
// a power cable of 0.5 / 1 / 1.5 m; Prakash et al. 2023 calculator option
// "mains" 0.52 kg CO2e per device). Battery-powered devices use models/device/battery.h.
//
//   E_supply [kg CO2e] = E_adapter [kg CO2e] + l_cable [m] x EF_cable [kg CO2e/m]
//
// The paper gives one lump number; models/data/components.yaml records how it
// is split (by default all of it is read as the typical 1 m cable).
#pragma once

namespace tinyfleet::models {

// adapter_kg [kg CO2e per adapter, 0 if none], cable_length_m [m],
// cable_kg_co2e_per_m [kg CO2e/m] -> [kg CO2e per device]
double mains_supply_embodied_kg(double adapter_kg, double cable_length_m, double cable_kg_co2e_per_m);

}  // namespace tinyfleet::models
