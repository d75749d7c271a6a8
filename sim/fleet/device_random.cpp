#include "sim/fleet/device_random.h"

#include <immintrin.h>

namespace tinyfleet {

namespace {
constexpr int philox_rounds = 10;  // Philox4x32 = Philox4x32_R<10> in Random123

void batch_scalar(const DeviceKey& k, std::uint64_t first, std::uint32_t lane, DeviceBitsBatch& bits) {
    for (int j = 0; j < device_batch; ++j) {
        const std::array<std::uint32_t, 4> b = device_bits(k, first + std::uint64_t(j), lane);
        for (int w = 0; w < 4; ++w) bits.word[w][j] = b[std::size_t(w)];
    }
}

// Philox4x32-10 on 16 devices with AVX2, a device's counter word per 64-bit
// lane (in its low 32 bits): group g of `c` holds devices 4g .. 4g + 3 in
// order, c[g][w] their word w. _mm256_mul_epu32 multiplies the low 32 bits of
// each lane into a full 64-bit product, so a product's low word is the
// product itself (its high 32 bits are left over, and ignored: every later
// multiply reads the low 32 bits only) and its high word one shift away.
// Round, as in Random123: (c0, c1, c2, c3) -> (hi(m1 c2) ^ c1 ^ k0, lo(m1 c2),
// hi(m0 c0) ^ c3 ^ k1, lo(m0 c0)), then the key is bumped by (w0, w1). Two
// independent groups keep the multiplier busy. On return the low 32 bits of
// each lane are the device's output word.
constexpr int lane_groups = device_batch / 4;
__attribute__((target("avx2"))) void philox_avx2(const DeviceKey& k, std::uint64_t first, std::uint32_t lane,
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
    // Two groups at a time: their eight words, the multipliers and the round
    // keys fit the sixteen vector registers (all four groups would spill).
    for (int g0 = 0; g0 < lane_groups; g0 += 2) {
        __m256i a0, a1, a2, a3, b0, b1, b2, b3;
        {
            const auto d = static_cast<std::int64_t>(first + std::uint64_t(4 * g0));
            const __m256i da = _mm256_add_epi64(_mm256_set1_epi64x(d), _mm256_set_epi64x(3, 2, 1, 0));
            const __m256i db = _mm256_add_epi64(da, _mm256_set1_epi64x(4));
            const __m256i wa1 = _mm256_or_si256(cohort, _mm256_and_si256(_mm256_srli_epi64(da, 32), bits_32_to_47));
            const __m256i wb1 = _mm256_or_si256(cohort, _mm256_and_si256(_mm256_srli_epi64(db, 32), bits_32_to_47));
            // Round 1.
            const __m256i key0 = _mm256_set1_epi64x(hi2 ^ key.v[0]), key1 = _mm256_set1_epi64x(key.v[1]);
            const __m256i pa0 = _mm256_mul_epu32(da, m0), pb0 = _mm256_mul_epu32(db, m0);
            a0 = _mm256_xor_si256(wa1, key0);
            b0 = _mm256_xor_si256(wb1, key0);
            a1 = b1 = _mm256_set1_epi64x(lo2);
            a2 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(pa0, 32), word3), key1);
            b2 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(pb0, 32), word3), key1);
            a3 = pa0;
            b3 = pb0;
        }
        std::uint32_t k0 = key.v[0] + bump0, k1 = key.v[1] + bump1;
        int r = 1;
        if (same_word1) {  // round 2 with word 0 the same for every device
            const __m256i key0 = _mm256_set1_epi64x(k0);
            const __m256i hi0_key1 = _mm256_set1_epi64x(static_cast<std::uint32_t>(product0 >> 32) ^ k1);
            const __m256i pa2 = _mm256_mul_epu32(a2, m1), pb2 = _mm256_mul_epu32(b2, m1);
            a0 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(pa2, 32), a1), key0);
            b0 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(pb2, 32), b1), key0);
            a2 = _mm256_xor_si256(a3, hi0_key1);
            b2 = _mm256_xor_si256(b3, hi0_key1);
            a1 = pa2;
            b1 = pb2;
            a3 = b3 = _mm256_set1_epi64x(static_cast<std::uint32_t>(product0));
            k0 += bump0;
            k1 += bump1;
            ++r;
        }
        for (; r < philox_rounds; ++r) {
            const __m256i key0 = _mm256_set1_epi64x(k0), key1 = _mm256_set1_epi64x(k1);
            const __m256i pa0 = _mm256_mul_epu32(a0, m0), pa2 = _mm256_mul_epu32(a2, m1);
            const __m256i pb0 = _mm256_mul_epu32(b0, m0), pb2 = _mm256_mul_epu32(b2, m1);
            a0 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(pa2, 32), a1), key0);
            a2 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(pa0, 32), a3), key1);
            a1 = pa2;
            a3 = pa0;
            b0 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(pb2, 32), b1), key0);
            b2 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(pb0, 32), b3), key1);
            b1 = pb2;
            b3 = pb0;
            k0 += bump0;
            k1 += bump1;
        }
        c[g0][0] = a0, c[g0][1] = a1, c[g0][2] = a2, c[g0][3] = a3;
        c[g0 + 1][0] = b0, c[g0 + 1][1] = b1, c[g0 + 1][2] = b2, c[g0 + 1][3] = b3;
    }
}

__attribute__((target("avx2"))) void batch_avx2(const DeviceKey& k, std::uint64_t first, std::uint32_t lane,
                                                DeviceBitsBatch& bits) {
    __m256i c[lane_groups][4];
    philox_avx2(k, first, lane, c);
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
__attribute__((target("avx2"))) void words_avx2(const DeviceKey& k, std::uint64_t first, std::uint32_t lane,
                                                std::uint32_t* words) {
    __m256i c[lane_groups][4];
    philox_avx2(k, first, lane, c);
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

void words_scalar(const DeviceKey& k, std::uint64_t first, std::uint32_t lane, std::uint32_t* words) {
    for (int j = 0; j < device_batch; ++j) {
        const std::array<std::uint32_t, 4> b = device_bits(k, first + std::uint64_t(j), lane);
        for (int w = 0; w < 4; ++w) words[4 * j + w] = b[std::size_t(w)];
    }
}

__attribute__((target("avx2"))) void uniforms_avx2(const DeviceKey& k, std::uint64_t first, std::uint32_t lane,
                                                   int words, double (*u)[device_batch]) {
    __m256i c[lane_groups][4];
    philox_avx2(k, first, lane, c);
    for (int w = 0; w < words; ++w)
        for (int g = 0; g < lane_groups; ++g) {
            const Lanes64x4 lanes = (Lanes64x4)c[g][w];  // the same 256 bits
            uniforms_from_low32(lanes, u[w] + 4 * g);
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

void device_bits_batch(const DeviceKey& k, std::uint64_t first, std::uint32_t lane, DeviceBitsBatch& bits) {
    if (processor_has_avx2())
        batch_avx2(k, first, lane, bits);
    else
        batch_scalar(k, first, lane, bits);
}

void device_words_batch(const DeviceKey& k, std::uint64_t first, std::uint32_t lane, std::uint32_t* words) {
    if (processor_has_avx2())
        words_avx2(k, first, lane, words);
    else
        words_scalar(k, first, lane, words);
}

void device_uniforms_batch(const DeviceKey& k, std::uint64_t first, std::uint32_t lane, int words,
                           double (*u)[device_batch]) {
    if (processor_has_avx2())
        uniforms_avx2(k, first, lane, words, u);
    else
        uniforms_scalar(k, first, lane, words, u);
}

}  // namespace tinyfleet
