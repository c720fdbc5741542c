"""Strings of the city map (dashboard/geo/maps.py) on the briefing and the wall."""

STRINGS: dict[str, dict[str, str]] = {
    # city map (dashboard/geo/maps.py)
    "map_incidents_day": {"zh": "{as_of} 事件", "en": "Incidents on {as_of}"},
    "map_incidents_days": {
        "zh": "近 {days} 日事件（截至 {as_of}）",
        "en": "Incidents in the {days} days to {as_of}",
    },
    "map_code": {"zh": "编码", "en": "Code"},
    "map_spike_label": {
        "zh": "{name}\n{count} 起 · 均值 {baseline}",
        "en": "{name}\n{count} · mean {baseline}",
    },
    # the wall's: one short line (the place's own name; the district shows on the map)
    "map_spike_label_kiosk": {"zh": "{name} {count} 起", "en": "{name} {count}"},
}
