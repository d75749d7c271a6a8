// Test inputs: splitmix64 (Steele, Lea and Flood 2014), a well-mixed 64-bit
// word per call from a counter, and the doubles the engine tests draw from
// it. Deterministic, so a failing point is reproducible from its seed.
#pragma once
#include <cmath>
#include <cstdint>

struct SplitMix64 {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    // u in (0, 1): 52 random bits plus half a step, so that the smallest
    // value is 2^-53 and the largest 1 - 2^-53 (never 0 or 1).
    double uniform() { return static_cast<double>(next() >> 12) * 0x1p-52 + 0x1p-53; }
    // [0, 1) in steps of 2^-53.
    double unit() { return double(next() >> 11) * 0x1p-53; }
    // log-uniform on [2^lo, 2^hi): every binade equally often.
    double binades(int lo, int hi) { return std::ldexp(1.0 + unit(), lo + int(next() % std::uint64_t(hi - lo))); }
};
