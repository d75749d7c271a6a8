// Which build of tinyfleet is running: its version, the git commit it was
// built from and the build type. `tinyfleet --version` prints them and every
// file the program writes records them (root attributes program_version,
// program_commit, build_type; docs/result-format.md), so that a result can
// be traced to the code that made it and `merge` can refuse to join the work
// of different builds.
#pragma once
#include <string>

namespace tinyfleet {

struct BuildInfo {
    std::string version;     // project(VERSION) of CMakeLists.txt, e.g. "0.1.0"
    std::string commit;      // 40 hex digits, "-dirty" appended when built from a modified tree; or "unknown"
    std::string build_type;  // CMAKE_BUILD_TYPE, e.g. "Release"
};

const BuildInfo& build_info();

// "0.1.0 (commit <commit>, Release build)": what --version prints.
std::string version_text();

}  // namespace tinyfleet
