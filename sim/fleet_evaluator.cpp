#include "sim/fleet_evaluator.h"

#include <cmath>

#include "models/fleet_expected.h"
#include "models/fleet_metrics.h"
#include "models/grid.h"
#include "models/ic.h"
#include "models/operational.h"
#include "models/payback.h"
#include "models/use_phase.h"
#include "models/shipments.h"

namespace tinyfleet {

FleetEvaluator::FleetEvaluator(const Scenario& scenario) : scenario_(scenario) {
    for (int i = 0; i < scenario.parameters.size(); ++i)
        if (scenario.parameters[i].scope == Scope::global) global_parameters_.push_back(i);
}

int FleetEvaluator::metric_count() const { return models::metric_count; }

std::size_t FleetEvaluator::metric_values_per_realization() const {
    return std::size_t(metric_count()) * std::size_t(class_count()) * std::size_t(year_count());
}

std::size_t FleetEvaluator::values_per_realization() const {
    return metric_values_per_realization() + std::size_t(class_count());
}

std::unique_ptr<RealizationModel::Worker> FleetEvaluator::make_worker() const {
    auto worker = std::make_unique<Scratch>();
    Scratch& s = *worker;
    const auto Y = static_cast<std::size_t>(year_count());
    s.shipments.resize(Y);
    s.grid.resize(Y);
    s.survival_half.resize(Y);
    s.device_years.resize(Y);
    s.class_out.resize(std::size_t(metric_count()) * Y);
    std::size_t anchors = 0;
    for (const auto& c : scenario_.classes) anchors = std::max(anchors, c.shipments.size());
    s.anchor_years.resize(anchors);
    s.anchor_devices.resize(anchors);
    s.parameters.value.resize(static_cast<std::size_t>(scenario_.parameters.size()));
    s.parameters.distribution.resize(static_cast<std::size_t>(scenario_.parameters.size()));
    return worker;
}

void FleetEvaluator::evaluate(std::uint64_t r, Worker& worker, double* out, double* inputs) const {
    Scratch& s = static_cast<Scratch&>(worker);
    realize_parameters(scenario_.parameters, scenario_.run.seed, r, s.parameters, &design_);
    const RealizedParameters& p = s.parameters;
    for (std::size_t i = 0; i < global_parameters_.size(); ++i)
        inputs[i] = p.value[static_cast<std::size_t>(global_parameters_[i])];

    const int Y = year_count();
    const int C = class_count();
    const int first_year = scenario_.run.first_year;
    for (int c = 0; c < C; ++c) {
        const DeviceClass& dc = scenario_.classes[static_cast<std::size_t>(c)];
        const GridRegion& region = scenario_.regions[static_cast<std::size_t>(dc.region)];
        const double ci0 = p(region.intensity_kg_per_kwh);
        const double decline = p(region.decline_per_year);

        const int anchors = static_cast<int>(dc.shipments.size());
        const double share = p(dc.shipment_share);
        for (int a = 0; a < anchors; ++a) {
            s.anchor_years[static_cast<std::size_t>(a)] = dc.shipments[static_cast<std::size_t>(a)].year;
            s.anchor_devices[static_cast<std::size_t>(a)] = share * p(dc.shipments[static_cast<std::size_t>(a)].devices);
        }
        const auto interpolation = dc.shipment_interpolation == Interpolation::log
                                       ? models::ShipmentInterpolation::log
                                       : models::ShipmentInterpolation::linear;

        // Lifetime: a device-scope parameter gives the cohort's survival
        // function S(a) = 1 - F(a); a number or global draw L is the same for
        // every device, S(a) = [a < L].
        const Quantity& life = dc.lifetime_years;
        const bool per_device_life = !life.is_literal() &&
                                     scenario_.parameters[life.parameter].scope == Scope::device;
        const Distribution* life_dist =
            per_device_life ? &p.distribution[static_cast<std::size_t>(life.parameter)] : nullptr;
        const double fixed_life = per_device_life ? 0.0 : p(life);
        auto survival = [&](double age) {
            return life_dist ? 1.0 - life_dist->cdf(age) : (age < fixed_life ? 1.0 : 0.0);
        };

        for (int y = 0; y < Y; ++y) {
            const auto uy = static_cast<std::size_t>(y);
            s.shipments[uy] = models::shipments_in_year(s.anchor_years.data(), s.anchor_devices.data(),
                                                        anchors, interpolation, first_year + y);
            s.grid[uy] = models::grid_intensity(ci0, decline, region.base_year, first_year + y);
            s.survival_half[uy] = survival(y + 0.5);
        }

        // Energy the device uses (drives battery cycling) and energy drawn from the grid.
        const double energy_kwh_per_year = models::use_phase_device_energy_kwh(
            p(dc.active_power_w), p(dc.sleep_power_w), p(dc.duty_cycle), p(dc.hours_per_year));
        const double grid_kwh_per_year = models::use_phase_grid_energy_kwh(energy_kwh_per_year, p(dc.charging_efficiency));
        // Blocks see the class's expected device (mean lifetime, mean power).
        const DeviceContext device{energy_kwh_per_year, p(life)};
        double embodied = 0.0, end_of_life = 0.0;
        for (const BomBlock& b : dc.bom) (b.stage == Stage::end_of_life ? end_of_life : embodied) += block_kg(b, p, device);
        if (dc.has_mcu)
            embodied += models::die_embodied_kg(p(dc.mcu_die_area_mm2), p(dc.mcu_carbon_per_area_kg_per_cm2),
                                                p(dc.mcu_packaging_kg));

        models::ClassYearInputs in;
        in.years = Y;
        in.shipments = s.shipments.data();
        in.grid_kg_per_kwh = s.grid.data();
        in.survival_half = s.survival_half.data();
        in.survival_at_zero = survival(0.0);
        in.embodied_kg_per_device = embodied;
        in.end_of_life_kg_per_device = end_of_life;
        in.energy_kwh_per_device_year = grid_kwh_per_year;
        in.offset_kg_per_device_year = p(dc.offset_kg_per_device_year);
        in.mass_kg_per_device = p(dc.mass_kg);
        models::evaluate_class_expected(in, s.device_years.data(), s.class_out.data());

        // Payback of this realization's expected device, on the grid of the first year.
        out[metric_values_per_realization() + std::size_t(c)] = models::payback_years(
            embodied + end_of_life, grid_kwh_per_year * s.grid[0], in.offset_kg_per_device_year);

        // Scatter [metric][year] of this class into [metric][class][year].
        for (int m = 0; m < models::metric_count; ++m)
            for (int y = 0; y < Y; ++y)
                out[(std::size_t(m) * C + c) * Y + y] = s.class_out[std::size_t(m) * Y + y];
    }
}

}  // namespace tinyfleet
