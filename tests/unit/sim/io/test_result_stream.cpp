// Tests for sim/result_stream: a result streamed in blocks of any size gives
// the file write_result_file writes from the whole result in memory, byte
// for byte (summaries computed from the spooled totals, edge chunks, chunks
// that cut the trailing axes), and a failed stream leaves no file.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "sim/fleet/result_assembly.h"
#include "sim/io/result_file.h"
#include "sim/io/result_stream.h"
#include "tests/unit/sim/io/io_test_support.h"

using tinyfleet::RunResult;
using tinyfleet::ResultInput;
using tinyfleet::ResultMetric;

namespace {

// A complete result with summaries computed from its totals, as a run makes it.
RunResult make_result(std::size_t n, std::size_t c, std::size_t y, std::size_t metrics, unsigned seed) {
    RunResult r;
    r.program_version = "0.1.0-test";
    r.scenario_name = "streamed";
    r.scenario_yaml = "name: streamed\n";
    r.scenario_sha256 = std::string(64, 'b');
    r.command_line = "tinyfleet run streamed.yaml";
    r.created_utc = "2026-11-27T08:00:00Z";
    r.fleet_mode = "cohort";
    r.seed = seed;
    r.samples = static_cast<std::int64_t>(n);
    for (std::size_t t = 0; t < y; ++t) r.years.push_back(2020 + static_cast<int>(t));
    for (std::size_t k = 0; k < c; ++k) r.classes.push_back("class " + std::to_string(k));
    r.quantile_levels = {0.05, 0.5, 0.95};
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> noise(0.0, 1.0);
    for (std::size_t mi = 0; mi < metrics; ++mi) {
        ResultMetric m;
        m.name = "metric_" + std::to_string(mi);
        m.units = "kg";
        m.long_name = "test metric";
        m.by_class.resize(n * c * y);
        m.totals.assign(n * y, 0.0);
        for (std::size_t s = 0; s < n; ++s)
            for (std::size_t k = 0; k < c; ++k)
                for (std::size_t t = 0; t < y; ++t) {
                    const double v = t % 5 == 0 ? 0.0 : 1000.0 * (1.0 + 0.2 * noise(rng));
                    m.by_class[(s * c + k) * y + t] = v;
                    m.totals[s * y + t] += v;
                }
        tinyfleet::summarize_totals(m.totals, n, y, r.quantile_levels, 2, m);
        r.metrics.push_back(std::move(m));
    }
    for (const char* name : {"alpha", "beta"}) {
        ResultInput in;
        in.name = name;
        in.units = "1";
        for (std::size_t s = 0; s < n; ++s) in.values.push_back(noise(rng));
        r.inputs.push_back(std::move(in));
    }
    for (std::size_t i = 0; i < n * c; ++i) r.payback_years.push_back(i % 3 == 0 ? INFINITY : 2.0 + noise(rng));
    for (std::size_t i = 0; i < n * c; ++i) r.mean_lifetime_years.push_back(4.0 + std::abs(noise(rng)));
    for (std::size_t s = 0; s < n; ++s) r.breakeven_year.push_back(s % 4 == 0 ? INFINITY : 2030.0);
    r.mean_term_quantities = {"installed_base", "emissions_operational", "offsets"};
    for (std::size_t i = 0; i < n * c * 3; ++i) r.mean_term_error.push_back(0.001 * std::abs(noise(rng)));
    return r;
}

RunResult metadata_of(const RunResult& r) {
    RunResult h = r;
    h.metrics.clear();
    h.inputs.clear();
    h.payback_years.clear();
    h.mean_lifetime_years.clear();
    h.breakeven_year.clear();
    h.mean_term_error.clear();
    return h;
}

std::string bytes_of(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

using tinyfleet::test::TempDir;

void stream_in_blocks(const RunResult& r, const std::string& path, std::size_t block, int threads) {
    tinyfleet::ResultStream stream(path, metadata_of(r), threads);
    const auto n = static_cast<std::size_t>(r.samples);
    for (std::size_t first = 0; first < n; first += block)
        stream.append(tinyfleet::ResultStream::rows_of(r, first, std::min(block, n - first)));
    stream.summarize();
    stream.write();
}

}  // namespace

TEST_CASE("a streamed result is byte-identical to the in-memory write, for any block size", "[result_stream]") {
    TempDir dir;
    // 3000 realizations: the by_class chunks of 5 x 16 values hold 1638
    // realizations, so the last chunk row is an edge chunk.
    const RunResult r = make_result(3000, 5, 16, 3, 11);
    const std::string whole = (dir.path() / "whole.h5").string();
    tinyfleet::write_result_file(whole, r, 2);
    const std::string expected = bytes_of(whole);
    for (std::size_t block : {std::size_t{1}, std::size_t{7}, std::size_t{1638}, std::size_t{2000}, std::size_t{3000}}) {
        for (int threads : {1, 3}) {
            INFO("block " << block << ", threads " << threads);
            const std::string path = (dir.path() / "streamed.h5").string();
            stream_in_blocks(r, path, block, threads);
            CHECK(bytes_of(path) == expected);
        }
    }
}

TEST_CASE("an exact-mode result (no cohort error estimates) streams to the same bytes too", "[result_stream]") {
    TempDir dir;
    RunResult r = make_result(200, 2, 4, 1, 9);
    r.mean_term_error.clear();
    r.mean_term_quantities.clear();
    const std::string whole = (dir.path() / "whole.h5").string();
    tinyfleet::write_result_file(whole, r, 2);
    const std::string path = (dir.path() / "streamed.h5").string();
    stream_in_blocks(r, path, 64, 2);
    CHECK(bytes_of(path) == bytes_of(whole));
    CHECK(tinyfleet::read_result_file(path).mean_term_error.empty());
}

TEST_CASE("streamed chunks that cut the class and year axes", "[result_stream]") {
    TempDir dir;
    // 300 classes x 500 years exceed a 1 MiB chunk: one realization per
    // chunk row, several chunks across the class axis.
    const RunResult r = make_result(3, 300, 500, 1, 5);
    const std::string whole = (dir.path() / "whole.h5").string();
    tinyfleet::write_result_file(whole, r, 2);
    const std::string path = (dir.path() / "streamed.h5").string();
    stream_in_blocks(r, path, 2, 2);
    CHECK(bytes_of(path) == bytes_of(whole));
}

TEST_CASE("summaries and inputs read back from the spool", "[result_stream]") {
    TempDir dir;
    const RunResult r = make_result(500, 2, 4, 2, 3);
    tinyfleet::ResultStream stream((dir.path() / "x.h5").string(), metadata_of(r), 2);
    stream.append(tinyfleet::ResultStream::rows_of(r, 0, 123));
    stream.append(tinyfleet::ResultStream::rows_of(r, 123, 377));
    const RunResult& s = stream.summarize();
    for (std::size_t m = 0; m < r.metrics.size(); ++m) {
        CHECK(s.metrics[m].quantiles == r.metrics[m].quantiles);
        CHECK(s.metrics[m].mean == r.metrics[m].mean);
        CHECK(s.metrics[m].std == r.metrics[m].std);
    }
    CHECK(stream.read_input(1) == r.inputs[1].values);
    CHECK(s.breakeven_year.size() == 500);
}

TEST_CASE("an unfinished stream leaves no file", "[result_stream]") {
    TempDir dir;
    const RunResult r = make_result(100, 2, 4, 1, 3);
    const std::string path = (dir.path() / "x.h5").string();
    {
        tinyfleet::ResultStream stream(path, metadata_of(r), 2);
        stream.append(tinyfleet::ResultStream::rows_of(r, 0, 50));
        CHECK_THROWS(stream.summarize());  // 50 of 100 realizations
    }
    CHECK(std::filesystem::is_empty(dir.path()));  // neither the file nor the spool
}
