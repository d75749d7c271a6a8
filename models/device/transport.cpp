#include "models/device/transport.h"

#include "models/units.h"

namespace tinyfleet::models {

double transport_tonne_km(double mass_g, double distance_km) {
    return mass_g / g_per_tonne * distance_km;
}

double transport_leg_kg(double mass_g, double distance_km, double kg_co2e_per_tkm) {
    return transport_tonne_km(mass_g, distance_km) * kg_co2e_per_tkm;
}

double transport_embodied_kg(double mass_g, const TransportDistancesKm& distances,
                             const TransportFactorsKgPerTkm& factors) {
    return transport_leg_kg(mass_g, distances.truck_km, factors.truck) +
           transport_leg_kg(mass_g, distances.ship_km, factors.ship) +
           transport_leg_kg(mass_g, distances.plane_km, factors.plane);
}

}  // namespace tinyfleet::models
