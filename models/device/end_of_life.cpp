#include "models/device/end_of_life.h"

#include "models/units.h"

namespace tinyfleet::models {

double end_of_life_kg(double ewaste_mass_g, double kg_co2e_per_kg) {
    return ewaste_mass_g / g_per_kg * kg_co2e_per_kg;
}

}  // namespace tinyfleet::models
