#include "sim/app/build_info.h"

// TINYFLEET_COMMIT and TINYFLEET_BUILD_TYPE: generated into the build folder
// at every build by cmake/commit_header.cmake (only this file includes it,
// so a new commit recompiles one file).
#include "tinyfleet_commit.h"

namespace tinyfleet {

const BuildInfo& build_info() {
    static const BuildInfo info{TINYFLEET_VERSION, TINYFLEET_COMMIT, TINYFLEET_BUILD_TYPE};
    return info;
}

std::string version_text() {
    const BuildInfo& b = build_info();
    return b.version + " (commit " + b.commit + ", " + b.build_type + " build)";
}

}  // namespace tinyfleet
