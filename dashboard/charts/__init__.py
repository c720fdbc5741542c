"""Charts: Plotly helpers, SVG glance charts, the briefing's tile cards."""
