// The quantities the fleet model reports per device class and year.
#pragma once
#include <array>

namespace tinyfleet::models {

enum Metric : int {
    shipments,        // devices shipped in the year
    installed_base,   // devices in service at the end of the year
    retirements,      // devices retired during the year
    embodied,         // manufacturing emissions of the year's shipments
    operational,      // use-phase emissions of the devices in service
    end_of_life,      // end-of-life treatment of the devices retired in the year
    emissions_total,  // embodied + operational + end_of_life
    offsets,          // emissions avoided by the devices' applications
    net,              // emissions_total - offsets
    cumulative_net,   // net summed from the first simulated year
    ewaste_mass,      // mass of the devices retired in the year
    metric_count
};

struct MetricInfo {
    const char* name;
    const char* units;
    const char* long_name;
};

inline constexpr std::array<MetricInfo, metric_count> metric_info = {{
    {"shipments", "devices", "devices shipped in the year"},
    {"installed_base", "devices", "devices in service at the end of the year"},
    {"retirements", "devices", "devices retired during the year"},
    {"embodied", "kg CO2e", "embodied (manufacturing) emissions of the year's shipments"},
    {"operational", "kg CO2e", "use-phase emissions of devices in service during the year"},
    {"end_of_life", "kg CO2e", "end-of-life emissions of devices retired in the year"},
    {"emissions_total", "kg CO2e", "embodied + operational + end-of-life emissions in the year"},
    {"offsets", "kg CO2e", "emissions avoided by the devices' applications in the year"},
    {"net", "kg CO2e", "emissions_total - offsets in the year"},
    {"cumulative_net", "kg CO2e", "net emissions summed from the first simulated year"},
    {"ewaste_mass", "kg", "mass of devices retired in the year (e-waste)"},
}};

}  // namespace tinyfleet::models
