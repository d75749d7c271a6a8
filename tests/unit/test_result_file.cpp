// Tests for sim/result_file: HDF5 round trip, layout (units, compression,
// dimension scales), atomic writing and reader errors.
//
// Set TINYFLEET_KEEP_RESULT=/some/path.h5 to keep a copy of the round-trip
// file, e.g. to feed it to tests/e2e/xarray_check.py.
#include <catch2/catch.hpp>

#include <hdf5.h>
#include <hdf5_hl.h>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "sim/input_error.h"
#include "sim/result_file.h"

namespace fs = std::filesystem;
using tinyfleet::InputError;
using tinyfleet::ResultFile;
using tinyfleet::ResultInput;
using tinyfleet::ResultMetric;
using tinyfleet::RuntimeFailure;

namespace {

// A fresh folder under $TMPDIR (or /tmp), removed with its contents.
class TempDir {
public:
    TempDir() {
        const char* base = std::getenv("TMPDIR");
        std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") +
                              "/tinyfleet-rf-XXXXXX";
        std::vector<char> buf(pattern.begin(), pattern.end());
        buf.push_back('\0');
        REQUIRE(::mkdtemp(buf.data()) != nullptr);
        path_ = buf.data();
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ec;
        fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(path_, ec);
    }
    const fs::path& path() const { return path_; }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

    std::vector<std::string> entries() const {
        std::vector<std::string> out;
        for (const auto& e : fs::directory_iterator(path_)) out.push_back(e.path().filename().string());
        std::sort(out.begin(), out.end());
        return out;
    }

private:
    fs::path path_;
};

// The message of an exception of type E thrown by f, or a marker text.
template <class E, class F>
std::string message_of(F&& f) {
    try {
        f();
    } catch (const E& e) {
        return e.what();
    } catch (const std::exception& e) {
        return std::string("<unexpected exception: ") + e.what() + ">";
    }
    return "<no exception>";
}

// 2 metrics, 3 classes, 4 years, 5 samples, 7 quantiles, 2 inputs, with
// values that identify their position.
ResultFile make_result() {
    ResultFile r;
    r.program_version = "0.1.0-test";
    r.scenario_name = "Gerät fleet – µ test";
    r.scenario_yaml = "name: test\nfleet:\n  - class: mcu\n";
    r.scenario_yaml += std::string(70000, 'x');  // larger than a compact attribute (64 KiB)
    r.scenario_yaml += "\n# end\n";
    r.scenario_overrides = "fleet.size=10\nyears.start=2025";
    r.scenario_sha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    r.command_line = "tinyfleet run scenario.yaml --samples 5 --seed 18446744073709551601";
    r.created_utc = "2026-11-26T15:00:00Z";
    r.fleet_mode = "expected";
    r.seed = 18446744073709551601ULL;  // high bit set: must survive as uint64
    r.samples = 5;
    r.years = {2025, 2026, 2027, 2028};
    r.classes = {"mcu-µ", "sensor node", "gateway"};
    r.quantile_levels = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};

    const std::size_t n = 5, c = 3, y = 4, q = 7;
    // Deliberately not in alphabetical order: the reader must keep this order.
    const char* names[] = {"zeta_emissions", "alpha_energy"};
    for (std::size_t mi = 0; mi < 2; ++mi) {
        ResultMetric m;
        m.name = names[mi];
        m.units = mi == 0 ? "kg CO2e" : "kWh";
        m.long_name = mi == 0 ? "fleet emissions" : "fleet energy use";
        const double base = 10000.0 * static_cast<double>(mi);
        for (std::size_t s = 0; s < n; ++s)
            for (std::size_t k = 0; k < c; ++k)
                for (std::size_t t = 0; t < y; ++t)
                    m.by_class.push_back(base + 1000.0 * s + 100.0 * k + t + 0.125);
        for (std::size_t s = 0; s < n; ++s)
            for (std::size_t t = 0; t < y; ++t) m.totals.push_back(base + 1000.0 * s + t + 0.1);
        for (std::size_t k = 0; k < q; ++k)
            for (std::size_t t = 0; t < y; ++t) m.quantiles.push_back(base + 10.0 * k + t + 1.0 / 3.0);
        for (std::size_t t = 0; t < y; ++t) {
            m.mean.push_back(base + t + 0.375);
            m.std.push_back(base + 0.5 * t + 0.0625);
        }
        r.metrics.push_back(std::move(m));
    }
    // Special values must survive bit for bit.
    r.metrics[0].mean[0] = -0.0;
    r.metrics[0].std[3] = std::numeric_limits<double>::infinity();
    r.metrics[1].quantiles[5] = std::numeric_limits<double>::quiet_NaN();
    r.metrics[1].totals[2] = std::numeric_limits<double>::denorm_min();

    for (std::size_t i = 0; i < 2; ++i) {
        ResultInput in;
        in.name = i == 0 ? "grid_intensity" : "device_lifetime";
        in.units = i == 0 ? "kg CO2e / kWh" : "year";
        for (std::size_t s = 0; s < n; ++s) in.values.push_back(0.1 * static_cast<double>(s) + i / 7.0);
        r.inputs.push_back(std::move(in));
    }
    return r;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() &&
           (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

void require_equal(const ResultFile& a, const ResultFile& b) {
    REQUIRE(a.program_version == b.program_version);
    REQUIRE(a.scenario_name == b.scenario_name);
    REQUIRE(a.scenario_yaml == b.scenario_yaml);
    REQUIRE(a.scenario_overrides == b.scenario_overrides);
    REQUIRE(a.scenario_sha256 == b.scenario_sha256);
    REQUIRE(a.command_line == b.command_line);
    REQUIRE(a.created_utc == b.created_utc);
    REQUIRE(a.fleet_mode == b.fleet_mode);
    REQUIRE(a.seed == b.seed);
    REQUIRE(a.samples == b.samples);
    REQUIRE(a.years == b.years);
    REQUIRE(a.classes == b.classes);
    REQUIRE(same_bits(a.quantile_levels, b.quantile_levels));
    REQUIRE(a.metrics.size() == b.metrics.size());
    for (std::size_t i = 0; i < a.metrics.size(); ++i) {
        const ResultMetric& x = a.metrics[i];
        const ResultMetric& z = b.metrics[i];
        INFO("metric " << x.name);
        REQUIRE(x.name == z.name);
        REQUIRE(x.units == z.units);
        REQUIRE(x.long_name == z.long_name);
        REQUIRE(same_bits(x.by_class, z.by_class));
        REQUIRE(same_bits(x.totals, z.totals));
        REQUIRE(same_bits(x.quantiles, z.quantiles));
        REQUIRE(same_bits(x.mean, z.mean));
        REQUIRE(same_bits(x.std, z.std));
    }
    REQUIRE(a.inputs.size() == b.inputs.size());
    for (std::size_t i = 0; i < a.inputs.size(); ++i) {
        INFO("input " << a.inputs[i].name);
        REQUIRE(a.inputs[i].name == b.inputs[i].name);
        REQUIRE(a.inputs[i].units == b.inputs[i].units);
        REQUIRE(same_bits(a.inputs[i].values, b.inputs[i].values));
    }
}

// Small HDF5 helpers for inspecting and damaging files.
struct Hid {
    hid_t id;
    herr_t (*closer)(hid_t);
    ~Hid() {
        if (id >= 0) closer(id);
    }
};

std::string string_attribute(hid_t object, const char* name) {
    if (H5Aexists(object, name) <= 0) return "<missing>";
    Hid attr{H5Aopen(object, name, H5P_DEFAULT), H5Aclose};
    Hid type{H5Aget_type(attr.id), H5Tclose};
    if (H5Tget_class(type.id) != H5T_STRING || H5Tis_variable_str(type.id) <= 0) return "<not a vlen string>";
    Hid memory{H5Tcopy(H5T_C_S1), H5Tclose};
    H5Tset_size(memory.id, H5T_VARIABLE);
    H5Tset_cset(memory.id, H5T_CSET_UTF8);
    char* raw = nullptr;
    if (H5Aread(attr.id, memory.id, &raw) < 0) return "<unreadable>";
    std::string out = raw != nullptr ? raw : "";
    H5free_memory(raw);
    return out;
}

struct Visited {
    std::vector<std::string> datasets;
    std::vector<std::string> problems;
};

herr_t inspect_dataset(hid_t root, const char* name, const H5L_info_t*, void* data) {
    auto* v = static_cast<Visited*>(data);
    Hid obj{H5Oopen(root, name, H5P_DEFAULT), H5Oclose};
    if (obj.id < 0) {
        v->problems.push_back(std::string(name) + ": cannot open");
        return 0;
    }
    if (H5Iget_type(obj.id) != H5I_DATASET) return 0;
    v->datasets.push_back(name);
    const std::string units = string_attribute(obj.id, "units");
    const std::string long_name = string_attribute(obj.id, "long_name");
    if (units.front() == '<') v->problems.push_back(std::string(name) + ": units " + units);
    if (long_name.front() == '<' || long_name.empty()) {
        v->problems.push_back(std::string(name) + ": long_name " + long_name);
    }
    // Chunked, shuffled and deflated.
    Hid dcpl{H5Dget_create_plist(obj.id), H5Pclose};
    if (H5Pget_layout(dcpl.id) != H5D_CHUNKED) v->problems.push_back(std::string(name) + ": not chunked");
    bool shuffle = false, deflate = false;
    const int filters = H5Pget_nfilters(dcpl.id);
    for (int i = 0; i < filters; ++i) {
        unsigned flags = 0, config = 0;
        std::size_t nelmts = 0;
        const H5Z_filter_t f = H5Pget_filter2(dcpl.id, static_cast<unsigned>(i), &flags, &nelmts, nullptr,
                                              0, nullptr, &config);
        shuffle = shuffle || f == H5Z_FILTER_SHUFFLE;
        deflate = deflate || f == H5Z_FILTER_DEFLATE;
    }
    if (!shuffle || !deflate) v->problems.push_back(std::string(name) + ": not shuffled+deflated");
    // Every dimension has exactly one dimension scale (a scale counts as its own).
    const htri_t is_scale = H5DSis_scale(obj.id);
    Hid space{H5Dget_space(obj.id), H5Sclose};
    const int rank = H5Sget_simple_extent_ndims(space.id);
    for (int d = 0; d < rank && is_scale == 0; ++d) {
        if (H5DSget_num_scales(obj.id, static_cast<unsigned>(d)) != 1) {
            v->problems.push_back(std::string(name) + ": dimension " + std::to_string(d) +
                                  " has no dimension scale");
        }
    }
    return 0;
}

void delete_object(const std::string& file, const char* object) {
    Hid f{H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose};
    REQUIRE(f.id >= 0);
    REQUIRE(H5Ldelete(f.id, object, H5P_DEFAULT) >= 0);
}

}  // namespace

TEST_CASE("result file round trip keeps every field and value bit for bit", "[result_file]") {
    TempDir dir;
    const ResultFile original = make_result();
    const std::string path = dir.file("result.h5");
    write_result_file(path, original);
    const ResultFile back = tinyfleet::read_result_file(path);
    require_equal(original, back);
    REQUIRE(back.metrics[0].name == "zeta_emissions");  // order kept, not alphabetical
    REQUIRE(back.inputs[0].name == "grid_intensity");

    if (const char* keep = std::getenv("TINYFLEET_KEEP_RESULT"); keep != nullptr && *keep != '\0') {
        write_result_file(keep, original);
        WARN("kept a copy of the round-trip result file at " << keep);
    }
}

TEST_CASE("result file layout: attributes, compression and dimension scales", "[result_file]") {
    TempDir dir;
    const std::string path = dir.file("result.h5");
    write_result_file(path, make_result());

    Hid file{H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
    REQUIRE(file.id >= 0);
    Hid root{H5Gopen2(file.id, "/", H5P_DEFAULT), H5Gclose};
    CHECK(string_attribute(root.id, "format") == "tinyfleet-results");
    CHECK(string_attribute(root.id, "metrics") == "zeta_emissions,alpha_energy");
    CHECK(string_attribute(root.id, "inputs") == "grid_intensity,device_lifetime");
    {
        Hid attr{H5Aopen(root.id, "format_version", H5P_DEFAULT), H5Aclose};
        Hid type{H5Aget_type(attr.id), H5Tclose};
        CHECK(H5Tequal(type.id, H5T_STD_I32LE) > 0);
        std::int32_t version = 0;
        REQUIRE(H5Aread(attr.id, H5T_NATIVE_INT32, &version) >= 0);
        CHECK(version == 1);
    }
    {
        Hid attr{H5Aopen(root.id, "seed", H5P_DEFAULT), H5Aclose};
        Hid type{H5Aget_type(attr.id), H5Tclose};
        CHECK(H5Tequal(type.id, H5T_STD_U64LE) > 0);
    }
    {
        Hid attr{H5Aopen(root.id, "samples", H5P_DEFAULT), H5Aclose};
        Hid type{H5Aget_type(attr.id), H5Tclose};
        CHECK(H5Tequal(type.id, H5T_STD_I64LE) > 0);
    }
    Hid year{H5Dopen2(file.id, "/year", H5P_DEFAULT), H5Dclose};
    CHECK(string_attribute(year.id, "units") == "year");
    Hid sample{H5Dopen2(file.id, "/sample", H5P_DEFAULT), H5Dclose};
    CHECK(string_attribute(sample.id, "units") == "1");
    CHECK(string_attribute(sample.id, "long_name") == "Monte Carlo realization index");
    Hid inp{H5Dopen2(file.id, "/inputs/grid_intensity", H5P_DEFAULT), H5Dclose};
    CHECK(string_attribute(inp.id, "units") == "kg CO2e / kWh");

    Visited visited;
    REQUIRE(H5Lvisit(file.id, H5_INDEX_NAME, H5_ITER_INC, inspect_dataset, &visited) >= 0);
    INFO("datasets seen: " << visited.datasets.size());
    // 4 root scales; samples 2 scales + 2; by_class 3 + 2; summary 2 + 6; inputs 1 + 2.
    CHECK(visited.datasets.size() == 4 + 4 + 5 + 8 + 3);
    for (const std::string& p : visited.problems) FAIL_CHECK(p);
    CHECK(visited.problems.empty());
}

TEST_CASE("result file chunks hold about 1 MiB with the whole year axis", "[result_file]") {
    TempDir dir;
    ResultFile r;
    r.samples = 5000;
    for (int y = 2020; y < 2050; ++y) r.years.push_back(y);  // 30 years
    r.classes = {"a", "b"};
    r.quantile_levels = {0.5};
    ResultMetric m;
    m.name = "m";
    m.units = "kg";
    m.long_name = "m";
    m.by_class.assign(5000 * 2 * 30, 1.5);
    m.totals.assign(5000 * 30, 3.0);
    m.quantiles.assign(30, 3.0);
    m.mean.assign(30, 3.0);
    m.std.assign(30, 0.0);
    r.metrics.push_back(m);
    r.inputs.push_back({"p", "1", std::vector<double>(5000, 0.25)});
    const std::string path = dir.file("chunks.h5");
    write_result_file(path, r);

    auto chunk_of = [&](const char* name) {
        Hid f{H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
        Hid ds{H5Dopen2(f.id, name, H5P_DEFAULT), H5Dclose};
        Hid dcpl{H5Dget_create_plist(ds.id), H5Pclose};
        std::vector<hsize_t> chunk(3, 0);
        const int rank = H5Pget_chunk(dcpl.id, 3, chunk.data());
        chunk.resize(static_cast<std::size_t>(std::max(rank, 0)));
        return chunk;
    };
    // 1 MiB = 131072 doubles: 131072 / (2 * 30) = 2184 samples per chunk.
    CHECK(chunk_of("/by_class/m") == std::vector<hsize_t>{2184, 2, 30});
    CHECK(chunk_of("/samples/m") == std::vector<hsize_t>{4369, 30});
    CHECK(chunk_of("/summary/m") == std::vector<hsize_t>{1, 30});
    CHECK(chunk_of("/inputs/p") == std::vector<hsize_t>{5000});
    CHECK(chunk_of("/year") == std::vector<hsize_t>{30});
    require_equal(r, tinyfleet::read_result_file(path));
}

TEST_CASE("a minimal result (no metrics, inputs or quantiles) round-trips", "[result_file]") {
    TempDir dir;
    ResultFile r;
    r.samples = 1;
    r.years = {2030};
    r.classes = {""};
    const std::string path = dir.file("minimal.h5");
    write_result_file(path, r);
    require_equal(r, tinyfleet::read_result_file(path));
}

TEST_CASE("result file writing is atomic", "[result_file]") {
    TempDir dir;
    const std::string path = dir.file("out.h5");
    ResultFile r = make_result();
    write_result_file(path, r);
    REQUIRE(dir.entries() == std::vector<std::string>{"out.h5"});  // no temporary file left

    SECTION("an existing file is replaced") {
        r.seed = 42;
        write_result_file(path, r);
        REQUIRE(dir.entries() == std::vector<std::string>{"out.h5"});
        REQUIRE(tinyfleet::read_result_file(path).seed == 42);
    }

    SECTION("a relative path in the current folder works") {
        struct RestoreCwd {
            fs::path old = fs::current_path();
            ~RestoreCwd() { fs::current_path(old); }
        } restore;
        fs::current_path(dir.path());
        write_result_file("relative.h5", r);
        REQUIRE(dir.entries() == std::vector<std::string>{"out.h5", "relative.h5"});
    }

    SECTION("an I/O failure while writing removes the temporary file") {
        // Make the data incompressible and larger than the file-size limit.
        r.samples = 4000;
        std::mt19937_64 rng(7);
        std::uniform_real_distribution<double> u(0.0, 1.0);
        for (ResultMetric& m : r.metrics) {
            m.by_class.resize(4000 * 3 * 4);
            m.totals.resize(4000 * 4);
            for (double& v : m.by_class) v = u(rng);
            for (double& v : m.totals) v = u(rng);
        }
        for (ResultInput& in : r.inputs) in.values.assign(4000, 1.0);
        const std::string big = dir.file("big.h5");

        rlimit old{};
        REQUIRE(::getrlimit(RLIMIT_FSIZE, &old) == 0);
        rlimit small = old;
        small.rlim_cur = 64 * 1024;
        auto* old_handler = std::signal(SIGXFSZ, SIG_IGN);
        REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
        const std::string message = message_of<RuntimeFailure>([&] { write_result_file(big, r); });
        ::setrlimit(RLIMIT_FSIZE, &old);
        std::signal(SIGXFSZ, old_handler);

        INFO(message);
        CHECK_THAT(message, Catch::Contains("cannot write result file '" + big + "'"));
        CHECK_THAT(message, Catch::Contains("failed"));
        REQUIRE(dir.entries() == std::vector<std::string>{"out.h5"});
        // The library is still usable afterwards.
        write_result_file(big, make_result());
        REQUIRE(dir.entries() == std::vector<std::string>{"big.h5", "out.h5"});
    }
}

TEST_CASE("writing into a missing or unusable folder is an input error", "[result_file]") {
    TempDir dir;
    const ResultFile r = make_result();

    SECTION("missing folder: InputError and nothing is created") {
        const std::string path = (dir.path() / "missing" / "sub" / "out.h5").string();
        const std::string message = message_of<InputError>([&] { write_result_file(path, r); });
        CHECK_THAT(message, Catch::Contains("output folder '" + (dir.path() / "missing" / "sub").string() +
                                            "' does not exist"));
        CHECK_FALSE(fs::exists(dir.path() / "missing"));
        CHECK(dir.entries().empty());
    }

    SECTION("the parent is a regular file: not writable") {
        std::ofstream(dir.file("plain.txt")) << "not a folder\n";
        const std::string path = (dir.path() / "plain.txt" / "out.h5").string();
        const std::string message = message_of<InputError>([&] { write_result_file(path, r); });
        CHECK_THAT(message, Catch::Contains("is not writable"));
        CHECK(dir.entries() == std::vector<std::string>{"plain.txt"});
    }

    SECTION("a read-only folder: not writable") {
        if (::geteuid() == 0) {
            // root ignores permission bits, so chmod cannot make a folder
            // read-only here; the regular-file parent case covers the check.
            WARN("running as root: read-only folder case skipped");
            return;
        }
        const fs::path ro = dir.path() / "ro";
        fs::create_directory(ro);
        fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
        const std::string message =
            message_of<InputError>([&] { write_result_file((ro / "out.h5").string(), r); });
        fs::permissions(ro, fs::perms::owner_all);
        CHECK_THAT(message, Catch::Contains("is not writable"));
        CHECK(fs::is_empty(ro));
    }

    SECTION("the output path is a folder") {
        fs::create_directory(dir.path() / "folder.h5");
        const std::string message =
            message_of<InputError>([&] { write_result_file(dir.file("folder.h5"), r); });
        CHECK_THAT(message, Catch::Contains("is a folder"));
        CHECK(dir.entries() == std::vector<std::string>{"folder.h5"});
    }
}

TEST_CASE("inconsistent results are rejected before anything is written", "[result_file]") {
    TempDir dir;
    ResultFile r = make_result();
    SECTION("wrong number of values") {
        r.metrics[1].by_class.pop_back();
        const std::string message = message_of<RuntimeFailure>([&] { write_result_file(dir.file("x.h5"), r); });
        CHECK_THAT(message, Catch::Contains("alpha_energy") && Catch::Contains("by_class"));
    }
    SECTION("a reserved or unusable name") {
        r.inputs[0].name = "sample";
        CHECK_THAT(message_of<RuntimeFailure>([&] { write_result_file(dir.file("x.h5"), r); }),
                   Catch::Contains("invalid input name 'sample'"));
        r.inputs[0].name = "a,b";
        CHECK_THAT(message_of<RuntimeFailure>([&] { write_result_file(dir.file("x.h5"), r); }),
                   Catch::Contains("invalid input name 'a,b'"));
    }
    SECTION("summary names collide") {
        r.metrics[1].name = "zeta_emissions_mean";
        CHECK_THAT(message_of<RuntimeFailure>([&] { write_result_file(dir.file("x.h5"), r); }),
                   Catch::Contains("/summary/zeta_emissions_mean"));
    }
    CHECK(dir.entries().empty());
}

TEST_CASE("reading a missing, foreign or damaged file is an input error", "[result_file]") {
    TempDir dir;
    using tinyfleet::read_result_file;

    SECTION("missing file") {
        const std::string path = dir.file("nope.h5");
        CHECK_THAT(message_of<InputError>([&] { read_result_file(path); }),
                   Catch::Contains("cannot open '" + path + "': no such file"));
    }
    SECTION("a folder") {
        CHECK_THAT(message_of<InputError>([&] { read_result_file(dir.path().string()); }),
                   Catch::Contains("is a folder"));
    }
    SECTION("a text file") {
        const std::string path = dir.file("notes.txt");
        std::ofstream(path) << "hello, this is not HDF5\n";
        CHECK_THAT(message_of<InputError>([&] { read_result_file(path); }),
                   Catch::Contains("'" + path + "' is not an HDF5 file"));
    }
    SECTION("an empty file") {
        const std::string path = dir.file("empty.h5");
        std::ofstream{path};
        CHECK_THAT(message_of<InputError>([&] { read_result_file(path); }),
                   Catch::Contains("is not an HDF5 file"));
    }
    SECTION("an HDF5 file without the format attribute") {
        const std::string path = dir.file("other.h5");
        {
            Hid f{H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose};
            REQUIRE(f.id >= 0);
        }
        CHECK_THAT(message_of<InputError>([&] { read_result_file(path); }),
                   Catch::Contains("'" + path + "' is not a tinyfleet result file (attribute 'format' is "
                                   "missing or not \"tinyfleet-results\")"));
    }

    const std::string path = dir.file("result.h5");
    write_result_file(path, make_result());

    SECTION("a wrong format attribute") {
        {
            Hid f{H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose};
            REQUIRE(H5Adelete(f.id, "format") >= 0);
            REQUIRE(H5LTset_attribute_string(f.id, "/", "format", "something-else") >= 0);
        }
        CHECK_THAT(message_of<InputError>([&] { read_result_file(path); }),
                   Catch::Contains("is not a tinyfleet result file"));
    }
    SECTION("a deleted by_class dataset") {
        delete_object(path, "/by_class/alpha_energy");
        const std::string message = message_of<InputError>([&] { read_result_file(path); });
        CHECK_THAT(message, Catch::Contains("dataset '/by_class/alpha_energy' is missing"));
        CHECK_THAT(message, Catch::Contains("[sample=5, class=3, year=4]"));
    }
    SECTION("a deleted samples dataset listed in the metrics attribute") {
        delete_object(path, "/samples/zeta_emissions");
        CHECK_THAT(message_of<InputError>([&] { read_result_file(path); }),
                   Catch::Contains("dataset '/samples/zeta_emissions' is missing"));
    }
    SECTION("a deleted coordinate") {
        delete_object(path, "/year");
        CHECK_THAT(message_of<InputError>([&] { read_result_file(path); }),
                   Catch::Contains("dataset '/year' is missing"));
    }
    SECTION("a deleted group") {
        delete_object(path, "/inputs");
        CHECK_THAT(message_of<InputError>([&] { read_result_file(path); }),
                   Catch::Contains("group '/inputs' is missing"));
    }
    SECTION("a dataset with the wrong shape") {
        {
            Hid f{H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose};
            REQUIRE(H5Ldelete(f.id, "/summary/zeta_emissions_mean", H5P_DEFAULT) >= 0);
            const hsize_t dims[1] = {3};
            const double values[3] = {1, 2, 3};
            REQUIRE(H5LTmake_dataset_double(f.id, "/summary/zeta_emissions_mean", 1, dims, values) >= 0);
        }
        CHECK_THAT(message_of<InputError>([&] { read_result_file(path); }),
                   Catch::Contains("dataset '/summary/zeta_emissions_mean' has shape [3], expected [year=4]"));
    }
    SECTION("a samples attribute that disagrees with the sample coordinate") {
        {
            Hid f{H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose};
            Hid a{H5Aopen(f.id, "samples", H5P_DEFAULT), H5Aclose};
            const std::int64_t huge = std::int64_t{1} << 40;
            REQUIRE(H5Awrite(a.id, H5T_NATIVE_INT64, &huge) >= 0);
        }
        CHECK_THAT(message_of<InputError>([&] { read_result_file(path); }),
                   Catch::Contains("dataset '/sample' has shape [5], expected [sample=1099511627776]"));
    }
    SECTION("a truncated file") {
        const auto size = fs::file_size(path);
        for (const auto keep : {size / 2, size - 100, std::uintmax_t{600}}) {
            const std::string cut = dir.file("cut.h5");
            fs::copy_file(path, cut, fs::copy_options::overwrite_existing);
            fs::resize_file(cut, keep);
            INFO("kept " << keep << " of " << size << " bytes");
            const std::string message = message_of<InputError>([&] { read_result_file(cut); });
            CHECK_THAT(message, Catch::Contains("'" + cut + "'"));
            CHECK_THAT(message, !Catch::Contains("<no exception>") && !Catch::Contains("<unexpected"));
        }
    }
}
