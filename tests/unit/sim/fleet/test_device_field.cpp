// Tabulated inverse-CDF sampling of device distributions (sim/fleet/device_field.h)
// against the exact quantile: the CDF error bound of 1/T and the bias of the
// mean it causes, for the lifetime and power distributions of the baseline.
#include <catch2/catch.hpp>

#include <cmath>

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
