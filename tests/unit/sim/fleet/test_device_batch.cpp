// The exact mode's batched device code (sim/fleet/device_simulation.cpp) against a
// device-at-a-time reference written here from the models' formulas: same
// bits, for the AVX-512, AVX2 and baseline versions, for every kind of device
// field, batteries, regions, and the service-year boundaries.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "models/device/battery.h"
#include "models/fleet/cohort_tally.h"
#include "models/fleet/service_years.h"
#include "models/use/use_phase.h"
#include "sim/fleet/device_simulation.h"

using namespace tinyfleet;

namespace {

// One device, one function call per formula, branches where the formulas have them.
models::DeviceOutcome reference_device(const ClassDevices& c, const DeviceKey& key, std::uint64_t device, int horizon) {
    const auto bits = device_bits(key, device, 0);
    const double life = c.lifetime_years.draw(uniform_from32(bits[0]));
    const double active = c.active_w.draw(uniform_from32(bits[1]));
    double sleep = c.sleep_w.value(), duty = c.duty_cycle.value();
    if (c.needs_second_lane) {
        const auto more = device_bits(key, device, 1);
        sleep = c.sleep_w.draw(uniform_from32(more[0]));
        duty = c.duty_cycle.draw(uniform_from32(more[1]));
    }
    models::DeviceOutcome d;
    const double u_region = uniform_from32(bits[2]);
    d.region = 0;
    while (d.region + 1 < c.region_count && u_region >= c.region_cumulative[std::size_t(d.region)]) ++d.region;
    d.delivers = uniform_from32(bits[3]) < c.delivery_rate ? 1.0 : 0.0;
    const double kwh = models::use_phase_device_energy_kwh(active, sleep, duty, c.hours_per_year);
    d.grid_kwh_per_year = models::use_phase_grid_energy_kwh(kwh, c.charging_efficiency);
    for (int b = 0; b < c.battery_count; ++b) {
        const BatteryTerms& t = c.batteries[std::size_t(b)];
        d.device_embodied_kg += models::battery_lifetime_embodied_kg(
            t.kg_per_battery, models::battery_replacements(kwh, life, t.usable_wh, t.cycle_life));
    }
    d.service = models::service_years(life, horizon);
    return d;
}

bool same(const models::DeviceOutcome& a, const models::DeviceOutcome& b) {
    auto bitwise = [](double x, double y) { return std::memcmp(&x, &y, sizeof x) == 0; };
    return a.region == b.region && a.service.retire_age == b.service.retire_age &&
           bitwise(a.service.first_year, b.service.first_year) && bitwise(a.service.last_year, b.service.last_year) &&
           bitwise(a.grid_kwh_per_year, b.grid_kwh_per_year) && bitwise(a.delivers, b.delivers) &&
           bitwise(a.device_embodied_kg, b.device_embodied_kg);
}

// Every device of batches starting at `firsts`, in every version (AVX-512, AVX2, baseline).
void check_batches(const ClassDevices& c, int horizon, const std::vector<std::uint64_t>& firsts) {
    for (const VectorCode code : {VectorCode::best, VectorCode::avx2, VectorCode::baseline}) {
        for (const std::uint64_t first : firsts) {
            DeviceBatchOutcome batch;
            simulate_devices(c, c.key, first, horizon, batch, code);
            // The same devices from given uniforms (the cohort mode's call).
            DeviceUniforms u;
            device_uniforms_batch(c.key, first, 0, 4, u.field);
            if (c.needs_second_lane) device_uniforms_batch(c.key, first, 1, 2, u.field + DeviceUniforms::sleep);
            DeviceBatchOutcome at;
            simulate_devices_at(c, u, horizon, at, code);
            int mismatches = 0;
            for (int j = 0; j < device_batch; ++j) {
                const models::DeviceOutcome want = reference_device(c, c.key, first + std::uint64_t(j), horizon);
                mismatches += !same(batch[j], want);
                mismatches += !same(at[j], want);
            }
            INFO("first device " << first << ", vector code " << int(code) << " (0 best, 1 AVX2, 2 baseline)");
            CHECK(mismatches == 0);
        }
    }
}

ClassDevices base_class() {
    ClassDevices c;
    c.key = {20231101, 7, class_stream_id("test_class"), 2026};
    c.hours_per_year = 8760.0;
    c.charging_efficiency = 0.85;
    c.region_count = 5;
    const double cumulative[5] = {0.1, 0.35, 0.6, 0.9, 1.0};
    for (int r = 0; r < 5; ++r) c.region_cumulative[std::size_t(r)] = cumulative[r];
    c.delivery_rate = 0.6;
    return c;
}

}  // namespace

TEST_CASE("batched devices equal the device-at-a-time formulas, bit for bit", "[exact][batch]") {
    const Distribution weibull = make_weibull(2.0, 3.385), lognormal = make_lognormal_median_gsd(0.001, 2.0);
    const Distribution duty = make_beta(2.0, 8.0, 0.0, 1.0), sleep = make_uniform(1e-6, 5e-5);
    const QuantileTable weibull_table(weibull), lognormal_table(lognormal), duty_table(duty), sleep_table(sleep);
    const Distribution short_lives = make_discrete({0.0, 0.2, 0.5, 1.0, 1.5, 2.49, 2.5, 7.0}, {1, 1, 1, 1, 1, 1, 1, 1});
    // Many batches, so draws in the tables' outer cells (probability 1/2048
    // per draw) occur, and batches across the 2^32 device boundary.
    std::vector<std::uint64_t> firsts;
    for (std::uint64_t b = 0; b < 2000; ++b) firsts.push_back(b * device_batch);
    firsts.push_back((std::uint64_t(1) << 32) - 8);
    firsts.push_back((std::uint64_t(1) << 40) + 3);

    SECTION("tabulated lifetime and power, constant sleep power and duty cycle, five regions") {
        ClassDevices c = base_class();
        c.lifetime_years = DeviceField::tabulated(&weibull_table);
        c.active_w = DeviceField::tabulated(&lognormal_table);
        c.sleep_w = DeviceField::constant(0.0);
        c.duty_cycle = DeviceField::constant(1.0);
        for (int horizon : {1, 4, 16}) check_batches(c, horizon, firsts);
        c.charging_efficiency = 1.0;  // the batch leaves out its division
        check_batches(c, 16, firsts);
    }
    SECTION("second lane (device sleep power and duty cycle), two batteries with replacements, one region") {
        ClassDevices c = base_class();
        c.region_count = 1;
        c.region_cumulative[0] = 1.0;
        c.delivery_rate = 1.0;
        c.lifetime_years = DeviceField::tabulated(&weibull_table);
        c.active_w = DeviceField::exact(&lognormal);
        c.sleep_w = DeviceField::tabulated(&sleep_table);
        c.duty_cycle = DeviceField::tabulated(&duty_table);
        c.needs_second_lane = true;
        // A coin cell of 0.1 Wh usable, 1 cycle (primary), and a 0.5 Wh
        // rechargeable of 300 cycles: 0 to tens of replacements over the lives drawn.
        c.battery_count = 2;
        c.batteries[0] = {true, 0.02, 0.1, 1.0};
        c.batteries[1] = {true, 0.15, 0.5, 300.0};
        std::vector<std::uint64_t> some(firsts.begin(), firsts.begin() + 200);
        for (int horizon : {2, 16}) check_batches(c, horizon, some);
    }
    SECTION("exact Weibull lifetimes (the cohort mode's representatives): the batch quantile, shapes 2 and 1.5") {
        const Distribution rayleigh = make_weibull(2.0, 3.385), agriculture = make_weibull(1.5, 4.43);
        for (const Distribution* lives : {&rayleigh, &agriculture}) {
            ClassDevices c = base_class();
            c.lifetime_years = DeviceField::exact(lives);
            c.active_w = DeviceField::tabulated(&lognormal_table);
            c.sleep_w = DeviceField::constant(0.0);
            c.duty_cycle = DeviceField::constant(1.0);
            c.battery_count = 1;
            c.batteries[0] = {true, 0.02, 0.1, 1.0};
            std::vector<std::uint64_t> some(firsts.begin(), firsts.begin() + 200);
            for (int horizon : {2, 16}) check_batches(c, horizon, some);
        }
    }
    SECTION("discrete lifetimes on the service-year boundaries (exact quantile fields)") {
        ClassDevices c = base_class();
        c.lifetime_years = DeviceField::exact(&short_lives);
        c.active_w = DeviceField::constant(0.002);
        c.sleep_w = DeviceField::constant(0.0);
        c.duty_cycle = DeviceField::constant(0.5);
        std::vector<std::uint64_t> some(firsts.begin(), firsts.begin() + 200);
        for (int horizon : {1, 2, 3, 8}) check_batches(c, horizon, some);
    }
}

TEST_CASE("batched service years on the boundaries equal models::service_years", "[exact][batch]") {
    // Constant lifetimes, one batch each: 0, just below and at 1/2, whole and
    // half years, the end of the window, and an unbounded life.
    const double inf = std::numeric_limits<double>::infinity();
    for (const double life : {0.0, 0.25, std::nextafter(0.5, 0.0), 0.5, 1.0, 1.4999999999, 1.5, 2.5, 3.49, 3.5, 10.0, inf})
        for (const int horizon : {1, 2, 4}) {
            ClassDevices c = base_class();
            c.lifetime_years = DeviceField::constant(life);
            c.active_w = DeviceField::constant(0.001);
            c.sleep_w = DeviceField::constant(0.0);
            c.duty_cycle = DeviceField::constant(1.0);
            for (const VectorCode code : {VectorCode::best, VectorCode::avx2, VectorCode::baseline}) {
                DeviceBatchOutcome batch;
                simulate_devices(c, c.key, 0, horizon, batch, code);
                const models::ServiceYears want = models::service_years(life, horizon);
                INFO("life " << life << " years, horizon " << horizon);
                CHECK(batch.retire_age[5] == want.retire_age);
                CHECK(batch.first_year[5] == want.first_year);
                CHECK(batch.last_year[5] == want.last_year);
            }
        }
    // A hand-worked case (docs/model.md "Partial years"): L = 2.3 years
    // retires at 2.8 years, in age-year 2, serving 1/2, 1 and 0.8 years.
    ClassDevices c = base_class();
    c.lifetime_years = DeviceField::constant(2.3);
    c.active_w = DeviceField::constant(0.001);
    DeviceBatchOutcome batch;
    simulate_devices(c, c.key, 0, 16, batch);
    CHECK(batch.retire_age[0] == 2);
    CHECK(batch.first_year[0] == 0.5);
    CHECK(batch.last_year[0] == Approx(0.8).epsilon(1e-12));
}

TEST_CASE("batched binning adds the same sums as models::bin_device", "[exact][batch]") {
    const Distribution weibull = make_weibull(2.0, 3.385), lognormal = make_lognormal_median_gsd(0.001, 2.0);
    const QuantileTable weibull_table(weibull), lognormal_table(lognormal);
    ClassDevices c = base_class();
    c.lifetime_years = DeviceField::tabulated(&weibull_table);
    c.active_w = DeviceField::tabulated(&lognormal_table);
    c.battery_count = 1;
    c.batteries[0] = {true, 0.05, 0.2, 500.0};
    const int horizon = 9;
    const models::DeviceBins binning{horizon, c.region_count};
    for (const VectorCode code : {VectorCode::best, VectorCode::avx2, VectorCode::baseline}) {
        std::vector<double> batched(binning.size(), 0.0), one_by_one(binning.size(), 0.0), storage;
        double* const fused = aligned_bins(binning, storage);  // simulate_and_bin_devices, the exact mode's call
        const std::uint64_t devices = 5000;  // not a multiple of the batch: the last batch is partial
        for (std::uint64_t first = 0; first < devices; first += device_batch) {
            DeviceBatchOutcome batch;
            simulate_devices(c, c.key, first, horizon, batch, code);
            const int count = int(std::min<std::uint64_t>(device_batch, devices - first));
            bin_devices(binning, batched.data(), batch, count, code);
            simulate_and_bin_devices(c, c.key, first, horizon, count, binning, fused, code);
            for (int j = 0; j < count; ++j) models::bin_device(binning, one_by_one.data(), batch[j]);
        }
        CHECK(batched == one_by_one);
        CHECK(std::vector<double>(fused, fused + binning.size()) == one_by_one);
        CHECK(reinterpret_cast<std::uintptr_t>(fused) % 64 == 0);
        // Every device counted once, none of the partial batch's padding.
        double count = 0.0;
        for (std::size_t b = 0; b < binning.count(); ++b) count += batched[b * models::DeviceBins::width];
        CHECK(count == 5000.0);
    }
}
