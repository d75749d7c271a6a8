// Emissions a TinyML application avoids, per device-year of service of a
// device whose application delivers its savings:
//   A [kg CO2e/device-yr] = (1 - rebound) x (E_saved [kWh/device-yr] x CI_grid [kg CO2e/kWh]
//                                            + D [kg CO2e/device-yr])
// E_saved: electricity the application saves (HVAC, lighting, pumps) at the
// grid of the device's region and year; D: direct savings that are not grid
// electricity (fertiliser, water, fuel, spares); rebound: the fraction of the
// savings taken back by increased use. The delivery rate (the share of
// deployed devices whose application delivers) is applied device by device
// by the fleet engine (a device delivers or not), so it is not in this formula.
#pragma once

namespace tinyfleet::models {

inline double avoided_kg_per_device_year(double energy_saved_kwh, double grid_kg_per_kwh, double direct_kg,
                                         double rebound) {
    return (1.0 - rebound) * (energy_saved_kwh * grid_kg_per_kwh + direct_kg);
}

// The expectation over devices: the share that delivers times A [kg CO2e/device-yr].
inline double expected_avoided_kg_per_device_year(double delivering_share, double energy_saved_kwh,
                                                  double grid_kg_per_kwh, double direct_kg, double rebound) {
    return delivering_share * avoided_kg_per_device_year(energy_saved_kwh, grid_kg_per_kwh, direct_kg, rebound);
}

}  // namespace tinyfleet::models
