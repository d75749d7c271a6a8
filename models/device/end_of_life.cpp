#include "models/device/end_of_life.h"

namespace tinyfleet::models {

namespace {
constexpr double g_per_kg = 1000.0;
}

double end_of_life_kg(double ewaste_mass_g, double kg_co2e_per_kg) {
    return ewaste_mass_g / g_per_kg * kg_co2e_per_kg;
}

}  // namespace tinyfleet::models
