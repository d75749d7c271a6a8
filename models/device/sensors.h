// Sensing block of a TinyML device.
//
//   microphone (electret):  E = m * f                       [kg CO2e]
//     m  microphone mass [g]; f  kg CO2e per g. The factor is an ASSUMPTION derived
//     in models/data/sensors.yaml (0.2 kg/g reproduces the paper's 0.01 / 0.02 /
//     0.04 kg at Pirson & Bol's 0.05 / 0.1 / 0.2 g).
//   CMOS imager, MEMS sensor: a die, costed like any IC (models/device/ic.h):
//     E = A_die * CPA(node) + N_packages * C_package
//     Pirson & Bol (2021): imager 8 / 30 / 58 mm2 at 130 nm; sensors 0 / 3 / 5 mm2
//     at 250 nm -- both older than any ACT node, so a MissingTermPolicy applies.
#pragma once
#include <string>

#include "models/device/ic.h"

namespace tinyfleet::models {

// Best / typical / worst triple of one input.
struct Range3 {
    double best = ProcessNode::nan;
    double typical = ProcessNode::nan;
    double worst = ProcessNode::nan;
};

// The sensing data of models/data/sensors.yaml.
struct SensorFactors {
    double microphone_kg_co2e_per_g = ProcessNode::nan;              // [kg CO2e/g], the factor used
    double microphone_kg_co2e_per_g_alternative = ProcessNode::nan;  // [kg CO2e/g], upper reading
    Range3 microphone_mass_g;      // [g]
    Range3 cmos_imager_die_mm2;    // [mm2]
    std::string cmos_imager_node;  // process node name, e.g. "130nm"
    Range3 mems_sensor_die_mm2;    // [mm2]
    std::string mems_sensor_node;  // process node name, e.g. "250nm"
};

// E_mic = m * f:  mass_g [g], kg_co2e_per_g [kg CO2e/g] -> [kg CO2e]
double microphone_embodied_kg(double mass_g, double kg_co2e_per_g);

}  // namespace tinyfleet::models
