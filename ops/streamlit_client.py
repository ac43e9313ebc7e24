"""A Streamlit client without a browser: it speaks the app's own protocol (the websocket at `_stcore/stream`, with
the protobuf messages the `streamlit` package ships), as the frontend does. The load test's users are made of it.

One `StreamlitSession` is one browser tab: `open()` loads the page over HTTP first (a load balancer sets its
sticky cookie there) and connects the websocket with that cookie; `run(page, query)` asks for a rerun of a screen
with a query string, `set_widget(key, option)` changes a widget as a click would; both wait until the script has
finished and return what it drew. An exception element or a lost connection is an error (`RunError`)."""

from __future__ import annotations

import time
import urllib.request
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from urllib.parse import urlparse

import websocket

# Only the wire format: streamlit.proto holds the protobuf classes of the messages (no st.* call is made here).
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

WIDGET_TYPES = ("selectbox", "radio", "button_group", "multiselect", "checkbox")
DONE = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR)


class RunError(RuntimeError):
    """The script run failed: an exception element, a compile error, a lost connection or a time-out."""


@dataclass
class Run:
    """What one script run sent: its elements by type, its widgets (id -> element), exceptions, bytes received."""

    elements: dict[str, int] = field(default_factory=dict)
    widgets: dict[str, object] = field(default_factory=dict)
    exceptions: list[str] = field(default_factory=list)
    bytes: int = 0
    page_not_found: bool = False


class StreamlitSession:
    """One tab of the app at `base_url` (with its baseUrlPath, e.g. http://127.0.0.1:8080/dashboard)."""

    def __init__(self, base_url: str, timeout: float = 60.0):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.cookies = CookieJar()
        self.ws: websocket.WebSocket | None = None
        self.widgets: dict[str, object] = {}  # widget id -> its element, from the latest runs
        self._states: dict[str, object] = {}  # widget id -> WidgetState sent with every rerun (as the frontend)
        self.session_id = ""
        self.page = ""
        self.query = ""

    def _cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.cookies)

    def open(self) -> None:
        """Load the page (the load balancer's cookie), then connect the websocket with it."""
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        with opener.open(f"{self.base_url}/", timeout=self.timeout) as response:
            response.read()
        parsed = urlparse(self.base_url)
        scheme = "wss" if parsed.scheme == "https" else "ws"
        self.ws = websocket.create_connection(
            f"{scheme}://{parsed.netloc}{parsed.path}/_stcore/stream",
            timeout=self.timeout,
            subprotocols=["streamlit"],
            origin=f"{parsed.scheme}://{parsed.netloc}",
            cookie=self._cookie_header() or None,
        )

    def _socket(self) -> websocket.WebSocket:
        if self.ws is None:
            raise RunError("not connected (the connection was closed)")
        return self.ws

    def close(self) -> None:
        if self.ws is not None:
            self.ws.close()
            self.ws = None

    def run(self, page: str = "", query: str = "") -> Run:
        """Rerun screen `page` (its URL path, "" = the default screen) with `query` and wait until it has finished."""
        self.page, self.query = page, query
        return self._rerun()

    def widget_id(self, key: str) -> str:
        """The id of the widget created with `key=key` in the latest runs (Streamlit ends the id with the key)."""
        for widget_id in self.widgets:
            if widget_id.endswith(f"-{key}"):
                return widget_id
        raise RunError(f"no widget with key {key!r} on {self.page or '/'}")

    def options(self, key: str) -> list[str]:
        element = self.widgets[self.widget_id(key)]
        if hasattr(element, "options"):
            return [getattr(option, "content", option) for option in element.options]
        return []

    def set_widget(self, key: str, value: str | int | bool) -> Run:
        """Change the widget made with `key` as a click would: a drop-down or radio by option text (its
        formatted label), a segmented control by option index, a toggle by bool; then rerun and wait."""
        widget_id = self.widget_id(key)
        element = self.widgets[widget_id]
        state = BackMsg().rerun_script.widget_states.widgets.add()
        state.id = widget_id
        kind = type(element).__name__
        if kind == "Checkbox":
            state.bool_value = bool(value)
        elif kind == "ButtonGroup":
            state.int_array_value.data.append(int(value))
        elif kind == "Radio":
            options = self.options(key)
            state.int_value = options.index(value) if isinstance(value, str) else int(value)
        else:  # Selectbox: the formatted option
            state.string_value = str(value)
        self._states[widget_id] = state
        return self._rerun()

    def _rerun(self) -> Run:
        if self.ws is None:
            self.open()
        message = BackMsg()
        client = message.rerun_script
        client.query_string = self.query
        client.page_name = self.page
        for state in self._states.values():
            client.widget_states.widgets.add().CopyFrom(state)
        try:
            self._socket().send_binary(message.SerializeToString())
            return self._receive()
        except (websocket.WebSocketException, OSError) as exc:
            self.close()
            raise RunError(f"connection lost: {type(exc).__name__}: {exc}") from exc

    def _receive(self) -> Run:
        run = Run()
        deadline = time.monotonic() + self.timeout
        while True:
            if time.monotonic() > deadline:
                raise RunError(f"the script did not finish within {self.timeout:.0f} s")
            data = self._socket().recv()
            if not data:
                raise RunError("the server closed the connection")
            run.bytes += len(data)
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.session_id = msg.new_session.initialize.session_id or self.session_id
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                name = element.WhichOneof("type")
                if name is None:  # an element always has a type; protobuf types the oneof's name as optional
                    continue
                run.elements[name] = run.elements.get(name, 0) + 1
                if name == "exception":
                    run.exceptions.append(f"{element.exception.type}: {element.exception.message}"[:300])
                elif name in WIDGET_TYPES:
                    widget = getattr(element, name)
                    run.widgets[widget.id] = widget
            elif kind == "page_not_found":
                run.page_not_found = True
            elif kind == "script_finished" and msg.script_finished in DONE:
                self.widgets.update(run.widgets)
                if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise RunError("the script did not compile")
                if run.exceptions:
                    raise RunError(f"exception on {self.page or '/'}: {run.exceptions[0]}")
                return run
