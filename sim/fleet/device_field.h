// A per-device input of the fleet engine (lifetime, active power, ...): a
// number that is the same for every device of a realization, or a
// device-scope distribution sampled by inverse transform.
//
// Sampling speed matters here (10^10 devices per realization), so a
// continuous device distribution is tabulated once: its quantile function at
// u = i/T (T = quantile_table_cells) with linear interpolation in between.
// Because the quantile function is monotone, an interpolated value lies
// between the quantiles of its cell's ends, so its CDF is within 1/T of the
// exact draw's; docs/model.md states the measured error
// (tests/unit/sim/fleet/test_device_field.cpp). The two outer cells,
// where tails may be unbounded, use the exact quantile. Discrete and
// empirical distributions, which are tables already, always use the exact
// quantile.
#pragma once
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "sim/engine/distribution.h"

namespace tinyfleet {

constexpr int quantile_table_cells = 4096;

class QuantileTable {
public:
    QuantileTable() = default;
    explicit QuantileTable(const Distribution& d);
    double operator()(double u) const {
        const double x = u * quantile_table_cells;
        const int i = static_cast<int>(x);
        if (i < 1 || i >= quantile_table_cells - 1) return distribution_.quantile(u);
        const double t = x - i;
        return nodes_[std::size_t(i)] + t * (nodes_[std::size_t(i) + 1] - nodes_[std::size_t(i)]);
    }

    // out[j] = (*this)(u[j]) for j < n, the same bits: interpolation in one
    // branch-free loop (vector instructions where the caller is compiled for
    // them, sim/fleet/device_simulation.cpp), then the rare outer cells redone exactly.
    void many(const double* u, double* out, int n) const {
        const double* nodes = nodes_.data();
        int outer = 0;  // any draw in an outer cell
        for (int j = 0; j < n; ++j) {
            const double x = u[j] * quantile_table_cells;
            const int i = static_cast<int>(x);
            const int inner = i < 1 ? 1 : (i > quantile_table_cells - 2 ? quantile_table_cells - 2 : i);
            outer |= inner != i;
            const double t = x - inner;
            out[j] = nodes[inner] + t * (nodes[inner + 1] - nodes[inner]);
        }
        if (outer != 0) redo_outer_cells(u, out, n);
    }

#if defined(__x86_64__)
    // many() for callers compiled for AVX2 (sim/fleet/device_simulation.cpp),
    // n a multiple of 4: a cell's two nodes in one 16-byte load, the loads of
    // four draws paired into two vectors and unpacked into the vectors of
    // lower and upper nodes (GCC alone makes each node its own load and
    // insert; AVX2 gathers are slower still on AMD Zen 3). The same IEEE
    // operations in the same order, so the same bits as many()
    // (tests/unit/sim/fleet/test_device_field.cpp). Not always_inline: GCC
    // inlines an AVX2 function only into an AVX2 caller, which this is once
    // the caller's own always_inline body has been inlined.
    __attribute__((target("avx2"))) void many_avx2(const double* u, double* out, int n) const {
        const double* nodes = nodes_.data();
        const __m256d cells = _mm256_set1_pd(quantile_table_cells);
        const __m128i lowest = _mm_set1_epi32(1), highest = _mm_set1_epi32(quantile_table_cells - 2);
        __m128i outer = _mm_setzero_si128();  // any lane in an outer cell
        for (int j = 0; j < n; j += 4) {
            const __m256d x = _mm256_mul_pd(_mm256_loadu_pd(u + j), cells);
            const __m128i i = _mm256_cvttpd_epi32(x);
            const __m128i inner = _mm_min_epi32(_mm_max_epi32(i, lowest), highest);
            outer = _mm_or_si128(outer, _mm_xor_si128(inner, i));
            const __m256d t = _mm256_sub_pd(x, _mm256_cvtepi32_pd(inner));
            // Draws 0 and 2 in one vector, 1 and 3 in the other (each half a
            // cell's two nodes): the unpacks then give draws 0..3 in order.
            const __m256d cells02 =
                _mm256_insertf128_pd(_mm256_castpd128_pd256(_mm_loadu_pd(nodes + _mm_cvtsi128_si32(inner))),
                                     _mm_loadu_pd(nodes + _mm_extract_epi32(inner, 2)), 1);
            const __m256d cells13 =
                _mm256_insertf128_pd(_mm256_castpd128_pd256(_mm_loadu_pd(nodes + _mm_extract_epi32(inner, 1))),
                                     _mm_loadu_pd(nodes + _mm_extract_epi32(inner, 3)), 1);
            const __m256d below = _mm256_unpacklo_pd(cells02, cells13), above = _mm256_unpackhi_pd(cells02, cells13);
            _mm256_storeu_pd(out + j, _mm256_add_pd(below, _mm256_mul_pd(t, _mm256_sub_pd(above, below))));
        }
        if (!_mm_testz_si128(outer, outer)) redo_outer_cells(u, out, n);
    }
#endif

    const Distribution& distribution() const { return distribution_; }

private:
    // The draws of u[0..n) in the two outer cells, redone with the exact quantile.
    void redo_outer_cells(const double* u, double* out, int n) const {
        for (int j = 0; j < n; ++j) {
            const int i = static_cast<int>(u[j] * quantile_table_cells);
            if (i < 1 || i >= quantile_table_cells - 1) out[j] = distribution_.quantile(u[j]);
        }
    }

    Distribution distribution_;
    std::vector<double> nodes_;  // Q(i / T), i = 0..T (the ends unused)
};

class DeviceField {
public:
    static DeviceField constant(double value);
    static DeviceField tabulated(const QuantileTable* table);   // table outlives the field
    static DeviceField exact(const Distribution* distribution); // distribution outlives the field
    static bool tabulates_well(const Distribution& d);          // continuous: table it

    bool varies() const { return kind_ != Kind::constant; }
    // The mean of the values the field draws (of the distribution, for a
    // tabulated one: the table's interpolation moves it by far less than the
    // sampling errors at stake).
    double mean() const {
        switch (kind_) {
            case Kind::constant: return value_;
            case Kind::tabulated: return table_->distribution().mean();
            case Kind::exact: break;
        }
        return distribution_->mean();
    }
    double value() const { return value_; }  // the constant (varies() == false)
    const QuantileTable* table() const { return kind_ == Kind::tabulated ? table_ : nullptr; }  // a tabulated field's
    double draw(double u) const {
        switch (kind_) {
            case Kind::constant: return value_;
            case Kind::tabulated: return (*table_)(u);
            case Kind::exact: break;
        }
        double x;  // the batch quantile, so that draw(u) == draw_many's
        distribution_->quantiles(&u, &x, 1);
        return x;
    }
    // out[j] = draw(u[j]) for j < n (one branch on the kind per call).
    void draw_many(const double* u, double* out, int n) const {
        switch (kind_) {
            case Kind::constant:
                for (int j = 0; j < n; ++j) out[j] = value_;
                return;
            case Kind::tabulated: table_->many(u, out, n); return;
            case Kind::exact: break;
        }
        distribution_->quantiles(u, out, n);
    }

private:
    enum class Kind { constant, tabulated, exact };
    Kind kind_ = Kind::constant;
    double value_ = 0.0;
    const QuantileTable* table_ = nullptr;
    const Distribution* distribution_ = nullptr;
};

}  // namespace tinyfleet
