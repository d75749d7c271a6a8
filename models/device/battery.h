// Battery of a battery-powered TinyML device: embodied carbon of one cell and
// the number of cells a device uses over its life.
//
// Embodied carbon of one battery, by either of two published bases:
//   E_batt [kg CO2e] = C_nominal [Wh] / 1000 [Wh/kWh] x EF_energy [kg CO2e/kWh]   (ACT: NMC, LFP)
//   E_batt [kg CO2e] = m [g] / 1000 [g/kg]            x EF_mass   [kg CO2e/kg]    (paper-implied Li-ion)
// Capacity:
//   C_nominal [Wh] = Q [mAh] x V [V] / 1000
//   C_usable  [Wh] = C_nominal x DoD                 (DoD: depth of discharge, fraction)
// Batteries used over a device life L [years] at a device energy E_year [kWh/yr]:
//   E_life [Wh]      = E_year x 1000 x L
//   E_per_batt [Wh]  = C_usable x N_cycles           (N_cycles: full-equivalent cycles)
//   n_batteries      = ceil(E_life / E_per_batt)     (at least one: the device ships with it)
//   replacements     = max(0, n_batteries - 1)
//   E_batteries_life = E_batt x (1 + replacements)
//
// E_year is the energy the DEVICE draws from its battery (models/use/use_phase.h
// use_phase_device_energy_kwh), not the energy drawn from the grid, which also
// carries the charging losses. For a primary (non-rechargeable) cell pass
// N_cycles = 1.
//
// Whole cells: battery_replacements() is the physics of ONE device: whole
// cells are bought, so the count is a step function of the inputs. The exact
// and cohort fleet modes evaluate it per simulated device; the fleet mean is
// then the mean of the steps, which is what a population of devices with
// spread-out lifetimes and duty cycles really does. Plugging MEAN inputs into
// it (ceil of the mean) is wrong in general and must not be done.
// Calendar ageing (cells dying of age before their cycle life at the
// microwatt-to-milliwatt loads of TinyML) is not in these formulas; a caller
// can take the max with ceil(L / calendar_life) - 1.
//
// Counts are returned as double holding a whole number, so that a non-finite
// input reaches the engine's non-finite check instead of an undefined
// double->int conversion.
#pragma once
#include <cmath>

#include "models/units.h"

namespace tinyfleet::models {

namespace battery_detail {
// Relative slack below which E_life / E_per_batt is taken as a whole number.
inline constexpr double whole_number_tolerance = 1e-12;

// E_life / E_per_batt [batteries' worth of energy]
inline double batteries_worth_of_energy(double device_energy_per_year_kwh, double lifetime_years,
                                        double usable_capacity_wh, double cycle_life) {
    const double lifetime_energy_wh = device_energy_per_year_kwh * wh_per_kwh * lifetime_years;
    const double energy_per_battery_wh = usable_capacity_wh * cycle_life;
    return lifetime_energy_wh / energy_per_battery_wh;
}

// max(0, x) that keeps NaN (std::max(0.0, NaN) would return 0 and hide it).
inline double clamp_below_at_zero(double x) { return x < 0.0 ? 0.0 : x; }
}  // namespace battery_detail

// capacity_wh [Wh], kg_co2e_per_kwh [kg CO2e/kWh] -> [kg CO2e per battery]
double battery_embodied_kg_from_capacity(double capacity_wh, double kg_co2e_per_kwh);

// mass_g [g], kg_co2e_per_kg [kg CO2e/kg] -> [kg CO2e per battery]
double battery_embodied_kg_from_mass(double mass_g, double kg_co2e_per_kg);

// charge_mah [mAh], voltage_v [V] -> nominal capacity [Wh]
double battery_nominal_capacity_wh(double charge_mah, double voltage_v);

// nominal_capacity_wh [Wh], depth_of_discharge [fraction, 0..1] -> usable capacity [Wh]
double battery_usable_capacity_wh(double nominal_capacity_wh, double depth_of_discharge);

// Whole-cell replacements for a given ratio E_life / E_per_batt [batteries'
// worth of energy] -> [replacements, a whole number], with the whole-number
// tolerance of battery_replacements (below), which calls it. For callers that
// form the ratio another way: the cohort mode's battery pairs take
// batteries_worth_per_year x L, one product per pair. Its two steps around
// the rounding up are functions of their own, for a caller that rounds up
// another way (a vector loop on a processor without a rounding instruction).
inline double battery_cells_before_rounding(double batteries_worth) {
    // ratio x (1 - tol) keeps inf as inf and NaN as NaN.
    return batteries_worth * (1.0 - battery_detail::whole_number_tolerance);
}
// whole cells (a ceiling of battery_cells_before_rounding) -> replacements;
// negative counts are clamped below.
inline double battery_replacements_from_cells(double cells) {
    return battery_detail::clamp_below_at_zero(cells - 1.0);
}
inline double battery_replacements_for_worth(double batteries_worth) {
    return battery_replacements_from_cells(std::ceil(battery_cells_before_rounding(batteries_worth)));
}

// Whole-cell replacements over the device life (0 when the first cell suffices).
// device_energy_per_year_kwh [kWh/yr], lifetime_years [yr], usable_capacity_wh [Wh],
// cycle_life [full-equivalent cycles] -> [replacements, a whole number]
// A ratio E_life / E_per_batt within 1e-12 (relative) of a whole number counts
// as that whole number, so unit-conversion round-off cannot add a cell.
// Inline: the fleet engine evaluates it once per simulated device, on
// batches of devices it compiles to vector instructions (sim/fleet/device_simulation.cpp).
inline double battery_replacements(double device_energy_per_year_kwh, double lifetime_years,
                                   double usable_capacity_wh, double cycle_life) {
    return battery_replacements_for_worth(battery_detail::batteries_worth_of_energy(
        device_energy_per_year_kwh, lifetime_years, usable_capacity_wh, cycle_life));
}

// E_year x 1000 / E_per_batt [batteries' worth of energy per year of life]:
// E_life / E_per_batt is this x L, equal to batteries_worth_of_energy up to
// rounding. device_energy_per_year_kwh [kWh/yr], usable_capacity_wh [Wh],
// cycle_life [full-equivalent cycles] -> [1/yr]
inline double batteries_worth_per_year(double device_energy_per_year_kwh, double usable_capacity_wh,
                                       double cycle_life) {
    return device_energy_per_year_kwh * wh_per_kwh / (usable_capacity_wh * cycle_life);
}

// E_batt x (1 + replacements) [kg CO2e over the device life]
inline double battery_lifetime_embodied_kg(double embodied_kg_per_battery, double replacements) {
    return embodied_kg_per_battery * (1.0 + replacements);
}

// Spent cells: the cells a device replaced over its life leave as e-waste,
//   m_spent [kg] = m_cell [kg] x replacements
// (the cell it ships with is part of the device's own mass).
inline double battery_spent_cells_kg(double cell_mass_kg, double replacements) { return cell_mass_kg * replacements; }

// True when one full charge cannot run the device for one day:
//   E_day [Wh] = E_year [kWh/yr] x 1000 / 365 [d/yr]  >  C_usable [Wh]
// (365 d = the 8760 h year of models/units.h). Such a device cannot be
// operated as specified; the engine should reject or flag it.
bool battery_too_small_for_one_day(double device_energy_per_year_kwh, double usable_capacity_wh);

}  // namespace tinyfleet::models
