// Carbon payback of one device: the years of operation t after which the
// emissions its application avoided exceed its own life-cycle emissions,
//   offset · t = E_fixed + use · t   =>   t* = E_fixed / (offset − use),
// with E_fixed the emissions that do not grow with operating time
// (manufacturing, transport, training, end of life) and use, offset in
// kg CO2e per year. Never (+infinity) when offset <= use.
//
// Two devices are reported, and they differ in value (not in formula):
//  * nominal_device_payback_years: the device at nominal inputs (`tinyfleet
//    point`): every input at its nominal value, the deployment mix's mean grid
//    intensity, the expected offset (delivery rate × avoided emissions);
//  * mean_device_payback_years: the class's average device in one realization
//    of a fleet run: the mean over its simulated representative devices, each
//    with its own drawn lifetime, power, region and delivery (the mean of
//    per-device battery replacements is not the replacements of the mean
//    device, and a sample mean is not the nominal value).
#pragma once
#include <cstddef>

#include "models/fleet/class_year_totals.h"
#include "models/fleet/cohort_tally.h"

namespace tinyfleet::models {

double payback_years(double fixed_kg, double use_kg_per_year, double offset_kg_per_year);

// A device described by its whole life-cycle total (use phase over its life
// included): E_fixed = life_cycle_kg − lifetime_use_kg.
double nominal_device_payback_years(double life_cycle_kg, double lifetime_use_kg, double use_kg_per_year,
                                    double offset_kg_per_year);

// The average of `count` simulated devices of a class, on grid intensities
// intensity_of_region[r * region_stride] [kg CO2e/kWh] (device region r):
//   E_fixed = Σ per-device embodied of the class + end of life + mean device-dependent embodied
//   use     = mean of grid kWh/yr × CI of the device's region
//   offset  = mean of delivers × avoided_kg_per_device_year(CI of the device's region)
double mean_device_payback_years(const DeviceOutcome* devices, std::size_t count, const double* intensity_of_region,
                                 std::size_t region_stride, const ClassConstants& constants);

// Breakeven year of a fleet: the first year y (first_year + index) whose
// cumulative net emissions cumulative_net[index] are <= 0, i.e. from which
// the avoided emissions have repaid everything emitted so far; +infinity
// when no simulated year does.
double fleet_breakeven_year(const double* cumulative_net, int years, int first_year);

}  // namespace tinyfleet::models
