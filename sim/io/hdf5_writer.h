// Checked creation of HDF5 objects, shared by the result and analysis
// writers: every call's return code is checked (HDF5 fails cleanly when an
// allocation fails, and a later call on an invalid identifier would only
// fail less clearly), and a failure throws RuntimeFailure("cannot write
// <what> '<path>': <call> failed (HDF5: <innermost error>)").
//
// Groups, datasets and the file carry no time stamps (equal contents give
// equal files) and track and index link and attribute creation order, as
// netCDF-C prefers.
#pragma once
#include <hdf5.h>

#include <string>
#include <vector>

#include "sim/io/hdf5_handle.h"

namespace tinyfleet {

class Hdf5Writer {
public:
    // `what` names the kind of file ("result file"), `path` the file.
    Hdf5Writer(std::string what, std::string path);

    [[noreturn]] void fail_hdf5(const std::string& operation) const;
    [[noreturn]] void fail(const std::string& problem) const;
    void check(herr_t rc, const std::string& operation) const {
        if (rc < 0) fail_hdf5(operation);
    }
    H5Handle handle(hid_t id, H5Handle::Closer closer, const std::string& operation) const {
        if (id < 0) fail_hdf5(operation);
        return H5Handle(id, closer);
    }
    void close(H5Handle& h, const std::string& what) const { check(h.close(), "closing " + what); }
    // prepare_hdf5 and require_hdf5_memory (before H5Fcreate), failing with
    // this writer's message (sim/io/hdf5_handle.h).
    void prepare() const { prepare_hdf5(doing()); }
    void require_memory() const { require_hdf5_memory(doing()); }

    // The file creation property list of the files we write.
    H5Handle file_creation_plist() const;
    // Variable-length UTF-8 string type (file and memory).
    H5Handle string_type() const;
    H5Handle scalar_space() const;
    H5Handle simple_space(const std::vector<hsize_t>& dims, const std::string& what) const {
        return handle(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose,
                      "H5Screate_simple(" + what + ")");
    }
    // Dataset creation property list: attribute order tracked, no time stamps.
    H5Handle dataset_creation_plist(const std::string& what) const;

    void string_attribute(hid_t object, const std::string& object_name, const std::string& name,
                          const std::string& value) const;
    template <class T>
    void scalar_attribute(hid_t object, const std::string& object_name, const std::string& name, hid_t file_type,
                          hid_t memory_type, T value) const {
        const std::string what = "attribute '" + name + "' of '" + object_name + "'";
        H5Handle space = scalar_space();
        H5Handle attribute = handle(H5Acreate2(object, name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                                    H5Aclose, "H5Acreate2(" + what + ")");
        check(H5Awrite(attribute.get(), memory_type, &value), "H5Awrite(" + what + ")");
        check(attribute.close(), "H5Aclose(" + what + ")");
    }

    // A group named `name` in `parent`; `full_name` for messages.
    H5Handle group(hid_t parent, const std::string& name, const std::string& full_name) const;

    // Writes `values` to the whole of a dataset of variable-length strings.
    void write_strings(hid_t dataset, const std::vector<std::string>& values, const std::string& full_name) const;

    void make_scale(hid_t dataset, const std::string& full_name, const char* dim_name) const;
    void attach(hid_t dataset, const std::string& full_name, hid_t scale, const std::string& dim_name,
                unsigned index) const;

private:
    std::string doing() const { return prefix_.substr(0, prefix_.size() - 2); }

    std::string prefix_;  // "cannot write <what> '<path>': "
};

}  // namespace tinyfleet
