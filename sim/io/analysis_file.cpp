#include "sim/io/analysis_file.h"

#include <fcntl.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "sim/engine/input_error.h"
#include "sim/parallel/interrupt.h"

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
        const bool text = !v.strings.empty(), whole = !v.unsigned_integers.empty();
        if (v.size() != total || (text && whole) || (v.numbers.size() != 0 && (text || whole)))
            throw std::invalid_argument("variable '" + v.name + "' has the wrong number of values");
        const hid_t file_type = text ? hid_t(string_type) : whole ? H5T_STD_U64LE : H5T_IEEE_F64LE;
        Id ds(create_dataset(group, v.name, file_type, dims, !text), H5Dclose);
        if (text) write_strings(ds, v.strings);
        else if (whole)
            check(H5Dwrite(ds, H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.unsigned_integers.data()) >= 0,
                  "H5Dwrite('" + v.name + "')");
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

// ---------------------------------------------------------------------------
// Reading (the inverse of the writer above, for the layouts it produces).

namespace {

herr_t reclaim_strings(hid_t type, hid_t space, void* buffer) {
#if H5_VERSION_GE(1, 12, 0)
    return H5Treclaim(type, space, H5P_DEFAULT, buffer);
#else
    return H5Dvlen_reclaim(type, space, H5P_DEFAULT, buffer);  // H5Treclaim is not exported by 1.10.8
#endif
}

class AnalysisReader {
public:
    explicit AnalysisReader(std::string path) : path_(std::move(path)) {
        std::error_code ec;
        const std::uintmax_t size = std::filesystem::file_size(path_, ec);
        file_size_ = ec ? 0 : static_cast<std::uint64_t>(size);
    }

    [[noreturn]] void bad(const std::string& where, const std::string& what) const {
        H5Eclear2(H5E_DEFAULT);
        throw InputError("'" + path_ + "': " + where + ": " + what);
    }

    // Attributes of `object` in creation order, except those HDF5's
    // dimension-scale machinery keeps (CLASS, NAME, REFERENCE_LIST, DIMENSION_LIST).
    std::vector<AnalysisAttribute> attributes(hid_t object, const std::string& where) const {
        std::vector<std::string> names;
        auto collect = [](hid_t, const char* name, const H5A_info_t*, void* data) -> herr_t {
            static_cast<std::vector<std::string>*>(data)->emplace_back(name);
            return 0;
        };
        hsize_t at = 0;
        if (H5Aiterate2(object, H5_INDEX_CRT_ORDER, H5_ITER_INC, &at, collect, &names) < 0) {
            H5Eclear2(H5E_DEFAULT);
            names.clear();
            at = 0;
            if (H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, &at, collect, &names) < 0)
                bad(where, "cannot list attributes");
        }
        std::vector<AnalysisAttribute> out;
        for (const std::string& name : names) {
            if (name == "CLASS" || name == "NAME" || name == "REFERENCE_LIST" || name == "DIMENSION_LIST") continue;
            out.push_back(attribute(object, where, name));
        }
        return out;
    }

    AnalysisAttribute attribute(hid_t object, const std::string& where, const std::string& name) const {
        const std::string here = where + " attribute '" + name + "'";
        Id attr(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose);
        if (attr < 0) bad(here, "cannot open");
        Id space(H5Aget_space(attr), H5Sclose);
        if (space < 0 || H5Sget_simple_extent_npoints(space) != 1) bad(here, "expected a single value");
        Id type(H5Aget_type(attr), H5Tclose);
        switch (H5Tget_class(type)) {
        case H5T_STRING: {
            if (H5Tis_variable_str(type) <= 0) {  // fixed length, e.g. the CLASS of a dimension scale
                const std::size_t size = H5Tget_size(type);
                if (size == 0 || size > (1u << 20)) bad(here, "expected a string of at most 1 MiB");
                std::string text(size, '\0');
                if (H5Aread(attr, type, text.data()) < 0) bad(here, "cannot read");
                return text_attribute(name, text.substr(0, text.find('\0')));
            }
            Id memory(H5Tcopy(H5T_C_S1), H5Tclose);
            H5Tset_size(memory, H5T_VARIABLE);
            H5Tset_cset(memory, H5T_CSET_UTF8);
            char* text = nullptr;
            if (H5Aread(attr, memory, &text) < 0) bad(here, "cannot read");
            AnalysisAttribute a = text_attribute(name, text ? text : "");
            reclaim_strings(memory, space, &text);
            return a;
        }
        case H5T_INTEGER: {
            std::int64_t v = 0;
            if (H5Aread(attr, H5T_NATIVE_INT64, &v) < 0) bad(here, "cannot read");
            return integer_attribute(name, v);
        }
        case H5T_FLOAT: {
            double v = 0;
            if (H5Aread(attr, H5T_NATIVE_DOUBLE, &v) < 0) bad(here, "cannot read");
            return number_attribute(name, v);
        }
        default:
            bad(here, "expected text, an integer or a number");
        }
    }

    std::string text_of(hid_t object, const std::string& where, const std::string& name) const {
        if (H5Aexists(object, name.c_str()) <= 0) return "";
        const AnalysisAttribute a = attribute(object, where, name);
        if (a.kind != AnalysisAttribute::text_kind) bad(where + " attribute '" + name + "'", "expected text");
        return a.text;
    }

    // The extent of a dataset (rank 0 for a scalar), with a guard against a
    // damaged or edited extent forcing a huge allocation: a dataset cannot
    // hold more values than ~1100 (deflate's largest ratio) times the bytes it
    // stores, plus slack for tiny ones (the same rule as the result reader's).
    std::vector<hsize_t> extent(hid_t ds, const std::string& where) const {
        Id space(H5Dget_space(ds), H5Sclose);
        const int rank = space < 0 ? -1 : H5Sget_simple_extent_ndims(space);
        if (rank < 0 || rank > 32) bad(where, "cannot read its shape");
        std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
        if (rank > 0 && H5Sget_simple_extent_dims(space, dims.data(), nullptr) != rank) bad(where, "cannot read its shape");
        std::uint64_t count = 1;
        for (hsize_t d : dims) {
            if (d != 0 && count > UINT64_MAX / d) bad(where, "is impossibly large; the file is damaged");
            count *= d;
        }
        const std::uint64_t stored = std::min<std::uint64_t>(H5Dget_storage_size(ds), file_size_);
        if (count > (stored * 1100 + 64 * 1024) / 8)
            bad(where, "claims " + std::to_string(count) + " values but stores only " + std::to_string(stored) +
                           " bytes; the file is damaged");
        return dims;
    }

    // A dataset's values: strings, 64-bit integers or doubles by its type;
    // unsigned integers go to `whole` when given (variables), else to `integers`.
    void values(hid_t ds, const std::string& where, std::vector<std::string>* strings, std::vector<std::int64_t>* integers,
                std::vector<double>* numbers, std::vector<std::uint64_t>* whole = nullptr) const {
        hsize_t n = 1;
        for (hsize_t d : extent(ds, where)) n *= d;
        Id space(H5Dget_space(ds), H5Sclose);
        if (space < 0) bad(where, "cannot read its shape");
        if (H5Sget_simple_extent_type(space) == H5S_NULL) n = 0;
        Id type(H5Dget_type(ds), H5Tclose);
        const H5T_class_t kind = H5Tget_class(type);
        if (kind == H5T_STRING && strings) {
            if (H5Tis_variable_str(type) <= 0) bad(where, "expected variable-length strings");
            Id memory(H5Tcopy(H5T_C_S1), H5Tclose);
            H5Tset_size(memory, H5T_VARIABLE);
            H5Tset_cset(memory, H5T_CSET_UTF8);
            std::vector<char*> raw(static_cast<std::size_t>(n), nullptr);
            if (n > 0 && H5Dread(ds, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) < 0) bad(where, "cannot read");
            for (char* t : raw) strings->emplace_back(t ? t : "");
            if (n > 0) reclaim_strings(memory, space, raw.data());
        } else if (kind == H5T_INTEGER && whole && H5Tget_sign(type) == H5T_SGN_NONE) {
            whole->resize(static_cast<std::size_t>(n));
            if (n > 0 && H5Dread(ds, H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, whole->data()) < 0)
                bad(where, "cannot read");
        } else if (kind == H5T_INTEGER && integers) {
            integers->resize(static_cast<std::size_t>(n));
            if (n > 0 && H5Dread(ds, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, integers->data()) < 0)
                bad(where, "cannot read");
        } else if (kind == H5T_FLOAT && numbers) {
            numbers->resize(static_cast<std::size_t>(n));
            if (n > 0 && H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, numbers->data()) < 0)
                bad(where, "cannot read");
        } else {
            bad(where, "unexpected data type");
        }
    }

    // Names of the coordinates attached to each dimension of `ds`, read from
    // its DIMENSION_LIST attribute (one list of object references per
    // dimension; the first one names the dimension). The references are
    // matched against references to the group's own coordinates, which is
    // where the writer's scales are, instead of being dereferenced
    // (H5DSiterate_scales): a reference to a coordinate deleted since (h5py's
    // `del`) points at freed space, which HDF5 1.10 then decodes as an object
    // header, leaking memory on its error path.
    std::vector<std::string> dimension_names(hid_t ds, const std::string& where, std::size_t rank,
                                             const std::vector<std::pair<hobj_ref_t, std::string>>& coordinates) const {
        if (rank < 1) bad(where, "expected an array with named dimensions");
        const std::string here = where + " attribute 'DIMENSION_LIST'";
        if (H5Aexists(ds, "DIMENSION_LIST") <= 0) bad(where, "dimension 0 has no dimension coordinate");
        Id attr(H5Aopen(ds, "DIMENSION_LIST", H5P_DEFAULT), H5Aclose);
        Id space(attr < 0 ? -1 : H5Aget_space(attr), H5Sclose);
        Id type(attr < 0 ? -1 : H5Aget_type(attr), H5Tclose);
        if (space < 0 || type < 0) bad(here, "cannot open");
        Id element(H5Tget_class(type) == H5T_VLEN ? H5Tget_super(type) : -1, H5Tclose);
        if (element < 0 || H5Tequal(element, H5T_STD_REF_OBJ) <= 0) bad(here, "expected lists of object references");
        if (H5Sget_simple_extent_ndims(space) != 1 || H5Sget_simple_extent_npoints(space) != hssize_t(rank))
            bad(here, "expected one list per dimension (" + std::to_string(rank) + ")");
        Id memory(H5Tvlen_create(H5T_STD_REF_OBJ), H5Tclose);
        std::vector<hvl_t> lists(rank, hvl_t{0, nullptr});
        if (memory < 0) bad(here, "cannot read");
        if (H5Aread(attr, memory, lists.data()) < 0) {
            reclaim_strings(memory, space, lists.data());
            bad(here, "cannot read");
        }
        std::vector<std::string> names(rank);
        for (std::size_t i = 0; i < rank; ++i) {
            if (lists[i].len == 0 || lists[i].p == nullptr) continue;
            const hobj_ref_t first = static_cast<const hobj_ref_t*>(lists[i].p)[0];
            for (const auto& [reference, name] : coordinates)
                if (reference == first) {
                    names[i] = name;
                    break;
                }
        }
        reclaim_strings(memory, space, lists.data());  // frees any variable-length data
        for (std::size_t i = 0; i < rank; ++i)
            if (names[i].empty())
                bad(where, "dimension " + std::to_string(i) + " has no dimension coordinate in its group");
        return names;
    }

    // Names of the group's links in creation order (the writer tracks it).
    std::vector<std::string> links(hid_t g, const std::string& where) const {
        std::vector<std::string> names;
        auto collect = [](hid_t, const char* n, const H5L_info_t*, void* data) -> herr_t {
            static_cast<std::vector<std::string>*>(data)->emplace_back(n);
            return 0;
        };
        hsize_t at = 0;
        if (H5Literate(g, H5_INDEX_CRT_ORDER, H5_ITER_INC, &at, collect, &names) < 0) bad(where, "cannot list");
        return names;
    }

    AnalysisGroup group(hid_t g, const std::string& name) const {
        AnalysisGroup out;
        out.name = name;
        const std::string where = name.empty() ? "/" : "/" + name;
        auto here_of = [&](const std::string& link) { return (name.empty() ? "/" : where + "/") + link; };
        // Coordinates first (the writer creates them before the variables;
        // an edited file may not), then the variables that refer to them.
        std::vector<std::string> coordinate_links, variable_links;
        std::vector<std::pair<hobj_ref_t, std::string>> references;
        for (const std::string& link : links(g, where)) {
            H5O_info_t info;
            if (H5Oget_info_by_name(g, link.c_str(), &info, H5P_DEFAULT) < 0) bad(where + "/" + link, "cannot open");
            if (info.type != H5O_TYPE_DATASET) continue;  // groups are read from the root
            Id ds(H5Dopen2(g, link.c_str(), H5P_DEFAULT), H5Dclose);
            if (ds < 0) bad(here_of(link), "cannot open");
            // The writer marks scales with CLASS = "DIMENSION_SCALE" (read as
            // text, not with H5DSis_scale, which overflows on odd CLASS values in 1.10).
            if (text_of(ds, here_of(link), "CLASS") != "DIMENSION_SCALE") {
                variable_links.push_back(link);
                continue;
            }
            coordinate_links.push_back(link);
            hobj_ref_t reference;
            if (H5Rcreate(&reference, g, link.c_str(), H5R_OBJECT, -1) < 0) bad(here_of(link), "cannot refer to it");
            references.emplace_back(reference, link);
        }
        for (const std::string& link : coordinate_links) {
            const std::string here = here_of(link);
            Id ds(H5Dopen2(g, link.c_str(), H5P_DEFAULT), H5Dclose);
            if (ds < 0) bad(here, "cannot open");
            if (extent(ds, here).size() != 1) bad(here, "a dimension coordinate must be one-dimensional");
            AnalysisCoordinate c;
            c.name = link;
            c.units = text_of(ds, here, "units");
            c.long_name = text_of(ds, here, "long_name");
            values(ds, here, &c.strings, &c.integers, &c.numbers);
            out.dimensions.push_back(std::move(c));
        }
        std::vector<std::string> auxiliary;
        for (const std::string& link : variable_links) {
            const std::string here = here_of(link);
            Id ds(H5Dopen2(g, link.c_str(), H5P_DEFAULT), H5Dclose);
            if (ds < 0) bad(here, "cannot open");
            AnalysisVariable v;
            v.name = link;
            v.units = text_of(ds, here, "units");
            v.long_name = text_of(ds, here, "long_name");
            const std::vector<hsize_t> shape = extent(ds, here);
            v.dims = dimension_names(ds, here, shape.size(), references);
            for (std::size_t i = 0; i < shape.size(); ++i) {  // as the writer makes them: sized by their coordinates
                std::size_t k = 0;
                while (out.dimensions[k].name != v.dims[i]) ++k;  // present: dimension_names matched it
                if (shape[i] != out.dimensions[k].size())
                    bad(here, "dimension " + std::to_string(i) + " has " + std::to_string(shape[i]) +
                                  " elements, its coordinate '" + v.dims[i] + "' " +
                                  std::to_string(out.dimensions[k].size()));
            }
            values(ds, here, &v.strings, nullptr, &v.numbers, &v.unsigned_integers);
            std::string listed = text_of(ds, here, "coordinates");
            for (std::size_t start = 0; start < listed.size();) {
                const std::size_t end = std::min(listed.find(' ', start), listed.size());
                if (end > start) auxiliary.push_back(listed.substr(start, end - start));
                start = end + 1;
            }
            out.variables.push_back(std::move(v));
        }
        for (AnalysisVariable& v : out.variables)
            v.auxiliary_coordinate = std::find(auxiliary.begin(), auxiliary.end(), v.name) != auxiliary.end();
        out.attributes = attributes(g, where);
        return out;
    }

private:
    std::string path_;
    std::uint64_t file_size_ = 0;
};

htri_t is_hdf5(const std::string& path) {
#if H5_VERSION_GE(1, 12, 0)
    return H5Fis_accessible(path.c_str(), H5P_DEFAULT);
#else
    return H5Fis_hdf5(path.c_str());
#endif
}

}  // namespace

std::string hdf5_file_format(const std::string& path) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec) || is_hdf5(path) <= 0) {
        H5Eclear2(H5E_DEFAULT);
        return "";
    }
    Id file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    if (file < 0 || H5Aexists(file, "format") <= 0) {
        H5Eclear2(H5E_DEFAULT);
        return "";
    }
    try {
        const AnalysisAttribute a = AnalysisReader(path).attribute(file, "/", "format");
        return a.kind == AnalysisAttribute::text_kind ? a.text : "";
    } catch (const InputError&) {
        return "";
    }
}

AnalysisFile read_analysis_file(const std::string& path) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) throw InputError("cannot open '" + path + "': no such file");
    if (is_hdf5(path) <= 0) {
        H5Eclear2(H5E_DEFAULT);
        throw InputError("'" + path + "' is not an HDF5 file");
    }
    const AnalysisReader rd(path);
    Id file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    if (file < 0) rd.bad("/", "not a readable HDF5 file");
    Id root(H5Gopen2(file, "/", H5P_DEFAULT), H5Gclose);
    if (root < 0) rd.bad("/", "cannot open the root group");
    AnalysisFile out;
    AnalysisGroup top = rd.group(root, "");
    out.attributes = std::move(top.attributes);  // the writer puts file attributes on the root
    top.attributes.clear();
    if (!top.dimensions.empty() || !top.variables.empty()) out.groups.push_back(std::move(top));
    for (const std::string& link : rd.links(root, "/")) {
        H5O_info_t info;
        if (H5Oget_info_by_name(root, link.c_str(), &info, H5P_DEFAULT) < 0 || info.type != H5O_TYPE_GROUP) continue;
        Id g(H5Gopen2(root, link.c_str(), H5P_DEFAULT), H5Gclose);
        if (g < 0) rd.bad("/" + link, "cannot open");
        out.groups.push_back(rd.group(g, link));
    }
    return out;
}

}  // namespace tinyfleet
