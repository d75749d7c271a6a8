#include "sim/fleet/fleet_evaluator.h"

#include <algorithm>
#include <cmath>

#include "models/device/ic.h"
#include "models/fleet/fleet_metrics.h"
#include "models/fleet/payback.h"
#include "models/use/addressable_cap.h"
#include "models/use/use_phase.h"
#include "sim/engine/input_error.h"

namespace tinyfleet {

namespace {
int largest_region_mix(const Scenario& s) {
    std::size_t most = 1;
    for (const DeviceClass& c : s.classes) most = std::max(most, c.regions.size());
    return static_cast<int>(most);
}
}  // namespace

FleetEvaluator::FleetEvaluator(const Scenario& scenario) : scenario_(scenario) {
    const ParameterSet& set = scenario.parameters;
    constant_tables_.resize(static_cast<std::size_t>(set.size()));
    for (int i = 0; i < set.size(); ++i) {
        if (set[i].scope == Scope::global) global_parameters_.push_back(i);
        else if (!set[i].has_references && DeviceField::tabulates_well(set[i].constant_distribution))
            constant_tables_[std::size_t(i)] = QuantileTable(set[i].constant_distribution);
    }
    for (const DeviceClass& c : scenario.classes) {
        if (c.regions.size() > std::size_t(max_class_regions))
            throw InputError("classes." + c.name + ".regions: at most " + std::to_string(max_class_regions) +
                             " regions per class");
        int batteries = 0;
        for (const BomBlock& b : c.bom) batteries += b.model == BlockModel::battery;
        if (batteries > max_device_batteries)
            throw InputError("classes." + c.name + ".bom: at most " + std::to_string(max_device_batteries) +
                             " battery blocks per class");
    }
    representative_net_ = ScrambledNet(DeviceUniforms::count, std::size_t(scenario.run.cohort_devices));
    tally_layout_ = {year_count(), largest_region_mix(scenario)};
    calendar_layout_ = {year_count(), largest_region_mix(scenario)};
}

int FleetEvaluator::metric_count() const { return models::metric_count; }

std::size_t FleetEvaluator::metric_values_per_realization() const {
    return std::size_t(metric_count()) * std::size_t(class_count()) * std::size_t(year_count());
}

std::size_t FleetEvaluator::values_per_realization() const {
    return mean_term_error_offset() + std::size_t(class_count()) * mean_term_quantity_count;
}

std::unique_ptr<RealizationModel::Worker> FleetEvaluator::make_worker() const {
    auto worker = std::make_unique<Scratch>();
    Scratch& s = *worker;
    const auto Y = static_cast<std::size_t>(year_count()), C = static_cast<std::size_t>(class_count());
    const auto R = static_cast<std::size_t>(calendar_layout_.regions);
    s.grid.resize(scenario_.regions.size() * Y);
    s.class_grid.resize(R * Y);
    s.shipments.resize(C * Y);
    std::size_t anchors = scenario_.market.total.anchors.size();
    for (const auto& c : scenario_.classes) anchors = std::max(anchors, c.shipments.anchors.size());
    s.anchor_years.resize(anchors);
    s.anchor_devices.resize(anchors);
    s.tables.resize(C);
    s.devices.resize(C);
    s.constants.resize(C);
    s.representatives.resize(std::size_t(scenario_.run.cohort_devices));
    s.net_words.resize(representative_net_.words_per_dimension() + 4 * device_batch);
    s.net_scratch.resize(representative_net_.cells());
    DeviceUniforms halves;  // lanes past the last representative stay at 1/2 (draw_representatives)
    std::fill_n(&halves.field[0][0], DeviceUniforms::count * device_batch, 0.5);
    s.representative_uniforms.assign((s.representatives.size() + device_batch - 1) / device_batch, halves);
    s.sign_words.resize(Y * ((s.representatives.size() + 31) / 32));
    s.padded_cohorts = (Y + 3) / 4 * 4;
    s.sign_masks.resize(s.representatives.size() * models::sign_words_per_device(year_count()));
    s.bin_values.resize(s.representatives.size() * models::DeviceBins::width);
    s.sign_sums.resize(s.padded_cohorts);
    const models::DeviceBins binning{year_count(), calendar_layout_.regions};
    s.bin_of_device.resize(s.representatives.size());
    s.noise_bin.resize(models::DeviceBins::width * s.padded_cohorts);
    s.noise_tallies.resize(tally_layout_.size() * s.padded_cohorts);
    s.bin_starts.resize(binning.count() + 1);
    s.bin_order.resize(s.representatives.size());
    s.tally.resize(tally_layout_.size());
    s.calendars.resize(C * calendar_layout_.size());
    s.class_out.resize(std::size_t(metric_count()) * Y);
    const models::DeviceMoments moments{year_count()};
    s.moment_sums.resize(3 * moments.size());
    s.region_weights.resize(R);
    s.expected_bins.resize(binning.size());
    s.expected_tallies.resize(3 * tally_layout_.size());
    s.half_calendars.resize(2 * calendar_layout_.size());
    s.half_class_out.resize(std::size_t(metric_count()) * Y);
    s.device_kwh.resize(s.representatives.size());
    s.lifetimes.resize(s.representatives.size());
    s.parameters.value.resize(static_cast<std::size_t>(scenario_.parameters.size()));
    s.parameters.distribution.resize(static_cast<std::size_t>(scenario_.parameters.size()));
    return worker;
}

// A device-level input: a number for literals and global parameters; a
// sampler for device-scope parameters (a table built once when the
// distribution never changes, else per realization in the exact mode, else
// the exact quantile).
DeviceField FleetEvaluator::device_field(const NumberOrParameter& q, Scratch& s, QuantileTable* table) const {
    if (q.is_literal()) return DeviceField::constant(q.value);
    const ParameterSpec& spec = scenario_.parameters[q.parameter];
    const auto i = static_cast<std::size_t>(q.parameter);
    if (spec.scope == Scope::global) return DeviceField::constant(s.parameters.value[i]);
    const Distribution& d = s.parameters.distribution[i];
    if (!DeviceField::tabulates_well(d)) return DeviceField::exact(&d);
    if (!spec.has_references) return DeviceField::tabulated(&constant_tables_[i]);
    if (!table) return DeviceField::exact(&d);
    *table = QuantileTable(d);  // exact mode: 10^9 devices per realization repay the table
    return DeviceField::tabulated(table);
}

// Per-device numbers that are the same for every device of the class, and
// the class's device samplers.
void FleetEvaluator::class_constants(int c, std::uint64_t r, Scratch& s) const {
    const DeviceClass& dc = scenario_.classes[std::size_t(c)];
    const RealizedParameters& p = s.parameters;
    models::ClassConstants& k = s.constants[std::size_t(c)];
    k = models::ClassConstants{};
    ClassDevices& d = s.devices[std::size_t(c)];
    d = ClassDevices{};
    d.key = {scenario_.run.seed, 0, class_stream_id(dc.name), 0};
    // Exact mode: per-realization tables for distributions that change with
    // the realization; cohort mode: their exact quantile (m draws only).
    const bool exact = scenario_.run.fleet_mode == FleetMode::exact;
    auto table = [&](QuantileTable DeviceFieldTables::*field) {
        return exact ? &(s.tables[std::size_t(c)].*field) : nullptr;
    };
    d.lifetime_years = device_field(dc.lifetime_years, s, table(&DeviceFieldTables::lifetime_years));
    d.active_w = device_field(dc.active_power_w, s, table(&DeviceFieldTables::active_w));
    d.sleep_w = device_field(dc.sleep_power_w, s, table(&DeviceFieldTables::sleep_w));
    d.duty_cycle = device_field(dc.duty_cycle, s, table(&DeviceFieldTables::duty_cycle));
    d.needs_second_lane = d.sleep_w.varies() || d.duty_cycle.varies();
    d.hours_per_year = p(dc.hours_per_year);
    d.charging_efficiency = p(dc.charging_efficiency);
    d.region_count = static_cast<int>(dc.regions.size());
    double weight_sum = 0.0;
    for (const RegionShare& share : dc.regions) weight_sum += p(share.weight);
    if (!(weight_sum > 0))
        throw RuntimeFailure("classes." + dc.name + ".regions: all region weights are zero in realization " +
                             std::to_string(r));
    double running = 0.0;
    for (std::size_t r = 0; r < dc.regions.size(); ++r) {
        running += p(dc.regions[r].weight) / weight_sum;
        d.region_cumulative[r] = running;
    }
    d.delivery_rate = p(dc.offset.delivery_rate);

    // Blocks see the class's mean device where they need one; batteries whose
    // cell count depends on the device are left to the device simulation.
    const double mean_device_kwh = models::use_phase_device_energy_kwh(p(dc.active_power_w), p(dc.sleep_power_w),
                                                                       p(dc.duty_cycle), p(dc.hours_per_year));
    const DeviceContext mean_device{mean_device_kwh, p(dc.lifetime_years)};
    bool first_battery = true;
    for (const BomBlock& b : dc.bom) {
        if (b.stage == Stage::end_of_life) {
            k.end_of_life_kg += block_kg(b, p, mean_device);
            continue;
        }
        const BatteryTerms battery = battery_terms(b, p);
        if (battery.per_device) {
            d.batteries[std::size_t(d.battery_count++)] = battery;
            if (first_battery) k.device_embodied_category = b.category;
            first_battery = false;
            continue;
        }
        k.embodied_kg[b.category] += block_kg(b, p, mean_device);
    }
    if (dc.has_mcu)
        k.embodied_kg[models::category_ic] += models::die_embodied_kg(
            p(dc.mcu_die_area_mm2), p(dc.mcu_carbon_per_area_kg_per_cm2), p(dc.mcu_packaging_kg));
    k.mass_kg = p(dc.mass_kg);
    k.energy_saved_kwh = p(dc.offset.energy_saved_kwh);
    k.direct_avoided_kg = p(dc.offset.direct_kg);
    k.rebound = p(dc.offset.rebound);
    if (dc.offset.has_cap)
        k.offset_cap_devices = models::addressable_cap_devices(p(dc.offset.cap_addressable), p(dc.offset.cap_per_device));
}

// A cohort's shipments as a whole number of devices to simulate one by one.
std::uint64_t FleetEvaluator::whole_devices(double shipments, int c, int y) const {
    if (!(shipments >= 0) || shipments >= double(max_devices_per_cohort))
        throw RuntimeFailure("classes." + scenario_.classes[std::size_t(c)].name + ": " + std::to_string(shipments) +
                             " devices shipped in " + std::to_string(scenario_.run.first_year + y) +
                             " cannot be simulated device by device (at most 2^48 per cohort)");
    return static_cast<std::uint64_t>(std::llround(shipments));
}

void FleetEvaluator::prepare_realization(std::uint64_t r, Scratch& s) const {
    realize_parameters(scenario_.parameters, scenario_.run.seed, r, s.parameters, &design_);
    grid_paths(s);
    class_shipments(s);
    for (int c = 0; c < class_count(); ++c) {
        class_constants(c, r, s);
        s.devices[std::size_t(c)].key.realization = fixed_device_realization_.value_or(r);
    }
}

// The representative devices of class c: the points of the Sobol' net over
// the device fields, scrambled afresh for this (seed, realization, class)
// from Philox words, so the set is a pure function of those three (any
// thread, rank, shard or resume draws the same) and each device is
// distributed as a simulated one while the set is stratified field by field.
void FleetEvaluator::draw_representatives(int c, Scratch& s) const {
    const ClassDevices& d = s.devices[std::size_t(c)];
    DeviceKey key = d.key;
    key.cohort_tag = representative_scramble_cohort;
    const ScrambledNet& net = representative_net_;
    const std::size_t m = s.representatives.size(), W = net.words_per_dimension();
    const int fields = d.needs_second_lane ? DeviceUniforms::count : DeviceUniforms::sleep;
    // The Philox words in the order the net reads them, and the net's
    // coordinates straight into the batches' field arrays. Fields past
    // `fields` (constant sleep power and duty cycle) keep whatever they hold:
    // a constant field ignores its uniforms.
    static_assert(sizeof(DeviceUniforms) == sizeof(double) * DeviceUniforms::count * device_batch,
                  "batches of uniforms follow each other without a gap");
    double* const uniforms = &s.representative_uniforms.front().field[0][0];
    const NetOutputLayout batches{std::size_t(device_batch), std::size_t(DeviceUniforms::count) * device_batch};
    for (int f = 0; f < fields; ++f) {
        for (std::size_t w = 0; w < W; w += 4 * device_batch)  // net_words has a batch of slack at the end
            device_words_batch(key, (std::uint64_t(f) << 32) | (w / 4), 0, s.net_words.data() + w);
        net.coordinates(f, s.net_words.data(), s.net_scratch.data(), uniforms + std::size_t(f) * device_batch,
                        batches);
    }
    for (std::size_t i = 0, b = 0; i < m; i += device_batch, ++b) {
        const int count = static_cast<int>(std::min<std::size_t>(device_batch, m - i));
        DeviceBatchOutcome batch;
        simulate_devices_at(d, s.representative_uniforms[b], year_count(), batch);
        for (int j = 0; j < count; ++j) s.representatives[i + std::size_t(j)] = batch[j];
        std::copy_n(batch.lifetime_years, count, s.lifetimes.begin() + std::ptrdiff_t(i));
        std::copy_n(batch.device_kwh, count, s.device_kwh.begin() + std::ptrdiff_t(i));
    }
}

void FleetEvaluator::evaluate(std::uint64_t r, Worker& worker, double* out, double* inputs) const {
    Scratch& s = static_cast<Scratch&>(worker);
    prepare_realization(r, s);
    for (std::size_t i = 0; i < global_parameters_.size(); ++i)
        inputs[i] = s.parameters.value[static_cast<std::size_t>(global_parameters_[i])];

    const int Y = year_count(), C = class_count();
    const std::size_t K = calendar_layout_.size();
    if (scenario_.run.fleet_mode == FleetMode::exact) sum_exact(s);
    for (int c = 0; c < C; ++c) {
        draw_representatives(c, s);
        // Spent replacement cells leave with their device: the class's mean
        // per device, from its representatives (docs/model.md "E-waste").
        s.constants[std::size_t(c)].spent_cells_kg = models::mean_spent_cells_kg(s.representatives.data(), s.representatives.size());
        if (scenario_.run.fleet_mode == FleetMode::cohort) sum_cohorts(c, s);
        const auto& dc = scenario_.classes[std::size_t(c)];
        std::fill(s.class_grid.begin(), s.class_grid.end(), 0.0);
        for (std::size_t g = 0; g < dc.regions.size(); ++g)
            std::copy_n(s.grid.begin() + std::ptrdiff_t(std::size_t(dc.regions[g].region) * std::size_t(Y)), Y,
                        s.class_grid.begin() + std::ptrdiff_t(g * std::size_t(Y)));
        models::class_year_metrics(calendar_layout_, s.calendars.data() + std::size_t(c) * K, s.class_grid.data(),
                                   s.constants[std::size_t(c)], s.class_out.data());
        double* errors = out + mean_term_error_offset() + std::size_t(c) * mean_term_quantity_count;
        if (scenario_.run.fleet_mode == FleetMode::cohort)
            mean_term_errors(c, s, errors);
        else
            std::fill(errors, errors + mean_term_quantity_count, 0.0);
        // Carbon payback of the class's average device (its representatives)
        // on the grid of the first simulated year: class_grid[region * Y].
        out[metric_values_per_realization() + std::size_t(c)] = models::mean_device_payback_years(
            s.representatives.data(), s.representatives.size(), s.class_grid.data(), std::size_t(Y),
            s.constants[std::size_t(c)]);
        out[mean_lifetime_offset() + std::size_t(c)] = s.devices[std::size_t(c)].lifetime_years.mean();
        // Scatter [metric][year] of this class into [metric][class][year].
        for (int m = 0; m < models::metric_count; ++m)
            std::copy_n(s.class_out.begin() + std::ptrdiff_t(std::size_t(m) * Y), Y,
                        out + (std::size_t(m) * C + std::size_t(c)) * Y);
    }
}

}  // namespace tinyfleet
