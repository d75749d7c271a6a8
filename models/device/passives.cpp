#include "models/device/passives.h"

namespace tinyfleet::models {

double passives_embodied_kg(const PassiveCounts& counts, const PassiveUnitFactorsKg& factors) {
    return counts.capacitors_resistors * factors.capacitor_resistor + counts.diodes * factors.diode +
           counts.transistors * factors.transistor + counts.tantalum_capacitors * factors.tantalum_capacitor +
           counts.crystals * factors.crystal;
}

double user_interface_embodied_kg(const UserInterfaceCounts& counts, const UserInterfaceUnitFactorsKg& factors) {
    return counts.leds * factors.led + counts.switches * factors.switch_button;
}

}  // namespace tinyfleet::models
