"""`griddash serve`: run the Streamlit app with the access mode of the access file.

The security model (DESIGN.md): the server binds to localhost by default; binding to another
address without a sign-in mode (dashboard.app.auth: `header` or `oidc`) is refused. Header mode trusts
a header only the reverse proxy may set, so it too stays on the local machine (where the proxy
runs) unless the access file says `allow_remote_proxy = true`.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

from dashboard.app import auth
from dashboard.app.auth import is_loopback
from dashboard.commands import proxy
from dashboard.core import paths

APP = paths.PROJECT_ROOT / "app.py"

REFUSED = (
    "griddash: refusing to serve on {host!r}: no sign-in is configured ({source}), and serving "
    "beyond the local machine without one is refused (DESIGN.md, security "
    'model). Expected --host 127.0.0.1 (the default), or an access file with mode = "header" '
    'or "oidc" (README: Access control).'
)
REFUSED_HEADER = (
    "griddash: refusing to serve on {host!r} in header mode: the dashboard trusts the "
    "{header} header, which only the reverse proxy on this machine may set — on {host!r} any "
    "client could send it. Expected --host 127.0.0.1 behind the proxy, or allow_remote_proxy = "
    "true in {source} when a firewall lets only the proxy reach this port."
)
SECRETS_KEYS = ("redirect_uri", "cookie_secret")
MAX_PROCESSES = 64
STOP_LIMIT_S = 20


def refusal(host: str, config: auth.AccessConfig) -> str | None:
    """Why serving on `host` with this access configuration is refused; None if it is not."""
    source = config.source or auth.access_file()
    if config.mode == "none" and not is_loopback(host):
        said = f"mode 'none' in {source}" if config.source else f"no access file at {source}"
        return REFUSED.format(host=host, source=said)
    if config.mode == "header" and not is_loopback(host) and not config.allow_remote_proxy:
        return REFUSED_HEADER.format(host=host, header=config.header, source=source)
    if config.mode == "oidc":
        return _oidc_problem(config)
    return None


def _oidc_problem(config: auth.AccessConfig) -> str | None:
    """OIDC needs Authlib and Streamlit's [auth] secrets (redirect_uri, cookie_secret, and the
    provider's client_id, client_secret, server_metadata_url)."""
    try:
        # What Streamlit's sign-in routes import: Authlib's Starlette client, which needs httpx.
        from authlib.integrations import starlette_client  # noqa: F401
    except ImportError as exc:
        return (
            "griddash: oidc mode: expected the Authlib and httpx packages, found "
            f"{exc.name or 'one of them'} missing (run make setup)"
        )
    import tomllib

    files = [
        paths.PROJECT_ROOT / ".streamlit" / "secrets.toml",
        Path.home() / ".streamlit" / "secrets.toml",
    ]
    section: dict = {}
    for f in files:
        if f.exists():
            section |= tomllib.loads(f.read_text(encoding="utf-8")).get("auth", {})
    missing = [k for k in SECRETS_KEYS if not section.get(k)]
    provider = section.get(config.provider, {}) if config.provider else section
    missing += [
        k for k in ("client_id", "client_secret", "server_metadata_url") if not provider.get(k)
    ]
    if missing:
        where = f"[auth.{config.provider}]" if config.provider else "[auth]"
        return (
            f"griddash: oidc mode: expected {', '.join(missing)} in the {where} section of "
            f"{files[0]} (Streamlit's sign-in settings), found them missing"
        )
    return None


def command(host: str, port: int, config: auth.AccessConfig | None = None) -> list[str]:
    """The `streamlit run` command line for the app (in header mode with the trusted header,
    which Streamlit copies into st.user; in other modes no header is trusted)."""
    trusted = {}
    if config is not None and config.mode == "header":
        trusted = {config.header: auth.USER_KEY}
    return [
        sys.executable,
        "-m",
        "dashboard.app.startup",  # imports what the pages need, warms up, runs `streamlit run`
        "run",
        str(APP),
        "--server.address",
        host,
        "--server.port",
        str(port),
        "--server.trustedUserHeaders",
        json.dumps(trusted),
    ]


def environment() -> dict[str, str]:
    """The app's environment: data paths made absolute, since Streamlit runs in the project."""
    env = dict(os.environ)
    for name in ("GRIDDASH_DATA", "GRIDDASH_CATALOG", "GRIDDASH_AUTH", "GRIDDASH_REPORTS"):
        if env.get(name):
            env[name] = str(Path(env[name]).expanduser().resolve())
    # The access file the server started with is named explicitly: if it is deleted or moved
    # while the server runs, the app refuses everyone instead of falling back to mode none.
    if not env.get("GRIDDASH_AUTH") and auth.access_file().exists():
        env["GRIDDASH_AUTH"] = str(auth.access_file().resolve())
    return env


def serve(host: str = "127.0.0.1", port: int = 8501, processes: int = 1) -> int:
    """Run the dashboard until interrupted; returns Streamlit's exit status (2 if refused).

    processes > 1: that many Streamlit processes on private ports of 127.0.0.1 behind an nginx
    of our own on host:port, with sticky sessions (dashboard.commands.proxy), so the server uses more
    than one core."""
    try:
        config = auth.load()
    except auth.AccessError as exc:
        print(f"griddash: {exc}", file=sys.stderr)
        return 2
    if problem := refusal(host, config):
        print(problem, file=sys.stderr)
        return 2
    if not 0 < port < 65536:
        print(f"griddash: expected a port between 1 and 65535, found {port}", file=sys.stderr)
        return 2
    if not 1 <= processes <= MAX_PROCESSES:
        print(
            f"griddash: expected --processes between 1 and {MAX_PROCESSES}, found {processes}",
            file=sys.stderr,
        )
        return 2
    env = environment()
    catalog = env.get("GRIDDASH_CATALOG") or paths.catalog_file()
    exports = env.get("GRIDDASH_DATA") or paths.exports_dir()
    # The pages read the catalog; the exports folder only feeds /data's file listing.
    print(
        f"griddash: serving the catalog {catalog} (exports {exports}) at http://{host}:{port}/ "
        f"(sign-in: {config.mode}{f', {processes} processes' if processes > 1 else ''})",
        file=sys.stderr,
    )
    if processes == 1:
        procs = [_start(command(host, port, config), env)]
        run_dir = None
    else:
        try:
            proxy.nginx_binary()
        except proxy.ProxyError as exc:
            print(f"griddash: {exc}", file=sys.stderr)
            return 2
        backends = proxy.free_ports(processes)
        procs = [_start(command("127.0.0.1", p, config), env) for p in backends]
        try:
            nginx, run_dir = proxy.start(host, port, backends)
        except proxy.ProxyError as exc:
            print(f"griddash: {exc}", file=sys.stderr)
            _stop(procs, signal.SIGTERM)
            return 2
        procs.append(nginx)
    forwarded = _forward_sigterm(procs)
    try:
        return _wait_any(procs)
    except KeyboardInterrupt:  # Ctrl-C: let Streamlit shut down cleanly, then report it
        _stop(procs, signal.SIGINT)
        return 130
    finally:
        _stop(procs, signal.SIGTERM)
        if forwarded is not None:
            signal.signal(signal.SIGTERM, forwarded)
        if run_dir is not None:
            shutil.rmtree(run_dir, ignore_errors=True)


def _start(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    # The project folder as working directory: Streamlit reads .streamlit/config.toml from
    # there (and from beside app.py), whatever folder `griddash serve` was started in.
    return subprocess.Popen(args, cwd=paths.PROJECT_ROOT, env=env)


def _wait_any(procs: list[subprocess.Popen]) -> int:
    """Wait until one of the processes ends; its exit status (the others are stopped by the
    caller: a server with one of its processes gone is not whole)."""
    if len(procs) == 1:
        return procs[0].wait()
    while True:
        for proc in procs:
            if (code := proc.poll()) is not None:
                print(
                    f"griddash: a server process ({proc.args[0]} pid {proc.pid}) ended with "
                    f"status {code}: stopping the others",
                    file=sys.stderr,
                )
                return code
        try:
            os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOWAIT)  # blocks until a child ends
        except ChildProcessError:
            return 0


def _stop(procs: list[subprocess.Popen], signum: int) -> None:
    """Send `signum` to the processes still running and wait for them (SIGKILL after 20 s)."""
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signum)
    for proc in procs:
        try:
            proc.wait(timeout=STOP_LIMIT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _forward_sigterm(procs: list[subprocess.Popen]):
    """Pass SIGTERM (a service manager stopping us) on to the server processes; returns the old
    handler."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def forward(signum, frame):
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signum)

    return signal.signal(signal.SIGTERM, forward)
