// The cohort mode's battery pair sums (sim/fleet/battery_pairs.cpp) against
// plain loops over the pairs in long double, with the model's own
// battery_replacements per pair; and the AVX2 and baseline versions bit for bit.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "models/device/battery.h"
#include "sim/fleet/battery_pairs.h"

using namespace tinyfleet;

namespace {

struct Representatives {
    std::vector<double> e, L;  // [kWh/yr], [yr]
};

// Energy uses spread over two decades (lognormal), Weibull lifetimes.
Representatives representatives(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 bits(seed);
    auto uniform = [&] { return (double(bits() >> 11) + 0.5) * 0x1p-53; };
    Representatives r;
    for (std::size_t k = 0; k < n; ++k) {
        const double u1 = uniform(), u2 = uniform();
        const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
        r.e.push_back(0.001 * std::exp(1.1 * z));
        r.L.push_back(3.4 * std::sqrt(-std::log(uniform())));
    }
    return r;
}

BatteryPairSums plain_sums(const ClassDevices& d, const Representatives& r, std::size_t R) {
    const std::size_t n = r.e.size();
    long double g = 0, h = 0, gh = 0, hh = 0;
    for (std::size_t p = 0; p < R; ++p)
        for (std::size_t k = 0; k < n; ++k) {
            const std::size_t j = (k + p * n / R) % n;
            long double cells = 0;
            for (int b = 0; b < d.battery_count; ++b) {
                const BatteryTerms& t = d.batteries[std::size_t(b)];
                cells += (long double)t.kg_per_battery *
                         (1 + models::battery_replacements(r.e[k], r.L[j], t.usable_wh, t.cycle_life));
            }
            const long double x = (long double)r.e[k] * r.L[j];
            g += cells;
            h += x;
            gh += cells * x;
            hh += x * x;
        }
    return {double(g), double(h), double(gh), double(hh)};
}

bool same_bits(const BatteryPairSums& a, const BatteryPairSums& b) { return std::memcmp(&a, &b, sizeof a) == 0; }

ClassDevices two_batteries() {
    ClassDevices d;
    // A coin cell of 0.1 Wh usable, 1 cycle (primary): up to hundreds of
    // cells; and a 0.5 Wh rechargeable of 300 cycles: mostly one.
    d.battery_count = 2;
    d.batteries[0] = {true, 0.02, 0.1, 1.0};
    d.batteries[1] = {true, 0.15, 0.5, 300.0};
    return d;
}

}  // namespace

TEST_CASE("battery pair sums equal plain loops over the pairs", "[cohort][battery_pairs]") {
    const ClassDevices d = two_batteries();
    // The cohort mode's half net (512, 64 pairings), a size with a partial
    // group of four and uneven shifts, and a small one.
    const std::size_t sizes[3][2] = {{512, 64}, {509, 64}, {37, 5}};
    for (const auto& [n, R] : sizes) {
        const Representatives r = representatives(n, 20261206 + n);
        const BatteryPairSums want = plain_sums(d, r, R);
        const BatteryPairSums got = battery_pair_sums(d, r.e.data(), r.L.data(), n, R);
        INFO(n << " representatives, " << R << " pairings");
        // Each lane sums n R / 4 positive terms in order: a relative error of a
        // few 1e-16 times the terms' count at most.
        const double bound = 1e-16 * double(n * R) / 4;
        CHECK(std::abs(got.g - want.g) <= bound * want.g);
        CHECK(std::abs(got.h - want.h) <= bound * want.h);
        CHECK(std::abs(got.gh - want.gh) <= bound * want.gh);
        CHECK(std::abs(got.hh - want.hh) <= bound * want.hh);
        CHECK(want.g > 2 * (0.02 + 0.15) * double(n * R));  // cells are replaced: the counts matter
    }
}

TEST_CASE("battery pair sums: whole numbers of cells stay whole", "[cohort][battery_pairs]") {
    // 0.3 kWh/yr x 0.7 yr = 210 Wh, one cell's 0.21 Wh x 1000 cycles: one cell,
    // whatever the round-off of worth per year x lifetime; 1.4 yr: two.
    ClassDevices d;
    d.battery_count = 1;
    d.batteries[0] = {true, 0.5, 0.21, 1000.0};
    const double e[2] = {0.3, 0.3}, L[2] = {0.7, 1.4};
    // Pairing 0 pairs each with itself: 1 + 2 cells; pairing 1 swaps lifetimes: the same.
    const BatteryPairSums s = battery_pair_sums(d, e, L, 2, 2);
    CHECK(s.g == 0.5 * 6);
}

TEST_CASE("battery pair sums: AVX2 and baseline versions give the same bits", "[cohort][battery_pairs]") {
    ClassDevices d = two_batteries();
    for (const int batteries : {0, 1, 2}) {
        d.battery_count = batteries;
        for (const std::size_t n : {512u, 509u, 3u}) {
            const Representatives r = representatives(n, 7 + n);
            const std::size_t R = n < 64 ? n : 64;
            const BatteryPairSums best = battery_pair_sums(d, r.e.data(), r.L.data(), n, R, VectorCode::best);
            const BatteryPairSums base = battery_pair_sums(d, r.e.data(), r.L.data(), n, R, VectorCode::baseline);
            INFO(batteries << " batteries, " << n << " representatives");
            CHECK(same_bits(best, base));
            CHECK(best.h > 0);
        }
    }
}

TEST_CASE("battery pair sums: the baseline version's rounding up counts as std::ceil does", "[cohort][battery_pairs]") {
    // Worth per year of life 1 (e = 0.5 Wh x 2 cycles / 1000), 0 and 3.3 x
    // lifetimes on whole numbers and their neighbours, tiny, huge and
    // unbounded: the AVX2 version rounds up with std::ceil, the baseline one
    // by additions.
    ClassDevices d;
    d.battery_count = 1;
    d.batteries[0] = {true, 0.25, 0.5, 2.0};
    const double inf = std::numeric_limits<double>::infinity();
    const std::vector<double> L = {0.0, 1e-300, 0.5, std::nextafter(1.0, 0.0), 1.0, std::nextafter(1.0, 2.0),
                                   1.0 + 2e-12, 2.5, 0x1p52 - 0.5, 0x1p52, 0x1p53 + 2, 1e300, inf};
    const std::vector<double> e(L.size(), 0.001);
    for (const double energy : {0.001, 0.0, 0.0033}) {
        std::vector<double> uses = e;
        uses.back() = energy;
        const std::size_t n = L.size();
        const BatteryPairSums best = battery_pair_sums(d, uses.data(), L.data(), n, n, VectorCode::best);
        const BatteryPairSums base = battery_pair_sums(d, uses.data(), L.data(), n, n, VectorCode::baseline);
        INFO("last energy use " << energy);
        CHECK(same_bits(best, base));
    }
    // The counts themselves, pair by pair (one pairing, n = 1).
    for (const double life : L) {
        for (const VectorCode code : {VectorCode::best, VectorCode::baseline}) {
            const double one = 0.001;
            const BatteryPairSums s = battery_pair_sums(d, &one, &life, 1, 1, code);
            const double want = 0.25 * (1 + models::battery_replacements(one, life, 0.5, 2.0));
            INFO("lifetime " << life << ", baseline " << (code == VectorCode::baseline));
            CHECK(s.g == want);
        }
    }
}
