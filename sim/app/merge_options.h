// Options of `tinyfleet merge`, shared by the shard merge (sim/app/merge.h)
// and the sweep point merge (sim/app/sweep_merge.h).
#pragma once
#include <string>
#include <vector>

namespace tinyfleet {

struct MergeOptions {
    std::vector<std::string> inputs;
    std::string output;
    int threads = 0;  // 0: default_thread_count()
    bool quiet = false;
    bool allow_different_builds = false;  // join files of other versions, commits or data tables (sim/app/same_build.h)
    std::string command_line;
};

}  // namespace tinyfleet
