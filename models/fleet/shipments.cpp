#include "models/fleet/shipments.h"

#include <algorithm>
#include <cmath>

namespace tinyfleet::models {

double shipments_in_year(const int* anchor_years, const double* anchor_devices, int count,
                         ShipmentInterpolation interpolation, int year, double growth_after_last_anchor) {
    if (year <= anchor_years[0]) return anchor_devices[0];
    const int last = anchor_years[count - 1];
    if (year >= last) return anchor_devices[count - 1] * std::pow(1.0 + growth_after_last_anchor, double(year - last));
    int i = 0;
    while (anchor_years[i + 1] < year) ++i;
    const double t = double(year - anchor_years[i]) / double(anchor_years[i + 1] - anchor_years[i]);
    const double a = anchor_devices[i], b = anchor_devices[i + 1];
    if (interpolation == ShipmentInterpolation::log && a > 0 && b > 0)
        return a * std::pow(b / a, t);
    return a + t * (b - a);
}

}  // namespace tinyfleet::models

namespace tinyfleet::models {

double logistic_shipments(double saturation, double midpoint_year, double steepness, int year) {
    return saturation / (1.0 + std::exp(-steepness * (double(year) - midpoint_year)));
}

double mcu_shipments(double mcu_at_base_year, double growth_per_year, int base_year, int year) {
    return mcu_at_base_year * std::pow(1.0 + growth_per_year, double(year - base_year));
}

double capped_shipments(double tinyml_shipments, double mcu_shipments_in_year, double max_share) {
    return std::min(tinyml_shipments, max_share * mcu_shipments_in_year);
}

double market_share_shipments(double market_shipments, double class_weight, double weight_sum) {
    return market_shipments * class_weight / weight_sum;
}

}  // namespace tinyfleet::models
