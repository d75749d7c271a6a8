// Embodied carbon of an integrated circuit die (foundation form):
//   E_die = area x CPA + packaging
// with CPA the carbon per die area. The ACT decomposition of CPA (fab
// electricity, gases, materials, yield) and its process-node tables come with
// the life-cycle model; here CPA is an input.
#pragma once

namespace tinyfleet::models {

constexpr double mm2_per_cm2 = 100.0;

// die_area_mm2 [mm2], carbon_per_area [kg CO2e/cm2], packaging [kg CO2e] -> [kg CO2e]
double die_embodied_kg(double die_area_mm2, double carbon_per_area_kg_per_cm2, double packaging_kg);

}  // namespace tinyfleet::models
