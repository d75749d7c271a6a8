// The Ishigami function, the standard analytic case for variance-based
// sensitivity estimators (Ishigami & Homma 1990; Sobol' & Levitan 1999 for
// the indices; values in ../shared/reference/uq_validation.yaml), on inputs
// given as uniforms on [0, 1) and mapped to [-pi, pi).
//   f(x) = sin x1 + a sin^2 x2 + b x3^4 sin x1
//   V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2
//   V1 = (1 + b pi^4/5)^2 / 2, V2 = a^2/8, V3 = 0, V13 = b^2 pi^8 (1/18 - 1/50)
#pragma once
#include <cmath>

namespace tinyfleet::validation {

struct Ishigami {
    static constexpr double pi = 3.14159265358979323846;
    double a = 7.0, b = 0.1;

    double operator()(const double* u) const {
        const double x1 = -pi + 2 * pi * u[0], x2 = -pi + 2 * pi * u[1], x3 = -pi + 2 * pi * u[2];
        return std::sin(x1) + a * std::sin(x2) * std::sin(x2) + b * std::pow(x3, 4) * std::sin(x1);
    }
    double variance() const { return a * a / 8 + b * std::pow(pi, 4) / 5 + b * b * std::pow(pi, 8) / 18 + 0.5; }
    double V1() const { return 0.5 * std::pow(1 + b * std::pow(pi, 4) / 5, 2); }
    double V2() const { return a * a / 8; }
    double V13() const { return b * b * std::pow(pi, 8) * (1.0 / 18 - 1.0 / 50); }
    // First-order and total indices of x1, x2, x3.
    double first(int i) const { return i == 0 ? V1() / variance() : i == 1 ? V2() / variance() : 0.0; }
    double total(int i) const { return i == 1 ? first(1) : (i == 0 ? V1() + V13() : V13()) / variance(); }
};

}  // namespace tinyfleet::validation
