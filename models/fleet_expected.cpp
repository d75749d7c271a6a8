#include "models/fleet_expected.h"

#include "models/fleet_metrics.h"

namespace tinyfleet::models {

void evaluate_class_expected(const ClassYearInputs& in, double* device_years, double* out) {
    const int Y = in.years;
    double* ship = out + shipments * Y;
    double* stock = out + installed_base * Y;
    double* retired = out + retirements * Y;
    for (int y = 0; y < Y; ++y) {
        ship[y] = in.shipments[y];
        stock[y] = retired[y] = device_years[y] = 0.0;
    }
    // Sum over cohorts s and ages k; the loop order (s, then k) is fixed, so
    // the floating-point result is the same on every run.
    for (int s = 0; s < Y; ++s) {
        const double n = in.shipments[s];
        for (int k = 0; s + k < Y; ++k) {
            const int y = s + k;
            const double s_end = in.survival_half[k];
            const double s_start = k == 0 ? 1.0 : in.survival_half[k - 1];
            stock[y] += n * s_end;
            retired[y] += n * (s_start - s_end);
            device_years[y] += k == 0 ? n * 0.25 * (in.survival_at_zero + s_end)
                                      : n * 0.5 * (s_start + s_end);
        }
    }
    double running = 0.0;
    for (int y = 0; y < Y; ++y) {
        const double emb = ship[y] * in.embodied_kg_per_device;
        const double op = device_years[y] * in.energy_kwh_per_device_year * in.grid_kg_per_kwh[y];
        const double eol = retired[y] * in.end_of_life_kg_per_device;
        const double off = device_years[y] * in.offset_kg_per_device_year;
        const double total = emb + op + eol;
        out[embodied * Y + y] = emb;
        out[operational * Y + y] = op;
        out[end_of_life * Y + y] = eol;
        out[emissions_total * Y + y] = total;
        out[offsets * Y + y] = off;
        out[net * Y + y] = total - off;
        running += total - off;
        out[cumulative_net * Y + y] = running;
        out[ewaste_mass * Y + y] = retired[y] * in.mass_kg_per_device;
    }
}

}  // namespace tinyfleet::models
