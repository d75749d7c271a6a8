#include "models/device/battery.h"

#include "models/use/use_phase.h"

namespace tinyfleet::models {

double battery_embodied_kg_from_capacity(double capacity_wh, double kg_co2e_per_kwh) {
    return capacity_wh / wh_per_kwh * kg_co2e_per_kwh;
}

double battery_embodied_kg_from_mass(double mass_g, double kg_co2e_per_kg) {
    return mass_g / g_per_kg * kg_co2e_per_kg;
}

double battery_nominal_capacity_wh(double charge_mah, double voltage_v) {
    return charge_mah / mah_per_ah * voltage_v;
}

double battery_usable_capacity_wh(double nominal_capacity_wh, double depth_of_discharge) {
    return nominal_capacity_wh * depth_of_discharge;
}

bool battery_too_small_for_one_day(double device_energy_per_year_kwh, double usable_capacity_wh) {
    return use_phase_energy_per_day_wh(device_energy_per_year_kwh) > usable_capacity_wh;
}

}  // namespace tinyfleet::models
