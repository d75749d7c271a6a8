// Offsets bounded by what an application can serve. An application saves
// emissions only where there is something to steer: a hectare of cropland,
// a square metre of floor area, a running motor. Its addressable quantity A
// (hectares, m2, motors) and what one device covers a [A per device] bound
// the devices that can serve:
//   cap [devices] = A / a
// Devices in service beyond the cap are built and use energy (their emissions
// count in full) but serve nothing new, so in a year with installed base B
//   served share   s = min(1, cap / B)       (1 when B = 0)
//   offsets_capped   = s x offsets of all devices in service
//   unserved devices = max(0, B - cap)       (> 0: the cap binds)
// A class without a cap has cap = +infinity: s = 1, nothing unserved.
#pragma once

namespace tinyfleet::models {

// addressable [units], per_device [units per device, > 0] -> [devices]
inline double addressable_cap_devices(double addressable, double per_device) { return addressable / per_device; }

// installed_devices [devices], cap_devices [devices] -> share of the savings that is served, in [0, 1]
inline double served_share(double installed_devices, double cap_devices) {
    return installed_devices > cap_devices ? cap_devices / installed_devices : 1.0;
}

// installed_devices [devices], cap_devices [devices] -> devices in service beyond the cap
inline double unserved_devices(double installed_devices, double cap_devices) {
    return installed_devices > cap_devices ? installed_devices - cap_devices : 0.0;
}

}  // namespace tinyfleet::models
