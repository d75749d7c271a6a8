// `tinyfleet info`: what a result file holds, and its quantile tables (as
// text or as JSON, optionally only some metrics, years and quantile levels);
// for sensitivity and sweep files, their attributes, groups and variables.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "sim/app/cohort_error_table.h"
#include "sim/app/commands.h"
#include "sim/app/display_unit.h"
#include "sim/app/json_text.h"
#include "sim/app/key_totals.h"
#include "sim/app/number_format.h"
#include "sim/app/result_labels.h"
#include "sim/app/terminal_text.h"
#include "sim/engine/input_error.h"
#include "sim/io/analysis_file.h"
#include "sim/io/isolated_read.h"
#include "sim/io/result_file.h"
#include "sim/io/result_layout.h"

namespace tinyfleet {

namespace {

// Every text of the file that info prints, escaped for the terminal: the
// attributes are free text, a crafted file could hold escape sequences.
void escape_for_terminal(RunResult& r) {
    for (std::string* text : {&r.program_version, &r.program_commit, &r.build_type, &r.data_sha256, &r.scenario_name, &r.scenario_sha256, &r.command_line,
                              &r.created_utc, &r.fleet_mode})
        *text = terminal_text(*text);
    r.scenario_overrides = terminal_text(r.scenario_overrides, Newlines::keep);  // one override a line
    r.model_notes = terminal_text(r.model_notes, Newlines::keep);                // one note a line
    for (std::string& name : r.classes) name = terminal_text(name);
    for (std::string& label : r.class_labels) label = terminal_text(label);
    for (ResultInput& input : r.inputs)
        input.name = terminal_text(input.name), input.units = terminal_text(input.units),
        input.label = terminal_text(input.label);
    for (ResultMetric& m : r.metrics)
        m.name = terminal_text(m.name), m.units = terminal_text(m.units), m.long_name = terminal_text(m.long_name),
        m.label = terminal_text(m.label);
    for (std::string& name : r.mean_term_quantities) name = terminal_text(name);
}

std::string comma_list(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

std::string quantile_key(double level) {
    char key[32];
    std::snprintf(key, sizeof key, "%g", level);
    return key;
}

// The metrics, year indices and quantile indices the options select, in the
// file's order; an unknown name, year or level is an input error.
struct Selection {
    std::vector<std::size_t> metrics, years, quantiles;
};

Selection select(const RunResult& r, const InfoOptions& o) {
    Selection s;
    std::vector<std::string> names;
    for (const ResultMetric& m : r.metrics) names.push_back(m.name);
    for (const std::string& want : o.metrics)
        if (std::find(names.begin(), names.end(), want) == names.end())
            throw InputError("info --metrics: '" + terminal_text(want) + "' is not a metric of '" +
                             terminal_text(o.path) + "' (it has " + comma_list(names) + ")");
    for (std::size_t i = 0; i < names.size(); ++i)
        if (o.metrics.empty() || std::find(o.metrics.begin(), o.metrics.end(), names[i]) != o.metrics.end())
            s.metrics.push_back(i);
    for (int want : o.years)
        if (std::find(r.years.begin(), r.years.end(), want) == r.years.end())
            throw InputError("info --years: " + std::to_string(want) + " is not simulated in '" + terminal_text(o.path) +
                             "' (years " + std::to_string(r.years.front()) + "-" + std::to_string(r.years.back()) + ")");
    for (std::size_t y = 0; y < r.years.size(); ++y)
        if (o.years.empty() || std::find(o.years.begin(), o.years.end(), r.years[y]) != o.years.end())
            s.years.push_back(y);
    auto same_level = [](double a, double b) { return std::abs(a - b) < 1e-12; };
    for (double want : o.quantiles)
        if (std::none_of(r.quantile_levels.begin(), r.quantile_levels.end(),
                         [&](double q) { return same_level(q, want); })) {
            std::string levels;
            for (double q : r.quantile_levels) levels += (levels.empty() ? "" : ", ") + quantile_key(q);
            throw InputError("info --quantiles: " + quantile_key(want) + " is not a quantile level of '" +
                             terminal_text(o.path) + "' (it has " + levels + ")");
        }
    for (std::size_t q = 0; q < r.quantile_levels.size(); ++q)
        if (o.quantiles.empty() || std::any_of(o.quantiles.begin(), o.quantiles.end(),
                                               [&](double want) { return same_level(r.quantile_levels[q], want); }))
            s.quantiles.push_back(q);
    return s;
}

// The unit a metric's table is shown in: its values scaled to t, kt, Mt or
// Gt CO2e (or thousand, million ... devices) by the largest value shown.
DisplayUnit table_unit(const ResultMetric& m, const RunResult& r, const Selection& s) {
    const std::size_t Y = r.years.size();
    double largest = 0.0;
    for (std::size_t y : s.years) {
        largest = std::max(largest, std::abs(m.mean[y]));
        for (std::size_t q : s.quantiles) largest = std::max(largest, std::abs(m.quantiles[q * Y + y]));
    }
    const std::string per_year = "/year";
    const bool flow = m.units.size() > per_year.size() &&
                      m.units.compare(m.units.size() - per_year.size(), per_year.size(), per_year) == 0;
    return display_unit(unit_family(m.units), largest, flow, m.units);
}

void print_text(const RunResult& r, const InfoOptions& o, const Selection& s) {
    std::printf("file:             %s\n", terminal_text(o.path).c_str());
    std::printf("scenario:         %s (sha256 %s)\n", r.scenario_name.c_str(), r.scenario_sha256.c_str());
    if (!r.scenario_overrides.empty()) {
        std::printf("overrides:        ");
        for (char c : r.scenario_overrides) std::printf("%s", c == '\n' ? " " : std::string(1, c).c_str());
        std::printf("\n");
    }
    std::printf("seed:             %llu\n", static_cast<unsigned long long>(r.seed));
    std::printf("samples:          %lld\n", static_cast<long long>(r.samples));
    std::printf("fleet mode:       %s\n", r.fleet_mode.c_str());
    std::printf("CRN:              common random numbers %s\n",
                !r.common_random_numbers ? "not recorded" : *r.common_random_numbers ? "on" : "off");
    if (!r.model_notes.empty()) std::printf("model notes:\n%s", r.model_notes.c_str());
    std::printf("years:            %d-%d\n", r.years.front(), r.years.back());
    std::printf("classes:          ");
    for (std::size_t i = 0; i < r.classes.size(); ++i)
        std::printf("%s%s (%s)", i ? ", " : "", class_label(r, i).c_str(), r.classes[i].c_str());
    // Files written before provenance was recorded lack commit, build type and data hash.
    auto recorded = [](const std::string& v) { return v.empty() ? std::string("not recorded") : v; };
    std::printf("\nprogram version:  %s (commit %s, %s build)\ndata tables:      sha256 %s\n"
                "created (UTC):    %s\ncommand line:     %s\n",
                r.program_version.c_str(), recorded(r.program_commit).c_str(), recorded(r.build_type).c_str(),
                recorded(r.data_sha256).c_str(), r.created_utc.c_str(), r.command_line.c_str());
    std::printf("inputs:           ");
    for (std::size_t i = 0; i < r.inputs.size(); ++i)
        std::printf("%s%s [%s] (%s)", i ? ", " : "", r.inputs[i].name.c_str(), r.inputs[i].units.c_str(),
                    input_label(r.inputs[i]).c_str());
    std::printf("\n");
    RealizationShares shares;
    shares.add(r);
    print_key_totals(r, shares);
    print_cohort_error_table(r);
    const std::size_t Y = r.years.size();
    for (std::size_t mi : s.metrics) {
        const ResultMetric& m = r.metrics[mi];
        const DisplayUnit unit = table_unit(m, r, s);
        std::printf("\n%s [%s] — %s, fleet total over realizations\n", m.name.c_str(), unit.name.c_str(),
                    metric_label(m).c_str());
        std::printf("%6s", "year");
        for (std::size_t q : s.quantiles) std::printf(" %10s", ("q" + quantile_key(r.quantile_levels[q])).c_str());
        std::printf(" %10s %10s\n", "mean", "std");
        for (std::size_t y : s.years) {
            std::printf("%6d", r.years[y]);
            for (std::size_t q : s.quantiles)
                std::printf(" %10s", format_3sf(m.quantiles[q * Y + y] * unit.scale).c_str());
            std::printf(" %10s %10s\n", format_3sf(m.mean[y] * unit.scale).c_str(),
                        format_3sf(m.std[y] * unit.scale).c_str());
        }
    }
}

// The schema is documented in docs/result-format.md ("info --json"); values
// are in the file's units (no display scaling).
void print_json(const RunResult& r, const InfoOptions& o, const Selection& s) {
    std::string j = "{\"file\": " + json_string(o.path) + ", \"format\": " + json_string(result_layout::kFormat);
    j += ", \"scenario\": {\"name\": " + json_string(r.scenario_name) + ", \"sha256\": " +
         json_string(r.scenario_sha256) + ", \"overrides\": [";
    std::size_t start = 0, count = 0;
    while (start < r.scenario_overrides.size()) {
        std::size_t end = r.scenario_overrides.find('\n', start);
        if (end == std::string::npos) end = r.scenario_overrides.size();
        if (end > start) j += (count++ ? ", " : "") + json_string(r.scenario_overrides.substr(start, end - start));
        start = end + 1;
    }
    j += "]}, \"seed\": " + std::to_string(r.seed) + ", \"samples\": " + std::to_string(r.samples) +
         ", \"fleet_mode\": " + json_string(r.fleet_mode) + ", \"program\": {\"version\": " +
         json_string(r.program_version) + ", \"commit\": " + json_string(r.program_commit) +
         ", \"build_type\": " + json_string(r.build_type) + "}, \"created_utc\": " + json_string(r.created_utc) +
         ", \"command_line\": " + json_string(r.command_line);
    j += ", \"first_year\": " + std::to_string(r.years.front()) + ", \"last_year\": " + std::to_string(r.years.back());
    j += ", \"classes\": [";
    for (std::size_t c = 0; c < r.classes.size(); ++c)
        j += std::string(c ? ", " : "") + "{\"name\": " + json_string(r.classes[c]) + ", \"label\": " +
             json_string(class_label(r, c)) + "}";
    j += "], \"inputs\": [";
    for (std::size_t i = 0; i < r.inputs.size(); ++i)
        j += std::string(i ? ", " : "") + "{\"name\": " + json_string(r.inputs[i].name) + ", \"units\": " +
             json_string(r.inputs[i].units) + ", \"label\": " + json_string(input_label(r.inputs[i])) + "}";
    j += "], \"years\": [";
    for (std::size_t k = 0; k < s.years.size(); ++k) j += (k ? ", " : "") + std::to_string(r.years[s.years[k]]);
    j += "], \"quantiles\": [";
    for (std::size_t k = 0; k < s.quantiles.size(); ++k)
        j += (k ? ", " : "") + json_number(r.quantile_levels[s.quantiles[k]]);
    j += "], \"metrics\": {";
    const std::size_t Y = r.years.size();
    auto row = [&](auto value) {
        std::string out = "[";
        for (std::size_t k = 0; k < s.years.size(); ++k) out += (k ? ", " : "") + json_number(value(s.years[k]));
        return out + "]";
    };
    for (std::size_t k = 0; k < s.metrics.size(); ++k) {
        const ResultMetric& m = r.metrics[s.metrics[k]];
        j += (k ? ", " : "") + json_string(m.name) + ": {\"label\": " + json_string(metric_label(m)) +
             ", \"long_name\": " + json_string(m.long_name) + ", \"units\": " + json_string(m.units) +
             ", \"cf_units\": " + json_string(m.cf_units) + ", \"mean\": " +
             row([&](std::size_t y) { return m.mean[y]; }) + ", \"std\": " +
             row([&](std::size_t y) { return m.std[y]; }) + ", \"quantiles\": {";
        for (std::size_t qi = 0; qi < s.quantiles.size(); ++qi) {
            const std::size_t q = s.quantiles[qi];
            j += (qi ? ", " : "") + json_string(quantile_key(r.quantile_levels[q])) + ": " +
                 row([&](std::size_t y) { return m.quantiles[q * Y + y]; });
        }
        j += "}}";
    }
    j += "}}\n";
    std::fputs(j.c_str(), stdout);
}

std::string attribute_text(const AnalysisAttribute& a) {
    switch (a.kind) {
        case AnalysisAttribute::number_kind: return format_3sf(a.number);
        case AnalysisAttribute::integer_kind: return std::to_string(a.integer);
        case AnalysisAttribute::text_kind: break;
    }
    return a.text;
}

std::string attribute_json(const AnalysisAttribute& a) {
    switch (a.kind) {
        case AnalysisAttribute::number_kind: return json_number(a.number);
        case AnalysisAttribute::integer_kind: return std::to_string(a.integer);
        case AnalysisAttribute::text_kind: break;
    }
    return json_string(a.text);
}

// A sensitivity or sweep file: its root attributes (long texts cut), then
// each group's dimensions and variables with their units and long names.
int describe_analysis_file(const InfoOptions& o, const std::string& format) {
    if (!o.metrics.empty() || !o.years.empty() || !o.quantiles.empty())
        throw InputError("info: --metrics, --years and --quantiles apply to result files; '" + terminal_text(o.path) +
                         "' is a " + terminal_text(format) + " file");
    const AnalysisFile f = read_analysis_file(o.path);
    auto dims_of = [](const AnalysisVariable& v) {
        std::string out;
        for (const std::string& d : v.dims) out += (out.empty() ? "" : ", ") + d;
        return out;
    };
    if (o.json) {
        std::string j = "{\"file\": " + json_string(o.path) + ", \"format\": " + json_string(format) +
                        ", \"attributes\": {";
        for (std::size_t i = 0; i < f.attributes.size(); ++i)
            j += (i ? ", " : "") + json_string(f.attributes[i].name) + ": " + attribute_json(f.attributes[i]);
        j += "}, \"groups\": [";
        for (std::size_t g = 0; g < f.groups.size(); ++g) {
            const AnalysisGroup& grp = f.groups[g];
            j += std::string(g ? ", " : "") + "{\"name\": " + json_string(grp.name) + ", \"dimensions\": [";
            for (std::size_t d = 0; d < grp.dimensions.size(); ++d)
                j += std::string(d ? ", " : "") + "{\"name\": " + json_string(grp.dimensions[d].name) +
                     ", \"size\": " + std::to_string(grp.dimensions[d].size()) + ", \"units\": " +
                     json_string(grp.dimensions[d].units) + "}";
            j += "], \"variables\": [";
            for (std::size_t v = 0; v < grp.variables.size(); ++v) {
                const AnalysisVariable& var = grp.variables[v];
                j += std::string(v ? ", " : "") + "{\"name\": " + json_string(var.name) + ", \"dims\": [";
                for (std::size_t d = 0; d < var.dims.size(); ++d) j += (d ? ", " : "") + json_string(var.dims[d]);
                j += "], \"units\": " + json_string(var.units) + ", \"long_name\": " + json_string(var.long_name) + "}";
            }
            j += "]}";
        }
        j += "]}\n";
        std::fputs(j.c_str(), stdout);
        return 0;
    }
    std::printf("file:             %s\nformat:           %s\n", terminal_text(o.path).c_str(),
                terminal_text(format).c_str());
    for (const AnalysisAttribute& a : f.attributes) {
        if (a.name == "format") continue;  // the line above
        std::string text = terminal_text(attribute_text(a));
        if (text.size() > 100) text = text.substr(0, 97) + "...";
        std::printf("%-17s %s\n", (terminal_text(a.name) + ":").c_str(), text.c_str());
    }
    for (const AnalysisGroup& g : f.groups) {
        std::printf("\ngroup %s\n", g.name.empty() ? "/" : terminal_text("/" + g.name).c_str());
        for (const AnalysisCoordinate& d : g.dimensions)
            std::printf("  dimension %s (%zu)%s\n", terminal_text(d.name).c_str(), d.size(),
                        d.units.empty() ? "" : (" [" + terminal_text(d.units) + "]").c_str());
        for (const AnalysisVariable& v : g.variables)
            std::printf("  %s(%s) [%s] %s\n", terminal_text(v.name).c_str(), terminal_text(dims_of(v)).c_str(),
                        terminal_text(v.units).c_str(), terminal_text(v.long_name).c_str());
    }
    return 0;
}

}  // namespace

int info_command(const InfoOptions& options) {
    // A crafted file can crash or hang HDF5 itself: read it in a child first
    // (HDF5 is first used there, as merge does).
    auto is_analysis = [](const std::string& format) {
        return format.rfind("tinyfleet-", 0) == 0 && format != result_layout::kFormat;
    };
    check_in_child(options.path, [&] {
        if (is_analysis(hdf5_file_format(options.path)))
            read_analysis_file(options.path);
        else
            read_result_file(options.path);
    });
    if (const std::string format = hdf5_file_format(options.path); is_analysis(format))
        return describe_analysis_file(options, format);
    RunResult r = read_result_file(options.path);
    const Selection s = select(r, options);
    if (options.json) {
        print_json(r, options, s);
        return 0;
    }
    escape_for_terminal(r);
    print_text(r, options, s);
    return 0;
}

}  // namespace tinyfleet
