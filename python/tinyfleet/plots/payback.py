"""Carbon payback time (`scripts/plot payback`, docs/outputs.md): ECDF per
class of payback/years and the share of realizations that never pay back."""

from .. import results as tr
from . import common


def percent(share):
    """'0%', '0.3%', '42%', '99.7%', '100%': shares near 0 or 1 keep a decimal
    so that they are not shown as 0% or 100%."""
    p = 100 * share
    if 0 < p < 1 or 99 < p < 100:
        return f"{p:.1f}%"
    return f"{p:.0f}%"


def cmd_payback(args):
    import numpy as np
    from matplotlib.ticker import PercentFormatter

    result = tr.open_result(args.input)
    ds = result.require("payback/years", "files written before payback existed lack it: "
                        "re-run the scenario with this version of `tinyfleet run`")
    years = result.never_as_inf("payback/years")  # never = +inf, whatever the format version
    classes = ([tr._text(c) for c in result.file[f"payback/{result.class_dimension}"][()]]
               if f"payback/{result.class_dimension}" in result.file else result.classes)
    if years.ndim != 2 or years.shape[1] != len(classes):
        raise tr.DataError(f"{args.input}: payback/years has shape {years.shape}, "
                           f"expected [sample, class] with {len(classes)} classes")
    output, size, plt = common.prepare(args, "payback")

    n = years.shape[0]
    never = np.isposinf(years).mean(axis=0)
    finite = [np.sort(years[np.isfinite(years[:, j]), j]) for j in range(len(classes))]
    allfinite = np.concatenate(finite) if finite else np.array([])
    colours = common.SERIES
    scale = args.xscale
    if scale == "auto":
        pos = allfinite[allfinite > 0]
        scale = "log" if (len(pos) == len(allfinite) and len(pos) > 1
                          and pos.max() / pos.min() > 30) else "linear"

    fig, axes = common.new_figure(plt, size, 1, 2, gridspec_kw={"width_ratios": [3.4, 1]})
    ax, bx = axes[0]
    for j, (cls, v) in enumerate(zip(classes, finite)):
        colour = colours[j % len(colours)]
        label = f"{cls} (never: {percent(never[j])})"
        if len(v) == 0:
            ax.plot([], [], color=colour, linewidth=1.6, label=f"{cls} (never pays back)")
            continue
        y = np.arange(1, len(v) + 1) / n
        xs = np.concatenate([[v[0]], v])
        ys = np.concatenate([[0.0], y])
        ax.step(xs, ys, where="post", color=colour, linewidth=1.6, label=label)
        if never[j] > 0:
            ax.plot([v[-1]], [y[-1]], marker=">", color=colour, markersize=4)
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
    ax.set_ylabel("Realizations paid back within x (ECDF)")
    ax.legend(loc="upper left", title="Device class", title_fontsize=8, alignment="left")

    pos = np.arange(len(classes))[::-1] * 1.0
    bx.barh(pos, 100 * never, 0.38, color=[colours[j % len(colours)] for j in range(len(classes))])
    for j, (p, share) in enumerate(zip(pos, never)):
        bx.text(0, p + 0.24, classes[j], va="bottom", ha="left", fontsize=7.5)
        inside = share >= 0.7  # label inside the bar's end when the bar is long
        bx.annotate(percent(share), (100 * share, p), xytext=(-3 if inside else 3, 0),
                    textcoords="offset points", va="center", ha="right" if inside else "left",
                    color="white" if inside else "black", fontsize=8)
    bx.set_yticks([])
    bx.set_ylim(-0.5, len(classes) - 0.2)
    bx.set_xlim(0, 100)
    bx.set_xticks([0, 50, 100])
    bx.set_xlabel("% of realizations")
    bx.grid(axis="y", visible=False)
    bx.spines["left"].set_visible(False)
    bx.set_title("Never pays back", fontsize=9)
    common.finish(fig, args, output,
                  result.caption("ECDF per class; curves end below 100% by the share never paying back"))
