#include "models/payback.h"

#include <limits>

namespace tinyfleet::models {

double payback_years(double fixed_kg, double use_kg_per_year, double offset_kg_per_year) {
    const double gain = offset_kg_per_year - use_kg_per_year;
    if (gain <= 0.0) return std::numeric_limits<double>::infinity();
    return fixed_kg / gain;
}

}  // namespace tinyfleet::models
