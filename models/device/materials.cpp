#include "models/device/materials.h"

#include "models/units.h"

namespace tinyfleet::models {

double material_embodied_kg(double mass_g, double kg_co2e_per_kg) {
    return mass_g / g_per_kg * kg_co2e_per_kg;
}

double casing_embodied_kg(const CasingMassesG& masses, const CasingFactorsKgPerKg& factors) {
    return material_embodied_kg(masses.abs_g, factors.abs) +
           material_embodied_kg(masses.aluminium_g, factors.aluminium) +
           material_embodied_kg(masses.steel_g, factors.steel);
}

}  // namespace tinyfleet::models
