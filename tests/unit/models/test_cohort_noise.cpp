// The cohort mode's noise-sum kernels (models/fleet/cohort_tally.h) against
// plain loops written from their definitions: the signs rearranged device
// by device, the signed bin sums of many sign sets at once (and their AVX2
// and baseline versions, bit for bit), and the tallies finished column by
// column at once.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "models/fleet/cohort_tally.h"

using namespace tinyfleet::models;

namespace {
// A double in [-scale, scale) from 53 random bits.
double random_value(std::mt19937_64& random, double scale) {
    return (double(random() >> 11) * 0x1p-53 * 2.0 - 1.0) * scale;
}
}  // namespace

TEST_CASE("noise signs device by device: bit j of device i is bit i % 32 of its cohort's word",
          "[models][cohort]") {
    std::mt19937_64 random(21);
    for (const int cohorts : {1, 5, 16, 21, 40}) {
        for (const std::size_t m : {std::size_t(1), std::size_t(31), std::size_t(32), std::size_t(33), std::size_t(1000)}) {
            std::vector<std::uint32_t> words((m + 31) / 32 * std::size_t(cohorts));
            for (auto& w : words) w = std::uint32_t(random());
            const std::size_t W = sign_words_per_device(cohorts);
            CHECK(W == std::size_t(cohorts + 15) / 16);
            std::vector<std::uint16_t> out(m * W, 0xFFFF);  // every bit written, padding bits 0
            device_sign_masks(words.data(), cohorts, m, out.data());
            for (std::size_t i = 0; i < m; ++i)
                for (std::size_t j = 0; j < 16 * W; ++j) {
                    const int expected =
                        j < std::size_t(cohorts) ? int((words[(i / 32) * std::size_t(cohorts) + j] >> (i % 32)) & 1u) : 0;
                    INFO("cohorts " << cohorts << ", m " << m << ", device " << i << ", cohort " << j);
                    REQUIRE(int((out[i * W + j / 16] >> (j % 16)) & 1u) == expected);
                }
        }
    }
}

TEST_CASE("signed bin sums: every set's centred signed sum, and the same bits from the AVX2 and baseline code",
          "[models][cohort]") {
    constexpr int V = DeviceBins::width;
    std::mt19937_64 random(2112);
    const std::size_t pool = 400;
    std::vector<double> values(pool * V);
    for (std::size_t i = 0; i < pool; ++i) {
        values[i * V] = 1.0;  // the device count: its signed sums are integers, exact
        for (int v = 1; v < V; ++v) values[i * V + std::size_t(v)] = random_value(random, std::pow(10.0, v % 4 - 1));
    }
    for (const int columns : {4, 16, 20, 36}) {
        const std::size_t W = sign_words_per_device(columns);
        std::vector<std::uint16_t> signs(pool * W);
        for (auto& s : signs) s = std::uint16_t(random());
        std::vector<double> centre(static_cast<std::size_t>(columns));  // a mean's weight per set, as the signs' sum / m
        for (auto& w : centre) w = double(int(random() % 65) - 32) / 1024.0;
        centre[0] = 0.0;  // set 0 uncentred: its device count is an integer, exact
        for (const int n : {0, 1, 3, 4, 5, 17, 63, 64, 65, 130, 300}) {
            std::vector<std::uint32_t> devices(static_cast<std::size_t>(n));  // a bin: any devices, in any order
            for (auto& k : devices) k = std::uint32_t(random() % pool);
            const std::size_t size = std::size_t(V) * std::size_t(columns);
            std::vector<double> best(size, -7.0), baseline(size, 7.0);  // overwritten
            add_signed_bin(best.data(), columns, values.data(), signs.data(), devices.data(), n, centre.data());
            add_signed_bin(baseline.data(), columns, values.data(), signs.data(), devices.data(), n, centre.data(),
                           true);
            for (int j = 0; j < columns; ++j)
                for (int v = 0; v < V; ++v) {
                    double sum = 0.0, plain = 0.0, magnitude = 0.0;
                    for (const std::uint32_t k : devices) {
                        const bool plus = (signs[k * W + std::size_t(j) / 16] >> (j % 16)) & 1u;
                        const double x = values[k * V + std::size_t(v)];
                        sum += plus ? x : -x;
                        plain += x;
                        magnitude += std::abs(x);
                    }
                    sum -= centre[std::size_t(j)] * plain;
                    const std::size_t e = std::size_t(v) * std::size_t(columns) + std::size_t(j);
                    INFO("columns " << columns << ", n " << n << ", set " << j << ", value " << v);
                    if (v == 0 && j == 0)
                        CHECK(best[e] == sum);
                    else
                        CHECK(std::abs(best[e] - sum) <= 1e-15 * double(n) * magnitude);
                    CHECK(std::memcmp(&best[e], &baseline[e], sizeof(double)) == 0);
                }
        }
    }
}

TEST_CASE("tallies finished column by column at once: the same bits as one column alone", "[models][cohort]") {
    const TallyLayout layout{7, 3};
    const int columns = 21;  // more than one block of running sums
    std::mt19937_64 random(5);
    std::vector<double> all(layout.size() * std::size_t(columns));
    for (auto& x : all) x = random_value(random, 100.0);
    std::vector<std::vector<double>> alone(std::size_t(columns), std::vector<double>(layout.size()));
    for (std::size_t i = 0; i < layout.size(); ++i)
        for (std::size_t j = 0; j < std::size_t(columns); ++j) alone[j][i] = all[i * std::size_t(columns) + j];
    finish_tallies(layout, all.data(), columns);
    for (std::size_t j = 0; j < std::size_t(columns); ++j) {
        std::vector<double> reference = alone[j];
        finish_tally(layout, alone[j].data());
        CHECK(alone[j] != reference);  // finishing changed the column
        for (std::size_t i = 0; i < layout.size(); ++i) CHECK(all[i * std::size_t(columns) + j] == alone[j][i]);
    }
    // One column alone against the definition: a running sum of the differences plus the points.
    const TallyLayout one{3, 1};
    std::vector<double> t(one.size());
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = double(i + 1);
    std::vector<double> expected = t;
    double running = 0.0;
    for (std::size_t k = 0; k < one.stride(); ++k) {
        running += t[one.grid_kwh(0) + k];
        expected[one.grid_kwh(0) + k] = running + t[one.grid_kwh_partial(0) + k];
    }
    finish_tally(one, t.data());
    for (std::size_t k = 0; k < one.stride(); ++k) CHECK(t[one.grid_kwh(0) + k] == expected[one.grid_kwh(0) + k]);
}

TEST_CASE("one bin at a time into the tallies: the same bits as every bin at once", "[models][cohort]") {
    const int Y = 5, regions = 2, columns = 8;
    const TallyLayout layout{Y, regions};
    const DeviceBins binning{Y, regions};
    std::mt19937_64 random(8);
    std::vector<double> bins(binning.size() * columns);
    for (auto& x : bins) x = random_value(random, 10.0);
    std::vector<double> at_once(layout.size() * columns, 0.0), by_bin = at_once;
    add_bins_to_tallies(binning, bins.data(), layout, at_once.data(), columns);
    const std::size_t block = std::size_t(DeviceBins::width) * columns;
    for (std::size_t b = 0; b < binning.count(); ++b)
        add_bin_to_tallies(binning, b, bins.data() + b * block, layout, by_bin.data(), columns);
    CHECK(by_bin == at_once);
    // A bin alone adds to its own region's arrays only: region 1, age 3.
    std::vector<double> one(layout.size() * columns, 0.0);
    const std::size_t bin = 1 * std::size_t(Y + 1) + 3;
    add_bin_to_tallies(binning, bin, bins.data() + bin * block, layout, one.data(), columns);
    for (std::size_t j = 0; j < std::size_t(columns); ++j) {
        CHECK(one[(layout.retired() + 3) * columns + j] == bins[bin * block + j]);  // its count retires at age 3
        CHECK(one[layout.grid_kwh(0) * columns + j] == 0.0);
        CHECK(one[(layout.grid_kwh(1) + 1) * columns + j] == bins[bin * block + columns + j]);  // energy from age 1
    }
}
