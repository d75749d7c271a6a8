// Year-by-year totals of one device class from its cohorts' tallies
// (models/fleet/cohort_tally.h) and the class's per-device constants.
//
// ClassCalendar is a flat array in calendar years y = 0..Y-1:
//   shipments[y], installed[y], retired[y], device_embodied[y],
//   grid_kwh[r][y], delivering[r][y] for each region r.
// add_cohort() adds a finished cohort tally, scaled, shifted to its shipment
// year; class_year_metrics() turns the calendar into the metrics of
// models/fleet/fleet_metrics.h:
//   embodied_<category>[y]  = shipments[y] x kg per device of the category
//                             (+ device_embodied[y] for the power supply)
//   emissions_operational[y] = sum_r grid_kwh[r][y] x CI_r[y]
//   emissions_end_of_life[y] = retired[y] x end-of-life kg per device
//   offsets[y]               = served_share(installed[y], cap) x
//                              sum_r delivering[r][y] x avoided_kg_per_device_year(E_saved, CI_r[y], D, rebound)
//                              (models/use/addressable_cap.h; cap = +inf: no cap)
//   net = emissions_total - offsets; cumulative_net = running sum of net
//   ewaste_mass[y]           = retired[y] x (device mass + mean mass of its spent replacement cells)
//   unserved_base[y]         = max(0, installed[y] - cap)
#pragma once
#include <cstddef>
#include <limits>

#include "models/fleet/cohort_tally.h"
#include "models/fleet/fleet_metrics.h"

namespace tinyfleet::models {

struct CalendarLayout {
    int years = 0;
    int regions = 0;
    std::size_t shipments() const { return 0; }
    std::size_t installed() const { return std::size_t(years); }
    std::size_t retired() const { return 2 * std::size_t(years); }
    std::size_t device_embodied() const { return 3 * std::size_t(years); }
    std::size_t grid_kwh(int r) const { return (4 + 2 * std::size_t(r)) * std::size_t(years); }
    std::size_t delivering(int r) const { return (5 + 2 * std::size_t(r)) * std::size_t(years); }
    std::size_t size() const { return (4 + 2 * std::size_t(regions)) * std::size_t(years); }
};

// calendar += scale x tally (ages 0..Y-1-s land in years s..Y-1);
// shipments[s] += shipped. `tally` must be finished (finish_tally); element
// i of it is tally[i * stride] (stride > 1: one column of tallies side by
// side, finish_tallies).
void add_cohort(const TallyLayout& tally_layout, const double* tally, double scale, double shipped,
                int shipment_year_index, const CalendarLayout& layout, double* calendar, std::size_t stride = 1);

struct ClassConstants {
    double embodied_kg[embodied_category_count] = {};  // per device, the same for every device of the class
    int device_embodied_category = category_power_supply;
    double end_of_life_kg = 0.0;      // per retired device [kg CO2e]
    double mass_kg = 0.0;             // per retired device [kg]
    double spent_cells_kg = 0.0;      // per retired device: mass of the cells it replaced over its life [kg]
    double energy_saved_kwh = 0.0;    // per delivering device-year [kWh]
    double direct_avoided_kg = 0.0;   // per delivering device-year [kg CO2e]
    double rebound = 0.0;             // fraction of savings lost to rebound
    double offset_cap_devices = std::numeric_limits<double>::infinity();  // devices that can serve [devices]
};

// grid[r * Y + y]: carbon intensity of region r in year y [kg CO2e/kWh].
// Writes out[metric * Y + y] for every metric.
void class_year_metrics(const CalendarLayout& layout, const double* calendar, const double* grid,
                        const ClassConstants& constants, double* out);

}  // namespace tinyfleet::models
