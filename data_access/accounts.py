"""Officials' accounts: roles, argon2id passwords, the failed-login rate limit, auth events and session expiry.

No Streamlit here (dashboard/auth.py is the glue), so every decision is testable on both databases. Passwords
exist only as argon2id hashes in the secrets file; the rate limit is decided from the `auth_events` rows, so it
holds across browser sessions and server processes, and logins take turns (database.take_turn), so twenty
attempts sent at once are counted one after the other, not all checked against the same count.

Three limits, so that no anonymous visitor can keep an official out: failures of one username from one client
lock that pair; failures from one client (IP address), whatever the usernames, lock the client; failures of one
username from every client together lock the username only at a much higher count (a distributed guess).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from data_access.database import Database, take_turn
from data_access.models import AuthEvent, AuthEventKind

ROLES = ("viewer", "editor", "admin")  # ascending: each role may do what the ones before it may
MAX_FAILURES = 5  # failed logins of one username from one client within FAILURE_WINDOW …
MAX_CLIENT_FAILURES = 20  # … or from one client, whatever the usernames …
MAX_USERNAME_FAILURES = 50  # … or of one username from every client together …
FAILURE_WINDOW = dt.timedelta(minutes=15)
LOCK_DURATION = dt.timedelta(minutes=15)  # … lock for this long after the last of them
LOGIN_WAIT_SECONDS = 10  # how long a login waits for the one before it
MIN_PASSWORD_LENGTH = 12
USERNAME_LENGTH = 120  # AuthEvent.username
CLIENT_LENGTH = 255  # AuthEvent.client
IP_LENGTH = 45  # AuthEvent.ip_address (IPv6)
HASH_PREFIX = "$argon2id$"

HASHER = PasswordHasher()  # argon2id, RFC 9106 low-memory profile (64 MiB, 3 passes)

ExpiryReason = Literal["lifetime", "idle", "revoked"]


def role_rank(role: str) -> int:
    """Position of a role in ROLES (ValueError for an unknown role: a typo must not grant anything)."""
    if role not in ROLES:
        raise ValueError(f"権限（role）は {', '.join(ROLES)} のいずれかです: {role!r}")
    return ROLES.index(role)


def has_role(role: str | None, required: str) -> bool:
    """Whether `role` (None = not logged in) may use a screen that needs `required`."""
    return role is not None and role_rank(role) >= role_rank(required)


@dataclass(frozen=True)
class Account:
    """A local account from the secrets file ([accounts.<username>])."""

    username: str
    role: str
    display_name: str
    password_hash: str = field(repr=False)


def parse_accounts(section: Mapping[str, object]) -> tuple[dict[str, Account], list[str]]:
    """Accounts of the [accounts] secrets section, and a Japanese problem per entry that was left out.

    A bad entry (unknown role, a hash that is not argon2id) is skipped rather than failing the whole app, so
    the other officials can still log in; the 利用者 screen lists the problems.
    """
    accounts: dict[str, Account] = {}
    problems: list[str] = []
    for username, entry in section.items():
        if not isinstance(entry, Mapping):
            problems.append(f"[accounts.{username}] は表（password_hash, role, display_name）で書いてください。")
            continue
        role = str(entry.get("role", ""))
        password_hash = str(entry.get("password_hash", ""))
        if role not in ROLES:
            problems.append(f"[accounts.{username}] の role は {', '.join(ROLES)} のいずれかです: {role!r}")
        elif not password_hash.startswith(HASH_PREFIX):
            problems.append(
                f"[accounts.{username}] の password_hash は argon2id のハッシュ（{HASH_PREFIX}…）です。"
                "`python -m data_access hash-password` で作成してください。"
            )
        elif len(username) > USERNAME_LENGTH:
            problems.append(f"[accounts.{username[:20]}…] のユーザー名は {USERNAME_LENGTH} 文字以内です。")
        else:
            accounts[username] = Account(username, role, str(entry.get("display_name") or username), password_hash)
    return accounts, problems


def oidc_role(email: str, roles: Mapping[str, Iterable[str]]) -> str:
    """Role of a user signed in through the identity provider: [roles] admins / editors lists (e-mail
    addresses, any case); everyone else the provider lets in is a viewer."""
    address = email.strip().lower()
    for role, key in (("admin", "admins"), ("editor", "editors")):
        if address in {str(a).strip().lower() for a in roles.get(key, ())}:
            return role
    return "viewer"


def hash_password(password: str) -> str:
    """argon2id hash for the secrets file (ValueError for a password shorter than MIN_PASSWORD_LENGTH)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"パスワードは {MIN_PASSWORD_LENGTH} 文字以上にしてください。")
    return HASHER.hash(password)


@functools.cache
def _dummy_hash() -> str:
    return HASHER.hash("dummy password for unknown usernames")


def verify_password(account: Account | None, password: str) -> bool:
    """Whether `password` is the account's. An unknown user is checked against a dummy hash, so the answer
    takes about as long and does not reveal which usernames exist."""
    try:
        return HASHER.verify(account.password_hash if account else _dummy_hash(), password) and account is not None
    except (VerificationError, InvalidHashError):
        return False


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite returns naive UTC, PostgreSQL aware datetimes: both become aware UTC."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _event(
    username: str, event: AuthEventKind, client: str | None, at: dt.datetime | None, ip: str | None
) -> AuthEvent:
    return AuthEvent(
        occurred_at=_utc(at or now()),
        username=username[:USERNAME_LENGTH],
        event=event,
        client=client[:CLIENT_LENGTH] if client else None,
        ip_address=ip[:IP_LENGTH] if ip else None,
    )


def record_event(
    db: Database,
    username: str,
    event: AuthEventKind,
    client: str | None = None,
    at: dt.datetime | None = None,
    ip: str | None = None,
) -> None:
    """Write one auth event (its own transaction, so a failed login is logged even when nothing else is)."""
    with db.session() as session:
        session.add(_event(username, event, client, at, ip))


Event = tuple[dt.datetime, AuthEventKind]


def events_since(db: Database, username: str, since: dt.datetime) -> list[Event]:
    """(time, event) of one username from `since` on, oldest first."""
    with db.session() as session:
        return [(at, event) for at, event, _ip in _events(session, AuthEvent.username == username, since)]


def _events(session, condition, since: dt.datetime) -> list[tuple[dt.datetime, AuthEventKind, str | None]]:
    rows = session.execute(
        select(AuthEvent.occurred_at, AuthEvent.event, AuthEvent.ip_address)
        .where(condition, AuthEvent.occurred_at >= _utc(since))
        .order_by(AuthEvent.occurred_at, AuthEvent.id)
    ).all()
    return [(_utc(at), event, ip) for at, event, ip in rows]


def locked_until(
    events: Sequence[Event], at: dt.datetime, limit: int = MAX_FAILURES, success_resets: bool = True
) -> dt.datetime | None:
    """End of the lock at `at`, or None: `limit` failed logins (since the last successful one, when a success
    resets the count), all within FAILURE_WINDOW, lock for LOCK_DURATION after the last of them. Refused attempts
    while locked are not failures (they do not extend the lock)."""
    failures: list[dt.datetime] = []
    for moment, event in sorted(events, key=lambda e: e[0]):
        if event is AuthEventKind.LOGIN_OK and success_resets:
            failures.clear()
        elif event is AuthEventKind.LOGIN_FAILED:
            failures.append(_utc(moment))
    if len(failures) < limit:
        return None
    streak = failures[-limit:]
    if streak[-1] - streak[0] > FAILURE_WINDOW:
        return None
    until = streak[-1] + LOCK_DURATION
    return until if until > _utc(at) else None


@dataclass(frozen=True)
class Lock:
    """Why and until when an attempt is refused: the username (from this client, or from everywhere) or the
    client itself."""

    until: dt.datetime
    scope: Literal["username", "client"]


def _lock(session, username: str, ip: str | None, at: dt.datetime) -> Lock | None:
    """The lock that applies to `username` tried from `ip` at `at` (the latest-ending one), read from the events
    that can still matter."""
    since = at - FAILURE_WINDOW - LOCK_DURATION
    named = _events(session, AuthEvent.username == username[:USERNAME_LENGTH], since)
    locks = [
        (locked_until([(t, e) for t, e, i in named if i == ip], at), "username"),
        (locked_until([(t, e) for t, e, _i in named], at, MAX_USERNAME_FAILURES), "username"),
    ]
    if ip:
        client = _events(session, AuthEvent.ip_address == ip[:IP_LENGTH], since)
        locks.append((locked_until([(t, e) for t, e, _i in client], at, MAX_CLIENT_FAILURES, False), "client"))
    found = [Lock(until, scope) for until, scope in locks if until is not None]
    return max(found, key=lambda lock: lock.until) if found else None


def lock_of(db: Database, username: str, at: dt.datetime, ip: str | None = None) -> dt.datetime | None:
    """End of the current lock of `username` tried from `ip`."""
    with db.session() as session:
        lock = _lock(session, username, ip, _utc(at))
    return lock.until if lock else None


@dataclass(frozen=True)
class Login:
    """A logged-in official, as kept in the browser session."""

    username: str
    display_name: str
    role: str
    method: Literal["password", "oidc"]
    logged_in_at: dt.datetime
    last_seen_at: dt.datetime


@dataclass(frozen=True)
class LoginAttempt:
    """Result of a password login: the login, or None with the lock (end and scope) when one applies."""

    login: Login | None
    lock: Lock | None = None

    @property
    def locked_until(self) -> dt.datetime | None:
        return self.lock.until if self.lock else None


def attempt_login(
    db: Database,
    accounts: Mapping[str, Account],
    username: str,
    password: str,
    client: str | None = None,
    at: dt.datetime | None = None,
    ip: str | None = None,
) -> LoginAttempt:
    """Check a username and password under the rate limits and log the outcome, in one transaction that takes
    its turn among logins: reading the count, checking the password and recording the result cannot interleave.

    A locked username or client is refused without checking the password (event `locked`); the failure that
    completes a limit locks at once, so its answer already says until when.
    """
    at = _utc(at or now())
    username = username.strip()
    with db.session() as session:
        take_turn(session, "logins", LOGIN_WAIT_SECONDS)
        lock = _lock(session, username, ip, at)
        if lock is not None:
            session.add(_event(username, AuthEventKind.LOCKED, client, at, ip))
            return LoginAttempt(None, lock)
        account = accounts.get(username)
        if not verify_password(account, password):
            session.add(_event(username, AuthEventKind.LOGIN_FAILED, client, at, ip))
            session.flush()
            return LoginAttempt(None, _lock(session, username, ip, at))
        assert account is not None  # verify_password is False for an unknown user
        session.add(_event(username, AuthEventKind.LOGIN_OK, client, at, ip))
    return LoginAttempt(Login(account.username, account.display_name, account.role, "password", at, at))


def expiry_reason(login: Login, at: dt.datetime, lifetime: dt.timedelta, idle: dt.timedelta) -> ExpiryReason | None:
    """Why a session has ended at `at`: older than `lifetime`, or no activity for `idle`; None while valid."""
    at = _utc(at)
    if at - _utc(login.logged_in_at) >= lifetime:
        return "lifetime"
    if at - _utc(login.last_seen_at) >= idle:
        return "idle"
    return None


def recent_events(
    db: Database, limit: int = 200, username: str | None = None, events: Sequence[AuthEventKind] = ()
) -> pd.DataFrame:
    """The latest auth events, newest first (columns occurred_at UTC, username, event, client)."""
    query = select(AuthEvent.occurred_at, AuthEvent.username, AuthEvent.event, AuthEvent.client)
    if username:
        query = query.where(AuthEvent.username == username)
    if events:
        query = query.where(AuthEvent.event.in_(list(events)))
    with db.session() as session:
        rows = session.execute(query.order_by(AuthEvent.occurred_at.desc(), AuthEvent.id.desc()).limit(limit)).all()
    return pd.DataFrame(
        [(_utc(at), name, event.value, client) for at, name, event, client in rows],
        columns=["occurred_at", "username", "event", "client"],
    )
