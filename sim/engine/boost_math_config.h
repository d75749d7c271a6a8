// Included before any Boost.Math header, in every file that uses Boost.Math
// (all of them must agree: the affected functions are inline).
//
// Boost 1.74 (Debian 12) builds its factorial table (171 long doubles,
// unchecked_factorial) as a local constexpr array when the compiler has
// constexpr tables, and GCC copies its 2.7 KB onto the stack at every call:
// 3 % of a cohort-mode run went there, through the beta quantile of the
// PERT parameters (ibeta's series). Boost's other branch, for compilers
// without constexpr tables, holds the same literals in a static array that
// is initialized once: the same values, so the same results, without the copy.
#pragma once
#include <boost/math/tools/config.hpp>

#undef BOOST_MATH_HAVE_CONSTEXPR_TABLES
#undef BOOST_MATH_CONSTEXPR_TABLE_FUNCTION
#define BOOST_MATH_CONSTEXPR_TABLE_FUNCTION
