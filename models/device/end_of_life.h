// End of life: treatment of the retired device as e-waste.
//
//   E_eol [kg CO2e] = m_ewaste [g] / 1000 [g/kg] x EF_eol [kg CO2e/kg]
//
// A negative EF_eol would be a recycling credit. Prakash et al. (2023) treat
// end of life as negligible (< 1 % of the total) and set it to 0; the upper
// bound that statement implies is
//   EF_eol <= s x E_total / (m / 1000)        (s = 0.01)
// (see models/data/components.yaml, end_of_life).
//
// Where devices go: a share c is collected and treated formally (factor
// EF_collected), the rest ends in residual waste, landfill or informal
// recycling (EF_uncollected):
//   E_eol = m / 1000 x (c x EF_collected + (1 - c) x EF_uncollected)
#pragma once

namespace tinyfleet::models {

// ewaste_mass_g [g], kg_co2e_per_kg [kg CO2e/kg] -> [kg CO2e per device]
double end_of_life_kg(double ewaste_mass_g, double kg_co2e_per_kg);

// ewaste_mass_g [g], collection_rate [fraction in 0..1], collected and
// uncollected factors [kg CO2e/kg] -> [kg CO2e per device]
double end_of_life_kg(double ewaste_mass_g, double collection_rate, double collected_kg_co2e_per_kg,
                      double uncollected_kg_co2e_per_kg);

}  // namespace tinyfleet::models
