#include "models/ic.h"

namespace tinyfleet::models {

double die_embodied_kg(double die_area_mm2, double carbon_per_area_kg_per_cm2, double packaging_kg) {
    return die_area_mm2 / mm2_per_cm2 * carbon_per_area_kg_per_cm2 + packaging_kg;
}

}  // namespace tinyfleet::models
