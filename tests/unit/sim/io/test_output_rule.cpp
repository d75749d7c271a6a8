// sim/io/output_rule.h: which output paths every command refuses before it
// computes anything (InputError, exit 2), and which it accepts.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "sim/engine/input_error.h"
#include "sim/io/output_rule.h"
#include "tests/unit/sim/io/io_test_support.h"

using tinyfleet::check_output_path;
using tinyfleet::InputError;
using tinyfleet::test::message_of;
using tinyfleet::test::TempDir;
namespace fs = std::filesystem;

namespace {
std::string refusal(const std::string& output, const std::vector<std::string>& inputs) {
    return message_of<InputError>([&] { check_output_path(output, inputs); });
}
}  // namespace

TEST_CASE("the output rule accepts new and existing regular files", "[output_rule]") {
    TempDir dir;
    std::ofstream(dir.file("input.yaml")) << "x\n";
    std::ofstream(dir.file("old.h5")) << "x\n";
    CHECK_NOTHROW(check_output_path(dir.file("new.h5"), {dir.file("input.yaml")}));
    CHECK_NOTHROW(check_output_path(dir.file("old.h5"), {dir.file("input.yaml"), dir.file("missing.yaml")}));
    CHECK_NOTHROW(check_output_path(dir.file(std::string(200, 'n')), {}));
}

TEST_CASE("the output rule refuses an output that is one of the inputs", "[output_rule]") {
    TempDir dir;
    const std::string input = dir.file("scenario.yaml");
    std::ofstream(input) << "x\n";
    SECTION("the same path") {
        CHECK_THAT(refusal(input, {dir.file("other.h5"), input}),
                   Catch::Contains("is the input '" + input + "' (the same file)"));
    }
    SECTION("another spelling of its path") {
        const std::string other = (dir.path() / "." / "scenario.yaml").string();
        CHECK_THAT(refusal(other, {input}), Catch::Contains("(the same file)"));
    }
    SECTION("a hard link and a symbolic link to it") {
        fs::create_hard_link(input, dir.path() / "hard.yaml");
        fs::create_symlink(input, dir.path() / "soft.yaml");
        CHECK_THAT(refusal(dir.file("hard.yaml"), {input}), Catch::Contains("(the same file)"));
        CHECK_THAT(refusal(dir.file("soft.yaml"), {input}), Catch::Contains("(the same file)"));
    }
    CHECK(std::ifstream(input).get() == 'x');
}

TEST_CASE("the output rule refuses an existing output that is not a regular file", "[output_rule]") {
    TempDir dir;
    SECTION("a folder") {
        fs::create_directory(dir.path() / "out.h5");
        CHECK_THAT(refusal(dir.file("out.h5"), {}), Catch::Contains("is a folder, not a file"));
    }
    SECTION("a FIFO") {
        REQUIRE(::mkfifo(dir.file("out.h5").c_str(), 0600) == 0);
        CHECK_THAT(refusal(dir.file("out.h5"), {}), Catch::Contains("is a FIFO, not a regular file"));
    }
    SECTION("a character device (made here, as /dev/null's twin, when allowed)") {
        if (::mknod(dir.file("out.h5").c_str(), S_IFCHR | 0600, makedev(1, 3)) != 0) {
            WARN("mknod not permitted here: character device case skipped");
            return;
        }
        CHECK_THAT(refusal(dir.file("out.h5"), {}), Catch::Contains("is a character device, not a regular file"));
        struct stat st {};
        REQUIRE(::stat(dir.file("out.h5").c_str(), &st) == 0);
        CHECK(S_ISCHR(st.st_mode));
    }
}

TEST_CASE("folder_of names the folder a path's file is in", "[output_rule]") {
    CHECK(tinyfleet::folder_of("run.h5") == ".");
    CHECK(tinyfleet::folder_of("outputs/run.h5") == "outputs");
    CHECK(tinyfleet::folder_of("/tmp/a/run.h5") == "/tmp/a");
    CHECK(tinyfleet::folder_of("/run.h5") == "/");
    CHECK(tinyfleet::folder_of("../run.h5") == "..");
}

TEST_CASE("the output rule refuses a missing or unusable folder", "[output_rule]") {
    TempDir dir;
    CHECK_THAT(refusal(dir.file("missing/out.h5"), {}),
               Catch::Contains("output folder '" + dir.file("missing") + "' does not exist"));
    std::ofstream(dir.file("plain")) << "x\n";
    CHECK_THAT(refusal(dir.file("plain/out.h5"), {}), Catch::Contains("it is a file, not a folder"));
    CHECK_THAT(refusal(dir.file("plain/sub/out.h5"), {}), Catch::Contains("(a part of it is a file)"));
    CHECK_THAT(refusal(dir.file("out.h5/"), {}), Catch::Contains("does not name a file"));
    CHECK_THAT(refusal("", {}), Catch::Contains("does not name a file"));
}

TEST_CASE("the output rule refuses a name that leaves no room for its temporary names", "[output_rule]") {
    TempDir dir;
    // 255 is NAME_MAX on Linux file systems; ".NAME.spool-PID" adds 8 + the PID's digits.
    const std::size_t room = 255 - 8 - std::to_string(::getpid()).size();
    CHECK_NOTHROW(check_output_path(dir.file(std::string(room, 'a')), {}));
    CHECK_THAT(refusal(dir.file(std::string(room + 1, 'a')), {}), Catch::Contains("is too long"));
    CHECK_THAT(refusal(dir.file(std::string(248, 'a')), {}), Catch::Contains("is too long"));
    CHECK(dir.entries().empty());
}

TEST_CASE("the output rule follows a symbolic link to the file it names", "[output_rule]") {
    TempDir dir;
    ::mkdir(dir.file("data").c_str(), 0777);
    REQUIRE(::symlink("data/result.h5", dir.file("link.h5").c_str()) == 0);
    CHECK(tinyfleet::output_destination(dir.file("link.h5")) == dir.file("data/result.h5"));
    CHECK(tinyfleet::output_destination(dir.file("plain.h5")) == dir.file("plain.h5"));
    CHECK_NOTHROW(check_output_path(dir.file("link.h5"), {}));
    // The link's target folder is the one that must exist.
    REQUIRE(::symlink("missing/result.h5", dir.file("dangling.h5").c_str()) == 0);
    CHECK(message_of<InputError>([&] { check_output_path(dir.file("dangling.h5"), {}); }) ==
          "error: output folder '" + dir.file("missing") + "' does not exist; create it first");
    // Another output of the command, not written yet, named through a dangling link.
    REQUIRE(::symlink("data/timings.json", dir.file("timings-link.json").c_str()) == 0);
    CHECK(message_of<InputError>([&] {
              check_output_path(dir.file("timings-link.json"), {dir.file("data/timings.json")});
          }) == "error: output path '" + dir.file("timings-link.json") + "' is also '" +
                    dir.file("data/timings.json") + "', which the command reads or writes too; choose another name");
    CHECK(message_of<InputError>([&] {
              check_output_path(dir.file("data/timings.json"), {dir.file("timings-link.json")});
          }) == "error: output path '" + dir.file("data/timings.json") + "' is also '" +
                    dir.file("timings-link.json") + "', which the command reads or writes too; choose another name");
    // A loop of links is refused by name.
    REQUIRE(::symlink("b.h5", dir.file("a.h5").c_str()) == 0);
    REQUIRE(::symlink("a.h5", dir.file("b.h5").c_str()) == 0);
    CHECK(message_of<InputError>([&] { check_output_path(dir.file("a.h5"), {}); }) ==
          "error: output path '" + dir.file("a.h5") +
              "' is a chain of more than 40 symbolic links (a loop?); choose another output name");
}
