#include "sim/engine/shapley.h"

#include "sim/engine/boost_math_config.h"  // first: see there
#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "sim/engine/correlations.h"
#include "sim/engine/random_stream.h"
#include "sim/engine/sensitivity_bootstrap.h"

namespace tinyfleet {

namespace {

constexpr std::uint64_t permutation_tag = stream_id("sensitivity:shapley:permutation");
constexpr std::uint64_t joint_tag = stream_id("sensitivity:shapley:joint");
constexpr std::uint64_t outer_tag = stream_id("sensitivity:shapley:outer");
constexpr std::uint64_t inner_tag = stream_id("sensitivity:shapley:inner");

// Groups of inputs linked (directly or through others) by non-zero
// correlations; an input correlated with no other is a group of one.
std::vector<std::vector<std::size_t>> dependent_groups(const std::vector<double>& p, std::size_t D) {
    std::vector<std::size_t> root(D);
    std::iota(root.begin(), root.end(), 0);
    auto find = [&](std::size_t i) {
        while (root[i] != i) i = root[i] = root[root[i]];
        return i;
    };
    for (std::size_t i = 0; i < D; ++i)
        for (std::size_t j = i + 1; j < D; ++j)
            if (p[i * D + j] != 0.0) root[find(i)] = find(j);
    std::vector<std::vector<std::size_t>> groups;
    std::vector<long> group_of(D, -1);
    for (std::size_t i = 0; i < D; ++i) {
        const std::size_t r = find(i);
        if (group_of[r] < 0) {
            group_of[r] = static_cast<long>(groups.size());
            groups.emplace_back();
        }
        groups[static_cast<std::size_t>(group_of[r])].push_back(i);
    }
    return groups;
}

double phi(double z) { return std::clamp(0.5 * std::erfc(-z / std::sqrt(2.0)), 0x1.0p-53, 1.0 - 0x1.0p-53); }

// Writes one row's uniforms: for each dependent group, the inputs with
// known[i] take the draws of `known_address`, the others those of
// `fresh_address` (a uniform per input, addressed by input).
template <class Known, class Fresh>
void draw_row(const std::vector<double>& p, std::size_t D, const std::vector<std::vector<std::size_t>>& groups,
              const std::vector<char>& known, std::uint64_t seed, Known known_address, Fresh fresh_address,
              double* row) {
    static const boost::math::normal standard;
    for (const auto& group : groups) {
        if (group.size() == 1) {
            const std::size_t i = group[0];
            row[i] = random_uniform(seed, known[i] ? known_address(i) : fresh_address(i));
            continue;
        }
        // Known inputs first, then the rest: z = L w, L the Cholesky factor
        // of P in that order.
        std::vector<std::size_t> ordered;
        for (std::size_t i : group)
            if (known[i]) ordered.push_back(i);
        for (std::size_t i : group)
            if (!known[i]) ordered.push_back(i);
        const std::size_t n = ordered.size();
        std::vector<double> sub(n * n), l;
        for (std::size_t a = 0; a < n; ++a)
            for (std::size_t b = 0; b < n; ++b) sub[a * n + b] = p[ordered[a] * D + ordered[b]];
        if (!psd_cholesky(sub, n, l)) throw std::invalid_argument("Shapley design: the correlation matrix is not PSD");
        std::vector<double> w(n);
        for (std::size_t a = 0; a < n; ++a) {
            const std::size_t i = ordered[a];
            w[a] = boost::math::quantile(standard, random_uniform(seed, known[i] ? known_address(i) : fresh_address(i)));
        }
        for (std::size_t a = 0; a < n; ++a) {
            double z = 0.0;
            for (std::size_t b = 0; b <= a; ++b) z += l[a * n + b] * w[b];
            row[ordered[a]] = phi(z);
        }
    }
}

double sample_variance(const double* y, std::size_t n) {
    double mean = 0.0;
    for (std::size_t k = 0; k < n; ++k) mean += y[k];
    mean /= double(n);
    double ss = 0.0;
    for (std::size_t k = 0; k < n; ++k) ss += (y[k] - mean) * (y[k] - mean);
    return ss / double(n - 1);
}

}  // namespace

std::size_t ShapleySize::runs(std::size_t D) const {
    return variance_samples + permutations * (D - 1) * outer * inner;
}

ShapleyDesign shapley_design(const std::vector<double>& correlation, std::size_t D, const ShapleySize& size,
                             std::uint64_t seed) {
    if (D < 2 || size.permutations == 0 || size.outer == 0 || size.inner < 2 || size.variance_samples < 2)
        throw std::invalid_argument("Shapley design needs D >= 2, permutations, outer >= 1, inner >= 2, "
                                    "variance samples >= 2");
    if (correlation.size() != D * D) throw std::invalid_argument("Shapley design: correlation is not D x D");
    ShapleyDesign d;
    d.dimensions = D;
    d.size = size;
    d.rows.resize(size.runs(D) * D);
    const auto groups = dependent_groups(correlation, D);
    // The joint draws: every input fresh.
    const std::vector<char> none(D, 0);
    for (std::size_t r = 0; r < size.variance_samples; ++r)
        draw_row(correlation, D, groups, none, seed, [](std::size_t) { return DrawAddress{}; },
                 [&](std::size_t i) { return DrawAddress{r, joint_tag, i, 0}; }, d.rows.data() + r * D);
    d.order.resize(size.permutations * D);
    std::size_t row = size.variance_samples;
    std::vector<char> known(D);
    for (std::size_t m = 0; m < size.permutations; ++m) {
        std::size_t* order = d.order.data() + m * D;
        std::iota(order, order + D, std::size_t{0});
        for (std::size_t i = D; i-- > 1;) {  // Fisher-Yates on Philox draws
            const auto j = static_cast<std::size_t>(random_uniform(seed, {m, permutation_tag, i, 0}) * double(i + 1));
            std::swap(order[i], order[std::min(j, i)]);
        }
        // Step j: J = order[0..j-1] drawn per inner sample, the rest known per outer sample.
        std::fill(known.begin(), known.end(), 1);
        for (std::size_t j = 1; j < D; ++j) {
            known[order[j - 1]] = 0;
            for (std::size_t o = 0; o < size.outer; ++o) {
                const std::uint64_t outer_index = (m * (D - 1) + (j - 1)) * size.outer + o;
                for (std::size_t k = 0; k < size.inner; ++k, ++row) {
                    const std::uint64_t inner_index = outer_index * size.inner + k;
                    draw_row(correlation, D, groups, known, seed,
                             [&](std::size_t i) { return DrawAddress{outer_index, outer_tag, i, 0}; },
                             [&](std::size_t i) { return DrawAddress{inner_index, inner_tag, i, 0}; },
                             d.rows.data() + row * D);
                }
            }
        }
    }
    return d;
}

ShapleyEffects shapley_effects(const ShapleyDesign& d, const double* y, std::size_t bootstrap, std::uint64_t seed,
                               double level) {
    const std::size_t D = d.dimensions, M = d.size.permutations, No = d.size.outer, Ni = d.size.inner;
    ShapleyEffects out;
    const std::size_t Nv = d.size.variance_samples;
    out.mean = std::accumulate(y, y + Nv, 0.0) / double(Nv);
    out.variance = sample_variance(y, Nv);
    // Each permutation's contributions c(S_j) - c(S_j-1), telescoping from c(empty) = 0 to c(all) = V.
    std::vector<double> delta(M * D);
    const double* step = y + Nv;
    for (std::size_t m = 0; m < M; ++m) {
        double previous = 0.0;
        for (std::size_t j = 1; j <= D; ++j) {
            double c = out.variance;
            if (j < D) {
                c = 0.0;
                for (std::size_t o = 0; o < No; ++o, step += Ni) c += sample_variance(step, Ni);
                c /= double(No);
            }
            delta[m * D + d.order[m * D + j - 1]] = c - previous;
            previous = c;
        }
    }
    auto effects = [&](const std::size_t* pick, double* values) {
        std::fill(values, values + D, 0.0);
        for (std::size_t k = 0; k < M; ++k)
            for (std::size_t i = 0; i < D; ++i) values[i] += delta[pick[k] * D + i];
        // A constant output has no variance to share out.
        for (std::size_t i = 0; i < D; ++i) values[i] = out.variance > 0 ? values[i] / double(M) / out.variance : 0.0;
    };
    out.effect.resize(D);
    effects(identity_pick(M).data(), out.effect.data());
    out.low = out.high = out.effect;
    if (bootstrap == 0) return out;
    const BootstrapIntervals ci = bootstrap_intervals(M, D, bootstrap, seed, level, effects);
    out.low = ci.low;
    out.high = ci.high;
    return out;
}

ShapleyEffects shapley_effects_of(const std::function<double(const double*)>& model,
                                  const std::vector<double>& correlation, std::size_t D, const ShapleySize& size,
                                  std::size_t bootstrap, std::uint64_t seed, double level) {
    const ShapleyDesign d = shapley_design(correlation, D, size, seed);
    std::vector<double> y(d.rows.size() / D);
    for (std::size_t r = 0; r < y.size(); ++r) y[r] = model(d.rows.data() + r * D);
    return shapley_effects(d, y.data(), bootstrap, seed, level);
}

}  // namespace tinyfleet
