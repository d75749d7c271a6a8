#include "models/use/use_phase.h"

namespace tinyfleet::models {

double use_phase_emissions_kg(double grid_energy_kwh, double grid_kg_co2e_per_kwh) {
    return grid_energy_kwh * grid_kg_co2e_per_kwh;
}

double use_phase_lifetime_kg(double kg_co2e_per_year, double lifetime_years) {
    return kg_co2e_per_year * lifetime_years;
}

}  // namespace tinyfleet::models
