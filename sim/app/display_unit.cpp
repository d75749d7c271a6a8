#include "sim/app/display_unit.h"

#include <cmath>

namespace tinyfleet {

namespace {

bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

struct Step {
    double scale;
    const char* name;
};

}  // namespace

UnitFamily unit_family(const std::string& project_unit) {
    if (starts_with(project_unit, "kg CO2e")) return UnitFamily::kg_co2e;
    if (starts_with(project_unit, "devices")) return UnitFamily::devices;
    if (project_unit == "kg" || project_unit == "kg/year") return UnitFamily::kg;
    return UnitFamily::other;
}

DisplayUnit display_unit(UnitFamily family, double largest, bool per_year, const std::string& other_name) {
    static constexpr Step co2e[] = {{1e-12, "Gt CO2e"}, {1e-9, "Mt CO2e"}, {1e-6, "kt CO2e"}, {1e-3, "t CO2e"},
                                    {1.0, "kg CO2e"}};
    static constexpr Step devices[] = {
        {1e-9, "billion devices"}, {1e-6, "million devices"}, {1e-3, "thousand devices"}, {1.0, "devices"}};
    static constexpr Step mass[] = {{1e-9, "Mt"}, {1e-6, "kt"}, {1e-3, "t"}, {1.0, "kg"}};
    const Step* steps = nullptr;
    std::size_t count = 0;
    switch (family) {
        case UnitFamily::kg_co2e: steps = co2e, count = std::size(co2e); break;
        case UnitFamily::devices: steps = devices, count = std::size(devices); break;
        case UnitFamily::kg: steps = mass, count = std::size(mass); break;
        case UnitFamily::other: return {1.0, other_name};
    }
    // The largest step in which the largest value is still >= 1; the last
    // (the stored unit) for small values and zero.
    std::size_t pick = count - 1;
    for (std::size_t i = 0; i < count; ++i)
        if (std::abs(largest) * steps[i].scale >= 1.0) {
            pick = i;
            break;
        }
    return {steps[pick].scale, std::string(steps[pick].name) + (per_year ? "/yr" : "")};
}

}  // namespace tinyfleet
