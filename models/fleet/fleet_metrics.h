// The quantities the fleet model reports per device class and year, and the
// block categories embodied emissions are split into.
#pragma once
#include <array>

namespace tinyfleet::models {

// Embodied (manufacturing, transport, training) emissions by block category,
// the paper's device breakdown: MCU, sensors, power supply, PCB, casing,
// passives and user interface, transport, ML training.
enum EmbodiedCategory : int {
    category_ic,
    category_sensing,
    category_power_supply,
    category_pcb,
    category_casing,
    category_passives,
    category_transport,
    category_training,
    embodied_category_count
};

inline constexpr std::array<const char*, embodied_category_count> embodied_category_names = {
    "ic", "sensing", "power_supply", "pcb", "casing", "passives", "transport", "training"};

enum Metric : int {
    shipments,              // devices shipped in the year
    installed_base,         // devices in service at the end of the year
    retired,                // devices retired during the year
    emissions_embodied,     // embodied emissions of the year's shipments (sum of the categories below)
    embodied_ic,            // ... by block category, in EmbodiedCategory order
    embodied_sensing,
    embodied_power_supply,
    embodied_pcb,
    embodied_casing,
    embodied_passives,
    embodied_transport,
    embodied_training,
    emissions_operational,  // use-phase emissions of the devices in service
    emissions_end_of_life,  // end-of-life treatment of the devices retired in the year
    emissions_total,        // embodied + operational + end of life
    offsets,                // emissions avoided by the devices' applications
    net,                    // emissions_total - offsets
    cumulative_net,         // net summed from the first simulated year
    ewaste_mass,            // mass of the devices retired in the year, with the cells they used up
    unserved_base,          // devices in service beyond their application's addressable market
    metric_count
};

inline constexpr Metric embodied_metric(int category) { return static_cast<Metric>(embodied_ic + category); }

struct MetricInfo {
    const char* name;
    const char* units;      // of the amount in one year (or at its end)
    const char* long_name;  // one-line description
    const char* label;      // short human label for tables and axes
    bool per_year;          // a flow: the amount of one year (units per year)
};

inline constexpr std::array<MetricInfo, metric_count> metric_info = {{
    {"shipments", "devices", "devices shipped in the year", "Shipments", true},
    {"installed_base", "devices", "devices in service at the end of the year", "Installed base", false},
    {"retired", "devices", "devices retired during the year", "Retired devices", true},
    {"emissions_embodied", "kg CO2e", "embodied emissions (manufacturing, transport, training) of the year's shipments", "Embodied emissions", true},
    {"embodied_ic", "kg CO2e", "embodied emissions of the year's shipments: integrated circuits (MCU)", "Embodied: ICs", true},
    {"embodied_sensing", "kg CO2e", "embodied emissions of the year's shipments: sensors", "Embodied: sensors", true},
    {"embodied_power_supply", "kg CO2e", "embodied emissions of the year's shipments: batteries (with replacements) and mains supplies", "Embodied: power supply", true},
    {"embodied_pcb", "kg CO2e", "embodied emissions of the year's shipments: printed circuit boards", "Embodied: PCB", true},
    {"embodied_casing", "kg CO2e", "embodied emissions of the year's shipments: casings", "Embodied: casing", true},
    {"embodied_passives", "kg CO2e", "embodied emissions of the year's shipments: passives and user interface", "Embodied: passives and UI", true},
    {"embodied_transport", "kg CO2e", "embodied emissions of the year's shipments: transport", "Embodied: transport", true},
    {"embodied_training", "kg CO2e", "embodied emissions of the year's shipments: ML training share", "Embodied: ML training", true},
    {"emissions_operational", "kg CO2e", "use-phase emissions of devices in service during the year", "Operational emissions", true},
    {"emissions_end_of_life", "kg CO2e", "end-of-life emissions of devices retired in the year", "End-of-life emissions", true},
    {"emissions_total", "kg CO2e", "embodied + operational + end-of-life emissions in the year", "Total emissions", true},
    {"offsets", "kg CO2e", "emissions avoided by the devices' applications in the year", "Offsets", true},
    {"net", "kg CO2e", "emissions_total - offsets in the year", "Net emissions", true},
    {"cumulative_net", "kg CO2e", "net emissions summed from the first simulated year", "Cumulative net emissions", false},
    {"ewaste_mass", "kg", "mass of devices retired in the year with the replacement cells they used up (e-waste)", "E-waste", true},
    {"unserved_base", "devices", "devices in service at the end of the year beyond their application's addressable market (they save nothing)", "Unserved devices", false},
}};

}  // namespace tinyfleet::models
