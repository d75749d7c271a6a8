// The cohort mode's fleet sum: per cohort, the mean of the class's
// representative devices scaled to the cohort plus a noise term with their
// spread.
#include <algorithm>
#include <bit>
#include <cmath>

#include "sim/fleet/fleet_evaluator.h"

namespace tinyfleet {

// Cohort mode: per cohort of N devices, N x mean + sqrt(N) x noise, where
// noise = sum_i e_i (v_i - mean) / sqrt(m - 1) over the m representative
// devices' contributions v_i with random signs e_i = +-1: a vector with
// exactly the representatives' sample covariance across (year, metric),
// close to Gaussian by the central limit theorem over m terms. A cohort of
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

    std::fill(s.mean_tally.begin(), s.mean_tally.end(), 0.0);
    for (const models::DeviceOutcome& o : s.representatives) models::tally_device(layout, s.mean_tally.data(), o, 1.0);
    models::finish_tally(layout, s.mean_tally.data());

    // Random signs of every (cohort, representative device), 32 devices per
    // word: [device / 32][cohort], so the signs of one device in every
    // cohort are one contiguous run of words (a vectorised loop below).
    const std::size_t words = (m + 31) / 32;
    for (int y = 0; y < Y; ++y) {
        DeviceKey key = d.key;
        key.cohort_tag = static_cast<std::uint32_t>(scenario_.run.first_year + y) | noise_cohort_flag;
        for (std::size_t w = 0; w < words; w += 4) {
            const std::array<std::uint32_t, 4> bits = device_bits(key, w / 4, 0);
            for (std::size_t j = 0; j < 4 && w + j < words; ++j) s.sign_words[(w + j) * std::size_t(Y) + std::size_t(y)] = bits[j];
        }
        // Sum of the signs of devices 0..m-1: 2 x (number of + signs) - m.
        int plus = 0;
        for (std::size_t w = 0; w < words; ++w) {
            const std::uint32_t used = m - w * 32 >= 32 ? ~0u : (1u << (m - w * 32)) - 1u;
            plus += std::popcount(s.sign_words[w * std::size_t(Y) + std::size_t(y)] & used);
        }
        s.sign_sums[std::size_t(y)] = 2.0 * plus - double(m);
    }
    // Noise tallies of all cohorts in one pass over the representatives:
    // value-major [bin value][cohort]. Devices are visited bin by bin (a
    // stable counting sort, so each bin still sums in device order): one
    // bin's values of all cohorts are one contiguous block that stays in L1
    // cache while its devices are added.
    const models::DeviceBins binning{Y, layout.regions};
    std::fill(s.bin_starts.begin(), s.bin_starts.end(), 0u);
    for (const models::DeviceOutcome& o : s.representatives) ++s.bin_starts[binning.index(o) + 1];
    for (std::size_t b = 1; b < s.bin_starts.size(); ++b) s.bin_starts[b] += s.bin_starts[b - 1];
    for (std::uint32_t i = 0; i < m; ++i) s.bin_order[s.bin_starts[binning.index(s.representatives[i])]++] = i;
    // Values and signs of the devices in that order; cohorts padded to a
    // multiple of 4 with weight 0.
    const std::size_t P = s.padded_cohorts;
    for (std::size_t k = 0; k < m; ++k) {
        const std::uint32_t i = s.bin_order[k];
        models::device_bin_values(s.representatives[i], s.bin_values.data() + k * models::DeviceBins::width);
        const std::uint32_t* word = s.sign_words.data() + (i / 32) * std::size_t(Y);
        const unsigned shift = i % 32;
        double* sign = s.signs.data() + k * P;
        for (int y = 0; y < Y; ++y) sign[y] = double(int((word[y] >> shift) & 1u) * 2 - 1);
    }
    std::fill(s.noise_bins.begin(), s.noise_bins.end(), 0.0);
    for (std::size_t b = 0, first = 0; b < binning.count(); ++b) {
        const std::size_t end = s.bin_starts[b];  // after the sort: end of bin b
        if (end > first)
            models::add_weighted_bin(s.noise_bins.data() + b * models::DeviceBins::width * P, int(P),
                                     s.bin_values.data() + first * models::DeviceBins::width,
                                     s.signs.data() + first * P, int(end - first));
        first = end;
    }

    for (int y = 0; y < Y; ++y) {
        const double shipped = s.shipments[std::size_t(c * Y + y)];
        if (!(shipped > 0)) continue;
        std::fill(s.tally.begin(), s.tally.end(), 0.0);
        if (shipped < 4.0 * double(m)) {
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
        models::add_bins_to_tally(binning, s.noise_bins.data(), layout, s.tally.data(), y, int(P));
        models::finish_tally(layout, s.tally.data());
        const double mean_weight = s.sign_sums[std::size_t(y)] / double(m);
        for (std::size_t i = 0; i < T; ++i) s.tally[i] -= mean_weight * s.mean_tally[i];
        models::add_cohort(layout, s.mean_tally.data(), shipped / double(m), shipped, y, calendar_layout_, calendar);
        models::add_cohort(layout, s.tally.data(), std::sqrt(shipped / double(m - 1)), 0.0, y, calendar_layout_,
                           calendar);
    }
}

}  // namespace tinyfleet
