// A random 32-bit word b as a uniform number in (0, 1): (b + 1/2) 2^-32,
// the centre of b's cell, never 0 or 1. One definition for every source of
// words (the devices' Philox words, the scrambled net's cells).
#pragma once
#include <cstdint>

namespace tinyfleet {

inline double uniform_from32(std::uint32_t b) { return (double(b) + 0.5) * 0x1.0p-32; }

// GCC vector extensions: one AVX register where the caller is compiled for
// AVX2, two SSE2 registers in the baseline build.
typedef std::uint64_t Lanes64x4 __attribute__((vector_size(32)));
typedef double Doubles4 __attribute__((vector_size(32)));

// out[i] = uniform_from32 of the low 32 bits of lane i of x (the high bits
// are ignored), without a conversion instruction (AVX2 has none from
// unsigned integers): the double with exponent 0 and b in the top 32 bits of
// its mantissa is 1 + b 2^-32 exactly, and (1 + b 2^-32) - (1 - 2^-33) =
// (b + 1/2) 2^-32 is exact (33 significant bits), the same double as
// uniform_from32(b). Always inlined, so it takes the caller's instruction
// set; vectors by reference (a 32-byte vector by value would change the
// calling convention between the AVX2 and baseline builds, -Wpsabi).
[[gnu::always_inline]] inline void uniforms_from_low32(const Lanes64x4& x, double* out) {
    const Lanes64x4 exponent_zero = Lanes64x4{} + 0x3FF0000000000000u;
    const Doubles4 u = reinterpret_cast<Doubles4>(((x << 32) >> 12) | exponent_zero) - (1.0 - 0x1.0p-33);
    __builtin_memcpy(out, &u, sizeof u);
}

}  // namespace tinyfleet
