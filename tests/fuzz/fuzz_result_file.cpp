// Fuzz target: the result-file reader (read_result_file) on result files
// that are valid HDF5 but wrong as tinyfleet results. Structure-aware: the
// input is an edit script. Each run starts from a small valid result written
// by write_result_file, applies up to 12 edits through the HDF5 API (delete
// or retype attributes; replace datasets by ones of another shape, rank,
// type, layout or contents; replace objects by groups, soft, hard or
// external links; overwrite values), closes the file and reads it back.
// Expected outcomes: a consistent RunResult, or InputError.
//
// Byte-level corruption of the file is the other target, fuzz_result_bytes;
// it mostly exercises HDF5's own decoder (see docs/testing.md for why it is
// not part of the CI smoke run).
#include <hdf5.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/hdf5_edit.h"
#include "tests/fuzz/fuzz_result_common.h"

namespace {

using tinyfleet::fuzz::FuzzInput;
using tinyfleet::H5Handle;
using tinyfleet::fuzz::make_space;

const char* const kObjects[] = {
    "/year", "/sample", "/quantile", "/class", "/samples", "/by_class", "/summary", "/inputs", "/payback",
    "/samples/emissions_total", "/samples/net", "/samples/sample", "/samples/year",
    "/by_class/emissions_total", "/by_class/net", "/by_class/sample", "/by_class/class", "/by_class/year",
    "/summary/emissions_total", "/summary/net", "/summary/emissions_total_mean", "/summary/emissions_total_std",
    "/summary/net_mean", "/summary/net_std", "/summary/quantile", "/summary/year",
    "/inputs/grid", "/inputs/lifetime", "/inputs/sample", "/payback/years", "/payback/sample", "/payback/class",
    "/samples/extra", "/by_class/extra", "/summary/extra", "/summary/extra_mean", "/inputs/extra",
    "/samples/year2", "/payback/other", "/extra"};
constexpr std::size_t kObjectCount = sizeof kObjects / sizeof kObjects[0];

const char* const kAttributes[] = {
    "format", "format_version", "program_version", "scenario_name", "scenario_yaml", "scenario_overrides",
    "scenario_sha256", "seed", "samples", "command_line", "created_utc", "fleet_mode", "model_notes",
    "metrics", "inputs", "units", "long_name", "CLASS", "NAME", "DIMENSION_LIST", "REFERENCE_LIST"};
constexpr std::size_t kAttributeCount = sizeof kAttributes / sizeof kAttributes[0];

const char* const kStrings[] = {
    "tinyfleet-results", "emissions_total,net", "net,emissions_total", "net", "emissions_total", "",
    ",", "net,,emissions_total", "net,net", "extra", "extra_mean", "year", "sample", "grid,lifetime",
    "lifetime", "grid", "a/b", "DIMENSION_SCALE", "kg CO2e", "emissions_total,net,extra", "grid,extra"};
constexpr std::size_t kStringCount = sizeof kStrings / sizeof kStrings[0];

const char* pick_object(FuzzInput& in) { return kObjects[in.byte() % kObjectCount]; }

// The object an attribute edit applies to: the root or one of kObjects.
const char* pick_owner(FuzzInput& in) {
    const std::uint8_t b = in.byte();
    return b % 4 == 0 ? "/" : kObjects[(b / 4) % kObjectCount];
}

std::string pick_string(FuzzInput& in) {
    const std::uint8_t b = in.byte();
    if (b < 200) return kStrings[b % kStringCount];
    return in.text(40);
}

hid_t make_type(FuzzInput& in, bool& is_string, bool& is_vlen_string) {
    is_string = false;
    is_vlen_string = false;
    switch (in.byte() % 14) {
        case 0: return H5Tcopy(H5T_IEEE_F64LE);
        case 1: return H5Tcopy(H5T_IEEE_F32LE);
        case 2: return H5Tcopy(H5T_STD_I32LE);
        case 3: return H5Tcopy(H5T_STD_I64LE);
        case 4: return H5Tcopy(H5T_STD_U64LE);
        case 5: return H5Tcopy(H5T_STD_U8LE);
        case 6: return H5Tcopy(H5T_IEEE_F64BE);
        case 7: {
            is_string = is_vlen_string = true;
            const hid_t t = H5Tcopy(H5T_C_S1);
            H5Tset_size(t, H5T_VARIABLE);
            H5Tset_cset(t, in.flag() ? H5T_CSET_UTF8 : H5T_CSET_ASCII);
            return t;
        }
        case 8: {
            is_string = true;
            const hid_t t = H5Tcopy(H5T_C_S1);
            H5Tset_size(t, 1 + in.byte() % 24);
            const std::uint8_t pad = in.byte() % 3;
            H5Tset_strpad(t, pad == 0 ? H5T_STR_NULLTERM : pad == 1 ? H5T_STR_NULLPAD : H5T_STR_SPACEPAD);
            return t;
        }
        case 9: {
            const hid_t t = H5Tcreate(H5T_COMPOUND, 12);
            H5Tinsert(t, "a", 0, H5T_IEEE_F64LE);
            H5Tinsert(t, "b", 8, H5T_STD_I32LE);
            return t;
        }
        case 10: return H5Tvlen_create(H5T_STD_I32LE);
        case 11: return H5Tcreate(H5T_OPAQUE, 1 + in.byte() % 8);
        case 12: return H5Tcopy(H5T_STD_REF_OBJ);
        default: return H5Tcopy(H5T_STD_B8LE);
    }
}

// Writes `count` elements of `type` from the input (numbers, strings or raw bytes).
void fill(FuzzInput& in, hid_t type, bool is_string, bool is_vlen_string, std::size_t count,
          const std::function<herr_t(hid_t, const void*)>& write) {
    if (count == 0 || count > 4096) return;
    if (is_vlen_string) {
        std::vector<std::string> strings;
        std::vector<const char*> pointers;
        for (std::size_t i = 0; i < count; ++i) strings.push_back(pick_string(in));
        for (const std::string& s : strings) pointers.push_back(s.c_str());
        const hid_t memory = H5Tcopy(H5T_C_S1);
        H5Tset_size(memory, H5T_VARIABLE);
        write(memory, pointers.data());
        H5Tclose(memory);
        return;
    }
    if (is_string) {
        const std::size_t size = H5Tget_size(type);
        std::string raw(size * count, '\0');
        for (std::size_t i = 0; i < count; ++i) {
            const std::string s = pick_string(in);
            raw.replace(i * size, std::min(size, s.size()), s.substr(0, size));
        }
        const hid_t memory = H5Tcopy(type);
        write(memory, raw.data());
        H5Tclose(memory);
        return;
    }
    const H5T_class_t cls = H5Tget_class(type);
    if (cls == H5T_INTEGER || cls == H5T_FLOAT) {
        std::vector<double> values(count);
        for (double& v : values) v = in.number();
        write(H5T_NATIVE_DOUBLE, values.data());  // out-of-range conversions are HDF5's business
        return;
    }
    if (cls == H5T_OPAQUE || cls == H5T_BITFIELD || cls == H5T_COMPOUND) {
        std::vector<unsigned char> raw(H5Tget_size(type) * count);
        for (unsigned char& b : raw) b = in.byte();
        write(type, raw.data());
    }
    // vlen of integers and references: left as fill values (empty / null)
}

void set_attribute(hid_t file, FuzzInput& in) {
    const char* owner_path = pick_owner(in);
    const char* name = kAttributes[in.byte() % kAttributeCount];
    H5Handle owner{H5Oopen(file, owner_path, H5P_DEFAULT), H5Oclose};
    if (owner.get() < 0) return;
    if (H5Aexists(owner.get(), name) > 0) H5Adelete(owner.get(), name);
    bool is_string = false, is_vlen_string = false;
    H5Handle type{make_type(in, is_string, is_vlen_string), H5Tclose};
    std::vector<hsize_t> dims;
    H5Handle space{make_space(in, dims, false), H5Sclose};
    if (type.get() < 0 || space.get() < 0) return;
    H5Handle attribute{H5Acreate2(owner.get(), name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose};
    if (attribute.get() < 0) return;
    const hssize_t count = H5Sget_simple_extent_npoints(space.get());
    fill(in, type.get(), is_string, is_vlen_string, count > 0 ? static_cast<std::size_t>(count) : 0,
         [&](hid_t memory, const void* data) { return H5Awrite(attribute.get(), memory, data); });
}

void replace_with_dataset(hid_t file, FuzzInput& in) {
    const char* path = pick_object(in);
    if (H5Lexists(file, path, H5P_DEFAULT) > 0) H5Ldelete(file, path, H5P_DEFAULT);
    bool is_string = false, is_vlen_string = false;
    H5Handle type{make_type(in, is_string, is_vlen_string), H5Tclose};
    std::vector<hsize_t> dims;
    H5Handle space{make_space(in, dims, true), H5Sclose};
    if (type.get() < 0 || space.get() < 0) return;
    H5Handle dcpl{H5Pcreate(H5P_DATASET_CREATE), H5Pclose};
    const std::uint8_t layout = in.byte() % 3;
    bool big = false;
    for (hsize_t d : dims) big |= d > 4;
    if ((layout == 1 || big) && !dims.empty()) {
        std::vector<hsize_t> chunk(dims.size());
        for (std::size_t i = 0; i < dims.size(); ++i) chunk[i] = std::max<hsize_t>(1, std::min<hsize_t>(dims[i], 2));
        H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data());
        if (in.flag()) H5Pset_deflate(dcpl.get(), 1);
    } else if (layout == 2) {
        H5Pset_layout(dcpl.get(), H5D_COMPACT);
    }
    H5Handle dataset{H5Dcreate2(file, path, type.get(), space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT), H5Dclose};
    if (dataset.get() < 0) return;
    if (big) return;  // a dataset that claims far more values than it stores
    const hssize_t count = H5Sget_simple_extent_npoints(space.get());
    fill(in, type.get(), is_string, is_vlen_string, count > 0 ? static_cast<std::size_t>(count) : 0,
         [&](hid_t memory, const void* data) {
             return H5Dwrite(dataset.get(), memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
         });
    if (in.flag()) {  // a units attribute, as the writer gives every dataset
        H5Handle s{H5Screate(H5S_SCALAR), H5Sclose};
        H5Handle t{H5Tcopy(H5T_C_S1), H5Tclose};
        H5Tset_size(t.get(), H5T_VARIABLE);
        H5Handle a{H5Acreate2(dataset.get(), "units", t.get(), s.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose};
        const std::string units = pick_string(in);
        const char* p = units.c_str();
        if (a.get() >= 0) H5Awrite(a.get(), t.get(), &p);
    }
}

void edit(hid_t file, FuzzInput& in) {
    const int kind = in.byte() % 9;
    if (tinyfleet::fuzz::edit_links(file, in, kind, pick_object, "/samples")) return;
    switch (kind) {
        case 1: {
            H5Handle owner{H5Oopen(file, pick_owner(in), H5P_DEFAULT), H5Oclose};
            if (owner.get() >= 0) H5Adelete(owner.get(), kAttributes[in.byte() % kAttributeCount]);
            break;
        }
        case 2: set_attribute(file, in); break;
        case 3: replace_with_dataset(file, in); break;
        default: tinyfleet::fuzz::overwrite_values(file, in, pick_object, false); break;
    }
}

struct Bases {
    std::string rich, lean;  // file bytes
};

const Bases& bases() {
    static const Bases b = [] {
        Bases out;
        const std::string path = tinyfleet::fuzz::temp_path("base");
        tinyfleet::write_result_file(path, tinyfleet::fuzz::small_result(3, 2, 2, 3, true));
        tinyfleet::fuzz::check_consistent(tinyfleet::read_result_file(path));  // must read back
        out.rich = tinyfleet::fuzz::read_bytes(path);
        tinyfleet::write_result_file(path, tinyfleet::fuzz::small_result(1, 1, 1, 1, false));
        tinyfleet::fuzz::check_consistent(tinyfleet::read_result_file(path));
        out.lean = tinyfleet::fuzz::read_bytes(path);
        std::remove(path.c_str());
        return out;
    }();
    return b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Bases& b = bases();
    FuzzInput in(data, size);
    const std::string& base = in.byte() % 4 == 3 ? b.lean : b.rich;
    static const std::string path = tinyfleet::fuzz::temp_path("edit");
    tinyfleet::fuzz::write_bytes(path, base.data(), base.size());
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    {
        const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
        if (file < 0) {
            std::fprintf(stderr, "fuzz_result_file: cannot reopen the base file\n");
            std::abort();
        }
        for (int i = 0; i < 12 && !in.empty(); ++i) edit(file, in);
        H5Eclear2(H5E_DEFAULT);
        if (H5Fclose(file) < 0) {
            std::fprintf(stderr, "fuzz_result_file: H5Fclose failed after editing\n");
            std::abort();
        }
    }
    tinyfleet::fuzz::read_and_check(path);
    return 0;
}
