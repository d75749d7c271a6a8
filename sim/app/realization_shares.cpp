#include "sim/app/realization_shares.h"

#include <cstdio>
#include <string>

#include "sim/app/result_labels.h"

namespace tinyfleet {

namespace {

constexpr const char* unserved_metric = "unserved_base";

double percent(std::uint64_t n, std::uint64_t of) { return of == 0 ? 0.0 : 100.0 * double(n) / double(of); }

}  // namespace

void RealizationShares::add(const RunResult& rows) {
    const std::size_t C = rows.classes.size(), Y = rows.years.size(), N = std::size_t(rows.samples);
    if (classes == 0) {
        classes = C;
        years = Y;
        cap_binding.assign(C * Y, 0);
        within_life.assign(C, 0);
    }
    samples += N;
    for (const ResultMetric& m : rows.metrics) {
        if (m.name != unserved_metric || m.by_class.size() != N * C * Y) continue;
        has_cap_data = true;
        for (std::size_t i = 0; i < m.by_class.size(); ++i) cap_binding[i % (C * Y)] += m.by_class[i] > 0.0;
    }
    has_payback = has_payback || !rows.payback_years.empty();
    if (rows.mean_lifetime_years.size() == N * C && rows.payback_years.size() == N * C) {
        has_lifetime = true;
        for (std::size_t i = 0; i < N * C; ++i)
            within_life[i % C] += rows.payback_years[i] <= rows.mean_lifetime_years[i];
    }
}

void print_realization_shares(const RunResult& r, const RealizationShares& s, const std::vector<std::size_t>& cols) {
    if (s.classes != r.classes.size() || s.samples == 0) return;
    if (s.has_cap_data) {
        std::string never;
        for (std::size_t c = 0; c < s.classes; ++c) {
            bool binds = false;
            for (std::size_t y = 0; y < s.years; ++y) binds = binds || s.cap_binding[c * s.years + y] > 0;
            if (!binds) {
                never += (never.empty() ? "" : ", ") + class_label(r, c);
                continue;
            }
            // As wide as the table's metric and unit columns together (key_totals.cpp).
            std::printf("%-43s", ("cap binds: " + class_label(r, c)).c_str());
            for (std::size_t y : cols) {
                char cell[40];
                std::snprintf(cell, sizeof cell, "%.1f%% of samples", percent(s.cap_binding[c * s.years + y], s.samples));
                std::printf(" %-28s", cell);
            }
            std::printf("\n");
        }
        if (!never.empty()) std::printf("cap never binds (or no cap): %s\n", never.c_str());
    }
    if (!s.has_payback) return;
    if (!s.has_lifetime) {
        std::printf("payback within life: not in this file (no /payback/mean_lifetime_years)\n");
        return;
    }
    std::printf("payback within the class's mean lifetime, %% of samples:");
    for (std::size_t c = 0; c < s.classes; ++c)
        std::printf("%s %s %.1f%%", c ? "," : "", class_label(r, c).c_str(), percent(s.within_life[c], s.samples));
    std::printf("\n");
}

}  // namespace tinyfleet
