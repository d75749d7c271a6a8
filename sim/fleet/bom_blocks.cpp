#include "sim/fleet/bom_blocks.h"

#include "models/device/battery.h"
#include "models/device/end_of_life.h"
#include "models/device/ic.h"
#include "models/device/materials.h"
#include "models/device/passives.h"
#include "models/device/pcb.h"
#include "models/device/power_supply.h"
#include "models/device/sensors.h"
#include "models/device/training.h"
#include "models/device/transport.h"

namespace tinyfleet {

namespace {

// One cell, by mass when the block gives a mass, else by capacity.
double battery_cell_kg(const BatteryInputs& in, const RealizedParameters& p) {
    return p(in.mass_g) > 0 ? models::battery_embodied_kg_from_mass(p(in.mass_g), p(in.kg_co2e_per_kg))
                            : models::battery_embodied_kg_from_capacity(p(in.capacity_wh), p(in.kg_co2e_per_kwh));
}

// Replacements are modelled when the block gives a capacity and a cycle life
// (a NaN counts as given, so that it reaches the engine's non-finite check).
bool battery_replacements_modelled(const BatteryInputs& in, const RealizedParameters& p) {
    return !(p(in.cycle_life) <= 0 || p(in.capacity_wh) <= 0);
}

// kg CO2e per device of each model, from its named inputs.
struct BlockEvaluation {
    const BomBlock& block;
    const RealizedParameters& p;
    const DeviceContext& device;

    double operator()(std::monostate) const { return p(block.kg_co2e); }
    double operator()(const IcInputs& in) const {
        const models::IcDie die{p(in.die_area_mm2), p(in.ci_fab_g_per_kwh),       p(in.yield),
                                p(in.defect_density_per_cm2), p(in.packages), p(in.packaging_g_per_ic)};
        return models::ic_embodied_kg(block.ic.terms, block.ic.yield_model, block.ic.negative_binomial_alpha, die);
    }
    double operator()(const MicrophoneInputs& in) const {
        return models::microphone_embodied_kg(p(in.mass_g), p(in.kg_co2e_per_g));
    }
    double operator()(const BatteryInputs& in) const {
        return models::battery_lifetime_embodied_kg(battery_cell_kg(in, p), battery_replacements_of(block, p, device));
    }
    double operator()(const MainsSupplyInputs& in) const {
        return models::mains_supply_embodied_kg(p(in.adapter_kg), p(in.cable_length_m), p(in.cable_kg_co2e_per_m));
    }
    double operator()(const PcbInputs& in) const { return models::pcb_embodied_kg(p(in.area_cm2), p(in.kg_co2e_per_m2)); }
    double operator()(const CasingInputs& in) const {
        return models::casing_embodied_kg({p(in.abs_g), p(in.aluminium_g), p(in.steel_g)},
                                          {p(in.abs_kg_co2e_per_kg), p(in.aluminium_kg_co2e_per_kg),
                                           p(in.steel_kg_co2e_per_kg)});
    }
    double operator()(const PassivesInputs& in) const {
        return models::passives_embodied_kg(
            {p(in.capacitors_resistors), p(in.diodes), p(in.transistors), p(in.tantalum_capacitors), p(in.crystals)},
            {p(in.capacitor_resistor_kg), p(in.diode_kg), p(in.transistor_kg), p(in.tantalum_capacitor_kg),
             p(in.crystal_kg)});
    }
    double operator()(const UserInterfaceInputs& in) const {
        return models::user_interface_embodied_kg({p(in.leds), p(in.switches)}, {p(in.led_kg), p(in.switch_kg)});
    }
    double operator()(const TransportInputs& in) const {
        return models::transport_embodied_kg(p(in.mass_g), {p(in.truck_km), p(in.ship_km), p(in.plane_km)},
                                             {p(in.truck_kg_co2e_per_tkm), p(in.ship_kg_co2e_per_tkm),
                                              p(in.plane_kg_co2e_per_tkm)});
    }
    double operator()(const TrainingInputs& in) const {
        return models::training_per_device_kg(p(in.kg_co2e_per_run), p(in.runs), p(in.devices));
    }
    double operator()(const EndOfLifeInputs& in) const {
        return models::end_of_life_kg(p(in.mass_g), p(in.collection_rate), p(in.kg_co2e_per_kg),
                                      p(in.uncollected_kg_co2e_per_kg));
    }
};

}  // namespace

double battery_replacements_of(const BomBlock& b, const RealizedParameters& p, const DeviceContext& device) {
    const auto* in = std::get_if<BatteryInputs>(&b.inputs);
    if (!in || !battery_replacements_modelled(*in, p)) return 0.0;
    // Whole batteries (one device's count), from expected-value inputs in the cohort model.
    return models::battery_replacements(device.energy_kwh_per_year, device.lifetime_years,
                                        models::battery_usable_capacity_wh(p(in->capacity_wh), p(in->depth_of_discharge)),
                                        p(in->cycle_life));
}

BatteryTerms battery_terms(const BomBlock& b, const RealizedParameters& p) {
    BatteryTerms t;
    const auto* in = std::get_if<BatteryInputs>(&b.inputs);
    if (!in) return t;
    t.kg_per_battery = battery_cell_kg(*in, p);
    t.per_device = battery_replacements_modelled(*in, p);
    t.usable_wh = models::battery_usable_capacity_wh(p(in->capacity_wh), p(in->depth_of_discharge));
    t.cycle_life = p(in->cycle_life);
    t.cell_mass_kg = p(in->mass_g) / models::g_per_kg;
    return t;
}

double block_kg(const BomBlock& b, const RealizedParameters& p, const DeviceContext& device) {
    return std::visit(BlockEvaluation{b, p, device}, b.inputs);
}

}  // namespace tinyfleet
