#include "sim/fleet/device_random.h"

#include <immintrin.h>

namespace tinyfleet {

namespace {
constexpr int philox_rounds = 10;  // Philox4x32 = Philox4x32_R<10> in Random123

// The counters of the batch's devices, word by word (device_counter: the
// device index may cross a 2^32 boundary inside the batch).
void batch_counters(const DeviceKey& k, std::uint64_t first, std::uint32_t lane, std::uint32_t (&c)[4][device_batch]) {
    for (int j = 0; j < device_batch; ++j) {
        const r123::Philox4x32::ctr_type counter = device_counter(k, first + std::uint64_t(j), lane);
        for (int w = 0; w < 4; ++w) c[w][j] = counter.v[w];
    }
}

void batch_scalar(const DeviceKey& k, std::uint64_t first, std::uint32_t lane, DeviceBitsBatch& bits) {
    for (int j = 0; j < device_batch; ++j) {
        const std::array<std::uint32_t, 4> b = device_bits(k, first + std::uint64_t(j), lane);
        for (int w = 0; w < 4; ++w) bits.word[w][j] = b[std::size_t(w)];
    }
}

// Eight 32 x 32 -> 64-bit products: _mm256_mul_epu32 multiplies the even
// lanes, so the odd lanes are shifted down and multiplied separately.
__attribute__((target("avx2"))) inline void mulhilo8(__m256i a, __m256i m, __m256i& hi, __m256i& lo) {
    const __m256i even = _mm256_mul_epu32(a, m);
    const __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(a, 32), m);
    lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
    hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
}

// Philox4x32-10 on 16 counters as two interleaved groups of eight (two
// independent dependency chains keep the multiplier busy). Round, as in
// Random123: (c0, c1, c2, c3) -> (hi(m1 c2) ^ c1 ^ k0, lo(m1 c2),
// hi(m0 c0) ^ c3 ^ k1, lo(m0 c0)), then the key is bumped by (w0, w1).
__attribute__((target("avx2"))) void batch_avx2(const DeviceKey& k, std::uint64_t first, std::uint32_t lane,
                                                DeviceBitsBatch& bits) {
    static_assert(device_batch == 16, "batch_avx2 handles two groups of eight devices");
    alignas(32) std::uint32_t c[4][device_batch];
    batch_counters(k, first, lane, c);
    const __m256i m0 = _mm256_set1_epi32(static_cast<int>(PHILOX_M4x32_0));
    const __m256i m1 = _mm256_set1_epi32(static_cast<int>(PHILOX_M4x32_1));
    // a: devices 0-7, b: devices 8-15; the digit is the counter word.
    __m256i a[4], b[4];
    for (int w = 0; w < 4; ++w) {
        a[w] = _mm256_load_si256(reinterpret_cast<const __m256i*>(c[w]));
        b[w] = _mm256_load_si256(reinterpret_cast<const __m256i*>(c[w] + 8));
    }
    __m256i a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
    const r123::Philox4x32::key_type key = device_key(k);
    std::uint32_t k0 = key.v[0], k1 = key.v[1];
    for (int r = 0; r < philox_rounds; ++r) {
        const __m256i key0 = _mm256_set1_epi32(static_cast<int>(k0)), key1 = _mm256_set1_epi32(static_cast<int>(k1));
        __m256i ha0, la0, ha2, la2, hb0, lb0, hb2, lb2;
        mulhilo8(a0, m0, ha0, la0);
        mulhilo8(a2, m1, ha2, la2);
        mulhilo8(b0, m0, hb0, lb0);
        mulhilo8(b2, m1, hb2, lb2);
        a0 = _mm256_xor_si256(_mm256_xor_si256(ha2, a1), key0);
        a2 = _mm256_xor_si256(_mm256_xor_si256(ha0, a3), key1);
        a1 = la2;
        a3 = la0;
        b0 = _mm256_xor_si256(_mm256_xor_si256(hb2, b1), key0);
        b2 = _mm256_xor_si256(_mm256_xor_si256(hb0, b3), key1);
        b1 = lb2;
        b3 = lb0;
        k0 += PHILOX_W32_0;
        k1 += PHILOX_W32_1;
    }
    const __m256i* out[4][2] = {{&a0, &b0}, {&a1, &b1}, {&a2, &b2}, {&a3, &b3}};
    for (int w = 0; w < 4; ++w) {
        _mm256_store_si256(reinterpret_cast<__m256i*>(bits.word[w]), *out[w][0]);
        _mm256_store_si256(reinterpret_cast<__m256i*>(bits.word[w] + 8), *out[w][1]);
    }
}

}  // namespace

bool processor_has_avx2() {
    static const bool avx2 = [] {
        __builtin_cpu_init();  // may run before the library's own constructor
        return __builtin_cpu_supports("avx2") != 0;
    }();
    return avx2;
}

void device_bits_batch(const DeviceKey& k, std::uint64_t first, std::uint32_t lane, DeviceBitsBatch& bits) {
    if (processor_has_avx2())
        batch_avx2(k, first, lane, bits);
    else
        batch_scalar(k, first, lane, bits);
}

}  // namespace tinyfleet
