#include "sim/input/scenario.h"

#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>

#include "models/device/battery.h"
#include "models/device/pcb.h"
#include "models/device/yield.h"
#include "models/fleet/shipments.h"
#include "models/units.h"
#include "models/use/grid.h"
#include "models/use/use_phase.h"
#include "sim/input/correlations_block.h"
#include "sim/input/label.h"
#include "sim/input/parameter_units.h"
#include "sim/input/scenario_fields.h"
#include "sim/input/unit_system.h"
#include "sim/input/reference_tables.h"

namespace tinyfleet {

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

// The values a field may physically take; checked for literals and for the
// support of the distribution a field refers to.
struct Domain {
    double min = -inf;
    double max = inf;
    std::string unit = "1";  // canonical unit (sim/input/scenario_fields.h, bom_catalogue.h)
};

Domain domain_of(const ScenarioField& f) { return {f.min, f.max, f.unit}; }

std::string describe(const Domain& d) {
    if (d.min > -inf && d.max < inf) return "between " + number_text(d.min) + " and " + number_text(d.max);
    if (d.min > -inf) return ">= " + number_text(d.min);
    return "<= " + number_text(d.max);
}


bool valid_name(const std::string& s) {
    if (s.empty() || s.size() > 64) return false;
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
    return std::isalpha(static_cast<unsigned char>(s[0])) != 0;
}

// Why a valid identifier cannot name a parameter, or nothing. Global
// parameters become datasets beside the coordinates in /inputs/ of result
// files (year, sample, quantile, device_class, device_class_label, and the
// format-1 class: sim/io/result_layout.h) and of sweep files (sweep_point,
// seed: sim/app/sweep_command.cpp); such a name would fail only when the
// finished run is written. A name that reads as a number (inf, nan,
// infinity, any case) could never be used: a field holding it is that number.
std::optional<std::string> parameter_name_problem(const std::string& name) {
    static const std::set<std::string> coordinates = {"year",  "sample",      "quantile", "device_class",
                                                      "class", "device_class_label", "sweep_point", "seed"};
    if (coordinates.count(name))
        return "the name '" + name + "' is reserved for a coordinate of the result files; choose another name";
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "inf" || lower == "nan" || lower == "infinity")
        return "the name '" + name + "' reads as a number where a field uses it; choose another name";
    return std::nullopt;
}

// A key read under its former name: a warning on stderr, once per place
// (a sweep or a sensitivity analysis reads its scenario many times).
void warn_renamed_key(const SourceLocation& where, const std::string& old_path, const std::string& new_path) {
    static std::mutex mutex;
    static std::set<std::string> warned;
    const std::string place = where.file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
    const std::lock_guard<std::mutex> lock(mutex);
    if (!warned.insert(place + old_path).second) return;
    std::fprintf(stderr, "%s: warning: %s is deprecated: write %s (same meaning)\n", place.c_str(), old_path.c_str(),
                 new_path.c_str());
}

// The paper's block names that are not manufacturing.
Stage stage_of_block(const std::string& name) {
    if (name == "transport") return Stage::transport;
    if (name == "ml_training" || name == "training") return Stage::training;
    if (name == "end_of_life") return Stage::end_of_life;
    if (name == "use_stage" || name == "use") return Stage::use;
    return Stage::manufacturing;
}

class ScenarioParser {
public:
    ScenarioParser(Scenario& s, const YamlDocument& doc) : s_(s), doc_(doc) {}

    void parse() {
        MapReader top(doc_, doc_.root, "");
        top.allow_text("description");
        parse_run(top.required("run"));
        declare_parameters(top.optional("parameters"));
        parse_grid(top.required("grid"));
        parse_market(top.optional("market"));
        parse_classes(top.required("classes"));
        refuse_unused_market(top.optional("market"));
        s_.correlations = parse_correlations(doc_, top.optional("correlations"), s_.parameters);
        s_.sweep = parse_sweep_plan(doc_, top.optional("sweep"));
        top.finish();
        resolve_units();
        check_batteries();
        // Point evaluation resolves distributions at nominal values: a
        // combination that is invalid there is refused by validate too.
        RealizedParameters nominal;
        nominal_parameters(s_.parameters, nominal);
    }

    // Converts every parameter to the unit of the fields that use it, then
    // checks the values each parameter can take against those fields.
    void resolve_units() {
        for (const int i : convert_parameter_units(s_.parameters, declared_units_, parameter_uses_))
            build_constant_distribution(i);
        s_.parameters.compute_ranges();
        for (const PendingRangeCheck& c : range_checks_) check_parameter_range(c.node, c.path, c.parameter, c.domain);
        for (const PendingGrowthCheck& c : growth_checks_) check_growth_bound(c);
        for (const PendingYieldCheck& c : yield_checks_) check_yield_bound(c);
        for (const PendingGridPathCheck& c : grid_path_checks_) check_grid_path(c);
        if (mcu_growth_node_.IsDefined()) check_mcu_path();
        for (const PendingCycleLifeCheck& c : cycle_life_checks_) check_whole_cycles(c);
    }


    // A battery that cannot run its device for one day is an input error
    // unless replacements are modelled (cycle_life given). Checked at nominal
    // inputs (parameters' nominal or median values).
    void check_batteries() {
        bool any_capacity = false;
        for (const DeviceClass& c : s_.classes)
            for (const BomBlock& b : c.bom) any_capacity |= b.model == BlockModel::battery;
        if (!any_capacity) return;
        RealizedParameters p;
        nominal_parameters(s_.parameters, p);
        for (const DeviceClass& c : s_.classes) {
            for (const BomBlock& b : c.bom) {
                if (b.model != BlockModel::battery) continue;
                const BatteryInputs& battery = std::get<BatteryInputs>(b.inputs);
                const double capacity_wh = p(battery.capacity_wh), dod = p(battery.depth_of_discharge),
                             cycles = p(battery.cycle_life);
                if (capacity_wh <= 0 || cycles > 0) continue;
                const double energy = models::use_phase_device_energy_kwh(p(c.active_power_w), p(c.sleep_power_w),
                                                                          p(c.duty_cycle), p(c.hours_per_year));
                const double usable = models::battery_usable_capacity_wh(capacity_wh, dod);
                if (models::battery_too_small_for_one_day(energy, usable))
                    throw InputError(b.where, b.path + ".capacity_wh",
                                     "battery too small: " + number_text(usable) + " Wh usable, but the device uses " +
                                         number_text(models::use_phase_energy_per_day_wh(energy)) +
                                         " Wh per day; give a larger capacity_wh or enable replacements with cycle_life");
            }
        }
    }

private:
    Scenario& s_;
    const YamlDocument& doc_;
    ReferenceData tables_;
    std::map<std::string, YAML::Node> parameter_nodes_;
    std::vector<DeclaredUnit> declared_units_;    // by parameter index
    std::vector<ParameterUse> parameter_uses_;    // fields that refer to parameters, in reading order
    // A field's reference to a parameter, checked against the field's domain
    // once the parameter is in the field's unit.
    struct PendingRangeCheck {
        YAML::Node node;
        std::string path;
        int parameter;
        Domain domain;
    };
    std::vector<PendingRangeCheck> range_checks_;
    struct PendingGrowthCheck {
        YAML::Node node;
        std::string path;
        int class_index;  // -1: market.total; else the class being read (pushed to s_.classes after its shipments)
    };
    std::vector<PendingGrowthCheck> growth_checks_;
    // A computed die yield (an `ic` block with a yield model), checked against
    // the bound of a given `yield` once parameter ranges are known.
    struct PendingYieldCheck {
        YAML::Node node;  // yield_model
        std::string path;
        IcChoices choices;
        NumberOrParameter die_area_mm2, defect_density_per_cm2;
        double smallest_yield;
    };
    std::vector<PendingYieldCheck> yield_checks_;
    struct PendingGridPathCheck {
        YAML::Node node;  // decline_per_year
        std::string path;
        std::size_t region;
    };
    std::vector<PendingGridPathCheck> grid_path_checks_;
    YAML::Node mcu_growth_node_;  // market.cap.growth_per_year, when given
    struct PendingCycleLifeCheck {
        YAML::Node node;
        std::string path;
        NumberOrParameter cycle_life;
    };
    std::vector<PendingCycleLifeCheck> cycle_life_checks_;

    // The values a quantity can take: a literal's value, or a parameter's
    // range widened to its nominal value (used by point).
    ValueRange reachable(const NumberOrParameter& q) const {
        if (q.is_literal()) return {q.value, q.value};
        ValueRange r = s_.parameters.ranges()[std::size_t(q.parameter)];
        const ParameterSpec& p = s_.parameters[q.parameter];
        if (p.has_nominal) r = {std::min(r.min, p.nominal), std::max(r.max, p.nominal)};
        return r;
    }

    // The largest value of `value_at(rate, year)` over the simulated years and
    // the rates `rate` reaches: a path base x (1 + g)^(y - y0) is monotone in
    // the year and in the rate, so its largest value is at a corner.
    template <class Path>
    double largest_on_path(const ValueRange& rate, Path value_at) const {
        double largest = 0.0;
        for (const double r : {rate.min, rate.max})
            for (const int year : {s_.run.first_year, s_.run.last_year}) {
                const double v = value_at(r, year);
                if (!(v <= largest)) largest = v;  // NaN and inf are kept
            }
        return largest;
    }

    // Growth after the last anchor must not carry a projection past the
    // devices-per-year bound within the simulated years (checked at the
    // largest reachable values).
    void check_growth_bound(const PendingGrowthCheck& c) {
        const ShipmentProjection& p =
            c.class_index < 0 ? s_.market.total : s_.classes[std::size_t(c.class_index)].shipments;
        const auto largest = [&](const NumberOrParameter& q) {
            return q.is_literal() ? q.value : s_.parameters.ranges()[std::size_t(q.parameter)].max;
        };
        const int last_anchor = p.anchors.back().year;
        const double last_devices = largest(p.anchors.back().devices);
        const double reach = models::shipments_in_year(&last_anchor, &last_devices, 1,
                                                       models::ShipmentInterpolation::linear, s_.run.last_year,
                                                       largest(p.growth_after_last_anchor));
        if (!(reach <= max_devices_per_year))
            doc_.fail(c.node, c.path,
                      "can carry shipments to " + number_text(reach) + " devices per year by " +
                          std::to_string(s_.run.last_year) + ", above the bound of " +
                          number_text(max_devices_per_year) + "; choose a smaller growth rate");
    }

    // A yield the model computes has the lower bound of a given `yield`: every
    // yield model falls with die area x defect density, so the smallest yield
    // is at the largest values they reach. Below it, the die's carbon per area
    // (divided by the yield) would leave the range that keeps results finite.
    void check_yield_bound(const PendingYieldCheck& c) {
        const double area_mm2 = reachable(c.die_area_mm2).max, density = reachable(c.defect_density_per_cm2).max;
        const double yield = models::die_yield(c.choices.yield_model, area_mm2 / models::mm2_per_cm2, density,
                                               c.choices.negative_binomial_alpha, 1.0);
        if (!(yield >= c.smallest_yield))
            doc_.fail(c.node, c.path,
                      "gives a die yield of " + number_text(yield) + " at die_area_mm2 " + number_text(area_mm2) +
                          " and defect_density_per_cm2 " + number_text(density) +
                          " (the largest values they reach), below the bound of yield (" +
                          number_text(c.smallest_yield) + "); give a smaller die area or defect density");
    }

    // A cell's cycle life is 0 (no replacements modelled) or at least one full
    // cycle: the replacements are the device's energy over cycle_life cells'
    // worth, so a fraction of a cycle near 0 would need inf of them.
    void check_whole_cycles(const PendingCycleLifeCheck& c) {
        const ValueRange cycles = reachable(c.cycle_life);
        if (cycles.max > 0 && cycles.min < 1)
            doc_.fail(c.node, c.path,
                      "must be 0 (no replacements) or at least 1 full cycle, but " +
                          (c.cycle_life.is_literal() ? "is " + number_text(cycles.min)
                                                     : "can take values from " + number_text(cycles.min) + " to " +
                                                           number_text(cycles.max)));
    }

    // A region's intensity I (1 - d)^(y - base_year) must stay in the domain
    // of intensity_kg_per_kwh in every simulated year (at the extreme values
    // of its inputs): before base_year a decline raises it, and a decline of
    // 1 would raise 0 to a negative power.
    void check_grid_path(const PendingGridPathCheck& c) {
        const GridRegion& region = s_.regions[c.region];
        const double top = reachable(region.intensity_kg_per_kwh).max;
        const double limit = scenario_field("grid.regions.*.intensity_kg_per_kwh").max;
        const double reach = largest_on_path(reachable(region.decline_per_year), [&](double decline, int year) {
            return models::grid_intensity(top, decline, region.base_year, year);
        });
        if (!(reach <= limit))
            doc_.fail(c.node, c.path,
                      "can carry the intensity to " + number_text(reach) + " kg CO2e/kWh between " +
                          std::to_string(s_.run.first_year) + " and " + std::to_string(s_.run.last_year) +
                          " (base year " + std::to_string(region.base_year) + "), above the bound of " +
                          number_text(limit) + " kg CO2e/kWh; choose a decline closer to 0");
    }

    // All-MCU shipments M (1 + g)^(y - base_year) must stay in the domain of
    // mcu_shipments in every simulated year: before base_year a shrinking
    // market grows backwards, and a rate of -1 would raise 0 to a negative
    // power (and max_share x M would be 0 x inf).
    void check_mcu_path() {
        const Market& m = s_.market;
        const double top = reachable(m.mcu_shipments).max;
        const double reach = largest_on_path(reachable(m.mcu_growth_per_year), [&](double growth, int year) {
            return models::mcu_shipments(top, growth, m.mcu_base_year, year);
        });
        if (!(reach <= max_devices_per_year))
            doc_.fail(mcu_growth_node_, "market.cap.growth_per_year",
                      "can carry all-MCU shipments to " + number_text(reach) + " devices per year between " +
                          std::to_string(s_.run.first_year) + " and " + std::to_string(s_.run.last_year) +
                          " (base year " + std::to_string(m.mcu_base_year) + "), above the bound of " +
                          number_text(max_devices_per_year) + "; choose a growth rate closer to 0");
    }

    void check_count(const YAML::Node& node, const std::string& path, std::size_t limit) {
        if (node.size() > limit)
            doc_.fail(node, path, "has " + std::to_string(node.size()) + " entries; at most " + std::to_string(limit) +
                                      " are allowed");
    }

    std::string read_name(const YAML::Node& node, const std::string& path, const char* what) {
        const std::string name = read_string(doc_, node, path);
        if (!valid_name(name))
            doc_.fail(node, path, std::string("invalid ") + what + " name '" + name +
                                      "': use 1-64 letters, digits, '_' or '-', starting with a letter");
        return name;
    }

    void parse_run(const YAML::Node& node) {
        MapReader r(doc_, node, "run");
        r.allow_text("description");
        s_.run.name = read_name(r.required("name"), "run.name", "run");
        s_.run.samples = read_integer(doc_, r.required("samples"), "run.samples", 1, max_samples);
        s_.run.seed = read_unsigned(doc_, r.required("seed"), "run.seed");
        const YAML::Node first = r.required("first_year");
        const YAML::Node last = r.required("last_year");
        s_.run.first_year = static_cast<int>(read_integer(doc_, first, "run.first_year", 1900, 2300));
        s_.run.last_year = static_cast<int>(read_integer(doc_, last, "run.last_year", 1900, 2300));
        if (s_.run.last_year < s_.run.first_year)
            doc_.fail(last, "run.last_year", "years out of order: last_year (" + std::to_string(s_.run.last_year) +
                                                 ") is before first_year (" + std::to_string(s_.run.first_year) + ")");
        if (s_.run.year_count() > max_years)
            doc_.fail(last, "run.last_year", "at most " + std::to_string(max_years) + " years per run");
        if (const YAML::Node sampling = r.optional("sampling"); sampling.IsDefined()) {
            const std::string method = read_string(doc_, sampling, "run.sampling");
            if (method == "mc") s_.run.sampling = SamplingMethod::mc;
            else if (method == "lhs") s_.run.sampling = SamplingMethod::lhs;
            else if (method == "sobol") s_.run.sampling = SamplingMethod::sobol;
            else doc_.fail(sampling, "run.sampling", "expected mc, lhs or sobol, found '" + method + "'");
        }
        if (const YAML::Node mode = r.optional("fleet_mode"); mode.IsDefined()) {
            const std::string name = read_string(doc_, mode, "run.fleet_mode");
            if (name == "cohort") s_.run.fleet_mode = FleetMode::cohort;
            else if (name == "exact") s_.run.fleet_mode = FleetMode::exact;
            else doc_.fail(mode, "run.fleet_mode", "expected 'exact' or 'cohort', found '" + name + "'");
        }
        if (const YAML::Node m = r.optional("cohort_devices"); m.IsDefined())
            s_.run.cohort_devices = static_cast<int>(read_integer(doc_, m, "run.cohort_devices", 2, max_cohort_devices));
        if (const YAML::Node crn = r.optional("common_random_numbers"); crn.IsDefined())
            s_.run.common_random_numbers = read_bool(doc_, crn, "run.common_random_numbers");
        r.finish();
    }

    // Two passes: names and scopes first (so parameters can refer to ones
    // defined below them, and a reference is checked against the scope of its
    // target wherever that is defined), then distributions.
    void declare_parameters(const YAML::Node& node) {
        if (!node.IsDefined()) return;
        MapReader all(doc_, node, "parameters");
        check_count(node, "parameters", max_parameters);
        for (const auto& kv : node) {
            const std::string path = "parameters." + key_text(doc_, kv.first, "parameters");
            const std::string name = read_name(kv.first, path, "parameter");
            if (const auto why = parameter_name_problem(name)) doc_.fail(kv.first, path, *why);
            ParameterSpec spec;
            spec.name = name;
            spec.path = path;
            spec.where = doc_.locate(kv.second, path);
            spec.scope = read_scope(kv.second, path);
            s_.parameters.add(spec);
            parameter_nodes_[name] = kv.second;
            all.allow(name);
        }
        declared_units_.resize(static_cast<std::size_t>(s_.parameters.size()));
        for (int i = 0; i < s_.parameters.size(); ++i) parse_parameter(i);
        s_.parameters.finalize();
        for (int i = 0; i < s_.parameters.size(); ++i) build_constant_distribution(i);
    }

    ParameterSpec& spec(int i) { return s_.parameters.edit(i); }

    Scope read_scope(const YAML::Node& parameter, const std::string& path) {
        MapReader r(doc_, parameter, path);
        const YAML::Node scope = r.required("scope");
        const std::string scope_name = read_string(doc_, scope, r.child_path("scope"));
        if (scope_name == "global") return Scope::global;
        if (scope_name == "device") return Scope::device;
        doc_.fail(scope, r.child_path("scope"), "expected 'global' or 'device', found '" + scope_name + "'");
    }

    void parse_parameter(int index) {
        ParameterSpec& p = spec(index);
        MapReader r(doc_, parameter_nodes_[p.name], p.path);
        r.allow_text("note");
        p.label = read_label(r, p.name);
        DeclaredUnit& unit = declared_units_[static_cast<std::size_t>(index)];
        unit.path = r.child_path("unit");
        unit.where = doc_.locate(parameter_nodes_[p.name], p.path);
        if (const YAML::Node u = r.optional("unit"); u.IsDefined()) {
            unit.given = true;
            unit.text = read_string(doc_, u, unit.path);
            unit.where = doc_.locate(u, unit.path);
            if (const auto why = unit_problem(unit.text)) doc_.fail(u, unit.path, *why);
            p.unit = p.declared_unit = unit.text;
        }
        if (const YAML::Node src = r.optional("source"); src.IsDefined())
            p.source = read_string(doc_, src, r.child_path("source"));
        if (const YAML::Node nominal = r.optional("nominal"); nominal.IsDefined()) {
            p.has_nominal = true;
            p.nominal = read_number(doc_, nominal, r.child_path("nominal"));
        }
        r.allow("scope");  // read by declare_parameters
        parse_distribution(p, r.required("distribution"), r.child_path("distribution"));
        r.finish();
    }

    void parse_distribution(ParameterSpec& p, const YAML::Node& node, const std::string& path) {
        MapReader r(doc_, node, path);
        p.where = doc_.locate(node, path);
        const YAML::Node type_node = r.required("type");
        const std::string type = read_string(doc_, type_node, path + ".type");
        static const std::map<std::string, DistributionForm> forms = {
            {"fixed", DistributionForm::fixed}, {"uniform", DistributionForm::uniform},
            {"normal", DistributionForm::normal}, {"truncated_normal", DistributionForm::truncated_normal},
            {"lognormal", DistributionForm::lognormal_median_gsd}, {"triangular", DistributionForm::triangular},
            {"pert", DistributionForm::pert}, {"beta", DistributionForm::beta},
            {"weibull", DistributionForm::weibull}, {"gamma", DistributionForm::gamma},
            {"discrete", DistributionForm::discrete}, {"empirical", DistributionForm::empirical}};
        const auto found = forms.find(type);
        if (found == forms.end()) {
            std::vector<std::string> names;
            std::string list;
            for (const auto& f : forms) {
                names.push_back(f.first);
                list += (list.empty() ? "" : ", ") + f.first;
            }
            const std::string hint = closest_match(type, names);
            doc_.fail(type_node, path + ".type", "unknown distribution '" + type + "'" +
                                                     (hint.empty() ? "" : " (did you mean '" + hint + "'?)") +
                                                     "; known: " + list);
        }
        p.form = found->second;
        // A lognormal is given either by median and gsd (the LCA convention) or by mean and sd.
        if (p.form == DistributionForm::lognormal_median_gsd && !r.has("median") && (r.has("mean") || r.has("sd")))
            p.form = DistributionForm::lognormal_mean_sd;

        if (p.form == DistributionForm::discrete || p.form == DistributionForm::empirical) {
            p.table_values = read_number_list(r.required("values"), path + ".values");
            if (p.form == DistributionForm::discrete) {
                const YAML::Node w = r.required("weights");
                p.table_weights = read_number_list(w, path + ".weights");
                if (p.table_weights.size() != p.table_values.size())
                    doc_.fail(w, path + ".weights", "expected " + std::to_string(p.table_values.size()) +
                                                        " weights (one per value), found " +
                                                        std::to_string(p.table_weights.size()));
            }
        } else {
            const auto& names = distribution_argument_names(p.form);
            for (std::size_t k = 0; k < names.size(); ++k) {
                bool has_default = false;
                const double fallback = distribution_argument_default(p.form, k, &has_default);
                const YAML::Node arg = has_default ? r.optional(names[k]) : r.required(names[k]);
                if (!arg.IsDefined()) {
                    p.arguments.push_back(NumberOrParameter{fallback, -1});
                    continue;
                }
                const std::string arg_path = path + "." + names[k];
                NumberOrParameter q = read_quantity(arg, arg_path);
                if (!q.is_literal()) {
                    const ParameterSpec& target = s_.parameters[q.parameter];
                    if (target.scope != Scope::global)
                        doc_.fail(arg, arg_path, "refers to '" + target.name +
                                                     "', a device-scope parameter; distribution arguments "
                                                     "may refer only to global parameters");
                    p.has_references = true;
                }
                p.arguments.push_back(q);
            }
        }
        r.finish();
    }

    void build_constant_distribution(int index) {
        ParameterSpec& p = spec(index);
        if (p.has_references) return;
        double args[4] = {0, 0, 0, 0};
        for (std::size_t k = 0; k < p.arguments.size(); ++k) args[k] = p.arguments[k].value;
        try {
            p.constant_distribution = build_distribution(p, args);
        } catch (const std::invalid_argument& e) {
            throw InputError(p.where, p.path + ".distribution", std::string("invalid distribution: ") + e.what());
        }
    }

    std::vector<double> read_number_list(const YAML::Node& node, const std::string& path) {
        if (!node.IsSequence()) doc_.fail(node, path, "expected a list of numbers, e.g. [1, 2, 3]");
        if (node.size() == 0) doc_.fail(node, path, "the list is empty");
        if (node.size() > 1'000'000) doc_.fail(node, path, "at most 1000000 values");
        std::vector<double> out;
        for (std::size_t i = 0; i < node.size(); ++i)
            out.push_back(read_number(doc_, node[i], path + "[" + std::to_string(i) + "]"));
        return out;
    }

    // A number, or the name of a parameter.
    NumberOrParameter read_quantity(const YAML::Node& node, const std::string& path) {
        if (!node.IsDefined() || node.IsNull()) doc_.fail(node, path, "expected a number or a parameter name, found nothing");
        if (!node.IsScalar())
            doc_.fail(node, path, std::string("expected a number or a parameter name, found a ") +
                                      (node.IsMap() ? "map" : "list"));
        if (is_number(node)) return NumberOrParameter{read_number(doc_, node, path), -1};
        const std::string name = node.Scalar();
        const int index = s_.parameters.find(name);
        if (index < 0) {
            const std::string hint = closest_match(name, s_.parameters.names());
            doc_.fail(node, path, "'" + name + "' is neither a number nor a defined parameter" +
                                      (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
        }
        return NumberOrParameter{0.0, index};
    }

    static std::string parameter_form_name(const ParameterSpec& p) {
        return p.has_references ? "with arguments from other parameters" : to_string(p.constant_distribution.kind());
    }

    // A model field: a quantity whose possible values (a parameter's range,
    // and its nominal value) must lie in `domain`.
    // A plain number is in the field's canonical unit; a parameter is
    // converted to it (resolve_units), and its values checked after that.
    NumberOrParameter read_field(MapReader& r, const std::string& key, const Domain& domain, const double* fallback = nullptr) {
        const YAML::Node node = fallback ? r.optional(key) : r.required(key);
        if (!node.IsDefined()) return NumberOrParameter{*fallback, -1};
        const std::string path = r.child_path(key);
        NumberOrParameter q = read_quantity(node, path);
        if (q.is_literal()) {
            if (q.value < domain.min || q.value > domain.max)
                doc_.fail(node, path, "must be " + describe(domain) + unit_suffix(domain.unit) + ", found " + number_text(q.value));
            return q;
        }
        parameter_uses_.push_back({q.parameter, domain.unit, path});
        range_checks_.push_back({node, path, q.parameter, domain});
        return q;
    }
    NumberOrParameter read_field(MapReader& r, const std::string& key, const std::string& field_path, const double* fallback = nullptr) {
        return read_field(r, key, domain_of(scenario_field(field_path)), fallback);
    }

    void check_parameter_range(const YAML::Node& node, const std::string& path, int parameter, const Domain& domain) {
        const ParameterSpec& p = s_.parameters[parameter];
        const ValueRange& range = s_.parameters.ranges()[std::size_t(parameter)];
        const std::string in_unit = p.unit == p.declared_unit ? "" : " (in " + p.unit + ")";
        if (range.min < domain.min || range.max > domain.max)
            doc_.fail(node, path, "parameter '" + p.name + "' (" + parameter_form_name(p) + ") can take values from " +
                                      number_text(range.min) + " to " + number_text(range.max) + in_unit +
                                      ", but this field must be " + describe(domain) + unit_suffix(domain.unit) +
                                      "; choose a distribution bounded to that range");
        if (p.has_nominal && (p.nominal < domain.min || p.nominal > domain.max))
            doc_.fail(node, path, "parameter '" + p.name + "' has nominal " + number_text(p.nominal) + in_unit +
                                      ", but this field must be " + describe(domain) + unit_suffix(domain.unit));
    }

    // ACT's PCB factor for `layers` copper layers, from models/data/components.yaml.
    double act_pcb_factor(int layers) {
        const PcbLayerTable& t = tables_.pcb_layers();
        return models::pcb_kg_per_m2_for_layers(layers, t.by_layers, t.kg_co2e_per_m2_per_layer);
    }

    std::string read_choice(MapReader& r, const std::string& key, const std::vector<std::string>& allowed,
                            const std::string& fallback) {
        const YAML::Node n = r.optional(key);
        if (!n.IsDefined()) return fallback;
        const std::string v = read_string(doc_, n, r.child_path(key));
        for (const auto& a : allowed)
            if (a == v) return v;
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        const std::string hint = closest_match(v, allowed);
        doc_.fail(n, r.child_path(key), "unknown value '" + v + "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)") +
                                            "; expected one of: " + list);
    }

    // A bottom-up block: `{model: <name>, <inputs>...}` (sim/fleet/bom_blocks.h).
    BomBlock parse_model_block(const std::string& name, const YAML::Node& node, const std::string& path) {
        MapReader r(doc_, node, path);
        r.allow_text("source");
        r.allow_text("note");
        const YAML::Node model_node = r.required("model");
        const std::string model = read_string(doc_, model_node, path + ".model");
        const BlockModelSpec* spec = nullptr;
        std::vector<std::string> names;
        for (const auto& m : block_model_catalogue()) {
            names.push_back(m.name);
            if (model == m.name) spec = &m;
        }
        if (!spec) {
            std::string list;
            for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
            const std::string hint = closest_match(model, names);
            doc_.fail(model_node, path + ".model", "unknown block model '" + model + "'" +
                                                       (hint.empty() ? "" : " (did you mean '" + hint + "'?)") +
                                                       "; known: " + list);
        }
        BomBlock b;
        b.name = name;
        b.where = doc_.locate(node, path);
        b.path = path;
        b.model = spec->model;
        b.stage = spec->stage;
        b.inputs = spec->defaults;
        const NumberOrParameter* default_from_table = nullptr;  // a required input the block's other keys gave a default

        if (b.model == BlockModel::ic) {
            // Process node, fab grid and yield model from models/data tables.
            const models::ProcessNodeTable& nodes = tables_.process_nodes();
            const models::FabGridTables& fab_grid = tables_.fab_grid();
            const YAML::Node node_name = r.required("node");
            const models::ProcessNode& pn = lookup_process_node(nodes, read_string(doc_, node_name, path + ".node"),
                                                                doc_.locate(node_name, path + ".node"), path + ".node");
            const std::string policy_name = read_choice(r, "missing_terms", {"zero", "from_nearest_act_node", "from_ecochip_cpa"}, "");
            if (policy_name.empty() && !pn.complete())
                doc_.fail(node_name, path + ".missing_terms",
                          "process node " + pn.name + " lacks ACT terms (" + models::missing_terms(pn) +
                              "); say how to fill them: missing_terms: zero | from_nearest_act_node | from_ecochip_cpa");
            models::MissingTermPolicy policy = models::MissingTermPolicy::zero;
            if (!policy_name.empty()) models::parse_missing_term_policy(policy_name, policy);
            models::GasAbatement abatement = models::GasAbatement::mean;
            models::parse_gas_abatement(read_choice(r, "gas_abatement", {"p95", "p99", "mean"}, "mean"), abatement);
            try {
                b.ic.terms = models::resolve_node_terms(pn, nodes.nodes, policy, abatement);
            } catch (const std::invalid_argument& e) {
                doc_.fail(node_name, path + ".missing_terms", e.what());
            }
            std::string table_name = fab_grid.default_table, location = fab_grid.default_location;
            if (const YAML::Node tn = r.optional("fab_grid_table"); tn.IsDefined()) table_name = read_string(doc_, tn, path + ".fab_grid_table");
            const YAML::Node loc = r.optional("fab_location");
            if (loc.IsDefined()) location = read_string(doc_, loc, path + ".fab_location");
            IcInputs& ic = std::get<IcInputs>(b.inputs);
            ic.ci_fab_g_per_kwh.value = lookup_fab_grid(fab_grid, table_name, location, doc_.locate(loc.IsDefined() ? loc : node, path + ".fab_location"),
                                          path + ".fab_location").g_co2e_per_kwh;
            const std::string ym = read_choice(r, "yield_model", {"fixed", "poisson", "murphy", "negative_binomial"}, "fixed");
            b.ic.yield_model = ym == "poisson" ? models::YieldModel::poisson
                             : ym == "murphy" ? models::YieldModel::murphy
                             : ym == "negative_binomial" ? models::YieldModel::negative_binomial
                                                         : models::YieldModel::fixed;
            b.ic.negative_binomial_alpha = nodes.defaults.negative_binomial_alpha;
            ic.yield.value = nodes.defaults.act_default_yield;
            ic.defect_density_per_cm2.value = pn.has_defect_density() ? pn.defect_density_per_cm2 : 0.0;
            if (b.ic.yield_model != models::YieldModel::fixed && !pn.has_defect_density() && !r.has("defect_density_per_cm2"))
                doc_.fail(node, path + ".defect_density_per_cm2",
                          "yield_model " + ym + " needs a defect density and node " + pn.name + " has none tabulated");
            ic.packaging_g_per_ic.value = nodes.defaults.packaging_g_per_ic;
            b.note = b.ic.terms.note + "; fab grid " + table_name + "/" + location + "; yield " + ym;
        }

        if (b.model == BlockModel::pcb) {
            // `layers: N` picks ACT's per-area factor for N copper layers (models/data/components.yaml)
            // when kg_co2e_per_m2 is not given.
            if (const YAML::Node layers = r.optional("layers"); layers.IsDefined()) {
                const auto n = static_cast<int>(read_integer(doc_, layers, path + ".layers", 1, 64));
                if (!r.has("kg_co2e_per_m2")) {
                    NumberOrParameter& factor = std::get<PcbInputs>(b.inputs).kg_co2e_per_m2;
                    factor.value = act_pcb_factor(n);
                    default_from_table = &factor;
                    b.note = std::to_string(n) + "-layer PCB: ACT " + number_text(factor.value) + " kg CO2e/m2";
                }
            }
        }

        double smallest_yield = 0.0;  // the bound of a given `yield`, for a computed one
        for (const BlockArgument& arg : spec->arguments) {
            NumberOrParameter& field = arg.field(b.inputs);
            const double fallback = field.value;  // the catalogue's default or the one set above
            const bool required = arg.required && &field != default_from_table;
            field = read_field(r, arg.name, Domain{arg.min, arg.max, arg.unit}, required ? nullptr : &fallback);
            if (b.model == BlockModel::ic && std::string(arg.name) == "yield") smallest_yield = arg.min;
        }
        if (b.model == BlockModel::ic && b.ic.yield_model != models::YieldModel::fixed) {
            const IcInputs& ic = std::get<IcInputs>(b.inputs);
            yield_checks_.push_back({r.optional("yield_model"), path + ".yield_model", b.ic, ic.die_area_mm2,
                                     ic.defect_density_per_cm2, smallest_yield});
        }
        if (b.model == BlockModel::battery) {
            const bool by_mass = r.has("mass_g") || r.has("kg_co2e_per_kg");
            const bool by_capacity = r.has("kg_co2e_per_kwh");
            if (by_mass == by_capacity)
                doc_.fail(node, path, "a battery is given either by mass_g and kg_co2e_per_kg, or by capacity_wh "
                                      "and kg_co2e_per_kwh (exactly one of the two)");
            if (by_mass && !(r.has("mass_g") && r.has("kg_co2e_per_kg")))
                doc_.fail(node, path, "mass_g and kg_co2e_per_kg go together");
            if (r.has("cycle_life") && !r.has("capacity_wh"))
                doc_.fail(node, path + ".capacity_wh", "replacements (cycle_life) need the battery's capacity_wh");
            if (by_capacity && !r.has("capacity_wh"))
                doc_.fail(node, path + ".capacity_wh", "capacity_wh and kg_co2e_per_kwh go together");
            if (r.has("cycle_life"))
                cycle_life_checks_.push_back({r.optional("cycle_life"), path + ".cycle_life",
                                              std::get<BatteryInputs>(b.inputs).cycle_life});
        }
        r.finish();
        return b;
    }

    void parse_grid(const YAML::Node& node) {
        MapReader g(doc_, node, "grid");
        const YAML::Node regions = g.required("regions");
        MapReader all(doc_, regions, "grid.regions");
        check_count(regions, "grid.regions", max_regions);
        for (const auto& kv : regions) {
            const std::string path = "grid.regions." + key_text(doc_, kv.first, "grid.regions");
            GridRegion region;
            region.name = read_name(kv.first, path, "region");
            all.allow(region.name);
            MapReader r(doc_, kv.second, path);
            r.allow_text("source");
            r.allow_text("note");
            const YAML::Node from_table = r.optional("from_table");
            if (from_table.IsDefined()) {
                // The published value of models/data/grid_regions.yaml in its year.
                for (const char* key : {"base_year", "intensity_kg_per_kwh"})
                    if (r.has(key))
                        doc_.fail(r.optional(key), r.child_path(key),
                                  std::string("from_table gives the region's ") + key +
                                      "; remove one of from_table and " + key);
                const std::string name = read_string(doc_, from_table, r.child_path("from_table"));
                const models::RegionGridIntensity& published =
                    lookup_region_grid(tables_.grid_regions(), name, doc_.locate(from_table, r.child_path("from_table")),
                                       r.child_path("from_table"));
                region.base_year = published.year;
                region.intensity_kg_per_kwh = NumberOrParameter{published.g_co2e_per_kwh / models::g_per_kg, -1};
            } else {
                region.base_year =
                    static_cast<int>(read_integer(doc_, r.required("base_year"), r.child_path("base_year"), 1900, 2300));
                region.intensity_kg_per_kwh = read_field(r, "intensity_kg_per_kwh", "grid.regions.*.intensity_kg_per_kwh");
            }
            const double no_decline = 0.0;
            region.decline_per_year = read_field(r, "decline_per_year", "grid.regions.*.decline_per_year", &no_decline);
            if (const YAML::Node decline = r.optional("decline_per_year"); decline.IsDefined())
                grid_path_checks_.push_back({decline, r.child_path("decline_per_year"), s_.regions.size()});
            r.finish();
            s_.regions.push_back(region);
        }
        if (s_.regions.empty()) doc_.fail(regions, "grid.regions", "at least one region is needed");
        g.finish();
    }

    int find_region(const YAML::Node& node, const std::string& path) {
        const std::string name = read_string(doc_, node, path);
        std::vector<std::string> names;
        for (std::size_t i = 0; i < s_.regions.size(); ++i) {
            if (s_.regions[i].name == name) return static_cast<int>(i);
            names.push_back(s_.regions[i].name);
        }
        const std::string hint = closest_match(name, names);
        doc_.fail(node, path, "unknown region '" + name + "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)") +
                                  "; regions are defined under grid.regions (a published one by from_table: NAME, "
                                  "models/data/grid_regions.yaml)");
    }

    void parse_classes(const YAML::Node& node) {
        MapReader all(doc_, node, "classes");
        check_count(node, "classes", max_classes);
        for (const auto& kv : node) {
            const std::string path = "classes." + key_text(doc_, kv.first, "classes");
            DeviceClass c;
            c.name = read_name(kv.first, path, "class");
            all.allow(c.name);
            MapReader r(doc_, kv.second, path);
            r.allow_text("description");
            c.label = read_label(r, c.name);
            const double zero = 0.0;

            MapReader bom(doc_, r.required("bom"), r.child_path("bom"));
            check_count(bom.node(), bom.path(), max_blocks_per_class);
            std::size_t batteries = 0;
            for (const auto& block : bom.node()) {
                const std::string block_name = read_name(block.first, bom.child_path(key_text(doc_, block.first, bom.path())), "block");
                bom.allow(block_name);
                if (stage_of_block(block_name) == Stage::use)
                    doc_.fail(block.first, bom.child_path(block_name),
                              "use-phase emissions are computed from power, duty cycle, lifetime and grid; "
                              "do not give them as a bill-of-materials block");
                if (block.second.IsMap()) {
                    c.bom.push_back(parse_model_block(block_name, block.second, bom.child_path(block_name)));
                } else {
                    BomBlock b;
                    b.name = block_name;
                    b.stage = stage_of_block(block_name);
                    b.kg_co2e = read_field(bom, block_name, "classes.*.bom.*");
                    c.bom.push_back(b);
                }
                BomBlock& added = c.bom.back();
                const int category = embodied_category_of(block_name, added.model);
                if (category < 0 && added.stage != Stage::end_of_life)
                    doc_.fail(block.first, bom.child_path(block_name),
                              "cannot tell which embodied category block '" + block_name +
                                  "' belongs to; name it one of: " + known_block_names());
                if (category >= 0) added.category = category;
                if (added.model == BlockModel::battery && ++batteries > max_battery_blocks_per_class)
                    doc_.fail(block.first, bom.child_path(block_name),
                              "at most " + std::to_string(max_battery_blocks_per_class) +
                                  " battery blocks per class");
            }

            if (const YAML::Node mcu_node = r.optional("mcu"); mcu_node.IsDefined()) {
                MapReader mcu(doc_, mcu_node, r.child_path("mcu"));
                c.has_mcu = true;
                c.mcu_die_area_mm2 = read_field(mcu, "die_area_mm2", "classes.*.mcu.die_area_mm2");
                c.mcu_carbon_per_area_kg_per_cm2 = read_field(mcu, "carbon_per_area_kg_per_cm2", "classes.*.mcu.carbon_per_area_kg_per_cm2");
                c.mcu_packaging_kg = read_field(mcu, "packaging_kg", "classes.*.mcu.packaging_kg", &zero);
                mcu.finish();
            }
            check_double_counting(c, r, bom.node());

            MapReader power(doc_, r.required("power"), r.child_path("power"));
            c.active_power_w = read_field(power, "active_w", "classes.*.power.active_w");
            c.sleep_power_w = read_field(power, "sleep_w", "classes.*.power.sleep_w", &zero);
            c.duty_cycle = read_field(power, "duty_cycle", "classes.*.power.duty_cycle");
            const double full_year = models::hours_per_year, one = 1.0;
            c.hours_per_year = read_field(power, "hours_per_year", "classes.*.power.hours_per_year", &full_year);
            c.charging_efficiency = read_field(power, "charging_efficiency", "classes.*.power.charging_efficiency", &one);
            power.finish();

            c.lifetime_years = read_field(r, "lifetime_years", "classes.*.lifetime_years");
            c.mass_kg = read_field(r, "mass_kg", "classes.*.mass_kg");
            parse_offset(c, r);
            parse_regions(c, r, kv.second, path);
            parse_shipments(c, r.required("shipments"), r.child_path("shipments"));
            r.finish();
            s_.classes.push_back(std::move(c));
        }
        if (s_.classes.empty()) doc_.fail(node, "classes", "at least one device class is needed");
    }

    // A part of the device counted twice is summed without a word: an `mcu:`
    // die term next to an IC-category block, or two power-supply blocks (a
    // block-level power_supply and a bottom-up battery). Either is an input
    // error unless the class lists the category under `intended_overlap:`
    // (it means every term, e.g. an MCU plus a separate radio IC).
    void check_double_counting(const DeviceClass& c, MapReader& r, const YAML::Node& bom_node) {
        const std::string overlap_path = r.child_path("intended_overlap");
        bool overlap_ic = false, overlap_power = false;
        const YAML::Node overlap = r.optional("intended_overlap");
        if (overlap.IsDefined()) {
            if (!overlap.IsSequence())
                doc_.fail(overlap, overlap_path, "expected a list of categories, e.g. [ic, power_supply]");
            for (std::size_t i = 0; i < overlap.size(); ++i) {
                const std::string item_path = overlap_path + "[" + std::to_string(i) + "]";
                const std::string name = read_string(doc_, overlap[i], item_path);
                if (name == "ic") overlap_ic = true;
                else if (name == "power_supply") overlap_power = true;
                else
                    doc_.fail(overlap[i], item_path,
                              "unknown category '" + name + "'; expected ic or power_supply");
            }
        }
        std::vector<std::pair<std::string, YAML::Node>> ic_blocks, power_blocks;
        std::size_t i = 0;
        for (const auto& block : bom_node) {
            const BomBlock& b = c.bom[i++];
            if (b.stage == Stage::end_of_life) continue;
            if (b.category == models::category_ic) ic_blocks.emplace_back(b.name, block.first);
            if (b.category == models::category_power_supply) power_blocks.emplace_back(b.name, block.first);
        }
        const bool ic_twice = ic_blocks.size() + (c.has_mcu ? 1 : 0) > 1;
        const bool power_twice = power_blocks.size() > 1;
        if (ic_twice && !overlap_ic) {
            if (c.has_mcu)
                doc_.fail(r.required("mcu"), r.child_path("mcu"),
                          "the class has both an mcu: die term and the IC block '" + ic_blocks.front().first +
                              "' in its bom, which would count the MCU twice; remove one of them (or add "
                              "intended_overlap: [ic] to the class if it means both)");
            doc_.fail(ic_blocks[1].second, r.child_path("bom") + "." + ic_blocks[1].first,
                      "the blocks '" + ic_blocks[0].first + "' and '" + ic_blocks[1].first +
                          "' are both IC blocks, which would count the IC twice; remove one of them (or add "
                          "intended_overlap: [ic] to the class if it means both)");
        }
        if (power_twice && !overlap_power)
            doc_.fail(power_blocks[1].second, r.child_path("bom") + "." + power_blocks[1].first,
                      "the blocks '" + power_blocks[0].first + "' and '" + power_blocks[1].first +
                          "' are both power-supply blocks, which would count the power supply twice; remove one "
                          "of them (or add intended_overlap: [power_supply] to the class if it means both)");
        if (overlap_ic && !ic_twice)
            doc_.fail(overlap, overlap_path, "lists ic, but the class has a single IC term; remove the entry");
        if (overlap_power && !power_twice)
            doc_.fail(overlap, overlap_path,
                      "lists power_supply, but the class has a single power-supply block; remove the entry");
    }

    // Avoided emissions: `offset: {...}` (models/use/offsets.h), or the shorthand
    // `offset_kg_per_device_year: D` (direct savings only).
    void parse_offset(DeviceClass& c, MapReader& r) {
        const YAML::Node block = r.optional("offset");
        const YAML::Node shorthand = r.optional("offset_kg_per_device_year");
        if (block.IsDefined() && shorthand.IsDefined())
            doc_.fail(shorthand, r.child_path("offset_kg_per_device_year"),
                      "give either offset_kg_per_device_year or an offset: block, not both");
        const double zero = 0.0, one = 1.0;
        if (shorthand.IsDefined()) {
            c.offset.direct_kg = read_field(r, "offset_kg_per_device_year", "classes.*.offset_kg_per_device_year");
            return;
        }
        if (!block.IsDefined()) return;
        MapReader o(doc_, block, r.child_path("offset"));
        o.allow_text("source");
        o.allow_text("note");
        o.allow_text("assumption");
        c.offset.energy_saved_kwh = read_field(o, "energy_saved_kwh_per_device_year", "classes.*.offset.energy_saved_kwh_per_device_year", &zero);
        c.offset.direct_kg = read_field(o, "direct_kg_per_device_year", "classes.*.offset.direct_kg_per_device_year", &zero);
        // `realisation` is the former name of delivery_rate: still read, with a warning.
        const char* rate_key = "delivery_rate";
        if (const YAML::Node old = o.optional("realisation"); old.IsDefined()) {
            if (o.has("delivery_rate"))
                doc_.fail(old, o.child_path("realisation"), "give delivery_rate only (realisation is its former name)");
            warn_renamed_key(doc_.locate(old, o.child_path("realisation")), o.child_path("realisation"),
                             o.child_path("delivery_rate"));
            rate_key = "realisation";
        }
        c.offset.delivery_rate = read_field(o, rate_key, "classes.*.offset.delivery_rate", &one);
        c.offset.rebound = read_field(o, "rebound", "classes.*.offset.rebound", &zero);
        parse_offset_cap(c.offset, o);
        o.finish();
    }

    // `cap: {addressable: A, per_device: a, unit: NAME}`: at most A / a
    // devices serve (models/use/addressable_cap.h).
    void parse_offset_cap(OffsetModel& offset, MapReader& o) {
        const YAML::Node block = o.optional("cap");
        if (!block.IsDefined()) return;
        if (!block.IsMap())
            doc_.fail(block, o.child_path("cap"),
                      "must be a map {addressable: A, per_device: a, unit: NAME} (at most A / a devices serve)");
        MapReader m(doc_, block, o.child_path("cap"));
        m.allow_text("source");
        m.allow_text("note");
        m.allow_text("assumption");
        offset.has_cap = true;
        offset.cap_addressable = read_field(m, "addressable", "classes.*.offset.cap.addressable");
        offset.cap_per_device = read_field(m, "per_device", "classes.*.offset.cap.per_device");
        const YAML::Node unit = m.required("unit");
        if (!unit.IsScalar() || unit.Scalar().empty())
            doc_.fail(unit, m.child_path("unit"), "must name the addressable unit (ha, m2, motors)");
        offset.cap_unit = unit.Scalar();
        m.finish();
    }

    // `region: NAME`, or `regions: {NAME: weight, ...}` (a deployment mix;
    // weights are normalised in each realization and may be parameters).
    void parse_regions(DeviceClass& c, MapReader& r, const YAML::Node& class_node, const std::string& path) {
        const YAML::Node one = r.optional("region");
        const YAML::Node mix = r.optional("regions");
        if (one.IsDefined() == mix.IsDefined())
            doc_.fail(class_node, path, "give the deployment region as either region: NAME or regions: {NAME: weight, ...}");
        if (one.IsDefined()) {
            c.regions.push_back({find_region(one, r.child_path("region")), NumberOrParameter{1.0, -1}});
            return;
        }
        MapReader m(doc_, mix, r.child_path("regions"));
        check_count(mix, m.path(), max_regions_per_class);
        for (const auto& kv : mix) {
            const std::string key = key_text(doc_, kv.first, m.path());
            m.allow(key);
            const int region = find_region(kv.first, m.child_path(key));
            for (const RegionShare& existing : c.regions)
                if (existing.region == region) doc_.fail(kv.first, m.child_path(key), "region listed twice");
            c.regions.push_back({region, read_field(m, key, "classes.*.regions.*")});
        }
        if (c.regions.empty()) doc_.fail(mix, m.path(), "at least one region is needed");
        // Weights are normalised in each realization: literal zeros everywhere
        // leave nothing to normalise, known before any realization.
        bool all_literal_zeros = true;
        for (const RegionShare& share : c.regions) all_literal_zeros &= share.weight.is_literal() && share.weight.value == 0;
        if (all_literal_zeros)
            doc_.fail(mix, m.path(), "every region weight is 0; give at least one region a weight > 0");
        m.finish();
    }

    // Anchor years (`devices: {YEAR: n, ...}` with `interpolation`) or
    // `logistic: {saturation, midpoint_year, steepness}`.
    // `field_prefix`: the catalogue path of the projection (market.total, classes.*.shipments).
    void parse_projection(ShipmentProjection& p, MapReader& r, const YAML::Node& node, const std::string& path,
                          const std::string& field_prefix) {
        const YAML::Node devices = r.optional("devices");
        const YAML::Node logistic = r.optional("logistic");
        if (devices.IsDefined() == logistic.IsDefined())
            doc_.fail(node, path, "give shipments either as devices: {YEAR: number, ...} or as logistic: "
                                  "{saturation, midpoint_year, steepness}");
        if (logistic.IsDefined()) {
            p.logistic = true;
            MapReader l(doc_, logistic, path + ".logistic");
            p.saturation = read_field(l, "saturation", field_prefix + ".logistic.saturation");
            p.midpoint_year = read_field(l, "midpoint_year", field_prefix + ".logistic.midpoint_year");
            p.steepness = read_field(l, "steepness", field_prefix + ".logistic.steepness");
            l.finish();
            return;
        }
        if (const YAML::Node interp = r.optional("interpolation"); interp.IsDefined()) {
            const std::string name = read_string(doc_, interp, path + ".interpolation");
            if (name == "linear") p.interpolation = Interpolation::linear;
            else if (name == "log") p.interpolation = Interpolation::log;
            else doc_.fail(interp, path + ".interpolation", "expected 'linear' or 'log', found '" + name + "'");
        }
        MapReader anchors(doc_, devices, path + ".devices");
        check_count(devices, path + ".devices", max_anchor_years);
        for (const auto& kv : devices) {
            const std::string key = key_text(doc_, kv.first, path + ".devices");
            const int year = static_cast<int>(read_integer(doc_, kv.first, anchors.child_path(key), 1900, 2300));
            if (!p.anchors.empty() && year <= p.anchors.back().year)
                doc_.fail(kv.first, anchors.child_path(key),
                          "years out of order: " + std::to_string(year) + " comes after " +
                              std::to_string(p.anchors.back().year) + "; list anchor years in increasing order");
            anchors.allow(key);
            NumberOrParameter q = read_field(anchors, key, field_prefix + ".devices.*");
            if (p.interpolation == Interpolation::log && q.is_literal() && q.value <= 0)
                doc_.fail(kv.second, anchors.child_path(key), "log interpolation needs shipments > 0");
            p.anchors.push_back({year, q});
        }
        if (p.anchors.empty()) doc_.fail(devices, path + ".devices", "at least one anchor year is needed");
        anchors.finish();
        const double hold = 0.0;
        p.growth_after_last_anchor = read_field(r, "growth_after_last_anchor", field_prefix + ".growth_after_last_anchor", &hold);
        // Checked once parameter ranges are known (resolve_units).
        if (const YAML::Node g = r.optional("growth_after_last_anchor"); g.IsDefined())
            growth_checks_.push_back({g, r.child_path("growth_after_last_anchor"),
                                      field_prefix == "market.total" ? -1 : int(s_.classes.size())});
    }

    // `market:` (optional): all TinyML shipments and an optional cap by the
    // all-MCU market; classes take normalised shares of it.
    void parse_market(const YAML::Node& node) {
        if (!node.IsDefined()) return;
        MapReader m(doc_, node, "market");
        m.allow_text("description");
        s_.market.defined = true;
        const YAML::Node total = m.required("total");
        MapReader t(doc_, total, "market.total");
        t.allow_text("source");
        t.allow_text("note");
        parse_projection(s_.market.total, t, total, "market.total", "market.total");
        t.finish();
        if (const YAML::Node cap = m.optional("cap"); cap.IsDefined()) {
            MapReader c(doc_, cap, "market.cap");
            c.allow_text("source");
            c.allow_text("note");
            s_.market.capped = true;
            s_.market.mcu_shipments = read_field(c, "mcu_shipments", "market.cap.mcu_shipments");
            s_.market.mcu_base_year =
                static_cast<int>(read_integer(doc_, c.required("base_year"), c.child_path("base_year"), 1900, 2300));
            const double zero = 0.0;
            s_.market.mcu_growth_per_year = read_field(c, "growth_per_year", "market.cap.growth_per_year", &zero);
            mcu_growth_node_ = c.optional("growth_per_year");
            s_.market.max_share = read_field(c, "max_share", "market.cap.max_share");
            c.finish();
        }
        m.finish();
    }

    // A market no class takes a share of would be ignored, its cap included.
    void refuse_unused_market(const YAML::Node& node) const {
        if (!s_.market.defined) return;
        for (const DeviceClass& c : s_.classes)
            if (c.from_market) return;
        doc_.fail(node, "market",
                  "no class takes a market_share, so the market (and its cap) would change nothing; give the "
                  "classes that share it `shipments: {market_share: ...}`, or remove market:");
    }

    void parse_shipments(DeviceClass& c, const YAML::Node& node, const std::string& path) {
        MapReader r(doc_, node, path);
        r.allow_text("source");
        r.allow_text("note");
        if (const YAML::Node share = r.optional("market_share"); share.IsDefined()) {
            if (!s_.market.defined)
                doc_.fail(share, path + ".market_share", "market_share needs a top-level market: block");
            for (const char* other : {"devices", "logistic", "share", "interpolation", "growth_after_last_anchor"})
                if (r.has(other))
                    doc_.fail(share, path + ".market_share",
                              std::string("a class takes either a market_share or its own projection, not both (found ") +
                                  other + ")");
            c.from_market = true;
            c.market_share = read_field(r, "market_share", "classes.*.shipments.market_share");
            r.finish();
            return;
        }
        const double whole = 1.0;
        c.shipment_share = read_field(r, "share", "classes.*.shipments.share", &whole);
        parse_projection(c.shipments, r, node, path, "classes.*.shipments");
        r.finish();
    }
};

}  // namespace

const char* to_string(FleetMode mode) { return mode == FleetMode::exact ? "exact" : "cohort"; }

std::vector<std::string> Scenario::class_names() const {
    std::vector<std::string> out;
    for (const auto& c : classes) out.push_back(c.name);
    return out;
}

std::vector<std::string> Scenario::class_labels() const {
    std::vector<std::string> out;
    for (const auto& c : classes) out.push_back(c.label);
    return out;
}

Scenario parse_scenario(const YamlDocument& document) {
    Scenario s;
    ScenarioParser(s, document).parse();
    return s;
}

GlobalDesign design_for_scenario(const Scenario& scenario) {
    if (scenario.run.sampling == SamplingMethod::mc && scenario.correlations.empty()) return GlobalDesign();
    return GlobalDesign(scenario.parameters, scenario.run.sampling, static_cast<std::uint64_t>(scenario.run.samples),
                        scenario.run.seed, scenario.correlations);
}

}  // namespace tinyfleet
