#include "sim/app/run_timings.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "sim/engine/input_error.h"

namespace tinyfleet {

void write_timings_json(const std::string& path, const RunTimings& t) {
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (!f) throw RuntimeFailure("--timings-json " + path + ": " + std::strerror(errno));
    const int n = std::fprintf(f,
                               "{\"simulate_s\": %.6f, \"statistics_s\": %.6f, \"write_s\": %.6f, \"threads\": %d, "
                               "\"mpi_ranks\": %d, \"realizations\": %llu}\n",
                               t.simulate_s, t.statistics_s, t.write_s, t.threads, t.mpi_ranks,
                               static_cast<unsigned long long>(t.realizations));
    if (std::fclose(f) != 0 || n < 0) throw RuntimeFailure("--timings-json " + path + ": write failed");
}

}  // namespace tinyfleet
