"""The /reports page under AppTest: generating writes the PDF into the reports folder
($GRIDDASH_REPORTS, a temporary folder here), the list shows it, and the download buttons carry
the PDF's bytes."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from apptest_pages import page_text
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from dashboard.core import i18n, paths

APP = str(paths.PROJECT_ROOT / "app.py")


@pytest.fixture
def media(monkeypatch) -> dict[str, bytes]:
    """Every file the app hands to the media storage (download buttons' data), by file id; the
    AppTest runtime drops its storage after each run."""
    stored: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        stored[file_id] = path_or_data if isinstance(path_or_data, bytes) else b""
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return stored


def downloaded(button, media: dict[str, bytes]) -> bytes:
    url = button.proto.url
    return next(data for file_id, data in media.items() if file_id in url)


def test_generate_list_download(monkeypatch, demo, demo_catalog, tmp_path, media):
    folder = tmp_path / "reports"
    monkeypatch.setenv("GRIDDASH_CATALOG", str(demo_catalog))
    monkeypatch.setenv("GRIDDASH_DATA", str(demo.exports))
    monkeypatch.setenv("GRIDDASH_REPORTS", str(folder))
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    at.switch_page("views/reports.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert i18n.t("reports_none", "zh") in [i.value for i in at.info]
    assert str(tmp_path) not in page_text(at)  # no server path on a page (DESIGN.md)
    assert i18n.t("reports_folder", "zh") in [c.value for c in at.caption]
    week = at.selectbox(key="report_week")
    assert week.options[0] == "2026-W43" and week.index == 0  # the demo's last full week
    scope = at.selectbox(key="report_scope")
    assert scope.value == "" and scope.options[0] == "太原市" and "娄烦县 (140123)" in scope.options
    scope.set_value("140123")
    at.button(key="report_generate").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    pdf = folder / "2026-W43_140123_zh.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    texts = [x.value for x in at.text]
    assert pdf.name in texts and "2026-W43" in texts and "娄烦县 (140123)" in texts
    assert "中文" in texts  # the report's language, in its own column
    # The file's time as people in the centre read it (Beijing time), whatever the server's zone.
    made = datetime.fromtimestamp(pdf.stat().st_mtime, ZoneInfo("Asia/Shanghai"))
    assert made.strftime("%Y-%m-%d %H:%M") in texts
    # The page is headed with its own name, not the briefing's.
    html = " ".join(h.proto.body for h in at.get("html"))
    assert f'class="gd-title">{i18n.t("nav_reports", "zh")}<' in html
    buttons = at.get("download_button")
    assert len(buttons) == 2  # the one just generated, and its row in the list
    for b in buttons:
        assert downloaded(b, media) == pdf.read_bytes()
