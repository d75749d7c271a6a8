#include "sim/input/correlations_block.h"

#include <algorithm>
#include <cmath>

namespace tinyfleet {

RankCorrelations parse_correlations(const YamlDocument& doc, const YAML::Node& node, const ParameterSet& set) {
    RankCorrelations out;
    if (!node.IsDefined() || node.IsNull()) return out;
    MapReader r(doc, node, "correlations");
    r.allow_text("note");
    r.allow_text("source");
    const YAML::Node names = r.required("parameters");
    if (!names.IsSequence() || names.size() < 2)
        doc.fail(names, "correlations.parameters", "expected a list of at least two global parameter names");
    if (names.size() > max_correlated_parameters)
        doc.fail(names, "correlations.parameters",
                 "at most " + std::to_string(max_correlated_parameters) + " parameters can be correlated");
    for (std::size_t i = 0; i < names.size(); ++i) {
        const std::string path = "correlations.parameters[" + std::to_string(i) + "]";
        const std::string name = read_string(doc, names[i], path);
        const int index = set.find(name);
        if (index < 0) {
            const std::string hint = closest_match(name, set.names());
            doc.fail(names[i], path, "unknown parameter '" + name + "'" +
                                         (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
        }
        if (set[index].scope != Scope::global)
            doc.fail(names[i], path, "'" + name + "' is a device-scope parameter; only global parameters can be correlated");
        // The copula reorders a parameter's own draws; a fixed one draws none
        // (its value is a number or another parameter's), so nothing would
        // reach the target correlation.
        if (set[index].form == DistributionForm::fixed) {
            const auto pin = doc.overridden_paths.find("parameters." + name);
            const std::string how = pin == doc.overridden_paths.end() ? "type: fixed" : pin->second;
            doc.fail(names[i], path, "'" + name + "' is fixed (" + how + "): it draws no values of its own to "
                                     "correlate; remove it from correlations");
        }
        if (std::find(out.parameters.begin(), out.parameters.end(), index) != out.parameters.end())
            doc.fail(names[i], path, "'" + name + "' is listed twice");
        out.parameters.push_back(index);
        out.names.push_back(name);
    }
    const std::size_t m = out.parameters.size();
    const YAML::Node matrix = r.required("matrix");
    if (!matrix.IsSequence() || matrix.size() != m)
        doc.fail(matrix, "correlations.matrix",
                 "expected a list of " + std::to_string(m) + " rows (one per listed parameter)");
    out.target.assign(m * m, 0.0);
    for (std::size_t i = 0; i < m; ++i) {
        const std::string row_path = "correlations.matrix[" + std::to_string(i) + "]";
        if (!matrix[i].IsSequence() || matrix[i].size() != m)
            doc.fail(matrix[i], row_path, "expected a row of " + std::to_string(m) + " numbers");
        for (std::size_t j = 0; j < m; ++j) {
            const std::string path = row_path + "[" + std::to_string(j) + "]";
            const double v = read_number(doc, matrix[i][j], path);
            if (!(v >= -1.0 && v <= 1.0))
                doc.fail(matrix[i][j], path, "a rank correlation must lie in [-1, 1] (got " + number_text(v) + ")");
            if (i == j && v != 1.0)
                doc.fail(matrix[i][j], path, "the diagonal must be 1 (a parameter's correlation with itself), got " +
                                                 number_text(v));
            out.target[i * m + j] = v;
        }
    }
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (std::abs(out.target[i * m + j] - out.target[j * m + i]) > 1e-12)
                doc.fail(matrix[i][j], "correlations.matrix[" + std::to_string(i) + "][" + std::to_string(j) + "]",
                         "the matrix must be symmetric: entry (" + std::to_string(i) + ", " + std::to_string(j) +
                             ") is " + number_text(out.target[i * m + j]) + " but (" + std::to_string(j) + ", " +
                             std::to_string(i) + ") is " + number_text(out.target[j * m + i]));
    const double smallest = symmetric_eigenvalues(out.target, m).front();
    if (smallest < -1e-10)
        doc.fail(matrix, "correlations.matrix",
                 "the matrix is not positive semi-definite (smallest eigenvalue " + number_text(smallest) +
                     "): no joint distribution has these rank correlations; make the correlations consistent");
    std::vector<double> pearson(m * m);
    for (std::size_t k = 0; k < m * m; ++k) pearson[k] = 2.0 * std::sin(M_PI * out.target[k] / 6.0);
    if (!psd_cholesky(pearson, m, out.factor))
        doc.fail(matrix, "correlations.matrix",
                 "the normal-score matrix 2 sin(pi r / 6) of these rank correlations is not positive semi-definite "
                 "(the Gaussian copula cannot reach them); move the correlations slightly towards 0");
    r.finish();
    return out;
}

}  // namespace tinyfleet
