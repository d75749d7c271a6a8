// A unit of the project's unit system (sim/input/unit_system.h) written for
// files that follow the CF conventions: plain UDUNITS-2, which knows neither
// CO2e nor device counts nor kWh. Result files store this spelling in
// `units` and name CO2e in the long name (docs/result-format.md).
#pragma once
#include <string>

namespace tinyfleet {

struct CfUnit {
    std::string units;   // UDUNITS-2 spelling: "kg/year", "(kW h)/year", "1"
    bool co2e = false;   // the unit counted CO2e (now only in the long name)
};

// Translates `project_unit` word by word: CO2e and CO2eq are dropped (and
// reported in `co2e`), counts (devices, ICs, parts, cycles, runs) become 1,
// device-years become years, Wh and Ah with their prefixes become W h and
// A h, kt (a knot in UDUNITS-2) becomes 1000 t. Everything else is kept as
// written. The result, times CO2e when `co2e`, is the same unit of the
// project's system as `project_unit` (tests/unit/sim/input/test_cf_units.cpp).
CfUnit cf_unit(const std::string& project_unit);

}  // namespace tinyfleet
