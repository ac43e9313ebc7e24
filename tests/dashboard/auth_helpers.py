"""Log an AppTest session in as an official, for tests of the data-management screens.

    app = AppTest.from_function(...)
    log_in(app, "local", "editor")   # before app.run()

The account goes into app.secrets (hashed with a low argon2 cost to stay fast) and its login into the session,
exactly as the login form leaves it.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest

from dashboard import auth
from data_access import accounts

FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "correct horse battery"


def account_entry(role: str, display_name: str, password: str = PASSWORD) -> dict[str, str]:
    """One [accounts.<username>] table of the secrets file."""
    return {"password_hash": FAST.hash(password), "role": role, "display_name": display_name}


def log_in(app: AppTest, username: str = "local", role: str = "editor", display_name: str | None = None) -> AppTest:
    """Configure the account and put its fresh login in the session (call before app.run())."""
    app.secrets.setdefault("accounts", {})[username] = account_entry(role, display_name or username)
    now = accounts.now()
    app.session_state[auth.SESSION_KEY] = accounts.Login(username, display_name or username, role, "password", now, now)
    return app
