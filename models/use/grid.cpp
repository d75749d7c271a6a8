#include "models/use/grid.h"

#include <cmath>

namespace tinyfleet::models {

double grid_intensity(double intensity_at_base_year, double decline_per_year, int base_year, int year) {
    return intensity_at_base_year * std::pow(1.0 - decline_per_year, year - base_year);
}

}  // namespace tinyfleet::models
