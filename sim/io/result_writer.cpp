// Writer of the result file (layout in sim/io/result_file.h).
//
//  * Only the HDF5 C API and the high-level dimension-scale API (H5DS) are
//    used, through sim/io/hdf5_writer.h: every identifier is owned and every
//    return code checked, so a failure (an I/O error, an allocation that
//    fails under a memory limit) is a RuntimeFailure and no partial file.
//  * The writer first creates every object (groups, datasets, attributes,
//    dimension scales), then fills the numeric datasets chunk by chunk
//    (sim/io/parallel_chunk_writer.h). Object time stamps are off, so equal
//    results give byte-identical files.
//  * The file is streamed to its temporary file (sim/io/atomic_file.h)
//    through a small virtual file driver that never lets HDF5 see an I/O
//    error (sim/io/stream_file_driver.h), then committed over the destination.
//  * netCDF compatibility (xarray, netCDF4 engine): link and attribute
//    creation order are tracked and indexed in the file, every group and
//    every dataset (netCDF-C iterates in creation order when it can and
//    refuses to open files for writing without it). netCDF-C resolves a
//    dataset's dimension scales in its own group and in the parent groups,
//    so named dimensions would work with the scales at the root only; but
//    xarray.open_dataset(path, group=...) shows coordinate *values* only for
//    coordinate variables of that group. Each group therefore carries its own
//    copy of the scales its datasets use (e.g. /by_class/sample,
//    /by_class/device_class, /by_class/year), and its datasets are attached to those
//    local copies. The root keeps all four scales as well.
//  * Optional parts: the writer always writes model_notes, writes /payback
//    when there is payback data and /cohort_error when there are cohort-mode
//    error estimates.
#include "sim/io/result_file.h"

#include <hdf5.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>

#include "sim/io/atomic_file.h"
#include "sim/io/chunk_codec.h"
#include "sim/io/hdf5_writer.h"
#include "sim/io/parallel_chunk_writer.h"
#include "sim/io/result_layout.h"
#include "sim/io/stream_file_driver.h"

namespace tinyfleet {

using namespace result_layout;

ResultMetric metric_without_values(const ResultMetric& m) {
    ResultMetric out;
    out.name = m.name;
    out.units = m.units;
    out.long_name = m.long_name;
    out.label = m.label;
    out.cf_units = m.cf_units;
    return out;
}

ResultInput input_without_values(const ResultInput& in) {
    ResultInput out;
    out.name = in.name;
    out.units = in.units;
    out.long_name = in.long_name;
    out.label = in.label;
    out.cf_units = in.cf_units;
    return out;
}

namespace {

std::string join(const std::vector<std::string>& parts, char sep) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) out += sep;
        out += parts[i];
    }
    return out;
}

// Creates and annotates one chunked, shuffled, deflated dataset; a dataset
// with no elements is contiguous (chunks need non-zero extents). `full_name`
// is the dataset's path; `chunk` receives the chunk shape (empty when not
// chunked).
H5Handle create_dataset(const Hdf5Writer& w, hid_t group, const std::string& full_name, const std::string& name,
                        hid_t file_type, std::size_t element_size, const std::vector<hsize_t>& dims,
                        const std::string& units, const std::string& long_name, std::vector<hsize_t>& chunk,
                        const double* fill = nullptr) {
    const std::string what = "'" + full_name + "'";
    H5Handle space = w.simple_space(dims, what);
    H5Handle dcpl = w.dataset_creation_plist(what);
    hsize_t elements = 1;
    for (hsize_t d : dims) elements *= d;
    chunk.clear();
    if (elements > 0) {
        chunk = chunk_shape(dims, element_size);
        w.check(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()), "H5Pset_chunk(" + what + ")");
        w.check(H5Pset_shuffle(dcpl.get()), "H5Pset_shuffle(" + what + ")");
        w.check(H5Pset_deflate(dcpl.get(), static_cast<unsigned>(kDeflateLevel)), "H5Pset_deflate(" + what + ")");
    }
    if (fill != nullptr) w.check(H5Pset_fill_value(dcpl.get(), H5T_NATIVE_DOUBLE, fill), "H5Pset_fill_value(" + what + ")");
    H5Handle ds = w.handle(H5Dcreate2(group, name.c_str(), file_type, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                           H5Dclose, "H5Dcreate2(" + what + ")");
    // A string variable (the class coordinate) has no unit (CF 3.1).
    if (!units.empty()) w.string_attribute(ds.get(), full_name, "units", units);
    w.string_attribute(ds.get(), full_name, "long_name", long_name);
    if (fill != nullptr)
        w.scalar_attribute(ds.get(), full_name, "_FillValue", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, *fill);
    return ds;
}

// A numeric dataset; its chunks are compressed and written later by
// write_chunks (`data` must stay valid until then).
H5Handle numbers(const Hdf5Writer& w, WritePlan& plan, hid_t group, const std::string& full_name,
                 const std::string& name, hid_t file_type, std::size_t element_size, const std::vector<hsize_t>& dims,
                 const void* data, const std::string& units, const std::string& long_name,
                 const double* fill = nullptr) {
    std::vector<hsize_t> chunk;
    H5Handle ds = create_dataset(w, group, full_name, name, file_type, element_size, dims, units, long_name, chunk, fill);
    if (!chunk.empty()) {
        const bool precompressed = plan.precompressed != nullptr && plan.precompressed->has(full_name);
        plan.data.push_back({full_name, static_cast<const unsigned char*>(data), element_size, dims, std::move(chunk),
                             precompressed});
    }
    return ds;
}

H5Handle doubles(const Hdf5Writer& w, WritePlan& plan, hid_t group, const std::string& group_name,
                 const std::string& name, const std::vector<hsize_t>& dims, const std::vector<double>& values,
                 const std::string& units, const std::string& long_name, const double* fill = nullptr) {
    return numbers(w, plan, group, "/" + group_name + "/" + name, name, H5T_IEEE_F64LE, sizeof(double), dims,
                   values.data(), units, long_name, fill);
}

// The attributes beyond CF's that tables and figures use: the short human
// label and the unit in the project's unit system (which names CO2e).
void label_attributes(const Hdf5Writer& w, hid_t ds, const std::string& full_name, const std::string& label,
                      const std::string& project_units) {
    if (!label.empty()) w.string_attribute(ds, full_name, "label", label);
    w.string_attribute(ds, full_name, "tinyfleet_units", project_units);
}

const std::string& cf_units_of(const ResultMetric& m) { return m.cf_units.empty() ? m.units : m.cf_units; }
const std::string& cf_units_of(const ResultInput& in) { return in.cf_units.empty() ? in.units : in.cf_units; }

// Payback and breakeven years with "never" (+inf) as the fill value.
std::vector<double> with_never_filled(const std::vector<double>& values) {
    std::vector<double> out(values.size());
    std::transform(values.begin(), values.end(), out.begin(), stored_never);
    return out;
}

// A 1-D dataset of variable-length UTF-8 strings, written now through HDF5's
// own filter pipeline (it is tiny).
H5Handle strings(const Hdf5Writer& w, hid_t group, const std::string& full_name, const std::string& name,
                 const std::vector<std::string>& values, const std::string& units, const std::string& long_name) {
    H5Handle type = w.string_type();
    const std::vector<hsize_t> dims{values.size()};
    std::vector<hsize_t> chunk;
    H5Handle ds = create_dataset(w, group, full_name, name, type.get(), sizeof(const char*), dims, units, long_name,
                                 chunk);
    if (!values.empty()) w.write_strings(ds.get(), values, full_name);
    return ds;
}

// The dimension-scale datasets of one group; only the requested ones exist.
struct Scales {
    H5Handle year, sample, quantile, klass;
};

struct ScaleSet {
    bool year = false, sample = false, quantile = false, klass = false;
};

Scales write_scales(const Hdf5Writer& w, WritePlan& plan, hid_t group, const std::string& group_path,
                    ScaleSet which, const RunResult& r) {
    // group_path is "" for the root, "/samples" etc. for groups.
    Scales s;
    auto full = [&](const char* name) { return group_path + "/" + name; };
    if (which.year) {
        const std::string n = full(kYear);
        const std::vector<hsize_t> dims{plan.years.size()};
        s.year = numbers(w, plan, group, n, kYear, H5T_STD_I64LE, sizeof(std::int64_t), dims, plan.years.data(),
                           "year", "calendar year");
        w.make_scale(s.year.get(), n, kYear);
    }
    if (which.sample) {
        const std::string n = full(kSample);
        const std::vector<hsize_t> dims{plan.sample_index.size()};
        s.sample = numbers(w, plan, group, n, kSample, H5T_STD_I64LE, sizeof(std::int64_t), dims,
                             plan.sample_index.data(), "1", "realization index");
        w.make_scale(s.sample.get(), n, kSample);
    }
    if (which.quantile) {
        const std::string n = full(kQuantile);
        const std::vector<hsize_t> dims{r.quantile_levels.size()};
        s.quantile = numbers(w, plan, group, n, kQuantile, H5T_IEEE_F64LE, sizeof(double), dims,
                               r.quantile_levels.data(), "1", "probability level");
        w.make_scale(s.quantile.get(), n, kQuantile);
    }
    if (which.klass) {
        const std::string n = full(kClass);
        s.klass = strings(w, group, n, kClass, r.classes, "", "device class");
        w.make_scale(s.klass.get(), n, kClass);
        // The classes' human labels: a CF auxiliary coordinate along the
        // class dimension, named by the `coordinates` attribute of the
        // variables that use the dimension (attach_class).
        if (!r.class_labels.empty()) {
            const std::string l = full(kClassLabel);
            H5Handle labels = strings(w, group, l, kClassLabel, r.class_labels, "", "Device class label");
            w.attach(labels.get(), l, s.klass.get(), kClass, 0);
            w.close(labels, "'" + l + "'");
        }
    }
    return s;
}

// Attaches the class dimension scale as dimension `index` of `ds` and names
// the class labels, when the file has them, as its auxiliary coordinate.
void attach_class(const Hdf5Writer& w, const RunResult& r, hid_t ds, const std::string& full_name, hid_t klass,
                  unsigned index) {
    w.attach(ds, full_name, klass, kClass, index);
    if (!r.class_labels.empty()) w.string_attribute(ds, full_name, "coordinates", kClassLabel);
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
void validate(const Hdf5Writer& w, const RunResult& r, const PrecompressedChunks* pre) {
    auto given = [&](const std::string& path) { return pre != nullptr && pre->has(path); };
    if (r.samples < 1) w.fail("samples must be at least 1, got " + std::to_string(r.samples));
    if (r.shard && (r.shard->count < 1 || r.shard->index < 0 || r.shard->index >= r.shard->count ||
                    r.shard->first < 0 || r.shard->first + r.samples > r.shard->run_samples))
        w.fail("inconsistent shard attributes");
    if (r.years.empty()) w.fail("no years");
    if (r.classes.empty()) w.fail("no device classes");
    if (!r.class_labels.empty() && r.class_labels.size() != r.classes.size())
        w.fail(std::to_string(r.class_labels.size()) + " class labels for " + std::to_string(r.classes.size()) +
               " classes");
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
        if (!given("/by_class/" + m.name) && !r.summary_only)
            expect(what + "by_class", m.by_class.size(), n * c * y, "(samples x classes x years)");
        if (!given("/samples/" + m.name) && !r.summary_only)
            expect(what + "totals", m.totals.size(), n * y, "(samples x years)");
        expect(what + "quantiles", m.quantiles.size(), q * y, "(quantile levels x years)");
        expect(what + "mean", m.mean.size(), y, "(years)");
        expect(what + "std", m.std.size(), y, "(years)");
    }
    std::set<std::string> input_names;
    for (const ResultInput& in : r.inputs) {
        if (!valid_name(in.name) || is_reserved_name(in.name)) w.fail("invalid input name '" + in.name + "'");
        if (!input_names.insert(in.name).second) w.fail("input '" + in.name + "' appears twice");
        if (!given("/inputs/" + in.name)) expect("input '" + in.name + "'", in.values.size(), n, "(samples)");
    }
    const bool payback_given = given("/payback/years");
    if (!r.payback_years.empty() && !payback_given) {
        expect("payback_years", r.payback_years.size(), n * c, "(samples x classes)");
    }
    if (!r.mean_lifetime_years.empty() && !given(kMeanLifetimePath)) {
        if (r.payback_years.empty() && !payback_given) w.fail("mean_lifetime_years is written with the payback data, which is missing");
        expect("mean_lifetime_years", r.mean_lifetime_years.size(), n * c, "(samples x classes)");
    }
    if (!r.breakeven_year.empty() && !given("/payback/fleet_breakeven_year")) {
        if (r.payback_years.empty() && !payback_given) w.fail("breakeven_year is written with the payback data, which is missing");
        expect("breakeven_year", r.breakeven_year.size(), n, "(samples)");
    }
    const bool errors_given = given(kCohortErrorPath);
    if (!r.mean_term_error.empty() || errors_given) {
        const std::size_t k = r.mean_term_quantities.size();
        if (k == 0) w.fail("mean_term_error without its quantities");
        std::set<std::string> quantities;
        for (const std::string& name : r.mean_term_quantities)
            if (!valid_name(name) || !quantities.insert(name).second)
                w.fail("invalid or repeated mean_term_error quantity '" + name + "'");
        if (!errors_given) expect("mean_term_error", r.mean_term_error.size(), n * c * k, "(samples x classes x quantities)");
    }
}

// Creates every group, dataset, attribute and dimension scale of the file;
// numeric data is only queued in `plan` (write_chunks writes it). The steps
// run in this order, which fixes the file's bytes.
class ContentWriter {
public:
    ContentWriter(const Hdf5Writer& w, hid_t file, const RunResult& r, WritePlan& plan)
        : w_(w), file_(file), r_(r), plan_(plan), n_(static_cast<hsize_t>(r.samples)), y_(r.years.size()),
          c_(r.classes.size()), q_(r.quantile_levels.size()) {
        plan_.sample_index.resize(static_cast<std::size_t>(n_));
        const std::int64_t first = r.shard ? r.shard->first : 0;  // shards keep their realizations' indices
        for (std::size_t i = 0; i < plan_.sample_index.size(); ++i)
            plan_.sample_index[i] = first + static_cast<std::int64_t>(i);
        plan_.years.assign(r.years.begin(), r.years.end());
    }

    void write() {
        write_root();
        if (!r_.summary_only) {
            write_samples();
            write_by_class();
        }
        write_summary();
        write_inputs();
        if (!r_.payback_years.empty() || (plan_.precompressed != nullptr && plan_.precompressed->has("/payback/years")))
            write_payback();
        if (!r_.mean_term_error.empty() || (plan_.precompressed != nullptr && plan_.precompressed->has(kCohortErrorPath)))
            write_cohort_error();
    }

private:
    // Root attributes and the four root dimension scales.
    void write_root() {
        std::vector<std::string> metric_names, input_names;
        for (const ResultMetric& m : r_.metrics) metric_names.push_back(m.name);
        for (const ResultInput& in : r_.inputs) input_names.push_back(in.name);
        H5Handle root = w_.handle(H5Gopen2(file_, "/", H5P_DEFAULT), H5Gclose, "H5Gopen2('/')");
        const hid_t g = root.get();
        w_.string_attribute(g, "/", "Conventions", kConventions);
        w_.string_attribute(g, "/", "title", "tinyfleet fleet carbon footprint: " + r_.scenario_name);
        w_.string_attribute(g, "/", "institution", kInstitution);
        w_.string_attribute(g, "/", "source", "tinyfleet " + r_.program_version + " (" + r_.program_commit + "), " +
                                                 r_.fleet_mode + " fleet mode");
        w_.string_attribute(g, "/", "history", r_.created_utc + ": " + r_.command_line);
        w_.string_attribute(g, "/", "references", kReferences);
        w_.string_attribute(g, "/", "format", kFormat);
        w_.scalar_attribute(g, "/", "format_version", H5T_STD_I32LE, H5T_NATIVE_INT32, kFormatVersion);
        w_.string_attribute(g, "/", "program_version", r_.program_version);
        w_.string_attribute(g, "/", "program_commit", r_.program_commit);
        w_.string_attribute(g, "/", "build_type", r_.build_type);
        w_.string_attribute(g, "/", "data_sha256", r_.data_sha256);
        w_.string_attribute(g, "/", "scenario_name", r_.scenario_name);
        w_.string_attribute(g, "/", "scenario_yaml", r_.scenario_yaml);
        w_.string_attribute(g, "/", "scenario_overrides", r_.scenario_overrides);
        w_.string_attribute(g, "/", "scenario_sha256", r_.scenario_sha256);
        w_.scalar_attribute(g, "/", "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, r_.seed);
        w_.scalar_attribute(g, "/", "samples", H5T_STD_I64LE, H5T_NATIVE_INT64, r_.samples);
        w_.string_attribute(g, "/", "stored", r_.summary_only ? kStoredSummary : kStoredAll);
        w_.string_attribute(g, "/", "command_line", r_.command_line);
        w_.string_attribute(g, "/", "created_utc", r_.created_utc);
        w_.string_attribute(g, "/", "fleet_mode", r_.fleet_mode);
        w_.string_attribute(g, "/", "model_notes", r_.model_notes);
        if (r_.common_random_numbers)
            w_.scalar_attribute(g, "/", "common_random_numbers", H5T_STD_I64LE, H5T_NATIVE_INT64,
                                std::int64_t{*r_.common_random_numbers});
        w_.string_attribute(g, "/", "metrics", join(metric_names, ','));
        w_.string_attribute(g, "/", "inputs", join(input_names, ','));
        if (r_.shard) {
            w_.scalar_attribute(g, "/", "shard_index", H5T_STD_I64LE, H5T_NATIVE_INT64, r_.shard->index);
            w_.scalar_attribute(g, "/", "shard_count", H5T_STD_I64LE, H5T_NATIVE_INT64, r_.shard->count);
            w_.scalar_attribute(g, "/", "shard_first", H5T_STD_I64LE, H5T_NATIVE_INT64, r_.shard->first);
            w_.scalar_attribute(g, "/", "run_samples", H5T_STD_I64LE, H5T_NATIVE_INT64, r_.shard->run_samples);
        }
        Scales s = write_scales(w_, plan_, g, "", {true, true, true, true}, r_);
        w_.close(s.year, "'/year'");
        w_.close(s.sample, "'/sample'");
        w_.close(s.quantile, "'/quantile'");
        w_.close(s.klass, "'/device_class'");
        w_.close(root, "'/'");
    }

    // /samples/<metric> [sample, year]
    void write_samples() {
        H5Handle g = w_.group(file_, "samples", "/samples");
        Scales s = write_scales(w_, plan_, g.get(), "/samples", {.year = true, .sample = true}, r_);
        for (const ResultMetric& m : r_.metrics) {
            const std::string full = "/samples/" + m.name;
            H5Handle ds = doubles(w_, plan_, g.get(), "samples", m.name, {n_, y_}, m.totals, cf_units_of(m), m.long_name);
            label_attributes(w_, ds.get(), full, m.label, m.units);
            w_.attach(ds.get(), full, s.sample.get(), kSample, 0);
            w_.attach(ds.get(), full, s.year.get(), kYear, 1);
            w_.close(ds, "'" + full + "'");
        }
        w_.close(s.sample, "'/samples/sample'");
        w_.close(s.year, "'/samples/year'");
        w_.close(g, "'/samples'");
    }

    // /by_class/<metric> [sample, class, year]
    void write_by_class() {
        H5Handle g = w_.group(file_, "by_class", "/by_class");
        Scales s = write_scales(w_, plan_, g.get(), "/by_class", {.year = true, .sample = true, .klass = true}, r_);
        for (const ResultMetric& m : r_.metrics) {
            const std::string full = "/by_class/" + m.name;
            H5Handle ds = doubles(w_, plan_, g.get(), "by_class", m.name, {n_, c_, y_}, m.by_class, cf_units_of(m),
                                  m.long_name);
            label_attributes(w_, ds.get(), full, m.label, m.units);
            w_.attach(ds.get(), full, s.sample.get(), kSample, 0);
            attach_class(w_, r_, ds.get(), full, s.klass.get(), 1);
            w_.attach(ds.get(), full, s.year.get(), kYear, 2);
            w_.close(ds, "'" + full + "'");
        }
        w_.close(s.sample, "'/by_class/sample'");
        w_.close(s.klass, "'/by_class/device_class'");
        w_.close(s.year, "'/by_class/year'");
        w_.close(g, "'/by_class'");
    }

    // /summary/<metric> [quantile, year], <metric>_mean [year], <metric>_std [year]
    void write_summary() {
        H5Handle g = w_.group(file_, "summary", "/summary");
        Scales s = write_scales(w_, plan_, g.get(), "/summary", {.year = true, .quantile = true}, r_);
        for (const ResultMetric& m : r_.metrics) {
            const std::string full = "/summary/" + m.name;
            H5Handle ds = doubles(w_, plan_, g.get(), "summary", m.name, {q_, y_}, m.quantiles, cf_units_of(m),
                                  m.long_name + ", quantiles");
            label_attributes(w_, ds.get(), full, m.label, m.units);
            w_.attach(ds.get(), full, s.quantile.get(), kQuantile, 0);
            w_.attach(ds.get(), full, s.year.get(), kYear, 1);
            w_.close(ds, "'" + full + "'");

            H5Handle mean = doubles(w_, plan_, g.get(), "summary", m.name + "_mean", {y_}, m.mean, cf_units_of(m),
                                    m.long_name + ", mean");
            label_attributes(w_, mean.get(), full + "_mean", m.label, m.units);
            w_.attach(mean.get(), full + "_mean", s.year.get(), kYear, 0);
            w_.close(mean, "'" + full + "_mean'");

            H5Handle sd = doubles(w_, plan_, g.get(), "summary", m.name + "_std", {y_}, m.std, cf_units_of(m),
                                  m.long_name + ", std. dev.");
            label_attributes(w_, sd.get(), full + "_std", m.label, m.units);
            w_.attach(sd.get(), full + "_std", s.year.get(), kYear, 0);
            w_.close(sd, "'" + full + "_std'");
        }
        w_.close(s.quantile, "'/summary/quantile'");
        w_.close(s.year, "'/summary/year'");
        w_.close(g, "'/summary'");
    }

    // /inputs/<parameter> [sample]
    void write_inputs() {
        H5Handle g = w_.group(file_, "inputs", "/inputs");
        Scales s = write_scales(w_, plan_, g.get(), "/inputs", {.sample = true}, r_);
        for (const ResultInput& in : r_.inputs) {
            const std::string full = "/inputs/" + in.name;
            H5Handle ds = doubles(w_, plan_, g.get(), "inputs", in.name, {n_}, in.values, cf_units_of(in),
                                  in.long_name.empty() ? "sampled global parameter " + in.name : in.long_name);
            label_attributes(w_, ds.get(), full, in.label, in.units);
            w_.attach(ds.get(), full, s.sample.get(), kSample, 0);
            w_.close(ds, "'" + full + "'");
        }
        w_.close(s.sample, "'/inputs/sample'");
        w_.close(g, "'/inputs'");
    }

    // /payback/years and /payback/mean_lifetime_years [sample, class], /payback/fleet_breakeven_year [sample].
    void write_payback() {
        H5Handle g = w_.group(file_, "payback", "/payback");
        Scales s = write_scales(w_, plan_, g.get(), "/payback", {.sample = true, .klass = true}, r_);
        const std::string full = "/payback/years";
        const std::vector<double>& stored = plan_.derived.emplace_back(with_never_filled(r_.payback_years));
        H5Handle ds = doubles(w_, plan_, g.get(), "payback", "years", {n_, c_}, stored, "years",
                              "Carbon payback time", &kNeverFill);
        w_.string_attribute(ds.get(), full, "comment",
                            "years of operation after which a device's avoided emissions exceed its life-cycle "
                            "emissions; _FillValue: the device never pays back");
        w_.attach(ds.get(), full, s.sample.get(), kSample, 0);
        attach_class(w_, r_, ds.get(), full, s.klass.get(), 1);
        w_.close(ds, "'" + full + "'");
        if (!r_.mean_lifetime_years.empty() || (plan_.precompressed != nullptr && plan_.precompressed->has(kMeanLifetimePath))) {
            H5Handle d = doubles(w_, plan_, g.get(), "payback", kMeanLifetime, {n_, c_}, r_.mean_lifetime_years,
                                 "years",
                                 "Mean device lifetime");
            w_.string_attribute(d.get(), kMeanLifetimePath, "comment",
                                "the class's mean device lifetime in the realization: a payback time above it "
                                "is not repaid within the device's life");
            w_.attach(d.get(), kMeanLifetimePath, s.sample.get(), kSample, 0);
            attach_class(w_, r_, d.get(), kMeanLifetimePath, s.klass.get(), 1);
            w_.close(d, std::string("'") + kMeanLifetimePath + "'");
        }
        if (!r_.breakeven_year.empty()) {
            const std::string be = "/payback/fleet_breakeven_year";
            const std::vector<double>& stored_years = plan_.derived.emplace_back(with_never_filled(r_.breakeven_year));
            H5Handle d = doubles(w_, plan_, g.get(), "payback", "fleet_breakeven_year", {n_}, stored_years,
                                 "year", "Fleet breakeven year", &kNeverFill);
            w_.string_attribute(d.get(), be, "comment",
                                "first calendar year in which the whole fleet's cumulative net emissions are <= 0; "
                                "_FillValue: not within the simulated years");
            w_.attach(d.get(), be, s.sample.get(), kSample, 0);
            w_.close(d, "'" + be + "'");
        }
        w_.close(s.sample, "'/payback/sample'");
        w_.close(s.klass, "'/payback/device_class'");
        w_.close(g, "'/payback'");
    }

    // /cohort_error/relative_error [sample, class, quantity], with its own
    // string coordinate /cohort_error/quantity (the metric names).
    void write_cohort_error() {
        const std::string group_path = std::string("/") + kCohortErrorGroup;
        H5Handle g = w_.group(file_, kCohortErrorGroup, group_path);
        Scales s = write_scales(w_, plan_, g.get(), group_path, {.sample = true, .klass = true}, r_);
        const std::string quantity_path = group_path + "/" + kQuantity;
        H5Handle quantity = strings(w_, g.get(), quantity_path, kQuantity, r_.mean_term_quantities, "",
                                    "Quantity (metric name)");
        w_.make_scale(quantity.get(), quantity_path, kQuantity);
        const hsize_t k = r_.mean_term_quantities.size();
        H5Handle ds = doubles(w_, plan_, g.get(), kCohortErrorGroup, kRelativeError, {n_, c_, k}, r_.mean_term_error,
                              "1", "Cohort mean-term relative error");
        w_.string_attribute(ds.get(), kCohortErrorPath, "description",
                            "Half the absolute difference between the mean terms built from the two halves of "
                            "the class's scrambled Sobol' net of representative devices, divided by the absolute "
                            "value of the class's quantity, both summed over the simulated years: a conservative "
                            "estimate of the error the whole net's mean term adds.");
        w_.attach(ds.get(), kCohortErrorPath, s.sample.get(), kSample, 0);
        attach_class(w_, r_, ds.get(), kCohortErrorPath, s.klass.get(), 1);
        w_.attach(ds.get(), kCohortErrorPath, quantity.get(), kQuantity, 2);
        w_.close(ds, std::string("'") + kCohortErrorPath + "'");
        w_.close(s.sample, "'" + group_path + "/sample'");
        w_.close(s.klass, "'" + group_path + "/device_class'");
        w_.close(quantity, "'" + quantity_path + "'");
        w_.close(g, "'" + group_path + "'");
    }

    const Hdf5Writer& w_;
    hid_t file_;
    const RunResult& r_;
    WritePlan& plan_;
    hsize_t n_, y_, c_, q_;
};

// Reports an I/O error the streaming driver recorded.
void check_stream(const Hdf5Writer& w, const StreamTarget& target, const std::string& temp) {
    if (target.error != 0)
        w.fail(std::string(target.failed_call) + "('" + temp + "') failed: " + std::strerror(target.error));
}

// Starts writing the file's new pages to disk while compression goes on
// (asynchronous; errors surface at fsync), so that the final fsync is short.
void start_writeback(int fd) {
#ifdef __linux__
    ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#else
    (void)fd;
#endif
}

}  // namespace

void write_result_file(const std::string& path, const RunResult& result, int threads) {
    write_result_file(path, result, threads, nullptr);
}

void write_result_file(const std::string& path, const RunResult& result, int threads,
                       const PrecompressedChunks* precompressed) {
    const Hdf5Writer w("result file", path);
    w.prepare();
    validate(w, result, precompressed);

    AtomicFile out(path, "result file");
    w.require_memory();
    StreamTarget stream;
    stream.fd = out.fd();
    {
        H5Handle fcpl = w.file_creation_plist();
        H5Handle fapl = w.handle(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "H5Pcreate(H5P_FILE_ACCESS)");
        w.check(use_stream_driver(fapl.get(), stream), "H5Pset_driver(streaming file driver)");
        // Strong close: if an exception leaves objects open, closing the
        // file still releases everything.
        w.check(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG), "H5Pset_fclose_degree");
        H5Handle file = w.handle(H5Fcreate(out.temp_path().c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()), H5Fclose,
                                 "H5Fcreate('" + out.temp_path() + "')");
        WritePlan plan;
        plan.precompressed = precompressed;
        ContentWriter(w, file.get(), result, plan).write();
        check_stream(w, stream, out.temp_path());
        write_chunks(w, file.get(), plan, threads, [&] {
            check_stream(w, stream, out.temp_path());
            start_writeback(out.fd());
        });
        w.check(file.close(), "H5Fclose('" + out.temp_path() + "')");
    }
    check_stream(w, stream, out.temp_path());
    out.commit();
}

}  // namespace tinyfleet
