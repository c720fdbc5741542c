"""Opening a page of the app under AppTest, shared by the analysis pages' tests."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd
from streamlit.testing.v1 import AppTest

from dashboard.core import paths

APP = str(paths.PROJECT_ROOT / "app.py")


def open_page(monkeypatch, exports, catalog, page: str, **params) -> AppTest:
    """The app on views/<page>.py for the given exports and catalog, with URL parameters
    `params`, after its first run; fails the test on an exception or an error element."""
    monkeypatch.setenv("GRIDDASH_CATALOG", str(catalog))
    monkeypatch.setenv("GRIDDASH_DATA", str(exports))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(f"views/{page}.py")
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert_ok(at)
    return at


def open_section(at: AppTest, section: str) -> AppTest:
    """Open one of the page's lower sections (analysis_page.sections: only the open one runs)
    through its URL parameter, as a shared link does; other URL state is kept."""
    at.query_params["section"] = section
    at.run()
    assert_ok(at)
    return at


def assert_ok(at: AppTest) -> None:
    """No exception and no error element on the page."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


class TileParser(HTMLParser):
    """Reads dashboard.charts.tile_cards' HTML: per card its key, label, value, change (or
    note), what the change is against, and second figure."""

    FIELDS = {
        "gd-tile-label": "label",
        "gd-tile-value": "value",
        "gd-tile-delta": "delta",
        "gd-tile-ref": "ref",
        "gd-tile-extra": "extra",
    }

    def __init__(self):
        super().__init__()
        self.cards: list[dict[str, str]] = []
        self._field: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-tile" in attrs:
            self.cards.append({"key": attrs["data-tile"], "title": attrs.get("title", "")})
        self._field = self.FIELDS.get(attrs.get("class", ""), self._field)

    def handle_endtag(self, tag):
        self._field = None

    def handle_data(self, data):
        if self._field and self.cards:
            self.cards[-1][self._field] = self.cards[-1].get(self._field, "") + data


def tile_cards(at: AppTest) -> list[dict[str, str]]:
    """The tiles or cards on the page (key, label, value, delta, ref, extra, title), in order:
    the briefing's and the analysis pages' headline figures."""
    parser = TileParser()
    for element in at.get("html"):
        if "data-tile=" in element.proto.body:
            parser.feed(element.proto.body)
    return parser.cards


def tile_values(at: AppTest) -> dict[str, str]:
    """The tiles or cards on the page: label → value as shown."""
    return {c["label"]: c["value"] for c in tile_cards(at)}


class TableParser(HTMLParser):
    """Reads dashboard.app.kiosk's HTML tables: per table its header and rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def html_tables(at: AppTest) -> list[list[dict[str, str]]]:
    """The plain HTML tables on the page (the briefing's lists), in order: rows as heading →
    cell text, as shown."""
    parser = TableParser()
    for element in at.get("html"):
        if "kq-table" in element.proto.body:
            parser.feed(element.proto.body)
    return [[dict(zip(t[0], row, strict=True)) for row in t[1:]] for t in parser.tables]


class PrintedTableParser(HTMLParser):
    """Reads dashboard.app.printed_table.html's HTML: per table its headings, which of them are
    numbers (class "num") and its rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables: list[dict] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"heads": [], "numeric": [], "rows": []})
        elif tag == "tr" and self.tables and self.tables[-1]["heads"]:
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th"):
            self._cell = []
            if tag == "th":
                self.tables[-1]["numeric"].append("num" in (dict(attrs).get("class") or ""))

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            text = "".join(self._cell)
            table = self.tables[-1]
            (table["rows"][-1] if tag == "td" else table["heads"]).append(text)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _number(text: str):
    """A number column's cell as shown → its value: "1,234" → 1234, "12.50" → 12.5, "–" → None."""
    if text == "–":
        return None
    plain = text.replace(",", "")
    return float(plain) if "." in plain else int(plain)


def shown_tables(at: AppTest) -> list[pd.DataFrame]:
    """Every table of an analysis page in page order, as pandas frames: a data grid's value as
    it is; a printed table (dashboard.app.printed_table.html, at most PRINTED_ROWS rows) read back
    from its HTML, number columns as numbers and "–" as missing, text columns as shown."""
    frames: list[pd.DataFrame] = []

    def walk(node) -> None:
        kind = getattr(node, "type", None)
        if kind == "dataframe":
            frames.append(node.value)
        elif kind == "html" and "kq-table kq-light" in node.proto.body:
            parser = PrintedTableParser()
            parser.feed(node.proto.body)
            for table in parser.tables:
                columns = {
                    head: [
                        _number(row[i]) if table["numeric"][i] else row[i] for row in table["rows"]
                    ]
                    for i, head in enumerate(table["heads"])
                }
                frames.append(pd.DataFrame(columns))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return frames


def page_text(at: AppTest) -> str:
    """Everything the page writes as text, one string: markdown, captions, alerts, code blocks,
    HTML blocks, plain text and the data grids' cells (what a server path could hide in)."""
    parts = [
        e.value
        for kind in (
            "markdown",
            "caption",
            "info",
            "warning",
            "error",
            "success",
            "code",
            "text",
            "subheader",
            "header",
            "title",
        )
        for e in getattr(at, kind)
    ]
    parts += [h.proto.body for h in at.get("html")]
    parts += [d.value.to_csv() for d in at.dataframe]
    return "\n".join(str(p) for p in parts)
