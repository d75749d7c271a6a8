// read_input_text: the whole file, byte for byte, up to the bound and not a
// byte more, for files of any size around the bound.
#include "sim/input/input_text.h"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "sim/engine/input_error.h"

using namespace tinyfleet;

namespace {
struct TempFile {
    std::string path;
    explicit TempFile(const std::string& bytes) {
        char name[] = "/tmp/tinyfleet_input_text_XXXXXX";
        const int fd = ::mkstemp(name);
        REQUIRE(fd >= 0);
        ::close(fd);
        path = name;
        std::ofstream(path, std::ios::binary) << bytes;
    }
    ~TempFile() { std::remove(path.c_str()); }
};

// Bytes that differ from position to position, so a shifted or repeated
// piece would not compare equal.
std::string pattern(std::size_t n) {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) s[i] = char('a' + (i * 7 + i / 251) % 26);
    return s;
}
}  // namespace

TEST_CASE("read_input_text returns every byte of files of any size up to the bound", "[input]") {
    for (const std::size_t n : {std::size_t(0), std::size_t(1), std::size_t(4095), std::size_t(65537),
                                max_document_bytes - 1, max_document_bytes}) {
        INFO(n << " bytes");
        const std::string bytes = pattern(n);
        const TempFile file(bytes);
        CHECK(read_input_text(file.path, "scenario file") == bytes);
    }
}

TEST_CASE("read_input_text refuses a file one byte over the bound, naming the file and the limit", "[input]") {
    for (const std::size_t n : {max_document_bytes + 1, 3 * max_document_bytes}) {
        const TempFile file(pattern(n));
        try {
            read_input_text(file.path, "scenario file");
            FAIL("a file of " << n << " bytes was read");
        } catch (const InputError& e) {
            const std::string what = e.what();
            CHECK(what.find(file.path) != std::string::npos);
            CHECK(what.find("limited to 4194304 bytes") != std::string::npos);
        }
    }
}
