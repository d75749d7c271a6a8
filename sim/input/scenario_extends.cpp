#include "sim/input/scenario_extends.h"

#include <algorithm>
#include <filesystem>
#include <utility>
#include <vector>

namespace tinyfleet {

namespace {

// Merging builds a new map wherever both files have a map at one place. A
// node shared through aliases is merged once per place it appears, so two
// alias bombs of the same shape would merge exponentially often: the count
// stops that long before it costs anything.
constexpr std::size_t max_merged_maps = 100000;

struct Merge {
    YamlDocument& doc;           // receives the rebuilt maps, for locate()
    const YAML::Node& extends;   // the `extends:` value, where a refusal points
    std::size_t maps = 0;

    // `base` with `overlay` merged onto it; `skip` names a key of `overlay`
    // that is not merged (`extends` at the top level).
    YAML::Node operator()(const YAML::Node& base, const YAML::Node& overlay, const std::string& skip = "") {
        if (!base.IsMap() || !overlay.IsMap()) return overlay;
        if (++maps > max_merged_maps)
            doc.fail(extends, "extends",
                     "merging with the base builds more than " + std::to_string(max_merged_maps) +
                         " maps (a map shared through many aliases?)");
        YAML::Node out(YAML::NodeType::Map);
        auto in_overlay = [&](const YAML::Node& key) {
            return key.IsScalar() && key.Scalar() != skip ? std::as_const(overlay)[key.Scalar()]
                                                          : YAML::Node(YAML::NodeType::Undefined);
        };
        for (const auto& kv : base) {
            const YAML::Node mine = in_overlay(kv.first);
            if (!mine.IsDefined()) out[kv.first] = kv.second;
            else if (!mine.IsNull()) out[kv.first] = (*this)(kv.second, mine);
            // null: the key is removed
        }
        for (const auto& kv : overlay) {
            if (kv.first.IsScalar() && (kv.first.Scalar() == skip || kv.second.IsNull())) continue;
            if (kv.first.IsScalar() && std::as_const(base)[kv.first.Scalar()].IsDefined()) continue;  // merged above
            out[kv.first] = kv.second;
        }
        doc.rebuilt_maps.emplace_back(out, overlay);
        return out;
    }
};

std::string identity(const std::string& path) {
    std::error_code ec;
    const std::filesystem::path absolute = std::filesystem::absolute(path, ec);
    return (ec ? std::filesystem::path(path) : absolute).lexically_normal().string();
}

YamlDocument resolve(YamlDocument doc, const YamlFileReader& read, std::vector<std::string> chain,
                     std::vector<std::string>& written) {
    const YAML::Node extends = std::as_const(doc.root)["extends"];
    if (!extends.IsDefined()) return doc;
    if (!extends.IsScalar() || extends.Scalar().empty())
        doc.fail(extends, "extends", "expected the file name of the base scenario, e.g. extends: global_baseline.yaml");
    const std::string& value = extends.Scalar();
    const std::filesystem::path named(value);
    const std::string base_path = named.is_absolute()
                                      ? named.lexically_normal().string()
                                      : (std::filesystem::path(doc.path).parent_path() / named).lexically_normal().string();
    const std::string base_identity = identity(base_path);
    if (std::find(chain.begin(), chain.end(), base_identity) != chain.end()) {
        std::string cycle;
        for (const auto& w : written) cycle += "extends " + w + ", which ";
        doc.fail(extends, "extends", "the files extend each other in a cycle: " + cycle + "extends " + value +
                                         " again ('" + base_path + "')");
    }
    if (chain.size() >= static_cast<std::size_t>(max_extends_depth))
        doc.fail(extends, "extends",
                 "more than " + std::to_string(max_extends_depth) + " files in the extends: chain");
    // Documents are never assigned to: YAML::Node's operator= writes into
    // the node it shares (here the base's own root, kept for locate()).
    const YamlDocument read_base = [&] {
        try {
            return read(base_path);
        } catch (const InputError& e) {
            // A base that cannot be read is this line's problem; an error
            // inside the base names its own line.
            if (e.where().file != base_path || e.where().line != 0) throw;
            const std::string message = e.what();
            const std::size_t what = message.find("error: ");
            doc.fail(extends, "extends",
                     "base scenario '" + base_path +
                         "': " + (what == std::string::npos ? message : message.substr(what + 7)));
        }
    }();
    written.push_back(value);
    chain.push_back(base_identity);
    const YamlDocument base = resolve(read_base, read, std::move(chain), written);

    YamlDocument merged = std::move(doc);
    Merge merge{merged, extends};
    const YAML::Node root = merge(base.root, merged.root, "extends");
    merged.root.reset(root);
    for (const auto& r : base.rebuilt_maps) merged.rebuilt_maps.push_back(r);
    merged.included_files.emplace_back(read_base.path, read_base.root);
    for (const auto& f : base.included_files) merged.included_files.push_back(f);
    return merged;
}

}  // namespace

YamlDocument resolve_extends(YamlDocument doc, const YamlFileReader& read) {
    if (!std::as_const(doc.root)["extends"].IsDefined()) return doc;
    std::vector<std::string> written;
    const std::string path = doc.path;
    YamlDocument merged = resolve(std::move(doc), read, {identity(path)}, written);
    // The chain as the files spell it (not the paths as opened), so that the
    // text and its hash do not depend on where the files are or how the
    // command line named them.
    std::string chain;
    for (std::size_t i = 0; i < written.size(); ++i)
        chain += (i ? ", which extends " : "") + written[i];
    merged.text = "# The effective scenario: a file merged onto extends: " + chain +
                  " (docs/scenario-format.md, \"extends\")\n" + effective_scenario_text(merged.root);
    if (merged.text.size() > max_document_bytes)
        throw InputError({path, 0, 0}, "extends",
                         "the merged scenario is larger than " + std::to_string(max_document_bytes >> 20) + " MiB");
    return merged;
}

namespace {
// yaml-cpp's emitter writes a scalar plain whenever it can, so a quoted label
// such as label: "2024" would come back as the number 2024, which a label
// refuses (sim/input/label.h). The standard string tag keeps it text, as the
// quotes did. Only labels tell plain from quoted, so only they are tagged.
void keep_quoted_label(YAML::Node label) {
    if (label.IsScalar() && label.Tag() == "!" && reads_as_number_or_bool(label))
        label.SetTag("tag:yaml.org,2002:str");
}

void keep_quoted_labels(YAML::Node node) {
    if (node.IsSequence())
        for (const auto& item : node) keep_quoted_labels(item);
    if (!node.IsMap()) return;
    for (const auto& kv : node) {
        const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
        if (key == "label") keep_quoted_label(kv.second);
        if (key == "labels" && kv.second.IsMap())  // sweep.labels: swept path -> label
            for (const auto& entry : kv.second) keep_quoted_label(entry.second);
        keep_quoted_labels(kv.second);  // a class or parameter may be named label
    }
}
}  // namespace

std::string effective_scenario_text(const YAML::Node& root) {
    keep_quoted_labels(root);
    YAML::Emitter out;
    out.SetIndent(2);
    out << root;
    std::string text = out.c_str();
    if (text.empty() || text.back() != '\n') text += '\n';
    return text;
}

}  // namespace tinyfleet
