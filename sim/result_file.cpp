// HDF5 result file writer and reader. See sim/result_file.h for the layout.
//
// Implementation notes:
//  * Only the HDF5 C API and the high-level dimension-scale API (H5DS) are
//    used. Every hid_t lives in an H5Handle (RAII) so nothing leaks when an
//    exception is thrown, and every HDF5 return code is checked.
//  * HDF5's automatic error-stack printing is switched off; when a call fails
//    we read the innermost entry of the error stack and put it in our own
//    message instead.
//  * The writer builds the file in memory (core driver) and writes the image
//    itself with POSIX calls to <dir>/.<name>.tmp-<pid>, then fsync()s and
//    rename()s it over the destination: see write_result_file for why.
//  * netCDF compatibility (xarray, netCDF4 engine): link and attribute
//    creation order are tracked and indexed in the file, every group and
//    every dataset (netCDF-C iterates in creation order when it can and
//    refuses to open files for writing without it). netCDF-C resolves a
//    dataset's dimension scales in its own group and in the parent groups,
//    so named dimensions would work with the scales at the root only; but
//    xarray.open_dataset(path, group=...) shows coordinate *values* only for
//    coordinate variables of that group. Each group therefore carries its own
//    copy of the scales its datasets use (e.g. /by_class/sample,
//    /by_class/class, /by_class/year), and its datasets are attached to those
//    local copies. The root keeps all four scales as well.
#include "sim/result_file.h"

#include <hdf5.h>
#include <hdf5_hl.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <utility>

#include "sim/input_error.h"

namespace tinyfleet {

namespace {

// ---------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------

constexpr const char* kFormat = "tinyfleet-results";
constexpr std::int32_t kFormatVersion = 1;

// Names of the dimension scales; they are also dataset names inside the
// groups, so metric and input names may not use them.
constexpr const char* kYear = "year";
constexpr const char* kSample = "sample";
constexpr const char* kQuantile = "quantile";
constexpr const char* kClass = "class";

bool is_reserved_name(std::string_view name) {
    return name == kYear || name == kSample || name == kQuantile || name == kClass;
}

// Owns one HDF5 identifier and closes it with the matching H5?close function.
class H5Handle {
public:
    using Closer = herr_t (*)(hid_t);

    H5Handle() noexcept = default;
    H5Handle(hid_t id, Closer closer) noexcept : id_(id), closer_(closer) {}
    H5Handle(const H5Handle&) = delete;
    H5Handle& operator=(const H5Handle&) = delete;
    H5Handle(H5Handle&& other) noexcept
        : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(other.closer_) {}
    H5Handle& operator=(H5Handle&& other) noexcept {
        if (this != &other) {
            reset();
            id_ = std::exchange(other.id_, H5I_INVALID_HID);
            closer_ = other.closer_;
        }
        return *this;
    }
    ~H5Handle() { reset(); }

    hid_t get() const noexcept { return id_; }

    // Closes now and reports the result (the destructor cannot).
    herr_t close() noexcept {
        if (id_ < 0 || closer_ == nullptr) return 0;
        const herr_t rc = closer_(id_);
        id_ = H5I_INVALID_HID;
        return rc;
    }

private:
    void reset() noexcept {
        if (id_ >= 0 && closer_ != nullptr) closer_(id_);  // error already being handled
        id_ = H5I_INVALID_HID;
    }

    hid_t id_ = H5I_INVALID_HID;
    Closer closer_ = nullptr;
};

void silence_hdf5_errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

// Frees the strings HDF5 allocated when reading variable-length data.
// (H5Treclaim is declared by the 1.10.8 headers but only exported from 1.12.)
herr_t reclaim_vlen(hid_t type, hid_t space, void* buffer) {
#if H5_VERSION_GE(1, 12, 0)
    return H5Treclaim(type, space, H5P_DEFAULT, buffer);
#else
    return H5Dvlen_reclaim(type, space, H5P_DEFAULT, buffer);
#endif
}

herr_t keep_innermost_error(unsigned /*n*/, const H5E_error2_t* err, void* data) {
    auto* out = static_cast<std::string*>(data);
    if (err != nullptr && err->desc != nullptr && err->desc[0] != '\0') *out = err->desc;
    return 0;
}

// The most specific description on HDF5's error stack (e.g. "file write
// failed: ... errno = 28, error message = 'No space left on device'").
// Must be called right after the failing call, before any other HDF5 call.
std::string hdf5_error_detail() {
    std::string detail;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, keep_innermost_error, &detail);
    H5Eclear2(H5E_DEFAULT);
    // Some descriptions span lines; keep messages on one line.
    std::replace(detail.begin(), detail.end(), '\n', ' ');
    return detail;
}

std::string with_detail(const std::string& text) {
    const std::string detail = hdf5_error_detail();
    return detail.empty() ? text : text + " (HDF5: " + detail + ")";
}

std::string errno_text(int err) { return std::strerror(err); }

std::string shape_text(const std::vector<hsize_t>& dims) {
    std::string out = "[";
    for (std::size_t i = 0; i < dims.size(); ++i) {
        if (i > 0) out += ", ";
        out += std::to_string(dims[i]);
    }
    return out + "]";
}

struct Dim {
    std::string name;
    hsize_t size;
};

std::string shape_text(const std::vector<Dim>& dims) {
    std::string out = "[";
    for (std::size_t i = 0; i < dims.size(); ++i) {
        if (i > 0) out += ", ";
        out += dims[i].name + "=" + std::to_string(dims[i].size);
    }
    return out + "]";
}

std::string join(const std::vector<std::string>& parts, char sep) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) out += sep;
        out += parts[i];
    }
    return out;
}

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> out;
    if (text.empty()) return out;
    std::size_t start = 0;
    while (true) {
        const std::size_t pos = text.find(sep, start);
        out.push_back(text.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
        if (pos == std::string::npos) break;
        start = pos + 1;
    }
    return out;
}

// ---------------------------------------------------------------------------
// Writer
// ---------------------------------------------------------------------------

// About 1 MiB of uncompressed data per chunk.
constexpr hsize_t kTargetChunkBytes = hsize_t{1} << 20;
constexpr unsigned kDeflateLevel = 4;
// Growth step of the in-memory (core driver) file.
constexpr std::size_t kCoreIncrement = std::size_t{8} << 20;

// Chunk shape: fill axes from the last (fastest-varying, the whole year axis
// in practice) to the first until about kTargetChunkBytes are reached; never
// larger than the data, never zero.
std::vector<hsize_t> chunk_shape(const std::vector<hsize_t>& dims, std::size_t element_size) {
    std::vector<hsize_t> chunk(dims.size(), 1);
    hsize_t budget = std::max<hsize_t>(1, kTargetChunkBytes / std::max<std::size_t>(1, element_size));
    for (std::size_t i = dims.size(); i-- > 0;) {
        chunk[i] = std::max<hsize_t>(1, std::min(dims[i], budget));
        budget = std::max<hsize_t>(1, budget / chunk[i]);
    }
    return chunk;
}

// Removes the temporary file unless released (after the rename).
class TempFileGuard {
public:
    explicit TempFileGuard(std::string path) : path_(std::move(path)) {}
    TempFileGuard(const TempFileGuard&) = delete;
    TempFileGuard& operator=(const TempFileGuard&) = delete;
    ~TempFileGuard() {
        if (armed_) ::unlink(path_.c_str());
    }
    void release() noexcept { armed_ = false; }

private:
    std::string path_;
    bool armed_ = true;
};

class Writer {
public:
    explicit Writer(std::string path) : path_(std::move(path)) {}

    [[noreturn]] void fail_hdf5(const std::string& operation) const {
        throw RuntimeFailure(with_detail("cannot write result file '" + path_ + "': " + operation +
                                         " failed"));
    }
    [[noreturn]] void fail(const std::string& problem) const {
        throw RuntimeFailure("cannot write result file '" + path_ + "': " + problem);
    }

    void check(herr_t rc, const std::string& operation) const {
        if (rc < 0) fail_hdf5(operation);
    }
    H5Handle handle(hid_t id, H5Handle::Closer closer, const std::string& operation) const {
        if (id < 0) fail_hdf5(operation);
        return H5Handle(id, closer);
    }

    // Variable-length UTF-8 string type (file and memory).
    H5Handle string_type() const {
        H5Handle type = handle(H5Tcopy(H5T_C_S1), H5Tclose, "H5Tcopy(string type)");
        check(H5Tset_size(type.get(), H5T_VARIABLE), "H5Tset_size(H5T_VARIABLE)");
        check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "H5Tset_cset(UTF-8)");
        return type;
    }

    H5Handle scalar_space() const {
        return handle(H5Screate(H5S_SCALAR), H5Sclose, "H5Screate(H5S_SCALAR)");
    }

    void string_attribute(hid_t object, const std::string& object_name, const std::string& name,
                          const std::string& value) const {
        const std::string what = "attribute '" + name + "' of '" + object_name + "'";
        H5Handle type = string_type();
        H5Handle space = scalar_space();
        H5Handle attribute = handle(
            H5Acreate2(object, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
            H5Aclose, "H5Acreate2(" + what + ")");
        const char* text = value.c_str();
        check(H5Awrite(attribute.get(), type.get(), &text), "H5Awrite(" + what + ")");
        check(attribute.close(), "H5Aclose(" + what + ")");
    }

    template <class T>
    void scalar_attribute(hid_t object, const std::string& object_name, const std::string& name,
                          hid_t file_type, hid_t memory_type, T value) const {
        const std::string what = "attribute '" + name + "' of '" + object_name + "'";
        H5Handle space = scalar_space();
        H5Handle attribute = handle(
            H5Acreate2(object, name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
            H5Aclose, "H5Acreate2(" + what + ")");
        check(H5Awrite(attribute.get(), memory_type, &value), "H5Awrite(" + what + ")");
        check(attribute.close(), "H5Aclose(" + what + ")");
    }

    // Group with link and attribute creation order tracked and indexed.
    H5Handle group(hid_t parent, const std::string& name) const {
        const std::string what = "'/" + name + "'";
        H5Handle gcpl = handle(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, "H5Pcreate(group " + what + ")");
        check(H5Pset_link_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
              "H5Pset_link_creation_order(" + what + ")");
        check(H5Pset_attr_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
              "H5Pset_attr_creation_order(" + what + ")");
        return handle(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT), H5Gclose,
                      "H5Gcreate2(" + what + ")");
    }

    // Creates, writes and annotates one chunked, shuffled, deflated dataset.
    // `full_name` is only used in messages.
    H5Handle dataset(hid_t group, const std::string& full_name, const std::string& name,
                     hid_t file_type, hid_t memory_type, std::size_t element_size,
                     const std::vector<hsize_t>& dims, const void* data, const std::string& units,
                     const std::string& long_name) const {
        const std::string what = "'" + full_name + "'";
        H5Handle space = handle(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                                H5Sclose, "H5Screate_simple(" + what + ")");
        H5Handle dcpl = handle(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "H5Pcreate(dataset " + what + ")");
        check(H5Pset_attr_creation_order(dcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
              "H5Pset_attr_creation_order(" + what + ")");
        hsize_t elements = 1;
        for (hsize_t d : dims) elements *= d;
        if (elements > 0) {  // a chunked dataset needs non-zero extents
            const std::vector<hsize_t> chunk = chunk_shape(dims, element_size);
            check(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()),
                  "H5Pset_chunk(" + what + ")");
            check(H5Pset_shuffle(dcpl.get()), "H5Pset_shuffle(" + what + ")");
            check(H5Pset_deflate(dcpl.get(), kDeflateLevel), "H5Pset_deflate(" + what + ")");
        }
        H5Handle ds = handle(H5Dcreate2(group, name.c_str(), file_type, space.get(), H5P_DEFAULT,
                                        dcpl.get(), H5P_DEFAULT),
                             H5Dclose, "H5Dcreate2(" + what + ")");
        if (elements > 0) {
            check(H5Dwrite(ds.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data),
                  "H5Dwrite(" + what + ")");
        }
        string_attribute(ds.get(), full_name, "units", units);
        string_attribute(ds.get(), full_name, "long_name", long_name);
        return ds;
    }

    H5Handle doubles(hid_t group, const std::string& group_name, const std::string& name,
                     const std::vector<hsize_t>& dims, const std::vector<double>& values,
                     const std::string& units, const std::string& long_name) const {
        return dataset(group, "/" + group_name + "/" + name, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                       sizeof(double), dims, values.data(), units, long_name);
    }

    void make_scale(hid_t ds, const std::string& full_name, const char* dim_name) const {
        check(H5DSset_scale(ds, dim_name), "H5DSset_scale('" + full_name + "')");
    }

    void attach(hid_t ds, const std::string& full_name, hid_t scale, const char* dim_name,
                unsigned index) const {
        check(H5DSattach_scale(ds, scale, index),
              "H5DSattach_scale('" + full_name + "', dimension " + std::to_string(index) + " '" +
                  dim_name + "')");
    }

    void close(H5Handle& h, const std::string& what) const {
        check(h.close(), "closing " + what);
    }

private:
    std::string path_;
};

// The dimension-scale datasets of one group; only the requested ones exist.
struct Scales {
    H5Handle year, sample, quantile, klass;
};

struct ScaleSet {
    bool year = false, sample = false, quantile = false, klass = false;
};

Scales write_scales(const Writer& w, hid_t group, const std::string& group_path, ScaleSet which,
                    const ResultFile& r, const std::vector<std::int64_t>& sample_index) {
    // group_path is "" for the root, "/samples" etc. for groups.
    Scales s;
    auto full = [&](const char* name) { return group_path + "/" + name; };
    if (which.year) {
        const std::string n = full(kYear);
        const std::vector<hsize_t> dims{r.years.size()};
        static_assert(sizeof(int) == sizeof(std::int32_t));
        s.year = w.dataset(group, n, kYear, H5T_STD_I32LE, H5T_NATIVE_INT, sizeof(std::int32_t), dims,
                           r.years.data(), "year", "calendar year");
        w.make_scale(s.year.get(), n, kYear);
    }
    if (which.sample) {
        const std::string n = full(kSample);
        const std::vector<hsize_t> dims{sample_index.size()};
        s.sample = w.dataset(group, n, kSample, H5T_STD_I64LE, H5T_NATIVE_INT64, sizeof(std::int64_t),
                             dims, sample_index.data(), "1", "Monte Carlo realization index");
        w.make_scale(s.sample.get(), n, kSample);
    }
    if (which.quantile) {
        const std::string n = full(kQuantile);
        const std::vector<hsize_t> dims{r.quantile_levels.size()};
        s.quantile = w.dataset(group, n, kQuantile, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, sizeof(double),
                               dims, r.quantile_levels.data(), "1",
                               "probability level of the quantile over realizations");
        w.make_scale(s.quantile.get(), n, kQuantile);
    }
    if (which.klass) {
        const std::string n = full(kClass);
        const std::vector<hsize_t> dims{r.classes.size()};
        std::vector<const char*> names;
        names.reserve(r.classes.size());
        for (const std::string& c : r.classes) names.push_back(c.c_str());
        H5Handle type = w.string_type();
        s.klass = w.dataset(group, n, kClass, type.get(), type.get(), sizeof(const char*), dims,
                            names.data(), "1", "device class");
        w.make_scale(s.klass.get(), n, kClass);
    }
    return s;
}

bool valid_name(const std::string& name) {
    if (name.empty() || name == "." || name == "..") return false;
    const unsigned char first = static_cast<unsigned char>(name.front());
    if (!(std::isalnum(first) || first == '_' || first >= 0x80)) return false;
    for (char ch : name) {
        const unsigned char c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7f || c == '/' || c == ',') return false;
    }
    return name.back() != ' ';
}

// Programming errors in the caller (inconsistent sizes, unusable names).
void validate(const Writer& w, const ResultFile& r) {
    if (r.samples < 1) w.fail("samples must be at least 1, got " + std::to_string(r.samples));
    if (r.years.empty()) w.fail("no years");
    if (r.classes.empty()) w.fail("no device classes");
    const std::size_t n = static_cast<std::size_t>(r.samples);
    const std::size_t y = r.years.size(), c = r.classes.size(), q = r.quantile_levels.size();
    auto expect = [&](const std::string& what, std::size_t got, std::size_t want, const char* shape) {
        if (got != want) {
            w.fail(what + " has " + std::to_string(got) + " values, expected " + std::to_string(want) +
                   " " + shape);
        }
    };
    std::set<std::string> summary_names;
    std::set<std::string> metric_names;
    for (const ResultMetric& m : r.metrics) {
        if (!valid_name(m.name) || is_reserved_name(m.name)) w.fail("invalid metric name '" + m.name + "'");
        if (!metric_names.insert(m.name).second) w.fail("metric '" + m.name + "' appears twice");
        for (const std::string& s : {m.name, m.name + "_mean", m.name + "_std"}) {
            if (!summary_names.insert(s).second) w.fail("two metrics would both write '/summary/" + s + "'");
        }
        const std::string what = "metric '" + m.name + "': ";
        expect(what + "by_class", m.by_class.size(), n * c * y, "(samples x classes x years)");
        expect(what + "totals", m.totals.size(), n * y, "(samples x years)");
        expect(what + "quantiles", m.quantiles.size(), q * y, "(quantile levels x years)");
        expect(what + "mean", m.mean.size(), y, "(years)");
        expect(what + "std", m.std.size(), y, "(years)");
    }
    std::set<std::string> input_names;
    for (const ResultInput& in : r.inputs) {
        if (!valid_name(in.name) || is_reserved_name(in.name)) w.fail("invalid input name '" + in.name + "'");
        if (!input_names.insert(in.name).second) w.fail("input '" + in.name + "' appears twice");
        expect("input '" + in.name + "'", in.values.size(), n, "(samples)");
    }
}

struct Destination {
    std::string folder;
    std::string temp;
};

// Checks the destination folder (InputError) and picks the temporary name.
Destination prepare_destination(const std::string& path) {
    namespace fs = std::filesystem;
    const fs::path p(path);
    if (path.empty() || !p.has_filename()) {
        throw InputError("output path '" + path + "' does not name a file");
    }
    const std::string folder = p.has_parent_path() ? p.parent_path().string() : std::string(".");
    struct stat st {};
    if (::stat(folder.c_str(), &st) != 0) {
        const int err = errno;
        if (err == ENOENT) throw InputError("output folder '" + folder + "' does not exist");
        if (err == ENOTDIR) {
            throw InputError("output folder '" + folder + "' does not exist (a part of it is a file)");
        }
        throw InputError("output folder '" + folder + "' is not usable: " + errno_text(err));
    }
    if (!S_ISDIR(st.st_mode)) {
        throw InputError("output folder '" + folder + "' is not writable: it is a file, not a folder");
    }
    if (::access(folder.c_str(), W_OK | X_OK) != 0) {
        throw InputError("output folder '" + folder + "' is not writable");
    }
    struct stat target {};
    if (::stat(path.c_str(), &target) == 0 && S_ISDIR(target.st_mode)) {
        throw InputError("output path '" + path + "' is a folder, not a file");
    }
    const std::string temp =
        (fs::path(folder) / ("." + p.filename().string() + ".tmp-" + std::to_string(::getpid()))).string();
    return {folder, temp};
}

// Makes the rename durable (best effort; not all file systems support it).
void sync_folder(const std::string& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

void write_contents(const Writer& w, hid_t file, const ResultFile& r) {
    const hsize_t n = static_cast<hsize_t>(r.samples);
    const hsize_t y = r.years.size(), c = r.classes.size(), q = r.quantile_levels.size();
    std::vector<std::int64_t> sample_index(static_cast<std::size_t>(n));
    for (std::size_t i = 0; i < sample_index.size(); ++i) sample_index[i] = static_cast<std::int64_t>(i);

    // Root attributes.
    std::vector<std::string> metric_names, input_names;
    for (const ResultMetric& m : r.metrics) metric_names.push_back(m.name);
    for (const ResultInput& in : r.inputs) input_names.push_back(in.name);
    {
        H5Handle root = w.handle(H5Gopen2(file, "/", H5P_DEFAULT), H5Gclose, "H5Gopen2('/')");
        const hid_t g = root.get();
        w.string_attribute(g, "/", "format", kFormat);
        w.scalar_attribute(g, "/", "format_version", H5T_STD_I32LE, H5T_NATIVE_INT32, kFormatVersion);
        w.string_attribute(g, "/", "program_version", r.program_version);
        w.string_attribute(g, "/", "scenario_name", r.scenario_name);
        w.string_attribute(g, "/", "scenario_yaml", r.scenario_yaml);
        w.string_attribute(g, "/", "scenario_overrides", r.scenario_overrides);
        w.string_attribute(g, "/", "scenario_sha256", r.scenario_sha256);
        w.scalar_attribute(g, "/", "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, r.seed);
        w.scalar_attribute(g, "/", "samples", H5T_STD_I64LE, H5T_NATIVE_INT64, r.samples);
        w.string_attribute(g, "/", "command_line", r.command_line);
        w.string_attribute(g, "/", "created_utc", r.created_utc);
        w.string_attribute(g, "/", "fleet_mode", r.fleet_mode);
        w.string_attribute(g, "/", "metrics", join(metric_names, ','));
        w.string_attribute(g, "/", "inputs", join(input_names, ','));

        Scales root_scales = write_scales(w, g, "", {true, true, true, true}, r, sample_index);
        w.close(root_scales.year, "'/year'");
        w.close(root_scales.sample, "'/sample'");
        w.close(root_scales.quantile, "'/quantile'");
        w.close(root_scales.klass, "'/class'");
        w.close(root, "'/'");
    }

    // /samples/<metric> [sample, year]
    {
        H5Handle g = w.group(file, "samples");
        Scales s = write_scales(w, g.get(), "/samples", {.year = true, .sample = true}, r, sample_index);
        for (const ResultMetric& m : r.metrics) {
            const std::string full = "/samples/" + m.name;
            H5Handle ds = w.doubles(g.get(), "samples", m.name, {n, y}, m.totals, m.units, m.long_name);
            w.attach(ds.get(), full, s.sample.get(), kSample, 0);
            w.attach(ds.get(), full, s.year.get(), kYear, 1);
            w.close(ds, "'" + full + "'");
        }
        w.close(s.sample, "'/samples/sample'");
        w.close(s.year, "'/samples/year'");
        w.close(g, "'/samples'");
    }

    // /by_class/<metric> [sample, class, year]
    {
        H5Handle g = w.group(file, "by_class");
        Scales s = write_scales(w, g.get(), "/by_class", {.year = true, .sample = true, .klass = true}, r,
                                sample_index);
        for (const ResultMetric& m : r.metrics) {
            const std::string full = "/by_class/" + m.name;
            H5Handle ds = w.doubles(g.get(), "by_class", m.name, {n, c, y}, m.by_class, m.units,
                                    m.long_name + ", per device class");
            w.attach(ds.get(), full, s.sample.get(), kSample, 0);
            w.attach(ds.get(), full, s.klass.get(), kClass, 1);
            w.attach(ds.get(), full, s.year.get(), kYear, 2);
            w.close(ds, "'" + full + "'");
        }
        w.close(s.sample, "'/by_class/sample'");
        w.close(s.klass, "'/by_class/class'");
        w.close(s.year, "'/by_class/year'");
        w.close(g, "'/by_class'");
    }

    // /summary/<metric> [quantile, year], <metric>_mean [year], <metric>_std [year]
    {
        H5Handle g = w.group(file, "summary");
        Scales s = write_scales(w, g.get(), "/summary", {.year = true, .quantile = true}, r, sample_index);
        for (const ResultMetric& m : r.metrics) {
            const std::string full = "/summary/" + m.name;
            H5Handle ds = w.doubles(g.get(), "summary", m.name, {q, y}, m.quantiles, m.units,
                                    m.long_name + ", quantiles over realizations");
            w.attach(ds.get(), full, s.quantile.get(), kQuantile, 0);
            w.attach(ds.get(), full, s.year.get(), kYear, 1);
            w.close(ds, "'" + full + "'");

            H5Handle mean = w.doubles(g.get(), "summary", m.name + "_mean", {y}, m.mean, m.units,
                                      m.long_name + ", mean over realizations");
            w.attach(mean.get(), full + "_mean", s.year.get(), kYear, 0);
            w.close(mean, "'" + full + "_mean'");

            H5Handle sd = w.doubles(g.get(), "summary", m.name + "_std", {y}, m.std, m.units,
                                    m.long_name + ", standard deviation over realizations (n-1)");
            w.attach(sd.get(), full + "_std", s.year.get(), kYear, 0);
            w.close(sd, "'" + full + "_std'");
        }
        w.close(s.quantile, "'/summary/quantile'");
        w.close(s.year, "'/summary/year'");
        w.close(g, "'/summary'");
    }

    // /inputs/<parameter> [sample]
    {
        H5Handle g = w.group(file, "inputs");
        Scales s = write_scales(w, g.get(), "/inputs", {.sample = true}, r, sample_index);
        for (const ResultInput& in : r.inputs) {
            const std::string full = "/inputs/" + in.name;
            H5Handle ds = w.doubles(g.get(), "inputs", in.name, {n}, in.values, in.units,
                                    "sampled global parameter " + in.name);
            w.attach(ds.get(), full, s.sample.get(), kSample, 0);
            w.close(ds, "'" + full + "'");
        }
        w.close(s.sample, "'/inputs/sample'");
        w.close(g, "'/inputs'");
    }
}

// ---------------------------------------------------------------------------
// Reader
// ---------------------------------------------------------------------------

// Deflate expands at most ~1032:1; a dataset cannot hold more logical bytes
// than this factor times what it stores (plus slack for tiny datasets).
constexpr std::uint64_t kMaxExpansion = 1100;
constexpr std::uint64_t kSlackBytes = 64 * 1024;
constexpr int kMaxRank = 32;

class Reader {
public:
    Reader(std::string path, std::uint64_t file_size) : path_(std::move(path)), file_size_(file_size) {}

    [[noreturn]] void bad(const std::string& problem) const {
        throw InputError("'" + path_ + "': " + problem);
    }
    [[noreturn]] void bad_hdf5(const std::string& problem) const {
        throw InputError(with_detail("'" + path_ + "': " + problem));
    }

    H5Handle open_group(hid_t parent, const std::string& name) const {
        const std::string full = "/" + name;
        if (H5Lexists(parent, name.c_str(), H5P_DEFAULT) <= 0) bad("group '" + full + "' is missing");
        H5Handle obj(H5Oopen(parent, name.c_str(), H5P_DEFAULT), H5Oclose);
        if (obj.get() < 0) bad_hdf5("cannot open '" + full + "'");
        if (H5Iget_type(obj.get()) != H5I_GROUP) bad("'" + full + "' is not a group");
        return obj;
    }

    // Opens group/name as a dataset; InputError naming the expected shape if
    // it is missing or not a dataset.
    H5Handle open_dataset(hid_t group, const std::string& full, const std::string& name,
                          const std::string& expected_shape) const {
        if (H5Lexists(group, name.c_str(), H5P_DEFAULT) <= 0) {
            bad("dataset '" + full + "' is missing (expected shape " + expected_shape + ")");
        }
        H5Handle obj(H5Oopen(group, name.c_str(), H5P_DEFAULT), H5Oclose);
        if (obj.get() < 0) bad_hdf5("cannot open dataset '" + full + "'");
        if (H5Iget_type(obj.get()) != H5I_DATASET) {
            bad("'" + full + "' is not a dataset (expected shape " + expected_shape + ")");
        }
        return obj;
    }
    H5Handle open_dataset(hid_t group, const std::string& full, const std::string& name,
                          const std::vector<Dim>& expected) const {
        return open_dataset(group, full, name, shape_text(expected));
    }

    std::vector<hsize_t> shape(hid_t ds, const std::string& full) const {
        H5Handle space(H5Dget_space(ds), H5Sclose);
        if (space.get() < 0) bad_hdf5("cannot read the shape of dataset '" + full + "'");
        const H5S_class_t kind = H5Sget_simple_extent_type(space.get());
        if (kind == H5S_SCALAR) return {};
        if (kind != H5S_SIMPLE) bad("dataset '" + full + "' has no data space");
        const int rank = H5Sget_simple_extent_ndims(space.get());
        if (rank < 0 || rank > kMaxRank) bad("dataset '" + full + "' has an invalid rank");
        std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
        if (H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr) != rank) {
            bad_hdf5("cannot read the shape of dataset '" + full + "'");
        }
        return dims;
    }

    void expect_shape(hid_t ds, const std::string& full, const std::vector<Dim>& expected) const {
        const std::vector<hsize_t> dims = shape(ds, full);
        bool ok = dims.size() == expected.size();
        for (std::size_t i = 0; ok && i < dims.size(); ++i) ok = dims[i] == expected[i].size;
        if (!ok) {
            bad("dataset '" + full + "' has shape " + shape_text(dims) + ", expected " +
                shape_text(expected));
        }
    }

    // Element count of a 1-D dataset (a dimension scale).
    hsize_t length_1d(hid_t ds, const std::string& full, const char* dim) const {
        const std::vector<hsize_t> dims = shape(ds, full);
        if (dims.size() != 1) {
            bad("dataset '" + full + "' has shape " + shape_text(dims) + ", expected [" + dim + "]");
        }
        return dims[0];
    }

    // Guards against a corrupt extent forcing a huge allocation.
    std::size_t checked_count(hid_t ds, const std::string& full, std::size_t element_size) const {
        const std::vector<hsize_t> dims = shape(ds, full);
        std::uint64_t count = 1;
        for (hsize_t d : dims) {
            if (d != 0 && count > std::numeric_limits<std::uint64_t>::max() / d) {
                bad("dataset '" + full + "' is impossibly large; the file is damaged");
            }
            count *= d;
        }
        if (count == 0) return 0;
        const std::uint64_t stored = std::min<std::uint64_t>(H5Dget_storage_size(ds), file_size_);
        const std::uint64_t limit = stored * kMaxExpansion + kSlackBytes;
        if (count > limit / element_size) {
            bad("dataset '" + full + "' claims " + std::to_string(count) + " values but stores only " +
                std::to_string(stored) + " bytes; the file is damaged");
        }
        return static_cast<std::size_t>(count);
    }

    template <class T>
    std::vector<T> read_numbers(hid_t ds, const std::string& full, hid_t memory_type) const {
        H5Handle type(H5Dget_type(ds), H5Tclose);
        if (type.get() < 0) bad_hdf5("cannot read the type of dataset '" + full + "'");
        const H5T_class_t cls = H5Tget_class(type.get());
        if (cls != H5T_INTEGER && cls != H5T_FLOAT) bad("dataset '" + full + "' does not hold numbers");
        std::vector<T> values(checked_count(ds, full, sizeof(T)));
        if (!values.empty() &&
            H5Dread(ds, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
            bad_hdf5("cannot read dataset '" + full + "'; the file is damaged");
        }
        return values;
    }

    std::vector<double> read_doubles(hid_t group, const std::string& group_name, const std::string& name,
                                     const std::vector<Dim>& expected) const {
        const std::string full = "/" + group_name + "/" + name;
        H5Handle ds = open_dataset(group, full, name, expected);
        expect_shape(ds.get(), full, expected);
        return read_numbers<double>(ds.get(), full, H5T_NATIVE_DOUBLE);
    }

    std::vector<std::string> read_strings(hid_t ds, const std::string& full) const {
        H5Handle type(H5Dget_type(ds), H5Tclose);
        if (type.get() < 0) bad_hdf5("cannot read the type of dataset '" + full + "'");
        if (H5Tget_class(type.get()) != H5T_STRING) bad("dataset '" + full + "' does not hold strings");
        H5Handle space(H5Dget_space(ds), H5Sclose);
        if (space.get() < 0) bad_hdf5("cannot read the shape of dataset '" + full + "'");
        const htri_t variable = H5Tis_variable_str(type.get());
        if (variable < 0) bad_hdf5("cannot read the type of dataset '" + full + "'");
        std::vector<std::string> out;
        if (variable > 0) {
            const std::size_t count = checked_count(ds, full, sizeof(char*));
            if (count == 0) return out;
            H5Handle memory(H5Tcopy(H5T_C_S1), H5Tclose);
            if (memory.get() < 0 || H5Tset_size(memory.get(), H5T_VARIABLE) < 0 ||
                H5Tset_cset(memory.get(), H5Tget_cset(type.get())) < 0) {
                bad_hdf5("cannot set up a string type for '" + full + "'");
            }
            std::vector<char*> raw(count, nullptr);
            if (H5Dread(ds, memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) < 0) {
                bad_hdf5("cannot read dataset '" + full + "'; the file is damaged");
            }
            out.reserve(count);
            for (char* s : raw) out.emplace_back(s != nullptr ? s : "");
            reclaim_vlen(memory.get(), space.get(), raw.data());
            return out;
        }
        const std::size_t size = H5Tget_size(type.get());
        if (size == 0) bad("dataset '" + full + "' has an invalid string type");
        const std::size_t count = checked_count(ds, full, size);
        if (count == 0) return out;
        H5Handle memory(H5Tcopy(type.get()), H5Tclose);
        if (memory.get() < 0 || H5Tset_strpad(memory.get(), H5T_STR_NULLPAD) < 0) {
            bad_hdf5("cannot set up a string type for '" + full + "'");
        }
        std::vector<char> raw(count * size, '\0');
        if (H5Dread(ds, memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) < 0) {
            bad_hdf5("cannot read dataset '" + full + "'; the file is damaged");
        }
        const bool space_padded = H5Tget_strpad(type.get()) == H5T_STR_SPACEPAD;
        for (std::size_t i = 0; i < count; ++i) {
            std::string s(raw.data() + i * size, size);
            s.resize(std::min(s.find('\0'), s.size()));
            if (space_padded) s.erase(s.find_last_not_of(' ') + 1);
            out.push_back(std::move(s));
        }
        return out;
    }

    // Opens an attribute holding exactly one value; nullopt when absent.
    std::optional<H5Handle> open_attribute(hid_t object, const std::string& object_name,
                                           const std::string& name) const {
        const htri_t exists = H5Aexists(object, name.c_str());
        if (exists < 0) bad_hdf5("cannot look up attribute '" + name + "' of '" + object_name + "'");
        if (exists == 0) return std::nullopt;
        H5Handle attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose);
        if (attribute.get() < 0) bad_hdf5("cannot open attribute '" + name + "' of '" + object_name + "'");
        H5Handle space(H5Aget_space(attribute.get()), H5Sclose);
        if (space.get() < 0) bad_hdf5("cannot open attribute '" + name + "' of '" + object_name + "'");
        const H5S_class_t kind = H5Sget_simple_extent_type(space.get());
        if (kind != H5S_SCALAR && !(kind == H5S_SIMPLE && H5Sget_simple_extent_npoints(space.get()) == 1)) {
            return std::nullopt;  // not a single value
        }
        return attribute;
    }

    // A string attribute (variable or fixed length); nullopt when absent or
    // not a single string.
    std::optional<std::string> string_attribute(hid_t object, const std::string& object_name,
                                                const std::string& name) const {
        std::optional<H5Handle> attribute = open_attribute(object, object_name, name);
        if (!attribute) return std::nullopt;
        const std::string what = "attribute '" + name + "' of '" + object_name + "'";
        H5Handle type(H5Aget_type(attribute->get()), H5Tclose);
        if (type.get() < 0) bad_hdf5("cannot read the type of " + what);
        if (H5Tget_class(type.get()) != H5T_STRING) return std::nullopt;
        const htri_t variable = H5Tis_variable_str(type.get());
        if (variable < 0) bad_hdf5("cannot read the type of " + what);
        if (variable > 0) {
            H5Handle memory(H5Tcopy(H5T_C_S1), H5Tclose);
            if (memory.get() < 0 || H5Tset_size(memory.get(), H5T_VARIABLE) < 0 ||
                H5Tset_cset(memory.get(), H5Tget_cset(type.get())) < 0) {
                bad_hdf5("cannot set up a string type for " + what);
            }
            char* raw = nullptr;
            if (H5Aread(attribute->get(), memory.get(), &raw) < 0) bad_hdf5("cannot read " + what);
            std::string value = raw != nullptr ? raw : "";
            H5Handle space(H5Aget_space(attribute->get()), H5Sclose);
            if (space.get() >= 0) reclaim_vlen(memory.get(), space.get(), &raw);
            return value;
        }
        const std::size_t size = H5Tget_size(type.get());
        const hsize_t stored = H5Aget_storage_size(attribute->get());
        if (size == 0 || size > stored * kMaxExpansion + kSlackBytes) bad(what + " is damaged");
        H5Handle memory(H5Tcopy(type.get()), H5Tclose);
        if (memory.get() < 0 || H5Tset_strpad(memory.get(), H5T_STR_NULLPAD) < 0) {
            bad_hdf5("cannot set up a string type for " + what);
        }
        std::string value(size, '\0');
        if (H5Aread(attribute->get(), memory.get(), value.data()) < 0) bad_hdf5("cannot read " + what);
        value.resize(std::min(value.find('\0'), value.size()));
        if (H5Tget_strpad(type.get()) == H5T_STR_SPACEPAD) value.erase(value.find_last_not_of(' ') + 1);
        return value;
    }

    std::string required_string(hid_t object, const std::string& object_name, const std::string& name) const {
        std::optional<std::string> value = string_attribute(object, object_name, name);
        if (!value) bad("attribute '" + name + "' of '" + object_name + "' is missing or not a string");
        return *value;
    }

    template <class T>
    T required_integer(hid_t object, const std::string& object_name, const std::string& name,
                       hid_t memory_type) const {
        std::optional<H5Handle> attribute = open_attribute(object, object_name, name);
        const std::string what = "attribute '" + name + "' of '" + object_name + "'";
        if (!attribute) bad(what + " is missing or not a single integer");
        H5Handle type(H5Aget_type(attribute->get()), H5Tclose);
        if (type.get() < 0) bad_hdf5("cannot read the type of " + what);
        if (H5Tget_class(type.get()) != H5T_INTEGER) bad(what + " is not an integer");
        T value{};
        if (H5Aread(attribute->get(), memory_type, &value) < 0) bad_hdf5("cannot read " + what);
        return value;
    }

    // Names of the datasets in `group` that are not dimension scales, in
    // creation order when the file tracks it, else in name order.
    std::vector<std::string> dataset_names(hid_t group, const std::string& group_name) const {
        struct Collected {
            std::vector<std::string> names;
        } collected;
        auto callback = [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
            auto* c = static_cast<Collected*>(data);
            c->names.emplace_back(name);
            return 0;
        };
        hsize_t index = 0;
        if (H5Literate(group, H5_INDEX_CRT_ORDER, H5_ITER_INC, &index, callback, &collected) < 0) {
            H5Eclear2(H5E_DEFAULT);
            collected.names.clear();
            index = 0;
            if (H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &index, callback, &collected) < 0) {
                bad_hdf5("cannot list group '/" + group_name + "'");
            }
        }
        std::vector<std::string> out;
        for (const std::string& name : collected.names) {
            if (is_reserved_name(name)) continue;
            H5Handle obj(H5Oopen(group, name.c_str(), H5P_DEFAULT), H5Oclose);
            if (obj.get() < 0) {
                H5Eclear2(H5E_DEFAULT);  // e.g. a dangling soft link: not ours, skip it
                continue;
            }
            if (H5Iget_type(obj.get()) != H5I_DATASET) continue;
            const htri_t scale = H5DSis_scale(obj.get());
            if (scale > 0) continue;
            out.push_back(name);
        }
        return out;
    }

    // Dataset names in the order of the root attribute `order_attribute`
    // (comma-separated), followed by any others found in the group.
    std::vector<std::string> ordered_names(hid_t root, hid_t group, const std::string& group_name,
                                           const std::string& order_attribute) const {
        std::vector<std::string> names;
        std::set<std::string> seen;
        if (std::optional<std::string> listed = string_attribute(root, "/", order_attribute)) {
            for (const std::string& name : split(*listed, ',')) {
                if (name.empty()) bad("attribute '" + order_attribute + "' of '/' contains an empty name");
                if (!seen.insert(name).second) {
                    bad("attribute '" + order_attribute + "' of '/' lists '" + name + "' twice");
                }
                names.push_back(name);
            }
        }
        for (const std::string& name : dataset_names(group, group_name)) {
            if (seen.insert(name).second) names.push_back(name);
        }
        return names;
    }

private:
    std::string path_;
    std::uint64_t file_size_;
};

htri_t is_hdf5_file(const char* path) {
#if H5_VERSION_GE(1, 12, 0)
    return H5Fis_accessible(path, H5P_DEFAULT);
#else
    return H5Fis_hdf5(path);
#endif
}

}  // namespace

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

void write_result_file(const std::string& path, const ResultFile& result) {
    silence_hdf5_errors();
    const Writer w(path);
    validate(w, result);
    const Destination dest = prepare_destination(path);

    // Build the whole file in memory (core driver, no backing store), then
    // write the image with plain POSIX calls. HDF5 1.10.8 cannot recover
    // from an I/O error: after a failed H5Fclose (disk full, file size
    // limit) it keeps a freed file in its ID table and crashes at process
    // exit (HDFFV-11052, fixed in 1.14.1). Keeping HDF5 away from the disk
    // turns every I/O failure into an ordinary errno we can report. The
    // price is memory: the compressed image is held twice (core buffer and
    // the copy from H5Fget_file_image) for a moment.
    std::unique_ptr<char[]> image;
    std::size_t image_size = 0;
    {
        H5Handle fcpl = w.handle(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "H5Pcreate(H5P_FILE_CREATE)");
        w.check(H5Pset_link_creation_order(fcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
                "H5Pset_link_creation_order('/')");
        w.check(H5Pset_attr_creation_order(fcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
                "H5Pset_attr_creation_order('/')");
        H5Handle fapl = w.handle(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "H5Pcreate(H5P_FILE_ACCESS)");
        w.check(H5Pset_fapl_core(fapl.get(), kCoreIncrement, 0), "H5Pset_fapl_core");
        // Strong close: if an exception leaves objects open, closing the
        // file still releases everything.
        w.check(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG), "H5Pset_fclose_degree");
        H5Handle file = w.handle(H5Fcreate(dest.temp.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()),
                                 H5Fclose, "H5Fcreate(in memory)");
        write_contents(w, file.get(), result);
        w.check(H5Fflush(file.get(), H5F_SCOPE_GLOBAL), "H5Fflush");
        const ssize_t size = H5Fget_file_image(file.get(), nullptr, 0);
        if (size <= 0) w.fail_hdf5("H5Fget_file_image(size)");
        image_size = static_cast<std::size_t>(size);
        image.reset(new char[image_size]);
        if (H5Fget_file_image(file.get(), image.get(), image_size) != size) w.fail_hdf5("H5Fget_file_image");
        w.check(file.close(), "H5Fclose(in memory)");
    }

    TempFileGuard guard(dest.temp);
    const int fd = ::open(dest.temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0) w.fail("cannot create '" + dest.temp + "': " + errno_text(errno));
    std::size_t done = 0;
    while (done < image_size) {
        const ssize_t n = ::write(fd, image.get() + done, image_size - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int err = n < 0 ? errno : EIO;
            ::close(fd);
            w.fail("write('" + dest.temp + "') failed: " + errno_text(err));
        }
        done += static_cast<std::size_t>(n);
    }
    image.reset();
    if (::fsync(fd) != 0) {
        const int err = errno;
        ::close(fd);
        w.fail("fsync('" + dest.temp + "') failed: " + errno_text(err));
    }
    if (::close(fd) != 0) w.fail("close('" + dest.temp + "') failed: " + errno_text(errno));
    if (std::rename(dest.temp.c_str(), path.c_str()) != 0) {
        w.fail("rename('" + dest.temp + "', '" + path + "') failed: " + errno_text(errno));
    }
    guard.release();
    sync_folder(dest.folder);  // best effort: the file is already in place
}

ResultFile read_result_file(const std::string& path) {
    silence_hdf5_errors();
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        const int err = errno;
        if (err == ENOENT || err == ENOTDIR) throw InputError("cannot open '" + path + "': no such file");
        throw InputError("cannot open '" + path + "': " + errno_text(err));
    }
    if (S_ISDIR(st.st_mode)) throw InputError("cannot open '" + path + "': it is a folder, not a file");
    {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            const int err = errno;
            throw InputError("cannot open '" + path + "': " + errno_text(err));
        }
        ::close(fd);
    }
    if (is_hdf5_file(path.c_str()) <= 0) {
        H5Eclear2(H5E_DEFAULT);
        throw InputError("'" + path + "' is not an HDF5 file");
    }
    const Reader rd(path, static_cast<std::uint64_t>(st.st_size));

    H5Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
    if (fapl.get() < 0 || H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG) < 0) {
        throw RuntimeFailure(with_detail("cannot read '" + path + "': H5Pcreate(H5P_FILE_ACCESS) failed"));
    }
    H5Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.get()), H5Fclose);
    if (file.get() < 0) {
        throw InputError(with_detail("'" + path + "' is not a readable HDF5 file"));
    }
    H5Handle root(H5Gopen2(file.get(), "/", H5P_DEFAULT), H5Gclose);
    if (root.get() < 0) rd.bad_hdf5("cannot open the root group");
    const hid_t g = root.get();

    const std::optional<std::string> format = rd.string_attribute(g, "/", "format");
    if (!format || *format != kFormat) {
        throw InputError("'" + path +
                         "' is not a tinyfleet result file (attribute 'format' is missing or not \"" +
                         kFormat + "\")");
    }
    const auto version = rd.required_integer<std::int64_t>(g, "/", "format_version", H5T_NATIVE_INT64);
    if (version != kFormatVersion) {
        rd.bad("unsupported format_version " + std::to_string(version) + " (this program reads version " +
               std::to_string(kFormatVersion) + ")");
    }

    ResultFile r;
    r.program_version = rd.required_string(g, "/", "program_version");
    r.scenario_name = rd.required_string(g, "/", "scenario_name");
    r.scenario_yaml = rd.required_string(g, "/", "scenario_yaml");
    r.scenario_overrides = rd.required_string(g, "/", "scenario_overrides");
    r.scenario_sha256 = rd.required_string(g, "/", "scenario_sha256");
    r.command_line = rd.required_string(g, "/", "command_line");
    r.created_utc = rd.required_string(g, "/", "created_utc");
    r.fleet_mode = rd.required_string(g, "/", "fleet_mode");
    r.seed = rd.required_integer<std::uint64_t>(g, "/", "seed", H5T_NATIVE_UINT64);
    r.samples = rd.required_integer<std::int64_t>(g, "/", "samples", H5T_NATIVE_INT64);
    if (r.samples < 0) rd.bad("attribute 'samples' of '/' is negative");

    // Coordinates (root dimension scales).
    hsize_t n = 0, y = 0, c = 0, q = 0;
    {
        H5Handle ds = rd.open_dataset(g, "/year", kYear, "[year]");
        y = rd.length_1d(ds.get(), "/year", kYear);
        r.years = rd.read_numbers<int>(ds.get(), "/year", H5T_NATIVE_INT);
    }
    {
        const std::vector<Dim> expected{{kSample, static_cast<hsize_t>(r.samples)}};
        H5Handle ds = rd.open_dataset(g, "/sample", kSample, expected);
        rd.expect_shape(ds.get(), "/sample", expected);
        n = static_cast<hsize_t>(r.samples);
    }
    {
        H5Handle ds = rd.open_dataset(g, "/quantile", kQuantile, "[quantile]");
        q = rd.length_1d(ds.get(), "/quantile", kQuantile);
        r.quantile_levels = rd.read_numbers<double>(ds.get(), "/quantile", H5T_NATIVE_DOUBLE);
    }
    {
        H5Handle ds = rd.open_dataset(g, "/class", kClass, "[class]");
        c = rd.length_1d(ds.get(), "/class", kClass);
        r.classes = rd.read_strings(ds.get(), "/class");
    }
    const Dim N{kSample, n}, Y{kYear, y}, C{kClass, c}, Q{kQuantile, q};

    // Metrics: /samples is authoritative, /by_class and /summary matched by name.
    H5Handle samples = rd.open_group(g, "samples");
    H5Handle by_class = rd.open_group(g, "by_class");
    H5Handle summary = rd.open_group(g, "summary");
    for (const std::string& name : rd.ordered_names(g, samples.get(), "samples", "metrics")) {
        ResultMetric m;
        m.name = name;
        {
            const std::string full = "/samples/" + name;
            H5Handle ds = rd.open_dataset(samples.get(), full, name, {N, Y});
            rd.expect_shape(ds.get(), full, {N, Y});
            m.units = rd.string_attribute(ds.get(), full, "units").value_or("");
            m.long_name = rd.string_attribute(ds.get(), full, "long_name").value_or("");
            m.totals = rd.read_numbers<double>(ds.get(), full, H5T_NATIVE_DOUBLE);
        }
        m.by_class = rd.read_doubles(by_class.get(), "by_class", name, {N, C, Y});
        m.quantiles = rd.read_doubles(summary.get(), "summary", name, {Q, Y});
        m.mean = rd.read_doubles(summary.get(), "summary", name + "_mean", {Y});
        m.std = rd.read_doubles(summary.get(), "summary", name + "_std", {Y});
        r.metrics.push_back(std::move(m));
    }

    H5Handle inputs = rd.open_group(g, "inputs");
    for (const std::string& name : rd.ordered_names(g, inputs.get(), "inputs", "inputs")) {
        ResultInput in;
        in.name = name;
        const std::string full = "/inputs/" + name;
        H5Handle ds = rd.open_dataset(inputs.get(), full, name, {N});
        rd.expect_shape(ds.get(), full, {N});
        in.units = rd.string_attribute(ds.get(), full, "units").value_or("");
        in.values = rd.read_numbers<double>(ds.get(), full, H5T_NATIVE_DOUBLE);
        r.inputs.push_back(std::move(in));
    }
    return r;
}

}  // namespace tinyfleet
