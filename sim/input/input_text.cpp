#include "sim/input/input_text.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "sim/engine/input_error.h"
#include "sim/engine/path_kind.h"

namespace tinyfleet {

namespace {

std::string too_large(std::size_t size) {
    return "the file is " + std::to_string(size) + " bytes or more; input files are limited to " +
           std::to_string(max_document_bytes) + " bytes";
}

// Line and column (1-based) of byte `offset`.
SourceLocation location_of(const std::string& text, std::size_t offset, const std::string& name) {
    int line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset; ++i)
        if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    return {name, line, static_cast<int>(offset - line_start) + 1};
}

bool starts_with(const std::string& text, const char* bytes, std::size_t n) {
    return text.size() >= n && std::memcmp(text.data(), bytes, n) == 0;
}

}  // namespace

std::string read_input_text(const std::string& path, const std::string& what) {
    // Checked before opening: opening a FIFO would block, and reading a device need not end.
    switch (path_kind(path).kind) {
        case PathKind::absent:
            throw InputError({path, 0, 0}, "", "cannot open the " + what + " (does it exist and is it readable?)");
        case PathKind::folder:
            throw InputError({path, 0, 0}, "", "is a folder, not a " + what);
        case PathKind::special:
            throw InputError({path, 0, 0}, "", "is not a regular file (a device, pipe or socket); give a " + what);
        case PathKind::regular:
            break;
    }
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) throw InputError({path, 0, 0}, "", "cannot open the " + what + " (does it exist and is it readable?)");
    // The file may change between stat and open: check again on what was opened.
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        ::close(fd);
        throw InputError({path, 0, 0}, "", "is not a regular file (a device, pipe or socket); give a " + what);
    }
    // Read at most one byte past the bound, whatever the size stat reported:
    // into a buffer of the reported size and one byte more (so the end of
    // the file is seen without growing it), grown while the file is longer.
    constexpr std::size_t bound = max_document_bytes + 1;
    std::string text;
    text.resize(std::min<std::size_t>(bound, static_cast<std::size_t>(std::max<off_t>(info.st_size, 0)) + 1));
    std::size_t filled = 0;
    while (filled < bound) {
        if (filled == text.size()) text.resize(std::min(bound, 2 * text.size()));
        const ssize_t n = ::read(fd, text.data() + filled, text.size() - filled);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int error = errno;
            ::close(fd);
            throw InputError({path, 0, 0}, "", "cannot read the " + what + ": " + std::strerror(error));
        }
        if (n == 0) break;
        filled += static_cast<std::size_t>(n);
    }
    ::close(fd);
    if (filled > max_document_bytes) throw InputError({path, 0, 0}, "", too_large(filled));
    text.resize(filled);
    return text;
}

void check_input_text(const std::string& text, const std::string& name) {
    if (text.size() > max_document_bytes) throw InputError({name, 0, 0}, "", too_large(text.size()));
    // UTF-32 first: its little-endian mark begins with UTF-16's.
    if (starts_with(text, "\xFF\xFE\x00\x00", 4) || starts_with(text, "\x00\x00\xFE\xFF", 4))
        throw InputError({name, 1, 1}, "", "the file is UTF-32 text; save it as UTF-8");
    if (starts_with(text, "\xFF\xFE", 2) || starts_with(text, "\xFE\xFF", 2))
        throw InputError({name, 1, 1}, "", "the file is UTF-16 text; save it as UTF-8");
    if (const std::size_t nul = text.find('\0'); nul != std::string::npos)
        throw InputError(location_of(text, nul, name), "",
                         "NUL byte in the file; input files are UTF-8 text (is it UTF-16 or binary?)");
    for (std::size_t cr = text.find('\r'); cr != std::string::npos; cr = text.find('\r', cr + 1))
        if (cr + 1 == text.size() || text[cr + 1] != '\n')
            throw InputError(location_of(text, cr, name), "",
                             "carriage return without a line feed (old Mac line endings?); save the file with "
                             "LF or CRLF line endings");
}

}  // namespace tinyfleet
