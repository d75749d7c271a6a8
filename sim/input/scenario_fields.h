// The numeric fields of a scenario outside bill-of-materials models (those
// are in bom_catalogue.cpp): each field's path, canonical unit and domain,
// declared once here. The canonical unit is the unit a plain number in the
// field is read in and the unit every parameter the field uses is converted
// to when the scenario is read (sim/input/parameter_units.h). It is a unit of
// the unit system (sim/input/unit_system.h); "1" is a dimensionless fraction
// or weight. docs/scenario-format.md lists every field with its unit
// (tests/unit/sim/input/test_units.cpp checks that it does).
#pragma once
#include <string>
#include <vector>

namespace tinyfleet {

struct ScenarioField {
    const char* path;   // with * for names chosen by the scenario: classes.*.power.active_w
    const char* unit;   // canonical unit
    double min, max;    // physical domain, in the canonical unit
};

const std::vector<ScenarioField>& scenario_field_catalogue();

// The field of `path` (a catalogue path, with *). Throws std::logic_error for
// a path that is not in the catalogue (a programming error).
const ScenarioField& scenario_field(const std::string& path);

// A unit as messages show it after a number: "" for "1".
std::string unit_suffix(const std::string& unit);

}  // namespace tinyfleet
