"""Garbage collection for a long-running server whose heap is mostly permanent.

After the first page run the process holds the imported libraries and the cached database handle: about
340,000 objects that live as long as the server. A full collection walks all of them (200-280 ms with the GIL
held, during which no message reaches any browser), so they are moved out of the collector's sight once with
`gc.freeze()`. Objects made by later runs are collected as usual. See also `runner.postScriptGC` in
.streamlit/config.toml.
"""

from __future__ import annotations

import gc
import threading

_lock = threading.Lock()
_frozen = False


def freeze_long_lived() -> bool:
    """Freeze what is alive now, once per process; True when this call did it."""
    global _frozen
    with _lock:
        if _frozen:
            return False
        gc.collect()  # garbage of the first run is not kept forever
        gc.freeze()
        _frozen = True
        return True
