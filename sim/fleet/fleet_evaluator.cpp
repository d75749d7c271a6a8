#include "sim/fleet/fleet_evaluator.h"

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <bit>
#include <cmath>

#include "models/fleet/fleet_metrics.h"
#include "models/use/grid.h"
#include "models/device/ic.h"
#include "models/use/offsets.h"
#include "models/fleet/payback.h"
#include "models/fleet/shipments.h"
#include "models/use/use_phase.h"
#include "sim/engine/input_error.h"
#include "sim/parallel/mpi_run.h"

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
    tally_layout_ = {year_count(), largest_region_mix(scenario)};
    calendar_layout_ = {year_count(), largest_region_mix(scenario)};
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
    s.sign_words.resize(Y * ((s.representatives.size() + 31) / 32));
    s.padded_cohorts = (Y + 3) / 4 * 4;
    s.signs.assign(s.representatives.size() * s.padded_cohorts, 0.0);
    s.bin_values.resize(s.representatives.size() * models::DeviceBins::width);
    s.sign_sums.resize(Y);
    const models::DeviceBins binning{year_count(), calendar_layout_.regions};
    s.noise_bins.resize(binning.size() * s.padded_cohorts);
    s.bin_starts.resize(binning.count() + 1);
    s.bin_order.resize(s.representatives.size());
    s.tally.resize(tally_layout_.size());
    s.mean_tally.resize(tally_layout_.size());
    s.calendars.resize(C * calendar_layout_.size());
    s.class_out.resize(std::size_t(metric_count()) * Y);
    s.parameters.value.resize(static_cast<std::size_t>(scenario_.parameters.size()));
    s.parameters.distribution.resize(static_cast<std::size_t>(scenario_.parameters.size()));
    return worker;
}

// A device-level input: a number for literals and global parameters; a
// sampler for device-scope parameters (a table built once when the
// distribution never changes, else per realization in the exact mode, else
// the exact quantile).
DeviceField FleetEvaluator::device_field(const Quantity& q, Scratch& s, QuantileTable* table) const {
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

namespace {
double projected(const ShipmentProjection& p, const RealizedParameters& v, std::vector<int>& years,
                 std::vector<double>& devices, int year) {
    if (p.logistic) return models::logistic_shipments(v(p.saturation), v(p.midpoint_year), v(p.steepness), year);
    const int n = static_cast<int>(p.anchors.size());
    for (int a = 0; a < n; ++a) {
        years[std::size_t(a)] = p.anchors[std::size_t(a)].year;
        devices[std::size_t(a)] = v(p.anchors[std::size_t(a)].devices);
    }
    const auto interpolation = p.interpolation == Interpolation::log ? models::ShipmentInterpolation::log
                                                                      : models::ShipmentInterpolation::linear;
    return models::shipments_in_year(years.data(), devices.data(), n, interpolation, year);
}
}  // namespace

void FleetEvaluator::class_shipments(Scratch& s) const {
    const RealizedParameters& p = s.parameters;
    const int Y = year_count(), C = class_count(), first = scenario_.run.first_year;
    const Market& market = scenario_.market;
    double weight_sum = 0.0;
    for (const DeviceClass& c : scenario_.classes)
        if (c.from_market) weight_sum += p(c.market_share);
    for (int y = 0; y < Y; ++y) {
        double total = 0.0;
        if (market.defined) {
            total = projected(market.total, p, s.anchor_years, s.anchor_devices, first + y);
            if (market.capped)
                total = models::capped_shipments(
                    total,
                    models::mcu_shipments(p(market.mcu_shipments), p(market.mcu_growth_per_year), market.mcu_base_year,
                                          first + y),
                    p(market.max_share));
        }
        for (int c = 0; c < C; ++c) {
            const DeviceClass& dc = scenario_.classes[std::size_t(c)];
            double n;
            if (dc.from_market) {
                if (!(weight_sum > 0))
                    throw RuntimeFailure("the market_share weights of all classes are zero in this realization; "
                                         "give at least one class a positive share");
                n = models::market_share_shipments(total, p(dc.market_share), weight_sum);
            } else {
                n = p(dc.shipment_share) * projected(dc.shipments, p, s.anchor_years, s.anchor_devices, first + y);
            }
            s.shipments[std::size_t(c) * std::size_t(Y) + std::size_t(y)] = n;
        }
    }
}

// Per-device numbers that are the same for every device of the class, and
// the class's device samplers.
void FleetEvaluator::class_constants(int c, Scratch& s) const {
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
        throw RuntimeFailure("classes." + dc.name + ".regions: all region weights are zero in this realization");
    double running = 0.0;
    for (std::size_t r = 0; r < dc.regions.size(); ++r) {
        running += p(dc.regions[r].weight) / weight_sum;
        d.region_cumulative[r] = running;
    }
    d.realisation = p(dc.offset.realisation);

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
}

void FleetEvaluator::prepare_realization(std::uint64_t r, Scratch& s) const {
    realize_parameters(scenario_.parameters, scenario_.run.seed, r, s.parameters, &design_);
    const RealizedParameters& p = s.parameters;
    const int Y = year_count();
    for (std::size_t g = 0; g < scenario_.regions.size(); ++g) {
        const GridRegion& region = scenario_.regions[g];
        const double ci0 = p(region.intensity_kg_per_kwh), decline = p(region.decline_per_year);
        for (int y = 0; y < Y; ++y)
            s.grid[g * std::size_t(Y) + std::size_t(y)] =
                models::grid_intensity(ci0, decline, region.base_year, scenario_.run.first_year + y);
    }
    class_shipments(s);
    for (int c = 0; c < class_count(); ++c) {
        class_constants(c, s);
        s.devices[std::size_t(c)].key.realization = r;
    }
}

namespace {
// Whole devices of a cohort in the exact mode.
std::uint64_t whole_devices(double shipments, const std::string& class_name, int year) {
    if (!(shipments >= 0) || shipments >= double(max_devices_per_cohort))
        throw RuntimeFailure("classes." + class_name + ": " + std::to_string(shipments) + " devices shipped in " +
                             std::to_string(year) + " cannot be simulated device by device (at most 2^48 per cohort)");
    return static_cast<std::uint64_t>(std::llround(shipments));
}

void add_into(double* into, const double* from, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) into[i] += from[i];
}
}  // namespace

// Exact mode: every device of every cohort, in fixed chunks (tasks) summed in
// task order, so the result does not depend on the thread count.
void FleetEvaluator::sum_exact(Scratch& s) const {
    const int Y = year_count(), C = class_count();
    const std::size_t T = tally_layout_.size();
    s.tasks.clear();
    for (int c = 0; c < C; ++c)
        for (int y = 0; y < Y; ++y) {
            const std::uint64_t n = whole_devices(s.shipments[std::size_t(c * Y + y)],
                                                  scenario_.classes[std::size_t(c)].name, scenario_.run.first_year + y);
            for (std::uint64_t first = 0; first < n; first += exact_chunk_devices)
                s.tasks.push_back({c, y, first, std::min(exact_chunk_devices, n - first)});
        }
    if (s.partials.size() < s.tasks.size() * T) s.partials.resize(s.tasks.size() * T);
    const models::TallyLayout layout = tally_layout_;
    auto run_task = [&](std::size_t t) {
        const ExactTask& task = s.tasks[t];
        double* tally = s.partials.data() + t * T;
        std::fill(tally, tally + T, 0.0);
        const ClassDevices& d = s.devices[std::size_t(task.class_index)];
        DeviceKey key = d.key;
        key.cohort_tag = static_cast<std::uint32_t>(scenario_.run.first_year + task.cohort);
        const int horizon = Y - task.cohort;
        // Per-thread bins, grown once: no allocation in the hot loop.
        thread_local std::vector<double> bins;
        const models::DeviceBins binning{Y, layout.regions};
        if (bins.size() < binning.size()) bins.resize(binning.size());
        std::fill(bins.begin(), bins.begin() + std::ptrdiff_t(binning.size()), 0.0);
        DeviceBatchOutcome batch;
        for (std::uint64_t i = task.first_device, end = task.first_device + task.device_count; i < end;
             i += device_batch) {
            simulate_devices(d, key, i, horizon, batch);
            bin_devices(binning, bins.data(), batch, static_cast<int>(std::min<std::uint64_t>(device_batch, end - i)));
        }
        models::add_bins_to_tally(binning, bins.data(), layout, tally);
    };
    // Under MPI (share_tasks_) this rank runs every size-th task from its
    // rank on (dealt round-robin: tasks of one class cost alike, and classes
    // differ, so contiguous ranges would not balance), then every rank
    // receives every task's partial tally, so the sums below run in the same
    // order, with the same bits, on every rank.
    const std::size_t ranks = share_tasks_ ? std::size_t(mpi::size()) : 1;
    const std::size_t me = share_tasks_ ? std::size_t(mpi::rank()) : 0;
    const std::size_t my_tasks = s.tasks.size() > me ? (s.tasks.size() - me + ranks - 1) / ranks : 0;
    // isolate: a thread waiting here must not pick up another realization
    // (which would reuse this thread's scratch).
    tbb::this_task_arena::isolate([&] {
        tbb::parallel_for(std::size_t(0), my_tasks, [&](std::size_t k) { run_task(me + k * ranks); });
    });
    if (share_tasks_) mpi::allgather_round_robin(s.partials.data(), s.tasks.size(), T);
    std::size_t t = 0;
    const std::size_t K = calendar_layout_.size();
    std::fill(s.calendars.begin(), s.calendars.end(), 0.0);
    for (int c = 0; c < C; ++c) {
        for (int y = 0; y < Y; ++y) {
            std::fill(s.tally.begin(), s.tally.end(), 0.0);
            double devices = 0.0;
            for (; t < s.tasks.size() && s.tasks[t].class_index == c && s.tasks[t].cohort == y; ++t) {
                add_into(s.tally.data(), s.partials.data() + t * T, T);
                devices += double(s.tasks[t].device_count);
            }
            models::finish_tally(layout, s.tally.data());
            models::add_cohort(layout, s.tally.data(), 1.0, devices, y, calendar_layout_,
                               s.calendars.data() + std::size_t(c) * K);
        }
    }
}

// The cohort mode's representative devices of class c: devices 0..m-1 of a
// cohort of their own, over the whole window.
void FleetEvaluator::draw_representatives(int c, Scratch& s) const {
    const ClassDevices& d = s.devices[std::size_t(c)];
    DeviceKey key = d.key;
    key.cohort_tag = representative_cohort;
    const std::size_t m = s.representatives.size();
    for (std::size_t i = 0; i < m; i += device_batch) {
        const int count = static_cast<int>(std::min<std::size_t>(device_batch, m - i));
        simulate_device_batch(d, key, i, count, year_count(),
                              [&](int j, const models::DeviceOutcome& o) { s.representatives[i + std::size_t(j)] = o; });
    }
}

// Cohort mode: per cohort of N devices, N x mean + sqrt(N) x noise, where
// noise = sum_i e_i (v_i - mean) / sqrt(m - 1) over the m representative
// devices' contributions v_i with random signs e_i = +-1: a vector with
// exactly the representatives' sample covariance across (year, metric),
// close to Gaussian by the central limit theorem over m terms. A cohort of
// fewer than 4m devices is simulated device by device instead (which is
// cheaper, and keeps every count non-negative: see docs/model.md).
void FleetEvaluator::sum_cohorts(int c, Scratch& s) const {
    const int Y = year_count();
    const std::size_t T = tally_layout_.size(), K = calendar_layout_.size();
    const models::TallyLayout layout = tally_layout_;
    double* calendar = s.calendars.data() + std::size_t(c) * K;
    std::fill(calendar, calendar + K, 0.0);
    const ClassDevices& d = s.devices[std::size_t(c)];
    const auto m = static_cast<std::uint64_t>(s.representatives.size());

    std::fill(s.mean_tally.begin(), s.mean_tally.end(), 0.0);
    for (const models::DeviceOutcome& o : s.representatives) models::tally_device(layout, s.mean_tally.data(), o, 1.0);
    models::finish_tally(layout, s.mean_tally.data());

    // Random signs of every (cohort, representative device), 32 devices per
    // word: [device / 32][cohort], so the signs of one device in every
    // cohort are one contiguous run of words (a vectorised loop below).
    const std::size_t words = (m + 31) / 32;
    for (int y = 0; y < Y; ++y) {
        DeviceKey key = d.key;
        key.cohort_tag = static_cast<std::uint32_t>(scenario_.run.first_year + y) | noise_cohort_flag;
        for (std::size_t w = 0; w < words; w += 4) {
            const std::array<std::uint32_t, 4> bits = device_bits(key, w / 4, 0);
            for (std::size_t j = 0; j < 4 && w + j < words; ++j) s.sign_words[(w + j) * std::size_t(Y) + std::size_t(y)] = bits[j];
        }
        // Sum of the signs of devices 0..m-1: 2 x (number of + signs) - m.
        int plus = 0;
        for (std::size_t w = 0; w < words; ++w) {
            const std::uint32_t used = m - w * 32 >= 32 ? ~0u : (1u << (m - w * 32)) - 1u;
            plus += std::popcount(s.sign_words[w * std::size_t(Y) + std::size_t(y)] & used);
        }
        s.sign_sums[std::size_t(y)] = 2.0 * plus - double(m);
    }
    // Noise tallies of all cohorts in one pass over the representatives:
    // value-major [bin value][cohort]. Devices are visited bin by bin (a
    // stable counting sort, so each bin still sums in device order): one
    // bin's values of all cohorts are one contiguous block that stays in L1
    // cache while its devices are added.
    const models::DeviceBins binning{Y, layout.regions};
    std::fill(s.bin_starts.begin(), s.bin_starts.end(), 0u);
    for (const models::DeviceOutcome& o : s.representatives) ++s.bin_starts[binning.index(o) + 1];
    for (std::size_t b = 1; b < s.bin_starts.size(); ++b) s.bin_starts[b] += s.bin_starts[b - 1];
    for (std::uint32_t i = 0; i < m; ++i) s.bin_order[s.bin_starts[binning.index(s.representatives[i])]++] = i;
    // Values and signs of the devices in that order; cohorts padded to a
    // multiple of 4 with weight 0.
    const std::size_t P = s.padded_cohorts;
    for (std::size_t k = 0; k < m; ++k) {
        const std::uint32_t i = s.bin_order[k];
        models::device_bin_values(s.representatives[i], s.bin_values.data() + k * models::DeviceBins::width);
        const std::uint32_t* word = s.sign_words.data() + (i / 32) * std::size_t(Y);
        const unsigned shift = i % 32;
        double* sign = s.signs.data() + k * P;
        for (int y = 0; y < Y; ++y) sign[y] = double(int((word[y] >> shift) & 1u) * 2 - 1);
    }
    std::fill(s.noise_bins.begin(), s.noise_bins.end(), 0.0);
    for (std::size_t b = 0, first = 0; b < binning.count(); ++b) {
        const std::size_t end = s.bin_starts[b];  // after the sort: end of bin b
        if (end > first)
            models::add_weighted_bin(s.noise_bins.data() + b * models::DeviceBins::width * P, int(P),
                                     s.bin_values.data() + first * models::DeviceBins::width,
                                     s.signs.data() + first * P, int(end - first));
        first = end;
    }

    for (int y = 0; y < Y; ++y) {
        const double shipped = s.shipments[std::size_t(c * Y + y)];
        if (!(shipped > 0)) continue;
        std::fill(s.tally.begin(), s.tally.end(), 0.0);
        if (shipped < 4.0 * double(m)) {
            DeviceKey key = d.key;
            key.cohort_tag = static_cast<std::uint32_t>(scenario_.run.first_year + y);
            const std::uint64_t n = whole_devices(shipped, scenario_.classes[std::size_t(c)].name,
                                                  scenario_.run.first_year + y);
            for (std::uint64_t i = 0; i < n; i += device_batch)
                simulate_device_batch(d, key, i, static_cast<int>(std::min<std::uint64_t>(device_batch, n - i)), Y - y,
                                      [&](int, const models::DeviceOutcome& o) {
                                          models::tally_device(layout, s.tally.data(), o, 1.0);
                                      });
            models::finish_tally(layout, s.tally.data());
            models::add_cohort(layout, s.tally.data(), 1.0, double(n), y, calendar_layout_, calendar);
            continue;
        }
        models::add_bins_to_tally(binning, s.noise_bins.data(), layout, s.tally.data(), y, int(P));
        models::finish_tally(layout, s.tally.data());
        const double mean_weight = s.sign_sums[std::size_t(y)] / double(m);
        for (std::size_t i = 0; i < T; ++i) s.tally[i] -= mean_weight * s.mean_tally[i];
        models::add_cohort(layout, s.mean_tally.data(), shipped / double(m), shipped, y, calendar_layout_, calendar);
        models::add_cohort(layout, s.tally.data(), std::sqrt(shipped / double(m - 1)), 0.0, y, calendar_layout_,
                           calendar);
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
        if (scenario_.run.fleet_mode == FleetMode::cohort) sum_cohorts(c, s);
        const auto& dc = scenario_.classes[std::size_t(c)];
        std::fill(s.class_grid.begin(), s.class_grid.end(), 0.0);
        for (std::size_t g = 0; g < dc.regions.size(); ++g)
            std::copy_n(s.grid.begin() + std::ptrdiff_t(std::size_t(dc.regions[g].region) * std::size_t(Y)), Y,
                        s.class_grid.begin() + std::ptrdiff_t(g * std::size_t(Y)));
        models::class_year_metrics(calendar_layout_, s.calendars.data() + std::size_t(c) * K, s.class_grid.data(),
                                   s.constants[std::size_t(c)], s.class_out.data());
        // Carbon payback of the class's average device (its representatives)
        // on the grid of the first simulated year: class_grid[region * Y].
        out[metric_values_per_realization() + std::size_t(c)] = models::mean_device_payback_years(
            s.representatives.data(), s.representatives.size(), s.class_grid.data(), std::size_t(Y),
            s.constants[std::size_t(c)]);
        // Scatter [metric][year] of this class into [metric][class][year].
        for (int m = 0; m < models::metric_count; ++m)
            for (int y = 0; y < Y; ++y)
                out[(std::size_t(m) * C + c) * Y + y] = s.class_out[std::size_t(m) * Y + y];
    }
}

}  // namespace tinyfleet
