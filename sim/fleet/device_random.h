// Random numbers of one simulated device (exact and cohort fleet modes).
//
// Devices are many (10^10 per realization), so their draws use the cheaper
// Philox4x32-10: one call gives four 32-bit uniforms, enough for a device's
// lifetime, power, region and delivery draws; a second call (lane set 1)
// serves devices with more device-scope fields. Addressing, all pure
// functions of the indices (no state, so any thread or rank can draw any
// device):
//   key     = seed (64 bits)
//   counter = {device low 32 bits,
//              cohort tag << 16 | device bits 32..47,
//              class stream (32 bits, from the class name) | lane,
//              realization}
// The cohort tag is the shipment calendar year (so a cohort keeps its
// devices when the simulated window moves), or representative_scramble_cohort
// for the random words that scramble the representative devices' Sobol' net
// (device index = dimension << 32 | group of four words). Devices per cohort
// < 2^48.
#pragma once
#include <Random123/philox.h>

#include <array>
#include <cstdint>
#include <string_view>

#include "sim/engine/random_stream.h"
#include "sim/engine/uniform_from_bits.h"  // uniform_from32
#include "sim/engine/vector_code.h"  // VectorCode

namespace tinyfleet {

constexpr std::uint32_t representative_scramble_cohort = 0xFFFE;  // the random words that scramble the representatives' net
constexpr std::uint32_t noise_cohort_flag = 0x8000;  // cohort tag | flag: the noise signs of a cohort
constexpr std::uint64_t max_devices_per_cohort = std::uint64_t(1) << 48;

inline std::uint32_t class_stream_id(std::string_view class_name) {
    const std::uint64_t h = stream_id(class_name);
    return static_cast<std::uint32_t>(h ^ (h >> 32)) & ~std::uint32_t(1);
}

struct DeviceKey {
    std::uint64_t seed = 0;
    std::uint64_t realization = 0;
    std::uint32_t class_stream = 0;
    std::uint32_t cohort_tag = 0;
};

// The Philox counter and key of `device`, lane 0 or 1 (the layout above).
inline r123::Philox4x32::ctr_type device_counter(const DeviceKey& k, std::uint64_t device, std::uint32_t lane) {
    return {{static_cast<std::uint32_t>(device),
             (k.cohort_tag << 16) | static_cast<std::uint32_t>((device >> 32) & 0xFFFF), k.class_stream | lane,
             static_cast<std::uint32_t>(k.realization)}};
}
inline r123::Philox4x32::key_type device_key(const DeviceKey& k) {
    return {{static_cast<std::uint32_t>(k.seed), static_cast<std::uint32_t>(k.seed >> 32)}};
}

// Four raw 32-bit words for `device`, lane 0 or 1.
inline std::array<std::uint32_t, 4> device_bits(const DeviceKey& k, std::uint64_t device, std::uint32_t lane) {
    const r123::Philox4x32::ctr_type out = r123::Philox4x32()(device_counter(k, device, lane), device_key(k));
    return {out.v[0], out.v[1], out.v[2], out.v[3]};
}

}  // namespace tinyfleet

namespace tinyfleet {

// The same words for device_batch consecutive devices at once (the exact
// mode's hot loop): bits.word[w][j] == device_bits(k, first + j, lane)[w].
// The Philox rounds run on four devices per instruction with AVX2 or AVX-512
// (VectorCode::best: the processor's best; the AVX-512 version keeps four
// groups of devices in flight in its 32 registers, AVX2 two), else on one
// device at a time; all give the same bits (tests/unit/sim/engine/test_random_stream.cpp).
constexpr int device_batch = 16;
struct DeviceBitsBatch {
    alignas(32) std::uint32_t word[4][device_batch];
};
void device_bits_batch(const DeviceKey& k, std::uint64_t first, std::uint32_t lane, DeviceBitsBatch& bits,
                       VectorCode code = VectorCode::best);

// The same words in counter order (the random words that scramble the
// representatives' net, read as one array): words[4 j + w] ==
// device_bits(k, first + j, lane)[w], j < device_batch, w < 4.
void device_words_batch(const DeviceKey& k, std::uint64_t first, std::uint32_t lane, std::uint32_t* words,
                        VectorCode code = VectorCode::best);

// The same words as uniforms (the exact mode's draws): words w < `words`
// (at most 4) of the batch, u[w][j] == uniform_from32(device_bits(k, first +
// j, lane)[w]), the same bits in every version.
void device_uniforms_batch(const DeviceKey& k, std::uint64_t first, std::uint32_t lane, int words,
                           double (*u)[device_batch], VectorCode code = VectorCode::best);

// The same in the version `isa`, which the processor must run: for a caller
// that is itself one version of a loop (sim/fleet/device_simulation.cpp) and
// has chosen its instruction set already.
void device_uniforms_batch(InstructionSet isa, const DeviceKey& k, std::uint64_t first, std::uint32_t lane, int words,
                           double (*u)[device_batch]);

}  // namespace tinyfleet
