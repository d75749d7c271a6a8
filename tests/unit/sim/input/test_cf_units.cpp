#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "models/fleet/fleet_metrics.h"
#include "sim/input/cf_units.h"
#include "sim/input/unit_system.h"

using namespace tinyfleet;

TEST_CASE("cf_unit writes the project's units in plain UDUNITS-2 words", "[units][cf]") {
    struct Case {
        const char* project;
        const char* cf;
        bool co2e;
    };
    for (const Case& c : {Case{"kg CO2e", "kg", true}, Case{"kg CO2e/kWh", "kg/(kW h)", true},
                          Case{"kWh/device-year", "(kW h)/year", false}, Case{"devices", "1", false},
                          Case{"devices/year", "1/year", false}, Case{"kg CO2e/cm2", "kg/cm2", true},
                          Case{"mAh", "(mA h)", false}, Case{"kt CO2e", "(1000 t)", true},
                          Case{"1/year", "1/year", false}, Case{"mm2", "mm2", false}, Case{"years", "years", false},
                          Case{"kg CO2eq/device-year", "kg/year", true}}) {
        INFO(c.project);
        const CfUnit u = cf_unit(c.project);
        CHECK(u.units == c.cf);
        CHECK(u.co2e == c.co2e);
    }
}

TEST_CASE("a CF unit (times CO2e) is the project unit it was written from", "[units][cf]") {
    auto same_unit = [](const std::string& project) {
        const CfUnit u = cf_unit(project);
        INFO(project << " -> " << u.units);
        REQUIRE_FALSE(unit_problem(u.units).has_value());
        const auto conversion = unit_conversion(project, u.co2e ? "(" + u.units + ") CO2e" : u.units);
        REQUIRE(conversion.has_value());
        CHECK(std::abs(conversion->factor - 1.0) < 1e-12);
    };
    for (const char* p : {"kg CO2e/kWh", "kWh/device-year", "kg CO2e/device-year", "mAh", "kt CO2e", "kg CO2e/cm2",
                          "g CO2e/kWh", "devices"})
        same_unit(p);
    for (const auto& metric : models::metric_info) same_unit(metric.units);
}
