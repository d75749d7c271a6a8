// Transport of a device from factory to user, by mode (truck, ship, plane).
//
//   W_leg [t km]      = m [g] / 1e6 [g/t] x d_leg [km]
//   E_leg [kg CO2e]   = W_leg x EF_mode [kg CO2e per t km]
//   E_transport       = E_truck + E_ship + E_plane
//
// m is the shipped mass (device with its packaging; Pirson & Bol 2021 HSL-1:
// 50 / 100 / 300 g, China -> Europe by truck 100/300/600 km and plane
// 6100/6775/7400 km).
#pragma once

namespace tinyfleet::models {

// mass_g [g], distance_km [km] -> [t km]
double transport_tonne_km(double mass_g, double distance_km);

// mass_g [g], distance_km [km], kg_co2e_per_tkm [kg CO2e/(t km)] -> [kg CO2e]
double transport_leg_kg(double mass_g, double distance_km, double kg_co2e_per_tkm);

struct TransportDistancesKm {
    double truck_km = 0.0;
    double ship_km = 0.0;
    double plane_km = 0.0;
};

struct TransportFactorsKgPerTkm {
    double truck = 0.0;  // [kg CO2e/(t km)]
    double ship = 0.0;   // [kg CO2e/(t km)]
    double plane = 0.0;  // [kg CO2e/(t km)]
};

// sum over modes of m / 1e6 x d_mode x EF_mode [kg CO2e per device]
double transport_embodied_kg(double mass_g, const TransportDistancesKm& distances,
                             const TransportFactorsKgPerTkm& factors);

}  // namespace tinyfleet::models
