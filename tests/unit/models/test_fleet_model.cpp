// The fleet model's pure parts (models/: service years, cohort tallies,
// class totals, shipments, paybacks, grid) against hand calculations and the
// paper's use-stage figure.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "models/device/battery.h"
#include "models/fleet/class_year_totals.h"
#include "models/fleet/cohort_tally.h"
#include "models/fleet/fleet_metrics.h"
#include "models/fleet/payback.h"
#include "models/use/addressable_cap.h"
#include "models/use/grid.h"
#include "models/device/ic.h"
#include "models/fleet/shipments.h"
#include "models/units.h"
#include "models/use/use_phase.h"

using namespace tinyfleet::models;

TEST_CASE("use-stage energy and emissions reproduce the paper's figure", "[models]") {
    // Prakash et al. 2023: 1 mW continuous for 3 years = 0.02628 kWh;
    // use stage 0.01082880496 kg CO2e, i.e. 0.41206 kg/kWh (rounded in the table).
    CHECK(use_phase_device_energy_kwh(0.001, 0.0, 1.0, hours_per_year) == Approx(0.00876));
    // Three years of service are 3 x 8760 = 26280 hours.
    const double three_years_kwh = use_phase_device_energy_kwh(0.001, 0.0, 1.0, 26280);
    CHECK(three_years_kwh == Approx(0.02628));
    CHECK(use_phase_emissions_kg(use_phase_grid_energy_kwh(three_years_kwh, 1.0), 0.41206) ==
          Approx(0.01082880496).epsilon(1e-4));
    // Duty cycling: 10% at 10 mW, 90% at 10 uW -> 1.009 mW average -> 8.83884 Wh/yr.
    CHECK(use_phase_device_energy_kwh(0.010, 0.00001, 0.1, hours_per_year) == Approx(0.00883884));
}

TEST_CASE("die carbon is area x carbon per area + packaging", "[models]") {
    // The paper's 10 mm2 MCU at 0.17 kg: 1.7 kg/cm2 x 0.1 cm2.
    CHECK(die_embodied_kg(10, 1.7, 0.0) == Approx(0.17));
    // ACT check value: 28 nm Taiwan CPA 1.328 kg/cm2, 50 mm2 die + 150 g package.
    CHECK(die_embodied_kg(50, 1.328, 0.150) == Approx(0.814));
}

TEST_CASE("grid intensity declines geometrically from the base year", "[models]") {
    CHECK(grid_intensity(0.4, 0.05, 2020, 2020) == Approx(0.4));
    CHECK(grid_intensity(0.4, 0.05, 2020, 2022) == Approx(0.4 * 0.95 * 0.95));
    CHECK(grid_intensity(0.4, -0.1, 2020, 2021) == Approx(0.44));
    CHECK(grid_intensity(0.4, 0.05, 2020, 2019) == Approx(0.4 / 0.95));
}

TEST_CASE("shipments interpolate between anchors and hold beyond them", "[models]") {
    const int years[] = {2020, 2030};
    const double devices[] = {1e6, 1e8};
    CHECK(shipments_in_year(years, devices, 2, ShipmentInterpolation::linear, 2025) == Approx(50.5e6));
    CHECK(shipments_in_year(years, devices, 2, ShipmentInterpolation::log, 2025) == Approx(1e7));
    CHECK(shipments_in_year(years, devices, 2, ShipmentInterpolation::log, 2015) == 1e6);
    CHECK(shipments_in_year(years, devices, 2, ShipmentInterpolation::log, 2040) == 1e8);
}

TEST_CASE("shipments grow at their own rate after the last anchor", "[models]") {
    const int years[] = {2020, 2030};
    const double devices[] = {1e6, 1e8};
    // Hand calculation: 1e8 x 1.05^5 = 1e8 x 1.2762815625 = 127,628,156.25.
    CHECK(shipments_in_year(years, devices, 2, ShipmentInterpolation::log, 2035, 0.05) == Approx(127628156.25));
    // A decline: 1e8 x 0.9^2 = 81,000,000.
    CHECK(shipments_in_year(years, devices, 2, ShipmentInterpolation::linear, 2032, -0.1) == Approx(81e6));
    // The last anchor year itself and every year before it are untouched by the rate.
    CHECK(shipments_in_year(years, devices, 2, ShipmentInterpolation::log, 2030, 0.05) == 1e8);
    CHECK(shipments_in_year(years, devices, 2, ShipmentInterpolation::log, 2025, 0.05) == Approx(1e7));
    CHECK(shipments_in_year(years, devices, 2, ShipmentInterpolation::log, 2015, 0.05) == 1e6);
    // A single anchor grows from its year on.
    const int one_year[] = {2030};
    const double one_value[] = {2e9};
    CHECK(shipments_in_year(one_year, one_value, 1, ShipmentInterpolation::linear, 2033, 0.1) == Approx(2.662e9));
}

namespace {
struct ModelRun {
    std::vector<double> out;
    double at(Metric m, int y, int Y) const { return out[std::size_t(m) * Y + y]; }
};

// Every cohort ships `shipments[s]` devices that all live `lifetime` years,
// in one region of constant intensity `grid`: tallied as one device scaled
// by the cohort size (models/fleet/cohort_tally.h, models/fleet/class_year_totals.h).
ModelRun run_model(const std::vector<double>& shipments, double lifetime, const std::vector<double>& grid,
                   ClassConstants k = {}) {
    const int Y = static_cast<int>(shipments.size());
    const TallyLayout tl{Y, 1};
    const CalendarLayout cl{Y, 1};
    std::vector<double> calendar(cl.size(), 0.0);
    for (int s = 0; s < Y; ++s) {
        std::vector<double> tally(tl.size(), 0.0);
        DeviceOutcome d;
        d.service = service_years(lifetime, Y - s);
        d.grid_kwh_per_year = 10.0;
        d.delivers = 1.0;
        tally_device(tl, tally.data(), d, 1.0);
        finish_tally(tl, tally.data());
        add_cohort(tl, tally.data(), shipments[s], shipments[s], s, cl, calendar.data());
    }
    k.embodied_kg[category_pcb] = 2.0;
    k.direct_avoided_kg = 3.0;
    k.mass_kg = 0.1;
    ModelRun r;
    r.out.assign(std::size_t(metric_count) * Y, -1.0);
    class_year_metrics(cl, calendar.data(), grid.data(), k, r.out.data());
    return r;
}
}  // namespace

TEST_CASE("fixed 2-year lifetime: stock, retirements and device-years by hand", "[models]") {
    // Lifetime exactly 2 years: in service from mid-year s + 1/2 to mid-year s + 2 + 1/2.
    const int Y = 4;
    const std::vector<double> ship = {100, 100, 100, 100};
    const std::vector<double> grid = {0.5, 0.5, 0.5, 0.5};
    const ModelRun r = run_model(ship, 2.0, grid);
    // Year 0: 100 in service at year end, none retired, 100 x 0.5 yr = 50 device-years.
    CHECK(r.at(installed_base, 0, Y) == 100);
    CHECK(r.at(retired, 0, Y) == 0);
    CHECK(r.at(emissions_operational, 0, Y) == Approx(50 * 10 * 0.5));
    // Year 1: 200 in service; device-years 100 x 1 + 100 x 0.5 = 150.
    CHECK(r.at(installed_base, 1, Y) == 200);
    CHECK(r.at(emissions_operational, 1, Y) == Approx(150 * 10 * 0.5));
    // Year 2: cohort 0 retires (trapezoid: 0.5 device-years each), stock 200.
    // Device-years: 100 x 0.5 + 100 x 1 + 100 x 0.5 = 200.
    CHECK(r.at(retired, 2, Y) == 100);
    CHECK(r.at(installed_base, 2, Y) == 200);
    CHECK(r.at(offsets, 2, Y) == Approx(200 * 3.0));
    CHECK(r.at(ewaste_mass, 2, Y) == Approx(100 * 0.1));
    // Embodied is charged in the shipment year; net and cumulative net by hand.
    CHECK(r.at(emissions_embodied, 3, Y) == Approx(200.0));
    const double net0 = 200 + 250 - 150;
    CHECK(r.at(net, 0, Y) == Approx(net0));
    CHECK(r.at(cumulative_net, 1, Y) == Approx(net0 + 200 + 750 - 450));
}

TEST_CASE("addressable-market cap: offsets of the served devices only, emissions of all", "[models][cap]") {
    // 100 devices a year living 2 years: installed base 100, 200, 200, 200;
    // device-years of service 50, 150, 200, 200; 3 kg CO2e per device-year.
    const int Y = 4;
    const std::vector<double> ship = {100, 100, 100, 100};
    const std::vector<double> grid = {0.5, 0.5, 0.5, 0.5};
    ClassConstants capped;
    capped.offset_cap_devices = addressable_cap_devices(3000.0, 20.0);  // 3000 ha at 20 ha per device: 150 devices
    REQUIRE(capped.offset_cap_devices == 150.0);
    const ModelRun free = run_model(ship, 2.0, grid);
    const ModelRun r = run_model(ship, 2.0, grid, capped);
    // Year 0: 100 installed, below the cap: every device serves, nothing unserved.
    CHECK(r.at(offsets, 0, Y) == Approx(50 * 3.0));
    CHECK(r.at(unserved_base, 0, Y) == 0.0);
    // Year 1: 200 installed above the cap of 150: 150/200 of the 150 device-years save.
    CHECK(r.at(offsets, 1, Y) == Approx(150 * 3.0 * 150.0 / 200.0));
    CHECK(r.at(unserved_base, 1, Y) == Approx(50.0));
    CHECK(r.at(offsets, 3, Y) == Approx(200 * 3.0 * 0.75));
    for (int y = 0; y < Y; ++y) {
        // Emissions count every device built and in service.
        CHECK(r.at(emissions_total, y, Y) == free.at(emissions_total, y, Y));
        CHECK(free.at(unserved_base, y, Y) == 0.0);
        CHECK(r.at(net, y, Y) == Approx(r.at(emissions_total, y, Y) - r.at(offsets, y, Y)));
    }
    // The cap's arithmetic: at, below and above it.
    CHECK(served_share(0.0, 150.0) == 1.0);
    CHECK(served_share(150.0, 150.0) == 1.0);
    CHECK(served_share(300.0, 150.0) == 0.5);
    CHECK(unserved_devices(150.0, 150.0) == 0.0);
    CHECK(unserved_devices(151.0, 150.0) == 1.0);
}

TEST_CASE("e-waste counts the spent replacement cells of the retired devices", "[models][ewaste]") {
    // Two primary cells of 14.5 g, 9 Wh at 90% depth of discharge (8.1 Wh
    // usable), one cycle; 1 kWh/yr over 4 years = 4000 Wh: ceil(493.8) = 494
    // cells, 493 of them replacements, 493 x 0.029 kg = 14.297 kg spent.
    const double replacements = battery_replacements(1.0, 4.0, battery_usable_capacity_wh(9.0, 0.9), 1.0);
    REQUIRE(replacements == 493.0);
    CHECK(battery_spent_cells_kg(0.029, replacements) == Approx(14.297));
    // In the fleet: retired devices x (device mass + spent cells).
    const int Y = 4;
    ClassConstants k;
    k.spent_cells_kg = 14.297;
    const ModelRun r = run_model({100, 100, 100, 100}, 2.0, {0.5, 0.5, 0.5, 0.5}, k);
    CHECK(r.at(retired, 2, Y) == 100);
    CHECK(r.at(ewaste_mass, 2, Y) == Approx(100 * (0.1 + 14.297)));
    // The mean spent mass of simulated devices.
    DeviceOutcome d[3];
    d[0].spent_cells_kg = 0.0;
    d[1].spent_cells_kg = 0.029;
    d[2].spent_cells_kg = 0.058;
    CHECK(mean_spent_cells_kg(d, 3) == Approx(0.029));
}

TEST_CASE("service years: mid-year entry, partial first and last years sum to the lifetime", "[models]") {
    // L = 2.3: enters at 0.5, retires at 2.8 -> age-years 0: 0.5, 1: 1, 2: 0.8.
    const ServiceYears a = service_years(2.3, 10);
    CHECK(a.retire_age == 2);
    CHECK(a.first_year == 0.5);
    CHECK(a.last_year == Approx(0.8));
    // L = 0.3: retires in its first year after 0.3 years.
    const ServiceYears b = service_years(0.3, 10);
    CHECK(b.retire_age == 0);
    CHECK(b.first_year == Approx(0.3));
    // Beyond the window: retire age = horizon.
    CHECK(service_years(12.0, 5).retire_age == 5);
}

TEST_CASE("stock balance and part sums hold for cohorts of mixed lifetimes", "[models]") {
    const int Y = 12;
    const TallyLayout tl{Y, 2};
    const CalendarLayout cl{Y, 2};
    std::vector<double> calendar(cl.size(), 0.0), grid(2 * Y);
    for (int y = 0; y < Y; ++y) grid[y] = 0.4, grid[Y + y] = 0.1;
    for (int s = 0; s < Y; ++s) {
        std::vector<double> tally(tl.size(), 0.0);
        for (int i = 0; i < 50; ++i) {  // lifetimes 0.1 .. 9.9 years, alternate regions
            DeviceOutcome d;
            d.service = service_years(0.1 + 0.2 * i, Y - s);
            d.region = i % 2;
            d.grid_kwh_per_year = 1.0 + i;
            d.delivers = i % 3 == 0;
            tally_device(tl, tally.data(), d, 1.0);
        }
        finish_tally(tl, tally.data());
        add_cohort(tl, tally.data(), 20.0 * (s + 1), 1000.0 * (s + 1), s, cl, calendar.data());
    }
    ClassConstants k;
    k.embodied_kg[category_ic] = 1.0;
    k.embodied_kg[category_casing] = 0.5;
    k.energy_saved_kwh = 2.0;
    k.rebound = 0.25;
    std::vector<double> out(std::size_t(metric_count) * Y);
    class_year_metrics(cl, calendar.data(), grid.data(), k, out.data());
    auto at = [&](Metric m, int y) { return out[std::size_t(m) * Y + std::size_t(y)]; };
    double previous = 0;
    for (int y = 0; y < Y; ++y) {
        CHECK(at(installed_base, y) == Approx(previous + at(shipments, y) - at(retired, y)));
        CHECK(at(emissions_embodied, y) == Approx(at(embodied_ic, y) + at(embodied_casing, y)));
        CHECK(at(emissions_embodied, y) == Approx(1.5 * at(shipments, y)));
        CHECK(at(emissions_total, y) == Approx(at(emissions_embodied, y) + at(emissions_operational, y)));
        CHECK(at(net, y) == Approx(at(emissions_total, y) - at(offsets, y)));
        previous = at(installed_base, y);
    }
    // Year 0 by hand: cohort 0 (scale 20) serves min(L, 0.5) each; device i
    // draws 1 + i kWh/yr on grid 0.4 (even i) or 0.1 (odd i).
    double op = 0, avoided = 0;
    for (int i = 0; i < 50; ++i) {
        const double years = std::min(0.1 + 0.2 * i, 0.5), ci = i % 2 ? 0.1 : 0.4;
        op += 20 * years * (1.0 + i) * ci;
        if (i % 3 == 0) avoided += 20 * years * 0.75 * 2.0 * ci;
    }
    CHECK(at(emissions_operational, 0) == Approx(op));
    CHECK(at(offsets, 0) == Approx(avoided));
}

TEST_CASE("service years at the boundaries of the partial-year rule", "[models]") {
    auto check = [](double lifetime, int horizon, int retire_age, double first_year, double last_year) {
        INFO("lifetime " << lifetime << ", horizon " << horizon);
        const ServiceYears s = service_years(lifetime, horizon);
        CHECK(s.retire_age == retire_age);
        CHECK(s.first_year == first_year);
        CHECK(s.last_year == last_year);
    };
    // Just below 1/2: L + 1/2 rounds to 1.0, so the device retires in age-year 1
    // having served 1/2 and then 1 - 1 = 0 years (not min(L, 1/2) in age-year 0).
    check(std::nextafter(0.5, 0.0), 10, 1, 0.5, 0.0);
    // Exactly 1/2: retires at the start of age-year 1.
    check(0.5, 10, 1, 0.5, 0.0);
    // A zero lifetime serves nothing and retires in its shipment year.
    check(0.0, 10, 0, 0.0, 0.0);
    // L = 1.5 retires at 2.0, the end of a 2-year window: counted at the horizon.
    check(1.5, 2, 2, 0.5, 0.0);
    // With one more year in the window it retires in age-year 2, serving 0 of it.
    CHECK(service_years(1.5, 3).retire_age == 2);
    // A NaN lifetime retires at the horizon (and its NaN reaches the engine's check elsewhere).
    CHECK(service_years(std::nan(""), 4).retire_age == 4);
}

TEST_CASE("logistic adoption curve by hand", "[models][shipments]") {
    // S(y) = 1e9 / (1 + exp(-0.5 (y - 2030))): half the saturation at the midpoint,
    // 1e9 / (1 + e^-1) = 731058578.63 two years after, 1e9 / (1 + e^2) = 119202922.0221 four years before.
    CHECK(logistic_shipments(1e9, 2030, 0.5, 2030) == Approx(5e8));
    CHECK(logistic_shipments(1e9, 2030, 0.5, 2032) == Approx(731058578.63).epsilon(1e-12));
    CHECK(logistic_shipments(1e9, 2030, 0.5, 2026) == Approx(119202922.0221).epsilon(1e-12));
    // A midpoint between years; zero steepness is flat at half the saturation.
    CHECK(logistic_shipments(1e9, 2030.5, 1.0, 2030) == Approx(1e9 / (1 + 1.6487212707001282)));
    CHECK(logistic_shipments(1e9, 2030, 0.0, 2050) == Approx(5e8));
}

TEST_CASE("all-MCU shipments and the cap on TinyML shipments", "[models][shipments]") {
    // 25e9 MCUs in 2020 growing 5 %/yr: 25e9 x 1.05^2 = 27.5625e9 in 2022, 25e9 / 1.05 in 2019.
    CHECK(mcu_shipments(25e9, 0.05, 2020, 2020) == 25e9);
    CHECK(mcu_shipments(25e9, 0.05, 2020, 2022) == Approx(27.5625e9));
    CHECK(mcu_shipments(25e9, 0.05, 2020, 2019) == Approx(23809523809.52381));
    // At most 10 % of them: 3e9 TinyML devices are cut to 2.75625e9; 2e9 stay.
    CHECK(capped_shipments(3e9, 27.5625e9, 0.1) == Approx(2.75625e9));
    CHECK(capped_shipments(2e9, 27.5625e9, 0.1) == 2e9);
    CHECK(capped_shipments(2e9, 27.5625e9, 0.0) == 0.0);
    // A class with weight 2 of 5 takes 40 % of the market.
    CHECK(market_share_shipments(1e9, 2.0, 5.0) == Approx(4e8));
}

TEST_CASE("fleet breakeven year: the first year whose cumulative net is <= 0", "[models][payback]") {
    const double falls[] = {5.0, 2.0, 0.0, -1.0};
    CHECK(fleet_breakeven_year(falls, 4, 2025) == 2027.0);  // 0 counts as repaid
    const double never[] = {5.0, 2.0, 1.0};
    CHECK(std::isinf(fleet_breakeven_year(never, 3, 2025)));
    const double at_once[] = {-0.5, 3.0};
    CHECK(fleet_breakeven_year(at_once, 2, 2030) == 2030.0);  // the first such year, even if net rises again
    CHECK(std::isinf(fleet_breakeven_year(falls, 0, 2025)));
}

TEST_CASE("grid intensity of a deployment mix", "[models]") {
    const double weights[] = {1.0, 3.0}, intensities[] = {0.4, 0.2};
    // (1 x 0.4 + 3 x 0.2) / 4 = 0.25
    CHECK(mix_grid_intensity(weights, intensities, 2) == Approx(0.25));
    const double no_weight[] = {0.0, 0.0};
    CHECK(mix_grid_intensity(no_weight, intensities, 2) == 0.0);
}

TEST_CASE("device payback: nominal device and the mean of simulated devices", "[models][payback]") {
    // 10 kg over the life of which 4 kg is use at 2 kg/yr; offset 5 kg/yr: (10 - 4) / (5 - 2) = 2 years.
    CHECK(nominal_device_payback_years(10, 4, 2, 5) == Approx(2.0));
    CHECK(std::isinf(nominal_device_payback_years(10, 4, 2, 2)));
    // Two devices: region 0 (0.5 kg/kWh), 10 kWh/yr, delivers, 1 kg of battery;
    // region 1 (0.1 kg/kWh), 20 kWh/yr, does not deliver, 3 kg of battery.
    DeviceOutcome devices[2];
    devices[0].region = 0, devices[0].grid_kwh_per_year = 10, devices[0].delivers = 1, devices[0].device_embodied_kg = 1;
    devices[1].region = 1, devices[1].grid_kwh_per_year = 20, devices[1].delivers = 0, devices[1].device_embodied_kg = 3;
    const double grid[] = {0.5, -1, -1, 0.1, -1, -1};  // stride 3: the first year of each region
    ClassConstants k;
    k.embodied_kg[category_ic] = 2.0;
    k.end_of_life_kg = 0.5;
    k.energy_saved_kwh = 100;
    k.direct_avoided_kg = 1;
    k.rebound = 0.2;
    // fixed 2 + 0.5 + (1 + 3) / 2 = 4.5; use (10 x 0.5 + 20 x 0.1) / 2 = 3.5;
    // offset (0.8 x (100 x 0.5 + 1) + 0) / 2 = 20.4 -> 4.5 / 16.9 = 0.26627218934911245 years.
    CHECK(mean_device_payback_years(devices, 2, grid, 3, k) == Approx(0.26627218934911245).epsilon(1e-14));
    k.energy_saved_kwh = 0, k.direct_avoided_kg = 0;
    CHECK(std::isinf(mean_device_payback_years(devices, 2, grid, 3, k)));
}

TEST_CASE("noise bins: every column's tally at once is each column's tally, bit for bit", "[models][cohort]") {
    // 40 devices over 3 regions and retirement ages 0..6, with +-1 weights in
    // 8 columns (the cohort mode's noise signs), binned value-major.
    const int Y = 6, regions = 3, columns = 8;
    const TallyLayout layout{Y, regions};
    const DeviceBins binning{Y, regions};
    std::vector<DeviceOutcome> devices;
    for (int i = 0; i < 40; ++i) {
        DeviceOutcome d;
        d.service = service_years(0.3 + 0.17 * i, Y);
        d.region = (i * 7) % regions;
        d.grid_kwh_per_year = 0.1 + 0.013 * i;
        d.delivers = i % 3 != 0;
        d.device_embodied_kg = 0.02 * (i % 5);
        devices.push_back(d);
    }
    auto weight = [](int i, int j) { return ((i * 5 + j * 3) % 7) < 3 ? -1.0 : 1.0; };
    std::vector<double> bins(binning.size() * columns, -7.0);  // overwritten, empty bins too
    for (std::size_t b = 0; b < binning.count(); ++b) {
        std::vector<double> values;
        std::vector<std::uint16_t> signs;  // a 16-bit mask per 16 columns: bit set = +1
        for (int i = 0; i < 40; ++i) {
            if (binning.index(devices[std::size_t(i)]) != b) continue;
            double v[DeviceBins::width];
            device_bin_values(devices[std::size_t(i)], v);
            values.insert(values.end(), v, v + DeviceBins::width);
            std::uint16_t mask = 0;
            for (int j = 0; j < columns; ++j) mask |= std::uint16_t((weight(i, j) > 0 ? 1 : 0) << j);
            signs.push_back(mask);
        }
        std::vector<std::uint32_t> order(values.size() / DeviceBins::width);
        for (std::size_t k = 0; k < order.size(); ++k) order[k] = std::uint32_t(k);
        const std::vector<double> no_centring(columns, 0.0);
        add_signed_bin(bins.data() + b * DeviceBins::width * columns, columns, values.data(), signs.data(),
                       order.data(), int(order.size()), no_centring.data());
    }
    std::vector<double> all(layout.size() * columns, 0.0);
    add_bins_to_tallies(binning, bins.data(), layout, all.data(), columns);
    for (int j = 0; j < columns; ++j) {
        std::vector<double> one(layout.size(), 0.0), direct(layout.size(), 0.0);
        add_bins_to_tally(binning, bins.data(), layout, one.data(), j, columns);
        for (int i = 0; i < 40; ++i) tally_device(layout, direct.data(), devices[std::size_t(i)], weight(i, j));
        for (std::size_t e = 0; e < layout.size(); ++e) {
            CHECK(all[e * columns + std::size_t(j)] == one[e]);  // same additions, same order: same bits
            CHECK(one[e] == Approx(direct[e]).margin(1e-12));     // the devices' own weighted tally
        }
    }
}
