// Process-node data for the integrated-circuit model (ACT, Gupta et al. ISCA 2022),
// as plain structs. The numbers live in models/data/process_nodes.yaml and
// models/data/fab_grid.yaml (with units and sources) and are loaded by
// sim/input/reference_tables.cpp; nothing here reads files or holds a literature number.
//
// ACT's carbon per die area at one node:
//   CPA = (CI_fab * EPA + GPA + MPA) / Y                       [g CO2e/cm2]
// with EPA [kWh/cm2], GPA and MPA [g CO2e/cm2], CI_fab [g CO2e/kWh] and Y the
// fab yield. GPA depends on how much of the fab's fluorinated gases is abated:
// ACT tabulates 95 % and 99 % abatement, and its default ("GPA97") is their mean.
#pragma once
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace tinyfleet::models {

// Which version of ACT's tables a node comes from.
enum class ActVersion {
    v2,       // in ACT's current logic tables (28 nm and newer)
    v1_only,  // existed only in ACT v1 (22 nm), dropped in v2
    none,     // no ACT data at all (older nodes: other tools only)
};

struct ProcessNode {
    static constexpr double nan = std::numeric_limits<double>::quiet_NaN();

    std::string name;               // e.g. "28nm"
    double feature_nm = nan;        // 28 for "28nm" [nm]
    ActVersion act_version = ActVersion::none;

    // ACT terms; NaN where the sources have no value (then has_* is false).
    double epa_kwh_per_cm2 = nan;   // fab electricity per die area [kWh/cm2]
    double gpa95_g_per_cm2 = nan;   // fab gases at 95 % abatement  [g CO2e/cm2]
    double gpa99_g_per_cm2 = nan;   // fab gases at 99 % abatement  [g CO2e/cm2]
    double mpa_g_per_cm2 = nan;     // raw materials per die area    [g CO2e/cm2]
    bool has_epa = false;
    bool has_gpa = false;           // both gpa95 and gpa99 present
    bool has_mpa = false;

    // Other tools, NaN where absent.
    double ecochip_cpa_g_per_mm2 = nan;   // ECO-CHIP carbon per area BEFORE yield [g CO2e/mm2]
    double defect_density_per_cm2 = nan;  // ECO-CHIP defect density D0 [1/cm2]
    double imec_cpa_kg_per_cm2 = nan;     // imec.netzero, Scope 1+2, comparison only [kg CO2e/cm2]

    std::string source;             // where the node's numbers come from

    bool has_ecochip_cpa() const { return !std::isnan(ecochip_cpa_g_per_mm2); }
    bool has_defect_density() const { return !std::isnan(defect_density_per_cm2); }
    bool complete() const { return has_epa && has_gpa && has_mpa; }
};

// Defaults of the IC model that are not per node.
struct IcDefaults {
    double act_default_yield = std::numeric_limits<double>::quiet_NaN();        // fraction
    double packaging_g_per_ic = std::numeric_limits<double>::quiet_NaN();       // g CO2e per IC package
    double negative_binomial_alpha = std::numeric_limits<double>::quiet_NaN();  // dimensionless
};

struct ProcessNodeTable {
    std::vector<ProcessNode> nodes;  // in file order
    IcDefaults defaults;
};

// The node of that exact name, or nullptr.
const ProcessNode* find_process_node(const std::vector<ProcessNode>& nodes, std::string_view name);

// Fab-gas abatement level of the GPA term.
enum class GasAbatement {
    p95,   // 95 % abatement table
    p99,   // 99 % abatement table
    mean,  // (GPA_95 + GPA_99) / 2, ACT's default "GPA97"
};

// GPA of a node at an abatement level [g CO2e/cm2]; NaN if the node has no GPA.
double gpa_g_per_cm2(const ProcessNode& node, GasAbatement abatement);

// Fab electricity carbon intensity of one location (or one generation source).
struct FabGridIntensity {
    std::string location;      // e.g. "taiwan"
    double g_co2e_per_kwh = std::numeric_limits<double>::quiet_NaN();  // [g CO2e/kWh]
    std::string caveat;        // empty unless the data file flags the value
};

struct FabGridTable {
    std::string name;          // e.g. "act_2022"
    std::string source;
    std::vector<FabGridIntensity> values;  // in file order
};

struct FabGridTables {
    std::vector<FabGridTable> tables;      // in file order
    std::string default_table;             // ACT's default table name
    std::string default_location;          // ACT's default fab location
};

// The table / entry of that exact name, or nullptr.
const FabGridTable* find_fab_grid_table(const FabGridTables& grid, std::string_view table);
const FabGridIntensity* find_fab_grid_intensity(const FabGridTable& table, std::string_view location);

}  // namespace tinyfleet::models
