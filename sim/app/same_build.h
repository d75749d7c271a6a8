// `merge` joins the work of one build on one set of reference tables: shards
// or sweep points computed by different program versions or commits, or with
// different models/data tables, can disagree in every value without any
// other sign, so merge refuses them, naming what differs, unless the user
// passes --allow-different-builds. The build type (Release, Debug) is
// recorded but not compared: it changes speed, not results.
#pragma once
#include <string>
#include <vector>

namespace tinyfleet {

// What a file records about the build that made it (root attributes
// program_version, program_commit, build_type, data_sha256; empty when the
// file predates them).
struct MadeBy {
    std::string path;
    std::string version, commit, build_type, data_sha256;
};

// InputError naming both files and the first of version, commit and data
// hash that differs, unless `allow_different_builds`.
void require_same_build(const MadeBy& first, const MadeBy& other, bool allow_different_builds);

// What the merged file records for one of these attributes: the value the
// files share, or, when they differ (--allow-different-builds, or build
// types), their distinct values in file order joined by " + ".
std::string merged_value(const std::vector<std::string>& values);

}  // namespace tinyfleet
