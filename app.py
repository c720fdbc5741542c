"""Entry script of the dashboard: `griddash serve` (or `streamlit run app.py`).

Sets up the page, the language switch (bound to the `lang` URL parameter) and navigation.
URL paths are fixed (DESIGN.md): `/` is the morning briefing (一屏知全城), `/incidents`,
`/resolution`, `/workload` and `/training` the analysis pages, `/sql` the analyst SQL console,
`/reports` the weekly PDF reports, `/data` the data inventory.
"""

import streamlit as st

from dashboard import i18n, paths, shell, ui

PAGES = paths.PROJECT_ROOT / "views"

st.set_page_config(
    page_title=i18n.t("app_name"),
    page_icon=str(ui.ICON),
    layout="wide",
    initial_sidebar_state="expanded",
)
ui.style()
st.logo(str(ui.ICON), size="large")
lang = ui.language_switch()
# Nobody sees anything before this: an unknown user, a missing proxy header or a bad access
# file stops here with the reason (the catalog layer checks again below every page).
user = shell.signed_in_user(lang)
ui.user_box(user, shell.place_name(user.scope), lang)

pages = {
    i18n.t("nav_section_overview", lang): [
        st.Page(
            PAGES / "briefing.py",
            title=i18n.t("nav_briefing", lang),
            icon=":material/dashboard:",
            default=True,
        ),
    ],
    i18n.t("nav_section_analysis", lang): [
        st.Page(
            PAGES / "incidents.py",
            title=i18n.t("nav_incidents", lang),
            icon=":material/report:",
            url_path="incidents",
        ),
        st.Page(
            PAGES / "resolution.py",
            title=i18n.t("nav_resolution", lang),
            icon=":material/timer:",
            url_path="resolution",
        ),
        st.Page(
            PAGES / "workload.py",
            title=i18n.t("nav_workload", lang),
            icon=":material/groups:",
            url_path="workload",
        ),
        st.Page(
            PAGES / "training.py",
            title=i18n.t("nav_training", lang),
            icon=":material/school:",
            url_path="training",
        ),
        *(
            [
                st.Page(
                    PAGES / "sql.py",
                    title=i18n.t("nav_sql", lang),
                    icon=":material/terminal:",
                    url_path="sql",
                )
            ]
            if user.can_use_console  # viewers have no console (and console_catalog refuses them)
            else []
        ),  # fmt: skip
        st.Page(
            PAGES / "reports.py",
            title=i18n.t("nav_reports", lang),
            icon=":material/picture_as_pdf:",
            url_path="reports",
        ),
    ],
}
if user.scope == "":  # the inventory describes every district's rows
    pages[i18n.t("nav_section_data", lang)] = [
        st.Page(PAGES / "inventory.py", title=i18n.t("nav_inventory", lang),
                icon=":material/inventory_2:", url_path="data"),
    ]  # fmt: skip
st.navigation(pages).run()
