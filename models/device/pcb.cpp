#include "models/device/pcb.h"

#include "models/units.h"

namespace tinyfleet::models {

double pcb_embodied_kg(double area_cm2, double kg_co2e_per_m2) {
    return area_cm2 / cm2_per_m2 * kg_co2e_per_m2;
}

double pcb_kg_per_m2_for_layers(int layers, std::span<const PcbLayerFactor> table,
                                double kg_co2e_per_m2_per_layer) {
    for (const PcbLayerFactor& row : table)
        if (row.layers == layers) return row.kg_co2e_per_m2;
    return layers * kg_co2e_per_m2_per_layer;
}

}  // namespace tinyfleet::models
