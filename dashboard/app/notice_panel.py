"""The briefing's 督办单 panel: pick a spike or a case the page lists, make its one-page notice
(dashboard.reporting.notice_pdf) on request, download it."""

from __future__ import annotations

import streamlit as st

from dashboard.core import paths
from dashboard.core.i18n import t
from dashboard.core.romanise import path_name, place_name
from dashboard.data.catalog import Catalog
from dashboard.measures.briefing import BriefingView
from dashboard.reporting import notice, notice_pdf


def choice_label(choice: notice.Choice, lang: str) -> str:
    """A spike's or case's line in the picker, in `lang`."""
    # a spike's name is its district's then its own; a case's, its grid's (romanised in English)
    name = (
        path_name(choice.name, lang) if choice.source == "spike" else place_name(choice.name, lang)
    )
    values = {"name": name, "place": name, "id": choice.subject.key}
    values |= {"count": choice.figure, "p": choice.figure, "days": choice.figure}
    return t(f"ntc_opt_{choice.source}", lang, **values)


def panel(cat: Catalog, view: BriefingView, lang: str, rows: int) -> None:
    """督办单: pick a listed spike or case, make its one-page PDF on request, download it. The
    PDF is made only when the button is pressed, and kept for this session and selection.
    `view` is the briefing's; its lists are offered to their first `rows` rows, as shown."""
    choices = notice.choices(
        view.spikes,
        view.new_late_cases.head(rows),
        view.at_risk.cases.head(rows),
        view.late_cases.head(rows),
    )
    if not choices:
        st.caption(t("ntc_none", lang))
        return
    by_key = {f"{c.subject.kind}:{c.subject.key}": c for c in choices}
    pick, make = st.columns([3, 1], vertical_alignment="bottom")
    key = pick.selectbox(
        t("ntc_pick", lang),
        list(by_key),
        format_func=lambda k: choice_label(by_key[k], lang),
        key="notice_pick",
        help=t("ntc_pick_help", lang),
    )
    as_of = view.brief.as_of
    token = (key, as_of.isoformat(), lang, cat.data_version, cat.scope)
    if make.button(
        t("ntc_make", lang), icon=":material/picture_as_pdf:", key="notice_make", width="stretch"
    ):
        try:
            name, pdf = notice_pdf.make(
                cat, by_key[key].subject, as_of, lang, at_risk=view.at_risk, spikes=view.spikes
            )
        except notice.NoticeError as exc:
            st.warning(paths.without_server_paths(str(exc)))
        else:
            st.session_state["notice_pdf"] = (token, name, pdf)
    made = st.session_state.get("notice_pdf")
    if made and made[0] == token:
        st.download_button(
            t("ntc_download", lang) + f" · {made[1]}",
            made[2],
            file_name=made[1],
            mime="application/pdf",
            icon=":material/download:",
            key="notice_download",
            on_click="ignore",
        )
