"""Strings of the /resolution page."""

STRINGS: dict[str, dict[str, str]] = {}
