// Rank correlations among global parameters (the scenario's `correlations:`
// block), imposed with a Gaussian copula:
//
//   z = Phi^-1(u) for the correlated columns of a realization's design,
//   z' = L z with L L^T = P, u' = Phi(z').
//
// The copula keeps every marginal (u' is still uniform, so each parameter
// keeps its distribution through the inverse transform) and gives the normal
// scores Pearson correlation P. Spearman's rank correlation of a bivariate
// normal with correlation p is (6/pi) asin(p/2), so the target rank
// correlation r is reached with p = 2 sin(pi r / 6). It is a pure function of
// one realization's uniforms (no sort over all realizations, unlike
// Iman-Conover), so it keeps the determinism rules and works with any N.
// Under LHS or Sobol' designs the transformed columns are no longer
// stratified; the first correlated parameter is left unchanged (L is lower
// triangular).
#pragma once
#include <string>
#include <vector>


namespace tinyfleet {

// At most this many parameters in one correlation block (the copula works
// on a fixed-size stack buffer per realization).
constexpr std::size_t max_correlated_parameters = 64;

struct RankCorrelations {
    std::vector<int> parameters;      // indices into the ParameterSet (global scope)
    std::vector<std::string> names;
    std::vector<double> target;       // [m][m] target Spearman rank correlations
    std::vector<double> factor;       // [m][m] lower-triangular L, L L^T = 2 sin(pi target / 6)
    bool empty() const { return parameters.empty(); }
    std::size_t size() const { return parameters.size(); }

    // Applies the copula in place to the uniforms u[columns[k]], k < size().
    void apply(double* u, const int* columns) const;
};


// Eigenvalues of a symmetric n x n matrix (cyclic Jacobi), ascending.
std::vector<double> symmetric_eigenvalues(std::vector<double> a, std::size_t n);

// Lower-triangular L with L L^T = a for a positive semi-definite a (columns
// with a zero pivot are set to zero). Returns false if a is not PSD.
bool psd_cholesky(const std::vector<double>& a, std::size_t n, std::vector<double>& l);

// Spearman rank correlation of two equally long series (average ranks for ties).
double spearman(const std::vector<double>& x, const std::vector<double>& y);
// Ranks 1..n, ties get their average rank.
std::vector<double> average_ranks(const std::vector<double>& x);

}  // namespace tinyfleet
