#include "sim/app/sweep_merge.h"
#include "sim/app/same_build.h"

#include <algorithm>
#include <cstdio>

#include "sim/io/analysis_file.h"
#include "sim/engine/input_error.h"
#include "sim/io/output_rule.h"
#include "sim/io/utc_time.h"

namespace tinyfleet {

namespace {

struct PointFile {
    std::string path;
    AnalysisFile file;
    std::vector<std::int64_t> points;  // its sweep_point coordinate
};

std::string value_text(const AnalysisAttribute& a) {
    switch (a.kind) {
    case AnalysisAttribute::integer_kind: return std::to_string(a.integer);
    case AnalysisAttribute::number_kind: return std::to_string(a.number);
    default: return a.text;
    }
}

bool same_value(const AnalysisAttribute& a, const AnalysisAttribute& b) {
    return a.kind == b.kind && a.text == b.text && a.integer == b.integer &&
           (a.number == b.number || (a.number != a.number && b.number != b.number));
}

const AnalysisAttribute* find_attribute(const std::vector<AnalysisAttribute>& list, const std::string& name) {
    for (const auto& a : list)
        if (a.name == name) return &a;
    return nullptr;
}

const AnalysisCoordinate* find_dimension(const AnalysisGroup& g, const std::string& name) {
    for (const auto& d : g.dimensions)
        if (d.name == name) return &d;
    return nullptr;
}

// Attributes that say how and when a file was made, not what it holds.
bool describes_the_making(const std::string& name) {
    return name == "command_line" || name == "created_utc" || name == "history";
}

// The build attributes, compared by require_same_build (sim/app/same_build.h)
// and joined by merged_value rather than required equal one by one.
const std::vector<std::string> build_attributes = {"program_version", "program_commit", "build_type", "data_sha256",
                                                   "source"};
bool describes_the_build(const std::string& name) {
    return std::find(build_attributes.begin(), build_attributes.end(), name) != build_attributes.end();
}

std::string text_of(const AnalysisFile& f, const std::string& name) {
    const AnalysisAttribute* a = find_attribute(f.attributes, name);
    return a != nullptr && a->kind == AnalysisAttribute::text_kind ? a->text : std::string();
}

MadeBy made_by(const std::string& path, const AnalysisFile& f) {
    return {path, text_of(f, "program_version"), text_of(f, "program_commit"), text_of(f, "build_type"),
            text_of(f, "data_sha256")};
}

// The file's points, after checking that every group has them and that each
// variable holds as many values as its dimensions say (so the join below
// cannot produce an inconsistent file).
std::vector<std::int64_t> points_of(const PointFile& p) {
    auto bad = [&](const std::string& what) { throw InputError("cannot merge '" + p.path + "': " + what); };
    if (p.file.groups.empty()) bad("it holds no groups; expected a file written by tinyfleet sweep");
    std::vector<std::int64_t> points;
    for (const AnalysisGroup& g : p.file.groups) {
        const AnalysisCoordinate* sp = find_dimension(g, "sweep_point");
        if (!sp || sp->integers.size() != sp->size())
            bad("group '/" + g.name + "' has no integer sweep_point coordinate");
        if (&g == &p.file.groups.front()) points = sp->integers;
        else if (sp->integers != points) bad("its groups disagree on the sweep points");
        for (const AnalysisVariable& v : g.variables) {
            std::size_t total = 1;
            for (std::size_t k = 0; k < v.dims.size(); ++k) {
                const AnalysisCoordinate* d = find_dimension(g, v.dims[k]);
                if (!d) bad("variable '/" + g.name + "/" + v.name + "' uses an unknown dimension '" + v.dims[k] + "'");
                if (v.dims[k] == "sweep_point" && k != 0)
                    bad("variable '/" + g.name + "/" + v.name + "' has sweep_point as dimension " + std::to_string(k) +
                        "; tinyfleet sweep puts it first");
                total *= d->size();
            }
            if (v.size() != total)
                bad("variable '/" + g.name + "/" + v.name + "' holds " + std::to_string(v.size()) +
                    " values, its dimensions " + std::to_string(total));
        }
    }
    return points;
}

// Everything but the points must agree: root attributes (the ones a user
// mixes up first are checked first, for a clearer message) and the layout.
void check_same_sweep(const PointFile& a, const PointFile& b, bool allow_different_builds) {
    auto differ = [&](const std::string& what, const std::string& va, const std::string& vb) {
        throw InputError("cannot merge: '" + b.path + "' and '" + a.path + "' are not points of the same sweep: " + what +
                         " differs ('" + vb + "' vs '" + va + "')");
    };
    require_same_build(made_by(a.path, a.file), made_by(b.path, b.file), allow_different_builds);
    std::vector<std::string> order = {"format_version", "seed", "samples", "sweep_size", "sweep_paths",
                                      "scenario_sha256"};
    for (const auto& x : a.file.attributes) order.push_back(x.name);
    for (const auto& y : b.file.attributes) order.push_back(y.name);
    for (const std::string& name : order) {
        if (describes_the_making(name) || describes_the_build(name)) continue;
        const AnalysisAttribute *x = find_attribute(a.file.attributes, name), *y = find_attribute(b.file.attributes, name);
        if (!x && !y) continue;
        if (!x || !y) differ("root attribute '" + name + "'", x ? value_text(*x) : "absent", y ? value_text(*y) : "absent");
        if (!same_value(*x, *y)) differ("root attribute '" + name + "'", value_text(*x), value_text(*y));
    }
    auto layout = [](const AnalysisFile& f) {
        std::string text;
        for (const AnalysisGroup& g : f.groups) {
            text += "/" + g.name + ":";
            for (const auto& d : g.dimensions) text += " " + d.name + "[" + d.units + "]";
            for (const auto& v : g.variables) {
                text += " " + v.name + "(";
                for (const auto& d : v.dims) text += d + ",";
                text += ")[" + v.units + "]" + v.long_name;
                text += !v.strings.empty() ? " text" : !v.unsigned_integers.empty() ? " uint64" : " float64";
            }
            text += ";";
        }
        return text;
    };
    const std::string not_same = "cannot merge: '" + b.path + "' and '" + a.path + "' are not points of the same sweep: ";
    if (layout(a.file) != layout(b.file))
        throw InputError(not_same + "their groups, dimensions or variables (names, units, types) differ");
    for (std::size_t g = 0; g < a.file.groups.size(); ++g)
        for (const AnalysisCoordinate& d : a.file.groups[g].dimensions) {
            if (d.name == "sweep_point") continue;
            const AnalysisCoordinate* e = find_dimension(b.file.groups[g], d.name);
            if (d.numbers != e->numbers || d.integers != e->integers || d.strings != e->strings)
                throw InputError(not_same + "the values of coordinate '/" + a.file.groups[g].name + "/" + d.name +
                                 "' differ");
        }
}

// "2, 4-6" for sorted indices.
std::string ranges_text(const std::vector<std::int64_t>& v) {
    std::string out;
    for (std::size_t i = 0; i < v.size();) {
        std::size_t j = i;
        while (j + 1 < v.size() && v[j + 1] == v[j] + 1) ++j;
        out += (out.empty() ? "" : ", ") + std::to_string(v[i]) + (j > i ? "-" + std::to_string(v[j]) : "");
        i = j + 1;
    }
    return out;
}

}  // namespace

int merge_sweep_files(const MergeOptions& o) {
    check_output_path(o.output, o.inputs);
    std::vector<PointFile> files;
    for (const std::string& path : o.inputs) {
        PointFile p{path, read_analysis_file(path), {}};
        p.points = points_of(p);
        if (!files.empty()) check_same_sweep(files.front(), p, o.allow_different_builds);
        files.push_back(std::move(p));
    }
    const AnalysisAttribute* size_attribute = find_attribute(files.front().file.attributes, "sweep_size");
    if (!size_attribute || size_attribute->kind != AnalysisAttribute::integer_kind || size_attribute->integer < 1)
        throw InputError("cannot merge '" + files.front().path + "': no integer root attribute 'sweep_size'");
    const std::int64_t sweep_size = size_attribute->integer;

    // Where each point is: (point, file, position in the file), in point order.
    struct Slot {
        std::int64_t point;
        std::size_t file, position;
    };
    std::vector<Slot> slots;
    for (std::size_t f = 0; f < files.size(); ++f)
        for (std::size_t k = 0; k < files[f].points.size(); ++k) {
            const std::int64_t point = files[f].points[k];
            if (point < 0 || point >= sweep_size)
                throw InputError("cannot merge '" + files[f].path + "': sweep point " + std::to_string(point) +
                                 " is outside 0-" + std::to_string(sweep_size - 1) + " (sweep_size " +
                                 std::to_string(sweep_size) + ")");
            slots.push_back({point, f, k});
        }
    std::stable_sort(slots.begin(), slots.end(), [](const Slot& a, const Slot& b) { return a.point < b.point; });
    for (std::size_t i = 1; i < slots.size(); ++i)
        if (slots[i].point == slots[i - 1].point)
            throw InputError("cannot merge: sweep point " + std::to_string(slots[i].point) + " is given twice ('" +
                             files[slots[i - 1].file].path + "' and '" + files[slots[i].file].path + "')");
    std::vector<std::int64_t> missing;
    for (std::int64_t p = 0, i = 0; p < sweep_size; ++p) {
        if (std::size_t(i) < slots.size() && slots[std::size_t(i)].point == p) ++i;
        else missing.push_back(p);
    }
    if (!missing.empty())
        throw InputError("cannot merge: missing sweep point" + std::string(missing.size() > 1 ? "s " : " ") +
                         ranges_text(missing) + " of 0-" + std::to_string(sweep_size - 1) + " (sweep_size " +
                         std::to_string(sweep_size) + "; tinyfleet sweep --point I writes point I)");

    // Concatenate along sweep_point in point order; everything else is the
    // first file's (checked equal above).
    AnalysisFile out = files.front().file;
    const std::string now = utc_now();
    for (AnalysisAttribute& a : out.attributes) {
        if (a.name == "command_line") a.text = o.command_line;
        if (a.name == "created_utc") a.text = now;
        if (a.name == "history") a.text = now + ": " + o.command_line;
        if (describes_the_build(a.name) && a.kind == AnalysisAttribute::text_kind) {
            std::vector<std::string> values;
            for (const PointFile& f : files) values.push_back(text_of(f.file, a.name));
            a.text = merged_value(values);
        }
    }
    for (std::size_t g = 0; g < out.groups.size(); ++g) {
        AnalysisGroup& group = out.groups[g];
        for (AnalysisCoordinate& d : group.dimensions)
            if (d.name == "sweep_point") {
                d.integers.clear();
                for (const Slot& s : slots) d.integers.push_back(s.point);
            }
        for (std::size_t v = 0; v < group.variables.size(); ++v) {
            AnalysisVariable& joined = group.variables[v];
            if (joined.dims.empty() || joined.dims.front() != "sweep_point") continue;
            joined.numbers.clear();
            joined.strings.clear();
            joined.unsigned_integers.clear();
            // Appends the values of one point of `from` (its rows along sweep_point).
            auto append = [](auto& to, const auto& from, std::size_t at, std::size_t count) {
                to.insert(to.end(), from.begin() + std::ptrdiff_t(at), from.begin() + std::ptrdiff_t(at + count));
            };
            for (const Slot& s : slots) {
                const AnalysisVariable& from = files[s.file].file.groups[g].variables[v];
                const std::size_t per_point = from.size() / files[s.file].points.size();
                const std::size_t at = s.position * per_point;
                if (!from.strings.empty()) append(joined.strings, from.strings, at, per_point);
                else if (!from.unsigned_integers.empty())
                    append(joined.unsigned_integers, from.unsigned_integers, at, per_point);
                else append(joined.numbers, from.numbers, at, per_point);
            }
        }
    }
    write_analysis_file(o.output, out);
    if (!o.quiet)
        std::printf("merged %zu sweep files (%lld points) into %s\n", files.size(), static_cast<long long>(sweep_size),
                    o.output.c_str());
    return 0;
}

}  // namespace tinyfleet
