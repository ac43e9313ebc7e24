"""The server's garbage collection: no full collection after every page run, the import-time heap frozen once."""

import gc
import tomllib
from pathlib import Path

from dashboard import memory

CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def test_streamlit_does_not_collect_after_every_run():
    assert tomllib.loads(CONFIG.read_text())["runner"]["postScriptGC"] is False


def test_long_lived_objects_are_frozen_once_per_process(monkeypatch):
    monkeypatch.setattr(memory, "_frozen", False)
    try:
        assert memory.freeze_long_lived() is True
        assert gc.get_freeze_count() > 0
        assert memory.freeze_long_lived() is False
    finally:
        gc.unfreeze()
