"""Access control: who is signed in, their role and their scope (a grid-code prefix).

The access file ($GRIDDASH_AUTH, else auth.toml in the project folder; see auth.example.toml)
says how people sign in and what each may see:

    [access]
    mode = "header"               # none | header | oidc
    header = "X-Griddash-User"    # header mode: set by the reverse proxy, never by the client

    [users."wang.lei"]
    name = "王磊"
    role = "district_lead"        # director | district_lead | analyst | viewer
    scope = "140105"

- `none` (no file): one local operator with the director's rights; `griddash serve` allows it on
  the local machine only.
- `header`: a trusted reverse proxy signs people in and passes the user name in a header
  (Streamlit's `server.trustedUserHeaders`); the user must be listed under [users].
- `oidc`: `st.login` against the centre's own identity provider (Streamlit's [auth] secrets,
  Authlib); role and scope come from the ID token's claims when `role_claim` is set, else from
  [users], keyed by `user_claim` (default `email`).

Nothing here is a page's business: dashboard.app.shell asks `current_user()` before it opens a
catalog, and the catalog itself is scoped (dashboard.data.catalog). Who is unknown gets nothing.
"""

from __future__ import annotations

import ipaddress
import os
import threading
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.core import paths

MODES = ("none", "header", "oidc")
ROLES = ("director", "district_lead", "analyst", "viewer")
CONSOLE_ROLES = frozenset({"director", "district_lead", "analyst"})
DEFAULT_HEADER = "X-Griddash-User"
USER_KEY = "griddash_user"  # the st.user key the trusted header lands in
SCOPE_DIGITS = (0, 6, 9, 12, 16)


class AccessError(Exception):
    """Access refused, or the access file is wrong; the message says what was expected and
    what was found. A refusal shown to users also names its interface string (`key`, filled
    from `values`: dashboard/core/i18n.py), so the page says it in the chosen language."""

    def __init__(self, message: str, key: str | None = None, **values: object):
        super().__init__(message)
        self.key = key
        self.values = values


class AccessDenied(AccessError):
    """This user may not see this (another place, or the console as a viewer)."""


@dataclass(frozen=True)
class User:
    """A signed-in person: `id` as the identity provider or proxy names them, a display name,
    a role (ROLES) and a scope ('' the whole city, else a grid-code prefix)."""

    id: str
    name: str
    role: str
    scope: str

    @property
    def can_use_console(self) -> bool:
        """Viewers have no SQL console; everyone else has it, within their scope."""
        return self.role in CONSOLE_ROLES

    def allows(self, scope: str) -> bool:
        """True when `scope` (a prefix) lies inside this user's scope."""
        return scope.startswith(self.scope)


LOCAL_OPERATOR = User("local", "local", "director", "")


@dataclass(frozen=True)
class AccessConfig:
    mode: str = "none"
    header: str = DEFAULT_HEADER
    allow_remote_proxy: bool = False  # header mode: may serve bind beyond the local machine?
    provider: str | None = None  # oidc: a named provider ([auth.<provider>] in secrets)
    user_claim: str = "email"
    name_claim: str = "name"
    role_claim: str | None = None
    scope_claim: str | None = None
    users: dict[str, User] = field(default_factory=dict)
    source: Path | None = None  # None: no access file, mode none


def access_file() -> Path:
    """The access file: $GRIDDASH_AUTH, else auth.toml in the project folder."""
    return Path(os.environ.get("GRIDDASH_AUTH") or paths.PROJECT_ROOT / "auth.toml")


def check_user(uid: str, role: object, scope: object, name: object, where: str) -> User:
    """A User from configured values, or AccessError naming what is wrong."""
    if role not in ROLES:
        raise AccessError(f"{where}: role: expected one of {', '.join(ROLES)}, found {role!r}")
    scope = "" if scope is None else scope
    if not isinstance(scope, str) or not scope.isdigit() and scope != "":
        raise AccessError(f"{where}: scope: expected a grid-code prefix of digits, found {scope!r}")
    if len(scope) not in SCOPE_DIGITS:
        raise AccessError(
            f"{where}: scope: expected '' (the city) or 6, 9, 12 or 16 digits, found {scope!r}"
        )
    if role == "director" and scope:
        raise AccessError(
            f"{where}: a director sees the whole city: expected scope '', found {scope!r}"
        )
    if role == "district_lead" and not scope:
        raise AccessError(
            f"{where}: a district lead needs a scope (a grid-code prefix), found none"
        )
    return User(uid, str(name or uid), role, scope)


def parse(text: str, source: Path | None = None) -> AccessConfig:
    """The access configuration from the TOML text of an access file."""
    where = str(source or "access file")
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AccessError(f"{where}: expected TOML, found a syntax error: {exc}") from None
    access = doc.get("access", {})
    mode = access.get("mode", "none")
    if mode not in MODES:
        raise AccessError(
            f"{where}: [access] mode: expected one of {', '.join(MODES)}, found {mode!r}"
        )
    known = {
        "mode",
        "header",
        "allow_remote_proxy",
        "provider",
        "user_claim",
        "name_claim",
        "role_claim",
        "scope_claim",
    }
    if extra := sorted(set(access) - known):
        raise AccessError(
            f"{where}: [access]: expected keys {', '.join(sorted(known))}, found {extra}"
        )
    users = {}
    for uid, entry in doc.get("users", {}).items():
        if not isinstance(entry, dict):
            raise AccessError(f"{where}: [users.{uid!r}]: expected a table, found {entry!r}")
        users[uid] = check_user(
            uid,
            entry.get("role"),
            entry.get("scope"),
            entry.get("name"),
            f"{where}: [users.{uid!r}]",
        )
    if bool(access.get("role_claim")) != bool(access.get("scope_claim")):
        raise AccessError(
            f"{where}: [access] role_claim and scope_claim: expected both or neither, found "
            f"role_claim={access.get('role_claim')!r}, scope_claim={access.get('scope_claim')!r}"
        )
    header = access.get("header", DEFAULT_HEADER)
    if not isinstance(header, str) or not header.strip():
        raise AccessError(f"{where}: [access] header: expected a header name, found {header!r}")
    return AccessConfig(
        mode=mode,
        header=header.strip(),
        allow_remote_proxy=bool(access.get("allow_remote_proxy", False)),
        provider=access.get("provider"),
        user_claim=access.get("user_claim", "email"),
        name_claim=access.get("name_claim", "name"),
        role_claim=access.get("role_claim"),
        scope_claim=access.get("scope_claim"),
        users=users,
        source=source,
    )


_CACHE: dict[tuple[str, int], AccessConfig] = {}
_CACHE_LOCK = threading.Lock()


def load(path: Path | None = None) -> AccessConfig:
    """The access configuration (re-read when the file changes); mode none without a file."""
    path = path or access_file()
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        if os.environ.get("GRIDDASH_AUTH"):
            raise AccessError(
                f"GRIDDASH_AUTH: expected an access file, found nothing at {path}"
            ) from None
        return AccessConfig()
    key = (str(path), stamp)
    with _CACHE_LOCK:
        if key in _CACHE:
            return _CACHE[key]
    config = parse(path.read_text(encoding="utf-8"), path)
    with _CACHE_LOCK:
        _CACHE.clear()
        _CACHE[key] = config
    return config


def is_loopback(host: str | None) -> bool:
    """True for `localhost` and loopback addresses (127.0.0.0/8, ::1); False for all else,
    including the wildcard addresses 0.0.0.0 and ::."""
    if not host:
        return False
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def resolve(config: AccessConfig, claims: dict, client_ip: str | None) -> User:
    """The user of one browser session, from what Streamlit knows of it (`claims`: st.user as a
    dict; `client_ip`: st.context.ip_address). Raises AccessDenied (or NotSignedIn)."""
    if config.mode == "none":
        # Defence in depth: `griddash serve` binds mode none to the local machine; if someone
        # started Streamlit on another address by hand, remote browsers still get nothing.
        if client_ip is not None and not is_loopback(client_ip):
            raise AccessDenied(
                f"expected a browser on this machine (no sign-in is configured), found one at {client_ip}",
                "deny_remote",
                ip=client_ip,
            )
        return LOCAL_OPERATOR
    if config.mode == "header":
        uid = (claims.get(USER_KEY) or "").strip()
        if not uid:
            raise AccessDenied(
                f"expected the signed-in user in the {config.header} header set by the reverse "
                "proxy, found no such header",
                "deny_no_header",
                header=config.header,
            )
        return _listed(config, uid)
    if not claims.get("is_logged_in"):
        raise NotSignedIn("expected a signed-in user, found none")
    uid = str(claims.get(config.user_claim) or "").strip()
    if not uid:
        raise AccessDenied(
            f"expected the claim {config.user_claim!r} in the ID token, found none",
            "deny_no_claim",
            claim=config.user_claim,
        )
    if uid in config.users or not config.role_claim or config.role_claim not in claims:
        return _listed(config, uid)  # the access file's own entry wins over the token
    if config.scope_claim not in claims:  # a missing scope must never mean the whole city
        raise AccessDenied(
            f"expected the claim {config.scope_claim!r} in the ID token, found none",
            "deny_no_claim",
            claim=config.scope_claim,
        )
    name = claims.get(config.name_claim) or uid
    return check_user(
        uid, claims[config.role_claim], claims[config.scope_claim], name, f"ID token of {uid}"
    )


def _listed(config: AccessConfig, uid: str) -> User:
    user = config.users.get(uid)
    if user is None:
        raise AccessDenied(
            f"expected a user listed in the access file, found {uid!r}, who is not",
            "deny_unknown_user",
            user=uid,
        )
    return user


class NotSignedIn(AccessDenied):
    """OIDC mode, nobody signed in yet: the page offers the sign-in button."""


def current_user() -> User:
    """The user of this browser session (raises AccessDenied / AccessError). Read from
    Streamlit's st.user and st.context on every call: nothing a page could set."""
    import streamlit as st

    config = load()
    claims = st.user.to_dict() if config.mode != "none" else {}
    ip = st.context.ip_address
    return resolve(config, claims, ip if isinstance(ip, str) else None)  # AppTest: no address


def check_scope(user: User, scope: str) -> str:
    """`scope` when the user may see it, else AccessDenied naming both."""
    if not user.allows(scope):
        raise AccessDenied(
            f"{user.id} may see places under {user.scope or 'the whole city'!r}, "
            f"found a request for {scope or 'the whole city'!r}",
            "deny_scope",
            user=user.id,
            allowed=user.scope,
            asked=scope or "—",
        )
    return scope
