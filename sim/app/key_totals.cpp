#include "sim/app/key_totals.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "sim/app/display_unit.h"
#include "sim/app/number_format.h"
#include "sim/app/result_labels.h"

namespace tinyfleet {

namespace {

// Key totals shown after a run, in the unit family their values are in
// (scaled for reading by display_unit).
struct Shown {
    const char* metric;
    UnitFamily family;
    bool per_year;
};
constexpr Shown shown_metrics[] = {
    {"shipments", UnitFamily::devices, true},   {"installed_base", UnitFamily::devices, false},
    {"emissions_total", UnitFamily::kg_co2e, true}, {"offsets", UnitFamily::kg_co2e, true},
    {"net", UnitFamily::kg_co2e, true},          {"cumulative_net", UnitFamily::kg_co2e, false},
    {"emissions_end_of_life", UnitFamily::kg_co2e, true}, {"ewaste_mass", UnitFamily::kg, true},
};

std::size_t level_index(const RunResult& r, double level) {
    for (std::size_t i = 0; i < r.quantile_levels.size(); ++i)
        if (std::abs(r.quantile_levels[i] - level) < 1e-12) return i;
    return r.quantile_levels.size();
}

}  // namespace

void print_key_totals(const RunResult& r, const RealizationShares& shares) {
    const std::size_t i05 = level_index(r, 0.05), i50 = level_index(r, 0.5), i95 = level_index(r, 0.95);
    if (i05 >= r.quantile_levels.size() || i50 >= r.quantile_levels.size() || i95 >= r.quantile_levels.size()) return;
    const std::size_t Y = r.years.size();
    // The headline years 2025, 2030, 2035 where simulated, else first and
    // middle; always the last simulated year.
    std::vector<std::size_t> cols;
    for (std::size_t y = 0; y + 1 < Y; ++y)
        if (r.years[y] == 2025 || r.years[y] == 2030 || r.years[y] == 2035) cols.push_back(y);
    if (cols.empty()) {
        cols = {0};
        if (Y > 2) cols.push_back(Y / 2);
    }
    if (Y > 1) cols.push_back(Y - 1);
    std::printf("\n%s: %lld realizations, seed %llu — median [90%% interval]\n", r.scenario_name.c_str(),
                static_cast<long long>(r.samples), static_cast<unsigned long long>(r.seed));
    std::printf("%-24s %-18s", "metric", "unit");
    for (std::size_t c : cols) std::printf(" %-28d", r.years[c]);
    std::printf("\n");
    for (const Shown& s : shown_metrics) {
        for (const ResultMetric& m : r.metrics) {
            if (m.name != s.metric) continue;
            double largest = 0.0;
            for (std::size_t c : cols) largest = std::max(largest, std::abs(m.quantiles[i50 * Y + c]));
            const DisplayUnit unit = display_unit(s.family, largest, s.per_year);
            std::printf("%-24s %-18s", metric_label(m).c_str(), unit.name.c_str());
            for (std::size_t c : cols) {
                const std::string cell = format_3sf(m.quantiles[i50 * Y + c] * unit.scale) + " [" +
                                         format_3sf(m.quantiles[i05 * Y + c] * unit.scale) + ", " +
                                         format_3sf(m.quantiles[i95 * Y + c] * unit.scale) + "]";
                std::printf(" %-28s", cell.c_str());
            }
            std::printf("\n");
        }
    }
    if (!r.breakeven_year.empty()) {
        // Share of realizations whose fleet has broken even by each headline year.
        std::printf("%-24s %-18s", "Fleet breakeven", "% of samples");
        for (std::size_t c : cols) {
            std::size_t n = 0;
            for (double b : r.breakeven_year) n += b <= r.years[c];
            char cell[40];
            std::snprintf(cell, sizeof cell, "%.1f%% by %d", 100.0 * double(n) / double(r.breakeven_year.size()),
                          r.years[c]);
            std::printf(" %-28s", cell);
        }
        std::printf("\n");
    }
    print_realization_shares(r, shares, cols);
}

}  // namespace tinyfleet
