#include "sim/engine/sampling_design.h"

#include <boost/random/detail/sobol_table.hpp>
#include <stdexcept>

#include "sim/engine/parameters.h"
#include "sim/engine/random_stream.h"

namespace tinyfleet {

namespace {

// Stream tags that keep the design's random bits apart from the parameters'
// own draws (which use the parameter stream with device 0, draw 0).
constexpr std::uint64_t lhs_tag = stream_id("design:lhs-permutation");
constexpr std::uint64_t owen_tag = stream_id("design:owen-scramble");

// Joe & Kuo (2008) primitive polynomials and initial direction numbers
// (new-joe-kuo-6.21201, first 3667 dimensions) as shipped in Boost.Random's
// data table (Debian libboost-dev); the construction below is ours.
using JoeKuo = boost::random::detail::qrng_tables::sobol;

bool is_power_of_two(std::uint64_t n) { return n != 0 && (n & (n - 1)) == 0; }

}  // namespace

const char* to_string(SamplingMethod method) {
    switch (method) {
        case SamplingMethod::mc: return "mc";
        case SamplingMethod::lhs: return "lhs";
        case SamplingMethod::sobol: return "sobol";
    }
    return "?";
}

int SobolSequence::max_dimensions() { return static_cast<int>(JoeKuo::max_dimension); }

SobolSequence::SobolSequence(int dimensions) : dimensions_(dimensions) {
    if (dimensions < 0 || dimensions > max_dimensions())
        throw std::invalid_argument("Sobol' points are available in at most " + std::to_string(max_dimensions()) +
                                    " dimensions (asked for " + std::to_string(dimensions) + ")");
    directions_.assign(std::size_t(dimensions) * 32, 0);
    for (int d = 0; d < dimensions; ++d) {
        std::uint64_t m[32];
        if (d == 0) {
            for (auto& mk : m) mk = 1;  // first dimension: van der Corput
        } else {
            // Polynomial x^s + a_1 x^(s-1) + ... + a_(s-1) x + 1, all bits stored.
            const unsigned p = JoeKuo::polynomial(std::size_t(d - 1));
            unsigned s = 0;
            while ((p >> (s + 1)) != 0) ++s;
            for (unsigned k = 0; k < s && k < 32; ++k) m[k] = JoeKuo::minit(std::size_t(d - 1), k);
            // Bratley-Fox recurrence:
            // m_k = 2 a_1 m_(k-1) ^ 4 a_2 m_(k-2) ^ ... ^ 2^s m_(k-s) ^ m_(k-s).
            for (unsigned k = s; k < 32; ++k) {
                std::uint64_t v = m[k - s] ^ (m[k - s] << s);
                for (unsigned j = 1; j < s; ++j)
                    if ((p >> (s - j)) & 1u) v ^= m[k - j] << j;
                m[k] = v;
            }
        }
        // v_k = m_k / 2^(k+1) as a 32-digit binary fraction.
        for (unsigned k = 0; k < 32; ++k)
            directions_[std::size_t(d) * 32 + k] = static_cast<std::uint32_t>(m[k] << (31 - k));
    }
}

std::uint32_t SobolSequence::bits(std::uint64_t index, int dimension) const {
    // Point `index` in natural (not Gray-code) order: XOR of the direction
    // numbers of the set bits of index. Any aligned block of 2^k consecutive
    // points is the same set as in Gray-code order.
    const std::uint32_t* v = directions_.data() + std::size_t(dimension) * 32;
    std::uint32_t x = 0;
    for (unsigned k = 0; index != 0 && k < 32; ++k, index >>= 1)
        if (index & 1u) x ^= v[k];
    return x;
}

double owen_scramble(std::uint32_t bits, std::uint64_t seed, std::uint64_t stream) {
    std::uint32_t out = 0;
    for (unsigned k = 0; k < 32; ++k) {
        // The flip of digit k depends on the k digits above it (the node of
        // the binary tree the point sits in): nested uniform scrambling.
        const std::uint64_t prefix = k == 0 ? 0 : (bits >> (32 - k));
        const std::uint64_t flip = random_bits(seed, {prefix, stream ^ owen_tag, k, 0}) & 1u;
        const std::uint32_t digit = (bits >> (31 - k)) & 1u;
        out |= static_cast<std::uint32_t>(digit ^ flip) << (31 - k);
    }
    // Digits 33..52: the unscrambled point has zeros there; their nested
    // scramble is a random digit string keyed by the whole 32-digit prefix.
    const std::uint64_t low = random_bits(seed, {bits, stream ^ owen_tag, 32, 0}) >> 44;  // 20 bits
    return (static_cast<double>(out) + (static_cast<double>(low) + 0.5) * 0x1.0p-20) * 0x1.0p-32;
}

std::uint64_t random_permutation(std::uint64_t i, std::uint64_t n, std::uint64_t seed, std::uint64_t stream) {
    if (n <= 1) return 0;
    // Balanced Feistel network on 2h bits, 4^h >= n: a bijection of [0, 4^h);
    // cycle walking (apply again while outside [0, n)) restricts it to a
    // bijection of [0, n). At most 4 steps are expected since 4^h < 4n.
    unsigned h = 1;
    while ((std::uint64_t{1} << (2 * h)) < n) ++h;
    const std::uint64_t mask = (std::uint64_t{1} << h) - 1;
    std::uint64_t x = i;
    do {
        std::uint64_t left = x >> h, right = x & mask;
        for (std::uint64_t round = 0; round < 4; ++round) {
            const std::uint64_t f = random_bits(seed, {right, stream ^ lhs_tag, round, 0}) & mask;
            const std::uint64_t next = left ^ f;
            left = right;
            right = next;
        }
        x = (left << h) | right;
    } while (x >= n);
    return x;
}

GlobalDesign::GlobalDesign(const ParameterSet& set, SamplingMethod method, std::uint64_t samples,
                           std::uint64_t seed, RankCorrelations correlations)
    : active_(true), method_(method), samples_(samples), seed_(seed), correlations_(std::move(correlations)) {
    column_of_.assign(static_cast<std::size_t>(set.size()), -1);
    for (int i = 0; i < set.size(); ++i) {
        if (set[i].scope != Scope::global) continue;
        column_of_[static_cast<std::size_t>(i)] = static_cast<int>(streams_.size());
        streams_.push_back(set[i].stream);
    }
    for (int p : correlations_.parameters) correlated_columns_.push_back(column_of(p));
    if (method == SamplingMethod::sobol) {
        if (columns() > SobolSequence::max_dimensions())
            throw InputError("run.sampling: sobol supports at most " + std::to_string(SobolSequence::max_dimensions()) +
                             " global parameters; this scenario has " + std::to_string(columns()));
        sobol_ = SobolSequence(columns());
        if (!is_power_of_two(samples))
            warning_ = "warning: run.sampling is sobol but run.samples = " + std::to_string(samples) +
                       " is not a power of two: the points do not form a complete net and lose their balance; use " +
                       std::to_string(std::uint64_t{1} << (64 - __builtin_clzll(samples))) + " or " +
                       std::to_string(std::uint64_t{1} << (63 - __builtin_clzll(samples)));
    }
}

GlobalDesign GlobalDesign::from_rows(const ParameterSet& set, std::vector<double> rows) {
    GlobalDesign d(set, SamplingMethod::mc, 0, 0, RankCorrelations{});
    d.rows_ = std::move(rows);
    d.from_rows_ = true;
    return d;
}

void GlobalDesign::uniforms(std::uint64_t r, double* out) const {
    const std::size_t D = streams_.size();
    if (from_rows_) {
        const double* row = rows_.data() + r * D;
        for (std::size_t j = 0; j < D; ++j) out[j] = row[j];
        return;
    }
    for (std::size_t j = 0; j < D; ++j) {
        // The plain Monte Carlo draw of this parameter (same address as
        // realize_parameters uses without a design).
        const double u = random_uniform(seed_, {r, streams_[j], 0, 0});
        switch (method_) {
            case SamplingMethod::mc: out[j] = u; break;
            case SamplingMethod::lhs:
                // Stratum pi_j(r), position u inside it.
                out[j] = r < samples_ ? (static_cast<double>(random_permutation(r, samples_, seed_, streams_[j])) + u) /
                                            static_cast<double>(samples_)
                                      : u;
                break;
            case SamplingMethod::sobol: out[j] = owen_scramble(sobol_.bits(r, static_cast<int>(j)), seed_, streams_[j]); break;
        }
    }
    if (!correlations_.empty()) correlations_.apply(out, correlated_columns_.data());
}

}  // namespace tinyfleet
