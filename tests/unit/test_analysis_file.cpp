// Analysis files (sim/analysis_file.h): what write_analysis_file writes,
// read_analysis_file gives back (the sweep merge relies on it), and
// hdf5_file_format tells the kinds of file apart.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "sim/analysis_file.h"
#include "sim/input_error.h"

using namespace tinyfleet;

namespace {
std::string temp_path(const std::string& name) {
    return (std::filesystem::temp_directory_path() / ("tinyfleet-test-" + name)).string();
}
}  // namespace

TEST_CASE("an analysis file reads back as written", "[analysis_file]") {
    AnalysisFile f;
    f.attributes = {text_attribute("format", "tinyfleet-sweep"), integer_attribute("seed", 42),
                    number_attribute("level", 0.5)};
    AnalysisGroup g;
    g.name = "summary";
    g.dimensions = {{"sweep_point", {}, {0, 1}, {}, "1", "index"},
                    {"quantile", {0.05, 0.5, 0.95}, {}, {}, "1", "probability level"},
                    {"label", {}, {}, {"a", "b"}, "", ""}};
    g.variables = {{"setting", {"sweep_point"}, {0.02, 0.04}, {}, "1/year", "a setting", true},
                   {"name", {"sweep_point"}, {}, {"mc", "lhs"}, "", "", true},
                   {"net", {"sweep_point", "quantile"}, {1, 2, 3, 4, 5, 6}, {}, "kg", "net", false}};
    g.attributes = {text_attribute("note", "group attribute")};
    f.groups = {g};
    const std::string path = temp_path("analysis.h5");
    write_analysis_file(path, f);
    REQUIRE(hdf5_file_format(path) == "tinyfleet-sweep");
    const AnalysisFile r = read_analysis_file(path);
    std::remove(path.c_str());

    REQUIRE(r.attributes.size() == 3);
    CHECK(r.attributes[0].text == "tinyfleet-sweep");
    CHECK((r.attributes[1].kind == AnalysisAttribute::integer_kind && r.attributes[1].integer == 42));
    CHECK((r.attributes[2].kind == AnalysisAttribute::number_kind && r.attributes[2].number == 0.5));
    REQUIRE(r.groups.size() == 1);
    const AnalysisGroup& q = r.groups[0];
    CHECK(q.name == "summary");
    REQUIRE(q.dimensions.size() == 3);
    CHECK(q.dimensions[0].integers == std::vector<std::int64_t>{0, 1});
    CHECK(q.dimensions[1].numbers == std::vector<double>{0.05, 0.5, 0.95});
    CHECK(q.dimensions[1].long_name == "probability level");
    CHECK(q.dimensions[2].strings == std::vector<std::string>{"a", "b"});
    REQUIRE(q.variables.size() == 3);
    CHECK(q.variables[0].auxiliary_coordinate);
    CHECK(q.variables[0].units == "1/year");
    CHECK(q.variables[1].strings == std::vector<std::string>{"mc", "lhs"});
    CHECK(!q.variables[2].auxiliary_coordinate);
    CHECK(q.variables[2].dims == std::vector<std::string>{"sweep_point", "quantile"});
    CHECK(q.variables[2].numbers == std::vector<double>{1, 2, 3, 4, 5, 6});
    REQUIRE(q.attributes.size() == 1);
    CHECK(q.attributes[0].text == "group attribute");
}

TEST_CASE("hdf5_file_format is empty for missing and non-HDF5 files; reading them names the file", "[analysis_file]") {
    const std::string path = temp_path("not-hdf5.h5");
    std::ofstream(path) << "not an HDF5 file\n";
    CHECK(hdf5_file_format(path).empty());
    CHECK(hdf5_file_format(temp_path("missing.h5")).empty());
    CHECK_THROWS_WITH(read_analysis_file(path), Catch::Contains(path) && Catch::Contains("not an HDF5 file"));
    CHECK_THROWS_AS(read_analysis_file(temp_path("missing.h5")), InputError);
    std::remove(path.c_str());
}
