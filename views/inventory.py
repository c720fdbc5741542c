"""数据清单 / Data inventory: tables, rows, quarantined rows, files, time spans of the exports."""

import streamlit as st

from dashboard.analysis import inventory_view
from dashboard.app import printed_table, shell, ui
from dashboard.charts.tile_cards import Card
from dashboard.core import paths
from dashboard.core.i18n import t
from dashboard.pipeline import inventory


@st.cache_data(show_spinner=False, max_entries=8)
def load(exports: str, fingerprint: str) -> inventory.Inventory:
    """The inventory, recomputed only when the report or a Parquet file changes."""
    return inventory.build(exports)


lang = ui.current_lang()
exports = shell.exports_folder(lang)  # whole-city users only
inv = load(str(exports), inventory.fingerprint(exports))

# -- header -----------------------------------------------------------------------------------
badges = []
if inv.validated:
    version = inv.validated_at.strftime("%Y-%m-%d %H:%M")
    badges.append((f"{t('validated', lang)} {version}", "blue", ":material/verified:"))
    if inv.stale:
        badges.append((t("stale", lang), "orange", ":material/update:"))
else:
    badges.append((t("not_validated", lang), "orange", ":material/pending:"))
ui.header(
    t("nav_inventory", lang),
    t("city_centre", lang),
    badges,
)

# -- what state the data is in -------------------------------------------------------------------
if not inv.has_data:
    st.info(f"**{t('no_data', lang)}** — {t('no_data_body', lang)}")
    st.code(
        f"{inventory_view.GENERATE_COMMAND}\n{inventory_view.VALIDATE_COMMAND}", language="bash"
    )
    st.stop()
if inv.report_error:
    error = paths.without_server_paths(inv.report_error)  # an OSError's text names the file
    st.warning(t("report_unreadable", lang, error=error), icon=":material/warning:")
    st.code(inventory_view.VALIDATE_COMMAND, language="bash")
elif not inv.validated:
    st.warning(
        f"**{t('not_validated', lang)}** — {t('not_validated_body', lang)}",
        icon=":material/pending:",
    )
    st.code(inventory_view.VALIDATE_COMMAND, language="bash")
elif inv.stale:
    st.warning(f"**{t('stale', lang)}** — {t('stale_body', lang)}", icon=":material/update:")
    st.code(inventory_view.VALIDATE_COMMAND, language="bash")

# -- headline counts ---------------------------------------------------------------------------
first, last = inv.span("incidents")
cards = []
for table, key in (
    ("grids", "kpi_grids"),
    ("workers", "kpi_workers"),
    ("incidents", "kpi_incidents"),
):
    not_loaded = inv.row(table)["status"] in ("error", "missing")
    left = inv.workers_left if table == "workers" and not not_loaded else None
    cards.append(
        Card(
            table,
            t(key, lang),
            inventory_view.format_count(inv.count(table)),
            (
                t(f"status_{inv.row(table)['status']}", lang)
                if not_loaded
                else t("kpi_workers_left", lang, n=inventory_view.format_count(left))
                if left is not None
                else None
            ),
            help=t("kpi_help_workers" if table == "workers" else "kpi_help_counts", lang),
            tone="bad" if not_loaded else "neutral",
        )
    )
quarantined = inv.quarantined_total
cards.append(
    Card(
        "quarantined",
        t("kpi_quarantined", lang),
        inventory_view.format_count(quarantined)
        if quarantined is not None
        else t("kpi_unknown", lang),
        (
            t("kpi_share", lang, share=inventory_view.format_share(quarantined, inv.rows_total))
            if quarantined
            else None
        ),
    )
)
cards.append(
    Card(
        "range",
        t("kpi_range", lang),
        inventory_view.format_days(first, last, lang),
        inventory_view.format_span(first, last),
        help=t("time_range_note", lang),
    )
)
ui.cards(cards)

# -- load errors -------------------------------------------------------------------------------
if inv.errors.height:
    st.subheader(t("section_errors", lang))
    st.error(t("errors_body", lang, n=inv.errors["table"].n_unique()), icon=":material/error:")
    st.dataframe(
        inventory_view.errors_view(inv),
        hide_index=True,
        column_config={
            "table": t("col_table", lang),
            "file": t("col_file", lang),
            "message": st.column_config.TextColumn(t("col_message", lang), width="large"),
        },
    )

# -- the tables --------------------------------------------------------------------------------
st.subheader(t("section_tables", lang))
view = inventory_view.tables_view(inv, lang)
# A plain HTML table, not a data grid: ten rows need no sorting or scrolling, and the page
# then loads no grid code and draws no canvas (docs/performance.md, "2026-12-02, morning").
st.html(printed_table.html(view.rename({c: t(c, lang) for c in view.columns})))
st.caption(t("time_range_note", lang))

# -- quarantine by reason ----------------------------------------------------------------------
st.subheader(t("section_quarantine", lang))
if not inv.validated:
    st.info(t("quarantine_unknown", lang), icon=":material/pending:")
elif not inv.reasons.height:
    st.success(t("no_quarantine", lang), icon=":material/check_circle:")
else:
    chart, table = st.columns([2, 3])
    with chart:
        ui.chart(inventory_view.quarantine_figure(inv, lang), "quarantine")
    with table:
        st.dataframe(
            inventory_view.reasons_view(inv, lang),
            hide_index=True,
            column_config={
                "col_table": t("col_table", lang),
                "col_name": t("col_name", lang),
                "col_reason": t("col_reason", lang),
                "col_reason_code": t("col_reason_code", lang),
                "col_rows": st.column_config.NumberColumn(
                    t("col_quarantined", lang), format="localized"
                ),
            },
        )

st.divider()
st.caption(
    t("footer", lang, report=inventory_view.report_name(inv))
    + (
        f" · {t('validated_at', lang)} {inv.validated_at:%Y-%m-%d %H:%M:%S}"
        if inv.validated
        else ""
    )
)
