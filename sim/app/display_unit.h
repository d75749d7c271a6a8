// The unit a printed table shows a quantity in: kg CO2e as t, kt, Mt or Gt
// CO2e, devices as thousand, million or billion devices, kg as t, kt or Mt,
// chosen so that the largest value shown is at least 1 in it.
#pragma once
#include <string>

namespace tinyfleet {

enum class UnitFamily { kg_co2e, devices, kg, other };

// The family of a unit of a result file as the project writes it
// ("kg CO2e/year" -> kg_co2e; "devices" -> devices; "kg/year" -> kg).
UnitFamily unit_family(const std::string& project_unit);

struct DisplayUnit {
    double scale = 1.0;  // displayed value = stored value * scale
    std::string name;    // e.g. "Mt CO2e/yr"
};

// `largest` is the largest magnitude to show; `per_year` appends "/yr".
// For UnitFamily::other the scale is 1 and the name is `other_name`.
DisplayUnit display_unit(UnitFamily family, double largest, bool per_year, const std::string& other_name = "");

}  // namespace tinyfleet
