// Passive components ("others" block of Pirson & Bol 2021 / Prakash et al. 2023)
// and the user interface (LEDs, switch buttons): embodied carbon by counts.
//
//   E_others [kg CO2e] = sum over types of n_type x EF_type [kg CO2e/unit]
//       types: capacitors & resistors, diodes, transistors, tantalum capacitors, crystals
//   E_ui     [kg CO2e] = n_led x EF_led + n_switch x EF_switch
//
// Counts are doubles so that a scenario may give expected counts; a single
// device has whole numbers.
#pragma once

namespace tinyfleet::models {

struct PassiveCounts {
    double capacitors_resistors = 0.0;  // [units]
    double diodes = 0.0;                // [units]
    double transistors = 0.0;           // [units]
    double tantalum_capacitors = 0.0;   // [units]
    double crystals = 0.0;              // [units]
};

struct PassiveUnitFactorsKg {
    double capacitor_resistor = 0.0;  // [kg CO2e/unit]
    double diode = 0.0;               // [kg CO2e/unit]
    double transistor = 0.0;          // [kg CO2e/unit]
    double tantalum_capacitor = 0.0;  // [kg CO2e/unit]
    double crystal = 0.0;             // [kg CO2e/unit]
};

// sum of n x EF [kg CO2e per device]
double passives_embodied_kg(const PassiveCounts& counts, const PassiveUnitFactorsKg& factors);

struct UserInterfaceCounts {
    double leds = 0.0;      // [units]
    double switches = 0.0;  // switch buttons [units]
};

struct UserInterfaceUnitFactorsKg {
    double led = 0.0;            // [kg CO2e/unit]
    double switch_button = 0.0;  // [kg CO2e/unit]
};

// n_led x EF_led + n_switch x EF_switch [kg CO2e per device]
double user_interface_embodied_kg(const UserInterfaceCounts& counts, const UserInterfaceUnitFactorsKg& factors);

}  // namespace tinyfleet::models
