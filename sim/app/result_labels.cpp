#include "sim/app/result_labels.h"

#include "models/fleet/fleet_metrics.h"
#include "sim/input/label.h"

namespace tinyfleet {

std::string class_label(const RunResult& result, std::size_t class_index) {
    if (class_index < result.class_labels.size() && !result.class_labels[class_index].empty())
        return result.class_labels[class_index];
    return default_label(result.classes.at(class_index));
}

std::string metric_label(const ResultMetric& metric) {
    if (!metric.label.empty()) return metric.label;
    // Files before labels: the program's label of a metric it still computes.
    for (const models::MetricInfo& info : models::metric_info)
        if (metric.name == info.name) return info.label;
    return default_label(metric.name);
}

std::string input_label(const ResultInput& input) {
    return input.label.empty() ? default_label(input.name) : input.label;
}

}  // namespace tinyfleet
