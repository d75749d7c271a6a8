#include "models/device/passives.h"

namespace tinyfleet::models {

namespace {
constexpr double g_per_kg = 1000.0;
constexpr double mj_per_kwh = 3.6;
}  // namespace

double passives_embodied_kg(const PassiveCounts& counts, const PassiveUnitFactorsKg& factors) {
    return counts.capacitors_resistors * factors.capacitor_resistor + counts.diodes * factors.diode +
           counts.transistors * factors.transistor + counts.tantalum_capacitors * factors.tantalum_capacitor +
           counts.crystals * factors.crystal;
}

double user_interface_embodied_kg(const UserInterfaceCounts& counts, const UserInterfaceUnitFactorsKg& factors) {
    return counts.leds * factors.led + counts.switches * factors.switch_button;
}

double capacitor_embodied_kg_from_energy(double mass_g, double energy_mj_per_kg, double grid_kg_co2e_per_kwh) {
    const double energy_kwh = mass_g / g_per_kg * energy_mj_per_kg / mj_per_kwh;
    return energy_kwh * grid_kg_co2e_per_kwh;
}

}  // namespace tinyfleet::models
