#include "models/battery.h"

#include <cmath>

namespace tinyfleet::models {

namespace {
constexpr double wh_per_kwh = 1000.0;
constexpr double g_per_kg = 1000.0;
constexpr double mah_per_ah = 1000.0;
constexpr double days_per_year = 365.0;  // 8760 h / 24 h (definition, not data)
// Relative slack below which E_life / E_per_batt is taken as a whole number.
constexpr double whole_number_tolerance = 1e-12;

// E_life / E_per_batt [batteries' worth of energy]
double batteries_worth_of_energy(double device_energy_per_year_kwh, double lifetime_years,
                                 double usable_capacity_wh, double cycle_life) {
    const double lifetime_energy_wh = device_energy_per_year_kwh * wh_per_kwh * lifetime_years;
    const double energy_per_battery_wh = usable_capacity_wh * cycle_life;
    return lifetime_energy_wh / energy_per_battery_wh;
}

// max(0, x) that keeps NaN (std::max(0.0, NaN) would return 0 and hide it).
double clamp_below_at_zero(double x) { return x < 0.0 ? 0.0 : x; }
}  // namespace

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

double battery_replacements(double device_energy_per_year_kwh, double lifetime_years,
                            double usable_capacity_wh, double cycle_life) {
    const double ratio =
        batteries_worth_of_energy(device_energy_per_year_kwh, lifetime_years, usable_capacity_wh, cycle_life);
    // ratio x (1 - tol) keeps inf as inf and NaN as NaN; negative ratios are clamped below.
    const double batteries = std::ceil(ratio * (1.0 - whole_number_tolerance));
    return clamp_below_at_zero(batteries - 1.0);
}

double battery_replacements_pro_rata(double device_energy_per_year_kwh, double lifetime_years,
                                     double usable_capacity_wh, double cycle_life) {
    const double ratio =
        batteries_worth_of_energy(device_energy_per_year_kwh, lifetime_years, usable_capacity_wh, cycle_life);
    return clamp_below_at_zero(ratio - 1.0);
}

double battery_lifetime_embodied_kg(double embodied_kg_per_battery, double replacements) {
    return embodied_kg_per_battery * (1.0 + replacements);
}

bool battery_too_small_for_one_day(double device_energy_per_year_kwh, double usable_capacity_wh) {
    const double energy_per_day_wh = device_energy_per_year_kwh * wh_per_kwh / days_per_year;
    return energy_per_day_wh > usable_capacity_wh;
}

}  // namespace tinyfleet::models
