#include "sim/fleet/invariants.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "models/fleet/fleet_metrics.h"
#include "sim/engine/input_error.h"

namespace tinyfleet {

namespace {

constexpr double relative_tolerance = 1e-9;

struct View {
    const RunResult& r;
    std::size_t C, Y;
    const std::vector<double>& by_class(models::Metric m) const { return r.metrics[std::size_t(m)].by_class; }
    double at(models::Metric m, std::size_t s, std::size_t c, std::size_t y) const {
        return by_class(m)[(s * C + c) * Y + y];
    }
};

[[noreturn]] void violated(const RunResult& r, std::size_t first_row, const std::string& identity, std::size_t s, std::size_t c,
                           std::size_t y, double lhs, double rhs) {
    char values[96];
    std::snprintf(values, sizeof values, ": %.17g vs %.17g", lhs, rhs);
    throw RuntimeFailure("error: invariant violated (a bug in tinyfleet; please report it with the scenario): " +
                         identity + " for class '" + r.classes[c] + "', year " + std::to_string(r.years[y]) +
                         ", realization " + std::to_string(first_row + s) + values + "; no result file was written");
}

bool close(double a, double b, double scale) {
    return std::abs(a - b) <= relative_tolerance * std::max({std::abs(a), std::abs(b), scale});
}

// Realization s's identities, in a fixed order: the first that fails throws.
void check_realization(const RunResult& r, std::size_t first_row, std::size_t s) {
    using namespace models;
    const View v{r, r.classes.size(), r.years.size()};
    {
        for (std::size_t c = 0; c < v.C; ++c) {
            double previous_stock = 0.0, previous_cumulative = 0.0;
            for (std::size_t y = 0; y < v.Y; ++y) {
                for (int mi = 0; mi < metric_count; ++mi) {
                    const auto m = static_cast<Metric>(mi);
                    if (m == net || m == cumulative_net) continue;  // may be negative: offsets exceed emissions
                    const double value = v.at(m, s, c, y);
                    if (value < 0.0)
                        violated(r, first_row, std::string(metric_info[m].name) + " >= 0", s, c, y, value, 0.0);
                }
                double categories = 0.0;
                for (int k = 0; k < embodied_category_count; ++k) categories += v.at(embodied_metric(k), s, c, y);
                const double emb = v.at(emissions_embodied, s, c, y), op = v.at(emissions_operational, s, c, y),
                             eol = v.at(emissions_end_of_life, s, c, y), total = v.at(emissions_total, s, c, y),
                             off = v.at(offsets, s, c, y), n = v.at(net, s, c, y), cum = v.at(cumulative_net, s, c, y);
                if (!close(emb, categories, categories))
                    violated(r, first_row, "emissions_embodied = sum of embodied_<category>", s, c, y, emb, categories);
                if (!close(total, emb + op + eol, emb + op + eol))
                    violated(r, first_row, "emissions_total = emissions_embodied + emissions_operational + emissions_end_of_life",
                             s, c, y, total, emb + op + eol);
                if (!close(n, total - off, std::max(total, off)))
                    violated(r, first_row, "net = emissions_total - offsets", s, c, y, n, total - off);
                if (!close(cum, previous_cumulative + n, std::max(std::abs(previous_cumulative), std::abs(n))))
                    violated(r, first_row, "cumulative_net = cumulative_net(previous year) + net", s, c, y, cum, previous_cumulative + n);
                const double stock = v.at(installed_base, s, c, y), ship = v.at(shipments, s, c, y),
                             gone = v.at(retired, s, c, y);
                if (!close(stock, previous_stock + ship - gone, std::max({previous_stock, ship, gone})))
                    violated(r, first_row, "installed_base = previous installed_base + shipments - retired", s, c, y, stock,
                             previous_stock + ship - gone);
                previous_stock = stock;
                previous_cumulative = cum;
            }
        }
        // Classes sum to the fleet.
        for (std::size_t m = 0; m < r.metrics.size(); ++m) {
            const ResultMetric& metric = r.metrics[m];
            for (std::size_t y = 0; y < v.Y; ++y) {
                double sum = 0.0, scale = 0.0;
                for (std::size_t c = 0; c < v.C; ++c) {
                    sum += metric.by_class[(s * v.C + c) * v.Y + y];
                    scale += std::abs(metric.by_class[(s * v.C + c) * v.Y + y]);
                }
                const double total = metric.totals[s * v.Y + y];
                if (!close(total, sum, scale))
                    violated(r, first_row, metric.name + ": fleet total = sum over classes", s, 0, y, total, sum);
            }
        }
    }
}

}  // namespace

// Realizations are checked in parallel; where several fail, the message is
// the lowest one's, the one a check in order would give.
void check_invariants(const RunResult& r, int threads, std::size_t first_row) {
    if (r.metrics.size() != std::size_t(models::metric_count)) return;  // not the fleet model's layout
    const auto N = static_cast<std::int64_t>(r.samples);
    std::int64_t failed = N;  // the lowest failing realization, N if none
    std::string message;
#pragma omp parallel for schedule(static) num_threads(std::max(threads, 1))
    for (std::int64_t s = 0; s < N; ++s) {
        try {
            check_realization(r, first_row, std::size_t(s));
        } catch (const RuntimeFailure& e) {
#pragma omp critical(tinyfleet_invariants)
            if (s < failed) {
                failed = s;
                message = e.what();
            }
        }
    }
    if (failed < N) throw RuntimeFailure(message);
}

}  // namespace tinyfleet
