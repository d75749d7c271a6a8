// Reader of the result file (layout in sim/io/result_file.h): every object is
// checked before it is used, so a damaged or foreign file is an InputError
// naming the file and the object, never a crash or a huge allocation.
// Optional parts (older files lack them): the root attribute model_notes and
// the groups /payback and /cohort_error (exact-mode files lack the latter
// too); they are left empty when absent but rejected when present and
// malformed.
#include "sim/io/result_file.h"

#include <hdf5.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <set>

#include "sim/engine/input_error.h"
#include "sim/io/hdf5_handle.h"
#include "sim/io/regular_file.h"
#include "sim/io/result_layout.h"

namespace tinyfleet {

namespace {

using namespace result_layout;

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
        throw InputError(with_hdf5_detail("'" + path_ + "': " + problem));
    }

    H5Handle open_group(hid_t parent, const std::string& name) const {
        const std::string full = "/" + name;
        if (H5Lexists(parent, name.c_str(), H5P_DEFAULT) <= 0) bad("group '" + full + "' is missing");
        H5Handle obj(H5Oopen(parent, name.c_str(), H5P_DEFAULT), H5Oclose);
        if (obj.get() < 0) bad_hdf5("cannot open '" + full + "'");
        if (H5Iget_type(obj.get()) != H5I_GROUP) bad("'" + full + "' is not a group");
        return obj;
    }

    // A group that older files lack: nullopt when absent, else as open_group.
    std::optional<H5Handle> open_optional_group(hid_t parent, const std::string& name) const {
        const htri_t exists = H5Lexists(parent, name.c_str(), H5P_DEFAULT);
        if (exists < 0) bad_hdf5("cannot look up group '/" + name + "'");
        if (exists == 0) return std::nullopt;
        return open_group(parent, name);
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

    bool has_attribute(hid_t object, const std::string& object_name, const std::string& name) const {
        const htri_t exists = H5Aexists(object, name.c_str());
        if (exists < 0) bad_hdf5("cannot look up attribute '" + name + "' of '" + object_name + "'");
        return exists > 0;
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

    // A string attribute that older files lack: empty when absent, InputError
    // when present but not a single string.
    std::string optional_string(hid_t object, const std::string& object_name, const std::string& name) const {
        const htri_t exists = H5Aexists(object, name.c_str());
        if (exists < 0) bad_hdf5("cannot look up attribute '" + name + "' of '" + object_name + "'");
        if (exists == 0) return {};
        std::optional<std::string> value = string_attribute(object, object_name, name);
        if (!value) bad("attribute '" + name + "' of '" + object_name + "' is not a single string");
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
            // A dimension scale has CLASS = "DIMENSION_SCALE". Read here with the
            // checked string reader rather than H5DSis_scale: HDF5 1.10.8's
            // H5DSis_scale overflows its buffer on a CLASS attribute holding an
            // array of strings (found by tests/fuzz/fuzz_result_file).
            const std::string full = "/" + group_name + "/" + name;
            if (string_attribute(obj.get(), full, "CLASS") == std::optional<std::string>("DIMENSION_SCALE")) continue;
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
        if (group < 0) return names;  // the attribute alone
        for (const std::string& name : dataset_names(group, group_name)) {
            if (seen.insert(name).second) names.push_back(name);
        }
        return names;
    }

private:
    std::string path_;
    std::uint64_t file_size_;
};

// The size of `path` once it is known to be a readable HDF5 file; InputError
// naming what it is otherwise.
std::uint64_t check_readable_hdf5(const std::string& path) {
    const std::uint64_t size = regular_file_size(path);
    // O_NONBLOCK: should a FIFO replace the file after the check, open does not wait for a writer.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        throw InputError("cannot open '" + path + "': " + std::strerror(err));
    }
    ::close(fd);
    if (is_hdf5_file(path) <= 0) {
        H5Eclear2(H5E_DEFAULT);
        throw InputError("'" + path + "' is not an HDF5 file");
    }
    return size;
}

H5Handle open_read_only(const std::string& path) {
    require_hdf5_memory("cannot read '" + path + "'");
    H5Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
    // Strong close: an exception leaving objects open still releases the file.
    if (fapl.get() < 0 || H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG) < 0) {
        throw RuntimeFailure(with_hdf5_detail("cannot read '" + path + "': H5Pcreate(H5P_FILE_ACCESS) failed"));
    }
    H5Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.get()), H5Fclose);
    if (file.get() < 0) throw InputError(with_hdf5_detail("'" + path + "' is not a readable HDF5 file"));
    return file;
}

// The file's format_version: this program reads versions 1 and 2.
std::int64_t check_format(const Reader& rd, hid_t g, const std::string& path) {
    const std::optional<std::string> format = rd.string_attribute(g, "/", "format");
    if (!format || *format != kFormat) {
        throw InputError("'" + path + "' is not a tinyfleet result file (attribute 'format' is missing or not \"" +
                         kFormat + "\")");
    }
    const auto version = rd.required_integer<std::int64_t>(g, "/", "format_version", H5T_NATIVE_INT64);
    if (version < kOldestReadableVersion || version > kFormatVersion) {
        rd.bad("unsupported format_version " + std::to_string(version) + " (this program reads versions " +
               std::to_string(kOldestReadableVersion) + " to " + std::to_string(kFormatVersion) + ")");
    }
    return version;
}

// Version 1 named the class dimension "class".
const char* class_name(std::int64_t version) { return version == 1 ? kClassVersion1 : kClass; }

// A variable's units: version 2 stores the UDUNITS-2 spelling in "units" and
// the project's unit in "tinyfleet_units"; version 1 only the latter, as "units".
void read_units(const Reader& rd, hid_t ds, const std::string& full, std::int64_t version, std::string& units,
                std::string& cf_units, std::string& label) {
    const std::string stored = rd.string_attribute(ds, full, "units").value_or("");
    if (version == 1) {
        units = stored;
        return;
    }
    cf_units = stored;
    units = rd.string_attribute(ds, full, "tinyfleet_units").value_or(stored);
    label = rd.string_attribute(ds, full, "label").value_or("");
}

void read_root_attributes(const Reader& rd, hid_t g, RunResult& r) {
    r.program_version = rd.required_string(g, "/", "program_version");
    // Absent in files written before provenance was recorded.
    r.program_commit = rd.optional_string(g, "/", "program_commit");
    r.build_type = rd.optional_string(g, "/", "build_type");
    r.data_sha256 = rd.optional_string(g, "/", "data_sha256");
    r.scenario_name = rd.required_string(g, "/", "scenario_name");
    r.scenario_yaml = rd.required_string(g, "/", "scenario_yaml");
    r.scenario_overrides = rd.required_string(g, "/", "scenario_overrides");
    r.scenario_sha256 = rd.required_string(g, "/", "scenario_sha256");
    r.command_line = rd.required_string(g, "/", "command_line");
    r.created_utc = rd.required_string(g, "/", "created_utc");
    r.fleet_mode = rd.required_string(g, "/", "fleet_mode");
    r.model_notes = rd.optional_string(g, "/", "model_notes");  // absent before model_notes existed
    if (rd.has_attribute(g, "/", "common_random_numbers")) {  // absent before the setting was recorded
        const auto crn = rd.required_integer<std::int64_t>(g, "/", "common_random_numbers", H5T_NATIVE_INT64);
        if (crn != 0 && crn != 1)
            rd.bad("attribute 'common_random_numbers' of '/' is " + std::to_string(crn) + ", not 0 or 1");
        r.common_random_numbers = crn == 1;
    }
    const std::string stored = rd.optional_string(g, "/", "stored");  // absent in version 1: all
    if (stored != "" && stored != kStoredAll && stored != kStoredSummary)
        rd.bad("attribute 'stored' of '/' is '" + stored + "', not '" + kStoredAll + "' or '" + kStoredSummary + "'");
    r.summary_only = stored == kStoredSummary;
    r.seed = rd.required_integer<std::uint64_t>(g, "/", "seed", H5T_NATIVE_UINT64);
    r.samples = rd.required_integer<std::int64_t>(g, "/", "samples", H5T_NATIVE_INT64);
    if (r.samples < 0) rd.bad("attribute 'samples' of '/' is negative");
}

// Shard attributes: all four or none (complete results).
void read_shard(const Reader& rd, hid_t g, RunResult& r) {
    if (!rd.has_attribute(g, "/", "shard_index")) return;
    RunResult::Shard sh;
    sh.index = rd.required_integer<std::int64_t>(g, "/", "shard_index", H5T_NATIVE_INT64);
    sh.count = rd.required_integer<std::int64_t>(g, "/", "shard_count", H5T_NATIVE_INT64);
    sh.first = rd.required_integer<std::int64_t>(g, "/", "shard_first", H5T_NATIVE_INT64);
    sh.run_samples = rd.required_integer<std::int64_t>(g, "/", "run_samples", H5T_NATIVE_INT64);
    if (sh.count < 1 || sh.index < 0 || sh.index >= sh.count || sh.first < 0 || sh.run_samples < 0 ||
        sh.first > sh.run_samples || r.samples > sh.run_samples - sh.first)
        rd.bad("inconsistent shard attributes (shard_index " + std::to_string(sh.index) + ", shard_count " +
               std::to_string(sh.count) + ", shard_first " + std::to_string(sh.first) + ", run_samples " +
               std::to_string(sh.run_samples) + ", samples " + std::to_string(r.samples) + ")");
    r.shard = sh;
}

// The four dimensions, sized as the file's root dimension scales are.
struct Dimensions {
    Dim N, Y, C, Q;
};

// Values a result holds are finite: a NaN or infinity is a damaged or edited
// file, never a result (the invariants refuse to write one). Payback times
// and breakeven years may be +infinity ("never"), and nothing else that is
// not finite.
void require_finite(const Reader& rd, const std::vector<double>& values, const std::string& full,
                    bool infinity_means_never = false) {
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double v = values[i];
        if (std::isfinite(v) || (infinity_means_never && v == std::numeric_limits<double>::infinity())) continue;
        rd.bad("dataset '" + full + "' holds " + (std::isnan(v) ? "NaN" : v > 0 ? "+inf" : "-inf") +
               " at element " + std::to_string(i) + "; a result holds finite numbers" +
               (infinity_means_never ? " (or +inf for never)" : "") + ": the file is damaged or was edited");
    }
}

// The coordinates index the data: years strictly increasing, quantile levels
// probabilities, class names distinct, and the sample coordinate the
// realization indices the file claims (first, first + 1, ...: 0 for a
// complete result, shard_first for a shard).
void require_consistent_coordinates(const Reader& rd, const RunResult& r, const std::vector<std::int64_t>& sample,
                                    const std::string& class_path) {
    for (std::size_t i = 1; i < r.years.size(); ++i)
        if (r.years[i] <= r.years[i - 1])
            rd.bad("dataset '/year' is not increasing (" + std::to_string(r.years[i - 1]) + " then " +
                   std::to_string(r.years[i]) + " at element " + std::to_string(i) + ")");
    for (std::size_t i = 0; i < r.quantile_levels.size(); ++i)
        if (!(r.quantile_levels[i] >= 0.0 && r.quantile_levels[i] <= 1.0))
            rd.bad("dataset '/quantile' holds " + std::to_string(r.quantile_levels[i]) + " at element " +
                   std::to_string(i) + "; quantile levels are probabilities in [0, 1]");
    for (std::size_t i = 0; i < r.classes.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (r.classes[i] == r.classes[j])
                rd.bad("dataset '" + class_path + "' names class '" + r.classes[i] + "' twice (elements " + std::to_string(j) +
                       " and " + std::to_string(i) + ")");
    const std::int64_t first = r.shard ? r.shard->first : 0;
    for (std::size_t i = 0; i < sample.size(); ++i)
        if (sample[i] != first + static_cast<std::int64_t>(i))
            rd.bad("dataset '/sample' holds realization " + std::to_string(sample[i]) + " at element " +
                   std::to_string(i) + ", but the file claims realizations " + std::to_string(first) + "-" +
                   std::to_string(first + r.samples - 1) +
                   (r.shard ? " (shard_first " + std::to_string(first) + ")" : "") + "; the file is damaged or was edited");
}

Dimensions read_coordinates(const Reader& rd, hid_t g, RunResult& r, std::int64_t version) {
    const char* klass = class_name(version);
    const std::string class_path = std::string("/") + klass;
    hsize_t n = 0, y = 0, c = 0, q = 0;
    std::vector<std::int64_t> sample;
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
        sample = rd.read_numbers<std::int64_t>(ds.get(), "/sample", H5T_NATIVE_INT64);
    }
    {
        H5Handle ds = rd.open_dataset(g, "/quantile", kQuantile, "[quantile]");
        q = rd.length_1d(ds.get(), "/quantile", kQuantile);
        r.quantile_levels = rd.read_numbers<double>(ds.get(), "/quantile", H5T_NATIVE_DOUBLE);
    }
    {
        H5Handle ds = rd.open_dataset(g, class_path, klass, "[" + std::string(klass) + "]");
        c = rd.length_1d(ds.get(), class_path, klass);
        r.classes = rd.read_strings(ds.get(), class_path);
    }
    // The classes' labels, when the file has them (written since labels
    // existed; one per class).
    const htri_t has_labels = H5Lexists(g, kClassLabel, H5P_DEFAULT);
    if (has_labels < 0) rd.bad_hdf5(std::string("cannot look up dataset '/") + kClassLabel + "'");
    if (has_labels > 0) {
        const std::string label_path = std::string("/") + kClassLabel;
        const std::vector<Dim> expected{{klass, c}};
        H5Handle ds = rd.open_dataset(g, label_path, kClassLabel, expected);
        rd.expect_shape(ds.get(), label_path, expected);
        r.class_labels = rd.read_strings(ds.get(), label_path);
    }
    require_consistent_coordinates(rd, r, sample, class_path);
    return {{kSample, n}, {kYear, y}, {klass, c}, {kQuantile, q}};
}

// Metrics: /samples is authoritative, /by_class and /summary matched by
// name. A summary-only file has neither /samples nor /by_class: the root
// attribute "metrics" names them, /summary holds them.
void read_metrics(const Reader& rd, hid_t g, const Dimensions& d, RunResult& r, std::int64_t version) {
    H5Handle summary = rd.open_group(g, "summary");
    if (r.summary_only) {
        for (const std::string& name : rd.ordered_names(g, -1, "summary", "metrics")) {
            ResultMetric m;
            m.name = name;
            const std::string full = "/summary/" + name;
            H5Handle ds = rd.open_dataset(summary.get(), full, name, {d.Q, d.Y});
            rd.expect_shape(ds.get(), full, {d.Q, d.Y});
            read_units(rd, ds.get(), full, version, m.units, m.cf_units, m.label);
            m.long_name = rd.string_attribute(ds.get(), full, "long_name").value_or("");
            const std::string quantiles = ", quantiles";  // the writer's suffix
            if (m.long_name.size() > quantiles.size() &&
                m.long_name.compare(m.long_name.size() - quantiles.size(), quantiles.size(), quantiles) == 0)
                m.long_name.resize(m.long_name.size() - quantiles.size());
            m.quantiles = rd.read_numbers<double>(ds.get(), full, H5T_NATIVE_DOUBLE);
            m.mean = rd.read_doubles(summary.get(), "summary", name + "_mean", {d.Y});
            m.std = rd.read_doubles(summary.get(), "summary", name + "_std", {d.Y});
            require_finite(rd, m.quantiles, full);
            require_finite(rd, m.mean, full + "_mean");
            require_finite(rd, m.std, full + "_std");
            r.metrics.push_back(std::move(m));
        }
        if (r.metrics.empty()) rd.bad("a summary-only file names no metrics (root attribute 'metrics')");
        return;
    }
    H5Handle samples = rd.open_group(g, "samples");
    H5Handle by_class = rd.open_group(g, "by_class");
    for (const std::string& name : rd.ordered_names(g, samples.get(), "samples", "metrics")) {
        ResultMetric m;
        m.name = name;
        {
            const std::string full = "/samples/" + name;
            H5Handle ds = rd.open_dataset(samples.get(), full, name, {d.N, d.Y});
            rd.expect_shape(ds.get(), full, {d.N, d.Y});
            read_units(rd, ds.get(), full, version, m.units, m.cf_units, m.label);
            m.long_name = rd.string_attribute(ds.get(), full, "long_name").value_or("");
            m.totals = rd.read_numbers<double>(ds.get(), full, H5T_NATIVE_DOUBLE);
        }
        m.by_class = rd.read_doubles(by_class.get(), "by_class", name, {d.N, d.C, d.Y});
        m.quantiles = rd.read_doubles(summary.get(), "summary", name, {d.Q, d.Y});
        m.mean = rd.read_doubles(summary.get(), "summary", name + "_mean", {d.Y});
        m.std = rd.read_doubles(summary.get(), "summary", name + "_std", {d.Y});
        require_finite(rd, m.totals, "/samples/" + name);
        require_finite(rd, m.by_class, "/by_class/" + name);
        require_finite(rd, m.quantiles, "/summary/" + name);
        require_finite(rd, m.mean, "/summary/" + name + "_mean");
        require_finite(rd, m.std, "/summary/" + name + "_std");
        r.metrics.push_back(std::move(m));
    }
}

void read_inputs(const Reader& rd, hid_t g, const Dimensions& d, RunResult& r, std::int64_t version) {
    H5Handle inputs = rd.open_group(g, "inputs");
    for (const std::string& name : rd.ordered_names(g, inputs.get(), "inputs", "inputs")) {
        ResultInput in;
        in.name = name;
        const std::string full = "/inputs/" + name;
        H5Handle ds = rd.open_dataset(inputs.get(), full, name, {d.N});
        rd.expect_shape(ds.get(), full, {d.N});
        read_units(rd, ds.get(), full, version, in.units, in.cf_units, in.label);
        if (version > 1) in.long_name = rd.string_attribute(ds.get(), full, "long_name").value_or("");
        in.values = rd.read_numbers<double>(ds.get(), full, H5T_NATIVE_DOUBLE);
        require_finite(rd, in.values, full);
        r.inputs.push_back(std::move(in));
    }
}

// /payback/years [sample, class]: absent in older files and in results
// without payback data (payback_years stays empty). Its mean_lifetime_years
// beside it is absent in older files (mean_lifetime_years stays empty); a
// lifetime is finite and >= 0.
void read_payback(const Reader& rd, hid_t g, const Dimensions& d, RunResult& r, std::int64_t version) {
    std::optional<H5Handle> payback = rd.open_optional_group(g, "payback");
    if (!payback) return;
    r.payback_years = rd.read_doubles(payback->get(), "payback", "years", {d.N, d.C});
    if (H5Lexists(payback->get(), kMeanLifetime, H5P_DEFAULT) > 0) {
        r.mean_lifetime_years = rd.read_doubles(payback->get(), "payback", kMeanLifetime, {d.N, d.C});
        require_finite(rd, r.mean_lifetime_years, kMeanLifetimePath);
        for (std::size_t i = 0; i < r.mean_lifetime_years.size(); ++i)
            if (r.mean_lifetime_years[i] < 0)
                rd.bad(std::string("dataset '") + kMeanLifetimePath + "' holds " +
                       std::to_string(r.mean_lifetime_years[i]) + " at element " + std::to_string(i) +
                       "; a lifetime is >= 0: the file is damaged or was edited");
    }
    if (H5Lexists(payback->get(), "fleet_breakeven_year", H5P_DEFAULT) > 0)
        r.breakeven_year = rd.read_doubles(payback->get(), "payback", "fleet_breakeven_year", {d.N});
    if (version > 1) {  // "never" is stored as the fill value
        for (std::vector<double>* v : {&r.payback_years, &r.breakeven_year})
            for (double& x : *v)
                if (x == kNeverFill) x = std::numeric_limits<double>::infinity();
    }
    require_finite(rd, r.payback_years, "/payback/years", true);
    require_finite(rd, r.breakeven_year, "/payback/fleet_breakeven_year", true);
}

// /cohort_error/relative_error [sample, class, quantity] and its coordinate
// /cohort_error/quantity: absent in exact-mode and older files
// (mean_term_error stays empty). An error estimate is a size: finite, >= 0.
void read_cohort_error(const Reader& rd, hid_t g, const Dimensions& d, RunResult& r) {
    std::optional<H5Handle> group = rd.open_optional_group(g, kCohortErrorGroup);
    if (!group) return;
    const std::string quantity_path = std::string("/") + kCohortErrorGroup + "/" + kQuantity;
    {
        H5Handle ds = rd.open_dataset(group->get(), quantity_path, kQuantity, "[quantity]");
        rd.length_1d(ds.get(), quantity_path, kQuantity);
        r.mean_term_quantities = rd.read_strings(ds.get(), quantity_path);
    }
    if (r.mean_term_quantities.empty()) rd.bad("dataset '" + quantity_path + "' is empty; the file is damaged");
    for (std::size_t i = 0; i < r.mean_term_quantities.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (r.mean_term_quantities[i] == r.mean_term_quantities[j])
                rd.bad("dataset '" + quantity_path + "' names '" + r.mean_term_quantities[i] + "' twice");
    const Dim k{kQuantity, r.mean_term_quantities.size()};
    r.mean_term_error = rd.read_doubles(group->get(), kCohortErrorGroup, kRelativeError, {d.N, d.C, k});
    require_finite(rd, r.mean_term_error, kCohortErrorPath);
    for (std::size_t i = 0; i < r.mean_term_error.size(); ++i)
        if (r.mean_term_error[i] < 0)
            rd.bad(std::string("dataset '") + kCohortErrorPath + "' holds " + std::to_string(r.mean_term_error[i]) +
                   " at element " + std::to_string(i) +
                   "; an error estimate is >= 0: the file is damaged or was edited");
}

}  // namespace

RunResult read_result_file(const std::string& path) {
    prepare_hdf5("cannot read '" + path + "'");
    const Reader rd(path, check_readable_hdf5(path));
    H5Handle file = open_read_only(path);
    H5Handle root(H5Gopen2(file.get(), "/", H5P_DEFAULT), H5Gclose);
    if (root.get() < 0) rd.bad_hdf5("cannot open the root group");
    const hid_t g = root.get();

    const std::int64_t version = check_format(rd, g, path);
    RunResult r;
    read_root_attributes(rd, g, r);
    read_shard(rd, g, r);
    const Dimensions d = read_coordinates(rd, g, r, version);
    read_metrics(rd, g, d, r, version);
    read_inputs(rd, g, d, r, version);
    read_payback(rd, g, d, r, version);
    read_cohort_error(rd, g, d, r);
    return r;
}

}  // namespace tinyfleet
