// Carbon intensity of a region's electricity grid along a decarbonisation
// path with a constant yearly relative decline r:
//   CI(y) = CI(y0) x (1 - r)^(y - y0)
// (r < 0 means the grid gets dirtier). Years before y0 extrapolate backwards.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace tinyfleet::models {

// One deployment region's grid intensity as published (models/data/grid_regions.yaml).
struct RegionGridIntensity {
    std::string region;            // e.g. "africa"
    double g_co2e_per_kwh = 0.0;   // [g CO2e/kWh] in `year`
    int year = 0;                  // the year the value describes
    std::string source;
    std::string caveat;            // empty unless the data file flags the value
};

// The entry of that exact name in `table`, or nullptr.
const RegionGridIntensity* find_region_grid_intensity(const std::vector<RegionGridIntensity>& table,
                                                      std::string_view region);

// [kg CO2e/kWh]
double grid_intensity(double intensity_at_base_year, double decline_per_year, int base_year, int year);

// Mean intensity of a deployment mix: sum_r w_r CI_r / sum_r w_r over `count`
// regions with weights w_r >= 0 [kg CO2e/kWh]; 0 when every weight is 0.
double mix_grid_intensity(const double* weights, const double* intensities, int count);

}  // namespace tinyfleet::models
