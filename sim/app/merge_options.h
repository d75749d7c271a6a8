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
    std::string command_line;
};

}  // namespace tinyfleet
