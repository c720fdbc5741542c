"""Protocol sessions of the load harness (benchmarks/load.py --client protocol).

A protocol session speaks Streamlit's own protocol to the server, as the browser's frontend
does, but draws nothing: per page load it fetches the page's HTML (which sets the cookies:
nginx's `griddash_route` with --processes N, Streamlit's `_streamlit_xsrf`), asks
`/_stcore/health` and `/_stcore/host-config` (the frontend's pings), opens the websocket
`/_stcore/stream` (subprotocols "streamlit", the XSRF token or the frontend's placeholder, and
no session id: a fresh page load is a new session), sends a `BackMsg.rerun_script` for the
page (by its URL path with an empty script hash, as the frontend does for a typed URL; by the
page's script hash from the `navigation` message once known, as the sidebar does) and reads
`ForwardMsg`s until `script_finished`. Its deltas give what the browser harness reads from the
DOM: exception elements, error and warning alerts, the header's badges (the data version) and
the console's outcome. The media files a message refers to (the logo, map pictures) are
fetched as they arrive, as the browser does. The websocket stays open while the user "reads", as the browser's does.

Pure functions (tested in tests/test_load_protocol.py): `page_hashes`, `absorb`,
`rerun_message`, `set_cookies`, `subprotocols`, `media_urls`. The rest is asyncio and talks to 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# What the frontend sends when it has no XSRF cookie and no host token (WebsocketConnection).
PLACEHOLDER_TOKEN = "PLACEHOLDER_AUTH_TOKEN"
XSRF_COOKIE = "_streamlit_xsrf"
FINISHED = ForwardMsg.ScriptFinishedStatus.Name  # status number → name
# A browser in the centre: Beijing time, the page's language.
TIMEZONE, TIMEZONE_OFFSET = "Asia/Shanghai", -480
LOCALES = {"zh": "zh-CN", "en": "en-US"}
# Files the server keeps for a session (images, the logo, the favicon, map pictures), which the
# browser fetches as their elements arrive: "/media/<hash>.<ext>" anywhere in a message.
MEDIA = re.compile(rb"/media/[0-9A-Za-z_-]+\.[0-9A-Za-z]+")


def media_urls(data: bytes) -> list[str]:
    """The distinct media paths a serialised ForwardMsg refers to, in order."""
    return list(dict.fromkeys(m.decode() for m in MEDIA.findall(data)))


def empty_findings() -> dict:
    """The shape load.note_findings reads (the browser harness's COLLECT_JS result)."""
    return {"exceptions": [], "errors": [], "warnings": [], "badges": [], "summary": []}


@dataclass
class RunState:
    """What one websocket session has told us so far."""

    found: dict = field(default_factory=empty_findings)
    statuses: list[str] = field(default_factory=list)  # script_finished statuses, in order
    hashes: dict[str, str] = field(default_factory=dict)  # "/incidents" → page script hash
    page_hash: str = ""  # the page the last run ran
    query: str | None = None  # the query string the server last set (page_info_changed)
    session_id: str = ""
    buttons: dict[str, str] = field(default_factory=dict)  # widget id → label
    text_areas: dict[str, str] = field(default_factory=dict)  # widget id → value shown
    messages: int = 0
    bytes: int = 0


def page_hashes(msg: ForwardMsg) -> dict[str, str]:
    """URL path → page script hash from a `navigation` message (st.navigation's pages) or a
    `new_session` message's app pages; "/" is the default page. {} for other messages."""
    kind = msg.WhichOneof("type")
    if kind == "navigation":
        pages = msg.navigation.app_pages
    elif kind == "new_session":
        pages = msg.new_session.app_pages
    else:
        return {}
    return {
        "/" + ("" if p.is_default else p.url_pathname.strip("/")): p.page_script_hash
        for p in pages
        if p.page_script_hash
    }


def _element_text(exc) -> str:
    return f"{exc.type}: {exc.message}".strip(": ")


def absorb(state: RunState, msg: ForwardMsg) -> str | None:
    """Take one ForwardMsg into `state`; the finish status's name if it is `script_finished`."""
    state.messages += 1
    kind = msg.WhichOneof("type")
    found = state.found
    if kind == "new_session":
        state.hashes.update(page_hashes(msg))
        if msg.new_session.initialize.session_id:
            state.session_id = msg.new_session.initialize.session_id
        state.buttons.clear()
        state.text_areas.clear()
    elif kind == "navigation":
        state.hashes.update(page_hashes(msg))
        state.page_hash = msg.navigation.page_script_hash or state.page_hash
    elif kind == "page_info_changed":
        state.query = msg.page_info_changed.query_string
    elif kind == "page_not_found":
        found["errors"].append(f"page not found: {msg.page_not_found.page_name}")
    elif kind == "session_event":
        if msg.session_event.HasField("script_compilation_exception"):
            found["exceptions"].append(
                _element_text(msg.session_event.script_compilation_exception)
            )
    elif kind == "script_finished":
        status = FINISHED(msg.script_finished)
        state.statuses.append(status)
        return status
    elif kind == "delta":
        _delta(state, msg.delta)
    return None


def _delta(state: RunState, delta) -> None:
    found = state.found
    which = delta.WhichOneof("type")
    if which == "add_block":
        if delta.add_block.id.endswith("sql_summary"):  # the console's result badges
            found["summary"].append(delta.add_block.id)
        return
    if which != "new_element":
        return
    el = delta.new_element
    kind = el.WhichOneof("type")
    if kind == "exception":
        found["exceptions"].append(_element_text(el.exception))
    elif kind == "alert":
        if el.alert.format == Alert.ERROR:
            found["errors"].append(el.alert.body)
        elif el.alert.format == Alert.WARNING:
            found["warnings"].append(el.alert.body)
    elif kind == "markdown" and "-badge[" in el.markdown.body:
        found["badges"].append(el.markdown.body)
    elif kind == "button":
        state.buttons[el.button.id] = el.button.label
    elif kind == "text_area":
        ta = el.text_area
        state.text_areas[ta.id] = ta.value if ta.set_value else ta.default


def rerun_message(
    *,
    query: str,
    page_name: str = "",
    page_hash: str = "",
    url: str = "",
    lang: str = "zh",
    text_areas: dict[str, str] | None = None,
    trigger: str | None = None,
) -> bytes:
    """A serialised BackMsg asking for a script run, as the frontend's sendRerunBackMsg builds
    it: the page by script hash, or (no hash yet) by the name in the URL path; the query string
    without "?"; the widgets' values (text areas) and a button's trigger; the browser's
    context (time zone, locale, URL)."""
    msg = BackMsg()
    rerun = msg.rerun_script
    rerun.query_string = query.lstrip("?")
    rerun.page_script_hash = page_hash
    rerun.page_name = "" if page_hash else page_name.strip("/")
    for wid, value in (text_areas or {}).items():
        ws = rerun.widget_states.widgets.add()
        ws.id, ws.string_value = wid, value
    if trigger:
        ws = rerun.widget_states.widgets.add()
        ws.id, ws.trigger_value = trigger, True
    ctx = rerun.context_info
    ctx.timezone, ctx.timezone_offset = TIMEZONE, TIMEZONE_OFFSET
    ctx.locale, ctx.url, ctx.is_embedded = LOCALES.get(lang, "en-US"), url, False
    ctx.color_scheme = "light"
    return msg.SerializeToString()


def set_cookies(headers: list[tuple[str, str]]) -> dict[str, str]:
    """name → value of every Set-Cookie header (attributes dropped; an empty value deletes)."""
    jar = {}
    for name, value in headers:
        if name.lower() == "set-cookie" and "=" in value:
            k, v = value.split(";", 1)[0].split("=", 1)
            jar[k.strip()] = v.strip()
    return jar


def subprotocols(cookies: dict[str, str], session_id: str = "") -> list[str]:
    """Sec-WebSocket-Protocol as the frontend sends it: "streamlit", the XSRF cookie's value or
    the placeholder, and the session to resume, if any."""
    token = cookies.get(XSRF_COOKIE) or PLACEHOLDER_TOKEN
    return ["streamlit", token, *([session_id] if session_id else [])]


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{k}={v}" for k, v in cookies.items() if v)


# -- talking to the server --------------------------------------------------------------------


async def http_get(
    base: str, target: str, cookies: dict[str, str], timeout: float
) -> tuple[int, list[tuple[str, str]], int]:
    """GET base+target over a plain asyncio connection (HTTP/1.1, Connection: close): status,
    headers and body length. Refuses any host but the loopback."""
    parts = urlsplit(base)
    if parts.hostname not in LOCAL_HOSTS:
        raise ValueError(f"not a local address: {base}")

    async def go():
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
        try:
            lines = [
                f"GET {target} HTTP/1.1",
                f"Host: {parts.netloc}",
                "Accept: */*",
                "Connection: close",
                "User-Agent: griddash-load-protocol",
            ]
            if cookies:
                lines.append(f"Cookie: {cookie_header(cookies)}")
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
            await writer.drain()
            raw = await reader.read()
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()
        head, _, body = raw.partition(b"\r\n\r\n")
        first, *rest = head.decode("latin-1").split("\r\n")
        headers = [tuple(x.strip() for x in h.split(":", 1)) for h in rest if ":" in h]
        return int(first.split()[1]), headers, len(body)

    return await asyncio.wait_for(go(), timeout)


class Connection:
    """One page load's websocket session (and the cookies of the "browser" it belongs to)."""

    def __init__(self, base: str, cookies: dict[str, str]):
        self.base, self.cookies = base, cookies
        self.ws = None
        self.state = RunState()
        self.closed: str | None = None  # why the server's side closed, once it did
        self.media: dict[str, asyncio.Task] = {}  # path → its fetch
        self.reported: set[str] = set()  # fetches media_done has counted

    async def fetch_page(self, target: str, timeout: float) -> None:
        """The page's HTML and the frontend's pings, keeping the cookies they set."""
        status, headers, _ = await http_get(self.base, target, self.cookies, timeout)
        self.cookies.update(set_cookies(headers))
        if status >= 400:
            raise ConnectionError(f"GET {target}: HTTP {status}")
        await asyncio.gather(
            *(
                http_get(self.base, p, self.cookies, timeout)
                for p in ("/_stcore/health", "/_stcore/host-config")
            )
        )

    async def connect(self, timeout: float) -> None:
        from websockets.asyncio.client import connect

        parts = urlsplit(self.base)
        headers = {"Cookie": cookie_header(self.cookies)} if self.cookies else None
        self.ws = await asyncio.wait_for(
            connect(
                f"ws://{parts.netloc}/_stcore/stream",
                subprotocols=subprotocols(self.cookies),
                origin=f"{parts.scheme}://{parts.netloc}",
                additional_headers=headers,
                proxy=None,  # never an HTTP(S)_PROXY from the environment
                max_size=None,  # a page's message may exceed the library's 1 MiB default
                open_timeout=timeout,
            ),
            timeout + 1,
        )

    async def send(self, payload: bytes) -> None:
        await self.ws.send(payload)

    async def until_finished(self, deadline: float) -> str | None:
        """Read until a `script_finished` that ends the run (one FINISHED_EARLY_FOR_RERUN is
        followed by the rerun's own); its status, or None at the deadline. Raises
        websockets' ConnectionClosed if the server closes the socket."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                data = await asyncio.wait_for(self.ws.recv(), left)
            except TimeoutError:
                return None
            self.state.bytes += len(data)
            for path in media_urls(data):
                if path not in self.media:
                    fetch = http_get(self.base, path, self.cookies, 30)
                    self.media[path] = asyncio.create_task(fetch)
            msg = ForwardMsg()
            msg.ParseFromString(data)
            status = absorb(self.state, msg)
            if status is not None and status != "FINISHED_EARLY_FOR_RERUN":
                return status

    async def drain(self) -> None:
        """What arrived while the user was reading; notes a connection the server closed."""
        from websockets.exceptions import ConnectionClosed

        if self.ws is None:
            return
        try:
            while True:
                data = await asyncio.wait_for(self.ws.recv(), 0.01)
                msg = ForwardMsg()
                msg.ParseFromString(data)
                absorb(self.state, msg)
        except TimeoutError:
            pass
        except ConnectionClosed as exc:
            self.closed = f"websocket closed by the server ({exc.rcvd.code if exc.rcvd else '–'})"

    async def media_done(self) -> tuple[int, list[str]]:
        """Media fetched since the last call (waiting for those under way): how many, and the
        failures."""
        failures, new = [], [(p, t) for p, t in self.media.items() if p not in self.reported]
        for path, task in new:
            self.reported.add(path)
            try:
                status, _, _ = await task
                if status >= 400:
                    failures.append(f"{path}: HTTP {status}")
            except (OSError, TimeoutError, ValueError) as exc:
                failures.append(f"{path}: {type(exc).__name__}")
        return len(new), failures

    async def close(self) -> None:
        for task in self.media.values():
            task.cancel()
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.ws.close(), 10)
            self.ws = None
