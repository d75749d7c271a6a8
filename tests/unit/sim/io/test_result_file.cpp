// Tests for sim/result_file: HDF5 round trip, layout (units, compression,
// dimension scales), the writer's own chunk filtering (edge chunks, equality
// with HDF5's filter pipeline, independence of the thread count), atomic
// writing, reader errors, and the optional parts older files lack (the
// model_notes attribute, the /payback group).
//
// Set TINYFLEET_KEEP_RESULT=/some/path.h5 to keep a copy of the round-trip
// file, e.g. to feed it to tests/e2e/xarray_check.py.
#include <catch2/catch.hpp>

#include <hdf5.h>
#include <hdf5_hl.h>
#include <zlib.h>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "sim/engine/input_error.h"
#include "sim/io/hdf5_handle.h"
#include "sim/io/result_file.h"
#include "tests/unit/sim/io/io_test_support.h"

namespace fs = std::filesystem;
using tinyfleet::InputError;
using tinyfleet::RunResult;
using tinyfleet::ResultInput;
using tinyfleet::ResultMetric;
using tinyfleet::RuntimeFailure;
using tinyfleet::test::message_of;
using tinyfleet::test::TempDir;

namespace {

// 2 metrics, 3 classes, 4 years, 5 samples, 7 quantiles, 2 inputs, payback
// times (some +inf), with values that identify their position.
RunResult make_result() {
    RunResult r;
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
    r.model_notes = "mcu-µ: process-node terms filled from the 28 nm row\nsensor node: die area scaled, yield 0.9";
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
    // Special values must survive bit for bit (finite ones: the reader
    // refuses NaN and infinities outside the payback data).
    r.metrics[0].mean[0] = -0.0;
    r.metrics[1].totals[2] = std::numeric_limits<double>::denorm_min();

    for (std::size_t i = 0; i < 2; ++i) {
        ResultInput in;
        in.name = i == 0 ? "grid_intensity" : "device_lifetime";
        in.units = i == 0 ? "kg CO2e / kWh" : "year";
        for (std::size_t s = 0; s < n; ++s) in.values.push_back(0.1 * static_cast<double>(s) + i / 7.0);
        r.inputs.push_back(std::move(in));
    }
    // [sample][class]; +inf (never pays back) must survive bit for bit.
    for (std::size_t s = 0; s < n; ++s)
        for (std::size_t k = 0; k < c; ++k) r.payback_years.push_back(s + 0.1 * static_cast<double>(k) + 0.5);
    r.payback_years[1] = std::numeric_limits<double>::infinity();             // sample 0, class 1
    r.payback_years[3 * c + 2] = std::numeric_limits<double>::infinity();     // sample 3, class 2
    r.payback_years[4 * c + 0] = 0.0;
    // [sample][class]: the classes' mean device lifetimes, finite and >= 0.
    for (std::size_t s = 0; s < n; ++s)
        for (std::size_t k = 0; k < c; ++k) r.mean_lifetime_years.push_back(3.0 + 0.25 * double(s) + double(k));
    // [sample][class][quantity]: cohort-mode error estimates, >= 0.
    r.mean_term_quantities = {"installed_base", "offsets"};
    for (std::size_t s = 0; s < n; ++s)
        for (std::size_t k = 0; k < c; ++k)
            for (std::size_t q = 0; q < 2; ++q) r.mean_term_error.push_back(0.001 * static_cast<double>(s * 6 + k * 2 + q));
    return r;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() &&
           (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

void require_equal(const RunResult& a, const RunResult& b) {
    REQUIRE(a.program_version == b.program_version);
    REQUIRE(a.scenario_name == b.scenario_name);
    REQUIRE(a.scenario_yaml == b.scenario_yaml);
    REQUIRE(a.scenario_overrides == b.scenario_overrides);
    REQUIRE(a.scenario_sha256 == b.scenario_sha256);
    REQUIRE(a.command_line == b.command_line);
    REQUIRE(a.created_utc == b.created_utc);
    REQUIRE(a.fleet_mode == b.fleet_mode);
    REQUIRE(a.model_notes == b.model_notes);
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
    REQUIRE(same_bits(a.payback_years, b.payback_years));
    REQUIRE(same_bits(a.mean_lifetime_years, b.mean_lifetime_years));
    REQUIRE(a.mean_term_quantities == b.mean_term_quantities);
    REQUIRE(same_bits(a.mean_term_error, b.mean_term_error));
}

// Small HDF5 helpers for inspecting and damaging files.
using Hid = tinyfleet::H5Handle;

std::string string_attribute(hid_t object, const char* name) {
    if (H5Aexists(object, name) <= 0) return "<missing>";
    Hid attr{H5Aopen(object, name, H5P_DEFAULT), H5Aclose};
    Hid type{H5Aget_type(attr.get()), H5Tclose};
    if (H5Tget_class(type.get()) != H5T_STRING || H5Tis_variable_str(type.get()) <= 0) return "<not a vlen string>";
    Hid memory{H5Tcopy(H5T_C_S1), H5Tclose};
    H5Tset_size(memory.get(), H5T_VARIABLE);
    H5Tset_cset(memory.get(), H5T_CSET_UTF8);
    char* raw = nullptr;
    if (H5Aread(attr.get(), memory.get(), &raw) < 0) return "<unreadable>";
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
    if (obj.get() < 0) {
        v->problems.push_back(std::string(name) + ": cannot open");
        return 0;
    }
    if (H5Iget_type(obj.get()) != H5I_DATASET) return 0;
    v->datasets.push_back(name);
    const std::string units = string_attribute(obj.get(), "units");
    const std::string long_name = string_attribute(obj.get(), "long_name");
    Hid type{H5Dget_type(obj.get()), H5Tclose};
    const bool text = H5Tget_class(type.get()) == H5T_STRING;  // string coordinates have no unit (CF)
    if (units.front() == '<' && !text) v->problems.push_back(std::string(name) + ": units " + units);
    if (long_name.front() == '<' || long_name.empty()) {
        v->problems.push_back(std::string(name) + ": long_name " + long_name);
    }
    // Chunked, shuffled and deflated.
    Hid dcpl{H5Dget_create_plist(obj.get()), H5Pclose};
    if (H5Pget_layout(dcpl.get()) != H5D_CHUNKED) v->problems.push_back(std::string(name) + ": not chunked");
    bool shuffle = false, deflate = false;
    const int filters = H5Pget_nfilters(dcpl.get());
    for (int i = 0; i < filters; ++i) {
        unsigned flags = 0, config = 0;
        std::size_t nelmts = 0;
        const H5Z_filter_t f = H5Pget_filter2(dcpl.get(), static_cast<unsigned>(i), &flags, &nelmts, nullptr,
                                              0, nullptr, &config);
        shuffle = shuffle || f == H5Z_FILTER_SHUFFLE;
        deflate = deflate || f == H5Z_FILTER_DEFLATE;
    }
    if (!shuffle || !deflate) v->problems.push_back(std::string(name) + ": not shuffled+deflated");
    // Every dimension has exactly one dimension scale (a scale counts as its own).
    const htri_t is_scale = H5DSis_scale(obj.get());
    Hid space{H5Dget_space(obj.get()), H5Sclose};
    const int rank = H5Sget_simple_extent_ndims(space.get());
    for (int d = 0; d < rank && is_scale == 0; ++d) {
        if (H5DSget_num_scales(obj.get(), static_cast<unsigned>(d)) != 1) {
            v->problems.push_back(std::string(name) + ": dimension " + std::to_string(d) +
                                  " has no dimension scale");
        }
    }
    return 0;
}

// The path of the (first) dimension scale attached to dimension `dim` of `ds`.
std::string attached_scale(hid_t ds, unsigned dim) {
    auto scale_name = [](hid_t, unsigned, hid_t scale, void* out) -> herr_t {
        char name[64] = {};
        H5Iget_name(scale, name, sizeof name);
        *static_cast<std::string*>(out) = name;
        return 1;
    };
    std::string attached;
    REQUIRE(H5DSiterate_scales(ds, dim, nullptr, scale_name, &attached) >= 0);
    return attached;
}

void delete_object(const std::string& file, const char* object) {
    Hid f{H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose};
    REQUIRE(f.get() >= 0);
    REQUIRE(H5Ldelete(f.get(), object, H5P_DEFAULT) >= 0);
}


// A result shaped like a simulation's output: noisy doubles with runs of
// zeros and few distinct values in places, deterministic for a seed.
RunResult make_sized_result(std::size_t n, std::size_t c, std::size_t y, std::size_t metrics,
                             unsigned seed) {
    RunResult r;
    r.program_version = "0.1.0-test";
    r.scenario_name = "sized";
    r.scenario_yaml = "name: sized\n";
    r.scenario_sha256 = std::string(64, 'a');
    r.command_line = "tinyfleet run sized.yaml";
    r.created_utc = "2026-11-26T15:00:00Z";
    r.fleet_mode = "expected";
    r.seed = seed;
    r.samples = static_cast<std::int64_t>(n);
    for (std::size_t t = 0; t < y; ++t) r.years.push_back(2020 + static_cast<int>(t));
    for (std::size_t k = 0; k < c; ++k) r.classes.push_back("class " + std::to_string(k));
    r.quantile_levels = {0.05, 0.5, 0.95};
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> noise(0.0, 1.0);
    for (std::size_t mi = 0; mi < metrics; ++mi) {
        ResultMetric m;
        m.name = "metric_" + std::to_string(mi);
        m.units = "kg";
        m.long_name = "test metric " + std::to_string(mi);
        m.by_class.resize(n * c * y);
        m.totals.assign(n * y, 0.0);
        for (std::size_t s = 0; s < n; ++s) {
            for (std::size_t k = 0; k < c; ++k) {
                for (std::size_t t = 0; t < y; ++t) {
                    const double u = noise(rng);
                    double v = 1000.0 * (1.0 + 0.1 * static_cast<double>(k + mi)) *
                               std::exp(0.01 * static_cast<double>(t % 100)) * (1.0 + 0.2 * u);
                    if (t % 7 == 0) v = 0.0;
                    if (k == 1) v = std::round(u * 4.0) / 4.0;
                    m.by_class[(s * c + k) * y + t] = v;
                    m.totals[s * y + t] += v;
                }
            }
        }
        for (std::size_t i = 0; i < 3 * y; ++i) m.quantiles.push_back(noise(rng));
        for (std::size_t t = 0; t < y; ++t) {
            m.mean.push_back(noise(rng));
            m.std.push_back(std::abs(noise(rng)));
        }
        r.metrics.push_back(std::move(m));
    }
    for (const char* name : {"alpha", "beta"}) {
        ResultInput in;
        in.name = name;
        in.units = "1";
        for (std::size_t s = 0; s < n; ++s) in.values.push_back(noise(rng));
        r.inputs.push_back(std::move(in));
    }
    r.model_notes = "sized test result";
    for (std::size_t i = 0; i < n * c; ++i) {
        const double u = noise(rng);
        r.payback_years.push_back(u > 1.0 ? std::numeric_limits<double>::infinity() : 3.0 + u);
    }
    return r;
}

std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Every dataset of a file, by full path.
std::vector<std::string> dataset_paths(hid_t file) {
    std::vector<std::string> out;
    auto callback = [](hid_t root, const char* name, const H5L_info_t*, void* data) -> herr_t {
        Hid obj{H5Oopen(root, name, H5P_DEFAULT), H5Oclose};
        if (obj.get() >= 0 && H5Iget_type(obj.get()) == H5I_DATASET) {
            static_cast<std::vector<std::string>*>(data)->push_back(std::string("/") + name);
        }
        return 0;
    };
    REQUIRE(H5Lvisit(file, H5_INDEX_NAME, H5_ITER_INC, callback, &out) >= 0);
    return out;
}

struct RawChunk {
    std::vector<hsize_t> origin;
    unsigned filter_mask = 0;
    std::vector<unsigned char> bytes;  // as stored (filtered)
};

// Every stored chunk of a chunked dataset, as H5Dread_chunk returns it.
std::vector<RawChunk> raw_chunks(hid_t ds, int rank) {
    Hid space{H5Dget_space(ds), H5Sclose};
    hsize_t count = 0;
    REQUIRE(H5Dget_num_chunks(ds, space.get(), &count) >= 0);
    std::vector<RawChunk> out;
    for (hsize_t i = 0; i < count; ++i) {
        RawChunk c;
        c.origin.resize(static_cast<std::size_t>(rank));
        haddr_t address = 0;
        hsize_t size = 0;
        REQUIRE(H5Dget_chunk_info(ds, space.get(), i, c.origin.data(), &c.filter_mask, &address, &size) >= 0);
        c.bytes.resize(static_cast<std::size_t>(size));
        std::uint32_t filters = 0;
        REQUIRE(H5Dread_chunk(ds, H5P_DEFAULT, c.origin.data(), &filters, c.bytes.data()) >= 0);
        REQUIRE(filters == c.filter_mask);
        out.push_back(std::move(c));
    }
    return out;
}

// Undoes deflate (zlib stream) and shuffle; the result must be exactly
// `size` bytes, the full chunk size.
std::vector<unsigned char> decode_chunk(const std::vector<unsigned char>& stored, std::size_t size,
                                        std::size_t element_size) {
    std::vector<unsigned char> shuffled(size + 1);
    uLongf length = static_cast<uLongf>(shuffled.size());
    REQUIRE(uncompress(shuffled.data(), &length, stored.data(), static_cast<uLong>(stored.size())) == Z_OK);
    REQUIRE(length == size);
    std::vector<unsigned char> out(size);
    const std::size_t n = size / element_size;  // our chunks are whole elements
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < element_size; ++j) out[i * element_size + j] = shuffled[j * n + i];
    return out;
}

// The chunk at `origin` before filtering: the dataset's values where the
// chunk overlaps the dataset, zeros (the default fill value) elsewhere.
std::vector<unsigned char> expected_chunk(const std::vector<unsigned char>& data, const std::vector<hsize_t>& dims,
                                          const std::vector<hsize_t>& chunk, const std::vector<hsize_t>& origin,
                                          std::size_t element_size) {
    std::size_t elements = 1;
    for (hsize_t c : chunk) elements *= c;
    std::vector<unsigned char> out(elements * element_size, 0);
    for (std::size_t e = 0; e < elements; ++e) {
        std::size_t rest = e, linear = 0;
        bool inside = true;
        std::vector<hsize_t> at(chunk.size());
        for (std::size_t i = chunk.size(); i-- > 0;) {
            at[i] = origin[i] + rest % chunk[i];
            rest /= chunk[i];
            inside = inside && at[i] < dims[i];
        }
        if (!inside) continue;
        for (std::size_t i = 0; i < dims.size(); ++i) linear = linear * dims[i] + at[i];
        std::memcpy(out.data() + e * element_size, data.data() + linear * element_size, element_size);
    }
    return out;
}

// Checks every stored chunk of every numeric dataset in `path`: filter mask 0
// (shuffle and deflate applied), full chunk size once decoded, the data plus
// zero padding past the edges, and no more than 1 % larger than what HDF5's
// own filter pipeline stores when the same data goes through H5Dwrite into a
// dataset with the same creation properties (written to `reference`). Adds
// "<dataset path> axis <i>" to `partial_axes` for every axis along which a
// partial edge chunk was seen. Returns the number of chunks checked.
std::size_t check_stored_chunks(const std::string& path, const std::string& reference,
                                std::set<std::string>& partial_axes) {
    struct Numeric {
        std::string path;
        std::vector<hsize_t> dims, chunk;
        std::size_t element_size;
        std::vector<unsigned char> data;
    };
    std::vector<Numeric> numeric;
    {
        Hid file{H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
        REQUIRE(file.get() >= 0);
        Hid ref{H5Fcreate(reference.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose};
        REQUIRE(ref.get() >= 0);
        for (const std::string& name : dataset_paths(file.get())) {
            Hid ds{H5Dopen2(file.get(), name.c_str(), H5P_DEFAULT), H5Dclose};
            Hid dcpl{H5Dget_create_plist(ds.get()), H5Pclose};
            Hid type{H5Dget_type(ds.get()), H5Tclose};
            if (H5Pget_layout(dcpl.get()) != H5D_CHUNKED || H5Tget_class(type.get()) == H5T_STRING) continue;
            Hid space{H5Dget_space(ds.get()), H5Sclose};
            const int rank = H5Sget_simple_extent_ndims(space.get());
            Numeric d{name, std::vector<hsize_t>(static_cast<std::size_t>(rank)),
                      std::vector<hsize_t>(static_cast<std::size_t>(rank)), H5Tget_size(type.get()), {}};
            H5Sget_simple_extent_dims(space.get(), d.dims.data(), nullptr);
            REQUIRE(H5Pget_chunk(dcpl.get(), rank, d.chunk.data()) == rank);
            // Read through the normal path (filters decoded), in the file's own type.
            d.data.resize(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get())) * d.element_size);
            REQUIRE(H5Dread(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, d.data.data()) >= 0);
            std::string flat = name.substr(1);
            std::replace(flat.begin(), flat.end(), '/', '.');
            Hid copy{H5Dcreate2(ref.get(), flat.c_str(), type.get(), space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                     H5Dclose};
            REQUIRE(copy.get() >= 0);
            REQUIRE(H5Dwrite(copy.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, d.data.data()) >= 0);
            numeric.push_back(std::move(d));
        }
    }
    Hid file{H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
    Hid ref{H5Fopen(reference.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
    REQUIRE(file.get() >= 0);
    REQUIRE(ref.get() >= 0);
    std::size_t checked = 0;
    for (const Numeric& d : numeric) {
        INFO("dataset " << d.path);
        std::string flat = d.path.substr(1);
        std::replace(flat.begin(), flat.end(), '/', '.');
        Hid ds{H5Dopen2(file.get(), d.path.c_str(), H5P_DEFAULT), H5Dclose};
        Hid copy{H5Dopen2(ref.get(), flat.c_str(), H5P_DEFAULT), H5Dclose};
        const int rank = static_cast<int>(d.dims.size());
        const std::vector<RawChunk> ours = raw_chunks(ds.get(), rank);
        const std::vector<RawChunk> theirs = raw_chunks(copy.get(), rank);
        std::size_t expected_count = 1;
        for (std::size_t i = 0; i < d.dims.size(); ++i) expected_count *= (d.dims[i] + d.chunk[i] - 1) / d.chunk[i];
        REQUIRE(ours.size() == expected_count);
        REQUIRE(theirs.size() == ours.size());
        std::size_t chunk_size = d.element_size;
        for (hsize_t c : d.chunk) chunk_size *= c;
        for (std::size_t k = 0; k < ours.size(); ++k) {
            const RawChunk& c = ours[k];
            INFO("chunk at " << c.origin[0] << (rank > 1 ? ", " + std::to_string(c.origin[1]) : std::string())
                             << (rank > 2 ? ", " + std::to_string(c.origin[2]) : std::string()));
            REQUIRE(c.filter_mask == 0);
            REQUIRE(theirs[k].origin == c.origin);
            REQUIRE(theirs[k].filter_mask == 0);
            // Not the same stream (incompressible byte planes are stored,
            // sim/io/chunk_codec.h) but within 1 % of HDF5's own level-1 size.
            CHECK(double(c.bytes.size()) <= 1.01 * double(theirs[k].bytes.size()) + 64.0);
            REQUIRE(decode_chunk(c.bytes, chunk_size, d.element_size) ==
                    expected_chunk(d.data, d.dims, d.chunk, c.origin, d.element_size));
            for (std::size_t i = 0; i < d.dims.size(); ++i) {
                if (c.origin[i] + d.chunk[i] > d.dims[i]) partial_axes.insert(d.path + " axis " + std::to_string(i));
            }
            ++checked;
        }
    }
    return checked;
}

// Number of HDF5 files (and objects in them) the library still has open.
ssize_t open_hdf5_objects() { return H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL); }

}  // namespace

TEST_CASE("result file round trip keeps every field and value bit for bit", "[result_file]") {
    TempDir dir;
    const RunResult original = make_result();
    const std::string path = dir.file("result.h5");
    write_result_file(path, original);
    const RunResult back = tinyfleet::read_result_file(path);
    require_equal(original, back);
    REQUIRE(back.metrics[0].name == "zeta_emissions");  // order kept, not alphabetical
    REQUIRE(back.inputs[0].name == "grid_intensity");
    REQUIRE(back.model_notes == original.model_notes);
    REQUIRE(back.payback_years.size() == 15);
    CHECK(std::isinf(back.payback_years[1]));
    CHECK(back.payback_years[1] > 0);
    CHECK(std::isinf(back.payback_years[3 * 3 + 2]));
    CHECK(back.payback_years[2] == 0.7);

    if (const char* keep = std::getenv("TINYFLEET_KEEP_RESULT"); keep != nullptr && *keep != '\0') {
        write_result_file(keep, original);
        WARN("kept a copy of the round-trip result file at " << keep);
    }
}

TEST_CASE("the reader refuses non-finite values and inconsistent coordinates, naming the dataset", "[result_file]") {
    TempDir dir;
    const std::string path = dir.file("result.h5");
    auto refusal = [&](const RunResult& r) {
        write_result_file(path, r);
        return message_of<InputError>([&] { tinyfleet::read_result_file(path); });
    };
    RunResult r = make_result();
    r.metrics[1].quantiles[5] = std::numeric_limits<double>::quiet_NaN();
    CHECK_THAT(refusal(r), Catch::Contains("dataset '/summary/alpha_energy' holds NaN at element 5"));
    r = make_result();
    r.metrics[0].std[3] = std::numeric_limits<double>::infinity();
    CHECK_THAT(refusal(r), Catch::Contains("dataset '/summary/zeta_emissions_std' holds +inf at element 3"));
    r = make_result();
    r.payback_years[2] = -std::numeric_limits<double>::infinity();
    CHECK_THAT(refusal(r), Catch::Contains("dataset '/payback/years' holds -inf at element 2"));
    r = make_result();
    r.mean_lifetime_years[6] = -1.5;
    CHECK_THAT(refusal(r), Catch::Contains("dataset '/payback/mean_lifetime_years' holds -1.500000 at element 6; "
                                           "a lifetime is >= 0"));
    r = make_result();
    r.mean_lifetime_years[3] = std::numeric_limits<double>::infinity();
    CHECK_THAT(refusal(r), Catch::Contains("dataset '/payback/mean_lifetime_years' holds +inf at element 3"));
    r = make_result();
    r.mean_term_error[4] = std::numeric_limits<double>::quiet_NaN();
    CHECK_THAT(refusal(r), Catch::Contains("dataset '/cohort_error/relative_error' holds NaN at element 4"));
    r = make_result();
    r.mean_term_error[7] = -0.25;
    CHECK_THAT(refusal(r), Catch::Contains("dataset '/cohort_error/relative_error' holds -0.250000 at element 7; "
                                           "an error estimate is >= 0"));
    r = make_result();
    r.mean_term_error[2] = std::numeric_limits<double>::infinity();
    CHECK_THAT(refusal(r), Catch::Contains("dataset '/cohort_error/relative_error' holds +inf at element 2"));
    r = make_result();
    r.years = {2025, 2027, 2026, 2028};
    CHECK_THAT(refusal(r), Catch::Contains("dataset '/year' is not increasing (2027 then 2026 at element 2)"));
    r = make_result();
    r.classes[2] = r.classes[0];
    CHECK_THAT(refusal(r), Catch::Contains("dataset '/device_class' names class 'mcu-µ' twice"));
}

TEST_CASE("result file layout: attributes, compression and dimension scales", "[result_file]") {
    TempDir dir;
    const std::string path = dir.file("result.h5");
    write_result_file(path, make_result());

    Hid file{H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
    REQUIRE(file.get() >= 0);
    Hid root{H5Gopen2(file.get(), "/", H5P_DEFAULT), H5Gclose};
    CHECK(string_attribute(root.get(), "format") == "tinyfleet-results");
    CHECK(string_attribute(root.get(), "metrics") == "zeta_emissions,alpha_energy");
    CHECK(string_attribute(root.get(), "inputs") == "grid_intensity,device_lifetime");
    {
        Hid attr{H5Aopen(root.get(), "format_version", H5P_DEFAULT), H5Aclose};
        Hid type{H5Aget_type(attr.get()), H5Tclose};
        CHECK(H5Tequal(type.get(), H5T_STD_I32LE) > 0);
        std::int32_t version = 0;
        REQUIRE(H5Aread(attr.get(), H5T_NATIVE_INT32, &version) >= 0);
        CHECK(version == 2);
    }
    {
        Hid attr{H5Aopen(root.get(), "seed", H5P_DEFAULT), H5Aclose};
        Hid type{H5Aget_type(attr.get()), H5Tclose};
        CHECK(H5Tequal(type.get(), H5T_STD_U64LE) > 0);
    }
    {
        Hid attr{H5Aopen(root.get(), "samples", H5P_DEFAULT), H5Aclose};
        Hid type{H5Aget_type(attr.get()), H5Tclose};
        CHECK(H5Tequal(type.get(), H5T_STD_I64LE) > 0);
    }
    Hid year{H5Dopen2(file.get(), "/year", H5P_DEFAULT), H5Dclose};
    CHECK(string_attribute(year.get(), "units") == "year");
    {
        Hid type{H5Dget_type(year.get()), H5Tclose};
        CHECK(H5Tequal(type.get(), H5T_STD_I64LE) > 0);  // as in sweep files
    }
    CHECK(string_attribute(root.get(), "Conventions") == "CF-1.8");
    for (const char* cf : {"title", "institution", "source", "history", "references"}) {
        INFO(cf);
        CHECK_FALSE(string_attribute(root.get(), cf).empty());
    }
    Hid sample{H5Dopen2(file.get(), "/sample", H5P_DEFAULT), H5Dclose};
    CHECK(string_attribute(sample.get(), "units") == "1");
    CHECK(string_attribute(sample.get(), "long_name") == "realization index");
    Hid inp{H5Dopen2(file.get(), "/inputs/grid_intensity", H5P_DEFAULT), H5Dclose};
    CHECK(string_attribute(inp.get(), "units") == "kg CO2e / kWh");
    CHECK(string_attribute(root.get(), "model_notes") == make_result().model_notes);
    {
        Hid payback{H5Dopen2(file.get(), "/payback/years", H5P_DEFAULT), H5Dclose};
        REQUIRE(payback.get() >= 0);
        CHECK(string_attribute(payback.get(), "units") == "years");
        CHECK(string_attribute(payback.get(), "long_name") == "Carbon payback time");
        CHECK_THAT(string_attribute(payback.get(), "comment"), Catch::Contains("_FillValue: the device never pays back"));
        // "never" (+inf in memory) is stored as the fill value netCDF uses for doubles.
        double fill = 0.0;
        Hid fill_attr{H5Aopen(payback.get(), "_FillValue", H5P_DEFAULT), H5Aclose};
        REQUIRE(H5Aread(fill_attr.get(), H5T_NATIVE_DOUBLE, &fill) >= 0);
        CHECK(fill == 9.969209968386869e36);
        std::vector<double> stored(15);
        REQUIRE(H5Dread(payback.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, stored.data()) >= 0);
        CHECK(stored[1] == fill);          // sample 0, class 1: never
        CHECK(stored[3 * 3 + 2] == fill);  // sample 3, class 2: never
        CHECK(std::isfinite(stored[0]));
        Hid type{H5Dget_type(payback.get()), H5Tclose};
        CHECK(H5Tequal(type.get(), H5T_IEEE_F64LE) > 0);
        Hid space{H5Dget_space(payback.get()), H5Sclose};
        hsize_t dims[2] = {0, 0};
        REQUIRE(H5Sget_simple_extent_ndims(space.get()) == 2);
        H5Sget_simple_extent_dims(space.get(), dims, nullptr);
        CHECK(dims[0] == 5);
        CHECK(dims[1] == 3);
        // Attached to the group's own copies of the sample and class scales.
        CHECK(attached_scale(payback.get(), 0) == "/payback/sample");
        CHECK(attached_scale(payback.get(), 1) == "/payback/device_class");
    }

    {
        Hid lifetime{H5Dopen2(file.get(), "/payback/mean_lifetime_years", H5P_DEFAULT), H5Dclose};
        REQUIRE(lifetime.get() >= 0);
        CHECK(string_attribute(lifetime.get(), "units") == "years");
        CHECK(attached_scale(lifetime.get(), 0) == "/payback/sample");
        CHECK(attached_scale(lifetime.get(), 1) == "/payback/device_class");
    }

    {
        Hid errors{H5Dopen2(file.get(), "/cohort_error/relative_error", H5P_DEFAULT), H5Dclose};
        REQUIRE(errors.get() >= 0);
        CHECK(string_attribute(errors.get(), "units") == "1");
        CHECK(string_attribute(errors.get(), "long_name") == "Cohort mean-term relative error");
        CHECK_THAT(string_attribute(errors.get(), "description"), Catch::Contains("two halves"));
        Hid space{H5Dget_space(errors.get()), H5Sclose};
        hsize_t dims[3] = {0, 0, 0};
        REQUIRE(H5Sget_simple_extent_ndims(space.get()) == 3);
        H5Sget_simple_extent_dims(space.get(), dims, nullptr);
        CHECK((dims[0] == 5 && dims[1] == 3 && dims[2] == 2));
        CHECK(attached_scale(errors.get(), 0) == "/cohort_error/sample");
        CHECK(attached_scale(errors.get(), 1) == "/cohort_error/device_class");
        CHECK(attached_scale(errors.get(), 2) == "/cohort_error/quantity");
    }

    Visited visited;
    REQUIRE(H5Lvisit(file.get(), H5_INDEX_NAME, H5_ITER_INC, inspect_dataset, &visited) >= 0);
    INFO("datasets seen: " << visited.datasets.size());
    // 4 root scales; samples 2 scales + 2; by_class 3 + 2; summary 2 + 6; inputs 1 + 2;
    // payback 2 + 2 (years, mean_lifetime_years); cohort_error 3 + 1.
    CHECK(visited.datasets.size() == 4 + 4 + 5 + 8 + 3 + 4 + 4);
    for (const std::string& p : visited.problems) FAIL_CHECK(p);
    CHECK(visited.problems.empty());
}

TEST_CASE("result file chunks hold about 1 MiB with the whole year axis", "[result_file]") {
    TempDir dir;
    RunResult r;
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
    ResultInput p;
    p.name = "p";
    p.units = "1";
    p.values.assign(5000, 0.25);
    r.inputs.push_back(p);
    const std::string path = dir.file("chunks.h5");
    write_result_file(path, r);

    auto chunk_of = [&](const char* name) {
        Hid f{H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
        Hid ds{H5Dopen2(f.get(), name, H5P_DEFAULT), H5Dclose};
        Hid dcpl{H5Dget_create_plist(ds.get()), H5Pclose};
        std::vector<hsize_t> chunk(3, 0);
        const int rank = H5Pget_chunk(dcpl.get(), 3, chunk.data());
        chunk.resize(static_cast<std::size_t>(std::max(rank, 0)));
        return chunk;
    };
    // 1 MiB = 131072 doubles: 131072 / (2 * 30) = 2184 samples per chunk at
    // most, so 3 chunks for 5000, cut evenly: 1667 each; 4369 for samples/,
    // so 2 chunks of 2500.
    CHECK(chunk_of("/by_class/m") == std::vector<hsize_t>{1667, 2, 30});
    CHECK(chunk_of("/samples/m") == std::vector<hsize_t>{2500, 30});
    CHECK(chunk_of("/summary/m") == std::vector<hsize_t>{1, 30});
    CHECK(chunk_of("/inputs/p") == std::vector<hsize_t>{5000});
    CHECK(chunk_of("/year") == std::vector<hsize_t>{30});
    require_equal(r, tinyfleet::read_result_file(path));
}

TEST_CASE("edge chunks along every axis are stored full size, zero-padded, as HDF5 would",
          "[result_file]") {
    // Chunks keep trailing axes whole as far as 1 MiB allows, so which axis
    // ends in a partial chunk depends on the shape:
    //   5001 samples x 3 x 16:   by_class [2501, 3, 16]: partial along sample
    //   3 x 3 classes x 50000:   by_class [1, 2, 50000]: partial along class,
    //                            samples [2, 50000]: partial along sample
    //   1 x 1 x 132073 years:    [.., 66037] chunks: partial along year
    // (the axis a chunk cuts is cut evenly, so the edge chunk is one short).
    struct Shape {
        std::size_t n, c, y;
    };
    TempDir dir;
    std::set<std::string> partial_axes;
    std::size_t chunks = 0;
    for (const Shape shape : {Shape{5001, 3, 16}, Shape{3, 3, 50000}, Shape{1, 1, 132073}}) {
        INFO("samples " << shape.n << ", classes " << shape.c << ", years " << shape.y);
        const RunResult r = make_sized_result(shape.n, shape.c, shape.y, 1, 11);
        const std::string path = dir.file("edges.h5");
        write_result_file(path, r, 2);
        // The normal read path (HDF5 decodes the filters) gives every value back.
        require_equal(r, tinyfleet::read_result_file(path));
        // Every stored chunk: full size, zero-padded, identical to HDF5's own.
        chunks += check_stored_chunks(path, dir.file("reference.h5"), partial_axes);
    }
    CHECK(chunks > 50);
    for (const char* axis : {"/by_class/metric_0 axis 0", "/by_class/metric_0 axis 1", "/by_class/metric_0 axis 2",
                             "/samples/metric_0 axis 0", "/samples/metric_0 axis 1", "/summary/metric_0 axis 1",
                             "/summary/metric_0_mean axis 0"}) {
        INFO("a partial edge chunk along " << axis);
        CHECK(partial_axes.count(axis) == 1);
    }
}

TEST_CASE("the file does not depend on the number of writer threads", "[result_file]") {
    TempDir dir;
    // About 8 MB of chunks: several batches, edge chunks included.
    const RunResult r = make_sized_result(8000, 3, 16, 2, 5);
    const std::string one = dir.file("one.h5");
    write_result_file(one, r, 1);
    const std::string bytes = file_bytes(one);
    REQUIRE(bytes.size() > 1000000);
    for (const int threads : {4, 2, 0}) {  // 0 means 1
        INFO("threads " << threads);
        const std::string other = dir.file("threads-" + std::to_string(threads) + ".h5");
        write_result_file(other, r, threads);
        const bool identical = file_bytes(other) == bytes;
        CHECK(identical);
    }
    require_equal(r, tinyfleet::read_result_file(one));
}

TEST_CASE("the file holds no time stamps: the same result gives the same bytes", "[result_file]") {
    TempDir dir;
    const RunResult r = make_result();
    write_result_file(dir.file("a.h5"), r);
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // HDF5 times have 1 s resolution
    write_result_file(dir.file("b.h5"), r);
    const bool identical = file_bytes(dir.file("a.h5")) == file_bytes(dir.file("b.h5"));
    CHECK(identical);
}

TEST_CASE("a minimal result (no metrics, inputs or quantiles) round-trips", "[result_file]") {
    TempDir dir;
    RunResult r;
    r.samples = 1;
    r.years = {2030};
    r.classes = {""};
    const std::string path = dir.file("minimal.h5");
    write_result_file(path, r);
    require_equal(r, tinyfleet::read_result_file(path));

    r.payback_years = {std::numeric_limits<double>::infinity()};
    write_result_file(path, r);
    require_equal(r, tinyfleet::read_result_file(path));
}

TEST_CASE("model_notes and /payback are optional: absent parts read back empty", "[result_file]") {
    TempDir dir;
    const std::string path = dir.file("result.h5");
    RunResult r = make_result();
    auto has_group = [&](const char* name) {
        Hid f{H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
        REQUIRE(f.get() >= 0);
        return H5Lexists(f.get(), name, H5P_DEFAULT) > 0;
    };

    SECTION("no payback data: no /payback group, an empty vector back") {
        r.payback_years.clear();
        r.mean_lifetime_years.clear();
        write_result_file(path, r);
        CHECK_FALSE(has_group("payback"));
        const RunResult back = tinyfleet::read_result_file(path);
        CHECK(back.payback_years.empty());
        require_equal(r, back);
    }
    SECTION("no cohort error estimates (exact mode): no /cohort_error group, empty vectors back") {
        r.mean_term_error.clear();
        r.mean_term_quantities.clear();
        write_result_file(path, r);
        CHECK_FALSE(has_group("cohort_error"));
        const RunResult back = tinyfleet::read_result_file(path);
        CHECK(back.mean_term_error.empty());
        CHECK(back.mean_term_quantities.empty());
        require_equal(r, back);
    }
    SECTION("an older file with payback times but no mean lifetimes beside them") {
        write_result_file(path, r);
        delete_object(path, "/payback/mean_lifetime_years");
        const RunResult back = tinyfleet::read_result_file(path);
        CHECK(back.mean_lifetime_years.empty());
        CHECK(same_bits(back.payback_years, r.payback_years));
    }
    SECTION("empty model notes are written and read back") {
        r.model_notes.clear();
        write_result_file(path, r);
        {
            Hid f{H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
            Hid root{H5Gopen2(f.get(), "/", H5P_DEFAULT), H5Gclose};
            CHECK(string_attribute(root.get(), "model_notes").empty());
        }
        require_equal(r, tinyfleet::read_result_file(path));
    }
    SECTION("an older file without model_notes, /payback and /cohort_error") {
        write_result_file(path, r);
        delete_object(path, "/payback");
        delete_object(path, "/cohort_error");
        {
            Hid f{H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose};
            REQUIRE(H5Adelete(f.get(), "model_notes") >= 0);
        }
        const RunResult back = tinyfleet::read_result_file(path);
        CHECK(back.payback_years.empty());
        CHECK(back.model_notes.empty());
        r.payback_years.clear();
        r.mean_lifetime_years.clear();
        r.model_notes.clear();
        r.mean_term_error.clear();
        r.mean_term_quantities.clear();
        require_equal(r, back);
    }
}

TEST_CASE("result file writing is atomic", "[result_file]") {
    TempDir dir;
    const std::string path = dir.file("out.h5");
    RunResult r = make_result();
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

    SECTION("an I/O failure leaves the old file, no temporary file and no open HDF5 object") {
        // Incompressible data, several batches of chunks.
        const std::size_t n = 40000;
        r.samples = static_cast<std::int64_t>(n);
        std::mt19937_64 rng(7);
        std::uniform_real_distribution<double> u(0.0, 1.0);
        for (ResultMetric& m : r.metrics) {
            m.by_class.resize(n * 3 * 4);
            m.totals.resize(n * 4);
            for (double& v : m.by_class) v = u(rng);
            for (double& v : m.totals) v = u(rng);
        }
        for (ResultInput& in : r.inputs) in.values.assign(n, 1.0);
        r.payback_years.resize(n * 3);
        for (double& v : r.payback_years) v = u(rng);
        r.mean_lifetime_years.resize(n * 3);
        for (double& v : r.mean_lifetime_years) v = u(rng);
        r.mean_term_error.resize(n * 3 * 2);
        for (double& v : r.mean_term_error) v = u(rng);
        const std::string big = dir.file("big.h5");
        write_result_file(big, r, 2);
        const auto size = fs::file_size(big);
        const std::string before = file_bytes(big);
        r.seed = 43;  // same size, other bytes

        // The file-size limit hits the first chunks, the middle, and the very
        // end (the last bytes or the final file size, set when HDF5 closes).
        for (const rlim_t limit : {rlim_t{64 * 1024}, static_cast<rlim_t>(size / 2), static_cast<rlim_t>(size - 1)}) {
            INFO("file size limit " << limit << " bytes, the file needs " << size);
            rlimit old{};
            REQUIRE(::getrlimit(RLIMIT_FSIZE, &old) == 0);
            rlimit small = old;
            small.rlim_cur = limit;
            auto* old_handler = std::signal(SIGXFSZ, SIG_IGN);
            REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
            const std::string message = message_of<RuntimeFailure>([&] { write_result_file(big, r, 2); });
            ::setrlimit(RLIMIT_FSIZE, &old);
            std::signal(SIGXFSZ, old_handler);

            INFO(message);
            CHECK_THAT(message, Catch::Contains("cannot write result file '" + big + "'"));
            CHECK_THAT(message, Catch::Contains("File too large"));  // strerror(EFBIG)
            REQUIRE(dir.entries() == std::vector<std::string>{"big.h5", "out.h5"});
            const bool unchanged = file_bytes(big) == before;
            CHECK(unchanged);
            // HDF5 closed the file cleanly (HDF5 1.10.8 keeps a freed file
            // open after a failed close, HDFFV-11052).
            CHECK(open_hdf5_objects() == 0);
        }
        // The library is still usable afterwards.
        write_result_file(big, make_result());
        REQUIRE(dir.entries() == std::vector<std::string>{"big.h5", "out.h5"});
        REQUIRE(tinyfleet::read_result_file(big).samples == 5);
    }
}

TEST_CASE("writing into a missing or unusable folder is an input error", "[result_file]") {
    TempDir dir;
    const RunResult r = make_result();

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
    RunResult r = make_result();
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
    SECTION("a payback vector of the wrong size") {
        r.payback_years.pop_back();
        CHECK_THAT(message_of<RuntimeFailure>([&] { write_result_file(dir.file("x.h5"), r); }),
                   Catch::Contains("payback_years has 14 values, expected 15 (samples x classes)"));
        r.payback_years.assign(5 * 3 * 4, 1.0);  // e.g. per year by mistake
        CHECK_THAT(message_of<RuntimeFailure>([&] { write_result_file(dir.file("x.h5"), r); }),
                   Catch::Contains("payback_years has 60 values, expected 15"));
    }
    SECTION("cohort error estimates of the wrong size or without their quantities") {
        r.mean_term_error.pop_back();
        CHECK_THAT(message_of<RuntimeFailure>([&] { write_result_file(dir.file("x.h5"), r); }),
                   Catch::Contains("mean_term_error has 29 values, expected 30 (samples x classes x quantities)"));
        r = make_result();
        r.mean_term_quantities.clear();
        CHECK_THAT(message_of<RuntimeFailure>([&] { write_result_file(dir.file("x.h5"), r); }),
                   Catch::Contains("mean_term_error without its quantities"));
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
            REQUIRE(f.get() >= 0);
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
            REQUIRE(H5Adelete(f.get(), "format") >= 0);
            REQUIRE(H5LTset_attribute_string(f.get(), "/", "format", "something-else") >= 0);
        }
        CHECK_THAT(message_of<InputError>([&] { read_result_file(path); }),
                   Catch::Contains("is not a tinyfleet result file"));
    }
    SECTION("a deleted by_class dataset") {
        delete_object(path, "/by_class/alpha_energy");
        const std::string message = message_of<InputError>([&] { read_result_file(path); });
        CHECK_THAT(message, Catch::Contains("dataset '/by_class/alpha_energy' is missing"));
        CHECK_THAT(message, Catch::Contains("[sample=5, device_class=3, year=4]"));
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
            REQUIRE(H5Ldelete(f.get(), "/summary/zeta_emissions_mean", H5P_DEFAULT) >= 0);
            const hsize_t dims[1] = {3};
            const double values[3] = {1, 2, 3};
            REQUIRE(H5LTmake_dataset_double(f.get(), "/summary/zeta_emissions_mean", 1, dims, values) >= 0);
        }
        CHECK_THAT(message_of<InputError>([&] { read_result_file(path); }),
                   Catch::Contains("dataset '/summary/zeta_emissions_mean' has shape [3], expected [year=4]"));
    }
    SECTION("a payback dataset with the wrong shape") {
        {
            Hid f{H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose};
            REQUIRE(H5Ldelete(f.get(), "/payback/years", H5P_DEFAULT) >= 0);
            const hsize_t dims[2] = {3, 5};  // transposed
            const double values[15] = {};
            REQUIRE(H5LTmake_dataset_double(f.get(), "/payback/years", 2, dims, values) >= 0);
        }
        CHECK_THAT(message_of<InputError>([&] { read_result_file(path); }),
                   Catch::Contains("dataset '/payback/years' has shape [3, 5], expected [sample=5, device_class=3]"));
    }
    SECTION("a payback group without its dataset") {
        delete_object(path, "/payback/years");
        CHECK_THAT(message_of<InputError>([&] { read_result_file(path); }),
                   Catch::Contains("dataset '/payback/years' is missing (expected shape [sample=5, device_class=3])"));
    }
    SECTION("a cohort error dataset with the wrong shape") {
        {
            Hid f{H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose};
            REQUIRE(H5Ldelete(f.get(), "/cohort_error/relative_error", H5P_DEFAULT) >= 0);
            const hsize_t dims[3] = {5, 3, 3};  // one quantity more than the coordinate names
            const double values[45] = {};
            REQUIRE(H5LTmake_dataset_double(f.get(), "/cohort_error/relative_error", 3, dims, values) >= 0);
        }
        CHECK_THAT(message_of<InputError>([&] { read_result_file(path); }),
                   Catch::Contains("dataset '/cohort_error/relative_error' has shape [5, 3, 3], expected "
                                   "[sample=5, device_class=3, quantity=2]"));
    }
    SECTION("a cohort error group without its quantity coordinate") {
        delete_object(path, "/cohort_error/quantity");
        CHECK_THAT(message_of<InputError>([&] { read_result_file(path); }),
                   Catch::Contains("dataset '/cohort_error/quantity' is missing"));
    }
    SECTION("a model_notes attribute that is not a string") {
        {
            Hid f{H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose};
            REQUIRE(H5Adelete(f.get(), "model_notes") >= 0);
            const int one = 1;
            REQUIRE(H5LTset_attribute_int(f.get(), "/", "model_notes", &one, 1) >= 0);
        }
        CHECK_THAT(message_of<InputError>([&] { read_result_file(path); }),
                   Catch::Contains("attribute 'model_notes' of '/' is not a single string"));
    }
    SECTION("a samples attribute that disagrees with the sample coordinate") {
        {
            Hid f{H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose};
            Hid a{H5Aopen(f.get(), "samples", H5P_DEFAULT), H5Aclose};
            const std::int64_t huge = std::int64_t{1} << 40;
            REQUIRE(H5Awrite(a.get(), H5T_NATIVE_INT64, &huge) >= 0);
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

TEST_CASE("shard files keep their range: attributes and sample coordinate", "[result_file][shard]") {
    TempDir dir;
    RunResult original = make_result();
    original.shard = RunResult::Shard{1, 4, 10, 20};
    const std::string path = dir.file("shard.h5");
    write_result_file(path, original);
    const RunResult back = tinyfleet::read_result_file(path);
    require_equal(original, back);
    REQUIRE(back.shard.has_value());
    CHECK(back.shard->index == 1);
    CHECK(back.shard->count == 4);
    CHECK(back.shard->first == 10);
    CHECK(back.shard->run_samples == 20);
    Hid file{H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
    Hid sample{H5Dopen2(file.get(), "/sample", H5P_DEFAULT), H5Dclose};
    std::vector<std::int64_t> index(static_cast<std::size_t>(original.samples));
    REQUIRE(H5Dread(sample.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, index.data()) >= 0);
    CHECK(index.front() == 10);
    CHECK(index.back() == 10 + original.samples - 1);

    // A complete result has no shard attributes.
    const std::string whole = dir.file("whole.h5");
    write_result_file(whole, make_result());
    CHECK_FALSE(tinyfleet::read_result_file(whole).shard.has_value());
}
