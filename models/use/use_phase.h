// Use phase: operational energy of a duty-cycled device and its emissions.
//
//   E_device [kWh/yr] = (d x P_active + (1 - d) x P_sleep) [W] x H [h/yr] / 1000 [Wh/kWh]
//   E_grid   [kWh/yr] = E_device / eta
//   CO2e     [kg/yr]  = E_grid x CI [kg CO2e/kWh]
//
// d: duty cycle (fraction of time active); H: hours per year in service (8760
// for a full year, less for a partial year); eta: efficiency from the grid to
// the device -- the charging efficiency of a battery device (charger and cell
// losses), the adapter efficiency of a mains device, 1 if losses are ignored.
// The battery model (models/device/battery.h) takes E_device, the grid takes E_grid.
#pragma once
#include "models/units.h"

namespace tinyfleet::models {

// Inline: the fleet engine evaluates these once per simulated device.
// E_device is affine in each of d, P_active and P_sleep, so for independent
// d, P_active and P_sleep its mean is the function of their means (the
// cohort mode's average device, sim/fleet/cohort_sum.cpp, relies on it).
// active_w, sleep_w [W], duty_cycle [fraction], hours_in_service_per_year [h/yr] -> [kWh/yr]
inline double use_phase_device_energy_kwh(double active_w, double sleep_w, double duty_cycle,
                                          double hours_in_service_per_year) {
    const double mean_power_w = duty_cycle * active_w + (1.0 - duty_cycle) * sleep_w;
    return mean_power_w * hours_in_service_per_year / wh_per_kwh;
}

// device_energy_kwh [kWh], charging_efficiency [fraction, 0 < eta <= 1] -> energy from the grid [kWh]
inline double use_phase_grid_energy_kwh(double device_energy_kwh, double charging_efficiency) {
    return device_energy_kwh / charging_efficiency;
}

// energy_kwh_per_year [kWh/yr] -> the same energy per day [Wh/d], over the 365-day year
inline double use_phase_energy_per_day_wh(double energy_kwh_per_year) {
    return energy_kwh_per_year * wh_per_kwh / days_per_year;
}

// grid_energy_kwh [kWh], grid_kg_co2e_per_kwh [kg CO2e/kWh] -> [kg CO2e]
// (inline: the per-device loops of the cohort mode call it once a device)
inline double use_phase_emissions_kg(double grid_energy_kwh, double grid_kg_co2e_per_kwh) {
    return grid_energy_kwh * grid_kg_co2e_per_kwh;
}

// kg_co2e_per_year [kg CO2e/yr] over lifetime_years [yr] at a constant grid -> [kg CO2e]
double use_phase_lifetime_kg(double kg_co2e_per_year, double lifetime_years);

}  // namespace tinyfleet::models
