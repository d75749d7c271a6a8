// The cohort mode's fleet sum: per cohort, the mean of the class's
// representative devices scaled to the cohort plus a noise term with their
// spread.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "models/use/use_phase.h"
#include "sim/fleet/fleet_evaluator.h"

namespace tinyfleet {

namespace {
// sums[y] += the sum of the noise signs (+1 or -1) of devices 0..m-1 in
// cohort y: 2 x (number of + signs) - m, from the sign words
// [device / 32][cohort]. Built with and without the popcnt instruction
// (chosen at load time): integers, the same either way.
__attribute__((target_clones("popcnt", "default"))) void sign_sums(const std::uint32_t* words, int cohorts,
                                                                   std::size_t m, double* sums) {
    const auto Y = std::size_t(cohorts);
    for (std::size_t y = 0; y < Y; ++y) {
        std::uint64_t plus = 0;
        for (std::size_t w = 0; w * 32 < m; ++w) {
            const std::uint32_t used = m - w * 32 >= 32 ? ~0u : (1u << (m - w * 32)) - 1u;
            plus += std::uint64_t(std::popcount(words[w * Y + y] & used));
        }
        sums[y] += 2.0 * double(plus) - double(m);
    }
}
}  // namespace

// The mean term: the average device's tally. Region shares and the delivery
// share are the class's exact probabilities; the lifetime and battery terms
// and the mean grid energy are moments of the representatives, whose
// scrambled net makes them accurate (models::expected_device_bins). Built
// three times: from the whole net (the term itself) and from each half
// (points 0..m/2-1 and m/2..m-1, each a scrambled net of its own), whose
// difference estimates the term's error (mean_term_errors).
void FleetEvaluator::mean_term_tallies(int c, Scratch& s) const {
    const ClassDevices& d = s.devices[std::size_t(c)];
    const models::DeviceMoments M{year_count()};
    const std::size_t m = s.representatives.size(), half = m / 2, T = tally_layout_.size();
    double* a = s.moment_sums.data();
    double* b = a + M.size();
    double* whole = b + M.size();
    std::fill(s.moment_sums.begin(), s.moment_sums.end(), 0.0);
    models::add_device_moments(M, a, s.representatives.data(), half);
    models::add_device_moments(M, b, s.representatives.data() + half, m - half);
    paired_battery_moments(c, s);
    for (std::size_t k = 0; k < M.size(); ++k) whole[k] = a[k] + b[k];
    std::fill(s.region_weights.begin(), s.region_weights.end(), 0.0);
    for (int r = 0; r < d.region_count; ++r) s.region_weights[std::size_t(r)] = region_probability(d, r);

    // The mean grid energy from the fields' means (models/use/use_phase.h);
    // the representatives' average where a mean is not finite.
    double energy = models::use_phase_grid_energy_kwh(
        models::use_phase_device_energy_kwh(d.active_w.mean(), d.sleep_w.mean(), d.duty_cycle.mean(), d.hours_per_year),
        d.charging_efficiency);
    if (!std::isfinite(energy)) energy = whole[M.grid_kwh_per_year()] / double(m);

    const models::DeviceBins binning{year_count(), tally_layout_.regions};
    const double* sums[3] = {whole, a, b};
    const double devices[3] = {double(m), double(half), double(m - half)};
    for (int t = 0; t < 3; ++t) {
        double* tally = s.expected_tallies.data() + std::size_t(t) * T;
        models::expected_device_bins(binning, M, sums[t], devices[t], s.region_weights.data(),
                                     delivery_probability(d), energy, s.expected_bins.data());
        std::fill(tally, tally + T, 0.0);
        models::add_bins_to_tally(binning, s.expected_bins.data(), tally_layout_, tally);
        models::finish_tally(tally_layout_, tally);
    }
}

// Relative error estimates of the mean term for class c (after its metrics
// are in s.class_out): per quantity, half the difference between the two
// halves' mean terms over the window, |X_a - X_b| / 2, relative to the
// class's total |X|. For two independent half-size estimates that is the
// standard error of their average; the halves of one scrambled net are
// usually negatively correlated, so the whole net's error is smaller: the
// estimate errs on the safe side (docs/model.md measures it).
void FleetEvaluator::mean_term_errors(int c, Scratch& s, double* out) const {
    const int Y = year_count();
    const std::size_t K = calendar_layout_.size();
    double totals[2][mean_term_quantity_count] = {};
    for (int h = 0; h < 2; ++h) {
        models::class_year_metrics(calendar_layout_, s.half_calendars.data() + std::size_t(h) * K,
                                   s.class_grid.data(), s.constants[std::size_t(c)], s.half_class_out.data());
        for (int q = 0; q < mean_term_quantity_count; ++q)
            for (int y = 0; y < Y; ++y)
                totals[h][q] += s.half_class_out[std::size_t(mean_term_quantities[q]) * Y + y];
    }
    for (int q = 0; q < mean_term_quantity_count; ++q) {
        double whole = 0.0;
        for (int y = 0; y < Y; ++y) whole += s.class_out[std::size_t(mean_term_quantities[q]) * Y + y];
        const double spread = std::abs(totals[0][q] - totals[1][q]) / 2;
        out[q] = whole != 0.0 ? spread / std::abs(whole) : 0.0;
    }
}

// Cohort mode: per cohort of N devices, N x mean + sqrt(N) x noise, where
// noise = sum_i e_i (v_i - vbar) / sqrt(m - 1) over the m representative
// devices' contributions v_i (sample mean vbar) with random signs e_i = +-1:
// a vector with exactly the representatives' sample covariance across
// (year, metric), close to Gaussian by the central limit theorem over m
// terms. The mean is the average device of mean_term_tallies. A cohort of
// fewer than 4m devices is simulated device by device instead (which is
// cheaper, and keeps every count non-negative: see docs/model.md).
void FleetEvaluator::sum_cohorts(int c, Scratch& s) const {
    const int Y = year_count();
    const std::size_t T = tally_layout_.size(), K = calendar_layout_.size();
    const models::TallyLayout layout = tally_layout_;
    double* calendar = s.calendars.data() + std::size_t(c) * K;
    std::fill(calendar, calendar + K, 0.0);
    const ClassDevices& d = s.devices[std::size_t(c)];
    const auto m = static_cast<std::uint64_t>(s.representatives.size());

    std::fill(s.half_calendars.begin(), s.half_calendars.end(), 0.0);
    mean_term_tallies(c, s);

    // Random signs of every (cohort, representative device), 32 devices per
    // word: [device / 32][cohort], so the signs of one device in every
    // cohort are one contiguous run of words.
    // Word w of a cohort is word w % 4 of its Philox device w / 4, made 16
    // devices (64 words) at a time by the batched Philox.
    const std::size_t words = (m + 31) / 32;
    for (int y = 0; y < Y; ++y) {
        DeviceKey key = d.key;
        key.cohort_tag = static_cast<std::uint32_t>(scenario_.run.first_year + y) | noise_cohort_flag;
        for (std::size_t w0 = 0; w0 < words; w0 += 4 * device_batch) {
            std::uint32_t batch[4 * device_batch];
            device_words_batch(key, w0 / 4, 0, batch);
            for (std::size_t w = w0; w < std::min(words, w0 + 4 * device_batch); ++w)
                s.sign_words[w * std::size_t(Y) + std::size_t(y)] = batch[w - w0];
        }
    }
    // The weight of the representatives' mean in each cohort's noise sum:
    // the sum of its signs over m.
    const std::size_t P = s.padded_cohorts;  // cohorts padded to a multiple of 4: the padding's sums are never read
    std::fill(s.sign_sums.begin(), s.sign_sums.end(), 0.0);
    sign_sums(s.sign_words.data(), Y, m, s.sign_sums.data());
    for (int y = 0; y < Y; ++y) s.sign_sums[std::size_t(y)] /= double(m);
    // Noise sums of all cohorts in one pass over the representatives,
    // visited bin by bin (a stable counting sort, so each bin still sums in
    // device order): one bin's values of all cohorts are one contiguous
    // block, value-major [bin value][cohort], that stays in L1 cache while
    // its devices are added.
    const models::DeviceBins binning{Y, layout.regions};
    constexpr int V = models::DeviceBins::width;
    std::fill(s.bin_starts.begin(), s.bin_starts.end(), 0u);
    for (std::size_t i = 0; i < m; ++i) {
        const std::size_t b = binning.index(s.representatives[i]);
        models::device_bin_values(s.representatives[i], s.bin_values.data() + i * V);
        ++s.bin_starts[b + 1];
        s.bin_of_device[i] = std::uint32_t(b);
    }
    for (std::size_t b = 1; b < s.bin_starts.size(); ++b) s.bin_starts[b] += s.bin_starts[b - 1];
    for (std::uint32_t i = 0; i < m; ++i) s.bin_order[s.bin_starts[s.bin_of_device[i]]++] = i;
    models::device_sign_masks(s.sign_words.data(), Y, m, s.sign_masks.data());
    // Every cohort's noise tally at once, [tally value][padded cohort], bin
    // by bin while the bin is in L1 cache; a bin without devices adds only
    // zeros and is skipped.
    std::memset(s.noise_tallies.data(), 0, s.noise_tallies.size() * sizeof(double));  // +0.0
    for (std::size_t b = 0, first = 0; b < binning.count(); ++b) {
        const std::size_t end = s.bin_starts[b];  // after the sort: end of bin b
        if (end == first) continue;
        models::add_signed_bin(s.noise_bin.data(), int(P), s.bin_values.data(), s.sign_masks.data(),
                               s.bin_order.data() + first, int(end - first), s.sign_sums.data());
        models::add_bin_to_tallies(binning, b, s.noise_bin.data(), layout, s.noise_tallies.data(), int(P));
        first = end;
    }
    models::finish_tallies(layout, s.noise_tallies.data(), int(P));

    for (int y = 0; y < Y; ++y) {
        const double shipped = s.shipments[std::size_t(c * Y + y)];
        if (!(shipped > 0)) continue;
        if (shipped < 4.0 * double(m)) {
            std::fill(s.tally.begin(), s.tally.end(), 0.0);
            DeviceKey key = d.key;
            key.cohort_tag = static_cast<std::uint32_t>(scenario_.run.first_year + y);
            const std::uint64_t n = whole_devices(shipped, c, y);
            for (std::uint64_t i = 0; i < n; i += device_batch)
                simulate_device_batch(d, key, i, static_cast<int>(std::min<std::uint64_t>(device_batch, n - i)), Y - y,
                                      [&](int, const models::DeviceOutcome& o) {
                                          models::tally_device(layout, s.tally.data(), o, 1.0);
                                      });
            models::finish_tally(layout, s.tally.data());
            models::add_cohort(layout, s.tally.data(), 1.0, double(n), y, calendar_layout_, calendar);
            continue;
        }
        const double* expected = s.expected_tallies.data();
        models::add_cohort(layout, expected, shipped, shipped, y, calendar_layout_, calendar);
        for (int h = 0; h < 2; ++h)
            models::add_cohort(layout, expected + std::size_t(h + 1) * T, shipped, shipped, y, calendar_layout_,
                               s.half_calendars.data() + std::size_t(h) * K);
        models::add_cohort(layout, s.noise_tallies.data() + y, std::sqrt(shipped / double(m - 1)), 0.0, y,
                           calendar_layout_, calendar, P);
    }
}

}  // namespace tinyfleet
