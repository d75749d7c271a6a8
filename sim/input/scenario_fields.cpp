#include "sim/input/scenario_fields.h"

#include <stdexcept>

#include "sim/input/scenario.h"

namespace tinyfleet {

const std::vector<ScenarioField>& scenario_field_catalogue() {
    // Domains are physical bounds, generous for any device and finite so that
    // no product of inputs overflows (docs/scenario-format.md, "Ranges").
    // Shipments are devices shipped in one calendar year (as the result
    // file's `shipments` metric), hours of service are hours in one year.
    static const std::vector<ScenarioField> fields = {
        {"grid.regions.*.intensity_kg_per_kwh", "kg CO2e/kWh", 0, 10},
        {"grid.regions.*.decline_per_year", "1/year", -1, 1},
        {"market.total.devices.*", "devices", 0, max_devices_per_year},
        {"market.total.logistic.saturation", "devices", 0, max_devices_per_year},
        {"market.total.logistic.midpoint_year", "year", 1900, 2300},
        {"market.total.logistic.steepness", "1/year", 0, 10},
        {"market.cap.mcu_shipments", "devices", 0, max_devices_per_year},
        {"market.cap.growth_per_year", "1/year", -1, 1},
        {"market.total.growth_after_last_anchor", "1/year", -1, 1},
        {"market.cap.max_share", "1", 0, 1},
        {"classes.*.bom.*", "kg CO2e", 0, 1e6},
        {"classes.*.mcu.die_area_mm2", "mm2", 0, 5000},
        {"classes.*.mcu.carbon_per_area_kg_per_cm2", "kg CO2e/cm2", 0, 1000},
        {"classes.*.mcu.packaging_kg", "kg CO2e", 0, 1000},
        {"classes.*.power.active_w", "W", 0, 1e6},
        {"classes.*.power.sleep_w", "W", 0, 1e6},
        {"classes.*.power.duty_cycle", "1", 0, 1},
        {"classes.*.power.hours_per_year", "h", 0, 8784},
        {"classes.*.power.charging_efficiency", "1", 1e-9, 1},
        {"classes.*.lifetime_years", "year", 0, 1000},
        {"classes.*.mass_kg", "kg", 0, 1e6},
        {"classes.*.offset_kg_per_device_year", "kg CO2e/device-year", 0, 1e9},
        {"classes.*.offset.energy_saved_kwh_per_device_year", "kWh/device-year", 0, 1e9},
        {"classes.*.offset.direct_kg_per_device_year", "kg CO2e/device-year", 0, 1e9},
        {"classes.*.offset.delivery_rate", "1", 0, 1},
        {"classes.*.offset.rebound", "1", 0, 1},
        // A count of addressable units (ha, m2, motors: the cap's `unit`) and
        // what one device serves; the cap is their ratio in devices.
        {"classes.*.offset.cap.addressable", "1", 0, 1e15},
        {"classes.*.offset.cap.per_device", "1", 1e-9, 1e12},
        {"classes.*.regions.*", "1", 0, 1e12},
        {"classes.*.shipments.devices.*", "devices", 0, max_devices_per_year},
        {"classes.*.shipments.logistic.saturation", "devices", 0, max_devices_per_year},
        {"classes.*.shipments.logistic.midpoint_year", "year", 1900, 2300},
        {"classes.*.shipments.logistic.steepness", "1/year", 0, 10},
        {"classes.*.shipments.growth_after_last_anchor", "1/year", -1, 1},
        {"classes.*.shipments.share", "1", 0, 1},
        {"classes.*.shipments.market_share", "1", 0, 1e12},
    };
    return fields;
}

const ScenarioField& scenario_field(const std::string& path) {
    for (const ScenarioField& f : scenario_field_catalogue())
        if (path == f.path) return f;
    throw std::logic_error("no scenario field " + path + " in sim/input/scenario_fields.cpp");
}

std::string unit_suffix(const std::string& unit) { return unit == "1" ? "" : " " + unit; }

}  // namespace tinyfleet
