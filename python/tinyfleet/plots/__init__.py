"""The figures of scripts/plot, one module per command (bands, breakdown,
payback, sensitivity, sweep), each with its cmd_<name>(args); what they share
(labels, palette, figure and caption, saving) is plots/common.py."""
