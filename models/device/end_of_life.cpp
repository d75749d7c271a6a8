#include "models/device/end_of_life.h"

namespace tinyfleet::models {

namespace {
constexpr double g_per_kg = 1000.0;
}

double end_of_life_kg(double ewaste_mass_g, double kg_co2e_per_kg) {
    return ewaste_mass_g / g_per_kg * kg_co2e_per_kg;
}

double end_of_life_factor_upper_bound(double share_of_total, double total_kg, double device_mass_g) {
    return share_of_total * total_kg / (device_mass_g / g_per_kg);
}

}  // namespace tinyfleet::models
