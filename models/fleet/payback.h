// Carbon payback of one device: the years of operation t after which the
// emissions its application avoided exceed its own life-cycle emissions,
//   offset · t = E_fixed + use · t   =>   t* = E_fixed / (offset − use),
// with E_fixed the emissions that do not grow with operating time
// (manufacturing, transport, training, end of life) and use, offset in
// kg CO2e per year. Never (+infinity) when offset <= use.
#pragma once

namespace tinyfleet::models {

double payback_years(double fixed_kg, double use_kg_per_year, double offset_kg_per_year);

// Breakeven year of a fleet: the first year y (first_year + index) whose
// cumulative net emissions cumulative_net[index] are <= 0, i.e. from which
// the avoided emissions have repaid everything emitted so far; +infinity
// when no simulated year does.
double fleet_breakeven_year(const double* cumulative_net, int years, int first_year);

}  // namespace tinyfleet::models
