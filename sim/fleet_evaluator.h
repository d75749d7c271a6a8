// Binds a scenario to the models for one realization: resolves every field
// (literal, global draw or device distribution) to plain numbers and calls
// the pure functions in models/. Holds no formula of its own.
#pragma once
#include <vector>

#include "sim/monte_carlo.h"
#include "sim/parameters.h"
#include "sim/scenario.h"

namespace tinyfleet {

class FleetEvaluator : public RealizationModel {
public:
    explicit FleetEvaluator(const Scenario& scenario);

    int metric_count() const;
    int class_count() const { return static_cast<int>(scenario_.classes.size()); }
    int year_count() const { return scenario_.run.year_count(); }
    // Values one realization produces: [metric][class][year], then the
    // device carbon payback time of each class [class] (years, +inf = never).
    std::size_t values_per_realization() const override;
    std::size_t metric_values_per_realization() const;
    std::size_t inputs_per_realization() const override { return global_parameters_.size(); }

    // Per-thread working memory, allocated once and reused for every realization.
    struct Scratch : RealizationModel::Worker {
        RealizedParameters parameters;
        std::vector<double> shipments, grid, survival_half, device_years, class_out;
        std::vector<int> anchor_years;
        std::vector<double> anchor_devices;
    };
    std::unique_ptr<Worker> make_worker() const override;

    // Evaluates realization `r`; writes values_per_realization() numbers to
    // `out` and the global parameter draws to `inputs` (one per global parameter).
    void evaluate(std::uint64_t r, Worker& scratch, double* out, double* inputs) const override;

    // Indices of the global parameters, in the order they are written to `inputs`.
    const std::vector<int>& global_parameters() const { return global_parameters_; }

    // Replaces the design of the global draws (default: the scenario's
    // run.sampling and correlations; sim/sampling_design.h).
    void set_design(GlobalDesign design) { design_ = std::move(design); }

private:
    const Scenario& scenario_;
    std::vector<int> global_parameters_;
    GlobalDesign design_ = design_for_scenario(scenario_);  // scenario_ is initialised first
};

}  // namespace tinyfleet
