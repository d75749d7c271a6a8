"""Human labels and display units for figures: what a metric, a device
class, a block, a parameter or a swept path is called on an axis or in a
legend, and which unit (t, kt, Mt, Gt of CO2e; thousand, million, billion
devices) makes the numbers drawn readable.

A label in the file wins: a `label` attribute (on a metric's variable, on a
parameter's `inputs_<name>` variable, on a swept setting), the string
coordinate `<class dimension>_label` along the class dimension, or
`parameter_label` along a sensitivity file's parameters; the point JSON
gives each class a "label". Files written before labels fall back to the
defaults below for metrics and blocks, and otherwise to the rule that
derives a label from an identifier (`humanize`; the same rule as the
program's, sim/input/label.h: "cold_chain" -> "Cold chain").
The class dimension is `class` in files of format version 1 and
`device_class` in later ones; both are read.
"""

import math

from ..results import STOCK_METRICS

CLASS_DIMENSIONS = ("device_class", "class")

METRIC_LABELS = {
    "shipments": "Shipments",
    "installed_base": "Installed base",
    "retired": "Retired devices",
    "emissions_embodied": "Embodied emissions",
    "embodied_ic": "Embodied: MCU",
    "embodied_sensing": "Embodied: sensors",
    "embodied_power_supply": "Embodied: power supply",
    "embodied_pcb": "Embodied: PCB",
    "embodied_casing": "Embodied: casing",
    "embodied_passives": "Embodied: passives, UI",
    "embodied_transport": "Embodied: transport",
    "embodied_training": "Embodied: ML training",
    "emissions_operational": "Operational emissions",
    "emissions_end_of_life": "End-of-life emissions",
    "emissions_total": "Total emissions",
    "offsets": "Offsets (avoided emissions)",
    "net": "Net emissions",
    "cumulative_net": "Cumulative net emissions",
    "ewaste_mass": "E-waste mass",
}

# Blocks of `tinyfleet point --json` and life-cycle stages.
BLOCK_LABELS = {
    "ml_training": "ML training", "pcb": "PCB", "processing_mcu": "Processing (MCU)",
    "others_passives": "Passives, others", "power_supply": "Power supply",
    "user_interface": "User interface", "use_stage": "Use stage (electricity)",
    "end_of_life": "End of life", "casing": "Casing", "sensing": "Sensing",
    "transport": "Transport", "manufacturing": "Manufacturing", "training": "ML training",
    "use": "Use (electricity)",
}

# The field of a swept `parameters.NAME.distribution.FIELD`.
DISTRIBUTION_FIELDS = {
    "max": "upper bound", "min": "lower bound", "mode": "mode", "median": "median",
    "mean": "mean", "sd": "standard deviation", "gsd": "geometric sd", "value": "value",
    "scale": "scale", "shape": "shape", "alpha": "alpha", "beta": "beta",
}
RUN_SETTINGS = {"run.sampling": "Sampling design", "run.samples": "Samples",
                "run.seed": "Seed", "run.fleet_mode": "Fleet mode"}

CO2E_METRIC_PREFIXES = ("emissions_", "embodied_", "offsets", "net", "cumulative_net")
DEVICE_METRICS = {"shipments", "installed_base", "retired"}


def humanize(name):
    """'precision_agriculture' -> 'Precision agriculture': '_' and '-' become
    spaces, the first letter a capital (sim/input/label.h, default_label)."""
    text = str(name).replace("_", " ").replace("-", " ")
    return text[:1].upper() + text[1:]


def _attr(variable, key):
    value = variable.attrs.get(key) if variable is not None else None
    if isinstance(value, bytes):
        value = value.decode("utf-8")
    return value if isinstance(value, str) and value else None


def metric_label(metric, variable=None):
    """Label of a metric: the variable's `label` attribute, else the default."""
    return _attr(variable, "label") or METRIC_LABELS.get(metric, humanize(metric))


def block_label(name):
    return BLOCK_LABELS.get(name, humanize(name))


def class_dimension(ds):
    """The name of the class dimension of a Dataset (device_class or class)."""
    for dim in CLASS_DIMENSIONS:
        if dim in ds.dims or dim in ds.coords:
            return dim
    return None


def class_labels(ds, names=None):
    """{class identifier: label} for the classes of a Dataset."""
    dim = class_dimension(ds)
    names = list(names) if names is not None else ([str(c) for c in ds[dim].values] if dim else [])
    stored = {}
    for key in ([f"{dim}_label", "label"] if dim else []):
        if key in ds.variables and ds[key].dims == (dim,):
            stored = {str(c): str(v.decode() if isinstance(v, bytes) else v)
                      for c, v in zip(ds[dim].values, ds[key].values)}
            break
    return {n: stored.get(n) or humanize(n) for n in names}


def point_class_label(point, name):
    """Label of class `name` of the point JSON (`tinyfleet point --json`)."""
    stored = point["classes"][name].get("label")
    return stored if isinstance(stored, str) and stored else humanize(name)


def parameter_label(ds, name):
    """Label of a global parameter: `label` of inputs_<name>, or its entry of
    a sensitivity file's parameter_label coordinate, when stored."""
    if ds is None:
        return humanize(name)
    if hasattr(ds, "coords") and "parameter_label" in ds.variables and "parameter" in ds.coords:
        for p, text in zip(ds["parameter"].values, ds["parameter_label"].values):
            if _text(p) == name and _text(text):
                return _text(text)
    # An xarray Dataset of tinyfleet.open names it inputs_<name>, an h5py file inputs/<name>.
    return (_attr(ds.get(f"inputs_{name}"), "label") or _attr(ds.get(f"inputs/{name}"), "label")
            or humanize(name))


def _text(value):
    return str(value.decode("utf-8") if isinstance(value, bytes) else value)


def path_label(ds, path):
    """Label of a swept path in `ds` (an xarray Dataset or an h5py file):
    its `label` attribute when the sweep plan gave one, else 'parameters.world_grid_decline.distribution.max' -> 'World
    grid decline (upper bound)', 'run.sampling' -> 'Sampling design'."""
    stored = _attr(ds.get(path), "label") if ds is not None else None
    if stored:
        return stored
    parts = path.split(".")
    if len(parts) >= 2 and parts[0] == "parameters":
        text = parameter_label(ds, parts[1])
        if len(parts) == 4 and parts[2] == "distribution":
            text += f" ({DISTRIBUTION_FIELDS.get(parts[3], parts[3])})"
        return text
    return RUN_SETTINGS.get(path, humanize(parts[-1]))


# --------------------------------------------------------------------------
# Units: what a stored quantity is, and the unit that keeps numbers readable
# --------------------------------------------------------------------------

# (divisor from the stored unit, name) from small to large.
CO2E_SCALES = [(1.0, "kg"), (1e3, "t"), (1e6, "kt"), (1e9, "Mt"), (1e12, "Gt")]
DEVICE_SCALES = [(1.0, "devices"), (1e3, "thousand devices"), (1e6, "million devices"),
                 (1e9, "billion devices")]
MASS_SCALES = [(1.0, "kg"), (1e3, "t"), (1e6, "kt"), (1e9, "Mt")]


def quantity(metric, units, attrs=None):
    """'co2e', 'devices', 'mass' or None for a stored metric. Units are
    either the version-1 forms ('kg CO2e', 'devices', 'kg') or UDUNITS forms
    ('kg', 'kg yr-1', '1') with CO2e named in another attribute; a metric's
    name decides when the units alone do not."""
    units = units or ""
    text = " ".join(str(v) for v in (attrs or {}).values() if isinstance(v, str))
    if "CO2" in units or (units.startswith("kg") and ("CO2" in text or metric.startswith(CO2E_METRIC_PREFIXES))):
        return "co2e"
    if "device" in units or metric in DEVICE_METRICS:
        return "devices"
    if units.startswith("kg"):
        return "mass"
    return None


def is_flow(metric, units=""):
    """A yearly flow ('per year') rather than a stock."""
    return "yr-1" in (units or "") or "/yr" in (units or "") or metric not in STOCK_METRICS


def scale_for(kind, magnitude, co2_unit="auto"):
    """(divisor, unit text) for values of quantity `kind` whose typical size
    is `magnitude` (in kg or devices): the largest unit that keeps it >= 1
    (so 3.2e9 kg -> Mt, 4.5e12 kg -> Gt), or the given `co2_unit`."""
    if kind == "co2e":
        if co2_unit != "auto":
            return dict((n, d) for d, n in CO2E_SCALES)[co2_unit], f"{co2_unit} CO2e"
        d, n = _pick(CO2E_SCALES, magnitude)
        return d, f"{n} CO2e"
    if kind == "devices":
        return _pick(DEVICE_SCALES, magnitude)
    if kind == "mass":
        return _pick(MASS_SCALES, magnitude)
    return 1.0, None


def _pick(scales, magnitude):
    m = abs(magnitude) if magnitude is not None and math.isfinite(magnitude) else 0.0
    chosen = scales[0]
    for d, n in scales:
        if m >= d:
            chosen = (d, n)
    return chosen


def tex_unit(unit):
    """Unit for matplotlib text: CO2e with a subscript 2."""
    return unit.replace("CO2e", "CO$_2$e")


def axis_unit(metric, unit, units=""):
    """'Mt CO$_2$e per year' for flows, 'Mt CO$_2$e' for stocks."""
    u = tex_unit(unit or "")
    return u if not is_flow(metric, units) else f"{u} per year"
