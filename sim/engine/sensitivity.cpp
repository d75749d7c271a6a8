#include "sim/engine/sensitivity.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "sim/engine/correlations.h"
#include "sim/engine/random_stream.h"
#include "sim/engine/saltelli_design.h"
#include "sim/engine/sensitivity_bootstrap.h"

namespace tinyfleet {

namespace {

constexpr std::uint64_t morris_tag = stream_id("sensitivity:morris");

}  // namespace

void sobol_estimate(const double* y, std::size_t N, std::size_t D, const std::size_t* pick, SobolIndices& e) {
    const double* a = y;
    const double* b = y + N;
    double sum = 0.0;
    for (std::size_t k = 0; k < N; ++k) sum += a[pick[k]] + b[pick[k]];
    const double mean = sum / double(2 * N);
    double ss = 0.0;
    for (std::size_t k = 0; k < N; ++k) {
        const double da = a[pick[k]] - mean, db = b[pick[k]] - mean;
        ss += da * da + db * db;
    }
    const double variance = ss / double(2 * N - 1);
    e.mean = mean;
    e.variance = variance;
    e.first.assign(D, 0.0);
    e.total.assign(D, 0.0);
    for (std::size_t i = 0; i < D; ++i) {
        const double* ab = y + (2 + i) * N;
        double s1 = 0.0, st = 0.0;
        for (std::size_t k = 0; k < N; ++k) {
            const std::size_t j = pick[k];
            s1 += b[j] * (ab[j] - a[j]);
            st += (a[j] - ab[j]) * (a[j] - ab[j]);
        }
        // A constant output has no variance to share out: all indices are 0.
        e.first[i] = variance > 0 ? s1 / double(N) / variance : 0.0;
        e.total[i] = variance > 0 ? st / double(2 * N) / variance : 0.0;
    }
}

SobolIndices sobol_indices(const double* y, std::size_t N, std::size_t D, std::size_t bootstrap, std::uint64_t seed,
                           double level) {
    SobolIndices out;
    const std::vector<std::size_t> identity = identity_pick(N);
    sobol_estimate(y, N, D, identity.data(), out);
    out.first_low = out.first_high = out.first;
    out.total_low = out.total_high = out.total;
    if (bootstrap == 0) return out;
    // The same resampled rows j for A, B and every AB_i.
    const BootstrapIntervals ci =
        bootstrap_intervals(N, 2 * D, bootstrap, seed, level, [&](const std::size_t* pick, double* values) {
            SobolIndices e;
            sobol_estimate(y, N, D, pick, e);
            for (std::size_t i = 0; i < D; ++i) {
                values[i] = e.first[i];
                values[D + i] = e.total[i];
            }
        });
    for (std::size_t i = 0; i < D; ++i) {
        out.first_low[i] = ci.low[i];
        out.first_high[i] = ci.high[i];
        out.total_low[i] = ci.low[D + i];
        out.total_high[i] = ci.high[D + i];
    }
    return out;
}

SobolIndices sobol_indices_of(const std::function<double(const double*)>& model, std::size_t N, std::size_t D,
                              std::size_t bootstrap, std::uint64_t seed, double level) {
    const std::vector<double> rows = saltelli_rows(N, D, seed);
    std::vector<double> y(N * (D + 2));
    for (std::size_t r = 0; r < y.size(); ++r) y[r] = model(rows.data() + r * D);
    return sobol_indices(y.data(), N, D, bootstrap, seed, level);
}

MorrisDesign morris_design(std::size_t trajectories, std::size_t D, std::uint64_t seed) {
    MorrisDesign m;
    m.trajectories = trajectories;
    m.dimensions = D;
    m.rows.resize(trajectories * (D + 1) * D);
    m.moved.resize(trajectories * D);
    m.step.resize(trajectories * D);
    std::vector<double> x(D);
    std::vector<int> order(D);
    for (std::size_t t = 0; t < trajectories; ++t) {
        // Base point: each coordinate one of the levels (k + 0.5) / 4.
        for (std::size_t d = 0; d < D; ++d) {
            const auto level = static_cast<int>(random_bits(seed, {t, morris_tag, d, 0}) >> 62);
            x[d] = (level + 0.5) / 4.0;
            order[d] = static_cast<int>(d);
        }
        // Random order of the moves (Fisher-Yates on Philox draws).
        for (std::size_t d = D; d-- > 1;) {
            const auto j = static_cast<std::size_t>(random_uniform(seed, {t, morris_tag, D + d, 0}) * double(d + 1));
            std::swap(order[d], order[std::min(j, d)]);
        }
        double* row = m.rows.data() + t * (D + 1) * D;
        std::copy(x.begin(), x.end(), row);
        for (std::size_t s = 0; s < D; ++s) {
            const auto i = static_cast<std::size_t>(order[s]);
            // Each level has exactly one partner 0.5 away inside the cube.
            const double delta = x[i] < 0.5 ? 0.5 : -0.5;
            x[i] += delta;
            m.moved[t * D + s] = static_cast<int>(i);
            m.step[t * D + s] = delta;
            std::copy(x.begin(), x.end(), row + (s + 1) * D);
        }
    }
    return m;
}

MorrisEffects morris_effects(const MorrisDesign& m, const double* y) {
    const std::size_t D = m.dimensions, T = m.trajectories;
    MorrisEffects e;
    e.mu.assign(D, 0.0);
    e.mu_star.assign(D, 0.0);
    e.sigma.assign(D, 0.0);
    std::vector<double> sq(D, 0.0);
    for (std::size_t t = 0; t < T; ++t) {
        const double* yt = y + t * (D + 1);
        for (std::size_t s = 0; s < D; ++s) {
            const auto i = static_cast<std::size_t>(m.moved[t * D + s]);
            const double ee = (yt[s + 1] - yt[s]) / m.step[t * D + s];
            e.mu[i] += ee;
            e.mu_star[i] += std::abs(ee);
            sq[i] += ee * ee;
        }
    }
    for (std::size_t i = 0; i < D; ++i) {
        e.mu[i] /= double(T);
        e.mu_star[i] /= double(T);
        e.sigma[i] = T > 1 ? std::sqrt(std::max(0.0, (sq[i] - double(T) * e.mu[i] * e.mu[i]) / double(T - 1))) : 0.0;
    }
    return e;
}

namespace {

// Least squares of standardized y on standardized columns (those with
// variance); returns coefficients (0 for skipped columns) and R^2.
std::vector<double> standardized_regression(const std::vector<std::vector<double>>& x, const std::vector<double>& y,
                                            double& r2) {
    const std::size_t D = x.size(), n = y.size();
    auto standardize = [n](const std::vector<double>& v, std::vector<double>& out) {
        double mean = 0.0;
        for (double a : v) mean += a;
        mean /= double(n);
        double ss = 0.0;
        for (double a : v) ss += (a - mean) * (a - mean);
        const double sd = std::sqrt(ss / double(n - 1));
        out.resize(n);
        for (std::size_t k = 0; k < n; ++k) out[k] = sd > 0 ? (v[k] - mean) / sd : 0.0;
        return sd > 0;
    };
    std::vector<std::vector<double>> z;
    std::vector<std::size_t> kept;
    for (std::size_t i = 0; i < D; ++i) {
        std::vector<double> s;
        if (standardize(x[i], s)) {
            z.push_back(std::move(s));
            kept.push_back(i);
        }
    }
    std::vector<double> zy;
    std::vector<double> coefficients(D, 0.0);
    r2 = 0.0;
    if (!standardize(y, zy) || kept.empty()) return coefficients;
    const std::size_t k = kept.size();
    // Normal equations (X^T X) b = X^T y, Gaussian elimination with partial pivoting.
    std::vector<double> a(k * (k + 1), 0.0);
    for (std::size_t i = 0; i < k; ++i) {
        for (std::size_t j = 0; j <= i; ++j) {
            double s = 0.0;
            for (std::size_t r = 0; r < n; ++r) s += z[i][r] * z[j][r];
            a[i * (k + 1) + j] = a[j * (k + 1) + i] = s;
        }
        double s = 0.0;
        for (std::size_t r = 0; r < n; ++r) s += z[i][r] * zy[r];
        a[i * (k + 1) + k] = s;
    }
    for (std::size_t c = 0; c < k; ++c) {
        std::size_t p = c;
        for (std::size_t r = c + 1; r < k; ++r)
            if (std::abs(a[r * (k + 1) + c]) > std::abs(a[p * (k + 1) + c])) p = r;
        if (std::abs(a[p * (k + 1) + c]) < 1e-12 * double(n)) continue;  // collinear column: leave at 0
        for (std::size_t j = 0; j <= k; ++j) std::swap(a[c * (k + 1) + j], a[p * (k + 1) + j]);
        for (std::size_t r = 0; r < k; ++r) {
            if (r == c) continue;
            const double f = a[r * (k + 1) + c] / a[c * (k + 1) + c];
            for (std::size_t j = c; j <= k; ++j) a[r * (k + 1) + j] -= f * a[c * (k + 1) + j];
        }
    }
    std::vector<double> b(k, 0.0);
    for (std::size_t i = 0; i < k; ++i)
        if (std::abs(a[i * (k + 1) + i]) > 0) b[i] = a[i * (k + 1) + k] / a[i * (k + 1) + i];
    double ss_res = 0.0, ss_tot = 0.0;
    for (std::size_t r = 0; r < n; ++r) {
        double fit = 0.0;
        for (std::size_t i = 0; i < k; ++i) fit += b[i] * z[i][r];
        ss_res += (zy[r] - fit) * (zy[r] - fit);
        ss_tot += zy[r] * zy[r];
    }
    r2 = ss_tot > 0 ? 1.0 - ss_res / ss_tot : 0.0;
    for (std::size_t i = 0; i < k; ++i) coefficients[kept[i]] = b[i];
    return coefficients;
}

}  // namespace

std::size_t rank_measures_minimum_samples(std::size_t inputs) { return std::max<std::size_t>(3, inputs + 2); }

RankMeasures rank_measures(const std::vector<std::vector<double>>& columns, const std::vector<double>& y) {
    RankMeasures out;
    if (y.size() < rank_measures_minimum_samples(columns.size()))
        throw std::invalid_argument("rank measures of " + std::to_string(columns.size()) + " inputs need at least " +
                                    std::to_string(rank_measures_minimum_samples(columns.size())) + " samples");
    std::vector<std::vector<double>> ranks;
    for (const auto& c : columns) {
        out.spearman.push_back(spearman(c, y));
        ranks.push_back(average_ranks(c));
    }
    out.src = standardized_regression(columns, y, out.r2_values);
    out.srrc = standardized_regression(ranks, average_ranks(y), out.r2_ranks);
    return out;
}

}  // namespace tinyfleet
