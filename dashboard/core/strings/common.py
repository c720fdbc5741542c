"""Strings every page shares: the product's name, the city, the navigation."""

STRINGS: dict[str, dict[str, str]] = {
    # the product
    "app_name": {"zh": "一屏知全城", "en": "The whole city at a glance"},
    "centre": {"zh": "综治中心", "en": "governance centre"},
    "city": {"zh": "太原市", "en": "Taiyuan"},
    "city_centre": {"zh": "太原市综治中心", "en": "Taiyuan governance centre"},
    "language": {"zh": "语言", "en": "Language"},
    # navigation
    "nav_inventory": {"zh": "数据清单", "en": "Data inventory"},
    "nav_section_data": {"zh": "数据", "en": "Data"},
}
