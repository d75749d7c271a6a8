// sim/io/isolated_read.h: a read that crashes or hangs in the child becomes
// an InputError naming the file; a read that returns or throws lets the
// caller go on (its own read reports the error).
#include <catch2/catch.hpp>

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <new>
#include <stdexcept>
#include <string>

#include "sim/engine/input_error.h"
#include "sim/io/isolated_read.h"
#include "tests/unit/sim/io/io_test_support.h"

using tinyfleet::check_in_child;
using tinyfleet::InputError;
using tinyfleet::RuntimeFailure;
using tinyfleet::test::message_of;
using tinyfleet::test::TempDir;

namespace {

// Sets TINYFLEET_READ_TIMEOUT for the scope of a test.
class ReadTimeout {
public:
    explicit ReadTimeout(const char* seconds) { ::setenv("TINYFLEET_READ_TIMEOUT", seconds, 1); }
    ~ReadTimeout() { ::unsetenv("TINYFLEET_READ_TIMEOUT"); }
    ReadTimeout(const ReadTimeout&) = delete;
    ReadTimeout& operator=(const ReadTimeout&) = delete;
};

}  // namespace

TEST_CASE("check_in_child: a read that returns runs in another process and lets the caller go on", "[isolated_read]") {
    TempDir dir;
    const std::string marker = dir.file("child-pid");
    const pid_t parent = ::getpid();
    int touched_in_parent = 0;
    REQUIRE_NOTHROW(check_in_child(dir.file("result.h5"), [&] {
        std::ofstream(marker) << ::getpid();
        touched_in_parent = 1;  // the child's copy of the variable
    }));
    std::ifstream in(marker);
    pid_t reader = 0;
    REQUIRE(in >> reader);
    CHECK(reader != parent);
    CHECK(touched_in_parent == 0);
}

TEST_CASE("check_in_child: the child's InputError, RuntimeFailure or bad_alloc is thrown in the caller",
          "[isolated_read]") {
    CHECK(message_of<InputError>([] {
              check_in_child("result.h5", [] { throw InputError("'result.h5': not an HDF5 file"); });
          }) == "error: 'result.h5': not an HDF5 file");
    CHECK(message_of<RuntimeFailure>([] {
              check_in_child("result.h5", [] { throw RuntimeFailure("cannot read 'result.h5': H5Pcreate failed"); });
          }) == "cannot read 'result.h5': H5Pcreate failed");
    CHECK_THROWS_AS(check_in_child("result.h5", [] { throw std::bad_alloc(); }), std::bad_alloc);
    // Another exception is the caller's own read's to report.
    CHECK_NOTHROW(check_in_child("result.h5", [] { throw std::logic_error("unexpected"); }));
}

TEST_CASE("check_in_child: a read that crashes is an InputError naming the file and the signal", "[isolated_read]") {
#ifndef TINYFLEET_SANITIZED  // AddressSanitizer takes SIGSEGV itself and reports it as a finding
    CHECK(message_of<InputError>([] { check_in_child("shard.h5", [] { ::raise(SIGSEGV); }); }) ==
          "error: 'shard.h5': the file is damaged: the HDF5 library crashed (signal 11, Segmentation fault) reading it");
#endif
    CHECK(message_of<InputError>([] { check_in_child("shard.h5", [] { std::abort(); }); }) ==
          "error: 'shard.h5': the file is damaged: the HDF5 library crashed (signal 6, Aborted) reading it");
    CHECK(message_of<InputError>([] { check_in_child("shard.h5", [] { ::_exit(7); }); }) ==
          "error: 'shard.h5': the file is damaged: reading it ended abnormally (exit status 7)");
}

TEST_CASE("check_in_child: a read that hangs is killed after TINYFLEET_READ_TIMEOUT seconds", "[isolated_read]") {
    ReadTimeout limit("0.3");
    const auto start = std::chrono::steady_clock::now();
    const std::string message = message_of<InputError>([] {
        check_in_child("missing.h5", [] {
            for (;;) ::pause();
        });
    });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(message ==
          "error: 'missing.h5': the file is damaged: the HDF5 library did not finish reading it in 0.3 s (limit: "
          "TINYFLEET_READ_TIMEOUT seconds, default 60, plus 1 s per 10 MB)");
    CHECK(seconds >= 0.3);
    CHECK(seconds < 5);
}

TEST_CASE("check_in_child: the limit grows with the file, and a bad TINYFLEET_READ_TIMEOUT is refused",
          "[isolated_read]") {
    TempDir dir;
    const std::string big = dir.file("big.h5");
    std::filesystem::resize_file((std::ofstream(big), big), 30'000'000);  // sparse: 30 MB, +3 s
    ReadTimeout limit("0.2");
    const auto start = std::chrono::steady_clock::now();
    const std::string message = message_of<InputError>([&] {
        check_in_child(big, [] {
            for (;;) ::pause();
        });
    });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(message.find("did not finish reading it in 3.2 s") != std::string::npos);
    CHECK(seconds >= 3.2);
    ::setenv("TINYFLEET_READ_TIMEOUT", "soon", 1);
    CHECK(message_of<InputError>([&] { check_in_child(big, [] {}); }) ==
          "error: TINYFLEET_READ_TIMEOUT must be a positive number of seconds, got 'soon'");
}
