// Fuzz target: the analysis-file reader (read_analysis_file) and the sweep
// merge built on it (`tinyfleet merge` of `tinyfleet sweep --point I` files,
// merge_command → merge_sweep_files), on files that are valid HDF5 but wrong
// as sweep files. Structure-aware, like fuzz_result_file: the input is an
// edit script. Each run starts from one of three small valid sweep files
// written by write_analysis_file in the layout of sim/app/sweep_command.cpp (a
// sweep of 2 points: the file of point 0, of point 1, or of both), applies
// up to 12 edits through the HDF5 API (delete or retype attributes; replace
// datasets by ones of another shape, rank, type, layout or contents; replace
// objects by groups, soft, hard or external links; overwrite values; attach,
// detach or create dimension scales; copy or rename objects; DIMENSION_LIST
// rewritten with references to arbitrary objects), closes the file, then
//   1. read_analysis_file: InputError, or a structure that
//      write_analysis_file accepts back (every variable's dimensions are
//      coordinates of its group and it holds as many values as they promise);
//   2. merge_command on the edited file and the pristine file of the other
//      point (either order; the complete file alone): InputError, or a merged
//      file that reads back and holds sweep points 0..sweep_size-1 once each.
// Anything else (crash, undefined behaviour, leak, HDF5 objects left open,
// another exception) is a finding.
#include <hdf5.h>
#include <hdf5_hl.h>
#if defined(__has_include)
#if __has_include(<sanitizer/lsan_interface.h>)
#include <sanitizer/lsan_interface.h>
#endif
#endif

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "sim/io/analysis_file.h"
#include "sim/engine/input_error.h"
#include "sim/app/merge.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/hdf5_edit.h"
#include "tests/fuzz/fuzz_result_common.h"

namespace {

using tinyfleet::AnalysisAttribute;
using tinyfleet::AnalysisCoordinate;
using tinyfleet::AnalysisFile;
using tinyfleet::AnalysisGroup;
using tinyfleet::AnalysisVariable;
using tinyfleet::fuzz::FuzzInput;
using tinyfleet::H5Handle;
using tinyfleet::fuzz::make_space;

const char* const kObjects[] = {
    "/sweep_point", "/sample", "/year", "/quantile", "/market.growth", "/run.sampling", "/seed",
    "/samples", "/summary", "/inputs",
    "/samples/sweep_point", "/samples/sample", "/samples/year", "/samples/net", "/samples/emissions_total",
    "/samples/market.growth", "/samples/seed",
    "/summary/sweep_point", "/summary/quantile", "/summary/year", "/summary/net", "/summary/net_mean",
    "/summary/net_std", "/summary/emissions_total", "/summary/seed",
    "/inputs/sweep_point", "/inputs/sample", "/inputs/grid", "/inputs/run.sampling",
    "/extra", "/samples/extra", "/summary/extra", "/inputs/extra", "/summary/net_mean2"};
constexpr std::size_t kObjectCount = sizeof kObjects / sizeof kObjects[0];

const char* const kAttributes[] = {
    "format", "format_version", "program_version", "scenario_name", "scenario_yaml", "scenario_overrides",
    "scenario_sha256", "command_line", "created_utc", "seed", "samples", "sweep_size", "sweep_paths",
    "sweep_seed_rule", "units", "long_name", "coordinates", "CLASS", "NAME", "DIMENSION_LIST",
    "REFERENCE_LIST", "extra"};
constexpr std::size_t kAttributeCount = sizeof kAttributes / sizeof kAttributes[0];

const char* const kStrings[] = {
    "tinyfleet-sweep", "tinyfleet-results", "tinyfleet-sensitivity", "", " ", "sweep_point",
    "market.growth", "run.sampling", "seed", "market.growth run.sampling seed", "seed seed", "net",
    "sweep_point sample", "DIMENSION_SCALE", "1", "kg CO2e", "market.growth,run.sampling", "a/b", "year",
    "quantile", "sample", "extra", "  market.growth  "};
constexpr std::size_t kStringCount = sizeof kStrings / sizeof kStrings[0];

const char* pick_object(FuzzInput& in) { return kObjects[in.byte() % kObjectCount]; }

// Set by every edit that removes, replaces or moves an object or an
// attribute: from then on the file may hold dangling references, on which
// HDF5 1.10's dimension-scale functions (attach, detach) leak, leave objects
// open or leave a file that cannot be closed, poisoning the process. So the
// edit script makes dimension-scale changes only before such edits. (The
// reader under test never dereferences; it meets the dangling references.)
bool g_may_dangle = false;

const char* pick_owner(FuzzInput& in) {
    const std::uint8_t b = in.byte();
    return b % 4 == 0 ? "/" : kObjects[(b / 4) % kObjectCount];
}

std::string pick_string(FuzzInput& in) {
    const std::uint8_t b = in.byte();
    if (b < 200) return kStrings[b % kStringCount];
    return in.text(40);
}

// Leak checking off for a scope (LeakSanitizer builds only: clang's
// libFuzzer build and g++'s -fsanitize=address replay build).
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TINYFLEET_FUZZ_LSAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define TINYFLEET_FUZZ_LSAN 1
#endif
#ifdef TINYFLEET_FUZZ_LSAN
struct ScopedLeakCheckOff {
    ScopedLeakCheckOff() { __lsan_disable(); }
    ~ScopedLeakCheckOff() { __lsan_enable(); }
};
#else
struct ScopedLeakCheckOff {};
#endif

enum class Kind { other, vlen_string, fixed_string, object_references };

hid_t make_type(FuzzInput& in, Kind& kind) {
    kind = Kind::other;
    switch (in.byte() % 15) {
        case 0: return H5Tcopy(H5T_IEEE_F64LE);
        case 1: return H5Tcopy(H5T_IEEE_F32LE);
        case 2: return H5Tcopy(H5T_STD_I32LE);
        case 3: return H5Tcopy(H5T_STD_I64LE);
        case 4: return H5Tcopy(H5T_STD_U64LE);
        case 5: return H5Tcopy(H5T_STD_U8LE);
        case 6: return H5Tcopy(H5T_IEEE_F64BE);
        case 7: {
            kind = Kind::vlen_string;
            const hid_t t = H5Tcopy(H5T_C_S1);
            H5Tset_size(t, H5T_VARIABLE);
            H5Tset_cset(t, in.flag() ? H5T_CSET_UTF8 : H5T_CSET_ASCII);
            return t;
        }
        case 8: {
            kind = Kind::fixed_string;
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
        case 13: kind = Kind::object_references; return H5Tvlen_create(H5T_STD_REF_OBJ);  // DIMENSION_LIST's type
        default: return H5Tcopy(H5T_STD_B8LE);
    }
}

void fill(hid_t file, FuzzInput& in, hid_t type, Kind kind, std::size_t count,
          const std::function<herr_t(hid_t, const void*)>& write) {
    if (count == 0 || count > 4096) return;
    if (kind == Kind::vlen_string) {
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
    if (kind == Kind::fixed_string) {
        const std::size_t size = H5Tget_size(type);
        std::string raw(size * count, '\0');
        for (std::size_t i = 0; i < count; ++i) {
            const std::string s = pick_string(in);
            raw.replace(i * size, std::min(size, s.size()), s.substr(0, size));
        }
        write(type, raw.data());
        return;
    }
    if (kind == Kind::object_references) {  // 0-3 references to objects of the layout (those that exist)
        std::vector<std::vector<hobj_ref_t>> refs(count);
        std::vector<hvl_t> lists(count);
        for (std::size_t i = 0; i < count; ++i) {
            const int n = in.byte() % 4;
            for (int k = 0; k < n; ++k) {
                hobj_ref_t r;
                if (H5Rcreate(&r, file, pick_object(in), H5R_OBJECT, -1) >= 0) refs[i].push_back(r);
            }
            lists[i].len = refs[i].size();
            lists[i].p = refs[i].empty() ? nullptr : refs[i].data();
        }
        write(type, lists.data());
        return;
    }
    const H5T_class_t cls = H5Tget_class(type);
    if (cls == H5T_INTEGER || cls == H5T_FLOAT) {
        std::vector<double> values(count);
        for (double& v : values) v = in.number();
        write(H5T_NATIVE_DOUBLE, values.data());
        return;
    }
    if (cls == H5T_OPAQUE || cls == H5T_BITFIELD || cls == H5T_COMPOUND) {
        std::vector<unsigned char> raw(H5Tget_size(type) * count);
        for (unsigned char& b : raw) b = in.byte();
        write(type, raw.data());
    }
}

void set_attribute(hid_t file, FuzzInput& in) {
    const char* owner_path = pick_owner(in);
    const char* name = kAttributes[in.byte() % kAttributeCount];
    H5Handle owner{H5Oopen(file, owner_path, H5P_DEFAULT), H5Oclose};
    if (owner.get() < 0) return;
    if (H5Aexists(owner.get(), name) > 0) H5Adelete(owner.get(), name);
    Kind kind;
    H5Handle type{make_type(in, kind), H5Tclose};
    std::vector<hsize_t> dims;
    H5Handle space{make_space(in, dims, false), H5Sclose};
    if (type.get() < 0 || space.get() < 0) return;
    H5Handle attribute{H5Acreate2(owner.get(), name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose};
    if (attribute.get() < 0) return;
    const hssize_t count = H5Sget_simple_extent_npoints(space.get());
    fill(file, in, type.get(), kind, count > 0 ? static_cast<std::size_t>(count) : 0,
         [&](hid_t memory, const void* data) { return H5Awrite(attribute.get(), memory, data); });
}

void replace_with_dataset(hid_t file, FuzzInput& in) {
    const char* path = pick_object(in);
    if (H5Lexists(file, path, H5P_DEFAULT) > 0) {
        H5Ldelete(file, path, H5P_DEFAULT);
        g_may_dangle = true;
    }
    Kind kind;
    H5Handle type{make_type(in, kind), H5Tclose};
    std::vector<hsize_t> dims;
    H5Handle space{make_space(in, dims, true), H5Sclose};
    if (type.get() < 0 || space.get() < 0) return;
    H5Handle dcpl{H5Pcreate(H5P_DATASET_CREATE), H5Pclose};
    H5Pset_attr_creation_order(dcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
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
    if (!big) {
        const hssize_t count = H5Sget_simple_extent_npoints(space.get());
        fill(file, in, type.get(), kind, count > 0 ? static_cast<std::size_t>(count) : 0,
             [&](hid_t memory, const void* data) {
                 return H5Dwrite(dataset.get(), memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
             });
    }
    const std::uint8_t extra = in.byte();
    if (extra & 1) H5DSset_scale(dataset.get(), nullptr);  // a dimension coordinate of any shape and type
    if ((extra & 2) && !dims.empty() && !g_may_dangle) {  // dimensions named by existing coordinates
        for (std::size_t i = 0; i < dims.size(); ++i) {
            H5Handle scale{H5Dopen2(file, pick_object(in), H5P_DEFAULT), H5Dclose};
            if (scale.get() >= 0) H5DSattach_scale(dataset.get(), scale.get(), static_cast<unsigned>(i));
        }
    }
}

void edit(hid_t file, FuzzInput& in) {
    const std::uint8_t kind = in.byte() % 14;
    if ((kind == 9 || kind == 10) && g_may_dangle) return;  // see g_may_dangle
    if (kind != 3 && kind != 8 && kind != 9 && kind != 10 && kind != 11) g_may_dangle = true;
    if (tinyfleet::fuzz::edit_links(file, in, kind, pick_object, "/sweep_point")) return;
    switch (kind) {
        case 1: {
            H5Handle owner{H5Oopen(file, pick_owner(in), H5P_DEFAULT), H5Oclose};
            if (owner.get() >= 0) H5Adelete(owner.get(), kAttributes[in.byte() % kAttributeCount]);
            break;
        }
        case 2: set_attribute(file, in); break;
        case 3: replace_with_dataset(file, in); break;
        case 8: tinyfleet::fuzz::overwrite_values(file, in, pick_object, true); break;
        case 9: {  // attach a dataset as the coordinate of a dimension
            H5Handle dataset{H5Dopen2(file, pick_object(in), H5P_DEFAULT), H5Dclose};
            H5Handle scale{H5Dopen2(file, pick_object(in), H5P_DEFAULT), H5Dclose};
            const unsigned index = in.byte() % 4;
            if (dataset.get() >= 0 && scale.get() >= 0) H5DSattach_scale(dataset.get(), scale.get(), index);
            break;
        }
        case 10: {
            H5Handle dataset{H5Dopen2(file, pick_object(in), H5P_DEFAULT), H5Dclose};
            H5Handle scale{H5Dopen2(file, pick_object(in), H5P_DEFAULT), H5Dclose};
            const unsigned index = in.byte() % 4;
            if (dataset.get() >= 0 && scale.get() >= 0) H5DSdetach_scale(dataset.get(), scale.get(), index);
            break;
        }
        case 11: {  // make any dataset a dimension coordinate
            H5Handle dataset{H5Dopen2(file, pick_object(in), H5P_DEFAULT), H5Dclose};
            if (dataset.get() >= 0) H5DSset_scale(dataset.get(), in.flag() ? nullptr : "other");
            break;
        }
        case 12: {  // a copy (attributes, references included) under another name
            const char* from = pick_object(in);
            const char* to = pick_object(in);
            if (H5Lexists(file, from, H5P_DEFAULT) <= 0) break;
            if (H5Lexists(file, to, H5P_DEFAULT) > 0) H5Ldelete(file, to, H5P_DEFAULT);
            H5Ocopy(file, from, file, to, H5P_DEFAULT, H5P_DEFAULT);
            break;
        }
        default: {
            const char* from = pick_object(in);
            const char* to = pick_object(in);
            if (H5Lexists(file, from, H5P_DEFAULT) <= 0) break;
            if (H5Lexists(file, to, H5P_DEFAULT) > 0) H5Ldelete(file, to, H5P_DEFAULT);
            H5Lmove(file, from, file, to, H5P_DEFAULT, H5P_DEFAULT);
            break;
        }
    }
}

// ---------------------------------------------------------------------------
// The base files: a sweep of 2 points over market.growth (a number) and
// run.sampling (text), 2 samples, 2 years, 2 quantile levels, metrics net
// and emissions_total, input grid; grouped as sim/app/sweep_command.cpp does.

AnalysisFile sweep_file(const std::vector<std::int64_t>& points) {
    const std::size_t N = 2, Y = 2, Q = 2;
    AnalysisCoordinate point{"sweep_point", {}, points, {}, "1", "index of the sweep point (0-based, in sweep: order)"};
    AnalysisCoordinate sample{"sample", {}, {0, 1}, {}, "1", "realization index"};
    AnalysisCoordinate year{"year", {}, {2025, 2026}, {}, "year", "calendar year"};
    AnalysisCoordinate quantile{"quantile", {0.05, 0.95}, {}, {}, "1", "probability level"};
    std::vector<AnalysisVariable> settings(3);
    settings[0] = {"market.growth", {"sweep_point"}, {}, {}, "", "sweep setting market.growth", true};
    settings[1] = {"run.sampling", {"sweep_point"}, {}, {}, "", "sweep setting run.sampling", true};
    settings[2] = {"seed", {"sweep_point"}, {}, {}, "1", "run.seed of the point", true};
    for (std::int64_t p : points) {
        settings[0].numbers.push_back(0.02 * static_cast<double>(p + 1));
        settings[1].strings.push_back(p == 0 ? "mc" : "lhs");
        settings[2].numbers.push_back(1000.0 + static_cast<double>(p));
    }
    auto group = [&](const std::string& name, std::vector<AnalysisCoordinate> dims) {
        AnalysisGroup g;
        g.name = name;
        g.dimensions = {point};
        for (auto& d : dims) g.dimensions.push_back(std::move(d));
        g.variables = settings;
        return g;
    };
    AnalysisGroup root = group("", {sample, year, quantile});
    AnalysisGroup samples = group("samples", {sample, year});
    AnalysisGroup summary = group("summary", {quantile, year});
    AnalysisGroup inputs = group("inputs", {sample});
    auto values = [&](std::size_t per_point, double scale) {
        std::vector<double> v;
        for (std::int64_t p : points)
            for (std::size_t i = 0; i < per_point; ++i) v.push_back(scale * static_cast<double>(p * 100 + i));
        return v;
    };
    for (const char* metric : {"net", "emissions_total"}) {
        const std::string m = metric;
        samples.variables.push_back({m, {"sweep_point", "sample", "year"}, values(N * Y, 1.5), {}, "kg CO2e",
                                     m + " (fleet total)"});
        summary.variables.push_back({m, {"sweep_point", "quantile", "year"}, values(Q * Y, 2.0), {}, "kg CO2e",
                                     m + ": quantiles over realizations"});
        summary.variables.push_back({m + "_mean", {"sweep_point", "year"}, values(Y, 1.0), {}, "kg CO2e", "mean"});
        summary.variables.push_back({m + "_std", {"sweep_point", "year"}, values(Y, 0.5), {}, "kg CO2e", "std"});
    }
    inputs.variables.push_back({"grid", {"sweep_point", "sample"}, values(N, 0.25), {}, "1", "sampled global parameter"});
    AnalysisFile f;
    f.attributes = {tinyfleet::text_attribute("format", "tinyfleet-sweep"),
                    tinyfleet::integer_attribute("format_version", 1),
                    tinyfleet::text_attribute("program_version", "0.1.0"),
                    tinyfleet::text_attribute("scenario_name", "fuzz"),
                    tinyfleet::text_attribute("scenario_yaml", "run: {name: fuzz}\n"),
                    tinyfleet::text_attribute("scenario_overrides", ""),
                    tinyfleet::text_attribute("scenario_sha256", std::string(64, 'a')),
                    tinyfleet::text_attribute("command_line", "tinyfleet sweep fuzz.yaml"),
                    tinyfleet::text_attribute("created_utc", "2026-11-26T15:00:00Z"),
                    tinyfleet::integer_attribute("seed", 42),
                    tinyfleet::integer_attribute("samples", 2),
                    tinyfleet::integer_attribute("sweep_size", 2),
                    tinyfleet::text_attribute("sweep_paths", "market.growth,run.sampling"),
                    tinyfleet::text_attribute("sweep_seed_rule", "fuzz")};
    f.groups = {std::move(root), std::move(samples), std::move(summary), std::move(inputs)};
    return f;
}

[[noreturn]] void finding(const std::string& what) {
    std::fprintf(stderr, "fuzz_analysis_file: %s\n", what.c_str());
    std::abort();
}

// What read_analysis_file promises: the structure write_analysis_file wrote,
// so every variable's dimensions are coordinates of its group and it holds
// as many values as they promise (what write_analysis_file checks).
void check_consistent(const AnalysisFile& f) {
    for (const AnalysisGroup& g : f.groups) {
        for (const AnalysisCoordinate& c : g.dimensions)
            if (!c.numbers.empty() + !c.integers.empty() + !c.strings.empty() > 1)
                finding("coordinate '" + c.name + "' holds values of two kinds");
        for (const AnalysisVariable& v : g.variables) {
            if (!v.numbers.empty() && !v.strings.empty()) finding("variable '" + v.name + "' holds numbers and text");
            std::size_t total = 1;
            for (const std::string& d : v.dims) {
                const AnalysisCoordinate* found = nullptr;
                for (const AnalysisCoordinate& c : g.dimensions)
                    if (c.name == d) found = &c;
                if (!found)
                    finding("read_analysis_file accepted '/" + (g.name.empty() ? "" : g.name + "/") + v.name + "' with an unknown dimension '" +
                            d + "'");
                total *= found->size();
            }
            if (v.numbers.size() + v.strings.size() != total)
                finding("read_analysis_file accepted '/" + (g.name.empty() ? "" : g.name + "/") + v.name + "' with " +
                        std::to_string(v.numbers.size() + v.strings.size()) + " values, its dimensions promise " +
                        std::to_string(total));
        }
    }
}

struct Bases {
    std::string point0, point1, complete;  // file bytes
};

const Bases& bases() {
    static const Bases b = [] {
        Bases out;
        const std::string path = tinyfleet::fuzz::temp_path("analysis-base");
        auto make = [&](const std::vector<std::int64_t>& points) {
            tinyfleet::write_analysis_file(path, sweep_file(points));
            check_consistent(tinyfleet::read_analysis_file(path));  // must read back
            return tinyfleet::fuzz::read_bytes(path);
        };
        out.point0 = make({0});
        out.point1 = make({1});
        out.complete = make({0, 1});
        std::remove(path.c_str());
        return out;
    }();
    return b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Bases& b = bases();
    FuzzInput in(data, size);
    static const std::string edited = tinyfleet::fuzz::temp_path("analysis-edit");
    static const std::string partner = tinyfleet::fuzz::temp_path("analysis-partner");
    static const std::string merged = tinyfleet::fuzz::temp_path("analysis-merged");
    static const std::string written = tinyfleet::fuzz::temp_path("analysis-written");

    // Which file is edited, and what it is merged with.
    const std::uint8_t setup = in.byte() % 6;
    const std::string& base = setup < 2 ? b.point0 : setup < 4 ? b.point1 : b.complete;
    tinyfleet::fuzz::write_bytes(edited, base.data(), base.size());
    std::vector<std::string> inputs = {edited};
    if (setup < 4) {
        const std::string& other = setup < 2 ? b.point1 : b.point0;
        tinyfleet::fuzz::write_bytes(partner, other.data(), other.size());
        inputs.insert(setup % 2 == 0 ? inputs.end() : inputs.begin(), partner);  // edited file first or second
    } else if (setup == 5) {
        tinyfleet::fuzz::write_bytes(partner, b.point0.data(), b.point0.size());
        inputs.push_back(partner);  // a point given twice unless the edits hide it
    }

    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    {
        // Editing is not under test: HDF5's dimension-scale functions
        // dereference the references they find, and on a dangling one (a
        // coordinate deleted by an earlier edit) HDF5 1.10 leaks memory and
        // may leave objects open. So leaks of this phase are not reported,
        // and closing the file closes whatever it left open. HDF5 keeps
        // freed blocks on free lists for reuse: they are handed back to the
        // system before and after this phase, so that no block allocated
        // outside it (leak checking on) is lost inside it, and none of its
        // blocks is lost later by the code under test.
        H5garbage_collect();
        [[maybe_unused]] ScopedLeakCheckOff no_leak_check;
        H5Handle fapl{H5Pcreate(H5P_FILE_ACCESS), H5Pclose};
        H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG);
        const hid_t file = H5Fopen(edited.c_str(), H5F_ACC_RDWR, fapl.get());
        if (file < 0) finding("cannot reopen the base file");
        g_may_dangle = false;
        for (int i = 0; i < 12 && !in.empty(); ++i) edit(file, in);
        H5Eclear2(H5E_DEFAULT);
        if (H5Fclose(file) < 0 || H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL) != 0) {
            finding("H5Fclose failed after editing");  // see g_may_dangle
        }
        H5garbage_collect();
    }

    // 1. The reader alone.
    try {
        const AnalysisFile f = tinyfleet::read_analysis_file(edited);
        check_consistent(f);
        tinyfleet::write_analysis_file(written, f);  // what it read, it can write back
    } catch (const tinyfleet::InputError&) {
    }

    // 2. The merge of sweep point files.
    tinyfleet::MergeOptions o;
    o.inputs = inputs;
    o.output = merged;
    o.quiet = true;
    o.threads = 1;
    o.command_line = "tinyfleet merge (fuzz)";
    std::remove(merged.c_str());
    bool ok = true;
    try {
        tinyfleet::merge_command(o);
    } catch (const tinyfleet::InputError&) {
        ok = false;
    }
    if (ok) {
        AnalysisFile out;
        try {
            out = tinyfleet::read_analysis_file(merged);
        } catch (const tinyfleet::InputError& e) {
            finding(std::string("the merged file does not read back: ") + e.what());
        }
        check_consistent(out);
        std::int64_t sweep_size = -1;
        for (const AnalysisAttribute& a : out.attributes)
            if (a.name == "sweep_size" && a.kind == AnalysisAttribute::integer_kind) sweep_size = a.integer;
        if (sweep_size < 1) finding("the merged file has no sweep_size");
        for (const AnalysisGroup& g : out.groups)
            for (const AnalysisCoordinate& c : g.dimensions)
                if (c.name == "sweep_point") {
                    bool all = c.integers.size() == static_cast<std::size_t>(sweep_size);
                    for (std::size_t i = 0; all && i < c.integers.size(); ++i)
                        all = c.integers[i] == static_cast<std::int64_t>(i);
                    if (!all) finding("the merged sweep_point of '/" + g.name + "' is not 0..sweep_size-1");
                }
    }
    // Every HDF5 object the reader, the merge and the writer opened is closed
    // again (a leaked one keeps its file open: the next run could not reopen it).
    if (const ssize_t open = H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL); open != 0)
        finding(std::to_string(open) + " HDF5 objects left open");
    return 0;
}
