"""Strings of the /incidents page."""

STRINGS: dict[str, dict[str, str]] = {}
