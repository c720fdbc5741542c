"""周报 / Weekly reports: pick a week and a place, generate the PDF snapshot (dashboard.reporting.report,
the same as `griddash report`), download it, and download the reports already generated (the
folder paths.reports_dir(): $GRIDDASH_REPORTS, else data/reports)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import streamlit as st

from dashboard.app import shell, ui
from dashboard.core import i18n, paths
from dashboard.core.i18n import t
from dashboard.core.romanise import place_name
from dashboard.data import places
from dashboard.measures import metrics
from dashboard.reporting import report, report_file

params = shell.page_params()
lang = params.lang


def _size(n: int) -> str:
    return f"{n / 1024:,.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def _weeks(first, last_monday) -> list:
    monday = first + timedelta(days=(7 - first.weekday()) % 7)
    weeks = []
    while monday <= last_monday:
        weeks.append(monday)
        monday += timedelta(days=7)
    return weeks[::-1]


def _scopes(cat) -> dict[str, str]:
    """The session's place and the places one level below it: code → name."""
    crumbs = places.breadcrumb(cat)
    here = place_name(crumbs[-1].name, lang) if params.at and crumbs else t("city", lang)
    kids = places.children(cat)
    return {
        params.at: here,
        **{c: place_name(n, lang) for c, n in kids.select("code", "name").rows()},
    }


def _scope_label(scope: str | None, names: dict[str, str]) -> str:
    if scope is None:
        return "–"
    if scope == "":
        return t("city", lang)
    return f"{names.get(scope, scope)} ({scope})"


def render() -> None:
    cat, version = shell.catalog_or_stop(params.at, lang)
    folder = paths.reports_dir()
    ui.header(
        t("nav_reports", lang),
        t("reports_sub", lang),
        [(f"{t('data_version', lang)} {version}", "blue", ":material/verified:")],
    )
    first, _ = shell.data_days(cat)
    weeks = _weeks(first, report.last_full_week(cat))
    if not weeks:
        st.info(t("reports_no_week", lang))
        st.stop()
    scopes = _scopes(cat)
    left, mid, right = st.columns([2, 3, 2], vertical_alignment="bottom")
    monday = left.selectbox(
        t("rep_week", lang),
        weeks,
        format_func=report.week_label,
        key="report_week",
        help=t("reports_week_help", lang),
    )
    scope = mid.selectbox(
        t("rep_scope", lang),
        list(scopes),
        key="report_scope",
        format_func=lambda c: _scope_label(c, scopes),
    )
    if right.button(
        t("reports_generate", lang),
        type="primary",
        icon=":material/picture_as_pdf:",
        key="report_generate",
    ):
        out = folder / report_file.report_name(monday, scope, lang)
        with st.spinner(t("reports_generating", lang)):
            try:
                report_file.generate(
                    shell.scoped_catalog(scope).pinned(),
                    out,
                    week=report.week_label(monday),
                    lang=lang,
                )
            except (report.ReportError, metrics.MetricsError) as exc:
                st.error(paths.without_server_paths(str(exc)))
            else:
                st.session_state["report_last"] = str(out)
    last = st.session_state.get("report_last")
    if last and (path := Path(last)).exists():
        st.success(t("reports_done", lang, name=path.name), icon=":material/check_circle:")
        st.download_button(
            t("reports_download", lang),
            path.read_bytes(),
            file_name=path.name,
            mime="application/pdf",
            icon=":material/download:",
            key="report_download_last",
        )

    st.subheader(t("reports_list", lang))
    st.caption(t("reports_folder", lang))  # where, not the path: no server path on a page
    stored = shell.stored_reports(folder)  # only the user's places
    if not stored:
        st.info(t("reports_none", lang))
        return
    top = shell.scoped_catalog(shell.user_scope())
    kids = places.children(top).select("code", "name").rows()
    names = {**scopes, **{c: place_name(n, lang) for c, n in kids}}
    widths = [4, 2, 3, 1, 1, 2, 2]
    head = st.columns(widths)
    for col, key in zip(
        head,
        (
            "reports_col_file",
            "rep_week",
            "rep_scope",
            "reports_col_lang",
            "reports_col_size",
            "reports_col_time",
            "reports_col_download",
        ),
        strict=True,
    ):
        col.markdown(f"**{t(key, lang)}**")
    for i, r in enumerate(stored):
        cols = st.columns(widths, vertical_alignment="center")
        cols[0].text(r.path.name)
        cols[1].text(r.week or "–")
        cols[2].text(_scope_label(r.scope, names))
        cols[3].text(i18n.LANG_NAMES.get(r.lang, "–"))  # the report's language, not the page's
        cols[4].text(_size(r.size))
        cols[5].text(r.modified.strftime("%Y-%m-%d %H:%M"))
        cols[6].download_button(
            t("reports_download_short", lang),
            r.path.read_bytes(),
            file_name=r.path.name,
            mime="application/pdf",
            icon=":material/download:",
            key=f"report_dl_{i}_{r.path.name}",
        )


render()
