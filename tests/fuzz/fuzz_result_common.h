// Shared by the two result-file fuzz targets: a small valid result written
// by write_result_file, a per-process temporary path, and the check that a
// successfully read result is consistent (every array has the size its
// coordinates promise, as the rest of the program assumes).
#pragma once
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "sim/engine/input_error.h"
#include "sim/io/result_file.h"

namespace tinyfleet::fuzz {

// A result with n samples, y years, c classes, q quantile levels; with
// `rich`, two metrics, two inputs and payback data, else one metric only.
inline RunResult small_result(std::size_t n, std::size_t y, std::size_t c, std::size_t q, bool rich) {
    RunResult r;
    r.program_version = "0.1.0";
    r.scenario_name = "fuzz";
    r.scenario_yaml = "run: {name: fuzz}\n";
    r.scenario_overrides = rich ? "run.samples=3" : "";
    r.scenario_sha256 = std::string(64, 'a');
    r.command_line = "tinyfleet run fuzz.yaml";
    r.created_utc = "2026-11-26T15:00:00Z";
    r.fleet_mode = "expected";
    r.model_notes = rich ? "note one\nnote two" : "";
    r.seed = 42;
    r.samples = static_cast<std::int64_t>(n);
    for (std::size_t i = 0; i < y; ++i) r.years.push_back(2020 + static_cast<int>(i));
    for (std::size_t i = 0; i < c; ++i) r.classes.push_back("class" + std::to_string(i));
    for (std::size_t i = 0; i < q; ++i) r.quantile_levels.push_back((i + 1.0) / (q + 1.0));
    const char* names[] = {"emissions_total", "net"};
    for (std::size_t k = 0; k < (rich ? 2u : 1u); ++k) {
        ResultMetric m;
        m.name = names[k];
        m.units = "kg CO2e";
        m.long_name = "metric " + m.name;
        for (std::size_t i = 0; i < n * c * y; ++i) m.by_class.push_back(1.0 + static_cast<double>(i));
        for (std::size_t i = 0; i < n * y; ++i) m.totals.push_back(2.0 * static_cast<double>(i));
        for (std::size_t i = 0; i < q * y; ++i) m.quantiles.push_back(static_cast<double>(i));
        m.mean.assign(y, 1.5);
        m.std.assign(y, 0.5);
        r.metrics.push_back(std::move(m));
    }
    if (rich) {
        for (const char* name : {"grid", "lifetime"}) {
            ResultInput in;
            in.name = name;
            in.units = "1";
            for (std::size_t i = 0; i < n; ++i) in.values.push_back(0.25 * static_cast<double>(i));
            r.inputs.push_back(std::move(in));
        }
        for (std::size_t i = 0; i < n * c; ++i)
            r.payback_years.push_back(i % 3 == 2 ? INFINITY : static_cast<double>(i));
    }
    return r;
}

// A writable folder for temporary files: $TMPDIR, else /dev/shm, else /tmp.
inline std::string temp_folder() {
    if (const char* t = std::getenv("TMPDIR"); t != nullptr && *t != '\0') return t;
    if (::access("/dev/shm", W_OK) == 0) return "/dev/shm";
    return "/tmp";
}

// A per-process file name in temp_folder(), removed when the process exits.
// Call once per tag and keep the result (a static local).
inline std::string temp_path(const char* tag) {
    struct Remover {
        std::string path;
        ~Remover() { std::remove(path.c_str()); }
    };
    static std::vector<Remover> made;  // destroyed at exit
    made.push_back({temp_folder() + "/tinyfleet-fuzz-" + tag + "-" + std::to_string(::getpid()) + ".h5"});
    return made.back().path;
}

inline std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void write_bytes(const std::string& path, const void* data, std::size_t size) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr || (size > 0 && std::fwrite(data, 1, size, f) != size) || std::fclose(f) != 0) {
        std::fprintf(stderr, "fuzz: cannot write %s\n", path.c_str());
        std::abort();
    }
}

[[noreturn]] inline void inconsistent(const char* what, std::size_t got, std::size_t want) {
    std::fprintf(stderr, "fuzz: read_result_file accepted an inconsistent result: %s has %zu values, expected %zu\n",
                 what, got, want);
    std::abort();
}

// What the callers of read_result_file rely on.
inline void check_consistent(const RunResult& r) {
    if (r.samples < 0) inconsistent("samples (negative)", 0, 0);
    const std::size_t n = static_cast<std::size_t>(r.samples), y = r.years.size(), c = r.classes.size(),
                      q = r.quantile_levels.size();
    for (const ResultMetric& m : r.metrics) {
        if (m.by_class.size() != n * c * y) inconsistent("by_class", m.by_class.size(), n * c * y);
        if (m.totals.size() != n * y) inconsistent("totals", m.totals.size(), n * y);
        if (m.quantiles.size() != q * y) inconsistent("quantiles", m.quantiles.size(), q * y);
        if (m.mean.size() != y) inconsistent("mean", m.mean.size(), y);
        if (m.std.size() != y) inconsistent("std", m.std.size(), y);
    }
    for (const ResultInput& in : r.inputs)
        if (in.values.size() != n) inconsistent("input values", in.values.size(), n);
    if (!r.payback_years.empty() && r.payback_years.size() != n * c)
        inconsistent("payback_years", r.payback_years.size(), n * c);
}

// read_result_file on `path`: a consistent result or InputError.
inline void read_and_check(const std::string& path) {
    try {
        check_consistent(read_result_file(path));
    } catch (const InputError&) {
    }
}

}  // namespace tinyfleet::fuzz
