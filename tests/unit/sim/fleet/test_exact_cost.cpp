// The exact mode's cost estimate and device-level progress
// (sim/fleet/exact_cost.cpp, FleetEvaluator::report_devices_to): the devices
// counted are the devices the realization ships (its `shipments` outputs),
// and neither the calibration nor the counting changes a bit of the result.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

#include "models/fleet/fleet_metrics.h"
#include "sim/engine/progress.h"
#include "sim/fleet/fleet_evaluator.h"
#include "sim/input/scenario.h"

using namespace tinyfleet;

namespace {

Scenario small_exact_fleet() {
    YamlDocument doc = load_yaml_file(TEST_DATA_DIR "/small.yaml");
    apply_override(doc, "run.fleet_mode=exact");
    apply_override(doc, "parameters.shipments_2020.distribution.value=2.0e4");
    apply_override(doc, "parameters.shipments_2025.distribution.median=1.0e5");
    return parse_scenario(doc);
}

std::vector<double> realization(const FleetEvaluator& model, std::uint64_t r) {
    auto worker = model.make_worker();
    std::vector<double> out(model.values_per_realization()), in(model.inputs_per_realization());
    model.evaluate(r, *worker, out.data(), in.data());
    return out;
}

// Devices shipped over every class and year: [metric][class][year], metric 0.
double shipped(const FleetEvaluator& model, const std::vector<double>& out) {
    static_assert(models::shipments == 0);
    double devices = 0;
    for (int i = 0; i < model.class_count() * model.year_count(); ++i) devices += out[std::size_t(i)];
    return devices;
}

}  // namespace

TEST_CASE("exact cost: devices per realization are the devices it ships; calibration and counting change no bit",
          "[exact_cost]") {
    const Scenario s = small_exact_fleet();
    FleetEvaluator model(s);
    const std::vector<double> before = realization(model, 3);

    const FleetEvaluator::ExactCost one = model.estimate_exact_cost(3, 1, 100000, 2);
    // Each cohort is rounded to whole devices: at most half a device each.
    const double cohorts = double(model.class_count() * model.year_count());
    CHECK(std::abs(one.devices_per_realization - shipped(model, before)) <= 0.5 * cohorts);
    CHECK(one.devices_per_realization > 1e5);
    // About the devices asked for: 64 pieces, each cut to whole devices and to its task.
    CHECK(one.calibration_devices <= 100000);
    CHECK(one.calibration_devices >= 100000 - 64 * 2);
    CHECK(one.devices_per_second() > 0);

    // Over realizations 3 and 4: their mean.
    const std::vector<double> fourth = realization(model, 4);
    const FleetEvaluator::ExactCost two = model.estimate_exact_cost(3, 2, 1000, 1);
    CHECK(two.realizations_looked_at == 2);
    CHECK(std::abs(two.devices_per_realization - 0.5 * (shipped(model, before) + shipped(model, fourth))) <=
          0.5 * cohorts);

    Progress progress(1, Progress::Display{});
    progress.count_units("devices", one.devices_per_realization);
    model.report_devices_to(&progress);
    const std::vector<double> counted = realization(model, 3);
    model.report_devices_to(nullptr);
    CHECK(double(progress.units_done()) == one.devices_per_realization);
    REQUIRE(counted.size() == before.size());
    CHECK(std::memcmp(counted.data(), before.data(), before.size() * sizeof(double)) == 0);
}
