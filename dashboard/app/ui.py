"""Streamlit pieces shared by every page: language, header, a little CSS.

Pages lay out widgets and call `dashboard`; what more than one page needs lives here.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import streamlit as st

from dashboard.charts import tile_cards
from dashboard.charts.echarts import Chart
from dashboard.core import i18n, paths, romanise

ICON = paths.PROJECT_ROOT / "assets" / "icon.png"
LANG_KEY = "lang"  # the session-state key and the URL query parameter (?lang=en)

_CSS = """
<style>
/* Less empty space above the page header. */
[data-testid="stMainBlockContainer"] { padding-top: 4rem; }
/* Tabs name a page's sections: labels read as headings. */
[data-testid="stTab"] p { font-size: 1.1rem; font-weight: 600; }
.gd-header { display: flex; align-items: center; gap: 0.9rem; margin: 0 0 0.2rem 0; }
.gd-header img { width: 44px; height: 44px; }
.gd-header .gd-title { font-size: 1.9rem; font-weight: 700; line-height: 1.15; }
.gd-header .gd-sub { color: #5b6675; font-size: 1rem; margin-top: 0.15rem; }
/* The time window's four choices side by side in the sidebar (240 px; with Streamlit's 16 px
   each side the fourth went to a line of its own). */
[data-testid="stSidebar"] .st-key-analysis_days button { padding-left: 10px; padding-right: 10px; }
</style>
"""


def chart(drawn: Chart, key: str) -> None:
    """An ECharts chart (dashboard.charts.echarts) across its column, at its own height; `key`
    names it on the page (prefixed, so a chart never takes a widget's key)."""
    st.echarts_chart(drawn.option, height=drawn.height, width="stretch", key=f"chart_{key}")


def current_lang() -> str:
    """The interface language of this session: `zh` (default) or `en`."""
    return i18n.normalize_lang(st.session_state.get(LANG_KEY))


def _sync_url(lang: str) -> None:
    """Keep `?lang=` in the URL (left out for the default, Chinese)."""
    if lang == i18n.DEFAULT_LANG:
        if LANG_KEY in st.query_params:
            del st.query_params[LANG_KEY]
    elif st.query_params.get(LANG_KEY) != lang:
        st.query_params[LANG_KEY] = lang


def _on_switch() -> None:
    st.session_state[LANG_KEY] = i18n.normalize_lang(st.session_state[_SWITCH_KEY])
    _sync_url(st.session_state[LANG_KEY])


_SWITCH_KEY = "_lang_switch"


def language() -> str:
    """The session's language from the `lang` URL parameter, kept in the session and the URL.

    The URL wins (a copied link reproduces the view); without one, the session's choice stays,
    also across page switches, which clear query parameters.
    """
    asked = st.query_params.get(LANG_KEY)
    lang = i18n.normalize_lang(asked if asked else st.session_state.get(LANG_KEY))
    st.session_state[LANG_KEY] = lang
    _sync_url(lang)
    return lang


def language_switch(lang: str) -> None:
    """The language switch in the sidebar, showing `lang` (from `language()`).

    A segmented control, not a radio: it is the element of the page's pills, already loaded,
    where a radio is one more kind of element for the browser to load and start on every page
    (docs/performance.md, "2026-12-02, late morning: a lighter frame").
    """
    st.session_state[_SWITCH_KEY] = lang
    with st.sidebar:
        st.segmented_control(
            i18n.t("language", lang),
            i18n.LANGS,
            format_func=i18n.LANG_NAMES.__getitem__,
            key=_SWITCH_KEY,
            required=True,
            on_change=_on_switch,
        )


def cards(items: Sequence[tile_cards.Card], widths: Sequence[float] | None = None) -> None:
    """A page's headline figures as one row of cards (tile_cards.plain), readable from across
    the room; widths: relative column widths (one: the cards stacked)."""
    st.html(tile_cards.plain(items, widths))


def style() -> None:
    st.html(_CSS)


def header(title: str, subtitle: str, badges: Sequence[tuple[str, str, str | None]] = ()) -> None:
    """The page header: icon, title, subtitle, and badges (label, colour, material icon)."""
    left, right = st.columns([3, 2], vertical_alignment="center")
    with left:
        st.html(
            '<div class="gd-header">'
            f'<img src="data:image/png;base64,{_icon_b64()}" alt="">'
            f'<div><div class="gd-title">{escape(title)}</div>'
            f'<div class="gd-sub">{subtitle_html(subtitle)}</div></div></div>'
        )
    with right, st.container(horizontal=True, horizontal_alignment="right"):
        for label, color, icon in badges:
            st.badge(label, color=color, icon=icon)


def subtitle_html(subtitle: str) -> str:
    """The subtitle, escaped, its last " · " part (the day or the window) kept on one line: a
    long place path wraps, "2026-11-01 to 2026-11-30 (30 days)" does not break."""
    head, dot, tail = subtitle.rpartition(" · ")
    return f'{escape(head)}{dot}<span style="white-space:nowrap">{escape(tail)}</span>'


def _icon_b64() -> str:
    import base64

    return base64.b64encode(ICON.read_bytes()).decode()


_KIOSK_CSS = """
<style>
/* Kiosk (大屏模式): a dark wall screen, no sidebar, toolbar or menus. The layout is drawn for
   1920×1080 and zoomed whole on bigger walls — text, map and charts alike — so it reads the same
   from five metres at 3840×2160. */
html { font-size: 16.5px; }
@media (min-width: 2400px) { [data-testid="stAppViewContainer"] { zoom: 1.333; } }
@media (min-width: 3200px) { [data-testid="stAppViewContainer"] { zoom: 2; } }
@media (min-width: 5000px) { [data-testid="stAppViewContainer"] { zoom: 4; } }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stElementToolbar"], footer { display: none !important; }
.stApp { background: #0b1320; }
/* Room at the foot for the fixed bottom strip (clock, data day, newly overdue cases). */
[data-testid="stMainBlockContainer"] { padding: 0.6rem 1.6rem 3.6rem 1.6rem; max-width: 100%; }
.gd-header .gd-title { font-size: 2.1rem; color: #f4f7fb; }
.gd-header .gd-sub { color: #b9c4d3; font-size: 1.5rem; }
[data-testid="stCaptionContainer"] p { color: #8d9bb0; }
/* The header's badges: dark chips with light text instead of the light theme's pale ones. */
.stMarkdownBadge { background: #1b2840 !important; color: #cfe0ff !important;
                   border: 1px solid #2f4366; font-size: 1.5rem !important; }
</style>
"""


def kiosk_style() -> None:
    """The wall-screen look for `?kiosk=1`."""
    st.html(_KIOSK_CSS)


def wall_picture(png: bytes, width: int) -> None:
    """The wall's map (wall_map.picture) shown `width` CSS pixels wide. Given to st.image whole
    (width "content"): with a smaller width Streamlit shrinks the picture and encodes it again,
    on every run; CSS sizes it instead."""
    with st.container(key="wall_map"):
        st.html(
            f"<style>.st-key-wall_map img {{ width: {int(width)}px !important; "
            "max-width: 100% !important; height: auto !important; }</style>"
        )
        st.image(png, width="content")


def user_box(user, place: str | None, lang: str) -> None:
    """Who is signed in, their role and their scope, at the foot of the sidebar (and a sign-out
    button when the identity provider signed them in)."""
    from dashboard.app import auth

    place = romanise.place_name(place, lang)
    scope = i18n.t("city", lang) if not user.scope else f"{place or user.scope} ({user.scope})"
    with st.sidebar:
        st.divider()
        st.caption(i18n.t("signed_in_as", lang))
        st.markdown(
            f"**{escape(user.name)}** · {i18n.t(f'role_{user.role}', lang)}  \n"
            f"{i18n.t('scope_label', lang)}: {escape(scope)}"
        )
        if auth.load().mode == "oidc":
            st.button(
                i18n.t("sign_out", lang),
                on_click=st.logout,
                icon=":material/logout:",
                key="sign_out",
                type="tertiary",
            )
