#include "models/device/sensors.h"

namespace tinyfleet::models {

double microphone_embodied_kg(double mass_g, double kg_co2e_per_g) {
    return mass_g * kg_co2e_per_g;  // E = m * f
}

}  // namespace tinyfleet::models
