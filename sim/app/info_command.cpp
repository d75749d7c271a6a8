// `tinyfleet info`: what a result file holds, and its quantile tables.
#include <cstdio>
#include <string>

#include "sim/app/cohort_error_table.h"
#include "sim/app/commands.h"
#include "sim/app/key_totals.h"
#include "sim/app/number_format.h"
#include "sim/app/terminal_text.h"
#include "sim/io/isolated_read.h"
#include "sim/io/result_file.h"

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
    for (ResultInput& input : r.inputs) input.name = terminal_text(input.name), input.units = terminal_text(input.units);
    for (ResultMetric& m : r.metrics)
        m.name = terminal_text(m.name), m.units = terminal_text(m.units), m.long_name = terminal_text(m.long_name);
    for (std::string& name : r.mean_term_quantities) name = terminal_text(name);
}

}  // namespace

int info_command(const std::string& result_path) {
    // A crafted file can crash or hang HDF5 itself: read it in a child first.
    check_in_child(result_path, [&] { read_result_file(result_path); });
    RunResult r = read_result_file(result_path);
    escape_for_terminal(r);
    std::printf("file:             %s\n", terminal_text(result_path).c_str());
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
    for (std::size_t i = 0; i < r.classes.size(); ++i) std::printf("%s%s", i ? ", " : "", r.classes[i].c_str());
    // Files written before provenance was recorded lack commit, build type and data hash.
    auto recorded = [](const std::string& v) { return v.empty() ? std::string("not recorded") : v; };
    std::printf("\nprogram version:  %s (commit %s, %s build)\ndata tables:      sha256 %s\n"
                "created (UTC):    %s\ncommand line:     %s\n",
                r.program_version.c_str(), recorded(r.program_commit).c_str(), recorded(r.build_type).c_str(),
                recorded(r.data_sha256).c_str(), r.created_utc.c_str(), r.command_line.c_str());
    std::printf("inputs:           ");
    for (std::size_t i = 0; i < r.inputs.size(); ++i)
        std::printf("%s%s [%s]", i ? ", " : "", r.inputs[i].name.c_str(), r.inputs[i].units.c_str());
    std::printf("\n");
    RealizationShares shares;
    shares.add(r);
    print_key_totals(r, shares);
    print_cohort_error_table(r);
    const std::size_t Y = r.years.size();
    for (const ResultMetric& m : r.metrics) {
        std::printf("\n%s [%s] — %s, fleet total over realizations\n", m.name.c_str(), m.units.c_str(),
                    m.long_name.c_str());
        std::printf("%6s", "year");
        for (double q : r.quantile_levels) {
            char head[32];
            std::snprintf(head, sizeof head, "q%g", q);
            std::printf(" %10s", head);
        }
        std::printf(" %10s %10s\n", "mean", "std");
        for (std::size_t y = 0; y < Y; ++y) {
            std::printf("%6d", r.years[y]);
            for (std::size_t q = 0; q < r.quantile_levels.size(); ++q)
                std::printf(" %10s", format_3sf(m.quantiles[q * Y + y]).c_str());
            std::printf(" %10s %10s\n", format_3sf(m.mean[y]).c_str(), format_3sf(m.std[y]).c_str());
        }
    }
    return 0;
}

}  // namespace tinyfleet
