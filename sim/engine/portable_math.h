// log, log(1 - v), exp and pow of positive numbers in plain IEEE double
// arithmetic: the same bits on every x86-64 processor and for every
// instruction set the caller is compiled for (glibc's libm picks FMA
// variants by processor, so its results depend on the machine).
//
// Written to be inlined into loops that the compiler vectorizes: no table
// lookups, no library calls, no branches on the argument (selects only; GCC
// turns them into vector blends in a file compiled with -fno-trapping-math,
// see CMakeLists.txt, and otherwise keeps a loop with them scalar),
// integer work on 64-bit lanes with logical shifts and additions only (AVX2
// has no 64-bit arithmetic shift nor integer/double conversions).
// Nothing here may be contracted into FMA: the project builds with
// -std=c++20 (fp-contract off) and for targets without FMA.
//
// The methods are fdlibm's (Sun Microsystems, 1993): log as 2 atanh(f/(2+f))
// after reduction to [sqrt(1/2), sqrt(2)), exp by a rational approximation
// after reduction by multiples of ln 2. pow(x, y) = exp(y log x) carries log x
// in two doubles (hi + lo, absolute error about 2^-57, whatever the size of
// log x), so y log x adds a relative error of about |y| 2^-57 to the result:
// far below an ulp for |y| up to about 8.
// Measured accuracy (tests/unit/sim/engine/test_portable_math.cpp, against
// long double, 10^7 points each): log 0.58 ulp,
// log_one_minus 0.87 ulp, exp 0.88 ulp, pow 0.91 ulp for y from 0.1 to 2
// over the whole range of results.
#pragma once
#include <bit>
#include <cstdint>

namespace tinyfleet::portable {

namespace detail {

// A number as an unevaluated sum hi + lo, |lo| <= ulp(hi) / 2.
struct TwoDoubles {
    double hi, lo;
};

// a + b as hi + lo when |a| >= |b| (Dekker's FastTwoSum).
inline TwoDoubles fast_two_sum(double a, double b) {
    const double s = a + b;
    return {s, b - (s - a)};
}

// a with its low 27 significand bits cleared: a 26-bit head whose products
// with another head are exact. A mask rather than Dekker's multiplication
// by 2^27 + 1, which overflows for |a| > 2^996.
inline double head(double a) { return std::bit_cast<double>(std::bit_cast<std::uint64_t>(a) & 0xFFFFFFFFF8000000ull); }

// a * b as hi + lo; lo is exact but for the rounding of the tails' product
// (relative error below 2^-104).
inline TwoDoubles two_product(double a, double b) {
    const double p = a * b;
    const double ah = head(a), al = a - ah, bh = head(b), bl = b - bh;
    return {p, ((ah * bh - p) + ah * bl + al * bh) + al * bl};
}

// ln 2 = ln2_hi + ln2_lo; ln2_hi has 32 significant bits, so k ln2_hi is
// exact for |k| < 2^21.
constexpr double ln2_hi = 6.93147180369123816490e-01;
constexpr double ln2_lo = 1.90821492927058770002e-10;
constexpr double inv_ln2 = 1.44269504088896338700e+00;
// Adding 1.5 * 2^52 rounds a double of magnitude below 2^51 to an integer
// (round to nearest), held in the low bits of the sum's representation.
constexpr double round_shift = 0x1.8p52;
constexpr std::uint64_t round_shift_bits = 0x4338000000000000ull;

// An integer 0 <= i < 2^52 held in a uint64 as a double (exact).
inline double integer_to_double(std::uint64_t i) {
    return std::bit_cast<double>(i | 0x4330000000000000ull) - 0x1p52;
}

// 2^k for an integer-valued double |k| <= 1022.
inline double power_of_two(double k) {
    const std::uint64_t biased = std::bit_cast<std::uint64_t>(k + round_shift) - round_shift_bits + 1023;
    return std::bit_cast<double>(biased << 52);
}

// x = 2^k (1 + f) with 1 + f in [sqrt(1/2), sqrt(2)), for a positive finite
// x (subnormals included).
struct Reduced {
    double k, f;
};

// The same for a positive normal x (no subnormal scaling).
inline Reduced reduce_normal(double x) {
    // Adding 1 - sqrt(1/2) (in bits) to the significand carries into the
    // exponent exactly when it is >= sqrt(2); the offset keeps the sum
    // positive for a logical shift.
    constexpr std::uint64_t sqrt_half_bits = 0x3fe6a09e667f3bcdull;
    const std::uint64_t ix = std::bit_cast<std::uint64_t>(x) + (0x3ff0000000000000ull - sqrt_half_bits);
    const double k = integer_to_double(ix >> 52) - 1023.0;
    const double m = std::bit_cast<double>((ix & 0x000fffffffffffffull) + sqrt_half_bits);
    return {k, m - 1.0};  // m - 1 exact (Sterbenz)
}

inline Reduced reduce(double x) {
    // Subnormals are scaled into the normal range first (exactly).
    const bool subnormal = x < 0x1p-1022;
    const double scaled = x * 0x1p54;
    const Reduced r = reduce_normal(subnormal ? scaled : x);
    return {r.k + (subnormal ? -54.0 : 0.0), r.f};
}

// s = f / (2 + f) and the rest R(s^2) of 2 atanh(s) = log(1 + f) beyond its
// first terms: log(1 + f) = f - f^2/2 + s (f^2/2 + R) (fdlibm e_log.c,
// |R - exact| < 2^-58.45 for 1 + f in [sqrt(1/2), sqrt(2))).
struct LogSeries {
    double s, R;
};

inline LogSeries log_series(double f) {
    constexpr double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01,
                     Lg3 = 2.857142874366239149e-01, Lg4 = 2.222219843214978396e-01,
                     Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01,
                     Lg7 = 1.479819860511658591e-01;
    const double s = f / (2.0 + f);
    const double z = s * s, w = z * z;
    return {s, z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7))) + w * (Lg2 + w * (Lg4 + w * Lg6))};
}

// k ln 2 + log(1 + f) for an integer k and 1 + f about in [sqrt(1/2),
// sqrt(2)), as hi + lo with an absolute error of about 2^-57.
inline TwoDoubles log_reduced(double k, double f) {
    const LogSeries series = log_series(f);
    const double s = series.s, R = series.R;
    const TwoDoubles f2 = two_product(f, f);
    const double hfsq = 0.5 * f2.hi, hfsq_lo = 0.5 * f2.lo;  // f^2 / 2 exactly
    const double tail = s * (hfsq + R);                      // at most 5% of the result

    // k ln2_hi + f - hfsq exactly; the small terms are added to the low part.
    // Each sum's first term is the larger (|k ln2_hi| >= 0.69 > |f| for
    // k != 0, and k ln2_hi = 0 otherwise; |k ln2_hi + f| >= 0.28 or |f| >
    // f^2 / 2 = hfsq), so FastTwoSum is exact: the same sums as TwoSum's
    // in half the operations.
    const TwoDoubles a = fast_two_sum(k * ln2_hi, f);
    const TwoDoubles b = fast_two_sum(a.hi, -hfsq);
    const double lo = (((a.lo + b.lo) - hfsq_lo) + tail) + k * ln2_lo;
    return fast_two_sum(b.hi, lo);
}

inline TwoDoubles log_two_doubles(double x) {
    const Reduced r = reduce(x);
    return log_reduced(r.k, r.f);
}

// exp(hi + lo) for |lo| <= ulp(hi); 0 below -745.2, +inf above 709.8.
inline double exp_two_doubles(double hi, double lo) {
    // Clamped so that k stays in range; exp(+-1100) is +inf / 0 anyway.
    double x = hi < -1100.0 ? -1100.0 : hi;
    x = x > 1100.0 ? 1100.0 : x;
    const double k = (x * inv_ln2 + round_shift) - round_shift;  // nearest integer to x / ln 2
    // x - k ln 2 as r_hi - r_lo (x - k ln2_hi is exact), the argument's low part folded in.
    const double r_hi = x - k * ln2_hi;
    const double r_lo = k * ln2_lo - lo;
    const double r = r_hi - r_lo;
    // exp(r) = 1 + r + r c / (2 - c) (fdlibm e_exp.c, error < 2^-59 on |r| <= ln 2 / 2).
    constexpr double P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03,
                     P3 = 6.61375632143793436117e-05, P4 = -1.65339022054652515390e-06,
                     P5 = 4.13813679705723846039e-08;
    const double t = r * r;
    const double c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    const double y = 1.0 - ((r_lo - (r * c) / (2.0 - c)) - r_hi);
    // y 2^k as y 2^k1 2^k2 (|k1|, |k2| <= 794): the first product is exact,
    // the second rounds once, also into the subnormals, and overflows to inf.
    const double k1 = (0.5 * k + round_shift) - round_shift;
    return (y * power_of_two(k1)) * power_of_two(k - k1);
}

// pow's second half, e^(hi + lo) for y log x = hi + lo, hi = y * log x's
// high part rounded, lo the rest: a function of its own so that a batch can
// compute y log x and e^(y log x) in separate loops.
inline double pow_from_product(double hi, double lo) {
    const TwoDoubles z = fast_two_sum(hi, lo);
    const double inside = exp_two_doubles(z.hi, z.lo);
    // Far outside the range of doubles (or y log x = +-inf for a huge y),
    // the two-double product may be inf - inf: the sign decides.
    const bool huge = !(__builtin_fabs(hi) < 1100.0);
    const double outside = hi > 0.0 ? __builtin_inf() : 0.0;
    return huge ? outside : inside;
}

}  // namespace detail

// Natural logarithm of a positive finite x (subnormals included).
inline double log(double x) {
    const detail::TwoDoubles l = detail::log_two_doubles(x);
    return l.hi + l.lo;
}

// log(1 - v) for 0 <= v < 1 in one double (fdlibm's e_log.c formula, no
// two-double steps), 0.87 ulp (measured over 10^7 points). The reduced argument needs no correction term: 1 - v = 2^k (1 +
// f) exactly with f = -v for k = 0, f = 1 - 2v for k = -1 (v from 0.29 to
// 0.65, 2v within a factor 2 of 1: exact by Sterbenz), and for k <= -2 (v >
// 1/2) 1 - v itself is exact.
inline double log_one_minus(double v) {
    const double w = 1.0 - v;  // >= 2^-53: no subnormal
    const detail::Reduced r = detail::reduce_normal(w);
    const double k = r.k;
    const double f_above_half = k == -1.0 ? 1.0 - 2.0 * v : r.f;
    const double f = k == 0.0 ? -v : f_above_half;
    const detail::LogSeries series = detail::log_series(f);
    const double hfsq = 0.5 * f * f;
    return k * detail::ln2_hi - ((hfsq - (series.s * (hfsq + series.R) + k * detail::ln2_lo)) - f);
}

// e^x for a finite x: 0 below -745.2, +inf above 709.8.
inline double exp(double x) { return detail::exp_two_doubles(x, 0.0); }

// x^y for a positive finite x and a finite y: exp(y log x) with log x in two
// doubles; +inf when the result overflows, 0 when it underflows.
inline double pow(double x, double y) {
    const detail::TwoDoubles l = detail::log_two_doubles(x);
    const detail::TwoDoubles p = detail::two_product(y, l.hi);
    return detail::pow_from_product(p.hi, p.lo + y * l.lo);
}

}  // namespace tinyfleet::portable
