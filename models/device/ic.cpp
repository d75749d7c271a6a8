#include "models/device/ic.h"

#include <cmath>
#include <stdexcept>

namespace tinyfleet::models {

double die_embodied_kg(double die_area_mm2, double carbon_per_area_kg_per_cm2, double packaging_kg) {
    return die_area_mm2 / mm2_per_cm2 * carbon_per_area_kg_per_cm2 + packaging_kg;
}

double carbon_per_area_g_per_cm2(double ci_fab_g_per_kwh, double epa_kwh_per_cm2, double gpa_g_per_cm2,
                                 double mpa_g_per_cm2, double yield) {
    // CPA = (CI_fab * EPA + GPA + MPA) / Y
    return (ci_fab_g_per_kwh * epa_kwh_per_cm2 + gpa_g_per_cm2 + mpa_g_per_cm2) / yield;
}

double ic_embodied_kg(double die_area_mm2, double cpa_g_per_cm2, double packages, double packaging_g_per_ic) {
    // E_IC = A_die[cm2] * CPA + N_packages * C_package   [g CO2e] -> [kg CO2e]
    const double die_g = die_area_mm2 / mm2_per_cm2 * cpa_g_per_cm2;
    const double packaging_g = packages * packaging_g_per_ic;
    return (die_g + packaging_g) / g_per_kg;
}

double ic_embodied_kg(const ResolvedNodeTerms& terms, YieldModel yield_model, double negative_binomial_alpha,
                      const IcDie& die) {
    const double area_cm2 = die.die_area_mm2 / mm2_per_cm2;
    const double yield = yield_model == YieldModel::fixed
                             ? die.fixed_yield
                             : die_yield(yield_model, area_cm2, die.defect_density_per_cm2, negative_binomial_alpha,
                                         die.fixed_yield);
    const double cpa = carbon_per_area_g_per_cm2(terms, die.ci_fab_g_per_kwh, yield);
    return ic_embodied_kg(die.die_area_mm2, cpa, die.packages, die.packaging_g_per_ic);
}

namespace {

enum class Term { epa, gpa, mpa };

bool node_has(const ProcessNode& n, Term t) {
    switch (t) {
        case Term::epa: return n.has_epa;
        case Term::gpa: return n.has_gpa;
        case Term::mpa: return n.has_mpa;
    }
    return false;
}

const char* term_name(Term t) {
    switch (t) {
        case Term::epa: return "epa";
        case Term::gpa: return "gpa";
        case Term::mpa: return "mpa";
    }
    return "?";
}

// The ACT v2 node nearest to `node` in log(feature size) that has term `t`.
// Ties go to the first in table order.
const ProcessNode* nearest_act_node(const ProcessNode& node, const std::vector<ProcessNode>& table, Term t) {
    const ProcessNode* best = nullptr;
    double best_distance = 0.0;
    for (const auto& candidate : table) {
        if (candidate.act_version != ActVersion::v2 || !node_has(candidate, t)) continue;
        const double d = std::fabs(std::log(node.feature_nm) - std::log(candidate.feature_nm));
        if (best == nullptr || d < best_distance) {
            best = &candidate;
            best_distance = d;
        }
    }
    return best;
}

}  // namespace

std::string missing_terms(const ProcessNode& node) {
    std::string out;
    for (Term t : {Term::epa, Term::gpa, Term::mpa}) {
        if (node_has(node, t)) continue;
        if (!out.empty()) out += ", ";
        out += term_name(t);
    }
    return out;
}

ResolvedNodeTerms resolve_node_terms(const ProcessNode& node, const std::vector<ProcessNode>& table,
                                     MissingTermPolicy policy, GasAbatement abatement) {
    ResolvedNodeTerms r;
    r.node = node.name;
    r.epa_kwh_per_cm2 = node.epa_kwh_per_cm2;
    r.gpa_g_per_cm2 = gpa_g_per_cm2(node, abatement);
    r.mpa_g_per_cm2 = node.mpa_g_per_cm2;
    r.epa_filled = !node.has_epa;
    r.gpa_filled = !node.has_gpa;
    r.mpa_filled = !node.has_mpa;

    const std::string missing = missing_terms(node);
    if (missing.empty()) {
        r.note = node.name + ": ACT terms as tabulated";
        return r;
    }

    switch (policy) {
        case MissingTermPolicy::zero:
            if (r.epa_filled) {
                r.epa_kwh_per_cm2 = 0.0;
                r.epa_from = "zero";
            }
            if (r.gpa_filled) {
                r.gpa_g_per_cm2 = 0.0;
                r.gpa_from = "zero";
            }
            if (r.mpa_filled) {
                r.mpa_g_per_cm2 = 0.0;
                r.mpa_from = "zero";
            }
            r.note = node.name + ": " + missing + " missing -> set to 0 (policy zero; a lower bound)";
            return r;

        case MissingTermPolicy::from_nearest_act_node: {
            std::string sources;
            for (Term t : {Term::epa, Term::gpa, Term::mpa}) {
                if (node_has(node, t)) continue;
                const ProcessNode* from = nearest_act_node(node, table, t);
                if (from == nullptr)
                    throw std::invalid_argument("process node '" + node.name + "' lacks " + term_name(t) +
                                                " and no ACT v2 node in the table has it");
                switch (t) {
                    case Term::epa:
                        r.epa_kwh_per_cm2 = from->epa_kwh_per_cm2;
                        r.epa_from = from->name;
                        break;
                    case Term::gpa:
                        r.gpa_g_per_cm2 = gpa_g_per_cm2(*from, abatement);
                        r.gpa_from = from->name;
                        break;
                    case Term::mpa:
                        r.mpa_g_per_cm2 = from->mpa_g_per_cm2;
                        r.mpa_from = from->name;
                        break;
                }
                if (!sources.empty()) sources += ", ";
                sources += std::string(term_name(t)) + " from " + from->name;
            }
            r.note = node.name + ": " + missing + " missing -> " + sources + " (policy from_nearest_act_node)";
            return r;
        }

        case MissingTermPolicy::from_ecochip_cpa: {
            if (!node.has_ecochip_cpa()) {
                std::string covered;
                for (const auto& n : table)
                    if (!n.complete() && n.has_ecochip_cpa()) covered += (covered.empty() ? "" : ", ") + n.name;
                throw std::invalid_argument("process node '" + node.name + "' lacks " + missing +
                                            " and ECO-CHIP has no carbon per area for it; policy "
                                            "from_ecochip_cpa serves only " +
                                            (covered.empty() ? std::string("no incomplete node") : covered));
            }
            r.uses_ecochip_cpa = true;
            r.ecochip_cpa_g_per_cm2 = node.ecochip_cpa_g_per_mm2 * mm2_per_cm2;
            r.epa_kwh_per_cm2 = r.gpa_g_per_cm2 = r.mpa_g_per_cm2 = ProcessNode::nan;
            r.epa_from = r.epa_filled ? "ecochip_cpa" : "";
            r.gpa_from = r.gpa_filled ? "ecochip_cpa" : "";
            r.mpa_from = r.mpa_filled ? "ecochip_cpa" : "";
            r.note = node.name + ": " + missing +
                     " missing -> ECO-CHIP carbon per area (before yield) replaces CI_fab*EPA + GPA + MPA; "
                     "CI_fab unused (policy from_ecochip_cpa)";
            return r;
        }
    }
    throw std::invalid_argument("unknown missing-term policy");
}

double carbon_per_area_g_per_cm2(const ResolvedNodeTerms& terms, double ci_fab_g_per_kwh, double yield) {
    if (terms.uses_ecochip_cpa) return terms.ecochip_cpa_g_per_cm2 / yield;  // CPA_ecochip / Y
    return carbon_per_area_g_per_cm2(ci_fab_g_per_kwh, terms.epa_kwh_per_cm2, terms.gpa_g_per_cm2,
                                     terms.mpa_g_per_cm2, yield);
}

std::string_view to_string(MissingTermPolicy policy) {
    switch (policy) {
        case MissingTermPolicy::zero: return "zero";
        case MissingTermPolicy::from_nearest_act_node: return "from_nearest_act_node";
        case MissingTermPolicy::from_ecochip_cpa: return "from_ecochip_cpa";
    }
    return "?";
}

std::string_view to_string(GasAbatement abatement) {
    switch (abatement) {
        case GasAbatement::p95: return "p95";
        case GasAbatement::p99: return "p99";
        case GasAbatement::mean: return "mean";
    }
    return "?";
}

bool parse_missing_term_policy(std::string_view name, MissingTermPolicy& out) {
    for (auto p : {MissingTermPolicy::zero, MissingTermPolicy::from_nearest_act_node,
                   MissingTermPolicy::from_ecochip_cpa})
        if (name == to_string(p)) {
            out = p;
            return true;
        }
    return false;
}

bool parse_gas_abatement(std::string_view name, GasAbatement& out) {
    for (auto a : {GasAbatement::p95, GasAbatement::p99, GasAbatement::mean})
        if (name == to_string(a)) {
            out = a;
            return true;
        }
    return false;
}

}  // namespace tinyfleet::models
