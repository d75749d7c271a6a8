#include "sim/analysis_file.h"

#include <fcntl.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "sim/input_error.h"
#include "sim/interrupt.h"

namespace tinyfleet {

namespace {

// Closes an HDF5 identifier with the given function when it goes out of scope.
struct Id {
    hid_t id = -1;
    herr_t (*close)(hid_t) = nullptr;
    Id(hid_t i, herr_t (*c)(hid_t)) : id(i), close(c) {}
    Id(const Id&) = delete;
    Id& operator=(const Id&) = delete;
    ~Id() {
        if (id >= 0 && close) close(id);
    }
    operator hid_t() const { return id; }
};

void check(bool ok, const std::string& what) {
    if (!ok) throw RuntimeFailure("error: writing the analysis file: " + what + " failed");
}

hid_t ordered_group_plist() {
    const hid_t p = H5Pcreate(H5P_GROUP_CREATE);
    check(p >= 0, "H5Pcreate");
    H5Pset_link_creation_order(p, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
    H5Pset_attr_creation_order(p, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
    H5Pset_obj_track_times(p, 0);
    return p;
}

void write_attribute(hid_t object, const AnalysisAttribute& a) {
    Id space(H5Screate(H5S_SCALAR), H5Sclose);
    if (a.kind == AnalysisAttribute::text_kind) {
        Id type(H5Tcopy(H5T_C_S1), H5Tclose);
        H5Tset_size(type, H5T_VARIABLE);
        H5Tset_cset(type, H5T_CSET_UTF8);
        Id attr(H5Acreate2(object, a.name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
        check(attr >= 0, "H5Acreate2('" + a.name + "')");
        const char* text = a.text.c_str();
        check(H5Awrite(attr, type, &text) >= 0, "H5Awrite('" + a.name + "')");
    } else if (a.kind == AnalysisAttribute::number_kind) {
        Id attr(H5Acreate2(object, a.name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
        check(attr >= 0 && H5Awrite(attr, H5T_NATIVE_DOUBLE, &a.number) >= 0, "attribute '" + a.name + "'");
    } else {
        Id attr(H5Acreate2(object, a.name.c_str(), H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
        check(attr >= 0 && H5Awrite(attr, H5T_NATIVE_INT64, &a.integer) >= 0, "attribute '" + a.name + "'");
    }
}

// Creates a dataset of `dims` with chunking (at most ~1 MiB per chunk) and
// shuffle + deflate for numeric data of more than one chunk's worth.
hid_t create_dataset(hid_t group, const std::string& name, hid_t file_type, const std::vector<hsize_t>& dims,
                     bool compress) {
    Id space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose);
    Id dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
    H5Pset_attr_creation_order(dcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
    H5Pset_obj_track_times(dcpl, 0);
    hsize_t total = 1;
    for (hsize_t d : dims) total *= d;
    if (compress && total > 4096) {
        std::vector<hsize_t> chunk = dims;
        hsize_t elements = total;
        for (std::size_t i = 0; i < chunk.size() && elements > (1u << 17); ++i) {
            elements /= chunk[i];
            chunk[i] = std::max<hsize_t>(1, (hsize_t(1) << 17) / std::max<hsize_t>(1, elements));
            chunk[i] = std::min(chunk[i], dims[i]);
            elements *= chunk[i];
        }
        H5Pset_chunk(dcpl, static_cast<int>(chunk.size()), chunk.data());
        H5Pset_shuffle(dcpl);
        H5Pset_deflate(dcpl, 1);
    }
    const hid_t ds = H5Dcreate2(group, name.c_str(), file_type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    check(ds >= 0, "H5Dcreate2('" + name + "')");
    return ds;
}

void write_strings(hid_t ds, const std::vector<std::string>& strings) {
    std::vector<const char*> pointers;
    for (const auto& s : strings) pointers.push_back(s.c_str());
    Id type(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(type, H5T_VARIABLE);
    H5Tset_cset(type, H5T_CSET_UTF8);
    check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()) >= 0, "H5Dwrite(strings)");
}

void write_group(hid_t file, const AnalysisGroup& g) {
    Id gcpl(ordered_group_plist(), H5Pclose);
    const bool root = g.name.empty();
    Id group(root ? H5Gopen2(file, "/", H5P_DEFAULT) : H5Gcreate2(file, g.name.c_str(), H5P_DEFAULT, gcpl, H5P_DEFAULT),
             H5Gclose);
    check(group >= 0, "group '" + g.name + "'");
    for (const auto& a : g.attributes) write_attribute(group, a);
    Id string_type(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(string_type, H5T_VARIABLE);
    H5Tset_cset(string_type, H5T_CSET_UTF8);

    std::vector<hid_t> scales;
    std::vector<Id*> owned;
    std::vector<std::unique_ptr<Id>> keep;
    for (const AnalysisCoordinate& c : g.dimensions) {
        const std::vector<hsize_t> dims = {static_cast<hsize_t>(c.size())};
        hid_t type = !c.strings.empty() ? hid_t(string_type) : !c.integers.empty() ? H5T_STD_I64LE : H5T_IEEE_F64LE;
        keep.push_back(std::make_unique<Id>(create_dataset(group, c.name, type, dims, false), H5Dclose));
        const hid_t ds = *keep.back();
        if (!c.strings.empty()) write_strings(ds, c.strings);
        else if (!c.integers.empty())
            check(H5Dwrite(ds, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, c.integers.data()) >= 0, "H5Dwrite");
        else check(H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, c.numbers.data()) >= 0, "H5Dwrite");
        if (!c.units.empty()) write_attribute(ds, text_attribute("units", c.units));
        if (!c.long_name.empty()) write_attribute(ds, text_attribute("long_name", c.long_name));
        check(H5DSset_scale(ds, c.name.c_str()) >= 0, "H5DSset_scale('" + c.name + "')");
        scales.push_back(ds);
    }
    std::string auxiliary;
    for (const AnalysisVariable& v : g.variables)
        if (v.auxiliary_coordinate) auxiliary += (auxiliary.empty() ? "" : " ") + v.name;

    for (const AnalysisVariable& v : g.variables) {
        std::vector<hsize_t> dims;
        std::vector<std::size_t> scale_index;
        hsize_t total = 1;
        for (const auto& name : v.dims) {
            std::size_t k = 0;
            while (k < g.dimensions.size() && g.dimensions[k].name != name) ++k;
            if (k == g.dimensions.size())
                throw std::invalid_argument("variable '" + v.name + "' uses unknown dimension '" + name + "'");
            dims.push_back(static_cast<hsize_t>(g.dimensions[k].size()));
            scale_index.push_back(k);
            total *= dims.back();
        }
        const bool text = !v.strings.empty();
        if ((text ? v.strings.size() : v.numbers.size()) != total)
            throw std::invalid_argument("variable '" + v.name + "' has the wrong number of values");
        Id ds(create_dataset(group, v.name, text ? hid_t(string_type) : H5T_IEEE_F64LE, dims, !text), H5Dclose);
        if (text) write_strings(ds, v.strings);
        else check(H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.numbers.data()) >= 0,
                   "H5Dwrite('" + v.name + "')");
        if (!v.units.empty()) write_attribute(ds, text_attribute("units", v.units));
        if (!v.long_name.empty()) write_attribute(ds, text_attribute("long_name", v.long_name));
        if (!v.auxiliary_coordinate && !auxiliary.empty()) write_attribute(ds, text_attribute("coordinates", auxiliary));
        for (std::size_t i = 0; i < scale_index.size(); ++i)
            check(H5DSattach_scale(ds, scales[scale_index[i]], static_cast<unsigned>(i)) >= 0,
                  "H5DSattach_scale('" + v.name + "')");
    }
}

}  // namespace

AnalysisAttribute text_attribute(std::string name, std::string value) {
    AnalysisAttribute a;
    a.name = std::move(name);
    a.text = std::move(value);
    return a;
}
AnalysisAttribute number_attribute(std::string name, double value) {
    AnalysisAttribute a;
    a.name = std::move(name);
    a.number = value;
    a.kind = AnalysisAttribute::number_kind;
    return a;
}
AnalysisAttribute integer_attribute(std::string name, std::int64_t value) {
    AnalysisAttribute a;
    a.name = std::move(name);
    a.integer = value;
    a.kind = AnalysisAttribute::integer_kind;
    return a;
}

void write_analysis_file(const std::string& path, const AnalysisFile& f) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    std::vector<unsigned char> image;
    {
        Id fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
        check(H5Pset_fapl_core(fapl, 1 << 20, 0) >= 0, "H5Pset_fapl_core");
        Id fcpl(H5Pcreate(H5P_FILE_CREATE), H5Pclose);
        H5Pset_link_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
        H5Pset_attr_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
        H5Pset_obj_track_times(fcpl, 0);
        Id file(H5Fcreate("analysis-in-memory.h5", H5F_ACC_TRUNC, fcpl, fapl), H5Fclose);
        check(file >= 0, "H5Fcreate (in memory)");
        {
            Id root(H5Gopen2(file, "/", H5P_DEFAULT), H5Gclose);
            for (const auto& a : f.attributes) write_attribute(root, a);
        }
        for (const AnalysisGroup& g : f.groups) write_group(file, g);
        check(H5Fflush(file, H5F_SCOPE_GLOBAL) >= 0, "H5Fflush");
        const ssize_t size = H5Fget_file_image(file, nullptr, 0);
        check(size > 0, "H5Fget_file_image");
        image.resize(static_cast<std::size_t>(size));
        check(H5Fget_file_image(file, image.data(), image.size()) == size, "H5Fget_file_image");
    }
    namespace fs = std::filesystem;
    const fs::path target(path);
    const std::string temp = (target.parent_path() / ("." + target.filename().string() + ".tmp-" +
                                                      std::to_string(getpid()))).string();
    remember_temporary_file(temp.c_str());
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        forget_temporary_file();
        throw RuntimeFailure("error: cannot create '" + temp + "': " + std::strerror(errno));
    }
    std::size_t done = 0;
    int err = 0;
    while (done < image.size()) {
        const ssize_t n = ::write(fd, image.data() + done, image.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            err = errno;
            break;
        }
        done += static_cast<std::size_t>(n);
    }
    if (err == 0 && ::fsync(fd) != 0) err = errno;
    if (::close(fd) != 0 && err == 0) err = errno;
    if (err == 0 && std::rename(temp.c_str(), path.c_str()) != 0) err = errno;
    if (err != 0) {
        std::remove(temp.c_str());
        forget_temporary_file();
        throw RuntimeFailure("error: writing '" + path + "' failed: " + std::strerror(err));
    }
    forget_temporary_file();
}

}  // namespace tinyfleet
