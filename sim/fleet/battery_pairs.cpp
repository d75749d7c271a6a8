// The cohort mode's battery pairs: each representative's energy use paired
// with other representatives' lifetimes, and the control variate that
// corrects the battery embodied term with them.
#include "sim/fleet/battery_pairs.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "models/device/battery.h"
#include "models/use/use_phase.h"
#include "sim/fleet/fleet_evaluator.h"

// The pair loops are compiled twice, for AVX2 and for baseline x86-64
// (SSE2), and the processor's best is used. Both perform the same IEEE
// operations in the same order (no FMA: neither target has it), so they give
// the same bits (tests/unit/sim/fleet/test_battery_pairs.cpp runs both).
// This file is compiled with -fno-trapping-math (CMakeLists.txt), so that
// GCC vectorizes the battery count's clamp as a select, not a branch.
#if defined(__x86_64__)
#define TINYFLEET_PAIRS_AVX2 __attribute__((target("avx2")))
#else
#define TINYFLEET_PAIRS_AVX2
#endif

namespace tinyfleet {

namespace {
// Four doubles as one vector (GCC vector extension: one AVX register in the
// AVX2 version, two SSE2 registers in the baseline one): four lanes of a sum.
typedef double Lanes __attribute__((vector_size(32)));

// What the pair loop reads, laid out so that pairing r's pairs are
// consecutive: the pair (k, k + shift mod n) is e[k], worth[b][k],
// L[k + shift] for k < n.
struct PairInputs {
    const double* e;      // [kWh/yr] energy use of representative k, k < n
    const double* L;      // [yr] lifetime of representative j mod n, j < 2n (the lifetimes twice over)
    const double* worth;  // [1/yr] worth[b * n + k]: battery b's models::batteries_worth_per_year of e[k]
    std::size_t n;
};

// ceil(y) for 0 < y < 2^52: y + 2^52 rounds to a whole number (doubles
// there are 1 apart), and where that rounded down, one more. Elsewhere y
// itself: above 2^52 it is whole, inf and NaN stay, and for y <= 0 it is a
// value <= 0 like ceil(y), which models::battery_replacements_from_cells
// turns into the same count (no replacement). Additions, comparisons and
// selects only: SSE2 has no rounding instruction, and GCC expands std::ceil
// for it as scalar code, which keeps the baseline version's battery loop
// scalar (its clamp a branch).
[[gnu::always_inline]] inline double ceil_by_addition(double y) {
    constexpr double two_52 = 0x1p52;
    const double nearest = (y + two_52) - two_52;
    const double up = nearest < y ? nearest + 1.0 : nearest;
    return y > 0.0 && y < two_52 ? up : y;
}

// g of `len` consecutive pairs of one pairing, from pair `first` on, in g[]:
// branch-free loops over the pairs (vector instructions), battery by
// battery, by models::battery_replacements_for_worth's steps, rounded up by
// std::ceil (AVX2: one instruction) or ceil_by_addition (baseline). Only the
// product worth x L and the count depend on the pairing; the division by the
// battery's energy is in `worth`, once per representative. The first
// battery's loop sets g, the others add to it.
template <bool ceil_by_additions>
[[gnu::always_inline]] inline void pair_embodied(const ClassDevices& d, const PairInputs& in, std::size_t first,
                                                 std::size_t shift, std::size_t len, double* g) {
    const double* L = in.L + first + shift;
    if (d.battery_count == 0) std::fill(g, g + len, 0.0);
    for (int b = 0; b < d.battery_count; ++b) {
        const double kg = d.batteries[std::size_t(b)].kg_per_battery;
        const double* worth = in.worth + std::size_t(b) * in.n + first;
        auto embodied = [kg](double batteries_worth) {
            const double cells = models::battery_cells_before_rounding(batteries_worth);
            const double whole = ceil_by_additions ? ceil_by_addition(cells) : std::ceil(cells);
            return models::battery_lifetime_embodied_kg(kg, models::battery_replacements_from_cells(whole));
        };
        if (b == 0) {
            for (std::size_t t = 0; t < len; ++t) g[t] = embodied(worth[t] * L[t]);
        } else {
            for (std::size_t t = 0; t < len; ++t) g[t] += embodied(worth[t] * L[t]);
        }
    }
}

// Eight lanes of each of the four sums, two vectors: pair k of every pairing
// goes to lane k mod 8 (vector (k mod 8) / 4, element k mod 4).
struct LaneSums {
    Lanes g[2]{}, h[2]{}, gh[2]{}, hh[2]{};

    [[gnu::always_inline]] void add(int v, const Lanes& gv, const Lanes& xv) {
        g[v] += gv;
        h[v] += xv;
        gh[v] += gv * xv;
        hh[v] += xv * xv;
    }
    // The lanes in a fixed order: the two vectors, then (0 + 1) + (2 + 3).
    static double total(const Lanes* lanes) {
        const Lanes v = lanes[0] + lanes[1];
        return (v[0] + v[1]) + (v[2] + v[3]);
    }
};

// The four sums over every pairing r < R, in eight lanes: the additions of a
// lane depend on each other, the lanes and sums do not, so the loop is bound
// by the processor's throughput, not by an addition's latency per pair.
template <bool ceil_by_additions>
[[gnu::always_inline]] inline BatteryPairSums pair_sums(const ClassDevices& d, const PairInputs& in,
                                                        std::size_t R) {
    constexpr std::size_t chunk = 256;  // a multiple of 8: a chunk's pair t is in lane t mod 8
    alignas(32) double g[chunk];
    LaneSums sums;
    const std::size_t n = in.n;
    for (std::size_t r = 0; r < R; ++r) {
        const std::size_t shift = r * n / R;
        for (std::size_t first = 0; first < n; first += chunk) {
            const std::size_t len = std::min(chunk, n - first), whole = len - len % 8;
            pair_embodied<ceil_by_additions>(d, in, first, shift, len, g);
            // h = e x L here, from the inputs: a load is cheaper than a store and its load.
            const double* e = in.e + first;
            const double* L = in.L + first + shift;
            for (std::size_t t = 0; t < whole; t += 8)
                for (int v = 0; v < 2; ++v) {
                    Lanes gv, ev, Lv;
                    std::memcpy(&gv, g + t + 4 * v, sizeof gv);
                    std::memcpy(&ev, e + t + 4 * v, sizeof ev);
                    std::memcpy(&Lv, L + t + 4 * v, sizeof Lv);
                    sums.add(v, gv, ev * Lv);
                }
            for (std::size_t t = whole; t < len; ++t) {
                const double x = e[t] * L[t];
                const std::size_t v = t % 8 / 4, lane = t % 4;
                sums.g[v][lane] += g[t];
                sums.h[v][lane] += x;
                sums.gh[v][lane] += g[t] * x;
                sums.hh[v][lane] += x * x;
            }
        }
    }
    return {LaneSums::total(sums.g), LaneSums::total(sums.h), LaneSums::total(sums.gh), LaneSums::total(sums.hh)};
}

BatteryPairSums pair_sums_baseline(const ClassDevices& d, const PairInputs& in, std::size_t R) {
    return pair_sums<true>(d, in, R);
}
TINYFLEET_PAIRS_AVX2 BatteryPairSums pair_sums_avx2(const ClassDevices& d, const PairInputs& in, std::size_t R) {
    return pair_sums<false>(d, in, R);
}
}  // namespace

BatteryPairSums battery_pair_sums(const ClassDevices& d, const double* e, const double* L, std::size_t n,
                                  std::size_t R, VectorCode code) {
    // Per thread, reused: the class's worths and the doubled lifetimes.
    thread_local std::vector<double> worth, lifetimes;
    worth.resize(std::size_t(d.battery_count) * n);
    lifetimes.resize(2 * n);
    for (int b = 0; b < d.battery_count; ++b) {
        const BatteryTerms terms = d.batteries[std::size_t(b)];
        for (std::size_t k = 0; k < n; ++k)
            worth[std::size_t(b) * n + k] = models::batteries_worth_per_year(e[k], terms.usable_wh, terms.cycle_life);
    }
    std::copy(L, L + n, lifetimes.begin());
    std::copy(L, L + n, lifetimes.begin() + std::ptrdiff_t(n));
    const PairInputs in{e, lifetimes.data(), worth.data(), n};
    if (code != VectorCode::baseline && processor_has_avx2()) return pair_sums_avx2(d, in, R);
    return pair_sums_baseline(d, in, R);
}

// Embodied emissions of batteries bought device by device are a step
// function of energy use x lifetime, which the net's points integrate far
// less accurately than the smooth terms: energy use has a long upper tail
// (lognormal power), whose top cell alone moves the mean. Two remedies, for
// each half of the net (n representatives):
// - pairing: energy use and lifetime are independent, so each energy use is
//   paired with R = battery_pairings lifetimes, of representatives
//   i + r n/R (mod n), r = 0..R-1 (r = 0: itself);
// - a control variate: the batteries a device buys grow like its lifetime
//   energy h = energy use x lifetime, whose mean E[energy use] E[lifetime] is
//   known exactly (the fields' means), so the pairs' mean embodied is
//   corrected by beta (E[h] - mean h), beta the pairs' regression slope.
// The half's battery moments by retirement age are then scaled to the
// corrected mean (the tally keeps one embodied number per cohort, so only
// their sum matters). 64 pairings bring the term's error under the device
// spread of 10^5-device cohorts (docs/model.md).
constexpr std::size_t battery_pairings = 64;

void FleetEvaluator::paired_battery_moments(int c, Scratch& s) const {
    const ClassDevices& d = s.devices[std::size_t(c)];
    const bool energy_varies = d.active_w.varies() || d.sleep_w.varies() || d.duty_cycle.varies();
    if (d.battery_count == 0 || !energy_varies) return;
    const models::DeviceMoments M{year_count()};
    const std::size_t m = s.representatives.size(), half = m / 2;
    // The representatives' energy use and lifetime: s.device_kwh, s.lifetimes (draw_representatives).
    const double mean_h = models::use_phase_device_energy_kwh(d.active_w.mean(), d.sleep_w.mean(),
                                                              d.duty_cycle.mean(), d.hours_per_year) *
                          d.lifetime_years.mean();
    auto pairings_of = [&](std::size_t n) { return d.lifetime_years.varies() ? std::min(battery_pairings, n) : 1; };
    const std::size_t first[2] = {0, half}, count[2] = {half, m - half};
    for (int h = 0; h < 2; ++h) {
        const std::size_t n = count[h], R = pairings_of(n);
        const BatteryPairSums sum =
            battery_pair_sums(d, s.device_kwh.data() + first[h], s.lifetimes.data() + first[h], n, R);
        const double pairs = double(n * R);
        const double var_h = sum.hh - sum.h * sum.h / pairs, cov = sum.gh - sum.g * sum.h / pairs;
        double* embodied = s.moment_sums.data() + std::size_t(h) * M.size() + M.embodied();
        double unpaired = 0.0;
        for (std::size_t k = 0; k < M.stride(); ++k) unpaired += embodied[k];
        double mean_g = sum.g / pairs;
        if (var_h > 0 && std::isfinite(mean_h)) mean_g += cov / var_h * (mean_h - sum.h / pairs);
        if (!(unpaired > 0) || !std::isfinite(mean_g)) continue;
        const double factor = std::max(0.0, mean_g) * double(n) / unpaired;
        for (std::size_t k = 0; k < M.stride(); ++k) embodied[k] *= factor;
    }
}

}  // namespace tinyfleet
