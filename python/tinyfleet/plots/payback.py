"""Carbon payback time (`scripts/plot payback`, docs/outputs.md): ECDF per
class of payback/years with each class's lifetime marked, and the shares of
realizations that repay within the device's life, after it, or never."""

from .. import results as tr
from . import common, labels


LIFETIME = "payback_mean_lifetime_years"
GREY_NEVER = "#bbbbbb"


def percent(share):
    """'0%', '0.3%', '42%', '99.7%', '100%': shares near 0 or 1 keep a decimal
    so that they are not shown as 0% or 100%."""
    p = 100 * share
    if 0 < p < 1 or 99 < p < 100:
        return f"{p:.1f}%"
    return f"{p:.0f}%"


def payback_shares(years, lifetime=None):
    """(within, after, never) shares of realizations per class. `years`
    [sample, class]: never is +inf (format version 1) or NaN (a fill value
    masked by xarray); within when years <= the realization's mean lifetime."""
    import numpy as np

    never = ~np.isfinite(years)
    if lifetime is None:
        return None, (~never).mean(axis=0), never.mean(axis=0)
    within = np.isfinite(years) & (years <= lifetime)
    return within.mean(axis=0), (~never & ~within).mean(axis=0), never.mean(axis=0)


def payback(ds, xscale="auto", title=None, caption=None, size=None):
    """Payback figure of a result Dataset (tinyfleet.open); Figure with the
    numbers drawn in `fig.tinyfleet_data` (per class: shares, quantiles of
    the finite payback times and the median lifetime)."""
    import numpy as np
    from matplotlib.patches import Patch
    from matplotlib.ticker import PercentFormatter

    dim = labels.class_dimension(ds)
    years = ds["payback_years"].transpose("sample", dim).values.astype(float)
    classes = [str(c) for c in ds[dim].values]
    names = labels.class_labels(ds)
    colours = common.class_colours(classes)
    lifetime = (ds[LIFETIME].transpose("sample", dim).values.astype(float) if LIFETIME in ds else None)
    within, after, never = payback_shares(years, lifetime)
    n = years.shape[0]
    finite = [np.sort(years[np.isfinite(years[:, j]), j]) for j in range(len(classes))]
    life = [float(np.median(lifetime[:, j])) for j in range(len(classes))] if lifetime is not None else None
    allfinite = np.concatenate(finite + ([np.array(life)] if life else []))
    scale = xscale
    if scale == "auto":
        pos = allfinite[allfinite > 0]
        scale = "log" if (len(pos) == len(allfinite) and len(pos) > 1
                          and pos.max() / pos.min() > 30) else "linear"

    fig, axes = common.begin(size, common.DEFAULT_INCHES, 1, 2, gridspec_kw={"width_ratios": [2.6, 1]})
    ax, bx = axes[0]
    for j, (cls, v) in enumerate(zip(classes, finite)):
        colour = colours[cls]
        if len(v):
            xs = np.concatenate([[v[0]], v])
            ys = np.concatenate([[0.0], np.arange(1, len(v) + 1) / n])
            ax.step(xs, ys, where="post", color=colour, linewidth=1.6, label=names[cls])
        else:
            ax.plot([], [], color=colour, linewidth=1.6, label=f"{names[cls]} (never)")
        if life and len(v):  # the lifetime: a dashed tick of the class's colour, a dot where its curve crosses it
            ax.axvline(life[j], color=colour, linestyle=(0, (3, 2)), linewidth=1.0, alpha=0.8)
            reached = np.searchsorted(v, life[j], side="right") / n
            ax.plot([life[j]], [reached], marker="o", markersize=5, color=colour,
                    markeredgecolor="white", zorder=4)
    ax.set_xscale(scale)
    if len(allfinite):
        lo, hi = allfinite.min(), allfinite.max()
        if scale == "log":
            ax.set_xlim(lo / 1.3, hi * 1.3)
        else:
            ax.set_xlim(min(0, lo), hi * 1.05 if hi > 0 else 1)
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel("Carbon payback time [years of operation]")
    ax.set_ylabel("Realizations repaid within x")
    ax.legend(loc="upper left", title="Device class" + ("  (dashed: median lifetime)" if life else ""),
              title_fontsize=8, alignment="left", fontsize=7.5)

    pos = np.arange(len(classes))[::-1] * 1.0
    left = np.zeros(len(classes))
    parts = ([(within, 1.0, ""), (after, 0.35, "////")] if within is not None else [(after, 1.0, "")]) \
        + [(never, None, "")]
    for share, alpha, hatch in parts:
        for j, c in enumerate(classes):  # one bar at a time: the hatch takes the class's colour
            colour = GREY_NEVER if alpha is None else colours[c]
            bx.barh(pos[j], 100 * share[j], 0.5, left=100 * left[j], color=colour, alpha=alpha or 1.0,
                    hatch=hatch, edgecolor=colour if hatch else "white", linewidth=0.6 if not hatch else 0)
        left = left + share
    for j, p in enumerate(pos):
        bx.text(0, p + 0.3, f"{names[classes[j]]} \u00b7 never {percent(never[j])}", va="bottom", ha="left",
                fontsize=7)
    bx.set_yticks([])
    bx.set_ylim(-0.5, len(classes) - 0.1)
    bx.set_xlim(0, 100)
    bx.set_xticks([0, 50, 100])
    bx.set_xlabel("% of realizations")
    bx.grid(axis="y", visible=False)
    bx.spines["left"].set_visible(False)
    key = ([Patch(facecolor="#555555", label="within life")] if within is not None else []) + \
        [Patch(facecolor="#cccccc", hatch="////", edgecolor="#555555", linewidth=0, label="after life")
         if within is not None else Patch(facecolor="#555555", label="repays"),
         Patch(facecolor=GREY_NEVER, label="never")]
    bx.legend(handles=key, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=len(key), fontsize=7,
              handlelength=1.2, columnspacing=0.8, handletextpad=0.4)

    rows = []
    for j, cls in enumerate(classes):
        q = np.quantile(finite[j], (0.05, 0.5, 0.95)) if len(finite[j]) else [float("nan")] * 3
        rows.append([cls, names[cls], n, *([within[j]] if within is not None else [""]), after[j], never[j],
                     *q, life[j] if life else ""])
    header = ["class", "class_label", "realizations", "share_within_life", "share_after_life", "share_never",
              "payback_q05_years", "payback_median_years", "payback_q95_years", "median_lifetime_years"]
    note = ("ECDF per class; curves end below 100% by the share never repaying"
            + ("" if life else " \u00b7 lifetimes not marked: this file has no payback/mean_lifetime_years"))
    return common.end(fig, caption, common.dataset_caption(ds, note), title, header, rows)


def cmd_payback(args):
    from ..dataset import open as open_dataset

    result = tr.open_result(args.input)
    ds = result.require("payback/years", "files written before payback existed lack it: "
                        "re-run the scenario with this version of `tinyfleet run`")
    dim = next((f"payback/{d}" for d in ("device_class", "class") if f"payback/{d}" in result.file), None)
    nclasses = len(result.file[dim][()]) if dim else len(result.classes)
    if ds.ndim != 2 or ds.shape[1] != nclasses:
        raise tr.DataError(f"{args.input}: payback/years has shape {ds.shape}, "
                           f"expected [sample, class] with {nclasses} classes")
    output, size = common.prepare(args, "payback")
    fig = payback(open_dataset(args.input), args.xscale, args.title, args.caption, size)
    common.finish(fig, args, output)
