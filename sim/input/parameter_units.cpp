#include "sim/input/parameter_units.h"

#include <algorithm>

#include "sim/input/unit_system.h"

namespace tinyfleet {

namespace {

std::string quoted(const std::string& unit) { return "'" + unit + "'"; }

// "kg CO2e/kWh (the unit of grid.regions.world.intensity_kg_per_kwh)"
std::string unit_of(const ParameterUse& use) { return quoted(use.unit) + ", the unit of " + use.field_path; }

}  // namespace

void check_declared_units(const ParameterSet& set, const std::vector<DeclaredUnit>& declared) {
    for (int i = 0; i < set.size(); ++i) {
        const DeclaredUnit& d = declared[static_cast<std::size_t>(i)];
        if (!d.given) continue;  // reported with the unit of the field that uses it
        if (const auto why = unit_problem(d.text)) throw InputError(d.where, d.path, *why);
    }
}

std::vector<int> convert_parameter_units(ParameterSet& set, const std::vector<DeclaredUnit>& declared,
                                         const std::vector<ParameterUse>& field_uses) {
    const auto n = static_cast<std::size_t>(set.size());
    std::vector<std::vector<ParameterUse>> uses(n);
    for (const ParameterUse& u : field_uses) uses[static_cast<std::size_t>(u.parameter)].push_back(u);

    // Referring parameters before the ones they refer to: the reverse of the
    // evaluation order, where each parameter comes after its references.
    std::vector<int> order = set.evaluation_order();
    std::reverse(order.begin(), order.end());
    std::vector<int> converted;
    for (const int i : order) {
        const auto ui = static_cast<std::size_t>(i);
        ParameterSpec& p = set.edit(i);
        const DeclaredUnit& d = declared[ui];
        p.declared_unit = d.text;
        p.unit = d.text;
        if (!uses[ui].empty()) {
            const ParameterUse& first = uses[ui].front();
            if (!d.given)
                throw InputError(d.where, d.path,
                                 "parameter '" + p.name + "' has no unit (required): add unit: " + first.unit + " (the unit of " +
                                     first.field_path + ")");
            for (const ParameterUse& other : uses[ui]) {
                const auto between = unit_conversion(other.unit, first.unit);
                if (!between)
                    throw InputError(d.where, d.path,
                                     "parameter '" + p.name + "' is used by fields of two dimensions: " + first.field_path +
                                         " (" + first.unit + ") and " + other.field_path + " (" + other.unit +
                                         "); define one parameter for each");
                if (!between->identity)
                    throw InputError(d.where, d.path,
                                     "parameter '" + p.name + "' is used by fields in two units: " + first.field_path +
                                         " (" + first.unit + ") and " + other.field_path + " (" + other.unit +
                                         "), and its values can be in only one; define one parameter for each");
            }
            const auto conversion = unit_conversion(d.text, first.unit);
            if (!conversion)
                throw InputError(d.where, d.path,
                                 "unit " + quoted(d.text) + " of parameter '" + p.name + "' cannot be converted to " +
                                     unit_of(first) + " (" + d.text + " is " + unit_in_base_units(d.text) + ", " +
                                     first.unit + " is " + unit_in_base_units(first.unit) + ")");
            if (!conversion->identity) {
                scale_parameter_values(p, conversion->factor);
                p.unit = first.unit;
                converted.push_back(i);
            }
        } else if (!d.given) {
            throw InputError(d.where, d.path, "parameter '" + p.name + "' has no unit (required): add unit: (e.g. kg CO2e, W, years, 1)");
        }
        // The parameters its arguments refer to take its unit, or none for shapes.
        const std::vector<std::string>& names = distribution_argument_names(p.form);
        for (std::size_t k = 0; k < p.arguments.size(); ++k) {
            const NumberOrParameter& a = p.arguments[k];
            if (a.is_literal()) continue;
            const std::string arg_path = p.path + ".distribution." + (k < names.size() ? names[k] : "?");
            uses[static_cast<std::size_t>(a.parameter)].push_back(
                {a.parameter, distribution_argument_has_unit(p.form, k) ? p.unit : std::string("1"), arg_path});
        }
    }
    return converted;
}

}  // namespace tinyfleet
