// When are sensitivity indices converged, and how many runs would make them so.
//
// An index is suspect when it falls outside [-0.05, 1.05] (an index of a
// share of variance lies in [0, 1]; sampling noise explains a little beyond)
// or its 95% interval is wider than 0.2. The interval narrows as 1/sqrt(N),
// so an interval of width w at N reaches width t at about N (w / t)^2.
//
// `saltelli_until_width` runs a Saltelli design at N and doubles N, running
// only the rows of the new points (sim/engine/saltelli_design.h), until the
// widest reported interval is narrower than the target or the next doubling
// would exceed the budget of model runs.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "sim/engine/saltelli_design.h"

namespace tinyfleet {

constexpr double index_lowest_plausible = -0.05;
constexpr double index_highest_plausible = 1.05;
constexpr double index_widest_interval = 0.2;

// True when the index or its interval says that N is too small (see above).
bool index_needs_more_samples(double estimate, double low, double high);

// The power of two, at least 2N, at which an interval of `width` at N would
// be narrower than `target`.
std::uint64_t samples_for_width(std::uint64_t base_samples, double width, double target);

struct ConvergedOutputs {
    std::vector<std::vector<double>> y;  // [output][rows of the design of base_samples points]
    std::size_t base_samples = 0, runs = 0;
    double widest = 0.0;                 // the widest interval at base_samples
    bool reached = false;                // widest < target
};

// `evaluate(rows, count)` returns, per output, one value per row of
// `count` design rows; `widest(y, N)` the widest interval of the indices
// computed from outputs y of the design of N points. max_runs: the budget
// (the first design is run even when it exceeds it).
ConvergedOutputs saltelli_until_width(
    const SaltelliLayout& layout, std::size_t base_samples, std::uint64_t seed, double target, std::size_t max_runs,
    const std::function<std::vector<std::vector<double>>(const std::vector<double>& rows, std::size_t count)>& evaluate,
    const std::function<double(const std::vector<std::vector<double>>& y, std::size_t base_samples)>& widest);

}  // namespace tinyfleet
