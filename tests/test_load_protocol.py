"""The pure parts of the load harness's protocol sessions (benchmarks/load_protocol.py) and of
matching loads to the server's run log (benchmarks/load_report.py): messages built by hand as
the server would send them; no server is started."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import load_protocol as lp  # noqa: E402
from load_report import match_runs  # noqa: E402


def navigation(current: str = "h-inc") -> ForwardMsg:
    msg = ForwardMsg()
    for path, h, default in (("", "h-brief", True), ("incidents", "h-inc", False)):
        page = msg.navigation.app_pages.add()
        page.url_pathname, page.page_script_hash, page.is_default = path, h, default
    msg.navigation.page_script_hash = current
    return msg


def element(**kw) -> ForwardMsg:
    msg = ForwardMsg()
    (kind, setup), *_ = kw.items()
    setup(getattr(msg.delta.new_element, kind))
    return msg


def test_page_hashes_from_navigation_and_new_session():
    assert lp.page_hashes(navigation()) == {"/": "h-brief", "/incidents": "h-inc"}
    msg = ForwardMsg()
    page = msg.new_session.app_pages.add()
    page.url_pathname, page.page_script_hash = "sql", "h-sql"
    assert lp.page_hashes(msg) == {"/sql": "h-sql"}
    assert lp.page_hashes(ForwardMsg()) == {}


def test_absorb_collects_findings_widgets_and_the_finish():
    st = lp.RunState()
    assert lp.absorb(st, navigation()) is None
    assert st.page_hash == "h-inc" and st.hashes["/incidents"] == "h-inc"

    def badge(m):
        m.body = ":blue-badge[:material/verified: 数据版本 20261130.1132-3af4b1a2]"

    def error(a):
        a.body, a.format = "查询超过 10 秒的时间限制，已停止。", Alert.ERROR

    def warning(a):
        a.body, a.format = "careful", Alert.WARNING

    def exception(e):
        e.type, e.message = "AttributeError", "partially initialized module 'pandas'"

    def run_button(b):
        b.id, b.label = "$$ID-abc-sql_run", "运行"

    def editor(t):
        t.id, t.default, t.value, t.set_value = "$$ID-def-sql_text", "", "select 1", True

    for msg in (
        element(markdown=badge),
        element(markdown=lambda m: setattr(m, "body", "plain text")),
        element(alert=error),
        element(alert=warning),
        element(alert=lambda a: setattr(a, "format", Alert.INFO)),
        element(exception=exception),
        element(button=run_button),
        element(text_area=editor),
    ):
        assert lp.absorb(st, msg) is None
    block = ForwardMsg()
    block.delta.add_block.id = "$$ID-0123-sql_summary"
    lp.absorb(st, block)
    info = ForwardMsg()
    info.page_info_changed.query_string = "lang=zh"
    lp.absorb(st, info)

    assert st.found == {
        "exceptions": ["AttributeError: partially initialized module 'pandas'"],
        "errors": ["查询超过 10 秒的时间限制，已停止。"],
        "warnings": ["careful"],
        "badges": [":blue-badge[:material/verified: 数据版本 20261130.1132-3af4b1a2]"],
        "summary": ["$$ID-0123-sql_summary"],
    }
    assert st.buttons == {"$$ID-abc-sql_run": "运行"}
    assert st.text_areas == {"$$ID-def-sql_text": "select 1"}
    assert st.query == "lang=zh"

    done = ForwardMsg()
    done.script_finished = ForwardMsg.FINISHED_EARLY_FOR_RERUN
    assert lp.absorb(st, done) == "FINISHED_EARLY_FOR_RERUN"
    done.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    assert lp.absorb(st, done) == "FINISHED_SUCCESSFULLY"
    assert st.statuses == ["FINISHED_EARLY_FOR_RERUN", "FINISHED_SUCCESSFULLY"]
    assert st.messages == 13


def test_compile_error_and_page_not_found_are_findings():
    st = lp.RunState()
    msg = ForwardMsg()
    msg.session_event.script_compilation_exception.type = "SyntaxError"
    msg.session_event.script_compilation_exception.message = "bad"
    lp.absorb(st, msg)
    missing = ForwardMsg()
    missing.page_not_found.page_name = "nowhere"
    lp.absorb(st, missing)
    assert st.found["exceptions"] == ["SyntaxError: bad"]
    assert st.found["errors"] == ["page not found: nowhere"]


def test_rerun_message_by_name_then_by_hash_with_a_button_trigger():
    first = BackMsg.FromString(
        lp.rerun_message(query="?lang=zh", page_name="/incidents", url="http://127.0.0.1:1/x")
    )
    r = first.rerun_script
    assert first.WhichOneof("type") == "rerun_script"
    assert (r.query_string, r.page_name, r.page_script_hash) == ("lang=zh", "incidents", "")
    assert r.context_info.timezone == "Asia/Shanghai" and r.context_info.locale == "zh-CN"
    assert not r.widget_states.widgets

    click = BackMsg.FromString(
        lp.rerun_message(
            query="lang=en",
            page_name="/sql",
            page_hash="h-sql",
            lang="en",
            text_areas={"ta": "select 1"},
            trigger="btn",
        )
    ).rerun_script
    assert (click.page_script_hash, click.page_name) == ("h-sql", "")
    assert click.context_info.locale == "en-US"
    states = {w.id: w for w in click.widget_states.widgets}
    assert states["ta"].string_value == "select 1" and states["btn"].trigger_value


def test_cookies_subprotocols_and_media():
    headers = [
        ("Set-Cookie", "griddash_route=abc123; Path=/; HttpOnly; SameSite=Lax"),
        ("set-cookie", "_streamlit_xsrf=2|x|y|z; Path=/"),
        ("Content-Type", "text/html"),
    ]
    jar = lp.set_cookies(headers)
    assert jar == {"griddash_route": "abc123", "_streamlit_xsrf": "2|x|y|z"}
    assert lp.subprotocols(jar) == ["streamlit", "2|x|y|z"]
    assert lp.subprotocols({}, "sess") == ["streamlit", "PLACEHOLDER_AUTH_TOKEN", "sess"]
    assert lp.cookie_header(jar) == "griddash_route=abc123; _streamlit_xsrf=2|x|y|z"
    data = b"\x12/media/ab12cd.png\x00/media/ab12cd.png /media/ff00-x.webp"
    assert lp.media_urls(data) == ["/media/ab12cd.png", "/media/ff00-x.webp"]


def test_http_get_refuses_other_hosts():
    import asyncio

    with pytest.raises(ValueError, match="not a local address"):
        asyncio.run(lp.http_get("http://example.org:80", "/", {}, 1))


def test_match_runs_gives_each_load_its_own_run(tmp_path):
    t0 = 1000.0
    log = tmp_path / "runs.jsonl"
    lines = [
        {"t": t0 + 1.9, "page": "incidents", "ms": 1800.0, "version": "v1", "pid": 1},
        {"t": t0 + 2.0, "page": "incidents", "ms": 1500.0, "version": "v1", "pid": 1},
        {"t": t0 + 3.0, "page": "data", "ms": 90.0, "version": None, "pid": 1},
        {"t": t0 + 9.0, "page": "", "ms": 80.0, "version": "v2", "pid": 1},
    ]
    log.write_text("".join(json.dumps(x) + "\n" for x in lines) + "not json\n")
    loads = [
        {"page": "/incidents", "start_s": 0.1, "end_s": 2.05, "version": "v1"},
        {"page": "/incidents", "start_s": 0.5, "end_s": 2.2, "version": None},
        {"page": "/data", "start_s": 2.5, "end_s": 3.1, "version": None},
        {"page": "/", "start_s": 8.0, "end_s": 9.2, "version": None},
        {"page": "/", "start_s": 20.0, "end_s": None, "version": None},  # failed
        {"page": "/reports", "start_s": 8.0, "end_s": 9.5, "version": None},  # no run
    ]
    match_runs(loads, log, t0)
    assert [x.get("server_ms") for x in loads] == [1500.0, 1800.0, 90.0, 80.0, None, None]
    assert loads[1]["version"] == "v1" and loads[1]["version_from"] == "run_log"
    assert loads[2]["version"] is None  # the inventory page names no version
    assert loads[3]["version"] == "v2"
    assert "version_from" not in loads[0]
