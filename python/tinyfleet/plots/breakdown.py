"""Device footprint by block (`scripts/plot breakdown`, docs/outputs.md):
stacked bars of kg CO2e per device, per class, from `tinyfleet point --json`."""

import os

from .. import results as tr
from . import common, labels


# Stacking order: manufacturing blocks at the bottom, then transport,
# training, use, end of life. Unknown blocks count as manufacturing.
BLOCK_STAGES = {"transport": 1, "ml_training": 2, "use_stage": 3, "end_of_life": 4}
STAGE_ORDER = ["manufacturing", "transport", "training", "use", "end_of_life"]


def cmd_breakdown(args):
    path = args.input
    if os.path.exists(path) and not os.path.isdir(path) and (tr.is_hdf5_path(path)
                                                             or path.endswith((".h5", ".hdf5"))):
        result = tr.open_result(path)  # not HDF5 / not a result -> its own message
        raise tr.DataError(
            f"{path}: result files hold no per-block values (yet); run `build/bin/tinyfleet point "
            f"SCENARIO.yaml --json > point.json` and plot point.json (this file's scenario "
            f"'{result.scenario_name}' is its root attribute scenario_yaml)")
    data = tr.load_point_json(path)
    output, size = common.prepare(args, "breakdown")
    fig = breakdown(data, args.by, args.title, args.caption, size,
                    name=data.get("scenario_name") or data.get("scenario") or os.path.basename(path))
    common.finish(fig, args, output)


def breakdown(point, by="block", title=None, caption=None, size=None, name=None):
    """Stacked bars of kg CO2e per device by block (or by="stage") for each
    class of `point`, the parsed JSON of `tinyfleet point SCENARIO --json`.
    Figure with the numbers drawn in `fig.tinyfleet_data`."""
    import numpy as np

    data, path = point, name or "point evaluation"
    key = "blocks" if by == "block" else "stages"
    classes = list(data["classes"])
    names = []
    for c in classes:
        part = data["classes"][c].get(key)
        if not isinstance(part, dict):
            raise tr.DataError(f"{path}: class '{c}' has no \"{key}\" object")
        names += [n for n in part if n not in names]
    values = np.array([[float(data["classes"][c][key].get(n) or 0.0) for c in classes]
                       for n in names])
    omitted = [n for n, row in zip(names, values) if not np.any(row != 0)]
    if key == "blocks":
        rank = lambda i: BLOCK_STAGES.get(names[i], 0)  # noqa: E731
    else:
        rank = lambda i: STAGE_ORDER.index(names[i]) if names[i] in STAGE_ORDER else 0  # noqa: E731
    keep = sorted((i for i, n in enumerate(names) if n not in omitted), key=rank)
    names, values = [names[i] for i in keep], values[keep]

    fig, axes = common.begin(size, common.DEFAULT_INCHES)
    ax = axes[0][0]
    colours = common.block_colours(names)
    x = np.arange(len(classes))
    bottom = np.zeros(len(classes))
    handles = []
    for name, row in zip(names, values):
        bars = ax.bar(x, row, 0.62, bottom=bottom, color=colours[name], edgecolor="white",
                      linewidth=0.4, label=labels.block_label(name))
        handles.append(bars)
        bottom += row
    totals = bottom
    for xi, t, c in zip(x, totals, classes):
        stated = data["classes"][c].get("total")
        ax.annotate(tr.format_sig(stated if isinstance(stated, (int, float)) else t),
                    (xi, t), xytext=(0, 3), textcoords="offset points",
                    ha="center", va="bottom", fontsize=8)
    import textwrap
    chars = max(10, int(0.9 * ax.get_position().width * fig.get_figwidth() / len(classes) * 72 / (8 * 0.6)))
    ax.set_xticks(x, ["\n".join(textwrap.wrap(labels.point_class_label(data, c), chars, break_long_words=False)) for c in classes])
    ax.set_xlim(-0.6, len(classes) - 0.4)
    ax.set_ylim(0, totals.max() * 1.1 if totals.max() > 0 else 1)
    ax.grid(axis="x", visible=False)
    ax.set_xlabel("Device class")
    ax.set_ylabel("kg CO$_2$e per device (whole life)")
    ax.legend(handles=handles[::-1], loc="upper left", bbox_to_anchor=(1.01, 1.0),
              title="Block" if key == "blocks" else "Life-cycle stage", title_fontsize=8,
              alignment="left")
    extra = (f" \u00b7 not drawn (zero in every class): {', '.join(labels.block_label(n) for n in omitted)}"
             if omitted else "")
    rows = [[c, labels.point_class_label(data, c), n, labels.block_label(n), values[k][j]]
            for j, c in enumerate(classes) for k, n in enumerate(names)]
    return common.end(fig, caption, f"Point evaluation at nominal inputs (no sampling) \u00b7 {path} \u00b7 "
                      f"labels: total per device{extra}", title,
                      ["class", "class_label", by, "label", "kg_co2e_per_device"], rows)
