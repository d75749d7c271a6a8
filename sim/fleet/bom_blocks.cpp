#include "sim/fleet/bom_blocks.h"

#include <limits>

#include "models/device/battery.h"
#include "models/device/end_of_life.h"
#include "models/device/materials.h"
#include "models/device/passives.h"
#include "models/device/pcb.h"
#include "models/device/power_supply.h"
#include "models/device/sensors.h"
#include "models/device/training.h"
#include "models/device/transport.h"

namespace tinyfleet {

double battery_replacements_of(const BomBlock& b, const RealizedParameters& p, const DeviceContext& device) {
    if (b.model != BlockModel::battery) return 0.0;
    const double capacity_wh = p(b.arguments[2]), dod = p(b.arguments[4]), cycles = p(b.arguments[5]);
    if (cycles <= 0 || capacity_wh <= 0) return 0.0;
    // Whole batteries (one device's count), from expected-value inputs in the cohort model.
    return models::battery_replacements(device.energy_kwh_per_year, device.lifetime_years,
                                        models::battery_usable_capacity_wh(capacity_wh, dod), cycles);
}

BatteryTerms battery_terms(const BomBlock& b, const RealizedParameters& p) {
    BatteryTerms t;
    if (b.model != BlockModel::battery) return t;
    auto a = [&](std::size_t i) { return p(b.arguments[i]); };
    t.kg_per_battery = a(0) > 0 ? models::battery_embodied_kg_from_mass(a(0), a(1))
                                : models::battery_embodied_kg_from_capacity(a(2), a(3));
    const double capacity_wh = a(2), dod = a(4), cycles = a(5);
    t.per_device = cycles > 0 && capacity_wh > 0;
    t.usable_wh = models::battery_usable_capacity_wh(capacity_wh, dod);
    t.cycle_life = cycles;
    return t;
}

double block_kg(const BomBlock& b, const RealizedParameters& p, const DeviceContext& device) {
    auto a = [&](std::size_t i) { return p(b.arguments[i]); };
    switch (b.model) {
        case BlockModel::fixed: return p(b.kg_co2e);
        case BlockModel::ic: {
            const double area_cm2 = a(0) / models::mm2_per_cm2;
            const double yield = b.ic.yield_model == models::YieldModel::fixed
                                     ? a(2)
                                     : models::die_yield(b.ic.yield_model, area_cm2, a(3),
                                                         b.ic.negative_binomial_alpha, a(2));
            const double cpa = models::carbon_per_area_g_per_cm2(b.ic.terms, a(1), yield);
            return models::ic_embodied_kg(a(0), cpa, a(4), a(5));
        }
        case BlockModel::microphone: return models::microphone_embodied_kg(a(0), a(1));
        case BlockModel::battery: {
            const double one = a(0) > 0 ? models::battery_embodied_kg_from_mass(a(0), a(1))
                                        : models::battery_embodied_kg_from_capacity(a(2), a(3));
            return models::battery_lifetime_embodied_kg(one, battery_replacements_of(b, p, device));
        }
        case BlockModel::mains_supply: return models::mains_supply_embodied_kg(a(0), a(1), a(2));
        case BlockModel::pcb: return models::pcb_embodied_kg(a(0), a(1));
        case BlockModel::casing:
            return models::casing_embodied_kg({a(0), a(1), a(2)}, {a(3), a(4), a(5)});
        case BlockModel::passives:
            return models::passives_embodied_kg({a(0), a(1), a(2), a(3), a(4)}, {a(5), a(6), a(7), a(8), a(9)});
        case BlockModel::user_interface: return models::user_interface_embodied_kg({a(0), a(1)}, {a(2), a(3)});
        case BlockModel::transport:
            return models::transport_embodied_kg(a(0), {a(1), a(2), a(3)}, {a(4), a(5), a(6)});
        case BlockModel::training: return models::training_per_device_kg(a(0), a(1), a(2));
        case BlockModel::end_of_life: return models::end_of_life_kg(a(0), a(1));
    }
    return 0.0;
}

}  // namespace tinyfleet
