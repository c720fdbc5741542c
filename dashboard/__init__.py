"""griddash: analytics for the grid-governance command centre."""
