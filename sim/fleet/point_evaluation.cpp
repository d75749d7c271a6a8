#include "sim/fleet/point_evaluation.h"

#include <cmath>
#include <cstdio>
#include <limits>

#include "models/use/grid.h"
#include "models/device/ic.h"
#include "models/use/offsets.h"
#include "models/fleet/payback.h"
#include "models/use/use_phase.h"
#include "sim/engine/input_error.h"
#include "sim/fleet/bom_blocks.h"

namespace tinyfleet {

namespace {
// The scenario checks keep every number of a point evaluation finite
// (docs/scenario-format.md, "Ranges"); one that is not anyway is a failure
// that names the class and the term, never a printed inf or nan. The payback
// may be +inf: the offset never outpaces the use phase.
void require_finite(const PointClass& c) {
    const auto check = [&](double v, const std::string& what) {
        if (!std::isfinite(v))
            throw RuntimeFailure("classes." + c.name + "." + what + ": non-finite value (" + std::to_string(v) +
                                 ") at nominal inputs");
    };
    for (const auto& [name, kg] : c.blocks) check(kg, name == "use_stage" ? "use_stage" : "bom." + name);
    for (int s = 0; s < stage_count; ++s) check(c.stages[s], std::string("stages.") + to_string(static_cast<Stage>(s)));
    check(c.total_kg, "total");
    check(c.use_kg_per_year, "use_kg_per_year");
    check(c.offset_kg_per_year, "offset");
    if (std::isnan(c.payback_years)) check(c.payback_years, "payback_years");
}
}  // namespace

std::vector<PointClass> evaluate_point(const Scenario& scenario) {
    RealizedParameters p;
    nominal_parameters(scenario.parameters, p);
    std::vector<PointClass> out;
    for (const DeviceClass& dc : scenario.classes) {
        PointClass pc;
        pc.name = dc.name;
        pc.label = dc.label;
        // The deployment mix's mean grid intensity in the first simulated year.
        std::vector<double> weights, intensities;
        for (const RegionShare& share : dc.regions) {
            const GridRegion& region = scenario.regions[static_cast<std::size_t>(share.region)];
            weights.push_back(p(share.weight));
            intensities.push_back(models::grid_intensity(p(region.intensity_kg_per_kwh), p(region.decline_per_year),
                                                         region.base_year, scenario.run.first_year));
        }
        double weight_sum = 0.0;
        for (const double w : weights) weight_sum += w;
        if (!(weight_sum > 0))  // as a realization of a run would, rather than a use phase of 0
            throw RuntimeFailure("classes." + dc.name + ".regions: all region weights are zero at nominal inputs");
        const double grid =
            models::mix_grid_intensity(weights.data(), intensities.data(), static_cast<int>(weights.size()));
        pc.lifetime_years = p(dc.lifetime_years);
        const double energy = models::use_phase_device_energy_kwh(p(dc.active_power_w), p(dc.sleep_power_w),
                                                                  p(dc.duty_cycle), p(dc.hours_per_year));
        const double grid_energy = models::use_phase_grid_energy_kwh(energy, p(dc.charging_efficiency));
        const DeviceContext device{energy, pc.lifetime_years};
        for (const BomBlock& b : dc.bom) {
            const double kg = block_kg(b, p, device);
            if (!b.note.empty()) pc.notes.push_back(b.name + ": " + b.note);
            pc.blocks.emplace_back(b.name, kg);
            pc.stages[static_cast<int>(b.stage)] += kg;
        }
        if (dc.has_mcu) {
            const double kg = models::die_embodied_kg(p(dc.mcu_die_area_mm2), p(dc.mcu_carbon_per_area_kg_per_cm2),
                                                      p(dc.mcu_packaging_kg));
            pc.blocks.emplace_back("processing_mcu", kg);
            pc.stages[static_cast<int>(Stage::manufacturing)] += kg;
        }
        pc.use_kg_per_year = models::use_phase_emissions_kg(grid_energy, grid);
        const double use = models::use_phase_lifetime_kg(pc.use_kg_per_year, pc.lifetime_years);
        pc.blocks.emplace_back("use_stage", use);
        pc.stages[static_cast<int>(Stage::use)] += use;
        for (double s : pc.stages) pc.total_kg += s;
        pc.offset_kg_per_year = models::expected_avoided_kg_per_device_year(
            p(dc.offset.delivery_rate), p(dc.offset.energy_saved_kwh), grid, p(dc.offset.direct_kg), p(dc.offset.rebound));
        pc.payback_years =
            models::nominal_device_payback_years(pc.total_kg, use, pc.use_kg_per_year, pc.offset_kg_per_year);
        require_finite(pc);
        out.push_back(std::move(pc));
    }
    return out;
}

namespace {
// JSON has no inf or NaN: both are null (an infinite payback is "never").
std::string number(double v) {
    if (!std::isfinite(v)) return "null";
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.10g", v);
    return buffer;
}
// kg CO2e in the table's 12-character column: 4 decimals, or 4 significant
// digits with an exponent for values too wide for them.
std::string kg_column(double kg) {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, std::fabs(kg) < 1e7 ? "%12.4f" : "%12.4e", kg);
    return buffer;
}
std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}
}  // namespace

std::string point_json(const std::vector<PointClass>& classes) {
    std::string j = "{\"units\": \"kg CO2e per device over its life\", \"classes\": {";
    for (std::size_t i = 0; i < classes.size(); ++i) {
        const PointClass& c = classes[i];
        j += (i ? ", " : "") + quoted(c.name) + ": {\"label\": " + quoted(c.label) + ", \"blocks\": {";
        for (std::size_t b = 0; b < c.blocks.size(); ++b)
            j += (b ? ", " : "") + quoted(c.blocks[b].first) + ": " + number(c.blocks[b].second);
        j += "}, \"stages\": {";
        for (int s = 0; s < stage_count; ++s)
            j += std::string(s ? ", " : "") + quoted(to_string(static_cast<Stage>(s))) + ": " + number(c.stages[s]);
        j += "}, \"total\": " + number(c.total_kg) + ", \"lifetime_years\": " + number(c.lifetime_years) +
             ", \"use_kg_per_year\": " + number(c.use_kg_per_year) +
             ", \"offset_kg_per_year\": " + number(c.offset_kg_per_year) +
             ", \"payback_years\": " + number(c.payback_years) + ", \"notes\": [";
        for (std::size_t k = 0; k < c.notes.size(); ++k) j += (k ? ", " : "") + quoted(c.notes[k]);
        j += "]}";
    }
    return j + "}}\n";
}

std::string point_table(const std::vector<PointClass>& classes) {
    std::string out;
    char line[160];
    for (const PointClass& c : classes) {
        std::snprintf(line, sizeof line, "\n%s — kg CO2e per device over %.3g years\n", c.name.c_str(), c.lifetime_years);
        out += line;
        std::snprintf(line, sizeof line, "  %-20s %12s %8s\n", "block", "kg CO2e", "share");
        out += line;
        for (const auto& [name, kg] : c.blocks) {
            std::snprintf(line, sizeof line, "  %-20s %s %7.1f%%\n", name.c_str(), kg_column(kg).c_str(),
                          c.total_kg > 0 ? 100 * kg / c.total_kg : 0.0);
            out += line;
        }
        std::snprintf(line, sizeof line, "  %-20s %s %7.1f%%\n", "total", kg_column(c.total_kg).c_str(), 100.0);
        out += line;
        out += "  by stage:";
        for (int s = 0; s < stage_count; ++s) {
            std::snprintf(line, sizeof line, " %s %.4g (%.1f%%)%s", to_string(static_cast<Stage>(s)), c.stages[s],
                          c.total_kg > 0 ? 100 * c.stages[s] / c.total_kg : 0.0, s + 1 < stage_count ? "," : "\n");
            out += line;
        }
        for (const auto& note : c.notes) out += "  note: " + note + "\n";
        if (std::isinf(c.payback_years))
            std::snprintf(line, sizeof line, "  carbon payback: never (offset %.4g <= use %.4g kg CO2e/year)\n",
                          c.offset_kg_per_year, c.use_kg_per_year);
        else
            std::snprintf(line, sizeof line, "  carbon payback: %.3g years of operation (offset %.4g kg CO2e/year)\n",
                          c.payback_years, c.offset_kg_per_year);
        out += line;
    }
    return out;
}

}  // namespace tinyfleet
