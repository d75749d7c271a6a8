#include "models/use/use_phase.h"

namespace tinyfleet::models {

double use_phase_lifetime_kg(double kg_co2e_per_year, double lifetime_years) {
    return kg_co2e_per_year * lifetime_years;
}

}  // namespace tinyfleet::models
