"""Entry script of the dashboard: `griddash serve` (or `streamlit run app.py`).

Sets up the page, the language switch (bound to the `lang` URL parameter) and navigation.
URL paths are fixed (DESIGN.md): `/` is the morning briefing (一屏知全城), `/incidents`,
`/resolution`, `/workload` and `/training` the analysis pages, `/sql` the analyst SQL console,
`/reports` the weekly PDF reports, `/data` the data inventory.
"""

import time

import streamlit as st

from dashboard.app import shell, ui
from dashboard.core import i18n, paths, runlog

PAGES = paths.PROJECT_ROOT / "views"
started = time.perf_counter()  # the run's server time, for GRIDDASH_RUN_LOG (dashboard.core.runlog)

st.set_page_config(
    page_title=i18n.t("app_name"),
    page_icon=str(ui.ICON),
    layout="wide",
    initial_sidebar_state="expanded",
)
ui.style()
st.logo(str(ui.ICON), size="large")
lang = ui.language()
# The wall (kiosk=1, the briefing's) hides the sidebar: nothing is put there for it to load.
wall = shell.kiosk_asked()
if not wall:
    ui.language_switch(lang)
# Nobody sees anything before this: an unknown user, a missing proxy header or a bad access
# file stops here with the reason (the catalog layer checks again below every page).
user = shell.signed_in_user(lang)
if not wall:
    ui.user_box(user, shell.place_name(user.scope), lang)

# (section, page file, title key, icon, URL path): the paths are fixed, links and bookmarks last.
NAVIGATION = (
    ("overview", "briefing", "nav_briefing", "dashboard", ""),
    ("analysis", "incidents", "nav_incidents", "report", "incidents"),
    ("analysis", "resolution", "nav_resolution", "timer", "resolution"),
    ("analysis", "workload", "nav_workload", "groups", "workload"),
    ("analysis", "training", "nav_training", "school", "training"),
    ("analysis", "sql", "nav_sql", "terminal", "sql"),
    ("analysis", "reports", "nav_reports", "picture_as_pdf", "reports"),
    ("data", "inventory", "nav_inventory", "inventory_2", "data"),
)


def offered(page: str) -> bool:
    """Pages this user is offered: viewers have no console (and console_catalog refuses them);
    the inventory describes every district's rows, so it is for whole-city users only."""
    if page == "sql":
        return user.can_use_console
    if page == "inventory":
        return user.scope == ""
    return True


pages: dict[str, list] = {}
for section, page, title, icon, url_path in NAVIGATION:
    if offered(page):
        pages.setdefault(i18n.t(f"nav_section_{section}", lang), []).append(
            st.Page(
                PAGES / f"{page}.py",
                title=i18n.t(title, lang),
                icon=f":material/{icon}:",
                url_path=url_path or None,
                default=not url_path,
            )
        )
page = st.navigation(pages)
try:
    page.run()
finally:  # also when the page stops or reruns (Streamlit raises to do so)
    runlog.record(st.session_state, page.url_path, started)
