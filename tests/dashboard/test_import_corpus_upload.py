"""The malformed-import corpus (tests/import_corpus.py) through the upload screen: one file per class, uploaded and
validated in AppTest as an editor does it. No exception reaches the screen, the problems are the table it shows
(file, row, column and a Japanese reason in each row), and an importable file is offered for import.
The whole corpus runs through validation and the CLI in tests/data_access/test_import_corpus.py."""

from __future__ import annotations

import pytest

from tests.dashboard.html_tables import tables
from tests.dashboard.page_runner import upload
from tests.import_corpus import build, representatives

UPLOADED = representatives()


@pytest.mark.parametrize("spec", UPLOADED, ids=[s.name for s in UPLOADED])
def test_each_class_is_answered_on_the_upload_screen(spec, app_database, monkeypatch):
    app = upload(app_database, monkeypatch, spec.file_name, build(spec.name))
    assert not app.exception, [e.value for e in app.exception]
    if spec.problem is None:
        assert app.success[0].value.startswith("問題はありません") and app.button(key="data_import_run")
        return
    assert app.error[0].value.startswith("問題が ") and app.error[0].value.endswith("何も書き込んでいません。")
    shown = tables(app)[0]
    assert list(shown.columns) == ["ファイル", "シート", "行", "列", "値", "理由"]
    assert set(shown["ファイル"]) == {spec.file_name} and shown["理由"].str.contains("[ぁ-んァ-ン一-龥]").all()
