#include "models/fleet/payback.h"

#include <limits>

#include "models/use/offsets.h"
#include "models/use/use_phase.h"

namespace tinyfleet::models {

double payback_years(double fixed_kg, double use_kg_per_year, double offset_kg_per_year) {
    const double gain = offset_kg_per_year - use_kg_per_year;
    if (gain <= 0.0) return std::numeric_limits<double>::infinity();
    return fixed_kg / gain;
}

double nominal_device_payback_years(double life_cycle_kg, double lifetime_use_kg, double use_kg_per_year,
                                    double offset_kg_per_year) {
    return payback_years(life_cycle_kg - lifetime_use_kg, use_kg_per_year, offset_kg_per_year);
}

double mean_device_payback_years(const DeviceOutcome* devices, std::size_t count, const double* intensity_of_region,
                                 std::size_t region_stride, const ClassConstants& k) {
    double device_embodied = 0.0, use = 0.0, avoided = 0.0;
    for (std::size_t i = 0; i < count; ++i) {
        const DeviceOutcome& d = devices[i];
        const double ci = intensity_of_region[std::size_t(d.region) * region_stride];
        device_embodied += d.device_embodied_kg;
        use += use_phase_emissions_kg(d.grid_kwh_per_year, ci);
        avoided += d.delivers * avoided_kg_per_device_year(k.energy_saved_kwh, ci, k.direct_avoided_kg, k.rebound);
    }
    const double m = double(count);
    double fixed = k.end_of_life_kg + device_embodied / m;
    for (double kg : k.embodied_kg) fixed += kg;
    return payback_years(fixed, use / m, avoided / m);
}

double fleet_breakeven_year(const double* cumulative_net, int years, int first_year) {
    for (int y = 0; y < years; ++y)
        if (cumulative_net[y] <= 0.0) return double(first_year + y);
    return std::numeric_limits<double>::infinity();
}

}  // namespace tinyfleet::models
