"""`griddash serve`: run the Streamlit app, on the local machine only (for now).

The security model (DESIGN.md) says the server binds to localhost by default and that binding to
another address without an auth mode configured is refused. Auth modes (reverse-proxy header,
OIDC) arrive later; until then every non-loopback address is refused.
"""

from __future__ import annotations

import ipaddress
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from dashboard import paths

APP = paths.PROJECT_ROOT / "app.py"

REFUSED = (
    "griddash: refusing to serve on {host!r}: the dashboard has no authentication mode yet, and "
    "binding to an address other than the local machine without one is refused (DESIGN.md, "
    "security model). Use --host 127.0.0.1 (the default) and reach it through an SSH tunnel or "
    "an authenticating reverse proxy on this machine."
)


def is_loopback(host: str) -> bool:
    """True for `localhost` and loopback addresses (127.0.0.0/8, ::1); False for all else,
    including the wildcard addresses 0.0.0.0 and ::."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def command(host: str, port: int) -> list[str]:
    """The `streamlit run` command line for the app."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.address",
        host,
        "--server.port",
        str(port),
    ]


def environment() -> dict[str, str]:
    """The app's environment: data paths made absolute, since Streamlit runs in the project."""
    env = dict(os.environ)
    for name in ("GRIDDASH_DATA", "GRIDDASH_CATALOG"):
        if env.get(name):
            env[name] = str(Path(env[name]).expanduser().resolve())
    return env


def serve(host: str = "127.0.0.1", port: int = 8501) -> int:
    """Run the dashboard until interrupted; returns Streamlit's exit status (2 if refused)."""
    if not is_loopback(host):
        print(REFUSED.format(host=host), file=sys.stderr)
        return 2
    if not 0 < port < 65536:
        print(f"griddash: expected a port between 1 and 65535, found {port}", file=sys.stderr)
        return 2
    env = environment()
    exports = env.get("GRIDDASH_DATA") or paths.exports_dir()
    print(f"griddash: serving {exports} at http://{host}:{port}/", file=sys.stderr)
    # The project folder as working directory: Streamlit reads .streamlit/config.toml from there
    # (and from beside app.py), whatever folder `griddash serve` was started in.
    proc = subprocess.Popen(command(host, port), cwd=paths.PROJECT_ROOT, env=env)
    forwarded = _forward_sigterm(proc)
    try:
        return proc.wait()
    except KeyboardInterrupt:  # Ctrl-C: let Streamlit shut down cleanly, then report it
        proc.send_signal(signal.SIGINT)
        proc.wait()
        return 130
    finally:
        if forwarded is not None:
            signal.signal(signal.SIGTERM, forwarded)


def _forward_sigterm(proc: subprocess.Popen):
    """Pass SIGTERM (a service manager stopping us) on to Streamlit; returns the old handler."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, lambda signum, frame: proc.send_signal(signum))
