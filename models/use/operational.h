// Operational (use-phase) energy of a device that alternates between an
// active state and a sleep state:
//   E_year = (d P_active + (1 - d) P_sleep) x 8760 h / 1000   [kWh per year]
// and its emissions E_year x grid carbon intensity.
#pragma once

namespace tinyfleet::models {

constexpr double hours_per_year = 8760.0;  // 365 d x 24 h (definition, not data)

// active_w, sleep_w [W], duty_cycle [fraction of time active] -> [kWh per device-year]
double annual_energy_kwh(double active_w, double sleep_w, double duty_cycle);

}  // namespace tinyfleet::models
