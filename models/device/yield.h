// Fab yield Y (fraction of good dies) for the ACT carbon per area
// CPA = (CI_fab * EPA + GPA + MPA) / Y (models/device/ic.h).
//
// With die area A [cm2] and defect density D0 [defects/cm2], x = A * D0 is the
// mean number of killer defects per die:
//   fixed              Y = Y0                          (ACT's default, Y0 = 0.875)
//   Poisson            Y = exp(-x)
//   Murphy             Y = ((1 - exp(-x)) / x)^2       (triangular defect density)
//   negative binomial  Y = (1 + x/alpha)^(-alpha)      (ECO-CHIP, alpha = 10:
//                                                       defect clustering)
// All three give Y -> 1 as x -> 0; Murphy is evaluated with expm1 so that small x
// neither divides by zero nor loses digits to cancellation. Invalid arguments
// (x < 0, alpha <= 0) give NaN, which the engine's non-finite check reports.
// (ACT's own yield helpers in act/core/utils.py are broken and unused by ACT; the
// forms here are the textbook ones.) Per-node D0 and alpha: process_nodes.yaml.
#pragma once

namespace tinyfleet::models {

enum class YieldModel { fixed, poisson, murphy, negative_binomial };

// area_cm2 [cm2], defect_density_per_cm2 [1/cm2] -> yield [fraction]
double yield_poisson(double area_cm2, double defect_density_per_cm2);
double yield_murphy(double area_cm2, double defect_density_per_cm2);
double yield_negative_binomial(double area_cm2, double defect_density_per_cm2, double alpha);

// Dispatch on the model; `fixed_yield` is used only by YieldModel::fixed and
// `alpha` only by YieldModel::negative_binomial.
double die_yield(YieldModel model, double area_cm2, double defect_density_per_cm2, double alpha,
                 double fixed_yield);

}  // namespace tinyfleet::models
