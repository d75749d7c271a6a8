#include "models/use/operational.h"

namespace tinyfleet::models {

double annual_energy_kwh(double active_w, double sleep_w, double duty_cycle) {
    const double mean_power_w = duty_cycle * active_w + (1.0 - duty_cycle) * sleep_w;
    return mean_power_w * hours_per_year / 1000.0;
}

}  // namespace tinyfleet::models
