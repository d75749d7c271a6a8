#include "models/cohort_tally.h"

namespace tinyfleet::models {

namespace {
// Running sum of a difference array, plus point values.
void integrate(double* diff, const double* points, std::size_t n) {
    double running = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
        running += diff[k];
        diff[k] = running + (points ? points[k] : 0.0);
    }
}
}  // namespace

void finish_tally(const TallyLayout& L, double* t) {
    const std::size_t n = L.stride();
    integrate(t + L.alive(), nullptr, n);
    for (int r = 0; r < L.regions; ++r) {
        integrate(t + L.grid_kwh(r), t + L.grid_kwh_partial(r), n);
        integrate(t + L.realised(r), t + L.realised_partial(r), n);
    }
}

}  // namespace tinyfleet::models
