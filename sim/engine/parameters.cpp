#include "sim/engine/parameters.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>

#include "sim/engine/random_stream.h"
#include "sim/engine/sampling_design.h"

namespace tinyfleet {

const std::vector<std::string>& distribution_argument_names(DistributionForm form) {
    static const std::vector<std::vector<std::string>> names = {
        {"value"},                       // fixed
        {"min", "max"},                  // uniform
        {"mean", "sd"},                  // normal
        {"mean", "sd", "min", "max"},    // truncated_normal
        {"median", "gsd"},               // lognormal_median_gsd
        {"mean", "sd"},                  // lognormal_mean_sd
        {"min", "mode", "max"},          // triangular
        {"min", "mode", "max"},          // pert
        {"alpha", "beta", "min", "max"}, // beta
        {"shape", "scale"},              // weibull
        {"shape", "scale"},              // gamma
        {},                              // discrete (values, weights tables)
        {},                              // empirical (values table)
    };
    return names[static_cast<std::size_t>(form)];
}

double distribution_argument_default(DistributionForm form, std::size_t index, bool* has_default) {
    // A beta distribution on [0, 1] unless min/max say otherwise.
    if (form == DistributionForm::beta && index >= 2) {
        *has_default = true;
        return index == 2 ? 0.0 : 1.0;
    }
    *has_default = false;
    return 0.0;
}

bool distribution_argument_has_unit(DistributionForm form, std::size_t index) {
    switch (form) {
        case DistributionForm::lognormal_median_gsd: return index == 0;  // gsd is a ratio
        case DistributionForm::beta: return index >= 2;                   // alpha, beta are shapes
        case DistributionForm::weibull:
        case DistributionForm::gamma: return index == 1;                  // shape is a number
        default: return true;
    }
}

void scale_parameter_values(ParameterSpec& spec, double factor) {
    for (std::size_t k = 0; k < spec.arguments.size(); ++k)
        if (spec.arguments[k].is_literal() && distribution_argument_has_unit(spec.form, k)) spec.arguments[k].value *= factor;
    for (double& v : spec.table_values) v *= factor;
    spec.nominal *= factor;
}

Distribution build_distribution(const ParameterSpec& spec, const double* a) {
    switch (spec.form) {
        case DistributionForm::fixed: return make_fixed(a[0]);
        case DistributionForm::uniform: return make_uniform(a[0], a[1]);
        case DistributionForm::normal: return make_normal(a[0], a[1]);
        case DistributionForm::truncated_normal: return make_truncated_normal(a[0], a[1], a[2], a[3]);
        case DistributionForm::lognormal_median_gsd: return make_lognormal_median_gsd(a[0], a[1]);
        case DistributionForm::lognormal_mean_sd: return make_lognormal_mean_sd(a[0], a[1]);
        case DistributionForm::triangular: return make_triangular(a[0], a[1], a[2]);
        case DistributionForm::pert: return make_pert(a[0], a[1], a[2]);
        case DistributionForm::beta: return make_beta(a[0], a[1], a[2], a[3]);
        case DistributionForm::weibull: return make_weibull(a[0], a[1]);
        case DistributionForm::gamma: return make_gamma(a[0], a[1]);
        case DistributionForm::discrete: return make_discrete(spec.table_values, spec.table_weights);
        case DistributionForm::empirical: return make_empirical(spec.table_values);
    }
    throw std::logic_error("unhandled distribution form");
}

int ParameterSet::add(ParameterSpec spec) {
    spec.stream = stream_id("parameter:" + spec.name);
    specs_.push_back(std::move(spec));
    return static_cast<int>(specs_.size()) - 1;
}

int ParameterSet::find(const std::string& name) const {
    for (std::size_t i = 0; i < specs_.size(); ++i)
        if (specs_[i].name == name) return static_cast<int>(i);
    return -1;
}

std::vector<std::string> ParameterSet::names() const {
    std::vector<std::string> out;
    for (const auto& s : specs_) out.push_back(s.name);
    return out;
}

void ParameterSet::finalize() {
    // Depth-first topological sort; a grey node met again closes a cycle.
    enum Colour { white, grey, black };
    std::vector<Colour> colour(specs_.size(), white);
    std::vector<int> stack;
    order_.clear();
    std::function<void(int)> visit = [&](int i) {
        const auto ui = static_cast<std::size_t>(i);
        if (colour[ui] == black) return;
        if (colour[ui] == grey) {
            std::string cycle;
            bool in_cycle = false;
            for (int s : stack) {
                if (s == i) in_cycle = true;
                if (in_cycle) cycle += specs_[static_cast<std::size_t>(s)].name + " -> ";
            }
            cycle += specs_[ui].name;
            throw InputError(specs_[ui].where, specs_[ui].path,
                             "cyclic reference between parameters: " + cycle);
        }
        colour[ui] = grey;
        stack.push_back(i);
        for (const auto& q : specs_[ui].arguments)
            if (!q.is_literal()) visit(q.parameter);
        stack.pop_back();
        colour[ui] = black;
        order_.push_back(i);
    };
    for (std::size_t i = 0; i < specs_.size(); ++i) visit(static_cast<int>(i));
}

namespace {

ValueRange extremes(const Distribution& d) { return {d.quantile(0.0), d.quantile(1.0)}; }

// lognormal(mean m, sd s): exp(mu + sigma z) with sigma^2 = ln(1 + s^2/m^2),
// mu = ln m - sigma^2/2. Not monotone in m, so bounded term by term: mu lies
// in [ln m_lo - sigma_hi^2/2, ln m_hi], sigma in [0, sigma_hi].
ValueRange lognormal_mean_sd_bound(const ValueRange& m, const ValueRange& s) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    if (!(m.min > 0) || s.max < 0) return {0.0, inf};
    const double sigma = std::sqrt(std::log1p((s.max / m.min) * (s.max / m.min)));
    const Distribution unit = make_normal(0.0, 1.0);
    const double z_low = unit.quantile(0.0), z_high = unit.quantile(1.0);
    return {std::exp(std::log(m.min) - sigma * sigma / 2 + z_low * sigma), std::exp(std::log(m.max) + z_high * sigma)};
}

}  // namespace

void ParameterSet::compute_ranges() {
    constexpr double inf = std::numeric_limits<double>::infinity();
    ranges_.assign(specs_.size(), ValueRange{});
    for (int i : order_) {
        const ParameterSpec& spec = specs_[static_cast<std::size_t>(i)];
        ValueRange& range = ranges_[static_cast<std::size_t>(i)];
        if (!spec.has_references) {
            range = extremes(spec.constant_distribution);
            continue;
        }
        auto argument_range = [&](const NumberOrParameter& q) {
            return q.is_literal() ? ValueRange{q.value, q.value} : ranges_[static_cast<std::size_t>(q.parameter)];
        };
        if (spec.form == DistributionForm::lognormal_mean_sd) {
            range = lognormal_mean_sd_bound(argument_range(spec.arguments[0]), argument_range(spec.arguments[1]));
            continue;
        }
        // Corners over the distinct parameters referred to (one parameter in
        // two arguments takes one value in both).
        std::vector<int> referred;
        for (const NumberOrParameter& q : spec.arguments)
            if (!q.is_literal() && std::find(referred.begin(), referred.end(), q.parameter) == referred.end())
                referred.push_back(q.parameter);
        range = {inf, -inf};
        double arguments[4];
        for (unsigned corner = 0; corner < (1u << referred.size()); ++corner) {
            for (std::size_t k = 0; k < spec.arguments.size(); ++k) {
                const NumberOrParameter& q = spec.arguments[k];
                if (q.is_literal()) {
                    arguments[k] = q.value;
                    continue;
                }
                const auto bit = std::find(referred.begin(), referred.end(), q.parameter) - referred.begin();
                const ValueRange& r = ranges_[static_cast<std::size_t>(q.parameter)];
                arguments[k] = (corner >> bit) & 1u ? r.max : r.min;
            }
            try {
                const ValueRange e = extremes(build_distribution(spec, arguments));
                range = {std::min(range.min, e.min), std::max(range.max, e.max)};
            } catch (const std::invalid_argument&) {
                // this combination fails at run time, where it is reported with the realization
            }
        }
        if (range.min > range.max) range = {-inf, inf};
    }
}

namespace {

// Walks the parameters in dependency order: builds each one's distribution
// (resolving references to values already set) and sets its value with
// `value_of(index, spec, distribution)`. `on_invalid(spec, message)` must throw.
template <class ValueOf, class OnInvalid>
void evaluate_in_order(const ParameterSet& set, RealizedParameters& out, ValueOf value_of, OnInvalid on_invalid) {
    const auto n = static_cast<std::size_t>(set.size());
    out.value.resize(n);
    out.distribution.resize(n);
    double arguments[4];
    for (int i : set.evaluation_order()) {
        const ParameterSpec& spec = set[i];
        const auto ui = static_cast<std::size_t>(i);
        if (spec.has_references) {
            for (std::size_t k = 0; k < spec.arguments.size(); ++k) {
                const NumberOrParameter& q = spec.arguments[k];
                arguments[k] = q.is_literal() ? q.value : out.value[static_cast<std::size_t>(q.parameter)];
            }
            try {
                out.distribution[ui] = build_distribution(spec, arguments);
            } catch (const std::invalid_argument& e) {
                on_invalid(spec, e.what());
            }
        } else {
            out.distribution[ui] = spec.constant_distribution;
        }
        out.value[ui] = value_of(i, spec, out.distribution[ui]);
    }
}

}  // namespace

void realize_parameters(const ParameterSet& set, std::uint64_t seed, std::uint64_t realization,
                        RealizedParameters& out, const GlobalDesign* design) {
    const bool use_design = design != nullptr && design->active();
    if (use_design) {
        out.uniforms.resize(static_cast<std::size_t>(design->columns()));  // allocates on the first call only
        design->uniforms(realization, out.uniforms.data());
    }
    evaluate_in_order(
        set, out,
        [&](int i, const ParameterSpec& spec, const Distribution& d) {
            if (spec.scope == Scope::device) return d.mean();
            if (use_design) return d.quantile(out.uniforms[static_cast<std::size_t>(design->column_of(i))]);
            return d.quantile(random_uniform(seed, {realization, spec.stream, 0, 0}));
        },
        [&](const ParameterSpec& spec, const char* what) {
            throw RuntimeFailure(spec.where.file + ":" + std::to_string(spec.where.line) + ":" +
                                 std::to_string(spec.where.column) + ": error: " + spec.path + ": in realization " +
                                 std::to_string(realization) +
                                 " the sampled arguments give an invalid distribution: " + what);
        });
}

void nominal_parameters(const ParameterSet& set, RealizedParameters& out) {
    evaluate_in_order(
        set, out,
        [](int, const ParameterSpec& spec, const Distribution& d) { return spec.has_nominal ? spec.nominal : d.quantile(0.5); },
        [](const ParameterSpec& spec, const char* what) {
            throw InputError(spec.where, spec.path,
                             std::string("at nominal values the arguments give an invalid distribution: ") + what);
        });
}

}  // namespace tinyfleet
