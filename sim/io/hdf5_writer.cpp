#include "sim/io/hdf5_writer.h"

#include <hdf5_hl.h>

#include "sim/engine/input_error.h"

namespace tinyfleet {

namespace {
constexpr unsigned kCreationOrder = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;
}

Hdf5Writer::Hdf5Writer(std::string what, std::string path)
    : prefix_("cannot write " + what + " '" + path + "': ") {}

void Hdf5Writer::fail_hdf5(const std::string& operation) const {
    throw RuntimeFailure(with_hdf5_detail(prefix_ + operation + " failed"));
}

void Hdf5Writer::fail(const std::string& problem) const { throw RuntimeFailure(prefix_ + problem); }

H5Handle Hdf5Writer::file_creation_plist() const {
    H5Handle fcpl = handle(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "H5Pcreate(H5P_FILE_CREATE)");
    check(H5Pset_link_creation_order(fcpl.get(), kCreationOrder), "H5Pset_link_creation_order('/')");
    check(H5Pset_attr_creation_order(fcpl.get(), kCreationOrder), "H5Pset_attr_creation_order('/')");
    check(H5Pset_obj_track_times(fcpl.get(), 0), "H5Pset_obj_track_times('/')");
    return fcpl;
}

H5Handle Hdf5Writer::string_type() const {
    H5Handle type = variable_string_type(H5T_CSET_UTF8);
    if (!type.valid()) fail_hdf5("H5Tcopy(variable-length UTF-8 string type)");
    return type;
}

H5Handle Hdf5Writer::scalar_space() const { return handle(H5Screate(H5S_SCALAR), H5Sclose, "H5Screate(H5S_SCALAR)"); }

H5Handle Hdf5Writer::dataset_creation_plist(const std::string& what) const {
    H5Handle dcpl = handle(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "H5Pcreate(dataset " + what + ")");
    check(H5Pset_attr_creation_order(dcpl.get(), kCreationOrder), "H5Pset_attr_creation_order(" + what + ")");
    check(H5Pset_obj_track_times(dcpl.get(), 0), "H5Pset_obj_track_times(" + what + ")");
    return dcpl;
}

void Hdf5Writer::string_attribute(hid_t object, const std::string& object_name, const std::string& name,
                                  const std::string& value) const {
    const std::string what = "attribute '" + name + "' of '" + object_name + "'";
    H5Handle type = string_type();
    H5Handle space = scalar_space();
    H5Handle attribute = handle(H5Acreate2(object, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                                H5Aclose, "H5Acreate2(" + what + ")");
    const char* text = value.c_str();
    check(H5Awrite(attribute.get(), type.get(), &text), "H5Awrite(" + what + ")");
    check(attribute.close(), "H5Aclose(" + what + ")");
}

H5Handle Hdf5Writer::group(hid_t parent, const std::string& name, const std::string& full_name) const {
    const std::string what = "'" + full_name + "'";
    H5Handle gcpl = handle(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, "H5Pcreate(group " + what + ")");
    check(H5Pset_link_creation_order(gcpl.get(), kCreationOrder), "H5Pset_link_creation_order(" + what + ")");
    check(H5Pset_attr_creation_order(gcpl.get(), kCreationOrder), "H5Pset_attr_creation_order(" + what + ")");
    check(H5Pset_obj_track_times(gcpl.get(), 0), "H5Pset_obj_track_times(" + what + ")");
    return handle(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT), H5Gclose,
                  "H5Gcreate2(" + what + ")");
}

void Hdf5Writer::write_strings(hid_t dataset, const std::vector<std::string>& values,
                               const std::string& full_name) const {
    H5Handle type = string_type();
    std::vector<const char*> pointers;
    pointers.reserve(values.size());
    for (const std::string& v : values) pointers.push_back(v.c_str());
    check(H5Dwrite(dataset, type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
          "H5Dwrite('" + full_name + "')");
}

void Hdf5Writer::make_scale(hid_t dataset, const std::string& full_name, const char* dim_name) const {
    check(H5DSset_scale(dataset, dim_name), "H5DSset_scale('" + full_name + "')");
}

void Hdf5Writer::attach(hid_t dataset, const std::string& full_name, hid_t scale, const std::string& dim_name,
                        unsigned index) const {
    check(H5DSattach_scale(dataset, scale, index),
          "H5DSattach_scale('" + full_name + "', dimension " + std::to_string(index) + " '" + dim_name + "')");
}

}  // namespace tinyfleet
