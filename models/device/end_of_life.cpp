#include "models/device/end_of_life.h"

#include "models/units.h"

namespace tinyfleet::models {

double end_of_life_kg(double ewaste_mass_g, double kg_co2e_per_kg) {
    return ewaste_mass_g / g_per_kg * kg_co2e_per_kg;
}

double end_of_life_kg(double ewaste_mass_g, double collection_rate, double collected_kg_co2e_per_kg,
                      double uncollected_kg_co2e_per_kg) {
    return ewaste_mass_g / g_per_kg *
           (collection_rate * collected_kg_co2e_per_kg + (1.0 - collection_rate) * uncollected_kg_co2e_per_kg);
}

}  // namespace tinyfleet::models
