"""`griddash serve`: local only, Streamlit run with the project's configuration."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from types import SimpleNamespace

import pytest
from PIL import Image

from dashboard.commands import cli, serve
from dashboard.core import paths


def test_non_loopback_host_is_refused_by_the_command(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "dashboard.commands.cli",
            "serve",
            "--host",
            "0.0.0.0",
            "--port",
            "8599",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "refusing to serve on '0.0.0.0'" in proc.stderr
    assert "no sign-in is configured" in proc.stderr and "127.0.0.1" in proc.stderr
    assert "You can now view" not in proc.stdout + proc.stderr


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "example.org", ""])
def test_refused_without_starting_streamlit(monkeypatch, capsys, host):
    def no_process(*args, **kwargs):
        raise AssertionError("streamlit must not be started")

    monkeypatch.setattr(subprocess, "Popen", no_process)
    assert cli.main(["serve", "--host", host]) == 2
    assert "refusing to serve" in capsys.readouterr().err


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])
def test_loopback_hosts_run_streamlit_in_the_project(monkeypatch, tmp_path, host):
    started = {}

    class FakeProcess:
        def __init__(self, args, cwd=None, env=None):
            started.update(args=args, cwd=cwd, env=env)

        def wait(self, timeout=None):
            return 0

        def poll(self):
            return 0

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GRIDDASH_DATA", "relative/exports")
    monkeypatch.setattr(subprocess, "Popen", FakeProcess)
    assert serve.serve(host, 8599) == 0
    args = started["args"]
    assert args[1:4] == ["-m", "dashboard.app.startup", "run"]
    assert args[4] == str(paths.PROJECT_ROOT / "app.py")
    assert args[args.index("--server.address") + 1] == host
    assert args[args.index("--server.port") + 1] == "8599"
    assert started["cwd"] == paths.PROJECT_ROOT
    # Relative data paths keep meaning what they meant where the command was given.
    assert started["env"]["GRIDDASH_DATA"] == str(tmp_path / "relative" / "exports")


def test_the_start_message_names_the_catalog_it_serves(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GRIDDASH_DATA", "in/exports")
    monkeypatch.setenv("GRIDDASH_CATALOG", "in/catalog.duckdb")
    monkeypatch.setattr(
        subprocess,
        "Popen",
        lambda *a, **k: SimpleNamespace(wait=lambda timeout=None: 0, poll=lambda: 0),
    )
    assert serve.serve("127.0.0.1", 8599) == 0
    said = capsys.readouterr().err
    assert f"serving the catalog {tmp_path / 'in' / 'catalog.duckdb'} " in said
    assert f"(exports {tmp_path / 'in' / 'exports'})" in said


def test_report_help_says_what_it_does(capsys):
    with pytest.raises(SystemExit):
        cli.main(["report", "--help"])
    said = " ".join(capsys.readouterr().out.split())
    assert "Write the weekly PDF snapshot of one ISO week" in said
    assert "the report's language: zh (default) or en" in said


def test_bad_port_is_refused(monkeypatch):
    monkeypatch.setattr(subprocess, "Popen", None)
    assert serve.serve("127.0.0.1", 70000) == 2


def test_streamlit_config_is_offline_and_local():
    config = tomllib.loads((paths.PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["toolbarMode"] == "viewer"
    assert config["server"]["headless"] is True
    assert config["server"]["address"] == "127.0.0.1"


def test_page_icon_is_a_small_local_png():
    icon = paths.PROJECT_ROOT / "assets" / "icon.png"
    assert icon.stat().st_size < 5 * 1024
    with Image.open(icon) as image:
        assert image.format == "PNG" and image.size[0] == image.size[1] >= 32


def test_no_server_wide_pause_after_a_run():
    # Both run on the process's event loop or under its lock after a script run, pausing every
    # session: the source watcher walks all loaded modules, the collector the whole heap.
    config = tomllib.loads((paths.PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["fileWatcherType"] == "none"
    assert config["server"]["runOnSave"] is False
    assert config["runner"]["postScriptGC"] is False
