// sim/io/atomic_file.h: a file is either its old version or complete, the
// temporary .NAME.tmp-PID never outlives its writer, and temporaries of
// processes that died are removed by the next writer of the same name.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include "sim/engine/input_error.h"
#include "sim/io/atomic_file.h"
#include "tests/unit/sim/io/io_test_support.h"

using tinyfleet::AtomicFile;
using tinyfleet::RuntimeFailure;
using tinyfleet::test::message_of;
using tinyfleet::test::TempDir;

namespace {

std::string contents(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

void put(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

// The PID of a process that has exited and been reaped: no process has it
// (until the kernel reuses it, which takes a full cycle of PIDs).
pid_t dead_pid() {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0);
    return child;
}

}  // namespace

TEST_CASE("an atomic file appears under its name only when committed", "[atomic_file]") {
    TempDir dir;
    const std::string path = dir.file("out.bin");
    const std::string temp = dir.file(".out.bin.tmp-" + std::to_string(::getpid()));
    CHECK(tinyfleet::temporary_path_for(path, ::getpid()) == temp);
    put(path, "old");
    {
        AtomicFile f(path, "test file");
        CHECK(f.temp_path() == temp);
        f.write("new contents", 12);
        CHECK(contents(path) == "old");  // not yet
        CHECK(dir.entries() == std::vector<std::string>{".out.bin.tmp-" + std::to_string(::getpid()), "out.bin"});
        CHECK(f.commit());  // the folder's fsync succeeded
    }
    CHECK(contents(path) == "new contents");
    CHECK(dir.entries() == std::vector<std::string>{"out.bin"});
}

TEST_CASE("an atomic file that fails is removed and leaves the old file", "[atomic_file]") {
    TempDir dir;
    const std::string path = dir.file("out.bin");
    put(path, "old");
    SECTION("an exception before commit") {
        try {
            AtomicFile f(path, "test file");
            f.write("half", 4);
            throw std::runtime_error("computation failed");
        } catch (const std::runtime_error&) {
        }
    }
    SECTION("a failing step of commit (the rename: the destination became a folder)") {
        AtomicFile f(path, "test file");
        f.write("data", 4);
        std::filesystem::remove(path);
        std::filesystem::create_directory(path);
        put(dir.file("out.bin/inside"), "x");  // a non-empty folder cannot be replaced
        const std::string message = message_of<RuntimeFailure>([&] { f.commit(); });
        CHECK_THAT(message, Catch::Contains("cannot write test file '" + path + "': rename("));
        CHECK(std::filesystem::is_directory(path));
        std::filesystem::remove_all(path);
        put(path, "old");
    }
    CHECK(contents(path) == "old");
    CHECK(dir.entries() == std::vector<std::string>{"out.bin"});
}

TEST_CASE("stale temporaries of dead processes are removed, those of live ones kept", "[atomic_file]") {
    TempDir dir;
    const std::string path = dir.file("out.bin");
    const std::string dead = ".out.bin.tmp-" + std::to_string(dead_pid());
    const std::string live = ".out.bin.tmp-" + std::to_string(::getppid());  // our parent is alive
    const std::string other = ".other.bin.tmp-" + std::to_string(dead_pid());  // another file's
    const std::string unlike = ".out.bin.tmp-12x";                              // not a PID
    for (const std::string& name : {dead, live, other, unlike}) put(dir.file(name), "stale");

    CHECK(tinyfleet::remove_stale_temporaries(path) == 1);
    std::vector<std::string> expected{live, other, unlike};
    std::sort(expected.begin(), expected.end());
    CHECK(dir.entries() == expected);

    put(dir.file(dead), "stale");  // and writing the file removes it too
    AtomicFile f(path, "test file");
    f.commit();
    expected.push_back("out.bin");
    std::sort(expected.begin(), expected.end());
    CHECK(dir.entries() == expected);
}

TEST_CASE("an atomic file named by a symbolic link replaces the file the link points to", "[atomic_file]") {
    TempDir dir;
    ::mkdir(dir.file("data").c_str(), 0777);
    put(dir.file("data/result.bin"), "old");
    // A relative link in one folder to a file in another, through a second link.
    REQUIRE(::symlink("data/result.bin", dir.file("hop.bin").c_str()) == 0);
    REQUIRE(::symlink("hop.bin", dir.file("out.bin").c_str()) == 0);
    {
        AtomicFile f(dir.file("out.bin"), "test file");
        CHECK(f.temp_path() == dir.file("data/.result.bin.tmp-" + std::to_string(::getpid())));
        f.write("new", 3);
        f.commit();
    }
    CHECK(contents(dir.file("data/result.bin")) == "new");
    CHECK(contents(dir.file("out.bin")) == "new");  // through both links, which are still links
    struct stat st {};
    REQUIRE(::lstat(dir.file("out.bin").c_str(), &st) == 0);
    CHECK(S_ISLNK(st.st_mode));
    REQUIRE(::lstat(dir.file("hop.bin").c_str(), &st) == 0);
    CHECK(S_ISLNK(st.st_mode));

    // A dangling link: the file it names is created.
    REQUIRE(::symlink("data/new.bin", dir.file("dangling.bin").c_str()) == 0);
    {
        AtomicFile f(dir.file("dangling.bin"), "test file");
        f.write("made", 4);
        f.commit();
    }
    CHECK(contents(dir.file("data/new.bin")) == "made");
}

TEST_CASE("an output path that is a loop of symbolic links is refused", "[atomic_file]") {
    TempDir dir;
    REQUIRE(::symlink("b.bin", dir.file("a.bin").c_str()) == 0);
    REQUIRE(::symlink("a.bin", dir.file("b.bin").c_str()) == 0);
    CHECK_THROWS_WITH(AtomicFile(dir.file("a.bin"), "test file"),
                      Catch::Contains("is a chain of more than 40 symbolic links"));
    CHECK(dir.entries() == std::vector<std::string>{"a.bin", "b.bin"});
}
