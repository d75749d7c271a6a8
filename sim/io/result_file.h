// The result file: HDF5, laid out so that h5py reads it directly and
// xarray.open_dataset() (netCDF4 engine) sees named dimensions.
//
//   /                      attributes: format="tinyfleet-results", format_version=1,
//                          program_version, program_commit, build_type,
//                          data_sha256, scenario_name, scenario_yaml,
//                          scenario_overrides, scenario_sha256, seed, samples,
//                          command_line, created_utc, fleet_mode, model_notes,
//                          common_random_numbers (int64 0/1; absent in older files),
//                          metrics, inputs; shard files add shard_index,
//                          shard_count, shard_first, run_samples
//   /year    [year]        dimension scale, int32, units "year"
//   /sample  [sample]      dimension scale, int64 realization index 0..N-1
//   /quantile[quantile]    dimension scale, float64 probability levels
//   /device_class [device_class] dimension scale, variable-length strings
//   /device_class_label [device_class]  the classes' human labels (CF auxiliary
//                          coordinate); absent in files written before labels
//   /samples/<metric>      [sample, year]         fleet total of each realization
//   /by_class/<metric>     [sample, class, year]  per device class
//   /summary/<metric>      [quantile, year]       quantiles over realizations
//   /summary/<metric>_mean [year], /summary/<metric>_std [year]
//   /inputs/<parameter>    [sample]               sampled global parameters
//   /payback/years         [sample, class]        device carbon payback time, years
//                                                 (+inf = never); optional
//   /payback/mean_lifetime_years [sample, class]  mean device lifetime of the class, years;
//                                                 written with /payback/years (absent in older files)
//   /payback/fleet_breakeven_year [sample]        first year with cumulative net <= 0
//                                                 (+inf = none in the window); optional
//   /cohort_error/relative_error [sample, class, quantity]  estimated relative error of
//                                                 the cohort mode's mean term; optional
//   /cohort_error/quantity [quantity]             its quantities (metric names)
// Every dataset has a "units" and a "long_name" attribute. Data sets are
// chunked (at most 1 MiB uncompressed, whole trailing axes as far as they
// fit: the whole year axis per chunk in practice) and compressed with the
// standard HDF5 pipeline shuffle + deflate (gzip) level 1, which every HDF5
// reader (h5py, netCDF4/xarray, h5dump) decodes. The writer applies those
// filters itself, in parallel, and stores the finished chunks; the stored
// bytes are the ones HDF5's own filters would produce. The file is written
// under a temporary name in the destination folder (.<name>.tmp-<pid>) and
// renamed only when complete. Objects carry no time stamps: the same result
// gives a byte-identical file, whatever the thread count.
//
// Details:
//  * String attributes are scalar variable-length UTF-8 strings; seed is
//    uint64, samples int64, format_version int32.
//  * "model_notes" is free text, one note per line (e.g. how bottom-up blocks
//    were computed); always written, possibly empty. The reader leaves it
//    empty when a file lacks it (files written before it existed).
//  * /payback exists only when RunResult::payback_years is not empty; the
//    reader leaves payback_years empty when the group is absent (older
//    files). Its values may be +infinity (stored as IEEE +inf, which h5py
//    and xarray read as inf): the device never pays back.
//  * /cohort_error exists only when RunResult::mean_term_error is not empty
//    (cohort-mode runs); the reader leaves it empty when the group is absent
//    (exact-mode and older files). Its values are finite and >= 0.
//  * Root attributes "metrics" and "inputs" list the metric and input names,
//    comma-separated, in RunResult order; the reader keeps that order.
//    Names may not contain ',' or '/' and may not be year, sample, quantile
//    or class.
//  * Each group also holds its own copies of the dimension scales its
//    datasets use (/samples/{sample,year}, /by_class/{sample,class,year},
//    /summary/{quantile,year}, /inputs/sample, /payback/{sample,class},
//    /cohort_error/{sample,class,quantity}), and
//    its datasets are attached to those copies:
//    xarray.open_dataset(path, group="by_class") then shows coordinate
//    values, not only dimension names (xarray does not inherit coordinates
//    from parent groups). h5py users can ignore them; they are
//    marked as dimension scales (CLASS="DIMENSION_SCALE").
//  * Link and attribute creation order are tracked and indexed in every
//    group and dataset, as netCDF-C prefers.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tinyfleet {

struct ResultMetric {
    std::string name;         // e.g. "emissions_total"
    std::string units;        // in the project's unit system, e.g. "kg CO2e/year"
    std::string long_name;    // short description, e.g. "Total emissions (CO2e)"
    std::string label;        // short human label, e.g. "Total emissions"; "" in version-1 files
    std::string cf_units;     // UDUNITS-2 spelling of units, e.g. "kg/year"; "" = units is one
    std::vector<double> by_class;  // [sample][class][year], row-major
    std::vector<double> totals;    // [sample][year], row-major (sum over classes)
    std::vector<double> quantiles; // [quantile][year]
    std::vector<double> mean;      // [year]
    std::vector<double> std;       // [year], sample standard deviation (n-1)
};

struct ResultInput {
    std::string name;   // global parameter name
    std::string units;  // as the scenario writes it
    std::vector<double> values;  // [sample]
    std::string long_name;  // short description; "" = "sampled global parameter <name>"
    std::string label;      // the parameter's label ("" = none)
    std::string cf_units;   // UDUNITS-2 spelling of units; "" = units is one
};

// Copies of a metric or an input with their names, units and labels but
// none of their values.
ResultMetric metric_without_values(const ResultMetric& m);
ResultInput input_without_values(const ResultInput& in);

struct RunResult {
    // Root metadata.
    std::string program_version;
    // Provenance (docs/result-format.md): the git commit the program was built
    // from ("-dirty" suffix, or "unknown"), its build type, and the SHA-256 of
    // the reference tables it read (sim/input/data_directory.h). Empty when
    // read from a file written before they were recorded.
    std::string program_commit;
    std::string build_type;
    std::string data_sha256;
    std::string scenario_name;
    std::string scenario_yaml;        // scenario text exactly as read
    std::string scenario_overrides;   // the --set overrides, one "path=value" per line
    std::string scenario_sha256;      // hex digest, see docs/result-format.md
    std::string command_line;
    std::string created_utc;          // ISO 8601, e.g. 2026-11-26T15:00:00Z
    std::string fleet_mode;           // "expected" for the foundation cohort model
    std::string model_notes;          // free text, one note per line; may be empty
    // Common random numbers as run (docs/model.md); nullopt: not recorded
    // (files written before the setting existed).
    std::optional<bool> common_random_numbers;
    std::uint64_t seed = 0;
    std::int64_t samples = 0;
    // Summary only (run --store summary): the file has no /samples and no
    // /by_class; metrics then carry no totals and no by_class values (the
    // writer ignores them, the reader leaves them empty). Root attribute
    // "stored" = "summary" (else "all").
    bool summary_only = false;

    // Coordinates.
    std::vector<int> years;
    std::vector<std::string> classes;
    // Short human label of each class (docs/result-format.md,
    // device_class_label); empty = none (files written before labels).
    std::vector<std::string> class_labels;
    std::vector<double> quantile_levels;

    std::vector<ResultMetric> metrics;
    std::vector<ResultInput> inputs;

    // Device carbon payback time per realization and class, in years of
    // operation: [sample][class], row-major; +infinity where the device never
    // pays back; empty = not written (no /payback group).
    std::vector<double> payback_years;
    // The class's mean device lifetime in the same realization [sample][class],
    // years (what the payback time is held against); written with the
    // payback data; empty = not written (older files).
    std::vector<double> mean_lifetime_years;

    // Shard files only (tinyfleet run --shard I/N, docs/result-format.md):
    // the file holds realizations [first, first + samples) of a run of
    // run_samples; the sample coordinate then counts from `first`. Absent
    // (nullopt) in complete results, including merged ones.
    struct Shard {
        std::int64_t index = 0, count = 1;  // shard I of N
        std::int64_t first = 0;             // first realization index in the file
        std::int64_t run_samples = 0;       // realizations of the whole run
    };
    std::optional<Shard> shard;
    // Breakeven year of the whole fleet per realization: the first simulated
    // year whose cumulative net emissions are <= 0; +infinity when none is.
    // Written with the payback data (/payback/fleet_breakeven_year [sample]);
    // empty = not written.
    std::vector<double> breakeven_year;

    // Cohort mode only: per realization and class, an estimate of the relative
    // error the mean term adds to each quantity summed over the simulated
    // window (sim/fleet/cohort_sum.cpp). [sample][class][quantity], row-major;
    // empty in the exact mode (no /cohort_error group). The quantities are
    // metric names, in the order of mean_term_error's last axis.
    std::vector<double> mean_term_error;
    std::vector<std::string> mean_term_quantities;
};

// Writes atomically: a temporary file in the destination folder, renamed over
// `path` on success and removed on failure. Throws RuntimeFailure on I/O errors.
//
// `threads` (values below 1 mean 1) compress chunks in parallel on oneTBB;
// HDF5 itself is only called from the calling thread. The file is streamed
// to disk: besides `result` itself (which `tinyfleet run` does not hold: its
// per-realization tables come precompressed from sim/io/result_stream.h, see the
// overload below) the writer holds three batches of
// compressed chunks, two chunk buffers per thread and HDF5's metadata cache
// (about 20 MiB with 2 threads, about 4 MiB per thread with more) plus 8
// bytes per realization (the sample coordinate), whatever the size of the
// data: peak memory grew by 17-23 MB writing the 53 MB result of 10^4
// realizations and the 527 MB result of 10^5 alike. (The former in-memory
// file image added about twice the compressed file size: 76 MB and 752 MB.)
void write_result_file(const std::string& path, const RunResult& result, int threads = 1);

// Per-realization datasets whose chunks were compressed before the file is
// written (sim/io/result_stream.h spools them while realizations stream in).
// Chunks are numbered in row-major order of the dataset's chunk grid, with the
// chunk shape of chunk_shape() (sim/io/chunk_codec.h), and hold exactly the bytes
// write_result_file would have stored for the same values, so the file does
// not depend on which datasets came precompressed.
class PrecompressedChunks {
public:
    virtual ~PrecompressedChunks() = default;
    // Whether the dataset at `path` (e.g. "/by_class/net") is supplied here;
    // its values in the RunResult are then ignored (and may be empty).
    virtual bool has(const std::string& path) const = 0;
    // The stored bytes of its chunk `index`. Called from several threads at once.
    virtual void read_chunk(const std::string& path, std::size_t index, std::vector<unsigned char>& out) const = 0;
};

// As above, taking the datasets `precompressed` has from it. /payback is
// written when result.payback_years is not empty or "/payback/years" is
// precompressed; /cohort_error likewise with mean_term_error and
// "/cohort_error/relative_error".
void write_result_file(const std::string& path, const RunResult& result, int threads,
                       const PrecompressedChunks* precompressed);

// Reads a file written by write_result_file. Throws InputError (exit 2) when
// the file is missing, is not HDF5, or is not a tinyfleet result (wrong
// "format" attribute, missing or mis-shaped dataset), naming what is wrong.
RunResult read_result_file(const std::string& path);

}  // namespace tinyfleet
