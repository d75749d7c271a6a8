// Yearly shipments of a device class from a table of anchor years.
// Between anchors: linear, or log-linear (constant growth rate) interpolation.
// Outside the anchors the nearest anchor's value is held: an assumption that
// keeps projections from running away beyond the years the sources cover.
#pragma once

namespace tinyfleet::models {

enum class ShipmentInterpolation { linear, log };

// anchor_years strictly increasing, anchor_devices >= 0 (> 0 for log), count >= 1.
double shipments_in_year(const int* anchor_years, const double* anchor_devices, int count,
                         ShipmentInterpolation interpolation, int year);

}  // namespace tinyfleet::models
