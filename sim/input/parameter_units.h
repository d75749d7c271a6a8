// Units of a scenario's parameters: each parameter's `unit:` is checked
// against every field that uses it and its values are converted, once, to
// that field's canonical unit (sim/input/scenario_fields.h, the block inputs
// of sim/input/bom_catalogue.h), so that a grid intensity in g CO2e/kWh or a
// die area in cm2 gives the same run as one in the canonical unit.
//
// A parameter is used by fields, and by the distribution arguments of other
// parameters that refer to it: an argument in the referring parameter's unit
// (mean, sd, min, max, ...) passes on that parameter's canonical unit, a
// shape argument (gsd, alpha, shape, ...) asks for a dimensionless one ("1").
// Input errors, at the parameter's `unit:`: a unit that does not parse, one
// that cannot be converted to a field's unit (both named, and the field), a
// parameter used by fields of units that differ (two dimensions, or one
// dimension in two units: a parameter holds one set of values), a missing
// unit (the field's unit suggested). A parameter no field uses keeps its
// unit. A unit that names the canonical unit (years for year) leaves the
// values untouched, bit for bit.
#pragma once
#include <string>
#include <vector>

#include "sim/engine/input_error.h"
#include "sim/engine/parameters.h"

namespace tinyfleet {

// The `unit:` of a parameter as read.
struct DeclaredUnit {
    bool given = false;
    std::string text;
    SourceLocation where;  // of the unit's value, else of the parameter
    std::string path;      // parameters.NAME.unit
};

// A field's use of a parameter.
struct ParameterUse {
    int parameter = -1;
    std::string unit;        // the field's canonical unit
    std::string field_path;  // e.g. grid.regions.world.intensity_kg_per_kwh
};

// Checks every declared unit (even of unused parameters): InputError when one
// does not parse.
void check_declared_units(const ParameterSet& set, const std::vector<DeclaredUnit>& declared);

// Resolves each parameter's canonical unit and converts its values (the
// caller rebuilds the constant distributions and the ranges afterwards).
// Returns the indices of the parameters whose values changed.
std::vector<int> convert_parameter_units(ParameterSet& set, const std::vector<DeclaredUnit>& declared,
                                         const std::vector<ParameterUse>& uses);

}  // namespace tinyfleet
