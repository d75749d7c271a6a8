// Tabulated inverse-CDF sampling of device distributions (sim/fleet/device_field.h)
// against the exact quantile: the CDF error bound of 1/T and the bias of the
// mean it causes, for the lifetime and power distributions of the baseline;
// and the AVX2 table lookup (QuantileTable::many_avx2) against the baseline one, bit for bit.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "sim/fleet/device_field.h"

using namespace tinyfleet;

TEST_CASE("tabulated quantiles stay within 1/4096 in CDF and bias the mean by < 2e-4", "[distribution]") {
    const Distribution cases[] = {make_weibull(2.0, 3.385), make_weibull(1.0, 3.0), make_weibull(1.5, 4.43),
                                  make_lognormal_median_gsd(0.001, 2.0), make_lognormal_median_gsd(100.0, 3.0),
                                  make_uniform(0.02, 0.2)};
    for (const Distribution& d : cases) {
        INFO(to_string(d.kind()) << "(" << d.param(0) << ", " << d.param(1) << ")");
        const QuantileTable table(d);
        // Midpoint rule over u in (0, 1): the mean of the tabulated draws vs
        // the mean of exact draws on the same points.
        const int n = 1 << 20;
        double worst_cdf = 0, sum_table = 0, sum_exact = 0;
        for (int i = 0; i < n; ++i) {
            const double u = (i + 0.5) / n;
            const double x = table(u);
            worst_cdf = std::max(worst_cdf, std::abs(d.cdf(x) - u));
            sum_table += x;
            sum_exact += d.quantile(u);
        }
        const double bias = std::abs(sum_table - sum_exact) / std::abs(sum_exact);
        INFO("max |F(table(u)) - u| = " << worst_cdf << ", relative bias of the mean = " << bias);
        CHECK(worst_cdf <= 1.0 / quantile_table_cells + 1e-12);
        CHECK(bias < 2e-4);
        WARN("measured: " << to_string(d.kind()) << " max CDF error " << worst_cdf << ", mean bias " << bias);
    }
}

#if defined(__x86_64__)
TEST_CASE("AVX2 quantile-table draws equal the baseline ones bit for bit", "[distribution][batch]") {
    if (!__builtin_cpu_supports("avx2")) {
        WARN("no AVX2 on this processor: QuantileTable::many_avx2 not run");
        return;
    }
    // Every cell's ends and middle, the doubles next to the ends (where the
    // cell index changes), the outer cells (the exact quantile) and the
    // extremes of the uniforms' range, four draws of different cells per call.
    std::vector<double> u;
    for (int i = 0; i <= quantile_table_cells; ++i) {
        const double edge = double(i) / quantile_table_cells;
        for (double v : {std::nextafter(edge, 0.0), edge, std::nextafter(edge, 1.0), (i + 0.5) / quantile_table_cells})
            if (v > 0.0 && v < 1.0) u.push_back(v);
    }
    u.push_back(0x1.0p-33);
    u.push_back(1.0 - 0x1.0p-33);
    while (u.size() % 4 != 0) u.push_back(0.5);
    // Shuffled (a fixed permutation), so a vector's four draws sit in
    // different cells and a swap of two lanes would show.
    for (std::size_t k = 0; k < u.size(); ++k) std::swap(u[k], u[(k * 7919) % u.size()]);
    for (const Distribution& d : {make_weibull(2.0, 3.385), make_lognormal_median_gsd(0.001, 2.0), make_uniform(0.02, 0.2)}) {
        INFO(to_string(d.kind()) << "(" << d.param(0) << ", " << d.param(1) << ")");
        const QuantileTable table(d);
        std::vector<double> avx2(u.size()), baseline(u.size());
        for (std::size_t j = 0; j < u.size(); j += 16) {
            const int count = static_cast<int>(std::min<std::size_t>(16, u.size() - j));
            table.many_avx2(u.data() + j, avx2.data() + j, count);
            table.many(u.data() + j, baseline.data() + j, count);
        }
        int mismatches = 0;
        for (std::size_t j = 0; j < u.size(); ++j) {
            const double one = table(u[j]);
            mismatches += std::memcmp(&avx2[j], &one, sizeof one) != 0;
            mismatches += std::memcmp(&baseline[j], &one, sizeof one) != 0;
        }
        CHECK(mismatches == 0);
    }
}
#endif
