// `tinyfleet diff A B`: what differs between two scenarios or two result
// files. Scenarios are compared as the effective scenarios (extends:
// merged) field by field, with the parameters whose definition differs named
// first; result files by their metadata and the medians of the main fleet
// metrics in the years both files simulate.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "sim/app/number_format.h"
#include "sim/app/scenario_tools.h"
#include "sim/app/terminal_text.h"
#include "sim/input/scenario_extends.h"
#include "sim/input/scenario_source.h"
#include "sim/io/isolated_read.h"
#include "sim/io/regular_file.h"
#include "sim/io/result_file.h"

namespace tinyfleet {

namespace {

// Only a regular file is opened: opening a FIFO would wait for a writer. The
// readers of either kind refuse what is not a regular file, naming it.
bool is_hdf5_file(const std::string& path) {
    static const char signature[8] = {'\x89', 'H', 'D', 'F', '\r', '\n', '\x1a', '\n'};
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return false;
    std::ifstream in(path, std::ios::binary);
    char head[8] = {};
    return in.read(head, 8) && std::equal(head, head + 8, signature);
}

// Every leaf of the document as dotted path -> YAML text (lists whole, in
// flow style: a list is one value of the scenario).
void flatten(const YAML::Node& node, const std::string& path, std::map<std::string, std::string>& out) {
    if (node.IsMap()) {
        for (const auto& kv : node)
            flatten(kv.second, path.empty() ? kv.first.Scalar() : path + "." + kv.first.Scalar(), out);
        return;
    }
    if (node.IsScalar()) {
        out[path] = node.Scalar();
        return;
    }
    YAML::Emitter e;
    e << YAML::Flow << node;
    out[path] = e.c_str();
}

std::string parameter_of(const std::string& path) {
    if (path.rfind("parameters.", 0) != 0) return "";
    const std::size_t end = path.find('.', 11);
    return path.substr(11, end == std::string::npos ? std::string::npos : end - 11);
}

int diff_scenarios(const std::string& a, const std::string& b) {
    std::map<std::string, std::string> fa, fb;
    flatten(load_scenario_document(a, {}).root, "", fa);
    flatten(load_scenario_document(b, {}).root, "", fb);
    std::set<std::string> paths;
    for (const auto& [p, v] : fa) paths.insert(p);
    for (const auto& [p, v] : fb) paths.insert(p);
    std::vector<std::string> lines;
    std::set<std::string> parameters;
    for (const auto& p : paths) {
        const auto ia = fa.find(p), ib = fb.find(p);
        if (ia != fa.end() && ib != fb.end() && ia->second == ib->second) continue;
        if (!parameter_of(p).empty()) parameters.insert(parameter_of(p));
        lines.push_back(p + ": " + (ia == fa.end() ? "(absent)" : ia->second) + " -> " +
                        (ib == fb.end() ? "(absent)" : ib->second));
    }
    if (lines.empty()) {
        std::printf("the effective scenarios are the same\n");
        return 0;
    }
    std::string names;
    for (const auto& n : parameters) names += (names.empty() ? "" : ", ") + n;
    std::printf("parameters that differ: %s\n", names.empty() ? "(none)" : names.c_str());
    std::printf("fields that differ (A -> B): %zu\n", lines.size());
    for (const auto& l : lines) std::printf("  %s\n", terminal_text(l).c_str());
    return 0;
}

double median_of(const RunResult& r, const ResultMetric& m, std::size_t year) {
    for (std::size_t q = 0; q < r.quantile_levels.size(); ++q)
        if (std::abs(r.quantile_levels[q] - 0.5) < 1e-12) return m.quantiles[q * r.years.size() + year];
    return std::nan("");
}

const ResultMetric* metric(const RunResult& r, const std::string& name) {
    for (const auto& m : r.metrics)
        if (m.name == name) return &m;
    return nullptr;
}

int diff_results(const std::string& a, const std::string& b) {
    for (const auto& path : {a, b}) check_in_child(path, [&] { read_result_file(path); });
    const RunResult ra = read_result_file(a), rb = read_result_file(b);
    auto years = [](const RunResult& r) {
        return r.years.empty() ? std::string("none")
                               : std::to_string(r.years.front()) + "-" + std::to_string(r.years.back());
    };
    auto classes = [](const RunResult& r) {
        std::string out;
        for (const auto& c : r.classes) out += (out.empty() ? "" : ",") + c;
        return out;
    };
    const std::vector<std::pair<std::string, std::pair<std::string, std::string>>> metadata = {
        {"scenario", {ra.scenario_name, rb.scenario_name}},
        {"scenario_sha256", {ra.scenario_sha256, rb.scenario_sha256}},
        {"overrides", {ra.scenario_overrides, rb.scenario_overrides}},
        {"seed", {std::to_string(ra.seed), std::to_string(rb.seed)}},
        {"samples", {std::to_string(ra.samples), std::to_string(rb.samples)}},
        {"fleet_mode", {ra.fleet_mode, rb.fleet_mode}},
        {"years", {years(ra), years(rb)}},
        {"classes", {classes(ra), classes(rb)}},
        {"program_version", {ra.program_version, rb.program_version}},
        {"created_utc", {ra.created_utc, rb.created_utc}},
    };
    std::printf("metadata (A -> B):\n");
    for (const auto& [name, values] : metadata) {
        std::string va = values.first, vb = values.second;
        std::replace(va.begin(), va.end(), '\n', ' ');
        std::replace(vb.begin(), vb.end(), '\n', ' ');
        if (va == vb) std::printf("  %-16s %s (same)\n", name.c_str(), terminal_text(va).c_str());
        else std::printf("  %-16s %s -> %s\n", name.c_str(), terminal_text(va).c_str(), terminal_text(vb).c_str());
    }
    std::printf("medians of the fleet totals (A -> B, relative change):\n");
    for (const char* name : {"emissions_total", "offsets", "net", "cumulative_net"}) {
        const ResultMetric* ma = metric(ra, name);
        const ResultMetric* mb = metric(rb, name);
        if (!ma || !mb) continue;
        for (std::size_t ya = 0; ya < ra.years.size(); ++ya) {
            const int year = ra.years[ya];
            if (year % 5 != 0 && ya + 1 != ra.years.size()) continue;  // every fifth year and the last
            const auto it = std::find(rb.years.begin(), rb.years.end(), year);
            if (it == rb.years.end()) continue;
            const double x = median_of(ra, *ma, ya);
            const double y = median_of(rb, *mb, static_cast<std::size_t>(it - rb.years.begin()));
            const std::string change =
                x == y ? "same" : x != 0 ? format_3sf(100.0 * (y - x) / std::abs(x)) + " %" : "from 0";
            std::printf("  %-16s %d  %s -> %s %s  (%s)\n", name, year, format_3sf(x).c_str(), format_3sf(y).c_str(),
                        terminal_text(ma->units).c_str(), change.c_str());
        }
    }
    return 0;
}

}  // namespace

int diff_command(const std::string& a, const std::string& b) {
    const bool result_a = is_hdf5_file(a), result_b = is_hdf5_file(b);
    if (result_a != result_b) {
        regular_file_size(result_a ? b : a);  // missing, a folder or a FIFO: say that rather than "not a result"
        throw InputError(std::string(result_a ? b : a) + ": diff compares two scenarios or two result files; '" +
                         (result_a ? a : b) + "' is a result file, this is not");
    }
    return result_a ? diff_results(a, b) : diff_scenarios(a, b);
}

}  // namespace tinyfleet
