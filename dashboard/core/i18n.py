"""Interface strings, Chinese first (zh-CN), English too.

Every string shown on screen is looked up here by name: `t("kpi_grids", "zh")`; the strings
themselves live in dashboard/core/strings/, one module per page (common, inventory, maps, briefing,
console, access, the analysis pages, the weekly report, the supervision notice). Words follow the
glossary in DESIGN.md (网格 / grid, 网格员 / grid worker, 隔离数据 / quarantined rows, 数据版本 /
data version …). Table and reason names come from `dashboard.core.contract`, not from here.
"""

from __future__ import annotations

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
LANG_NAMES = {"zh": "中文", "en": "English"}

STRINGS: dict[str, dict[str, str]] = {}


def _add(block: dict[str, dict[str, str]]) -> None:
    """Add a block of strings; a key defined twice is an error, not a silent replacement (the
    later one used to win: 范围 became 可见范围 without a word)."""
    twice = STRINGS.keys() & block.keys()
    if twice:
        raise KeyError(f"i18n: strings defined twice: {sorted(twice)}")
    STRINGS.update(block)


def normalize_lang(lang: str | None) -> str:
    """A supported language code: `zh` or `en` (anything else falls back to Chinese)."""
    if lang:
        code = lang.strip().lower().replace("_", "-").split("-")[0]
        if code in LANGS:
            return code
    return DEFAULT_LANG


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The string named `key` in `lang`, with `{name}` placeholders filled from `values`."""
    text = STRINGS[key][normalize_lang(lang)]
    return text.format(**values) if values else text


def share_text(x: float | None) -> str:
    """A share (0…1) as a percentage with one decimal, "–" when there is none."""
    return "–" if x is None else f"{100 * x:.1f}%"


def pick(zh: str, en: str, lang: str) -> str:
    """One of a (zh, en) pair, as the contract stores names."""
    return zh if normalize_lang(lang) == "zh" else en


def _merge_page_strings() -> None:
    """Every page keeps its strings in dashboard/core/strings/<page>.py; a key may be defined once
    only, so one page cannot silently change another's words."""
    from dashboard.core.strings import (
        access,
        analysis,
        briefing,
        common,
        console,
        incidents,
        inventory,
        maps,
        notice,
        report,
        resolution,
        talking,
        training,
        workload,
    )

    for module in (
        common,
        inventory,
        maps,
        briefing,
        console,
        access,
        analysis,
        incidents,
        resolution,
        workload,
        training,
        report,
        talking,
        notice,
    ):
        twice = STRINGS.keys() & module.STRINGS.keys()
        if twice:
            raise KeyError(f"{module.__name__}: strings defined twice: {sorted(twice)}")
        STRINGS.update(module.STRINGS)


_merge_page_strings()
