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
// (tests/unit/test_device_field.cpp). The two outer cells,
// where tails may be unbounded, use the exact quantile. Discrete and
// empirical distributions, which are tables already, always use the exact
// quantile.
#pragma once
#include <vector>

#include "sim/distribution.h"

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

private:
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
    double value() const { return value_; }  // the constant (varies() == false)
    double draw(double u) const {
        switch (kind_) {
            case Kind::constant: return value_;
            case Kind::tabulated: return (*table_)(u);
            case Kind::exact: break;
        }
        return distribution_->quantile(u);
    }

private:
    enum class Kind { constant, tabulated, exact };
    Kind kind_ = Kind::constant;
    double value_ = 0.0;
    const QuantileTable* table_ = nullptr;
    const Distribution* distribution_ = nullptr;
};

}  // namespace tinyfleet
