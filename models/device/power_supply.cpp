#include "models/device/power_supply.h"

namespace tinyfleet::models {

double mains_supply_embodied_kg(double adapter_kg, double cable_length_m, double cable_kg_co2e_per_m) {
    return adapter_kg + cable_length_m * cable_kg_co2e_per_m;
}

}  // namespace tinyfleet::models
