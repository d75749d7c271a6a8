// Printed circuit board: embodied carbon by board area.
//
//   E_pcb [kg CO2e] = A [cm2] / 10000 [cm2/m2] x EF_area [kg CO2e/m2]
//
// EF_area by copper-layer count after ACT (act/models/materials/pcb.yaml,
// act/core/pcb_model.py): the tabulated value when the layer count is in the
// table (2, 4, 6, 8 layers), otherwise ACT's zero-intercept linear model
//   EF_area = layers x EF_per_layer          (EF_per_layer = "cpla", 0.13 kg/m2/layer)
// Note: ACT does NOT add EF_per_layer per extra layer on top of the 8-layer
// value; it multiplies the layer count (0.13 x 10 = 1.3 kg/m2 for 10 layers).
//
// The two sources of EF_area disagree by ~370x (ACT 0.43 kg/m2 = 0.043 g/cm2
// vs 160 kg/m2 = 16 g/cm2 implied by Prakash et al. 2023 for 4 layers); see
// models/data/components.yaml (pcb.discrepancy). The formula is the same; the
// scenario chooses or mixes the factor.
#pragma once

#include <span>

namespace tinyfleet::models {

// area_cm2 [cm2], kg_co2e_per_m2 [kg CO2e/m2] -> [kg CO2e per board]
double pcb_embodied_kg(double area_cm2, double kg_co2e_per_m2);

// One row of a per-layer-count table.
struct PcbLayerFactor {
    int layers = 0;               // copper layers
    double kg_co2e_per_m2 = 0.0;  // [kg CO2e/m2]
};

// The table's value for `layers` if present, else layers x kg_co2e_per_m2_per_layer
// [kg CO2e/m2].
double pcb_kg_per_m2_for_layers(int layers, std::span<const PcbLayerFactor> table,
                                double kg_co2e_per_m2_per_layer);

}  // namespace tinyfleet::models
