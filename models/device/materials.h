// Casing (enclosure) materials: embodied carbon by mass of each material.
//
//   E_material [kg CO2e] = m [g] / 1000 [g/kg] x EF [kg CO2e/kg]
//   E_casing   [kg CO2e] = sum over ABS, aluminium, steel of E_material
//
// Pirson & Bol (2021) HSL-1 casing masses are given per material (ABS 10/50/100 g,
// aluminium 1/10/30 g, steel 1/10/30 g, best/typical/worst); a casing is their sum.
#pragma once

namespace tinyfleet::models {

// mass_g [g], kg_co2e_per_kg [kg CO2e/kg] -> [kg CO2e]
double material_embodied_kg(double mass_g, double kg_co2e_per_kg);

struct CasingMassesG {
    double abs_g = 0.0;        // acrylonitrile butadiene styrene [g]
    double aluminium_g = 0.0;  // [g]
    double steel_g = 0.0;      // [g]
};

struct CasingFactorsKgPerKg {
    double abs = 0.0;        // [kg CO2e/kg]
    double aluminium = 0.0;  // [kg CO2e/kg]
    double steel = 0.0;      // [kg CO2e/kg]
};

// sum of m_i / 1000 x EF_i [kg CO2e per casing]
double casing_embodied_kg(const CasingMassesG& masses, const CasingFactorsKgPerKg& factors);

}  // namespace tinyfleet::models
