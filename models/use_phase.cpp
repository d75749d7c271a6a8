#include "models/use_phase.h"

namespace tinyfleet::models {

namespace {
constexpr double wh_per_kwh = 1000.0;
}

double use_phase_device_energy_kwh(double active_w, double sleep_w, double duty_cycle,
                                   double hours_in_service_per_year) {
    const double mean_power_w = duty_cycle * active_w + (1.0 - duty_cycle) * sleep_w;
    return mean_power_w * hours_in_service_per_year / wh_per_kwh;
}

double use_phase_grid_energy_kwh(double device_energy_kwh, double charging_efficiency) {
    return device_energy_kwh / charging_efficiency;
}

double use_phase_emissions_kg(double grid_energy_kwh, double grid_kg_co2e_per_kwh) {
    return grid_energy_kwh * grid_kg_co2e_per_kwh;
}

}  // namespace tinyfleet::models
