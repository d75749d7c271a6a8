// Names the result writer and reader share (the layout is in
// sim/io/result_file.h).
#pragma once
#include <cstdint>
#include <limits>
#include <string_view>

namespace tinyfleet::result_layout {

constexpr const char* kFormat = "tinyfleet-results";
// Version 2 follows the CF-1.8 conventions (docs/result-format.md); the
// reader also reads version 1, whose class dimension is "class", whose units
// are the project's ("kg CO2e") and whose "never" is +inf.
constexpr std::int32_t kFormatVersion = 2;
constexpr std::int32_t kOldestReadableVersion = 1;
constexpr const char* kConventions = "CF-1.8";
constexpr const char* kInstitution = "unspecified";
constexpr const char* kReferences =
    "Prakash et al., Is TinyML Sustainable?, Communications of the ACM 66(11), 2023, doi:10.1145/3608473; "
    "tinyfleet, CITATION.cff";

// Payback and breakeven years: "never" (+inf in memory) is stored as this
// _FillValue, netCDF's default fill for doubles, which xarray reads as NaN.
constexpr double kNeverFill = 9.969209968386869e+36;
inline double stored_never(double v) { return v == std::numeric_limits<double>::infinity() ? kNeverFill : v; }

// Root attribute "stored": what a file holds of each realization. "all":
// every table; "summary" (run --store summary): no /samples and no
// /by_class, so nothing that needs the realizations' totals can use it.
constexpr const char* kStoredAll = "all";
constexpr const char* kStoredSummary = "summary";

// Names of the dimension scales; they are also dataset names inside the
// groups, so metric and input names may not use them.
constexpr const char* kYear = "year";
constexpr const char* kSample = "sample";
constexpr const char* kQuantile = "quantile";
constexpr const char* kClass = "device_class";
constexpr const char* kClassVersion1 = "class";
// The classes' human labels, beside every class dimension scale (absent in
// files written before labels existed; format version 2 either way).
constexpr const char* kClassLabel = "device_class_label";

// The cohort mode's error estimates (/cohort_error): the group, its data and
// the name of its own dimension (and coordinate), the quantity estimated.
constexpr const char* kCohortErrorGroup = "cohort_error";
constexpr const char* kRelativeError = "relative_error";
constexpr const char* kCohortErrorPath = "/cohort_error/relative_error";
constexpr const char* kQuantity = "quantity";

// The class's mean device lifetime beside the payback times (/payback).
constexpr const char* kMeanLifetime = "mean_lifetime_years";
constexpr const char* kMeanLifetimePath = "/payback/mean_lifetime_years";

inline bool is_reserved_name(std::string_view name) {
    return name == kYear || name == kSample || name == kQuantile || name == kClass || name == kClassVersion1 ||
           name == kClassLabel;
}

}  // namespace tinyfleet::result_layout
