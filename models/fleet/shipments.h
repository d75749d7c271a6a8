// Yearly shipments of a device class from a table of anchor years.
// Between anchors: linear, or log-linear (constant growth rate) interpolation.
// Before the first anchor its value is held. After the last anchor the
// projection grows at a constant yearly rate (0: held), because a hold there
// is an artefact, not a forecast: sources stop at some year, markets do not.
#pragma once

namespace tinyfleet::models {

enum class ShipmentInterpolation { linear, log };

// anchor_years strictly increasing, anchor_devices >= 0 (> 0 for log), count >= 1.
// growth_after_last_anchor [1/yr] in [-1, 1]: after the last anchor year L,
//   S(y) = S(L) x (1 + growth)^(y - L).
double shipments_in_year(const int* anchor_years, const double* anchor_devices, int count,
                         ShipmentInterpolation interpolation, int year, double growth_after_last_anchor = 0.0);

}  // namespace tinyfleet::models

namespace tinyfleet::models {

// Logistic adoption curve: devices shipped per year in `year`,
//   S(y) = saturation / (1 + exp(-steepness (y - midpoint_year)))
// saturation [devices/yr], midpoint_year [year], steepness [1/yr].
double logistic_shipments(double saturation, double midpoint_year, double steepness, int year);

// All-MCU shipments in `year`, growing at a constant rate from a base year:
//   M(y) = mcu_base x (1 + growth)^(y - base_year)   [devices/yr]
// TinyML shipments are capped at max_share x M(y).
double mcu_shipments(double mcu_at_base_year, double growth_per_year, int base_year, int year);
double capped_shipments(double tinyml_shipments, double mcu_shipments_in_year, double max_share);

// A class's part of the market's shipments: market x weight / sum of all
// classes' weights (weight_sum > 0) [devices/yr].
double market_share_shipments(double market_shipments, double class_weight, double weight_sum);

}  // namespace tinyfleet::models
