"""Access control: the access file, who a session's user is, and — as a district lead, a viewer,
an unknown user and nobody — what each page, the console and the reports hand out (AppTest with
the user Streamlit would take from the proxy header or the identity provider)."""

from __future__ import annotations

import re
import subprocess
import sys

import polars as pl
import pytest
from apptest_pages import html_tables, tile_cards, tile_values
from google.protobuf.json_format import MessageToJson
from streamlit.testing.v1 import AppTest

from dashboard.app import auth
from dashboard.commands import cli, serve
from dashboard.core import i18n, paths

APP = str(paths.PROJECT_ROOT / "app.py")
LEAD_SCOPE, LEAD_DISTRICT = "140105", "小店区"
PAGES = ("incidents", "resolution", "workload", "training", "reports")

ACCESS = f"""
[access]
mode = "{{mode}}"
{{extra}}

[users.lead]
name = "王磊"
role = "district_lead"
scope = "{LEAD_SCOPE}"

[users.viewer]
name = "李娜"
role = "viewer"
scope = "{LEAD_SCOPE}"

[users."analyst@centre"]
role = "analyst"

[users.director]
role = "director"
"""


def access_file(tmp_path, mode: str = "header", extra: str = "") -> str:
    path = tmp_path / "auth.toml"
    path.write_text(ACCESS.format(mode=mode, extra=extra), encoding="utf-8")
    return str(path)


class Foreign:
    """Finds another district's name, street name or code in a text. A code counts where a run
    of digits starts with it (a street or grid code under it too), so the lead's own grid codes,
    in which another district's six digits may occur mid-run, do not count."""

    def __init__(self, names: list[str], codes: list[str]) -> None:
        self.names, self.codes = names, codes
        self.pattern = re.compile(r"(?<![0-9A-Za-z])(" + "|".join(codes) + ")")

    def __iter__(self):
        return iter(self.names + self.codes)

    def found(self, text: str) -> list[str]:
        return [n for n in self.names if n in text] + sorted(
            {m.group(1) for m in self.pattern.finditer(text)}
        )


def app(monkeypatch, demo, catalog, access: str, user: dict, **params) -> AppTest:
    monkeypatch.setenv("GRIDDASH_CATALOG", str(catalog))
    monkeypatch.setenv("GRIDDASH_DATA", str(demo.exports))
    monkeypatch.setenv("GRIDDASH_AUTH", access)
    at = AppTest.from_file(APP, default_timeout=180)
    at.user = user
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    return at


def everything_shown(at: AppTest) -> str:
    """Every element of the page as text: markdown, tables, charts, maps, widget options."""
    out: list[str] = []

    def walk(node) -> None:
        value = getattr(node, "value", None)
        if callable(getattr(value, "to_csv", None)):  # a table (not a component's value)
            out.append(value.to_csv())
        proto = getattr(node, "proto", None)
        if proto is not None:
            out.append(MessageToJson(proto, ensure_ascii=False))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(out)


def assert_ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


# -- the access file -------------------------------------------------------------------------


def test_access_file_is_read(monkeypatch, tmp_path):
    monkeypatch.delenv("GRIDDASH_AUTH")
    config = auth.load(tmp_path / "missing.toml")  # no file (and none asked for): mode none
    assert config.mode == "none" and config.source is None
    config = auth.parse(ACCESS.format(mode="header", extra='header = "X-Remote-User"'))
    assert config.mode == "header" and config.header == "X-Remote-User"
    assert config.users["lead"] == auth.User("lead", "王磊", "district_lead", LEAD_SCOPE)
    assert config.users["analyst@centre"].scope == "" and config.users["director"].scope == ""


def test_the_example_access_file_is_valid():
    config = auth.parse((paths.PROJECT_ROOT / "auth.example.toml").read_text(encoding="utf-8"))
    assert config.mode == "header" and {u.role for u in config.users.values()} == set(auth.ROLES)


@pytest.mark.parametrize(
    "text, says",
    [
        ('[access]\nmode = "ldap"', "mode: expected one of none, header, oidc, found 'ldap'"),
        ('[access]\nmode = "none"\nheadr = "x"', "expected keys"),
        ('[users.a]\nrole = "boss"', "role: expected one of director, district_lead, analyst"),
        ('[users.a]\nrole = "viewer"\nscope = "14010"', "6, 9, 12 or 16 digits, found '14010'"),
        ('[users.a]\nrole = "viewer"\nscope = "14010x"', "prefix of digits, found '14010x'"),
        ('[users.a]\nrole = "director"\nscope = "140105"', "expected scope '', found '140105'"),
        ('[users.a]\nrole = "district_lead"', "a district lead needs a scope"),
        ("[access\nmode=1", "expected TOML"),
    ],
)
def test_bad_access_file_says_what_is_wrong(text, says):
    with pytest.raises(auth.AccessError, match=None) as err:
        auth.parse(text)
    assert says in str(err.value)


def test_missing_access_file_named_by_the_environment_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv("GRIDDASH_AUTH", str(tmp_path / "nope.toml"))
    with pytest.raises(auth.AccessError, match="expected an access file, found nothing"):
        auth.load()


# -- who the user is -----------------------------------------------------------------------------


def test_resolve_by_mode():
    header = auth.parse(ACCESS.format(mode="header", extra=""))
    assert auth.resolve(header, {auth.USER_KEY: "lead"}, "127.0.0.1").scope == LEAD_SCOPE
    with pytest.raises(auth.AccessDenied, match="X-Griddash-User header"):
        auth.resolve(header, {}, "127.0.0.1")
    with pytest.raises(auth.AccessDenied, match="found 'mallory', who is not"):
        auth.resolve(header, {auth.USER_KEY: "mallory"}, "127.0.0.1")
    none = auth.AccessConfig()
    assert auth.resolve(none, {}, "127.0.0.1") == auth.LOCAL_OPERATOR
    assert auth.resolve(none, {}, None) == auth.LOCAL_OPERATOR
    with pytest.raises(auth.AccessDenied, match="found one at 10.1.2.3"):
        auth.resolve(none, {}, "10.1.2.3")


def test_resolve_oidc_from_the_users_table_and_from_claims():
    oidc = auth.parse(ACCESS.format(mode="oidc", extra=""))
    with pytest.raises(auth.NotSignedIn):
        auth.resolve(oidc, {"is_logged_in": False}, None)
    user = auth.resolve(oidc, {"is_logged_in": True, "email": "analyst@centre"}, None)
    assert user.role == "analyst" and user.can_use_console
    with pytest.raises(auth.AccessDenied, match="who is not"):
        auth.resolve(oidc, {"is_logged_in": True, "email": "someone@else"}, None)
    claims = auth.parse(
        ACCESS.format(mode="oidc", extra='role_claim = "gd_role"\nscope_claim = "gd_scope"')
    )
    token = {
        "is_logged_in": True,
        "email": "zhao@centre",
        "name": "赵",
        "gd_role": "viewer",
        "gd_scope": "140106",
    }
    assert auth.resolve(claims, token, None) == auth.User("zhao@centre", "赵", "viewer", "140106")
    with pytest.raises(auth.AccessError, match="role: expected one of"):
        auth.resolve(claims, {**token, "gd_role": "root"}, None)
    # A token without a scope claim is refused: it must never mean the whole city.
    no_scope = {k: v for k, v in token.items() if k != "gd_scope"}
    with pytest.raises(auth.AccessDenied, match="expected the claim 'gd_scope'"):
        auth.resolve(claims, no_scope, None)
    # Without a role claim either, the token says nothing: an unlisted user is refused.
    bare = {"is_logged_in": True, "email": "zhao@centre"}
    with pytest.raises(auth.AccessDenied, match="found 'zhao@centre', who is not"):
        auth.resolve(claims, bare, None)
    # A user the access file lists keeps that entry, whatever the token says.
    listed = {"is_logged_in": True, "email": "lead", "gd_role": "viewer", "gd_scope": ""}
    assert auth.resolve(claims, listed, None).scope == LEAD_SCOPE
    with pytest.raises(auth.AccessError, match="role_claim and scope_claim: expected both"):
        auth.parse('[access]\nmode = "oidc"\nrole_claim = "gd_role"')


def test_serve_names_the_access_file_it_started_with(monkeypatch, tmp_path):
    """Deleting the access file under a running server must refuse everyone, not fall back to
    mode none: serve hands the app the file's path explicitly."""
    monkeypatch.delenv("GRIDDASH_AUTH")
    monkeypatch.setattr(auth, "access_file", lambda: tmp_path / "auth.toml")
    assert "GRIDDASH_AUTH" not in serve.environment()  # no file: mode none, nothing to name
    (tmp_path / "auth.toml").write_text('[access]\nmode = "header"\n')
    env = serve.environment()
    assert env["GRIDDASH_AUTH"] == str(tmp_path / "auth.toml")
    (tmp_path / "auth.toml").unlink()
    monkeypatch.setenv("GRIDDASH_AUTH", env["GRIDDASH_AUTH"])
    with pytest.raises(auth.AccessError, match="expected an access file, found nothing"):
        auth.load()


def test_scope_checks():
    lead = auth.User("lead", "王磊", "district_lead", LEAD_SCOPE)
    assert auth.check_scope(lead, LEAD_SCOPE + "001") == LEAD_SCOPE + "001"
    for scope in ("", "140106", "1401"):
        with pytest.raises(auth.AccessDenied, match="may see places under '140105'"):
            auth.check_scope(lead, scope)
    assert not auth.User("v", "v", "viewer", "").can_use_console


# -- a district lead on every page -----------------------------------------------------------


@pytest.mark.parametrize("asked", [None, "", "140106", "140106001"])
def test_district_lead_briefing_shows_only_their_district(
    monkeypatch, demo, demo_catalog, tmp_path, other_districts, asked, capsys
):
    params = {} if asked is None else {"at": asked}
    at = app(
        monkeypatch, demo, demo_catalog, access_file(tmp_path), {auth.USER_KEY: "lead"}, **params
    )
    assert_ok(at)
    shown = everything_shown(at)
    assert LEAD_DISTRICT in shown and "王磊" in shown
    assert other_districts.found(shown) == []
    # The tiles are the district's: the same as `griddash brief --scope 140105`.
    assert cli.main(["brief", "--json", "--catalog", str(demo_catalog), "--scope", LEAD_SCOPE]) == 0
    import json

    brief = json.loads(capsys.readouterr().out)
    assert tile_values(at)[i18n.t("tile_new", "zh")] == f"{brief['new']:,}"
    # No way up: the breadcrumb starts at the district, and the data inventory is not offered.
    assert i18n.t("level_city", "zh") not in [b.label for b in at.button]


def test_district_lead_is_not_offered_the_inventory(monkeypatch, demo, demo_catalog, tmp_path):
    """The inventory (/data) describes every district's rows: the director opening it sees its
    counts; the lead's navigation has no such page and the briefing no link to it."""
    access = access_file(tmp_path)
    director = app(monkeypatch, demo, demo_catalog, access, {auth.USER_KEY: "director"})
    lead = app(monkeypatch, demo, demo_catalog, access, {auth.USER_KEY: "lead"})
    assert_ok(lead)
    assert i18n.t("quarantined_rows_details", "zh") not in everything_shown(lead)
    counts = {i18n.t(k, "zh") for k in ("kpi_grids", "kpi_incidents", "kpi_quarantined")}
    director.switch_page("views/inventory.py")
    director.run()
    assert_ok(director)
    assert counts <= tile_values(director).keys()
    # Not in the lead's navigation: AppTest knows only the pages st.navigation registered.
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        lead.switch_page("views/inventory.py")
    assert counts.isdisjoint(tile_values(lead))


@pytest.mark.parametrize("page", PAGES)
def test_district_lead_analysis_pages_show_only_their_district(
    monkeypatch, demo, demo_catalog, tmp_path, other_districts, page
):
    at = app(monkeypatch, demo, demo_catalog, access_file(tmp_path), {auth.USER_KEY: "lead"})
    at.switch_page(f"views/{page}.py")
    at.query_params["at"] = "140106"  # a link into another district opens their own
    at.run()
    assert_ok(at)
    shown = everything_shown(at)
    assert LEAD_DISTRICT in shown
    assert other_districts.found(shown) == []


def test_district_lead_console_returns_only_their_rows(monkeypatch, demo, demo_catalog, tmp_path):
    sql = "select substr(grid_code, 1, 6) as district, count(*) as n from incidents group by 1"
    at = app(monkeypatch, demo, demo_catalog, access_file(tmp_path), {auth.USER_KEY: "lead"})
    at.switch_page("views/sql.py")
    at.query_params["at"] = ""  # asking for the city
    at.query_params["sql"] = sql
    at.run()
    assert_ok(at)
    at.button(key="sql_run").click()  # a link fills the editor in; Run runs it
    at.run()
    assert_ok(at)
    grid = next(d.value for d in at.dataframe if "district" in d.value.columns)
    incidents = pl.read_parquet(
        demo.exports / "incidents" / "**" / "*.parquet", hive_partitioning=False
    )
    assert grid["district"].tolist() == [LEAD_SCOPE]
    assert grid["n"].tolist() == [
        incidents.filter(pl.col("grid_code").str.starts_with(LEAD_SCOPE)).height
    ]


def test_district_lead_reports_are_their_districts(
    monkeypatch, demo, demo_catalog, tmp_path, other_districts
):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in (
        "2026-W43_city_zh.pdf",
        "2026-W43_140106_zh.pdf",
        "2026-W43_140105001_zh.pdf",
        "someone-elses.pdf",
    ):
        (folder / name).write_bytes(b"%PDF-1.4 stand-in")
    monkeypatch.setenv("GRIDDASH_REPORTS", str(folder))
    at = app(monkeypatch, demo, demo_catalog, access_file(tmp_path), {auth.USER_KEY: "lead"})
    at.switch_page("views/reports.py").run()
    assert_ok(at)
    scope = at.selectbox(key="report_scope")
    assert scope.value == LEAD_SCOPE and all(
        o.startswith(LEAD_DISTRICT) or "(140105" in o for o in scope.options
    )
    listed = [x.value for x in at.text if x.value.endswith(".pdf")]
    assert listed == ["2026-W43_140105001_zh.pdf"]
    at.button(key="report_generate").click().run()
    assert_ok(at)
    pdf = folder / f"2026-W43_{LEAD_SCOPE}_zh.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert LEAD_DISTRICT in text
    assert other_districts.found(text) == []


# -- viewers, analysts, unknown users, nobody ---------------------------------------------------


def test_viewer_has_no_console(monkeypatch, demo, demo_catalog, tmp_path):
    access = access_file(tmp_path)
    at = app(monkeypatch, demo, demo_catalog, access, {auth.USER_KEY: "viewer"})
    assert_ok(at)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("views/sql.py")
    # And below the navigation: the console page itself refuses a viewer.
    page = AppTest.from_file(str(paths.PROJECT_ROOT / "views" / "sql.py"), default_timeout=60)
    page.user = {auth.USER_KEY: "viewer"}
    page.run()
    assert not page.text_area and not page.dataframe
    assert i18n.t("deny_console", "zh", user="viewer", role="查看人员") in page.error[0].value


def test_analyst_sees_the_city_and_the_console(monkeypatch, demo, demo_catalog, tmp_path):
    at = app(
        monkeypatch,
        demo,
        demo_catalog,
        access_file(tmp_path, "oidc"),
        {"is_logged_in": True, "email": "analyst@centre"},
    )
    assert_ok(at)
    at.switch_page("views/sql.py").run()
    assert_ok(at)
    assert at.text_area(key="sql_text")


NO_HEADER = ("deny_no_header", {"header": "X-Griddash-User"})


@pytest.mark.parametrize(
    "mode, user, says",
    [
        ("header", {}, NO_HEADER),
        ("header", {auth.USER_KEY: "mallory"}, ("deny_unknown_user", {"user": "mallory"})),
        ("header", {"email": "lead"}, NO_HEADER),  # only the proxy's header counts
        (
            "oidc",
            {"is_logged_in": True, "email": "m@else"},
            ("deny_unknown_user", {"user": "m@else"}),
        ),
    ],
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_unknown_or_missing_user_gets_nothing(
    monkeypatch, demo, demo_catalog, tmp_path, mode, user, says, lang
):
    at = app(monkeypatch, demo, demo_catalog, access_file(tmp_path, mode), user, lang=lang)
    assert not at.exception
    key, values = says
    assert [e.value for e in at.error] and i18n.t(key, lang, **values) in at.error[0].value
    assert not at.metric and not tile_cards(at) and not at.dataframe and not html_tables(at)
    assert not at.get("plotly_chart") and not at.get("echarts_chart")
    assert i18n.t("access_refused", lang) in at.error[0].value


def test_oidc_asks_to_sign_in_first(monkeypatch, demo, demo_catalog, tmp_path):
    at = app(
        monkeypatch, demo, demo_catalog, access_file(tmp_path, "oidc"), {"is_logged_in": False}
    )
    assert not at.exception and not at.metric and not tile_cards(at)
    assert i18n.t("sign_in_needed", "zh") in [i.value for i in at.info]
    assert i18n.t("sign_in", "zh") in [b.label for b in at.button]


# -- serve ----------------------------------------------------------------------------------------


def no_process(*args, **kwargs):
    raise AssertionError("streamlit must not be started")


def test_serve_on_the_network_needs_sign_in(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("GRIDDASH_AUTH", access_file(tmp_path, "none"))
    monkeypatch.setattr(subprocess, "Popen", no_process)
    assert cli.main(["serve", "--host", "0.0.0.0"]) == 2
    err = capsys.readouterr().err
    assert "no sign-in is configured (mode 'none' in" in err and "127.0.0.1" in err


def test_header_mode_stays_behind_the_proxy_unless_allowed(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("GRIDDASH_AUTH", access_file(tmp_path, "header"))
    monkeypatch.setattr(subprocess, "Popen", no_process)
    assert cli.main(["serve", "--host", "0.0.0.0"]) == 2
    assert "any client could send it" in capsys.readouterr().err
    config = auth.parse(ACCESS.format(mode="header", extra="allow_remote_proxy = true"))
    assert serve.refusal("0.0.0.0", config) is None
    command = serve.command("127.0.0.1", 8501, config)
    assert command[command.index("--server.trustedUserHeaders") + 1] == (
        '{"X-Griddash-User": "griddash_user"}'
    )
    # In other modes no header is trusted.
    none = serve.command("127.0.0.1", 8501, auth.AccessConfig())
    assert none[none.index("--server.trustedUserHeaders") + 1] == "{}"


def test_oidc_mode_needs_its_secrets(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.streamlit/secrets.toml
    config = auth.parse(ACCESS.format(mode="oidc", extra=""))
    said = serve.refusal("0.0.0.0", config)
    if (paths.PROJECT_ROOT / ".streamlit" / "secrets.toml").exists():
        pytest.skip("this checkout has its own secrets.toml")
    assert "expected redirect_uri, cookie_secret, client_id, client_secret, " in said
    secrets = tmp_path / ".streamlit" / "secrets.toml"
    secrets.parent.mkdir()
    secrets.write_text(
        '[auth]\nredirect_uri = "https://grid.example/oauth2callback"\ncookie_secret = "s"\n'
        'client_id = "griddash"\nclient_secret = "x"\n'
        'server_metadata_url = "https://idp.example/.well-known/openid-configuration"\n'
    )
    assert serve.refusal("0.0.0.0", config) is None


def test_serve_refuses_a_bad_access_file(tmp_path):
    bad = tmp_path / "auth.toml"
    bad.write_text('[access]\nmode = "open"\n')
    proc = subprocess.run(
        [sys.executable, "-m", "dashboard.commands.cli", "serve"],
        env={**__import__("os").environ, "GRIDDASH_AUTH": str(bad)},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert proc.returncode == 2
    assert "mode: expected one of none, header, oidc, found 'open'" in proc.stderr
