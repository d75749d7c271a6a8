#include "sim/engine/correlations.h"

#include <algorithm>
#include "sim/engine/boost_math_config.h"  // first: see there
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <numeric>


namespace tinyfleet {

void RankCorrelations::apply(double* u, const int* columns) const {
    const std::size_t m = parameters.size();
    double z[max_correlated_parameters];
    static const boost::math::normal standard;
    for (std::size_t k = 0; k < m; ++k) z[k] = boost::math::quantile(standard, u[columns[k]]);
    // Lower triangular: row i uses z[0..i]; walk rows from the last so each
    // z[i] is replaced only after the rows below no longer need it.
    for (std::size_t i = m; i-- > 0;) {
        double s = 0.0;
        for (std::size_t k = 0; k <= i; ++k) s += factor[i * m + k] * z[k];
        // Phi(s), kept inside (0, 1) so the quantile functions stay finite.
        const double p = 0.5 * std::erfc(-s / std::sqrt(2.0));
        u[columns[i]] = std::clamp(p, 0x1.0p-53, 1.0 - 0x1.0p-53);

    }
}

std::vector<double> symmetric_eigenvalues(std::vector<double> a, std::size_t n) {
    for (int sweep = 0; sweep < 100; ++sweep) {
        double off = 0.0;
        for (std::size_t p = 0; p < n; ++p)
            for (std::size_t q = p + 1; q < n; ++q) off += a[p * n + q] * a[p * n + q];
        if (off < 1e-30) break;
        for (std::size_t p = 0; p < n; ++p) {
            for (std::size_t q = p + 1; q < n; ++q) {
                const double apq = a[p * n + q];
                if (std::abs(apq) < 1e-300) continue;
                const double theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                const double t = (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1.0));
                const double c = 1.0 / std::sqrt(t * t + 1.0), s = t * c;
                for (std::size_t k = 0; k < n; ++k) {  // columns p, q
                    const double akp = a[k * n + p], akq = a[k * n + q];
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for (std::size_t k = 0; k < n; ++k) {  // rows p, q
                    const double apk = a[p * n + k], aqk = a[q * n + k];
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
            }
        }
    }
    std::vector<double> out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = a[i * n + i];
    std::sort(out.begin(), out.end());
    return out;
}

bool psd_cholesky(const std::vector<double>& a, std::size_t n, std::vector<double>& l) {
    l.assign(n * n, 0.0);
    constexpr double tolerance = 1e-10;
    for (std::size_t j = 0; j < n; ++j) {
        double d = a[j * n + j];
        for (std::size_t k = 0; k < j; ++k) d -= l[j * n + k] * l[j * n + k];
        if (d < -tolerance) return false;
        if (d <= tolerance) {  // zero pivot: this variable is a combination of earlier ones
            for (std::size_t i = j + 1; i < n; ++i) {
                double s = a[i * n + j];
                for (std::size_t k = 0; k < j; ++k) s -= l[i * n + k] * l[j * n + k];
                if (std::abs(s) > 1e-8) return false;
            }
            continue;
        }
        const double ljj = std::sqrt(d);
        l[j * n + j] = ljj;
        for (std::size_t i = j + 1; i < n; ++i) {
            double s = a[i * n + j];
            for (std::size_t k = 0; k < j; ++k) s -= l[i * n + k] * l[j * n + k];
            l[i * n + j] = s / ljj;
        }
    }
    return true;
}

std::vector<double> average_ranks(const std::vector<double>& x) {
    const std::size_t n = x.size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
    std::vector<double> rank(n);
    for (std::size_t i = 0; i < n;) {
        std::size_t j = i;
        while (j + 1 < n && x[order[j + 1]] == x[order[i]]) ++j;
        const double r = 0.5 * static_cast<double>(i + j) + 1.0;
        for (std::size_t k = i; k <= j; ++k) rank[order[k]] = r;
        i = j + 1;
    }
    return rank;
}

double spearman(const std::vector<double>& x, const std::vector<double>& y) {
    const std::vector<double> rx = average_ranks(x), ry = average_ranks(y);
    const double n = static_cast<double>(x.size());
    const double mean = (n + 1.0) / 2.0;
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (rx[i] - mean) * (ry[i] - mean);
        sxx += (rx[i] - mean) * (rx[i] - mean);
        syy += (ry[i] - mean) * (ry[i] - mean);
    }
    return (sxx > 0 && syy > 0) ? sxy / std::sqrt(sxx * syy) : 0.0;
}


}  // namespace tinyfleet
