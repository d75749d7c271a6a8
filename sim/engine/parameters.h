// Named uncertain parameters and the values they take in one realization.
//
// A parameter has a distribution, a unit and a scope:
//   global: one draw per realization, shared by every device (epistemic);
//   device: one draw per device (aleatory). The foundation fleet model works
//           with cohort expectations, so a device-scope parameter enters it
//           through its distribution (mean, survival function), see
//           docs/model.md.
// Distribution arguments are Quantities: a number or the name of a global
// parameter, so one parameter's distribution can depend on another's draw.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/engine/distribution.h"
#include "sim/engine/input_error.h"

namespace tinyfleet {

class GlobalDesign;

// A numeric field: a literal number, or a reference to a named parameter.
struct NumberOrParameter {
    double value = 0.0;
    int parameter = -1;  // index into ParameterSet, -1 for a literal
    bool is_literal() const { return parameter < 0; }
};

enum class Scope { global, device };

// How a scenario spells a distribution: its YAML `type`, which fixes the
// names of its arguments. Not the same as DistributionKind (the family the
// engine samples, sim/engine/distribution.h): two forms give one family
// (lognormal by median and geometric sd, or by mean and sd), and a form's
// arguments may be references resolved per realization before the
// distribution is built (build_distribution).
enum class DistributionForm {
    fixed, uniform, normal, truncated_normal, lognormal_median_gsd, lognormal_mean_sd,
    triangular, pert, beta, weibull, gamma, discrete, empirical
};

struct ParameterSpec {
    std::string name;
    std::string unit;           // unit of the values: the canonical unit of the fields using it once converted
    std::string declared_unit;  // as the scenario wrote it
    std::string source;     // citation, free text
    std::string label;      // short human text for tables and figures (a scenario's is never empty)
    Scope scope = Scope::global;
    DistributionForm form = DistributionForm::fixed;
    std::vector<NumberOrParameter> arguments;       // in the order of distribution_argument_names(form)
    std::vector<double> table_values;      // discrete / empirical
    std::vector<double> table_weights;     // discrete
    Distribution constant_distribution;    // built once when no argument is a reference
    bool has_references = false;
    bool has_nominal = false;              // `nominal:` given: the value used by point evaluation
    double nominal = 0.0;
    SourceLocation where;                  // of the distribution, for runtime messages
    std::string path;                      // e.g. parameters.mcu_cpa
    std::uint64_t stream = 0;              // random stream id (from the name)
};

// The YAML argument names of each form (e.g. normal -> mean, sd).
const std::vector<std::string>& distribution_argument_names(DistributionForm form);
// Optional arguments with their default (beta's min/max); empty for most forms.
double distribution_argument_default(DistributionForm form, std::size_t index, bool* has_default);
// Whether argument `index` of `form` is in the parameter's unit (a location or
// scale: mean, sd, min, max, median, scale, value) rather than a pure number
// (a shape: gsd, alpha, beta, shape).
bool distribution_argument_has_unit(DistributionForm form, std::size_t index);
// Multiplies every value of the parameter in its unit by `factor` > 0: the
// literal arguments that have a unit, the table values (not the weights) and
// the nominal value. The distribution of `factor` x X, for the forms here.
// Arguments that are references are left alone (the referenced parameter is
// converted itself). The caller rebuilds constant_distribution.
void scale_parameter_values(ParameterSpec& spec, double factor);
// Builds the distribution from resolved argument values. Throws
// std::invalid_argument with a message naming the bad argument.
Distribution build_distribution(const ParameterSpec& spec, const double* arguments);

// The closed interval of values a parameter can take in any realization.
struct ValueRange {
    double min = 0.0, max = 0.0;
};

class ParameterSet {
public:
    // Adds a parameter; its references are resolved later by finalize().
    int add(ParameterSpec spec);
    int find(const std::string& name) const;  // -1 if unknown
    std::vector<std::string> names() const;
    const ParameterSpec& operator[](int i) const { return specs_[static_cast<std::size_t>(i)]; }
    // While the scenario is read (units converted, distributions built);
    // ranges are computed after the last change.
    ParameterSpec& edit(int i) { return specs_[static_cast<std::size_t>(i)]; }
    int size() const { return static_cast<int>(specs_.size()); }

    // Orders global parameters so that each comes after those its arguments
    // reference; throws InputError naming the cycle if there is one.
    void finalize();
    const std::vector<int>& evaluation_order() const { return order_; }

    // After finalize() and once every constant_distribution is built: the
    // range of each parameter. A distribution's values lie between its
    // quantiles at the extremes samplers can reach (quantile() clamps u to
    // [smallest positive double, 1 - 2^-53]); for one whose arguments refer
    // to other parameters, over every combination of the extremes of those
    // parameters' ranges (each family's quantile is monotone in each
    // argument; lognormal by mean and sd, which is not, gets an analytic
    // bound). Combinations that make the distribution invalid are skipped;
    // if all do, the range is unbounded.
    const std::vector<ValueRange>& ranges() const { return ranges_; }
    void compute_ranges();

private:
    std::vector<ParameterSpec> specs_;
    std::vector<int> order_;
    std::vector<ValueRange> ranges_;
};

// The values of all parameters in one realization. For global parameters,
// `value` is the draw; for device parameters, `distribution` is the device
// distribution of this realization (its arguments may reference globals) and
// `value` its mean.
struct RealizedParameters {
    std::vector<double> value;
    std::vector<Distribution> distribution;
    std::vector<double> uniforms;  // scratch: the design's uniforms of the global parameters

    double operator()(const NumberOrParameter& q) const {
        return q.is_literal() ? q.value : value[static_cast<std::size_t>(q.parameter)];
    }
};

// Nominal values for point evaluation: each parameter's `nominal:` value where
// given, else the median of its distribution (arguments that reference other
// parameters use those parameters' nominal values). Device-scope parameters
// also get their median (a typical device), not their mean.
void nominal_parameters(const ParameterSet& set, RealizedParameters& out);

// Draws the global parameters of realization `realization` and resolves the
// device distributions. `out` is reused across calls to avoid allocation.
// Throws RuntimeFailure if a drawn argument makes a distribution invalid.
// Each global parameter's uniform comes from `design` when it is given and
// active (LHS, Sobol', correlations, explicit rows: sim/engine/sampling_design.h),
// else from its Philox stream (plain Monte Carlo).
void realize_parameters(const ParameterSet& set, std::uint64_t seed, std::uint64_t realization,
                        RealizedParameters& out, const GlobalDesign* design = nullptr);

}  // namespace tinyfleet
