// Carbon payback of one device: the years of operation t after which the
// emissions its application avoided exceed its own life-cycle emissions,
//   offset · t = E_fixed + use · t   =>   t* = E_fixed / (offset − use),
// with E_fixed the emissions that do not grow with operating time
// (manufacturing, transport, training, end of life) and use, offset in
// kg CO2e per year. Never (+infinity) when offset <= use.
#pragma once

namespace tinyfleet::models {

double payback_years(double fixed_kg, double use_kg_per_year, double offset_kg_per_year);

}  // namespace tinyfleet::models
