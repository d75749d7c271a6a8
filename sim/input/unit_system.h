// The unit system every unit string of the program is read in: UDUNITS-2's
// database (the CF conventions' units) plus the project's own units of
// models/data/units.yaml (CO2e as a dimension, kWh, kt, devices,
// device-years, ICs, parts, cycles, runs).
//
// The database is loaded once per process, on first use, from
// reference_data_dir() (sim/input/reference_tables.h); a scenario parse after
// that costs a few string parses. UDUNITS-2 is not thread-safe (its parser
// has global state), so every call into it holds one lock; its error
// messages on stderr are switched off (each failure is reported here, with
// the unit string, instead).
#pragma once
#include <optional>
#include <string>

namespace tinyfleet {

// Why `text` is not a unit of the unit system ("unknown unit 'furlongz'",
// "syntax error in 'kg//m'"), or nothing when it is one. Throws InputError
// (at units.yaml) or RuntimeFailure when the unit database cannot be loaded.
std::optional<std::string> unit_problem(const std::string& text);

// How values in unit `from` become values in unit `to`: multiply by `factor`.
// `identity`: the two name the same unit (years and year, 1 and ""): values
// are left as they are, bit for bit.
struct UnitConversion {
    double factor = 1.0;
    bool identity = true;
};

// The conversion from `from` to `to`, or nothing when the units are of
// different dimensions or the conversion is not a multiplication (an offset
// like degC to K, a logarithmic unit, a time stamp "years since 2000").
// Both must be units (unit_problem() empty); throws std::logic_error if not.
std::optional<UnitConversion> unit_conversion(const std::string& from, const std::string& to);

// The unit's definition in base units ("1e-06 m2", "kg.CO2e.s-1"), for
// messages that name two units of different dimensions.
std::string unit_in_base_units(const std::string& text);

}  // namespace tinyfleet
