// A scenario: the typed, validated form of a scenario YAML file.
// Field by field documentation: docs/scenario-format.md.
//
// The engine reads the scenario's shape here (which fields exist, their
// types, ranges and references). It holds no formula and no literature
// number: the physics is in models/, the numbers in the scenario and in
// models/data/.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/input/bom_catalogue.h"
#include "sim/engine/parameters.h"
#include "sim/engine/sampling_design.h"
#include "sim/input/sweep_plan.h"
#include "sim/input/yaml_input.h"

namespace tinyfleet {

// How a realization sums over the devices of the fleet (docs/model.md):
//   exact:  every device is drawn and simulated;
//   cohort: per (class, shipment year) cohort, cohort_devices representative
//           devices give the mean and spread; sum = N mean + sqrt(N) noise.
enum class FleetMode { cohort, exact };
const char* to_string(FleetMode mode);

struct RunSettings {
    std::string name;
    FleetMode fleet_mode = FleetMode::cohort;
    int cohort_devices = 1024;
    std::int64_t samples = 0;
    std::uint64_t seed = 0;
    int first_year = 0;
    int last_year = 0;
    SamplingMethod sampling = SamplingMethod::mc;  // design of the global draws (sim/engine/sampling_design.h)
    // run.common_random_numbers; absent: the command's default (on for run,
    // sweep and sensitivity; docs/sensitivity.md says why for each).
    std::optional<bool> common_random_numbers;
    int year_count() const { return last_year - first_year + 1; }
};

struct GridRegion {
    std::string name;
    int base_year = 0;
    NumberOrParameter intensity_kg_per_kwh;  // at base_year
    NumberOrParameter decline_per_year;      // fraction per year, e.g. 0.02
};



enum class Interpolation { linear, log };

struct ShipmentAnchor {
    int year = 0;
    NumberOrParameter devices;  // shipped in that year
};

// Devices shipped per year: anchor years (interpolated between, held before
// the first, growing at growth_after_last_anchor after the last) or a
// logistic adoption curve.
struct ShipmentProjection {
    bool logistic = false;
    Interpolation interpolation = Interpolation::linear;
    std::vector<ShipmentAnchor> anchors;  // strictly increasing years
    NumberOrParameter growth_after_last_anchor{0.0, -1};  // per year, after the last anchor year
    NumberOrParameter saturation;                  // logistic: devices per year at saturation
    NumberOrParameter midpoint_year;               // logistic: year of half saturation
    NumberOrParameter steepness;                   // logistic: per year
};

// All TinyML shipments, shared out among the classes that take a market share.
struct Market {
    bool defined = false;
    ShipmentProjection total;
    bool capped = false;                  // cap: total <= max_share x all-MCU shipments
    NumberOrParameter mcu_shipments;               // all MCUs shipped in mcu_base_year [devices]
    int mcu_base_year = 0;
    NumberOrParameter mcu_growth_per_year{0.0, -1};
    NumberOrParameter max_share;
};

struct RegionShare {
    int region = 0;   // index into Scenario::regions
    NumberOrParameter weight;  // normalised over the class's regions in each realization
};

// Avoided emissions of the class's application (models/use/offsets.h).
struct OffsetModel {
    NumberOrParameter energy_saved_kwh{0.0, -1};   // per device-year
    NumberOrParameter direct_kg{0.0, -1};          // per device-year
    NumberOrParameter delivery_rate{1.0, -1};      // probability that a device's application delivers
    NumberOrParameter rebound{0.0, -1};            // fraction of savings lost
    // Addressable-market cap (models/use/addressable_cap.h): at most
    // addressable / per_device devices serve; none when has_cap is false.
    bool has_cap = false;
    NumberOrParameter cap_addressable;             // addressable quantity [cap_unit]
    NumberOrParameter cap_per_device;              // what one device serves [cap_unit per device]
    std::string cap_unit;                          // name of the addressable unit (ha, m2, motors), for reports
};

struct DeviceClass {
    std::string name;
    std::string label;                  // short human text: the scenario's `label:` or derived (sim/input/label.h)
    std::vector<BomBlock> bom;          // blocks: block-level kg CO2e or bottom-up models (sim/fleet/bom_blocks.h)
    bool has_mcu = false;
    NumberOrParameter mcu_die_area_mm2;          // MCU die carbon = area x carbon per area
    NumberOrParameter mcu_carbon_per_area_kg_per_cm2;
    NumberOrParameter mcu_packaging_kg;
    NumberOrParameter active_power_w;
    NumberOrParameter sleep_power_w;
    NumberOrParameter duty_cycle;                // fraction of time active, in [0, 1]
    NumberOrParameter hours_per_year;            // hours in service per year (default 8760)
    NumberOrParameter charging_efficiency;       // grid energy = device energy / efficiency (default 1)
    NumberOrParameter lifetime_years;
    NumberOrParameter mass_kg;                   // e-waste mass at retirement
    OffsetModel offset;
    std::vector<RegionShare> regions;   // deployment mix (one entry: a single region)
    NumberOrParameter shipment_share{1.0, -1};   // own projection: fraction of its devices in this class
    bool from_market = false;           // shipments = market total x normalised market_share
    NumberOrParameter market_share;
    ShipmentProjection shipments;       // own projection (from_market == false)
};

struct Scenario {
    RunSettings run;
    ParameterSet parameters;
    std::vector<GridRegion> regions;
    Market market;
    std::vector<DeviceClass> classes;
    RankCorrelations correlations;  // `correlations:` block (sim/engine/correlations.h)
    SweepPlan sweep;                // `sweep:` block, used by `tinyfleet sweep` (sim/input/sweep_plan.h)

    std::vector<std::string> class_names() const;
    std::vector<std::string> class_labels() const;
};

// Parses and validates. Throws InputError (file:line:column, field path,
// what was expected) on the first problem found. Reading a file with its
// overrides: load_scenario (sim/input/scenario_source.h).
Scenario parse_scenario(const YamlDocument& document);

// Upper bounds that keep a run's memory and time sane.
constexpr std::int64_t max_samples = 100'000'000;
constexpr int max_years = 500;
constexpr std::size_t max_classes = 1000;
constexpr std::size_t max_parameters = 10000;
constexpr std::size_t max_regions = 1000;
// A class's deployment mix and its battery blocks live in fixed-size arrays
// of the device simulation (sim/fleet/device_simulation.h).
constexpr std::size_t max_regions_per_class = 64;
constexpr std::size_t max_battery_blocks_per_class = 4;
constexpr std::size_t max_blocks_per_class = 200;
constexpr std::size_t max_anchor_years = 1000;
constexpr int max_cohort_devices = 1 << 20;
// Devices shipped per year, by any projection: below 2^48, the most one
// cohort the exact mode simulates device by device can hold.
constexpr double max_devices_per_year = 1e14;

// The design a scenario asks for (run.sampling, run.samples, run.seed, correlations).
GlobalDesign design_for_scenario(const Scenario& scenario);

}  // namespace tinyfleet
