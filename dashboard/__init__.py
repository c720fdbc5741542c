"""griddash: analytics for the grid-governance command centre."""

__version__ = "0.1.0"
