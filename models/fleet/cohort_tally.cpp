#include "models/fleet/cohort_tally.h"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tinyfleet::models {

namespace {
// Running sums of `lanes` interleaved difference arrays (element k of lane j
// at k * lanes + j), plus point values; each lane takes the same additions
// in the same order whatever `lanes` is. Lanes four at a time (fixed-size
// loops the compiler turns into vector instructions), then one at a time.
template <std::size_t width>
[[gnu::always_inline]] inline void integrate_lanes(double* diff, const double* points, std::size_t n,
                                                   std::size_t lanes) {
    double running[width] = {};
    for (std::size_t k = 0; k < n; ++k) {
        double* row = diff + k * lanes;
        for (std::size_t j = 0; j < width; ++j) running[j] += row[j];
        if (points) {
            const double* point = points + k * lanes;
            for (std::size_t j = 0; j < width; ++j) row[j] = running[j] + point[j];
        } else {
            for (std::size_t j = 0; j < width; ++j) row[j] = running[j] + 0.0;
        }
    }
}
[[gnu::always_inline]] inline void integrate(double* diff, const double* points, std::size_t n, std::size_t lanes) {
    std::size_t j0 = 0;
    for (; j0 + 4 <= lanes; j0 += 4) integrate_lanes<4>(diff + j0, points ? points + j0 : nullptr, n, lanes);
    for (; j0 < lanes; ++j0) integrate_lanes<1>(diff + j0, points ? points + j0 : nullptr, n, lanes);
}
}  // namespace

// Four doubles as one vector (GCC vector extension: one AVX register in the
// AVX2 version, two SSE2 registers in the baseline one).
typedef double Vector4 __attribute__((vector_size(32)));

std::size_t sign_words_per_device(int cohorts) { return (std::size_t(cohorts) + 15) / 16; }

namespace {
// bits[lane] = the 16 bits (bit t of words[t]) of bit `lane` of 16 words: a
// 32 x 16 bit-matrix transpose. SSE2 (baseline x86-64): the words' bytes
// gathered byte position by byte position, then each byte's top bit taken 16
// at a time (movemask) while the bytes shift left.
void transpose_bits(const std::uint32_t* words, std::uint16_t* bits) {
#if defined(__SSE2__)
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(words));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(words + 4));
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(words + 8));
    const __m128i d = _mm_loadu_si128(reinterpret_cast<const __m128i*>(words + 12));
    // Bytes 0 and 1 of words 0..7, then bytes 2 and 3 (and the same for 8..15).
    auto gather = [](__m128i x, __m128i y, __m128i& low, __m128i& high) {
        const __m128i t0 = _mm_unpacklo_epi8(x, y), t1 = _mm_unpackhi_epi8(x, y);
        const __m128i u0 = _mm_unpacklo_epi8(t0, t1), u1 = _mm_unpackhi_epi8(t0, t1);
        low = _mm_unpacklo_epi8(u0, u1);
        high = _mm_unpackhi_epi8(u0, u1);
    };
    __m128i e, f, g, h;
    gather(a, b, e, f);
    gather(c, d, g, h);
    // byte q of words 0..15, q = 0..3
    __m128i column[4] = {_mm_unpacklo_epi64(e, g), _mm_unpackhi_epi64(e, g), _mm_unpacklo_epi64(f, h),
                         _mm_unpackhi_epi64(f, h)};
    for (int q = 0; q < 4; ++q) {
        __m128i v = column[q];
        for (int t = 7; t >= 0; --t) {
            bits[8 * q + t] = std::uint16_t(_mm_movemask_epi8(v));
            v = _mm_add_epi8(v, v);
        }
    }
#else
    for (int lane = 0; lane < 32; ++lane) {
        std::uint32_t mask = 0;
        for (int t = 0; t < 16; ++t) mask |= ((words[t] >> lane) & 1u) << t;
        bits[lane] = std::uint16_t(mask);
    }
#endif
}
}  // namespace

void device_sign_masks(const std::uint32_t* words, int cohorts, std::size_t m, std::uint16_t* out) {
    const auto Y = std::size_t(cohorts);
    const std::size_t W = sign_words_per_device(cohorts);
    for (std::size_t first = 0; first < m; first += 32) {
        const std::uint32_t* word = words + (first / 32) * Y;
        const std::size_t count = std::min<std::size_t>(32, m - first);
        for (std::size_t w = 0; w < W; ++w) {
            std::uint32_t chunk[16] = {};  // cohorts 16w..16w+15, 0 past the last
            for (std::size_t t = 0; t < 16 && 16 * w + t < Y; ++t) chunk[t] = word[16 * w + t];
            std::uint16_t bits[32];
            transpose_bits(chunk, bits);
            for (std::size_t lane = 0; lane < count; ++lane) out[(first + lane) * W + w] = bits[lane];
        }
    }
}

namespace {
// Bit t of a byte moved to bit 4t of a word: the sign masks of a group's devices
// interleaved into one 4-bit combination index per cohort.
struct NibbleSpread {
    std::uint32_t of[256] = {};
    constexpr NibbleSpread() {
        for (int b = 0; b < 256; ++b)
            for (int t = 0; t < 8; ++t)
                if ((b >> t) & 1) of[b] |= 1u << (4 * t);
    }
};
constexpr NibbleSpread nibble_spread;
inline std::uint64_t spread_bits(std::uint16_t x) {
    return nibble_spread.of[x & 255u] | std::uint64_t(nibble_spread.of[x >> 8]) << 32;
}

// Four doubles from memory (one unaligned load).
[[gnu::always_inline]] inline void load(Vector4& v, const double* p) { std::memcpy(&v, p, sizeof v); }
constexpr double no_device[DeviceBins::width] = {};

// Devices whose sign combinations are formed together: three, not four. The
// 16 combinations of four devices cost 32 vector stores per group (8 per
// device); three devices' 8 combinations cost 16 (5.3 per device) for about
// as many additions per device (17 against 18: fewer to form, more picks).
// On the AMD EPYC (Zen 3) the cohort runs are measured on, three cost about
// 15% less time than four.
constexpr int group_devices = 3;
constexpr int group_combinations = 1 << group_devices;
constexpr int run_groups = 16;    // groups summed in registers before they are added to the block

// add_signed_bin's body, compiled once per instruction set (always_inline).
// Additions, subtractions and sign changes only (no FMA contraction: neither
// version enables FMA), the same operations in the same order in both.
[[gnu::always_inline]] inline void signed_bin_sums(double* block, std::size_t C, const double* values,
                                                   const std::uint16_t* signs, const std::uint32_t* devices, int n,
                                                   const double* centre) {
    constexpr int V = DeviceBins::width;
    const std::size_t W = (C + 15) / 16;
    if (n == 0) {
        for (std::size_t e = 0; e < V * C; ++e) block[e] = 0.0;
        return;
    }
    const Vector4 zero = {0.0, 0.0, 0.0, 0.0};
    Vector4 plain[2] = {zero, zero};  // the all-plus combination's sum
    // [group][combination][half of the bin values]: combination bits t = 0..2
    // are the signs (set = +1) of the group's devices 0..2.
    alignas(32) Vector4 combinations[run_groups][group_combinations][2];
    for (int first = 0; first < n; first += group_devices * run_groups) {
        const int groups = std::min(run_groups, (n - first + group_devices - 1) / group_devices);
        for (int g = 0; g < groups; ++g) {
            const double* x[group_devices];  // the group's devices, padded with zeros
            for (int t = 0; t < group_devices; ++t) {
                const int k = first + group_devices * g + t;
                x[t] = k < n ? values + std::size_t(devices[k]) * V : no_device;
            }
            for (int half = 0; half < 2; ++half) {
                // The pair (devices 0, 1) under its four sign pairs:
                // -(x0 + x1), x0 - x1, -(x0 - x1), x0 + x1, then device 2 as
                // -x2 or x2 (a sign change is exact).
                Vector4 x0, x1, x2;
                load(x0, x[0] + 4 * half);
                load(x1, x[1] + 4 * half);
                load(x2, x[2] + 4 * half);
                const Vector4 s01 = x0 + x1, d01 = x0 - x1;
                const Vector4 low[4] = {-s01, d01, -d01, s01}, high[2] = {-x2, x2};
                for (int c = 0; c < group_combinations; ++c) combinations[g][c][half] = low[c & 3] + high[c >> 2];
            }
        }
        Vector4 run[2] = {zero, zero};
        for (int g = 0; g < groups; ++g) {
            run[0] += combinations[g][group_combinations - 1][0];
            run[1] += combinations[g][group_combinations - 1][1];
        }
        plain[0] += run[0];
        plain[1] += run[1];
        const bool first_run = first == 0, last_run = first + group_devices * run_groups >= n;
        for (std::size_t w = 0; w < W; ++w) {
            // Per group, the combination index of each of cohorts 16w..16w+15
            // (4 bits each, of which the group's devices use the low 3).
            std::uint64_t index[run_groups];
            for (int g = 0; g < groups; ++g) {
                std::uint64_t bits = 0;
                for (int t = 0; t < group_devices; ++t) {
                    const int k = first + group_devices * g + t;
                    if (k < n) bits |= spread_bits(signs[std::size_t(devices[k]) * W + w]) << t;
                }
                index[g] = bits;
            }
            for (std::size_t j0 = 16 * w; j0 < std::min(C, 16 * w + 16); j0 += 4) {
                Vector4 acc[4][2];
                for (int jj = 0; jj < 4; ++jj) acc[jj][0] = acc[jj][1] = zero;
                const unsigned shift = unsigned(4 * (j0 - 16 * w));
                for (int g = 0; g < groups; ++g) {
                    const std::uint64_t q = index[g] >> shift;
                    for (int jj = 0; jj < 4; ++jj) {
                        const Vector4* pick = combinations[g][(q >> (4 * jj)) & (group_combinations - 1)];
                        acc[jj][0] += pick[0];
                        acc[jj][1] += pick[1];
                    }
                }
                // [set][value] -> [value][set]: 4 x 4 transposes.
                for (int half = 0; half < 2; ++half) {
                    const Vector4 a = acc[0][half], b = acc[1][half], c = acc[2][half], d = acc[3][half];
                    const Vector4 t0 = __builtin_shufflevector(a, b, 0, 4, 2, 6);
                    const Vector4 t1 = __builtin_shufflevector(a, b, 1, 5, 3, 7);
                    const Vector4 t2 = __builtin_shufflevector(c, d, 0, 4, 2, 6);
                    const Vector4 t3 = __builtin_shufflevector(c, d, 1, 5, 3, 7);
                    const Vector4 rows[4] = {__builtin_shufflevector(t0, t2, 0, 1, 4, 5),
                                             __builtin_shufflevector(t1, t3, 0, 1, 4, 5),
                                             __builtin_shufflevector(t0, t2, 2, 3, 6, 7),
                                             __builtin_shufflevector(t1, t3, 2, 3, 6, 7)};
                    Vector4 centring;
                    load(centring, centre + j0);
                    for (int r = 0; r < 4; ++r) {
                        double* to = block + std::size_t(4 * half + r) * C + j0;
                        Vector4 sum = rows[r];
                        if (!first_run) {
                            Vector4 before;
                            load(before, to);
                            sum = before + sum;
                        }
                        if (last_run) sum -= centring * plain[half][r];
                        std::memcpy(to, &sum, sizeof sum);
                    }
                }
            }
        }
    }
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) void signed_bin_sums_avx2(double* block, std::size_t C, const double* values,
                                                          const std::uint16_t* signs,
                                                          const std::uint32_t* devices, int n,
                                                          const double* centre) {
    signed_bin_sums(block, C, values, signs, devices, n, centre);
}
bool has_avx2() {
    static const bool yes = __builtin_cpu_supports("avx2");
    return yes;
}
#endif
void signed_bin_sums_baseline(double* block, std::size_t C, const double* values, const std::uint16_t* signs,
                              const std::uint32_t* devices, int n, const double* centre) {
    signed_bin_sums(block, C, values, signs, devices, n, centre);
}
}  // namespace

void add_signed_bin(double* block, int columns, const double* values, const std::uint16_t* signs,
                    const std::uint32_t* devices, int n, const double* centre, bool baseline) {
#if defined(__x86_64__)
    if (!baseline && has_avx2())
        return signed_bin_sums_avx2(block, std::size_t(columns), values, signs, devices, n, centre);
#endif
    signed_bin_sums_baseline(block, std::size_t(columns), values, signs, devices, n, centre);
}

void expected_device_bins(const DeviceBins& B, const DeviceMoments& M, const double* sums, double devices,
                          const double* region_weights, double delivery_rate, double mean_grid_kwh_per_year,
                          double* bins) {
    const double per_device = 1.0 / devices;
    const double e = mean_grid_kwh_per_year, d = delivery_rate;
    for (int r = 0; r < B.regions; ++r) {
        const double w = region_weights[r] * per_device;
        for (int k = 0; k <= B.ages; ++k) {
            const auto K = std::size_t(k);
            const double P = w * sums[M.count() + K], F = w * sums[M.first() + K], L = w * sums[M.last() + K];
            double* b = bins + (std::size_t(r) * (std::size_t(B.ages) + 1) + K) * DeviceBins::width;
            b[0] = P;
            b[1] = e * P;
            b[2] = e * F;
            b[3] = e * L;
            b[4] = d * P;
            b[5] = d * F;
            b[6] = d * L;
            b[7] = w * sums[M.embodied() + K];
        }
    }
}

namespace {
// Tallies += one bin (region r, retirement age k) of binned devices, `lanes`
// bin sets at once: bin value v of set j at b[v * columns + j] (value-major
// bins, add_signed_bin), tally element i of set j at t[i * lanes + j]. Each
// tally element takes the same additions in the same order whatever `lanes`
// is, so one set alone (lanes = 1) and all sets at once give the same bits.
[[gnu::always_inline]] inline void spread_bin(int r, int k, const double* b, std::size_t columns,
                                              const TallyLayout& L, double* t, std::size_t lanes) {
    const std::size_t J = columns;
    auto add = [&](std::size_t element, const double* value) {
        double* to = t + element * lanes;
        for (std::size_t j = 0; j < lanes; ++j) to[j] += value[j];
    };
    auto subtract = [&](std::size_t element, const double* value) {
        double* to = t + element * lanes;
        for (std::size_t j = 0; j < lanes; ++j) to[j] -= value[j];
    };
    const auto end = std::size_t(k);
    add(L.alive(), b);
    subtract(L.alive() + end, b);
    add(L.retired() + end, b);
    add(L.device_embodied(), b + 7 * J);
    add(L.grid_kwh_partial(r), b + 2 * J);
    add(L.delivering_partial(r), b + 5 * J);
    if (k > 0) {
        add(L.grid_kwh(r) + 1, b + 1 * J);
        subtract(L.grid_kwh(r) + end, b + 1 * J);
        add(L.grid_kwh_partial(r) + end, b + 3 * J);
        add(L.delivering(r) + 1, b + 4 * J);
        subtract(L.delivering(r) + end, b + 4 * J);
        add(L.delivering_partial(r) + end, b + 6 * J);
    }
}

// Every bin, in order. No shortcut for an empty bin: a bin of signed (noise)
// weights can sum to 0 in its count and not in its other values.
[[gnu::always_inline]] inline void spread_bins(const DeviceBins& B, const double* bins, std::size_t columns,
                                               const TallyLayout& L, double* t, std::size_t lanes) {
    for (int r = 0; r < B.regions; ++r)
        for (int k = 0; k <= B.ages; ++k)
            spread_bin(r, k, bins + (std::size_t(r) * (std::size_t(B.ages) + 1) + std::size_t(k)) * DeviceBins::width * columns,
                       columns, L, t, lanes);
}
}  // namespace

void add_bins_to_tally(const DeviceBins& B, const double* bins, const TallyLayout& L, double* t, int column,
                       int columns) {
    spread_bins(B, bins + column, std::size_t(columns), L, t, 1);
}

// Built for AVX2 and for the baseline instruction set (chosen at load time):
// additions and subtractions only, the same bits in both (no FMA).
__attribute__((target_clones("avx2", "default"))) void add_bins_to_tallies(const DeviceBins& B, const double* bins,
                                                                           const TallyLayout& L, double* tallies,
                                                                           int columns) {
    spread_bins(B, bins, std::size_t(columns), L, tallies, std::size_t(columns));
}

__attribute__((target_clones("avx2", "default"))) void add_bin_to_tallies(const DeviceBins& B, std::size_t bin,
                                                                          const double* block, const TallyLayout& L,
                                                                          double* tallies, int columns) {
    const auto stride = std::size_t(B.ages) + 1;
    spread_bin(int(bin / stride), int(bin % stride), block, std::size_t(columns), L, tallies, std::size_t(columns));
}

void finish_tally(const TallyLayout& L, double* t) { finish_tallies(L, t, 1); }

// Built for AVX2 and for the baseline instruction set, like add_bins_to_tallies.
__attribute__((target_clones("avx2", "default"))) void finish_tallies(const TallyLayout& L, double* t, int columns) {
    const std::size_t n = L.stride(), J = std::size_t(columns);
    integrate(t + L.alive() * J, nullptr, n, J);
    for (int r = 0; r < L.regions; ++r) {
        integrate(t + L.grid_kwh(r) * J, t + L.grid_kwh_partial(r) * J, n, J);
        integrate(t + L.delivering(r) * J, t + L.delivering_partial(r) * J, n, J);
    }
}

}  // namespace tinyfleet::models
