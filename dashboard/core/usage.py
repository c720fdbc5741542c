"""A problem with a command's input that the user can fix: `griddash` prints it without a
traceback and exits with status 2. Low in the layers, so a command's own module (validate,
ingest, …) can raise it without importing the command line that calls it."""

from __future__ import annotations


class UsageError(Exception):
    """A problem with the command's input that the user can fix; printed without a traceback."""
