#include "models/device/process_node.h"

namespace tinyfleet::models {

const ProcessNode* find_process_node(const std::vector<ProcessNode>& nodes, std::string_view name) {
    for (const auto& n : nodes)
        if (n.name == name) return &n;
    return nullptr;
}

double gpa_g_per_cm2(const ProcessNode& node, GasAbatement abatement) {
    if (!node.has_gpa) return ProcessNode::nan;
    switch (abatement) {
        case GasAbatement::p95: return node.gpa95_g_per_cm2;
        case GasAbatement::p99: return node.gpa99_g_per_cm2;
        case GasAbatement::mean: return 0.5 * (node.gpa95_g_per_cm2 + node.gpa99_g_per_cm2);
    }
    return ProcessNode::nan;
}

const FabGridTable* find_fab_grid_table(const FabGridTables& grid, std::string_view table) {
    for (const auto& t : grid.tables)
        if (t.name == table) return &t;
    return nullptr;
}

const FabGridIntensity* find_fab_grid_intensity(const FabGridTable& table, std::string_view location) {
    for (const auto& v : table.values)
        if (v.location == location) return &v;
    return nullptr;
}

}  // namespace tinyfleet::models
