// Carbon intensity of a region's electricity grid along a decarbonisation
// path with a constant yearly relative decline r:
//   CI(y) = CI(y0) x (1 - r)^(y - y0)
// (r < 0 means the grid gets dirtier). Years before y0 extrapolate backwards.
#pragma once

namespace tinyfleet::models {

// [kg CO2e/kWh]
double grid_intensity(double intensity_at_base_year, double decline_per_year, int base_year, int year);

}  // namespace tinyfleet::models
