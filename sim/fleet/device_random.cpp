#include "sim/fleet/device_random.h"

#include <immintrin.h>

namespace tinyfleet {

namespace {
constexpr int philox_rounds = 10;  // Philox4x32 = Philox4x32_R<10> in Random123

void bits_scalar(const DeviceKey& k, std::uint64_t first, std::uint32_t lane, DeviceBitsBatch& bits) {
    for (int j = 0; j < device_batch; ++j) {
        const std::array<std::uint32_t, 4> b = device_bits(k, first + std::uint64_t(j), lane);
        for (int w = 0; w < 4; ++w) bits.word[w][j] = b[std::size_t(w)];
    }
}

// Philox4x32-10 on 16 devices in 256-bit vectors, a device's counter word per 64-bit
// lane (in its low 32 bits): group g of `c` holds devices 4g .. 4g + 3 in
// order, c[g][w] their word w. _mm256_mul_epu32 multiplies the low 32 bits of
// each lane into a full 64-bit product, so a product's low word is the
// product itself (its high 32 bits are left over, and ignored: every later
// multiply reads the low 32 bits only) and its high word one shift away.
// Round, as in Random123: (c0, c1, c2, c3) -> (hi(m1 c2) ^ c1 ^ k0, lo(m1 c2),
// hi(m0 c0) ^ c3 ^ k1, lo(m0 c0)), then the key is bumped by (w0, w1).
// `in_flight` independent groups at a time keep the multiplier busy. On
// return the low 32 bits of each lane are the device's output word.
// Inlined into the AVX2 and AVX-512 versions below, it takes their
// instruction set (AVX-512's three-way xor, vpternlogq, for two xors).
constexpr int lane_groups = device_batch / 4;
template <int in_flight>
[[gnu::always_inline]] TINYFLEET_TARGET_AVX2 inline void philox_groups(const DeviceKey& k, std::uint64_t first,
                                                                       std::uint32_t lane,
                                                                       __m256i (&c)[lane_groups][4]) {
    static_assert(device_batch % 4 == 0, "groups of four devices");
    // The counters (device_counter): word 0 the device index's low 32 bits
    // (the lane's high half is ignored), word 1 the cohort tag and index bits
    // 32..47 (the index may cross a 2^32 boundary inside the batch); words 2
    // (class stream | lane) and 3 (realization) are the same for every device.
    const __m256i bits_32_to_47 = _mm256_set1_epi64x(0xFFFF);  // after the shift by 32
    const __m256i cohort = _mm256_set1_epi64x(std::int64_t(k.cohort_tag) << 16);
    const __m256i word3 = _mm256_set1_epi64x(static_cast<std::uint32_t>(k.realization));
    const __m256i m0 = _mm256_set1_epi64x(PHILOX_M4x32_0), m1 = _mm256_set1_epi64x(PHILOX_M4x32_1);
    const r123::Philox4x32::key_type key = device_key(k);
    constexpr std::uint32_t bump0 = PHILOX_W32_0, bump1 = PHILOX_W32_1;
    // Round 1 multiplies word 2, the same for every device: once, in scalar.
    const std::uint64_t product2 = std::uint64_t(PHILOX_M4x32_1) * (k.class_stream | lane);
    const auto hi2 = static_cast<std::uint32_t>(product2 >> 32), lo2 = static_cast<std::uint32_t>(product2);
    // Round 2 multiplies what round 1 made of word 1, the same for every
    // device unless the batch crosses a 2^32 boundary of the index.
    const std::uint32_t word1_first = device_counter(k, first, lane).v[1];
    const bool same_word1 = word1_first == device_counter(k, first + device_batch - 1, lane).v[1];
    const std::uint64_t product0 = std::uint64_t(PHILOX_M4x32_0) * (hi2 ^ word1_first ^ key.v[0]);
    // `in_flight` groups at a time, each round's multiplies of all of them
    // independent, so one group's multiply latency hides behind the others':
    // two groups with AVX2 (their eight words, the multipliers and the round
    // keys fit the sixteen vector registers; four would spill), four with
    // AVX-512's thirty-two.
    static_assert(lane_groups % in_flight == 0, "whole sets of groups");
    const __m256i first_lanes = _mm256_set_epi64x(3, 2, 1, 0);
    for (int g0 = 0; g0 < lane_groups; g0 += in_flight) {
        __m256i w[in_flight][4];
        {  // Round 1.
            const __m256i key0 = _mm256_set1_epi64x(hi2 ^ key.v[0]), key1 = _mm256_set1_epi64x(key.v[1]);
            for (int i = 0; i < in_flight; ++i) {
                const auto d = static_cast<std::int64_t>(first + std::uint64_t(4 * (g0 + i)));
                const __m256i devices = _mm256_add_epi64(_mm256_set1_epi64x(d), first_lanes);
                const __m256i word1 =
                    _mm256_or_si256(cohort, _mm256_and_si256(_mm256_srli_epi64(devices, 32), bits_32_to_47));
                const __m256i p0 = _mm256_mul_epu32(devices, m0);
                w[i][0] = _mm256_xor_si256(word1, key0);
                w[i][1] = _mm256_set1_epi64x(lo2);
                w[i][2] = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p0, 32), word3), key1);
                w[i][3] = p0;
            }
        }
        std::uint32_t k0 = key.v[0] + bump0, k1 = key.v[1] + bump1;
        int r = 1;
        if (same_word1) {  // round 2 with word 0 the same for every device
            const __m256i key0 = _mm256_set1_epi64x(k0);
            const __m256i hi0_key1 = _mm256_set1_epi64x(static_cast<std::uint32_t>(product0 >> 32) ^ k1);
            const __m256i lo0 = _mm256_set1_epi64x(static_cast<std::uint32_t>(product0));
            for (int i = 0; i < in_flight; ++i) {
                const __m256i p2 = _mm256_mul_epu32(w[i][2], m1);
                w[i][0] = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p2, 32), w[i][1]), key0);
                w[i][2] = _mm256_xor_si256(w[i][3], hi0_key1);
                w[i][1] = p2;
                w[i][3] = lo0;
            }
            k0 += bump0;
            k1 += bump1;
            ++r;
        }
        for (; r < philox_rounds; ++r) {
            const __m256i key0 = _mm256_set1_epi64x(k0), key1 = _mm256_set1_epi64x(k1);
            for (int i = 0; i < in_flight; ++i) {
                const __m256i p0 = _mm256_mul_epu32(w[i][0], m0), p2 = _mm256_mul_epu32(w[i][2], m1);
                w[i][0] = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p2, 32), w[i][1]), key0);
                w[i][2] = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p0, 32), w[i][3]), key1);
                w[i][1] = p2;
                w[i][3] = p0;
            }
            k0 += bump0;
            k1 += bump1;
        }
        for (int i = 0; i < in_flight; ++i)
            for (int j = 0; j < 4; ++j) c[g0 + i][j] = w[i][j];
    }
}

// The words of 16 devices in three layouts, each compiled for AVX2 (two
// groups of Philox in flight) and for AVX-512 (four).
template <int in_flight>
[[gnu::always_inline]] TINYFLEET_TARGET_AVX2 inline void bits_vector(const DeviceKey& k, std::uint64_t first,
                                                                     std::uint32_t lane, DeviceBitsBatch& bits) {
    __m256i c[lane_groups][4];
    philox_groups<in_flight>(k, first, lane, c);
    // The low 32 bits of the four lanes, in order, into the low 128 bits.
    const __m256i low_words = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
    for (int g = 0; g < lane_groups; ++g)
        for (int w = 0; w < 4; ++w)
            _mm_store_si128(reinterpret_cast<__m128i*>(bits.word[w] + 4 * g),
                            _mm256_castsi256_si128(_mm256_permutevar8x32_epi32(c[g][w], low_words)));
}

// Counter order: per group of four devices, words 0-1 and 2-3 of each
// device paired into 64-bit lanes (the left-over high halves cleared), the
// pairs joined per device within each 128-bit half, the halves put in order.
template <int in_flight>
[[gnu::always_inline]] TINYFLEET_TARGET_AVX2 inline void words_vector(const DeviceKey& k, std::uint64_t first,
                                                                      std::uint32_t lane, std::uint32_t* words) {
    __m256i c[lane_groups][4];
    philox_groups<in_flight>(k, first, lane, c);
    const __m256i low_half = _mm256_set1_epi64x(0xFFFFFFFF);
    for (int g = 0; g < lane_groups; ++g) {
        const __m256i w01 = _mm256_or_si256(_mm256_and_si256(c[g][0], low_half), _mm256_slli_epi64(c[g][1], 32));
        const __m256i w23 = _mm256_or_si256(_mm256_and_si256(c[g][2], low_half), _mm256_slli_epi64(c[g][3], 32));
        const __m256i even = _mm256_unpacklo_epi64(w01, w23);  // devices 0 | 2 of the group
        const __m256i odd = _mm256_unpackhi_epi64(w01, w23);   // devices 1 | 3
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(words + 16 * g), _mm256_permute2x128_si256(even, odd, 0x20));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(words + 16 * g + 8), _mm256_permute2x128_si256(even, odd, 0x31));
    }
}

template <int in_flight>
[[gnu::always_inline]] TINYFLEET_TARGET_AVX2 inline void uniforms_vector(const DeviceKey& k, std::uint64_t first,
                                                                         std::uint32_t lane, int words,
                                                                         double (*u)[device_batch]) {
    __m256i c[lane_groups][4];
    philox_groups<in_flight>(k, first, lane, c);
    for (int w = 0; w < words; ++w)
        for (int g = 0; g < lane_groups; ++g) {
            const Lanes64x4 lanes = (Lanes64x4)c[g][w];  // the same 256 bits
            uniforms_from_low32(lanes, u[w] + 4 * g);
        }
}

TINYFLEET_TARGET_AVX2 void bits_avx2(const DeviceKey& k, std::uint64_t first, std::uint32_t lane,
                                     DeviceBitsBatch& bits) {
    bits_vector<2>(k, first, lane, bits);
}
TINYFLEET_TARGET_AVX512 void bits_avx512(const DeviceKey& k, std::uint64_t first, std::uint32_t lane,
                                         DeviceBitsBatch& bits) {
    bits_vector<4>(k, first, lane, bits);
}
TINYFLEET_TARGET_AVX2 void words_avx2(const DeviceKey& k, std::uint64_t first, std::uint32_t lane,
                                      std::uint32_t* words) {
    words_vector<2>(k, first, lane, words);
}
TINYFLEET_TARGET_AVX512 void words_avx512(const DeviceKey& k, std::uint64_t first, std::uint32_t lane,
                                          std::uint32_t* words) {
    words_vector<4>(k, first, lane, words);
}
TINYFLEET_TARGET_AVX2 void uniforms_avx2(const DeviceKey& k, std::uint64_t first, std::uint32_t lane, int words,
                                         double (*u)[device_batch]) {
    uniforms_vector<2>(k, first, lane, words, u);
}
TINYFLEET_TARGET_AVX512 void uniforms_avx512(const DeviceKey& k, std::uint64_t first, std::uint32_t lane, int words,
                                             double (*u)[device_batch]) {
    uniforms_vector<4>(k, first, lane, words, u);
}

void words_scalar(const DeviceKey& k, std::uint64_t first, std::uint32_t lane, std::uint32_t* words) {
    for (int j = 0; j < device_batch; ++j) {
        const std::array<std::uint32_t, 4> b = device_bits(k, first + std::uint64_t(j), lane);
        for (int w = 0; w < 4; ++w) words[4 * j + w] = b[std::size_t(w)];
    }
}

void uniforms_scalar(const DeviceKey& k, std::uint64_t first, std::uint32_t lane, int words,
                     double (*u)[device_batch]) {
    for (int j = 0; j < device_batch; ++j) {
        const std::array<std::uint32_t, 4> b = device_bits(k, first + std::uint64_t(j), lane);
        for (int w = 0; w < words; ++w) u[w][j] = uniform_from32(b[std::size_t(w)]);
    }
}

}  // namespace

void device_bits_batch(const DeviceKey& k, std::uint64_t first, std::uint32_t lane, DeviceBitsBatch& bits,
                       VectorCode code) {
    switch (instruction_set(code)) {
    case InstructionSet::avx512: return bits_avx512(k, first, lane, bits);
    case InstructionSet::avx2: return bits_avx2(k, first, lane, bits);
    case InstructionSet::baseline: return bits_scalar(k, first, lane, bits);
    }
}

void device_words_batch(const DeviceKey& k, std::uint64_t first, std::uint32_t lane, std::uint32_t* words,
                        VectorCode code) {
    switch (instruction_set(code)) {
    case InstructionSet::avx512: return words_avx512(k, first, lane, words);
    case InstructionSet::avx2: return words_avx2(k, first, lane, words);
    case InstructionSet::baseline: return words_scalar(k, first, lane, words);
    }
}

void device_uniforms_batch(const DeviceKey& k, std::uint64_t first, std::uint32_t lane, int words,
                           double (*u)[device_batch], VectorCode code) {
    device_uniforms_batch(instruction_set(code), k, first, lane, words, u);
}

void device_uniforms_batch(InstructionSet isa, const DeviceKey& k, std::uint64_t first, std::uint32_t lane, int words,
                           double (*u)[device_batch]) {
    switch (isa) {
    case InstructionSet::avx512: return uniforms_avx512(k, first, lane, words, u);
    case InstructionSet::avx2: return uniforms_avx2(k, first, lane, words, u);
    case InstructionSet::baseline: return uniforms_scalar(k, first, lane, words, u);
    }
}

}  // namespace tinyfleet
