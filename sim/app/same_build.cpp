#include "sim/app/same_build.h"

#include <algorithm>

#include "sim/engine/input_error.h"

namespace tinyfleet {

void require_same_build(const MadeBy& first, const MadeBy& other, bool allow_different_builds) {
    if (allow_different_builds) return;
    auto differ = [&](const std::string& what, const std::string& a, const std::string& b) {
        if (a == b) return;
        auto shown = [](const std::string& v) { return v.empty() ? std::string("not recorded") : "'" + v + "'"; };
        throw InputError("cannot merge: '" + other.path + "' and '" + first.path + "' were made by different builds: " +
                         what + " differs (" + shown(b) + " vs " + shown(a) +
                         "); rerun them with one build, or pass --allow-different-builds to merge them anyway");
    };
    differ("the program version (program_version)", first.version, other.version);
    differ("the commit (program_commit)", first.commit, other.commit);
    differ("the reference data (data_sha256)", first.data_sha256, other.data_sha256);
}

std::string merged_value(const std::vector<std::string>& values) {
    std::vector<std::string> distinct;
    for (const std::string& v : values)
        if (std::find(distinct.begin(), distinct.end(), v) == distinct.end()) distinct.push_back(v);
    std::string out;
    for (const std::string& v : distinct) out += (out.empty() ? "" : " + ") + v;
    return out;
}

}  // namespace tinyfleet
