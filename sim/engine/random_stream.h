// Counter-based random numbers (Random123 Philox4x64-10).
//
// A draw is a pure function of (seed, realization, stream, device, draw index):
// no generator state exists, so threads, MPI ranks, shards and resumed runs
// all see the same numbers for the same indices, whatever order they run in.
//   key     = {seed, 0}
//   counter = {realization, stream, device, draw / 4}; lane = draw % 4
#pragma once
#include <Random123/philox.h>
#include <cstdint>
#include <string_view>

namespace tinyfleet {

struct DrawAddress {
    std::uint64_t realization = 0;
    std::uint64_t stream = 0;   // one per named quantity, see stream_id()
    std::uint64_t device = 0;   // 0 for realization-level (global) draws
    std::uint64_t draw = 0;     // index of the draw within (realization, stream, device)
};

// Raw 64 random bits at an address.
inline std::uint64_t random_bits(std::uint64_t seed, const DrawAddress& a) {
    using Philox = r123::Philox4x64;
    Philox::ctr_type counter = {{a.realization, a.stream, a.device, a.draw >> 2}};
    Philox::key_type key = {{seed, 0}};
    const Philox::ctr_type out = Philox()(counter, key);
    return out.v[a.draw & 3u];
}

// Uniform number in the open interval (0, 1): the 52 high bits, centred in
// their cell, so the result lies in [2^-53, 1 - 2^-53] and 0 and 1 are never
// returned (quantile functions need that). With 53 bits the top cell's
// centre, 1 - 2^-54, would round to exactly 1.
inline double uniform_open01(std::uint64_t bits) {
    return (static_cast<double>(bits >> 12) + 0.5) * 0x1.0p-52;
}

inline double random_uniform(std::uint64_t seed, const DrawAddress& a) {
    return uniform_open01(random_bits(seed, a));
}

// Stream id of a named quantity: 64-bit FNV-1a of its name. Using the name
// (not a position in the file) keeps a parameter's draws unchanged when other
// parameters are added or reordered: common random numbers across scenarios.
constexpr std::uint64_t stream_id(std::string_view name) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (char c : name) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ull;
    }
    return h;
}

}  // namespace tinyfleet
