#include "sim/io/analysis_file.h"

#include <hdf5.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "sim/engine/input_error.h"
#include "sim/io/atomic_file.h"
#include "sim/io/hdf5_handle.h"
#include "sim/io/hdf5_writer.h"
#include "sim/io/regular_file.h"

namespace tinyfleet {

namespace {

void write_attribute(const Hdf5Writer& w, hid_t object, const std::string& object_name, const AnalysisAttribute& a) {
    if (a.kind == AnalysisAttribute::text_kind)
        w.string_attribute(object, object_name, a.name, a.text);
    else if (a.kind == AnalysisAttribute::number_kind)
        w.scalar_attribute(object, object_name, a.name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, a.number);
    else
        w.scalar_attribute(object, object_name, a.name, H5T_STD_I64LE, H5T_NATIVE_INT64, a.integer);
}

// Creates a dataset of `dims` with chunking (at most ~1 MiB per chunk) and
// shuffle + deflate for numeric data of more than one chunk's worth.
H5Handle create_dataset(const Hdf5Writer& w, hid_t group, const std::string& full_name, const std::string& name,
                        hid_t file_type, const std::vector<hsize_t>& dims, bool compress) {
    const std::string what = "'" + full_name + "'";
    H5Handle space = w.simple_space(dims, what);
    H5Handle dcpl = w.dataset_creation_plist(what);
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
        w.check(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()), "H5Pset_chunk(" + what + ")");
        w.check(H5Pset_shuffle(dcpl.get()), "H5Pset_shuffle(" + what + ")");
        w.check(H5Pset_deflate(dcpl.get(), 1), "H5Pset_deflate(" + what + ")");
    }
    return w.handle(H5Dcreate2(group, name.c_str(), file_type, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                    H5Dclose, "H5Dcreate2(" + what + ")");
}

void write_numbers(const Hdf5Writer& w, hid_t ds, hid_t memory_type, const void* values, const std::string& full_name) {
    w.check(H5Dwrite(ds, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values), "H5Dwrite('" + full_name + "')");
}

// The group's dimension coordinates, as dimension scales.
std::vector<H5Handle> write_coordinates(const Hdf5Writer& w, hid_t group, const std::string& where,
                                        const AnalysisGroup& g) {
    H5Handle string_type = w.string_type();
    std::vector<H5Handle> scales;
    for (const AnalysisCoordinate& c : g.dimensions) {
        const std::string full = where + c.name;
        const std::vector<hsize_t> dims = {static_cast<hsize_t>(c.size())};
        const hid_t type = !c.strings.empty() ? string_type.get() : !c.integers.empty() ? H5T_STD_I64LE : H5T_IEEE_F64LE;
        H5Handle ds = create_dataset(w, group, full, c.name, type, dims, false);
        if (!c.strings.empty()) w.write_strings(ds.get(), c.strings, full);
        else if (!c.integers.empty()) write_numbers(w, ds.get(), H5T_NATIVE_INT64, c.integers.data(), full);
        else write_numbers(w, ds.get(), H5T_NATIVE_DOUBLE, c.numbers.data(), full);
        if (!c.units.empty()) w.string_attribute(ds.get(), full, "units", c.units);
        if (!c.long_name.empty()) w.string_attribute(ds.get(), full, "long_name", c.long_name);
        w.make_scale(ds.get(), full, c.name.c_str());
        scales.push_back(std::move(ds));
    }
    return scales;
}

// The group's variables, attached to its coordinates.
void write_variables(const Hdf5Writer& w, hid_t group, const std::string& where, const AnalysisGroup& g,
                     const std::vector<H5Handle>& scales) {
    H5Handle string_type = w.string_type();
    std::string auxiliary;
    for (const AnalysisVariable& v : g.variables)
        if (v.auxiliary_coordinate) auxiliary += (auxiliary.empty() ? "" : " ") + v.name;

    for (const AnalysisVariable& v : g.variables) {
        const std::string full = where + v.name;
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
        const hid_t file_type = text ? string_type.get() : whole ? H5T_STD_U64LE : H5T_IEEE_F64LE;
        H5Handle ds = create_dataset(w, group, full, v.name, file_type, dims, !text);
        if (text) w.write_strings(ds.get(), v.strings, full);
        else if (whole) write_numbers(w, ds.get(), H5T_NATIVE_UINT64, v.unsigned_integers.data(), full);
        else write_numbers(w, ds.get(), H5T_NATIVE_DOUBLE, v.numbers.data(), full);
        if (!v.units.empty()) w.string_attribute(ds.get(), full, "units", v.units);
        if (!v.long_name.empty()) w.string_attribute(ds.get(), full, "long_name", v.long_name);
        if (!v.label.empty()) w.string_attribute(ds.get(), full, "label", v.label);
        if (!v.auxiliary_coordinate && !auxiliary.empty()) w.string_attribute(ds.get(), full, "coordinates", auxiliary);
        for (std::size_t i = 0; i < scale_index.size(); ++i)
            w.attach(ds.get(), full, scales[scale_index[i]].get(), v.dims[i], static_cast<unsigned>(i));
    }
}

void write_group(const Hdf5Writer& w, hid_t file, const AnalysisGroup& g) {
    const bool root = g.name.empty();
    const std::string where = root ? "/" : "/" + g.name + "/";
    H5Handle group = root ? w.handle(H5Gopen2(file, "/", H5P_DEFAULT), H5Gclose, "H5Gopen2('/')")
                          : w.group(file, g.name, "/" + g.name);
    for (const auto& a : g.attributes) write_attribute(w, group.get(), root ? "/" : "/" + g.name, a);
    const std::vector<H5Handle> scales = write_coordinates(w, group.get(), where, g);
    write_variables(w, group.get(), where, g, scales);
}

// The whole file, built in memory (HDF5's core driver, which never does I/O).
std::vector<unsigned char> file_image(const Hdf5Writer& w, const AnalysisFile& f) {
    w.require_memory();
    H5Handle fapl = w.handle(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "H5Pcreate(H5P_FILE_ACCESS)");
    w.check(H5Pset_fapl_core(fapl.get(), 1 << 20, 0), "H5Pset_fapl_core");
    H5Handle fcpl = w.file_creation_plist();
    H5Handle file = w.handle(H5Fcreate("analysis-in-memory.h5", H5F_ACC_TRUNC, fcpl.get(), fapl.get()), H5Fclose,
                             "H5Fcreate (in memory)");
    {
        H5Handle root = w.handle(H5Gopen2(file.get(), "/", H5P_DEFAULT), H5Gclose, "H5Gopen2('/')");
        for (const auto& a : f.attributes) write_attribute(w, root.get(), "/", a);
        w.close(root, "'/'");
    }
    for (const AnalysisGroup& g : f.groups) write_group(w, file.get(), g);
    w.check(H5Fflush(file.get(), H5F_SCOPE_GLOBAL), "H5Fflush");
    const ssize_t size = H5Fget_file_image(file.get(), nullptr, 0);
    if (size <= 0) w.fail_hdf5("H5Fget_file_image");
    std::vector<unsigned char> image(static_cast<std::size_t>(size));
    if (H5Fget_file_image(file.get(), image.data(), image.size()) != size) w.fail_hdf5("H5Fget_file_image");
    w.check(file.close(), "H5Fclose (in memory)");
    return image;
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
    const Hdf5Writer w("analysis file", path);
    w.prepare();
    const std::vector<unsigned char> image = file_image(w, f);
    AtomicFile out(path, "analysis file");
    out.write(image.data(), image.size());
    out.commit();
}

// ---------------------------------------------------------------------------
// Reading (the inverse of the writer above, for the layouts it produces).

namespace {


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
        H5Handle attr(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5Aclose);
        if (attr.get() < 0) bad(here, "cannot open");
        H5Handle space(H5Aget_space(attr.get()), H5Sclose);
        if (space.get() < 0 || H5Sget_simple_extent_npoints(space.get()) != 1) bad(here, "expected a single value");
        H5Handle type(H5Aget_type(attr.get()), H5Tclose);
        switch (H5Tget_class(type.get())) {
        case H5T_STRING: {
            if (H5Tis_variable_str(type.get()) <= 0) {  // fixed length, e.g. the CLASS of a dimension scale
                const std::size_t size = H5Tget_size(type.get());
                if (size == 0 || size > (1u << 20)) bad(here, "expected a string of at most 1 MiB");
                std::string text(size, '\0');
                if (H5Aread(attr.get(), type.get(), text.data()) < 0) bad(here, "cannot read");
                return text_attribute(name, text.substr(0, text.find('\0')));
            }
            H5Handle memory = variable_string_type(H5T_CSET_UTF8);
            if (!memory.valid()) bad(here, "cannot set up a string type");
            char* text = nullptr;
            if (H5Aread(attr.get(), memory.get(), &text) < 0) bad(here, "cannot read");
            AnalysisAttribute a = text_attribute(name, text ? text : "");
            reclaim_vlen(memory.get(), space.get(), &text);
            return a;
        }
        case H5T_INTEGER: {
            std::int64_t v = 0;
            if (H5Aread(attr.get(), H5T_NATIVE_INT64, &v) < 0) bad(here, "cannot read");
            return integer_attribute(name, v);
        }
        case H5T_FLOAT: {
            double v = 0;
            if (H5Aread(attr.get(), H5T_NATIVE_DOUBLE, &v) < 0) bad(here, "cannot read");
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
        H5Handle space(H5Dget_space(ds), H5Sclose);
        const int rank = space.get() < 0 ? -1 : H5Sget_simple_extent_ndims(space.get());
        if (rank < 0 || rank > 32) bad(where, "cannot read its shape");
        std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
        if (rank > 0 && H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr) != rank) bad(where, "cannot read its shape");
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
        H5Handle space(H5Dget_space(ds), H5Sclose);
        if (space.get() < 0) bad(where, "cannot read its shape");
        if (H5Sget_simple_extent_type(space.get()) == H5S_NULL) n = 0;
        H5Handle type(H5Dget_type(ds), H5Tclose);
        const H5T_class_t kind = H5Tget_class(type.get());
        if (kind == H5T_STRING && strings) {
            if (H5Tis_variable_str(type.get()) <= 0) bad(where, "expected variable-length strings");
            H5Handle memory = variable_string_type(H5T_CSET_UTF8);
            if (!memory.valid()) bad(where, "cannot set up a string type");
            std::vector<char*> raw(static_cast<std::size_t>(n), nullptr);
            if (n > 0 && H5Dread(ds, memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) < 0) bad(where, "cannot read");
            for (char* t : raw) strings->emplace_back(t ? t : "");
            if (n > 0) reclaim_vlen(memory.get(), space.get(), raw.data());
        } else if (kind == H5T_INTEGER && whole && H5Tget_sign(type.get()) == H5T_SGN_NONE) {
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
        H5Handle attr(H5Aopen(ds, "DIMENSION_LIST", H5P_DEFAULT), H5Aclose);
        H5Handle space(attr.get() < 0 ? -1 : H5Aget_space(attr.get()), H5Sclose);
        H5Handle type(attr.get() < 0 ? -1 : H5Aget_type(attr.get()), H5Tclose);
        if (space.get() < 0 || type.get() < 0) bad(here, "cannot open");
        H5Handle element(H5Tget_class(type.get()) == H5T_VLEN ? H5Tget_super(type.get()) : -1, H5Tclose);
        if (element.get() < 0 || H5Tequal(element.get(), H5T_STD_REF_OBJ) <= 0) bad(here, "expected lists of object references");
        if (H5Sget_simple_extent_ndims(space.get()) != 1 || H5Sget_simple_extent_npoints(space.get()) != hssize_t(rank))
            bad(here, "expected one list per dimension (" + std::to_string(rank) + ")");
        H5Handle memory(H5Tvlen_create(H5T_STD_REF_OBJ), H5Tclose);
        std::vector<hvl_t> lists(rank, hvl_t{0, nullptr});
        if (memory.get() < 0) bad(here, "cannot read");
        if (H5Aread(attr.get(), memory.get(), lists.data()) < 0) {
            reclaim_vlen(memory.get(), space.get(), lists.data());
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
        reclaim_vlen(memory.get(), space.get(), lists.data());  // frees any variable-length data
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
            H5Handle ds(H5Dopen2(g, link.c_str(), H5P_DEFAULT), H5Dclose);
            if (ds.get() < 0) bad(here_of(link), "cannot open");
            // The writer marks scales with CLASS = "DIMENSION_SCALE" (read as
            // text, not with H5DSis_scale, which overflows on odd CLASS values in 1.10).
            if (text_of(ds.get(), here_of(link), "CLASS") != "DIMENSION_SCALE") {
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
            H5Handle ds(H5Dopen2(g, link.c_str(), H5P_DEFAULT), H5Dclose);
            if (ds.get() < 0) bad(here, "cannot open");
            if (extent(ds.get(), here).size() != 1) bad(here, "a dimension coordinate must be one-dimensional");
            AnalysisCoordinate c;
            c.name = link;
            c.units = text_of(ds.get(), here, "units");
            c.long_name = text_of(ds.get(), here, "long_name");
            values(ds.get(), here, &c.strings, &c.integers, &c.numbers);
            out.dimensions.push_back(std::move(c));
        }
        std::vector<std::string> auxiliary;
        for (const std::string& link : variable_links) {
            const std::string here = here_of(link);
            H5Handle ds(H5Dopen2(g, link.c_str(), H5P_DEFAULT), H5Dclose);
            if (ds.get() < 0) bad(here, "cannot open");
            AnalysisVariable v;
            v.name = link;
            v.units = text_of(ds.get(), here, "units");
            v.long_name = text_of(ds.get(), here, "long_name");
            v.label = text_of(ds.get(), here, "label");
            const std::vector<hsize_t> shape = extent(ds.get(), here);
            v.dims = dimension_names(ds.get(), here, shape.size(), references);
            for (std::size_t i = 0; i < shape.size(); ++i) {  // as the writer makes them: sized by their coordinates
                std::size_t k = 0;
                while (out.dimensions[k].name != v.dims[i]) ++k;  // present: dimension_names matched it
                if (shape[i] != out.dimensions[k].size())
                    bad(here, "dimension " + std::to_string(i) + " has " + std::to_string(shape[i]) +
                                  " elements, its coordinate '" + v.dims[i] + "' " +
                                  std::to_string(out.dimensions[k].size()));
            }
            values(ds.get(), here, &v.strings, nullptr, &v.numbers, &v.unsigned_integers);
            std::string listed = text_of(ds.get(), here, "coordinates");
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


}  // namespace

std::string hdf5_file_format(const std::string& path) {
    prepare_hdf5("cannot read '" + path + "'");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec) || is_hdf5_file(path) <= 0) {
        H5Eclear2(H5E_DEFAULT);
        return "";
    }
    require_hdf5_memory("cannot read '" + path + "'");
    H5Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    if (file.get() < 0 || H5Aexists(file.get(), "format") <= 0) {
        H5Eclear2(H5E_DEFAULT);
        return "";
    }
    try {
        const AnalysisAttribute a = AnalysisReader(path).attribute(file.get(), "/", "format");
        return a.kind == AnalysisAttribute::text_kind ? a.text : "";
    } catch (const InputError&) {
        return "";
    }
}

AnalysisFile read_analysis_file(const std::string& path) {
    prepare_hdf5("cannot read '" + path + "'");
    regular_file_size(path);  // not a FIFO or device, which HDF5 would wait on or read without end
    if (is_hdf5_file(path) <= 0) {
        H5Eclear2(H5E_DEFAULT);
        throw InputError("'" + path + "' is not an HDF5 file");
    }
    const AnalysisReader rd(path);
    require_hdf5_memory("cannot read '" + path + "'");
    H5Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    if (file.get() < 0) rd.bad("/", "not a readable HDF5 file");
    H5Handle root(H5Gopen2(file.get(), "/", H5P_DEFAULT), H5Gclose);
    if (root.get() < 0) rd.bad("/", "cannot open the root group");
    AnalysisFile out;
    AnalysisGroup top = rd.group(root.get(), "");
    out.attributes = std::move(top.attributes);  // the writer puts file attributes on the root
    top.attributes.clear();
    if (!top.dimensions.empty() || !top.variables.empty()) out.groups.push_back(std::move(top));
    for (const std::string& link : rd.links(root.get(), "/")) {
        H5O_info_t info;
        if (H5Oget_info_by_name(root.get(), link.c_str(), &info, H5P_DEFAULT) < 0 || info.type != H5O_TYPE_GROUP) continue;
        H5Handle g(H5Gopen2(root.get(), link.c_str(), H5P_DEFAULT), H5Gclose);
        if (g.get() < 0) rd.bad("/" + link, "cannot open");
        out.groups.push_back(rd.group(g.get(), link));
    }
    return out;
}

}  // namespace tinyfleet
