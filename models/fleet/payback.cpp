#include "models/fleet/payback.h"

#include <limits>

namespace tinyfleet::models {

double payback_years(double fixed_kg, double use_kg_per_year, double offset_kg_per_year) {
    const double gain = offset_kg_per_year - use_kg_per_year;
    if (gain <= 0.0) return std::numeric_limits<double>::infinity();
    return fixed_kg / gain;
}

double fleet_breakeven_year(const double* cumulative_net, int years, int first_year) {
    for (int y = 0; y < years; ++y)
        if (cumulative_net[y] <= 0.0) return double(first_year + y);
    return std::numeric_limits<double>::infinity();
}

}  // namespace tinyfleet::models
