"""Strings of the /workload page."""

STRINGS: dict[str, dict[str, str]] = {}
