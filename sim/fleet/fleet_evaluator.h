// Binds a scenario to the models for one realization: resolves every field
// (literal, global draw or device distribution) to plain numbers, sums the
// fleet over devices (exact mode) or representative devices (cohort mode)
// and calls the pure functions in models/. Holds no formula of its own.
#pragma once
#include <optional>
#include <vector>

#include "models/fleet/class_year_totals.h"
#include "models/fleet/cohort_tally.h"
#include "models/fleet/fleet_metrics.h"
#include "sim/fleet/device_field.h"
#include "sim/fleet/device_simulation.h"
#include "sim/engine/monte_carlo.h"
#include "sim/engine/parameters.h"
#include "sim/engine/scrambled_net.h"
#include "sim/input/scenario.h"

namespace tinyfleet {

class Progress;

// Devices per exact-mode task: large enough that scheduling costs nothing,
// small enough to balance one realization over many threads.
constexpr std::uint64_t exact_chunk_devices = std::uint64_t(1) << 20;

// The quantities whose cohort-mode mean-term error is estimated per class
// and realization (relative, over the simulated window): installed base
// (device-years), operational emissions and offsets.
constexpr models::Metric mean_term_quantities[] = {models::installed_base, models::emissions_operational,
                                                   models::offsets};
constexpr int mean_term_quantity_count = 3;

class FleetEvaluator : public RealizationModel {
public:
    explicit FleetEvaluator(const Scenario& scenario);

    int metric_count() const;
    int class_count() const { return static_cast<int>(scenario_.classes.size()); }
    int year_count() const { return scenario_.run.year_count(); }
    // Values one realization produces: [metric][class][year], then the
    // device carbon payback time of each class [class] (years, +inf = never),
    // then the mean device lifetime of each class [class] (years: what the
    // payback is held against), then the cohort mode's mean-term error
    // estimates [class][mean_term_quantity] (0 in the exact mode).
    std::size_t values_per_realization() const override;
    std::size_t metric_values_per_realization() const;
    // Where the mean lifetimes and the mean-term error estimates start among a realization's values.
    std::size_t mean_lifetime_offset() const { return metric_values_per_realization() + std::size_t(class_count()); }
    std::size_t mean_term_error_offset() const { return mean_lifetime_offset() + std::size_t(class_count()); }
    std::size_t inputs_per_realization() const override { return global_parameters_.size(); }

    struct ExactTask {
        int class_index, cohort;
        std::uint64_t first_device, device_count;
    };

    // Per-thread working memory, allocated once and reused for every realization.
    struct Scratch : RealizationModel::Worker {
        RealizedParameters parameters;
        std::vector<double> grid;           // [region][year] kg CO2e/kWh
        std::vector<double> class_grid;     // [class region][year]
        std::vector<double> shipments;      // [class][year] devices
        std::vector<int> anchor_years;
        std::vector<double> anchor_devices;
        std::vector<DeviceFieldTables> tables;  // [class] per-realization tables of device distributions (exact mode)
        std::vector<ClassDevices> devices;  // [class]
        std::vector<models::ClassConstants> constants;  // [class]
        std::vector<models::DeviceOutcome> representatives;
        std::vector<std::uint32_t> net_words;   // [word] random words of one dimension's scrambling
        std::vector<std::uint32_t> net_scratch; // ScrambledNet::coordinates working memory
        std::vector<DeviceUniforms> representative_uniforms;  // [batch of device_batch representatives]
        std::vector<std::uint32_t> sign_words;  // [device / 32][cohort] noise signs
        std::size_t padded_cohorts = 0;         // cohorts rounded up to a multiple of 4
        std::vector<std::uint16_t> sign_masks;  // [device][cohort / 16] noise signs (models::device_sign_masks)
        std::vector<double> bin_values;         // [device][bin value]
        std::vector<double> sign_sums;          // [padded cohort] sum of the noise signs / m (the mean's weight)
        std::vector<double> noise_bin;          // [bin value][padded cohort] of one bin (models::add_signed_bin)
        std::vector<double> noise_tallies;      // [tally value][padded cohort] (models::TallyLayout)
        std::vector<std::uint32_t> bin_starts;  // counting sort of the representatives by bin
        std::vector<std::uint32_t> bin_of_device;  // [representative] its bin
        std::vector<std::uint32_t> bin_order;   // representatives, bin by bin
        std::vector<double> tally, class_out;
        // The cohort mode's mean term (cohort_sum.cpp): moment sums of the
        // representatives by halves of their net, the average device's bins
        // and tallies from them (whole net, first half, second half), and the
        // mean term alone of each half, in calendar years, for the error estimate.
        std::vector<double> moment_sums;        // [half a, half b, whole][models::DeviceMoments]
        std::vector<double> region_weights;     // [class region]
        std::vector<double> expected_bins;      // models::DeviceBins
        std::vector<double> expected_tallies;   // [whole, half a, half b][tally]
        std::vector<double> half_calendars;     // [half a, half b][calendar]
        std::vector<double> half_class_out;     // [metric][year] of one half's calendar
        std::vector<double> device_kwh, lifetimes;  // [representative] energy use [kWh/yr] and lifetime [yr] (draw_representatives)
        std::vector<double> calendars;      // [class][calendar]
        std::vector<ExactTask> tasks;
        std::vector<double> partials;       // [task][tally]
    };
    std::unique_ptr<Worker> make_worker() const override;

    // Evaluates realization `r`; writes values_per_realization() numbers to
    // `out` and the global parameter draws to `inputs` (one per global parameter).
    void evaluate(std::uint64_t r, Worker& scratch, double* out, double* inputs) const override;

    // Indices of the global parameters, in the order they are written to `inputs`.
    const std::vector<int>& global_parameters() const { return global_parameters_; }

    // Replaces the design of the global draws (default: the scenario's
    // run.sampling and correlations; sim/engine/sampling_design.h).
    void set_design(GlobalDesign design) { design_ = std::move(design); }

    // Exact mode under MPI (sim/parallel/mpi_run.h): each rank runs its contiguous
    // part of every realization's device tasks and the partial tallies are
    // exchanged with a collective call inside evaluate(). Only for a loop in
    // which every rank evaluates the same realizations in the same order on
    // its main thread (LoopOrder::one_at_a_time).
    void share_device_tasks_over_ranks() { share_tasks_ = true; }

    // Common random numbers across model runs (sensitivity): every realization
    // draws its devices, cohort representatives and noise signs as
    // `realization` does, so that the outputs are a deterministic function of
    // the global draws; two realizations with the same global inputs then give
    // the same bits, and a design row's effect is not mixed with fresh device
    // noise. Global draws keep their own realization index.
    void fix_device_draws(std::uint64_t realization) { fixed_device_realization_ = realization; }

    // What an exact-mode run will cost, known before it starts
    // (exact_cost.cpp): the devices its realizations simulate and the rate
    // at which this machine simulates them.
    struct ExactCost {
        double devices_per_realization = 0;  // mean over the realizations looked at
        std::uint64_t realizations_looked_at = 0;
        std::uint64_t calibration_devices = 0;  // simulated to measure the rate, results discarded
        double calibration_seconds = 0;
        double devices_per_second() const {
            return calibration_seconds > 0 ? double(calibration_devices) / calibration_seconds : 0.0;
        }
    };
    // Devices of realizations [first, first + look_at) from their shipments
    // alone, and the time `threads` threads take to simulate about
    // `calibration_devices` of realization `first`'s devices, drawn from
    // every class and cohort. Touches no result: the calibration's tallies
    // are thrown away.
    ExactCost estimate_exact_cost(std::uint64_t first, std::uint64_t look_at, std::uint64_t calibration_devices,
                                  int threads) const;

    // Exact mode: every task adds its devices to `progress` (null: none), so
    // that a run of a few long realizations shows them move. Call after
    // estimate_exact_cost, whose calibration devices are not the run's.
    void report_devices_to(Progress* progress) { device_progress_ = progress; }

private:
    const Scenario& scenario_;
    std::vector<int> global_parameters_;
    GlobalDesign design_ = design_for_scenario(scenario_);  // scenario_ is initialised first
    std::vector<QuantileTable> constant_tables_;  // [parameter] for device-scope parameters without references
    models::TallyLayout tally_layout_;            // Y ages, the largest class region count
    models::CalendarLayout calendar_layout_;
    ScrambledNet representative_net_;             // run.cohort_devices points over the device fields
    bool share_tasks_ = false;                    // share_device_tasks_over_ranks()
    std::optional<std::uint64_t> fixed_device_realization_;  // fix_device_draws()
    Progress* device_progress_ = nullptr;                    // report_devices_to()

    // fleet_evaluator.cpp: the realization's orchestration.
    void prepare_realization(std::uint64_t r, Scratch& s) const;
    DeviceField device_field(const NumberOrParameter& q, Scratch& s, QuantileTable* table) const;
    void class_constants(int c, std::uint64_t realization, Scratch& s) const;  // realization: for messages
    void draw_representatives(int c, Scratch& s) const;
    std::uint64_t whole_devices(double shipments, int c, int y) const;
    // class_shipments.cpp: per-year numbers a class's devices share.
    void grid_paths(Scratch& s) const;
    void class_shipments(Scratch& s) const;
    // exact_sum.cpp, cohort_sum.cpp: the fleet sum of each mode.
    void exact_tasks(Scratch& s) const;  // s.tasks of the prepared realization
    void run_exact_task(const ExactTask& task, const Scratch& s, double* tally) const;
    void sum_exact(Scratch& s) const;
    void sum_cohorts(int c, Scratch& s) const;
    void mean_term_tallies(int c, Scratch& s) const;
    void paired_battery_moments(int c, Scratch& s) const;
    void mean_term_errors(int c, Scratch& s, double* out) const;
};

}  // namespace tinyfleet
