"""Accounts: roles, argon2id passwords, the failed-login rate limit read from auth_events (both databases), session
expiry."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import threading

import pytest
from argon2 import PasswordHasher, extract_parameters

from data_access import accounts
from data_access.accounts import Account, Login
from data_access.database import Database
from data_access.models import AuthEventKind

FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)  # keeps the tests quick; same algorithm
T0 = dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery"


def account(username: str = "tanaka", role: str = "editor", hasher: PasswordHasher = FAST) -> Account:
    return Account(username, role, "田中 花子", hasher.hash(PASSWORD))


@pytest.fixture
def db(schema_db) -> Database:
    return schema_db


def kinds(db: Database, username: str) -> list[str]:
    return [e.value for _at, e in accounts.events_since(db, username, T0 - dt.timedelta(days=1))]


# ------------------------------------------------------------------------------------------------- roles


def test_roles_are_ordered_viewer_editor_admin():
    assert accounts.ROLES == ("viewer", "editor", "admin")
    assert accounts.has_role("admin", "editor") and accounts.has_role("editor", "editor")
    assert not accounts.has_role("viewer", "editor") and not accounts.has_role("editor", "admin")
    assert not accounts.has_role(None, "viewer")
    with pytest.raises(ValueError, match="role"):
        accounts.has_role("superuser", "viewer")


def test_accounts_from_secrets_keep_only_argon2id_hashes_and_known_roles():
    good = FAST.hash(PASSWORD)
    usable, problems = accounts.parse_accounts(
        {
            "tanaka": {"password_hash": good, "role": "editor", "display_name": "田中 花子"},
            "suzuki": {"password_hash": good, "role": "admin"},
            "sato": {"password_hash": good, "role": "owner"},
            "kato": {"password_hash": "plain-text-password", "role": "viewer"},
            "ito": {"password_hash": "$2b$12$abcdefghijklmnopqrstuv", "role": "viewer"},  # bcrypt: refused
        }
    )
    assert sorted(usable) == ["suzuki", "tanaka"]
    assert (usable["tanaka"].role, usable["tanaka"].display_name) == ("editor", "田中 花子")
    assert usable["suzuki"].display_name == "suzuki"
    assert len(problems) == 3 and all("[accounts." in p for p in problems)
    assert good not in repr(usable["tanaka"])  # a hash never reaches a log line or the screen by repr


def test_oidc_roles_come_from_the_lists_and_default_to_viewer():
    roles = {"admins": ["Boss@Pref.example.jp"], "editors": ["a@pref.example.jp", "boss@pref.example.jp"]}
    assert accounts.oidc_role("boss@pref.example.jp", roles) == "admin"
    assert accounts.oidc_role(" A@pref.example.jp ", roles) == "editor"
    assert accounts.oidc_role("someone@pref.example.jp", roles) == "viewer"


# ----------------------------------------------------------------------------------------------- passwords


def test_hash_password_is_argon2id_and_refuses_short_passwords():
    hashed = accounts.hash_password(PASSWORD)
    assert hashed.startswith("$argon2id$") and PASSWORD not in hashed
    assert accounts.verify_password(Account("a", "viewer", "a", hashed), PASSWORD)
    with pytest.raises(ValueError, match="12"):
        accounts.hash_password("short")


def test_verify_right_and_wrong_password_and_unknown_user():
    tanaka = account()
    assert accounts.verify_password(tanaka, PASSWORD)
    assert not accounts.verify_password(tanaka, PASSWORD + "x")
    assert not accounts.verify_password(tanaka, "")
    assert not accounts.verify_password(None, PASSWORD)
    assert not accounts.verify_password(Account("x", "viewer", "x", "$argon2id$broken"), PASSWORD)


def test_unknown_user_costs_a_full_argon2_check_like_a_wrong_password(monkeypatch):
    """An unknown username is checked against a dummy hash with the cost of the real ones, so the answer takes as
    long and does not reveal which usernames exist. (Checked by the work done, not by a clock: a timed test
    fails on a busy machine.)"""
    known = account(hasher=accounts.HASHER)
    assert extract_parameters(accounts._dummy_hash()) == extract_parameters(known.password_hash)
    checked: list[str] = []
    real = accounts.HASHER

    class Recording:
        def verify(self, hash_: str, password: str) -> bool:
            checked.append(hash_)
            return real.verify(hash_, password)

    monkeypatch.setattr(accounts, "HASHER", Recording())
    assert not accounts.verify_password(None, "wrong password!")
    assert not accounts.verify_password(known, "wrong password!")
    assert checked == [accounts._dummy_hash(), known.password_hash]


# --------------------------------------------------------------------------------- login and its events


def test_login_ok_and_failed_are_logged_with_the_client(db):
    users = {"tanaka": account()}
    ok = accounts.attempt_login(db, users, " tanaka ", PASSWORD, "10.0.0.5 / Firefox", at=T0)
    assert ok.login == Login("tanaka", "田中 花子", "editor", "password", T0, T0)
    failed = accounts.attempt_login(db, users, "tanaka", "nope", at=T0 + dt.timedelta(minutes=1))
    unknown = accounts.attempt_login(db, users, "nobody", PASSWORD, at=T0 + dt.timedelta(minutes=2))
    assert failed.login is None and failed.locked_until is None and unknown.login is None
    assert kinds(db, "tanaka") == ["login_ok", "login_failed"]
    assert kinds(db, "nobody") == ["login_failed"]  # unknown names are logged too
    events = accounts.recent_events(db)
    assert list(events["event"]) == ["login_failed", "login_failed", "login_ok"]  # newest first
    assert events["occurred_at"].iloc[-1] == T0  # UTC round trip on both backends
    assert events["client"].iloc[-1] == "10.0.0.5 / Firefox"


def test_five_failures_lock_the_username_for_fifteen_minutes(db):
    users = {"tanaka": account()}
    attempts = [
        accounts.attempt_login(db, users, "tanaka", f"wrong {i}", at=T0 + dt.timedelta(minutes=i)) for i in range(5)
    ]
    fifth = T0 + dt.timedelta(minutes=4)
    assert [a.locked_until for a in attempts] == [None] * 4 + [fifth + dt.timedelta(minutes=15)]
    # even the right password is refused while locked, without being checked, and the lock is not extended
    during = accounts.attempt_login(db, users, "tanaka", PASSWORD, at=fifth + dt.timedelta(minutes=14))
    assert during.login is None and during.locked_until == fifth + dt.timedelta(minutes=15)
    assert kinds(db, "tanaka") == ["login_failed"] * 5 + ["locked"]
    after = accounts.attempt_login(db, users, "tanaka", PASSWORD, at=fifth + dt.timedelta(minutes=15, seconds=1))
    assert after.login is not None and after.login.username == "tanaka"
    assert kinds(db, "tanaka")[-1] == "login_ok"
    # the lock is per username: another account was never affected
    assert accounts.lock_of(db, "suzuki", fifth) is None


def test_the_lock_holds_across_processes(db):
    """A second Database on the same URL (another server process) sees the same lock."""
    users = {"tanaka": account()}
    for i in range(5):
        accounts.attempt_login(db, users, "tanaka", "wrong", at=T0 + dt.timedelta(seconds=i))
    other = Database(db.url)
    try:
        refused = accounts.attempt_login(other, users, "tanaka", PASSWORD, at=T0 + dt.timedelta(minutes=1))
    finally:
        other.dispose()
    assert refused.login is None and refused.locked_until == T0 + dt.timedelta(seconds=4, minutes=15)


def test_spread_out_failures_or_a_success_in_between_do_not_lock(db):
    users = {"tanaka": account()}
    for minute in (0, 4, 8, 12, 16):  # five failures, but over 16 minutes
        accounts.attempt_login(db, users, "tanaka", "wrong", at=T0 + dt.timedelta(minutes=minute))
    assert accounts.lock_of(db, "tanaka", T0 + dt.timedelta(minutes=16)) is None
    later = T0 + dt.timedelta(hours=2)
    for i in range(3):
        accounts.attempt_login(db, users, "tanaka", "wrong", at=later + dt.timedelta(seconds=i))
    assert accounts.attempt_login(db, users, "tanaka", PASSWORD, at=later + dt.timedelta(seconds=5)).login
    for i in range(4):
        accounts.attempt_login(db, users, "tanaka", "wrong", at=later + dt.timedelta(seconds=10 + i))
    assert accounts.lock_of(db, "tanaka", later + dt.timedelta(seconds=20)) is None  # 3 + 4, reset by the success


def test_locked_until_is_a_pure_decision_from_events():
    failed = [(T0 + dt.timedelta(minutes=i), AuthEventKind.LOGIN_FAILED) for i in range(5)]
    assert accounts.locked_until(failed, T0 + dt.timedelta(minutes=5)) == T0 + dt.timedelta(minutes=19)
    assert accounts.locked_until(failed, T0 + dt.timedelta(minutes=19)) is None  # released
    assert accounts.locked_until(failed[:4], T0 + dt.timedelta(minutes=5)) is None
    logout = [(T0 + dt.timedelta(minutes=2), AuthEventKind.LOGOUT)]  # only a success resets the count
    assert accounts.locked_until(failed + logout, T0 + dt.timedelta(minutes=5)) is not None


def test_recent_events_filters_and_limits(db):
    for i, (name, event) in enumerate(
        [
            ("tanaka", AuthEventKind.LOGIN_OK),
            ("suzuki", AuthEventKind.LOGIN_FAILED),
            ("tanaka", AuthEventKind.LOGOUT),
            ("tanaka", AuthEventKind.EXPIRED),
        ]
    ):
        accounts.record_event(db, name, event, at=T0 + dt.timedelta(minutes=i))
    assert list(accounts.recent_events(db, username="tanaka")["event"]) == ["expired", "logout", "login_ok"]
    assert list(accounts.recent_events(db, events=[AuthEventKind.LOGIN_FAILED])["username"]) == ["suzuki"]
    assert len(accounts.recent_events(db, limit=2)) == 2
    accounts.record_event(db, "x" * 300, AuthEventKind.LOGIN_FAILED, client="c" * 400)
    longest = accounts.recent_events(db, limit=1).iloc[0]
    assert (len(longest["username"]), len(longest["client"])) == (120, 255)


# ---------------------------------------------------------------------------------------------- expiry


@pytest.mark.parametrize(
    ("started", "seen", "reason"),
    [
        (dt.timedelta(hours=7, minutes=59), dt.timedelta(minutes=29), None),
        (dt.timedelta(hours=8), dt.timedelta(minutes=1), "lifetime"),
        (dt.timedelta(hours=1), dt.timedelta(minutes=30), "idle"),
        (dt.timedelta(hours=9), dt.timedelta(minutes=45), "lifetime"),
    ],
)
def test_expiry_by_lifetime_and_idle_time(started, seen, reason):
    now = T0 + dt.timedelta(days=1)
    login = Login("tanaka", "田中", "editor", "password", now - started, now - seen)
    assert accounts.expiry_reason(login, now, dt.timedelta(hours=8), dt.timedelta(minutes=30)) == reason


def test_expiry_accepts_naive_utc_times():
    login = Login("tanaka", "田中", "editor", "password", T0.replace(tzinfo=None), T0.replace(tzinfo=None))
    assert (
        accounts.expiry_reason(login, T0 + dt.timedelta(minutes=31), dt.timedelta(hours=8), dt.timedelta(minutes=30))
        == "idle"
    )


# ------------------------------------------------------------------------------------ limits under attack

ATTACKER, OFFICIAL = "203.0.113.9", "198.51.100.7"


def test_simultaneous_wrong_passwords_are_counted_one_after_the_other(db):
    """Issue #20: 20 simultaneous wrong passwords were all checked; the lock now stops the sixth."""
    users = {"tanaka": account()}
    barrier = threading.Barrier(20)

    def attempt(i: int) -> accounts.LoginAttempt:
        barrier.wait()
        return accounts.attempt_login(db, users, "tanaka", f"wrong {i}", "attacker", ip=ATTACKER)

    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        results = list(pool.map(attempt, range(20)))
    events = accounts.recent_events(db, username="tanaka")["event"].tolist()
    assert (events.count("login_failed"), events.count("locked")) == (5, 15)
    assert sum(r.locked_until is not None for r in results) == 16  # the fifth failure already says until when


def test_an_anonymous_visitor_cannot_lock_an_official_out(db):
    users = {"tanaka": account()}
    for i in range(8):
        accounts.attempt_login(db, users, "tanaka", "wrong", at=T0 + dt.timedelta(seconds=i), ip=ATTACKER)
    assert accounts.lock_of(db, "tanaka", T0 + dt.timedelta(minutes=1), ATTACKER) is not None
    own = accounts.attempt_login(db, users, "tanaka", PASSWORD, at=T0 + dt.timedelta(minutes=1), ip=OFFICIAL)
    assert own.login is not None
    again = accounts.attempt_login(db, users, "tanaka", PASSWORD, at=T0 + dt.timedelta(minutes=2), ip=ATTACKER)
    assert again.login is None and again.lock.scope == "username"  # the attacker's own connection stays locked


def test_one_client_trying_many_usernames_is_stopped(db):
    users = {"tanaka": account()}
    for i in range(accounts.MAX_CLIENT_FAILURES):
        accounts.attempt_login(db, users, f"guess{i}", "wrong", at=T0 + dt.timedelta(seconds=i), ip=ATTACKER)
    refused = accounts.attempt_login(db, users, "tanaka", PASSWORD, at=T0 + dt.timedelta(minutes=1), ip=ATTACKER)
    assert refused.login is None and refused.lock.scope == "client"
    assert refused.locked_until == T0 + dt.timedelta(seconds=accounts.MAX_CLIENT_FAILURES - 1, minutes=15)
    assert accounts.attempt_login(db, users, "tanaka", PASSWORD, at=T0 + dt.timedelta(minutes=1), ip=OFFICIAL).login


def test_a_guess_from_many_clients_locks_the_username_for_everyone(db):
    users = {"tanaka": account()}
    for i in range(accounts.MAX_USERNAME_FAILURES):
        accounts.attempt_login(db, users, "tanaka", "wrong", at=T0 + dt.timedelta(seconds=i), ip=f"192.0.2.{i}")
    refused = accounts.attempt_login(db, users, "tanaka", PASSWORD, at=T0 + dt.timedelta(minutes=1), ip=OFFICIAL)
    assert refused.login is None and refused.lock.scope == "username"
