#include "sim/app/merge.h"

#include <algorithm>
#include <cstdio>

#include "sim/app/rank_correlation_notes.h"
#include "sim/app/same_build.h"
#include "sim/io/analysis_file.h"
#include "sim/io/isolated_read.h"
#include "sim/engine/input_error.h"
#include "sim/io/result_file.h"
#include "sim/io/result_stream.h"
#include "sim/input/scenario_source.h"
#include "sim/engine/shard.h"
#include "sim/app/sweep_merge.h"
#include "sim/io/output_rule.h"
#include "sim/io/utc_time.h"

namespace tinyfleet {

namespace {

// One shard file: its metadata (the per-realization tables are dropped after
// the checks, so that merging holds one shard at a time).
struct Piece {
    std::string path;
    RunResult file;
    bool payback = false, breakeven = false;  // whether /payback/years and fleet_breakeven_year exist
    bool cohort_error = false;                // whether /cohort_error exists
    bool mean_lifetime = false;               // whether /payback/mean_lifetime_years exists
    RealizationRange range() const {
        return {static_cast<std::uint64_t>(file.shard->first), static_cast<std::uint64_t>(file.samples)};
    }
    MadeBy made_by() const { return {path, file.program_version, file.program_commit, file.build_type, file.data_sha256}; }
    std::string label() const {
        return "'" + path + "' (shard " + std::to_string(file.shard->index) + "/" +
               std::to_string(file.shard->count) + ", " + range_text(range()) + ")";
    }
};

template <class T>
std::string list_text(const std::vector<T>& v) {
    std::string out;
    for (const auto& x : v) {
        if (!out.empty()) out += ",";
        if constexpr (std::is_same_v<T, std::string>) out += x;
        else out += std::to_string(x);
    }
    return out;
}

// Everything that must agree for the shards to be parts of one run (the
// build and data only unless --allow-different-builds).
void check_same_run(const Piece& a, const Piece& b, bool allow_different_builds) {
    auto differ = [&](const std::string& what, const std::string& va, const std::string& vb) {
        throw InputError("cannot merge: '" + b.path + "' and '" + a.path + "' are not shards of the same run: " +
                         what + " differs ('" + vb + "' vs '" + va + "')");
    };
    const RunResult &x = a.file, &y = b.file;
    if (x.seed != y.seed) differ("the seed", std::to_string(x.seed), std::to_string(y.seed));
    require_same_build(a.made_by(), b.made_by(), allow_different_builds);
    if (x.shard->run_samples != y.shard->run_samples)
        differ("the run's samples (run_samples)", std::to_string(x.shard->run_samples),
               std::to_string(y.shard->run_samples));
    // Checked after seed and samples: --seed and --samples are recorded as
    // overrides and so change the hash too; the specific message is clearer.
    if (x.scenario_sha256 != y.scenario_sha256) differ("the scenario (scenario_sha256)", x.scenario_sha256, y.scenario_sha256);
    if (x.fleet_mode != y.fleet_mode) differ("fleet_mode", x.fleet_mode, y.fleet_mode);
    if (x.years != y.years) differ("the years", list_text(x.years), list_text(y.years));
    if (x.classes != y.classes) differ("the classes", list_text(x.classes), list_text(y.classes));
    if (x.quantile_levels != y.quantile_levels)
        differ("the quantile levels", list_text(x.quantile_levels), list_text(y.quantile_levels));
    std::vector<std::string> mx, my, ix, iy;
    for (const auto& m : x.metrics) mx.push_back(m.name + "[" + m.units + "]");
    for (const auto& m : y.metrics) my.push_back(m.name + "[" + m.units + "]");
    for (const auto& i : x.inputs) ix.push_back(i.name + "[" + i.units + "]");
    for (const auto& i : y.inputs) iy.push_back(i.name + "[" + i.units + "]");
    if (mx != my) differ("the metrics", list_text(mx), list_text(my));
    if (ix != iy) differ("the inputs", list_text(ix), list_text(iy));
    if (a.breakeven != b.breakeven)
        differ("the presence of /payback/fleet_breakeven_year", a.breakeven ? "present" : "absent",
               b.breakeven ? "present" : "absent");
    if (a.payback != b.payback)
        differ("the presence of /payback", a.payback ? "present" : "absent", b.payback ? "present" : "absent");
    if (a.mean_lifetime != b.mean_lifetime)
        differ("the presence of /payback/mean_lifetime_years", a.mean_lifetime ? "present" : "absent",
               b.mean_lifetime ? "present" : "absent");
    if (a.cohort_error != b.cohort_error)
        differ("the presence of /cohort_error", a.cohort_error ? "present" : "absent",
               b.cohort_error ? "present" : "absent");
    if (x.mean_term_quantities != y.mean_term_quantities)
        differ("the quantities of /cohort_error", list_text(x.mean_term_quantities), list_text(y.mean_term_quantities));
}

// A shard names its range twice: by shard_index/shard_count (the range
// `run --shard I/N` computes, sim/engine/shard.h) and by shard_first and
// samples (which the reader checked against the file's sample coordinate).
// Files whose two names disagree were edited: merging them by either would
// put rows in the wrong place.
void require_claimed_range(const Piece& p) {
    const RunResult::Shard& sh = *p.file.shard;
    const RealizationRange claimed = split_range({0, static_cast<std::uint64_t>(sh.run_samples)},
                                                 static_cast<std::uint64_t>(sh.index), static_cast<std::uint64_t>(sh.count));
    const RealizationRange held = p.range();
    if (claimed.first != held.first || claimed.count != held.count)
        throw InputError("cannot merge '" + p.path + "': its attributes disagree: shard_index " +
                         std::to_string(sh.index) + " of shard_count " + std::to_string(sh.count) + " is " +
                         range_text(claimed) + " of " + std::to_string(sh.run_samples) + ", but shard_first " +
                         std::to_string(sh.first) + " and samples " + std::to_string(p.file.samples) + " (and its "
                         "sample coordinate) say " + range_text(held) + "; the file was edited or damaged");
}

// Keeps what identifies the run; frees the per-realization tables.
void drop_rows(RunResult& f) {
    for (ResultMetric& m : f.metrics) m.by_class = m.totals = m.quantiles = m.mean = m.std = {};
    for (ResultInput& in : f.inputs) in.values = {};
    f.payback_years = {};
    f.mean_lifetime_years = {};
    f.breakeven_year = {};
    f.mean_term_error = {};
}

// Rows per block appended to the merged file: bounds the compressed chunks
// in flight, as a run's blocks do.
constexpr std::size_t merge_block_rows = 4096;

}  // namespace

int merge_command(const MergeOptions& o) {
    if (o.inputs.empty()) throw InputError("merge: no shard files given");
    check_output_path(o.output, o.inputs);
    // A crafted file can crash or hang HDF5 itself: read each in a child first.
    const std::string sweep_format = "tinyfleet-sweep";
    for (const std::string& path : o.inputs)
        check_in_child(path, [&] {
            if (hdf5_file_format(path) == sweep_format)
                read_analysis_file(path);
            else
                read_result_file(path);
        });
    // Sweep files (tinyfleet sweep --point I) join along sweep_point instead;
    // a mix of the two kinds is a mistake worth naming.
    const auto sweep = std::find_if(o.inputs.begin(), o.inputs.end(),
                                    [&](const std::string& p) { return hdf5_file_format(p) == sweep_format; });
    if (sweep != o.inputs.end()) {
        for (const std::string& path : o.inputs)
            if (const std::string format = hdf5_file_format(path); format != sweep_format)
                throw InputError("cannot merge: '" + *sweep + "' is a sweep file (tinyfleet sweep --point) but '" + path +
                                 "' is " + (format.empty() ? "not a tinyfleet file" : "a '" + format + "' file") +
                                 "; merge joins either the shards of one run or the points of one sweep");
        return merge_sweep_files(o);
    }
    std::vector<Piece> pieces;
    for (const std::string& path : o.inputs) {
        Piece p{path, read_result_file(path)};  // InputError names the file for damaged/foreign files
        if (p.file.summary_only)
            throw InputError("cannot merge '" + path + "': it holds summaries only (tinyfleet run --store summary), "
                             "and merge needs every realization; run with --store all (the default)");
        if (!p.file.shard)
            throw InputError("cannot merge '" + path +
                             "': it is a complete result, not a shard (no shard_index/shard_first attributes); "
                             "merge takes the files written by tinyfleet run --shard I/N");
        require_claimed_range(p);
        p.payback = !p.file.payback_years.empty();
        p.breakeven = !p.file.breakeven_year.empty();
        p.cohort_error = !p.file.mean_term_error.empty();
        p.mean_lifetime = !p.file.mean_lifetime_years.empty();
        drop_rows(p.file);
        if (!pieces.empty()) check_same_run(pieces.front(), p, o.allow_different_builds);
        pieces.push_back(std::move(p));
    }
    std::stable_sort(pieces.begin(), pieces.end(),
                     [](const Piece& a, const Piece& b) { return a.range().first < b.range().first; });

    // The ranges must tile [0, run_samples) exactly: name every gap and overlap.
    const auto run_samples = static_cast<std::uint64_t>(pieces.front().file.shard->run_samples);
    std::uint64_t covered = 0;
    std::string missing;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        const RealizationRange r = pieces[i].range();
        if (r.first < covered) {
            throw InputError("cannot merge: " + pieces[i].label() + " overlaps " + pieces[i - 1].label() +
                             (r.first == pieces[i - 1].range().first && r.count == pieces[i - 1].range().count
                                  ? ": the same shard is given twice"
                                  : ""));
        }
        if (r.first > covered) missing += (missing.empty() ? "" : ", ") + range_text({covered, r.first - covered});
        covered = r.end();
    }
    if (covered < run_samples) missing += (missing.empty() ? "" : ", ") + range_text({covered, run_samples - covered});
    if (!missing.empty()) {
        // Which shards of the files' split would hold the missing realizations.
        const auto& sh = *pieces.front().file.shard;
        std::string which;
        for (std::int64_t k = 0; k < sh.count; ++k) {
            const RealizationRange want = split_range({0, run_samples}, static_cast<std::uint64_t>(k),
                                                      static_cast<std::uint64_t>(sh.count));
            bool have = false;
            for (const Piece& p : pieces) have = have || (p.range().first == want.first && p.range().count == want.count);
            if (!have) which += (which.empty() ? "" : ", ") + std::to_string(k) + "/" + std::to_string(sh.count);
        }
        throw InputError("cannot merge: missing " + missing + " of " + std::to_string(run_samples) +
                         (which.empty() ? std::string() : " (shard " + which + " not given)"));
    }

    // Concatenate in realization order, then recompute the summaries over the
    // whole run exactly as result assembly does (summarize_columns over the
    // fleet totals, fixed order per column), so the bits match an unsharded run.
    // Model notes that summarize the realizations (achieved rank correlations
    // of correlated inputs) were computed over shard 0 only: take them off
    // and recompute them over the whole run, from the scenario the file
    // records (text + overrides), as `run` does.
    Scenario scenario = [&] {
        const RunResult& f = pieces.front().file;
        try {
            return load_recorded_scenario(f.scenario_yaml, f.scenario_overrides,
                                          pieces.front().path + ":scenario_yaml")
                .scenario;
        } catch (const InputError& e) {
            throw InputError("cannot merge: the scenario recorded in '" + pieces.front().path +
                             "' does not parse with this program: " + e.what());
        }
    }();
    // Second pass, in realization order: each shard is read again (one at a
    // time) and streamed into the merged file (sim/io/result_stream.h), which
    // recomputes the summaries from the fleet totals exactly as a run does.
    RunResult header = pieces.front().file;
    std::vector<std::string> versions, commits, build_types, data;
    for (const Piece& p : pieces) {
        versions.push_back(p.file.program_version);
        commits.push_back(p.file.program_commit);
        build_types.push_back(p.file.build_type);
        data.push_back(p.file.data_sha256);
    }
    header.program_version = merged_value(versions);
    header.program_commit = merged_value(commits);
    header.build_type = merged_value(build_types);
    header.data_sha256 = merged_value(data);
    header.shard.reset();
    header.samples = static_cast<std::int64_t>(run_samples);
    header.command_line = o.command_line;
    header.created_utc = utc_now();
    ResultStream stream(o.output, header, o.threads);
    std::string shard_notes;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        const RunResult f = read_result_file(pieces[i].path);
        if (!f.shard || f.shard->first != pieces[i].file.shard->first || f.samples != pieces[i].file.samples ||
            f.scenario_sha256 != pieces[i].file.scenario_sha256)
            throw InputError("cannot merge: '" + pieces[i].path + "' changed while it was being merged");
        if (i == 0) shard_notes = achieved_rank_correlation_notes(scenario, f);
        const auto n = static_cast<std::size_t>(f.samples);
        for (std::size_t first = 0; first < n; first += merge_block_rows)
            stream.append(ResultStream::rows_of(f, first, std::min(merge_block_rows, n - first)));
    }
    RunResult& out = stream.summarize();
    if (!shard_notes.empty() && out.model_notes.size() >= shard_notes.size() &&
        out.model_notes.compare(out.model_notes.size() - shard_notes.size(), shard_notes.size(), shard_notes) == 0)
        out.model_notes.resize(out.model_notes.size() - shard_notes.size());
    out.model_notes += achieved_rank_correlation_notes(scenario, stream, out);
    stream.write();
    if (!o.quiet)
        std::printf("merged %zu shards (%llu realizations) into %s\n", pieces.size(),
                    static_cast<unsigned long long>(run_samples), o.output.c_str());
    return 0;
}

}  // namespace tinyfleet
