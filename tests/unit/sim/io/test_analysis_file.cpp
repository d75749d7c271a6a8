// Analysis files (sim/io/analysis_file.h): what write_analysis_file writes,
// read_analysis_file gives back (the sweep merge relies on it), and
// hdf5_file_format tells the kinds of file apart.
#include <catch2/catch.hpp>
#include <hdf5.h>
#include <hdf5_hl.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "sim/io/analysis_file.h"
#include "sim/engine/input_error.h"

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

// Found by fuzz_analysis_file (docs/testing.md, "Findings"; inputs in
// tests/fuzz/regressions/analysis_file/): files edited after writing.
namespace {
AnalysisFile two_point_file() {
    AnalysisFile f;
    f.attributes = {text_attribute("format", "tinyfleet-sweep")};
    AnalysisGroup g;
    g.name = "summary";
    g.dimensions = {{"sweep_point", {}, {0, 1}, {}, "1", "index"}, {"year", {}, {2025, 2026, 2027}, {}, "year", ""}};
    g.variables = {{"net", {"sweep_point", "year"}, {1, 2, 3, 4, 5, 6}, {}, "kg", "net", false}};
    f.groups = {g};
    return f;
}

// Opens `path` for writing, runs `edit` on the file, closes it.
template <class Edit>
void edit_file(const std::string& path, Edit edit) {
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    REQUIRE(file >= 0);
    edit(file);
    REQUIRE(H5Fclose(file) >= 0);
}
}  // namespace

TEST_CASE("a deleted coordinate is an input error; its dangling references are never followed", "[analysis_file][fuzz]") {
    // h5py's `del f["summary/year"]` leaves net's DIMENSION_LIST pointing at
    // freed space. The reader dereferenced it (H5DSiterate_scales), and
    // HDF5 1.10 decoded the freed space as an object header: memory leaked
    // and objects stayed open (keeping the file open).
    const std::string path = temp_path("deleted-coordinate.h5");
    write_analysis_file(path, two_point_file());
    edit_file(path, [](hid_t file) { REQUIRE(H5Ldelete(file, "/summary/year", H5P_DEFAULT) >= 0); });
    CHECK_THROWS_WITH(read_analysis_file(path),
                      Catch::Contains("/summary/net") && Catch::Contains("dimension 1 has no dimension coordinate"));
    CHECK(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL) == 0);
    std::remove(path.c_str());
}

TEST_CASE("a variable must be sized by its coordinates, which must be in its group", "[analysis_file][fuzz]") {
    const std::string path = temp_path("resized-coordinate.h5");
    SECTION("a dimension named by a coordinate of another length") {
        write_analysis_file(path, two_point_file());
        edit_file(path, [](hid_t file) {
            const hid_t net = H5Dopen2(file, "/summary/net", H5P_DEFAULT);
            const hid_t year = H5Dopen2(file, "/summary/year", H5P_DEFAULT);
            const hid_t point = H5Dopen2(file, "/summary/sweep_point", H5P_DEFAULT);
            REQUIRE(H5DSdetach_scale(net, point, 0) >= 0);
            REQUIRE(H5DSattach_scale(net, year, 0) >= 0);  // 3 years for 2 rows
            H5Dclose(point);
            H5Dclose(year);
            H5Dclose(net);
        });
        CHECK_THROWS_WITH(read_analysis_file(path),
                          Catch::Contains("dimension 0 has 2 elements, its coordinate 'year' 3"));
    }
    SECTION("a coordinate of another group") {
        AnalysisFile f = two_point_file();
        AnalysisGroup other = f.groups[0];
        other.name = "other";
        other.dimensions[0].integers = {0, 1, 2};
        other.variables.clear();
        f.groups.push_back(other);
        write_analysis_file(path, f);
        edit_file(path, [](hid_t file) {
            const hid_t net = H5Dopen2(file, "/summary/net", H5P_DEFAULT);
            const hid_t mine = H5Dopen2(file, "/summary/sweep_point", H5P_DEFAULT);
            const hid_t theirs = H5Dopen2(file, "/other/sweep_point", H5P_DEFAULT);
            REQUIRE(H5DSdetach_scale(net, mine, 0) >= 0);
            REQUIRE(H5DSattach_scale(net, theirs, 0) >= 0);
            H5Dclose(theirs);
            H5Dclose(mine);
            H5Dclose(net);
        });
        CHECK_THROWS_WITH(read_analysis_file(path), Catch::Contains("/summary/net") &&
                                                        Catch::Contains("dimension 0 has no dimension coordinate in its group"));
    }
    CHECK(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL) == 0);
    std::remove(path.c_str());
}

TEST_CASE("a coordinate claiming far more values than it stores is an input error, not a huge allocation",
          "[analysis_file][fuzz]") {
    // 2^38 values of which none are stored: the reader allocated 2 TiB
    // (std::bad_alloc, exit 1; or a very long read of fill values).
    const std::string path = temp_path("huge-coordinate.h5");
    write_analysis_file(path, two_point_file());
    edit_file(path, [](hid_t file) {
        REQUIRE(H5Ldelete(file, "/summary/sweep_point", H5P_DEFAULT) >= 0);
        const hsize_t dims[1] = {hsize_t{1} << 38}, chunk[1] = {2};
        const hid_t space = H5Screate_simple(1, dims, nullptr);
        const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
        H5Pset_chunk(dcpl, 1, chunk);
        const hid_t ds = H5Dcreate2(file, "/summary/sweep_point", H5T_STD_I64LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
        REQUIRE(ds >= 0);
        REQUIRE(H5DSset_scale(ds, "sweep_point") >= 0);
        H5Dclose(ds);
        H5Pclose(dcpl);
        H5Sclose(space);
    });
    CHECK_THROWS_WITH(read_analysis_file(path), Catch::Contains("/summary/sweep_point") &&
                                                    Catch::Contains("claims 274877906944 values"));
    std::remove(path.c_str());
}
