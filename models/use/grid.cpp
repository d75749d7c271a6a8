#include "models/use/grid.h"

#include <cmath>

namespace tinyfleet::models {

double grid_intensity(double intensity_at_base_year, double decline_per_year, int base_year, int year) {
    return intensity_at_base_year * std::pow(1.0 - decline_per_year, year - base_year);
}

double mix_grid_intensity(const double* weights, const double* intensities, int count) {
    double weighted = 0.0, total_weight = 0.0;
    for (int r = 0; r < count; ++r) {
        weighted += weights[r] * intensities[r];
        total_weight += weights[r];
    }
    return total_weight > 0 ? weighted / total_weight : 0.0;
}

const RegionGridIntensity* find_region_grid_intensity(const std::vector<RegionGridIntensity>& table,
                                                      std::string_view region) {
    for (const RegionGridIntensity& r : table)
        if (r.region == region) return &r;
    return nullptr;
}

}  // namespace tinyfleet::models
