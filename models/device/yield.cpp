#include "models/device/yield.h"

#include <cmath>
#include <limits>

namespace tinyfleet::models {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
}

double yield_poisson(double area_cm2, double defect_density_per_cm2) {
    const double x = area_cm2 * defect_density_per_cm2;  // mean defects per die
    if (!(x >= 0.0)) return nan;
    return std::exp(-x);  // Y = exp(-A D0)
}

double yield_murphy(double area_cm2, double defect_density_per_cm2) {
    const double x = area_cm2 * defect_density_per_cm2;
    if (!(x >= 0.0)) return nan;
    if (x == 0.0) return 1.0;                // limit of ((1 - e^-x)/x)^2 as x -> 0
    const double r = -std::expm1(-x) / x;   // (1 - e^-x) / x without cancellation
    return r * r;                            // Y = ((1 - exp(-A D0)) / (A D0))^2
}

double yield_negative_binomial(double area_cm2, double defect_density_per_cm2, double alpha) {
    const double x = area_cm2 * defect_density_per_cm2;
    if (!(x >= 0.0) || !(alpha > 0.0)) return nan;
    if (std::isinf(alpha)) return std::exp(-x);         // no clustering: Poisson
    return std::exp(-alpha * std::log1p(x / alpha));    // Y = (1 + A D0/alpha)^(-alpha)
}

double die_yield(YieldModel model, double area_cm2, double defect_density_per_cm2, double alpha,
                 double fixed_yield) {
    switch (model) {
        case YieldModel::fixed: return fixed_yield;
        case YieldModel::poisson: return yield_poisson(area_cm2, defect_density_per_cm2);
        case YieldModel::murphy: return yield_murphy(area_cm2, defect_density_per_cm2);
        case YieldModel::negative_binomial:
            return yield_negative_binomial(area_cm2, defect_density_per_cm2, alpha);
    }
    return nan;
}

}  // namespace tinyfleet::models
