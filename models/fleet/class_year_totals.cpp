#include "models/fleet/class_year_totals.h"

#include "models/use/addressable_cap.h"
#include "models/use/offsets.h"

namespace tinyfleet::models {

void add_cohort(const TallyLayout& T, const double* tally, double scale, double shipped, int s,
                const CalendarLayout& C, double* calendar, std::size_t stride) {
    const int Y = C.years;
    auto at = [&](std::size_t i) { return tally[i * stride]; };
    calendar[C.shipments() + std::size_t(s)] += shipped;
    calendar[C.device_embodied() + std::size_t(s)] += scale * at(T.device_embodied());
    for (int k = 0; s + k < Y; ++k) {
        const auto y = std::size_t(s + k), a = std::size_t(k);
        calendar[C.installed() + y] += scale * at(T.alive() + a);
        calendar[C.retired() + y] += scale * at(T.retired() + a);
        for (int r = 0; r < C.regions; ++r) {
            calendar[C.grid_kwh(r) + y] += scale * at(T.grid_kwh(r) + a);
            calendar[C.delivering(r) + y] += scale * at(T.delivering(r) + a);
        }
    }
}

void class_year_metrics(const CalendarLayout& C, const double* cal, const double* grid, const ClassConstants& k,
                        double* out) {
    const auto Y = std::size_t(C.years);
    auto at = [&](Metric m, std::size_t y) -> double& { return out[std::size_t(m) * Y + y]; };
    double running = 0.0;
    for (std::size_t y = 0; y < Y; ++y) {
        const double shipped = cal[C.shipments() + y], retired_devices = cal[C.retired() + y];
        const double installed = cal[C.installed() + y];
        at(shipments, y) = shipped;
        at(installed_base, y) = installed;
        at(retired, y) = retired_devices;
        double embodied = 0.0;
        for (int c = 0; c < embodied_category_count; ++c) {
            double kg = shipped * k.embodied_kg[c];
            if (c == k.device_embodied_category) kg += cal[C.device_embodied() + y];
            at(embodied_metric(c), y) = kg;
            embodied += kg;
        }
        double operational = 0.0, avoided = 0.0;
        for (int r = 0; r < C.regions; ++r) {
            const double ci = grid[std::size_t(r) * Y + y];
            operational += cal[C.grid_kwh(r) + y] * ci;
            avoided += cal[C.delivering(r) + y] *
                       avoided_kg_per_device_year(k.energy_saved_kwh, ci, k.direct_avoided_kg, k.rebound);
        }
        avoided *= served_share(installed, k.offset_cap_devices);
        const double eol = retired_devices * k.end_of_life_kg;
        const double total = embodied + operational + eol;
        at(emissions_embodied, y) = embodied;
        at(emissions_operational, y) = operational;
        at(emissions_end_of_life, y) = eol;
        at(emissions_total, y) = total;
        at(offsets, y) = avoided;
        at(net, y) = total - avoided;
        running += total - avoided;
        at(cumulative_net, y) = running;
        at(ewaste_mass, y) = retired_devices * (k.mass_kg + k.spent_cells_kg);
        at(unserved_base, y) = unserved_devices(installed, k.offset_cap_devices);
    }
}

}  // namespace tinyfleet::models
