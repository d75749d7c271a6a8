// Expected-value cohort model of one device class over the simulated years.
//
// Each year's shipments form a cohort that enters service at mid-year. A
// device of age a is still in service with probability S(a) (the survival
// function of the lifetime). For a cohort of N devices in its k-th year
// (k = year - shipment year):
//   in service at the end of the year   N S(k + 1/2)
//   retired during the year             N (S_start - S(k + 1/2)), S_start = 1 for k = 0, else S(k - 1/2)
//   device-years of service             N x (length of service in the year) x trapezoid of S
//                                       = N x 1/2 x (S(0) + S(1/2)) / 2            for k = 0
//                                       = N x (S(k - 1/2) + S(k + 1/2)) / 2       for k >= 1
// so that stock(y) = stock(y - 1) + shipments(y) - retirements(y) exactly.
// Devices shipped before the first simulated year are not modelled (the fleet
// starts empty): start the run early enough for that not to matter.
#pragma once

namespace tinyfleet::models {

struct ClassYearInputs {
    int years = 0;                             // number of simulated years Y
    const double* shipments = nullptr;         // [Y] devices
    const double* grid_kg_per_kwh = nullptr;   // [Y] carbon intensity of the class's region
    const double* survival_half = nullptr;     // [Y] S(k + 1/2), k = 0..Y-1
    double survival_at_zero = 1.0;             // S(0)
    double embodied_kg_per_device = 0.0;       // kg CO2e, charged in the shipment year (manufacturing, transport, training)
    double end_of_life_kg_per_device = 0.0;    // kg CO2e, charged in the retirement year
    double energy_kwh_per_device_year = 0.0;   // kWh
    double offset_kg_per_device_year = 0.0;    // kg CO2e
    double mass_kg_per_device = 0.0;           // kg
};

// Writes out[metric * Y + year] for every metric in fleet_metrics.h.
// `device_years` is scratch of length Y.
void evaluate_class_expected(const ClassYearInputs& in, double* device_years, double* out);

}  // namespace tinyfleet::models
