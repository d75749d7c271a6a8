// Embodied carbon of an integrated circuit, after ACT (Gupta et al., "ACT:
// Designing Sustainable Computer Systems with an Architectural Carbon Modeling
// Tool", ISCA 2022):
//
//   E_IC = A_die * CPA + N_packages * C_package
//   CPA  = (CI_fab * EPA + GPA + MPA) / Y
//
//   A_die      die area                                   [cm2]
//   CPA        carbon per die area                        [g CO2e/cm2]
//   CI_fab     carbon intensity of the fab's electricity  [g CO2e/kWh]
//   EPA        fab electricity per die area               [kWh/cm2]
//   GPA        fab (fluorinated) gases per die area       [g CO2e/cm2]
//   MPA        raw materials per die area                 [g CO2e/cm2]
//   Y          fab yield, fraction of good dies           [-]   (models/device/yield.h)
//   C_package  packaging per IC (ACT: 150 g)              [g CO2e]
//
// Per-node EPA/GPA/MPA are data (models/data/process_nodes.yaml, loaded into
// models/device/process_node.h structs by sim/). ACT has them only for 28 nm and newer;
// older nodes, where MCUs live, lack some terms: see MissingTermPolicy below.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "models/device/process_node.h"
#include "models/device/yield.h"
#include "models/units.h"

namespace tinyfleet::models {

// Foundation form, kept for existing callers:
// die_area_mm2 [mm2], carbon_per_area [kg CO2e/cm2], packaging [kg CO2e] -> [kg CO2e]
double die_embodied_kg(double die_area_mm2, double carbon_per_area_kg_per_cm2, double packaging_kg);

// ACT carbon per area:  CPA = (CI_fab * EPA + GPA + MPA) / Y            [g CO2e/cm2]
//   ci_fab_g_per_kwh [g CO2e/kWh], epa_kwh_per_cm2 [kWh/cm2],
//   gpa_g_per_cm2 and mpa_g_per_cm2 [g CO2e/cm2], yield [fraction, 0 < Y <= 1].
// No checks (hot path): Y = 0 gives inf, which the engine's non-finite check reports.
double carbon_per_area_g_per_cm2(double ci_fab_g_per_kwh, double epa_kwh_per_cm2, double gpa_g_per_cm2,
                                 double mpa_g_per_cm2, double yield);

// E_IC = A_die[cm2] * CPA + N_packages * C_package, in kg CO2e:
//   die_area_mm2 [mm2] (converted with mm2_per_cm2), cpa_g_per_cm2 [g CO2e/cm2],
//   packages [count; fractional allowed for expected values],
//   packaging_g_per_ic [g CO2e per package]  ->  [kg CO2e]
double ic_embodied_kg(double die_area_mm2, double cpa_g_per_cm2, double packages, double packaging_g_per_ic);

// ---------------------------------------------------------------------------
// Missing terms. A node that lacks EPA, GPA or MPA (every node older than 28 nm,
// and 22 nm's MPA) cannot be put through the ACT formula as it stands. The
// scenario chooses how to fill the gap; the result must say what was done.
//
//   zero                   missing terms count as 0. For an old node with only
//                          GreenChip's EPA this is fab electricity alone,
//                          CPA = CI_fab * EPA / Y: a LOWER bound (no gases, no
//                          materials).
//   from_nearest_act_node  each missing term is taken from the nearest node in
//                          ACT's current (v2) tables that has it, nearest in
//                          log(feature size); for every node older than 28 nm
//                          that is 28 nm (GPA 175/100, MPA 500 g CO2e/cm2), for
//                          22 nm's MPA it is 20 nm. Terms the node has (e.g.
//                          GreenChip's EPA) are kept. ASSUMPTION: materials per
//                          wafer area barely depend on the node (ACT's MPA is 500
//                          at every node); ACT's GPA rises toward newer nodes, so
//                          28 nm's GPA is probably an overestimate for older ones.
//   from_ecochip_cpa       ECO-CHIP's total carbon per area (before yield,
//                          converted g/mm2 -> g/cm2) REPLACES the whole ACT
//                          numerator CI_fab*EPA + GPA + MPA; the node's own terms
//                          are not used, CI_fab has no effect (ECO-CHIP's CPA
//                          carries its own fab electricity), the yield still
//                          divides. Only for nodes ECO-CHIP covers (of the
//                          incomplete ones: 22 nm, 65 nm -- and 65 nm is ECO-CHIP's
//                          interposer node); other incomplete nodes throw.
//
// A node with all three ACT terms is used as tabulated under every policy.
enum class MissingTermPolicy { zero, from_nearest_act_node, from_ecochip_cpa };

// The EPA/GPA/MPA actually used for one node under one policy, and how they were
// obtained (for the output and the log).
struct ResolvedNodeTerms {
    std::string node;                // node name
    // Terms as used; NaN when uses_ecochip_cpa (then they do not enter).
    double epa_kwh_per_cm2 = ProcessNode::nan;   // [kWh/cm2]
    double gpa_g_per_cm2 = ProcessNode::nan;     // [g CO2e/cm2], at the chosen abatement
    double mpa_g_per_cm2 = ProcessNode::nan;     // [g CO2e/cm2]
    // from_ecochip_cpa: the pre-yield CPA that replaces CI_fab*EPA + GPA + MPA.
    bool uses_ecochip_cpa = false;
    double ecochip_cpa_g_per_cm2 = ProcessNode::nan;  // [g CO2e/cm2], before yield

    // Which terms were not in the table, and where their value came from:
    // "" = tabulated, "zero", "<node name>" (from_nearest_act_node), "ecochip_cpa".
    bool epa_filled = false, gpa_filled = false, mpa_filled = false;
    std::string epa_from, gpa_from, mpa_from;
    std::string note;                // one line, e.g. "90nm: gpa, mpa missing -> from 28nm (...)"

    bool any_filled() const { return epa_filled || gpa_filled || mpa_filled; }
};

// Resolves a node's terms under a policy. `table` is the full node table (the
// pool from_nearest_act_node draws on). Throws std::invalid_argument when the
// policy cannot serve the node (from_ecochip_cpa on a node ECO-CHIP lacks; no v2
// node has the term).
ResolvedNodeTerms resolve_node_terms(const ProcessNode& node, const std::vector<ProcessNode>& table,
                                     MissingTermPolicy policy, GasAbatement abatement);

// CPA from resolved terms [g CO2e/cm2]:
//   ACT terms:        (CI_fab * EPA + GPA + MPA) / Y
//   ECO-CHIP's CPA:   CPA_ecochip / Y            (CI_fab unused)
double carbon_per_area_g_per_cm2(const ResolvedNodeTerms& terms, double ci_fab_g_per_kwh, double yield);

// One IC of a bill of materials on a node: E_IC with the CPA of the node's
// resolved terms at the die yield of `yield_model` (models/device/yield.h:
// fixed_yield for YieldModel::fixed, defect density and alpha for the others).
struct IcDie {
    double die_area_mm2 = 0.0;            // [mm2]
    double ci_fab_g_per_kwh = 0.0;        // [g CO2e/kWh]
    double fixed_yield = 0.0;             // [fraction]
    double defect_density_per_cm2 = 0.0;  // [1/cm2]
    double packages = 0.0;                // [count]
    double packaging_g_per_ic = 0.0;      // [g CO2e per package]
};
// -> [kg CO2e]
double ic_embodied_kg(const ResolvedNodeTerms& terms, YieldModel yield_model, double negative_binomial_alpha,
                      const IcDie& die);

// "epa, gpa, mpa" style list of the ACT terms a node lacks ("" if complete).
std::string missing_terms(const ProcessNode& node);

// Names as used in scenarios and data files ("zero", "from_nearest_act_node",
// "from_ecochip_cpa"; "p95", "p99", "mean"). parse_* return false on an unknown name.
std::string_view to_string(MissingTermPolicy policy);
std::string_view to_string(GasAbatement abatement);
bool parse_missing_term_policy(std::string_view name, MissingTermPolicy& out);
bool parse_gas_abatement(std::string_view name, GasAbatement& out);

}  // namespace tinyfleet::models
