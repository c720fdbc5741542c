"""The figures: every metric of DESIGN.md's definitions, and the briefing's data."""
