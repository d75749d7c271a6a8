#include "models/device/sensors.h"

namespace tinyfleet::models {

double microphone_embodied_kg(double mass_g, double kg_co2e_per_g) {
    return mass_g * kg_co2e_per_g;  // E = m * f
}

double sensor_die_embodied_kg(double die_area_mm2, double cpa_g_per_cm2, double packages,
                              double packaging_g_per_ic) {
    return ic_embodied_kg(die_area_mm2, cpa_g_per_cm2, packages, packaging_g_per_ic);
}

double sensor_die_embodied_kg(double die_area_mm2, const ResolvedNodeTerms& node, double ci_fab_g_per_kwh,
                              double yield, double packages, double packaging_g_per_ic) {
    const double cpa = carbon_per_area_g_per_cm2(node, ci_fab_g_per_kwh, yield);
    return ic_embodied_kg(die_area_mm2, cpa, packages, packaging_g_per_ic);
}

}  // namespace tinyfleet::models
