"""Device footprint by block (`scripts/plot breakdown`, docs/outputs.md):
stacked bars of kg CO2e per device, per class, from `tinyfleet point --json`."""

import os

from .. import results as tr
from . import common


# Blocks of `tinyfleet point`: display name and life-cycle stage (for the
# stacking order: manufacturing at the bottom, then transport, training, use,
# end of life). Unknown blocks count as manufacturing.
BLOCK_LABELS = {
    "ml_training": "ML training", "pcb": "PCB", "processing_mcu": "Processing (MCU)",
    "others_passives": "Others / passives", "power_supply": "Power supply",
    "user_interface": "User interface", "use_stage": "Use stage", "end_of_life": "End of life",
}
BLOCK_STAGES = {"transport": 1, "ml_training": 2, "use_stage": 3, "end_of_life": 4}
STAGE_ORDER = ["manufacturing", "transport", "training", "use", "end_of_life"]


def part_label(name):
    return BLOCK_LABELS.get(name, name.replace("_", " ").capitalize())


def cmd_breakdown(args):
    import numpy as np

    path = args.input
    if os.path.exists(path) and not os.path.isdir(path) and (tr.is_hdf5_path(path)
                                                             or path.endswith((".h5", ".hdf5"))):
        result = tr.open_result(path)  # not HDF5 / not a result -> its own message
        raise tr.DataError(
            f"{path}: result files hold no per-block values (yet); run `build/bin/tinyfleet point "
            f"SCENARIO.yaml --json > point.json` and plot point.json (this file's scenario "
            f"'{result.scenario_name}' is its root attribute scenario_yaml)")
    data = tr.load_point_json(path)
    output, size, plt = common.prepare(args, "breakdown")

    key = "blocks" if args.by == "block" else "stages"
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

    fig, axes = common.new_figure(plt, size)
    ax = axes[0][0]
    x = np.arange(len(classes))
    bottom = np.zeros(len(classes))
    handles = []
    for (colour, hatch), name, row in zip(common.category_styles(len(names)), names, values):
        bars = ax.bar(x, row, 0.62, bottom=bottom, color=colour, hatch=hatch,
                      edgecolor="white" if not hatch else "#444444", linewidth=0.4,
                      label=part_label(name))
        handles.append(bars)
        bottom += row
    totals = bottom
    for xi, t, c in zip(x, totals, classes):
        stated = data["classes"][c].get("total")
        ax.annotate(tr.format_sig(stated if isinstance(stated, (int, float)) else t),
                    (xi, t), xytext=(0, 3), textcoords="offset points",
                    ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x, [c for c in classes])
    if max(len(c) for c in classes) * len(classes) > 70:
        plt.setp(ax.get_xticklabels(), rotation=20, ha="right")
    ax.set_xlim(-0.6, len(classes) - 0.4)
    ax.set_ylim(0, totals.max() * 1.1 if totals.max() > 0 else 1)
    ax.grid(axis="x", visible=False)
    ax.set_xlabel("Device class")
    ax.set_ylabel("kg CO$_2$e per device (whole life)")
    ax.legend(handles=handles[::-1], loc="upper left", bbox_to_anchor=(1.01, 1.0),
              title="Block" if key == "blocks" else "Life-cycle stage", title_fontsize=8,
              alignment="left")
    name = data.get("scenario_name") or data.get("scenario") or os.path.basename(path)
    extra = f" \u00b7 not drawn (zero in every class): {', '.join(omitted)}" if omitted else ""
    common.finish(fig, args, output,
                  f"Point evaluation at nominal inputs (no sampling) \u00b7 {name} \u00b7 "
                  f"labels: total per device{extra}")
