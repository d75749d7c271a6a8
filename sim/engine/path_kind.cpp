#include "sim/engine/path_kind.h"

#include <sys/stat.h>

#include <cerrno>

namespace tinyfleet {

PathKind path_kind(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return {PathKind::absent, 0, errno};
    if (S_ISDIR(info.st_mode)) return {PathKind::folder, 0, 0};
    if (!S_ISREG(info.st_mode)) return {PathKind::special, 0, 0};
    return {PathKind::regular, static_cast<std::uint64_t>(info.st_size), 0};
}

}  // namespace tinyfleet
