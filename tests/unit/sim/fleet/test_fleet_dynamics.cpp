// The fleet engine (exact and cohort modes) against closed forms, against
// each other, and its determinism and conservation identities.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

#include "models/device/battery.h"
#include "models/fleet/fleet_metrics.h"
#include "sim/fleet/fleet_evaluator.h"
#include "sim/fleet/invariants.h"
#include "sim/engine/monte_carlo.h"
#include "sim/fleet/result_assembly.h"
#include "sim/input/scenario.h"

using namespace tinyfleet;

namespace {

Scenario scenario_from(const std::string& text) {
    YamlDocument doc = load_yaml_text(text, "test.yaml");
    return parse_scenario(std::move(doc));
}

Scenario fleet_battery(const std::vector<std::string>& overrides) {
    YamlDocument doc = load_yaml_file(TEST_DATA_DIR "/fleet_battery.yaml");
    for (const auto& o : overrides) apply_override(doc, o);
    return parse_scenario(std::move(doc));
}

// One class, constant shipments N per year, device-scope lifetime `life`.
std::string constant_fleet(double N, const std::string& life, const std::string& mode) {
    return "run: {name: t, samples: 1, seed: 3, first_year: 2020, last_year: 2029, fleet_mode: " + mode +
           ", cohort_devices: 4096}\n"
           "parameters:\n"
           "  exp_life: {unit: years, scope: device, distribution: {type: weibull, shape: 1.0, scale: 3.0}}\n"
           "grid: {regions: {w: {base_year: 2020, intensity_kg_per_kwh: 0.4}}}\n"
           "classes:\n"
           "  c:\n"
           "    bom: {casing: 1.0}\n"
           "    power: {active_w: 0.001, duty_cycle: 1.0}\n"
           "    lifetime_years: " + life + "\n"
           "    mass_kg: 0.1\n"
           "    region: w\n"
           "    shipments: {devices: {2020: " + std::to_string(N) + "}}\n";
}

double value(const FleetEvaluator& e, const MonteCarloOutput& out, std::size_t r, models::Metric m, int c, int y) {
    const std::size_t C = std::size_t(e.class_count()), Y = std::size_t(e.year_count());
    return out.values[r * e.values_per_realization() + (std::size_t(m) * C + std::size_t(c)) * Y + std::size_t(y)];
}

// Fleet total of one metric in one year, per realization.
std::vector<double> fleet_totals(const FleetEvaluator& e, const MonteCarloOutput& out, models::Metric m, int y) {
    const std::size_t N = out.values.size() / e.values_per_realization();
    std::vector<double> v(N, 0.0);
    for (std::size_t r = 0; r < N; ++r)
        for (int c = 0; c < e.class_count(); ++c) v[r] += value(e, out, r, m, c, y);
    return v;
}

double mean_of(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / double(v.size()); }
double variance_of(const std::vector<double>& v) {
    const double m = mean_of(v);
    double s = 0;
    for (double x : v) s += (x - m) * (x - m);
    return s / double(v.size() - 1);
}

// Two-sample Kolmogorov-Smirnov statistic.
double ks_statistic(std::vector<double> a, std::vector<double> b) {
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    std::size_t i = 0, j = 0;
    double d = 0;
    while (i < a.size() && j < b.size()) {
        const double x = std::min(a[i], b[j]);
        while (i < a.size() && a[i] <= x) ++i;
        while (j < b.size() && b[j] <= x) ++j;
        d = std::max(d, std::abs(double(i) / double(a.size()) - double(j) / double(b.size())));
    }
    return d;
}

}  // namespace

TEST_CASE("installed base and retirements match the closed form for fixed and exponential lifetimes", "[fleet]") {
    using namespace models;
    const double N = 200000;
    SECTION("fixed 2.0-year lifetime, exact and cohort modes: every count by hand") {
        for (const char* mode : {"exact", "cohort"}) {
            INFO(mode);
            const Scenario s = scenario_from(constant_fleet(N, "2.0", mode));
            FleetEvaluator e(s);
            const auto out = run_monte_carlo(e, 0, 1, 2, nullptr);
            // Shipped mid-year, retired mid-year two years later: the stock is
            // N after the first year and 2N from then on; N retire each year from 2022.
            CHECK(value(e, out, 0, installed_base, 0, 0) == Approx(N));
            for (int y = 1; y < 10; ++y) CHECK(value(e, out, 0, installed_base, 0, y) == Approx(2 * N));
            CHECK(value(e, out, 0, retired, 0, 1) == 0);
            for (int y = 2; y < 10; ++y) CHECK(value(e, out, 0, retired, 0, y) == Approx(N));
            // Operational: N x 0.5 yr in year 0, then 1.5 N, then 2 N device-years x 8.76 kWh x 0.4.
            const double kwh = 0.001 * 8760 / 1000;
            CHECK(value(e, out, 0, emissions_operational, 0, 0) == Approx(0.5 * N * kwh * 0.4));
            CHECK(value(e, out, 0, emissions_operational, 0, 1) == Approx(1.5 * N * kwh * 0.4));
            CHECK(value(e, out, 0, emissions_operational, 0, 5) == Approx(2.0 * N * kwh * 0.4));
        }
    }
    SECTION("exponential lifetime (mean 3 years): stock within 5 binomial standard deviations, exact mode") {
        const Scenario s = scenario_from(constant_fleet(N, "exp_life", "exact"));
        FleetEvaluator e(s);
        const auto out = run_monte_carlo(e, 0, 1, 2, nullptr);
        // Cohort of age-year k is alive at the end of the year with probability
        // S(k + 1/2) = exp(-(k + 1/2) / 3), independently per device.
        double expected = 0, variance = 0;
        for (int y = 0; y < 10; ++y) {
            const double S = std::exp(-(y + 0.5) / 3.0);
            expected += N * S;
            variance += N * S * (1 - S);
            const double stock = value(e, out, 0, installed_base, 0, y);
            INFO("year " << 2020 + y << ": " << stock << " vs " << expected);
            CHECK(std::abs(stock - expected) < 5 * std::sqrt(variance));
        }
    }
}

TEST_CASE("exact and cohort modes agree in distribution, including a battery effect the mean device gets wrong",
          "[fleet]") {
    // ~10^6 devices per realization (10^7 with TINYFLEET_FLEET_TEST_SCALE=10).
    const char* scale_env = std::getenv("TINYFLEET_FLEET_TEST_SCALE");
    const double scale = scale_env ? std::atof(scale_env) : 1.0;
    const std::string volume = "parameters.volume.distribution.median=" + std::to_string(1.0e5 * scale);
#ifdef TINYFLEET_SANITIZED
    const int samples = 60;  // instrumented builds are ~10x slower; the Release build runs 200
#else
    const int samples = 200;
#endif
    const Scenario exact = fleet_battery({volume, "run.fleet_mode=exact", "run.seed=11"});
    const Scenario cohort = fleet_battery({volume, "run.fleet_mode=cohort", "run.seed=12"});
    FleetEvaluator ee(exact), ec(cohort);
    const auto oe = run_monte_carlo(ee, 0, std::uint64_t(samples), 2, nullptr);
    const auto oc = run_monte_carlo(ec, 0, std::uint64_t(samples), 2, nullptr);
    const double ks_critical = 1.95 * std::sqrt(2.0 / samples);  // alpha = 0.001
    for (models::Metric m : {models::emissions_total, models::offsets, models::embodied_power_supply,
                             models::installed_base}) {
        for (int y : {3, 9}) {
            INFO(models::metric_info[m].name << " in year index " << y);
            const auto a = fleet_totals(ee, oe, m, y), b = fleet_totals(ec, oc, m, y);
            CHECK(ks_statistic(a, b) < ks_critical);
            const double se = std::sqrt(variance_of(a) / a.size() + variance_of(b) / b.size());
            CHECK(std::abs(mean_of(a) - mean_of(b)) < 3 * se);
        }
    }
    // Same seed: the realizations share their global draws, so the cohort
    // approximation is checked realization by realization. Its mean term
    // carries the sampling error of m = 1024 representative devices,
    // sd/sqrt(m) ~ 3% of a per-device coefficient of variation ~1 (shared by
    // the class's cohorts): each realization within 15%, their average
    // within 4 standard errors (4 x 3% / sqrt(20) ~ 3%).
    const Scenario cohort_same = fleet_battery({volume, "run.fleet_mode=cohort", "run.seed=11"});
    FleetEvaluator es(cohort_same);
    const auto os = run_monte_carlo(es, 0, 20, 2, nullptr);
    double relative_sum = 0;
    for (std::size_t r = 0; r < 20; ++r) {
        const double x = value(ee, oe, r, models::embodied_power_supply, 0, 0);
        const double z = value(es, os, r, models::embodied_power_supply, 0, 0);
        CHECK(z == Approx(x).epsilon(0.15));
        relative_sum += (z - x) / x;
    }
    CHECK(std::abs(relative_sum / 20) < 0.03);
    // The mean device is wrong for batteries: cells per device are a step
    // function of each device's energy and lifetime. Per shipped device in
    // 2020: simulated mean vs the cell count of the mean device.
    const double shipped = value(ee, oe, 0, models::shipments, 0, 0);
    const double per_device = value(ee, oe, 0, models::embodied_power_supply, 0, 0) / shipped;
    // Mean device: power 0.002 x exp(ln(2)^2 / 2) W, duty 0.5, life 4 Gamma(1 + 1/1.5).
    const double mean_power = 0.002 * std::exp(std::pow(std::log(2.0), 2) / 2) * 0.5 + 0.00001 * 0.5;
    const double mean_life = 4.0 * std::tgamma(1 + 1 / 1.5);
    const double cells_of_mean = 1 + models::battery_replacements(mean_power * 8.76, mean_life, 50.0 * 0.9, 1);
    // Cells per device: embodied / (capacity x this realization's cell factor).
    const double draw = oe.inputs[std::size_t(std::find(ee.global_parameters().begin(), ee.global_parameters().end(),
                                                        exact.parameters.find("cell_factor")) -
                                              ee.global_parameters().begin())];
    const double cells = per_device / (50.0 / 1000 * draw);
    INFO("cells per device: simulated " << cells << ", mean device " << cells_of_mean);
    CHECK(cells_of_mean == 1.0);                            // the mean device never replaces its cell ...
    CHECK(cells > 1.2);                                     // ... but a large share of real devices do
    // and the cohort mode keeps that effect (same seed, same realization):
    const double cohort_cells = value(es, os, 0, models::embodied_power_supply, 0, 0) /
                                value(es, os, 0, models::shipments, 0, 0) / (50.0 / 1000 * draw);
    CHECK(cohort_cells == Approx(cells).epsilon(0.1));
}

TEST_CASE("exact mode gives the same bits for 1, 2 and 8 threads", "[fleet][determinism]") {
    // Two cohorts above 2^20 devices, so a realization spans several device chunks.
    const Scenario s = fleet_battery({"parameters.volume.distribution.median=2.5e6", "run.fleet_mode=exact",
                                      "run.last_year=2022"});
    FleetEvaluator e(s);
    const auto reference = run_monte_carlo(e, 0, 3, 1, nullptr);
    for (int threads : {2, 8}) {
        INFO(threads << " threads");
        const auto again = run_monte_carlo(e, 0, 3, threads, nullptr);
        REQUIRE(again.values.size() == reference.values.size());
        CHECK(std::memcmp(again.values.data(), reference.values.data(), reference.values.size() * sizeof(double)) == 0);
    }
}

TEST_CASE("conservation: classes sum to the fleet, categories to embodied, e-waste = retired x mass", "[fleet]") {
    for (const char* mode : {"exact", "cohort"}) {
        INFO(mode);
        const Scenario s = fleet_battery({std::string("run.fleet_mode=") + mode, "run.samples=8",
                                          "parameters.volume.distribution.median=2.0e4"});
        FleetEvaluator e(s);
        const auto out = run_monte_carlo(e, 0, 8, 2, nullptr);
        RunResult r;
        r.samples = 8;
        assemble_result(s, e, out, 2, r);
        CHECK_NOTHROW(check_invariants(r, 2));
        const double mass[] = {0.2, 0.1};
        const std::size_t C = 2, Y = std::size_t(e.year_count());
        auto at = [&](models::Metric m, std::size_t k, std::size_t c, std::size_t y) {
            return r.metrics[std::size_t(m)].by_class[(k * C + c) * Y + y];
        };
        for (std::size_t k = 0; k < 8; ++k)
            for (std::size_t y = 0; y < Y; ++y) {
                double fleet = 0, categories = 0;
                for (std::size_t c = 0; c < C; ++c) {
                    CHECK(at(models::ewaste_mass, k, c, y) == Approx(at(models::retired, k, c, y) * mass[c]));
                    fleet += at(models::emissions_total, k, c, y);
                    for (int g = 0; g < models::embodied_category_count; ++g)
                        categories += at(models::embodied_metric(g), k, c, y);
                }
                CHECK(r.metrics[models::emissions_total].totals[k * Y + y] == Approx(fleet));
                CHECK(r.metrics[models::emissions_embodied].totals[k * Y + y] == Approx(categories));
            }
    }
}
