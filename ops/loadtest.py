"""The load test's user (Locust): an official who opens the dashboard for a prefecture and moves through it.

Each simulated user is one browser tab speaking Streamlit's protocol (ops.streamlit_client): it opens a session on
概要 for a random prefecture, then goes round MIX with a think time of 3–10 s between actions. Every action is
timed from the request until the script has finished and is reported to Locust under its name; an exception
element or a lost connection counts as a failure (the next action opens a new session, as a reload would).

Run it with Locust's own command line (`locust -f ops/loadtest.py --host http://127.0.0.1:8080/dashboard`) or
through scripts/loadtest.py (`make load`: the ramp, the soak and the replicas). Importing this module loads Locust,
which patches the standard library for gevent: import it only in a process of its own.
"""

from __future__ import annotations

import random
import time

from locust import User, between, task

from ops.streamlit_client import RunError, StreamlitSession

PREFECTURES = [f"{code:02d}" for code in range(1, 48)]
# (name shown in the report, screen path or None for a widget change, query string / widget)
MIX = (
    ("概要", "", ""),
    ("年度を変更", None, "fy"),
    ("地図", "map", ""),
    ("相談・成果 ファネル", "outcomes", "outcomes_view=funnel"),
    ("比較", "compare", ""),
    ("プロフィール", "profile", ""),
)
OPEN = "開く（概要）"


class DashboardUser(User):
    """One official's tab: 概要 → change fiscal year → 地図 → 相談・成果 funnel → 比較 → プロフィール, again."""

    wait_time = between(3, 10)

    def on_start(self) -> None:
        self.prefecture = random.choice(PREFECTURES)
        self.step = 1  # the session opens on 概要 (timed as OPEN), then goes on with the fiscal year
        assert self.host is not None, "the dashboard's URL (--host, or Environment(host=...))"
        self.session = StreamlitSession(self.host)
        self._timed(OPEN, self._open)

    def on_stop(self) -> None:
        self.session.close()

    def _open(self):
        self.session.open()
        return self.session.run("", f"pref={self.prefecture}")

    def _timed(self, name: str, action) -> None:
        started = time.perf_counter()
        exception, length = None, 0
        try:
            length = action().bytes
        except (RunError, OSError) as exc:
            exception = exc
            self.session.close()
        self.environment.events.request.fire(
            request_type="streamlit",
            name=name,
            response_time=(time.perf_counter() - started) * 1000,
            response_length=length,
            exception=exception,
            context={"prefecture": self.prefecture},
        )

    def _change_year(self):
        years = self.session.options("fy")
        current = self.session.widgets[self.session.widget_id("fy")]
        others = [year for i, year in enumerate(years) if i != getattr(current, "default", -1)]
        return self.session.set_widget("fy", random.choice(others or years))

    @task
    def next_action(self) -> None:
        name, page, query = MIX[self.step % len(MIX)]
        self.step += 1
        if self.session.ws is None:  # the previous action lost the connection: open again, as a reload
            self._timed(OPEN, self._open)
            return
        if page is None:
            self._timed(name, self._change_year)
        else:
            self._timed(name, lambda: self.session.run(page, f"pref={self.prefecture}&{query}".rstrip("&")))
