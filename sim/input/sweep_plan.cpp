#include "sim/input/sweep_plan.h"

#include <algorithm>

#include "sim/engine/random_stream.h"
#include "sim/input/label.h"

namespace tinyfleet {

namespace {

bool scalar_is_number(const YAML::Node& node) { return is_number(node); }

void check_path(const YamlDocument& doc, const YAML::Node& key, const std::string& path, const std::string& field) {
    static const char* fixed[] = {"run.name", "run.seed", "run.samples", "run.first_year", "run.last_year"};
    for (const char* f : fixed)
        if (path == f)
            doc.fail(key, field, "a sweep cannot change " + path +
                                     ": every point has the same shape, and its seed comes from run.seed (the same for every point with "
                                     "common random numbers, else derived from the point index)");
    if (path.rfind("sweep", 0) == 0 || path.empty()) doc.fail(key, field, "a sweep cannot change the sweep block");
}

std::string scalar_text(const YamlDocument& doc, const YAML::Node& node, const std::string& field) {
    if (!node.IsScalar()) doc.fail(node, field, "expected a scalar value (number or word)");
    return node.Scalar();
}

}  // namespace

std::vector<std::string> SweepPlan::overrides(std::size_t point) const {
    std::vector<std::string> out;
    for (std::size_t k = 0; k < paths.size(); ++k) out.push_back(paths[k] + "=" + values[point][k]);
    return out;
}

SweepPlan parse_sweep_plan(const YamlDocument& doc, const YAML::Node& node) {
    SweepPlan plan;
    if (!node.IsDefined() || node.IsNull()) return plan;
    MapReader r(doc, node, "sweep");
    r.allow_text("description");
    const YAML::Node grid = r.optional("grid"), list = r.optional("list");
    if (grid.IsDefined() == list.IsDefined())
        doc.fail(node, "sweep", "give exactly one of grid: (map of path: [values]) or list: (list of {path: value})");
    if (grid.IsDefined()) {
        if (!grid.IsMap() || grid.size() == 0) doc.fail(grid, "sweep.grid", "expected a map of path: [values]");
        std::vector<std::vector<std::string>> axes;
        std::size_t total = 1;
        for (const auto& kv : grid) {
            const std::string path = key_text(doc, kv.first, "sweep.grid");
            const std::string field = "sweep.grid." + path;
            check_path(doc, kv.first, path, field);
            for (const auto& p : plan.paths)
                if (p == path) doc.fail(kv.first, field, "listed twice");
            if (!kv.second.IsSequence() || kv.second.size() == 0)
                doc.fail(kv.second, field, "expected a non-empty list of values, e.g. [0.02, 0.04]");
            std::vector<std::string> axis;
            bool numeric = true;
            for (std::size_t i = 0; i < kv.second.size(); ++i) {
                axis.push_back(scalar_text(doc, kv.second[i], field + "[" + std::to_string(i) + "]"));
                numeric = numeric && scalar_is_number(kv.second[i]);
            }
            total *= axis.size();
            if (total > max_sweep_points)
                doc.fail(kv.second, field, "the grid has more than " + std::to_string(max_sweep_points) + " points");
            plan.paths.push_back(path);
            plan.numeric.push_back(numeric);
            plan.where.push_back(doc.locate(kv.first, field));
            axes.push_back(std::move(axis));
        }
        // Row-major product: the last path varies fastest.
        for (std::size_t point = 0; point < total; ++point) {
            std::vector<std::string> values(axes.size());
            std::size_t rest = point;
            for (std::size_t k = axes.size(); k-- > 0;) {
                values[k] = axes[k][rest % axes[k].size()];
                rest /= axes[k].size();
            }
            plan.values.push_back(std::move(values));
        }
    } else {
        if (!list.IsSequence() || list.size() == 0) doc.fail(list, "sweep.list", "expected a non-empty list of {path: value} maps");
        if (list.size() > max_sweep_points)
            doc.fail(list, "sweep.list", "at most " + std::to_string(max_sweep_points) + " points");
        for (std::size_t i = 0; i < list.size(); ++i) {
            const std::string field = "sweep.list[" + std::to_string(i) + "]";
            const YAML::Node point = list[i];
            if (!point.IsMap() || point.size() == 0) doc.fail(point, field, "expected a map of path: value");
            if (i == 0) {
                for (const auto& kv : point) {
                    const std::string path = key_text(doc, kv.first, field);
                    check_path(doc, kv.first, path, field + "." + path);
                    plan.paths.push_back(path);
                    plan.numeric.push_back(true);
                    plan.where.push_back(doc.locate(kv.first, field + "." + path));
                }
            }
            if (point.size() != plan.paths.size())
                doc.fail(point, field, "every point must set the same " + std::to_string(plan.paths.size()) +
                                           " paths as the first one");
            std::vector<std::string> values(plan.paths.size());
            for (std::size_t k = 0; k < plan.paths.size(); ++k) {
                const YAML::Node v = point[plan.paths[k]];
                if (!v.IsDefined()) doc.fail(point, field, "missing '" + plan.paths[k] + "' (set by the first point)");
                values[k] = scalar_text(doc, v, field + "." + plan.paths[k]);
                if (!scalar_is_number(v)) plan.numeric[k] = false;
            }
            plan.values.push_back(std::move(values));
        }
    }
    plan.labels.assign(plan.paths.size(), "");
    if (const YAML::Node labels = r.optional("labels"); labels.IsDefined()) {
        if (!labels.IsMap()) doc.fail(labels, "sweep.labels", "expected a map of swept path: label");
        for (const auto& kv : labels) {
            const std::string path = key_text(doc, kv.first, "sweep.labels");
            const std::string field = "sweep.labels." + path;
            const auto k = std::find(plan.paths.begin(), plan.paths.end(), path);
            if (k == plan.paths.end()) doc.fail(kv.first, field, "not a swept path (the sweep sets only its grid's or list's paths)");
            plan.labels[std::size_t(k - plan.paths.begin())] = read_label_text(doc, kv.second, field);
        }
    }
    r.finish();
    return plan;
}

std::uint64_t sweep_point_seed(std::uint64_t base_seed, std::uint64_t index) {
    return random_bits(base_seed, {index, stream_id("sweep:point-seed"), 0, 0}) >> 11;
}

}  // namespace tinyfleet
