"""The malformed-import corpus of issue #20 (tests/import_corpus.py: 508 files in 33 classes, built from the templates
when a test asks for them), through the importer's real entry points.

How the corpus is split, so that it costs well under a minute of CPU on both databases:
- every file through validation (the 検証 step, `validate_file`) on SQLite: the expected answer, no exception,
  nothing written, every message in Japanese naming the file, and its row and column where the problem is in one;
- one file per class through the CLI's full import (`python -m data_access import`), on SQLite and PostgreSQL:
  exit code, printed messages, nothing written when there are problems, exactly the counted rows when not;
- the eight hostile files (shared-strings bomb, a 100,000-cell row, 21 MB, 2 million cells, 2 million blank lines,
  one wide row over a million short ones, a 200,000-character cell, 1.8 million problems) through the CLI, in one
  process of their own that reports each file's time and peak memory: both bounded;
- one file per class through the upload screen (AppTest): tests/dashboard/test_import_corpus_upload.py.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from data_access import cli, loaders
from data_access.database import Database
from data_access.imports.pipeline import import_file, validate_file
from data_access.models import FACT_TABLES, ImportBatch, Source
from tests.conftest import BACKENDS, ROOT, _fresh_database_url
from tests.import_corpus import SPECS, build, representatives

TODAY = dt.date(2024, 4, 1)
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# Problems about the whole file (no row or column), and about a whole row (no column).
FILE_LEVEL = {
    "too_large", "empty", "xls", "header_only", "too_many_cells", "too_slow", "bad_unicode", "binary", "truncated",
    "unknown_encoding", "not_xlsx", "xlsx_content", "xlsx_too_large", "xlsx_bomb", "xml_doctype", "no_data_sheet",
    "hidden_sheet", "undetectable_kind", "busy", "conflict", "database",
}  # fmt: skip
ROW_LEVEL = {"hidden_row", "csv_quote", "too_many_columns", "cell_too_long"}
MAX_SECONDS, MAX_RSS_MB = 30, 600  # a hostile file's bounds (the largest takes 4 s of CPU and 400 MB)


def counts(db: Database) -> dict[str, int]:
    with db.session() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (*FACT_TABLES, ImportBatch, Source)
        }


def assert_answers(spec, outcome) -> None:
    """The importer's answer is the one the spec expects, and every problem is located and Japanese."""
    if spec.problem is None:
        assert outcome.ok and outcome.rows == spec.rows, [str(p) for p in outcome.problems[:3]]
        return
    assert spec.problem in {p.key for p in outcome.problems}, [str(p) for p in outcome.problems[:5]]
    for problem in outcome.problems:
        assert problem.file == spec.file_name and str(problem).startswith(spec.file_name)
        assert JAPANESE.search(problem.reason("ja")), problem.key
        assert problem.key in FILE_LEVEL or problem.row is not None, str(problem)
        assert problem.key in FILE_LEVEL | ROW_LEVEL or problem.column is not None, str(problem)


@pytest.fixture(scope="session")
def sqlite_corpus_db(tmp_path_factory):
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('corpus') / 'corpus.sqlite3'}")
    db.migrate()
    loaders.load_master(db)
    yield db
    db.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def corpus_db(request, tmp_path_factory):
    """A database of its own per backend for the CLI's full imports (valid corpus files are written)."""
    db = Database(_fresh_database_url(request.param, tmp_path_factory.mktemp("corpus_cli"), request))
    db.migrate()
    loaders.load_master(db)
    yield db
    db.dispose()


ORDINARY = [s for s in SPECS if not s.hostile]


def test_the_corpus_is_large_and_covers_every_class():
    assert len(SPECS) >= 500 and len({s.kind_class for s in SPECS}) >= 30


@pytest.mark.parametrize("spec", ORDINARY, ids=[s.name for s in ORDINARY])
def test_every_file_is_answered_in_japanese_and_validation_writes_nothing(spec, sqlite_corpus_db):
    before = counts(sqlite_corpus_db)
    outcome = validate_file(sqlite_corpus_db, build(spec.name), spec.file_name, today=TODAY)
    assert_answers(spec, outcome)
    assert counts(sqlite_corpus_db) == before


CLI = representatives()


@pytest.mark.parametrize("spec", CLI, ids=[s.name for s in CLI])
def test_the_cli_imports_a_file_of_each_class_whole_or_not_at_all(spec, corpus_db, tmp_path, capsys):
    path = tmp_path / spec.file_name
    path.write_bytes(build(spec.name))
    before = counts(corpus_db)
    code = cli.main(["--database-url", corpus_db.url, "import", str(path), "--user", "corpus"])
    lines = capsys.readouterr().out.splitlines()
    after = counts(corpus_db)
    if spec.problem is None:
        assert code == 0, lines[:3]
        written = re.search(r"を取り込みました。追加 ([0-9,]+) 件", lines[0])
        facts = max(after[m.__tablename__] - before[m.__tablename__] for m in FACT_TABLES)  # districts: 2 tables
        assert facts == (int(written.group(1).replace(",", "")) if written else 0), lines[0]
        return
    assert (
        code == 2
        and lines[0].startswith(f"{spec.file_name}: 問題が ")
        and lines[0].endswith("何も書き込んでいません。")
    )
    assert all(line.startswith((f"  {spec.file_name}", "  ……ほか")) for line in lines[1:])
    assert after == before  # not one row, batch or source of a file with problems


HOSTILE = [s for s in SPECS if s.hostile]


# The CLI run on each hostile file in one process of its own (its interpreter starts once), which reports per file its
# exit code, seconds, output and peak memory: /proc's VmHWM, the process's own high-water mark, reset before each
# file by writing 5 to /proc/self/clear_refs (ru_maxrss of a child would also count the test worker it was forked
# from). Linux only, like CI.
MEASURED_CLI = """
import contextlib, io, json, sys, time
from data_access import cli

def peak_mb():
    return int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) // 1024

results = {}
for path in sys.argv[2:]:
    open("/proc/self/clear_refs", "w").write("5")
    printed, started = io.StringIO(), time.perf_counter()
    with contextlib.redirect_stdout(printed):
        code = cli.main(["--database-url", sys.argv[1], "import", path, "--dry-run"])
    seconds = time.perf_counter() - started
    results[path] = dict(code=code, seconds=seconds, peak_mb=peak_mb(), printed=printed.getvalue())
json.dump(results, sys.stdout)
"""


def test_hostile_files_are_refused_or_described_within_bounds(sqlite_corpus_db, tmp_path):
    """Issue #20: a 1 GB shared-strings bomb ran for minutes, a 100,000-cell row took 68 s, an all-invalid upload
    held 1.9 GB. Each hostile file now answers within MAX_SECONDS and MAX_RSS_MB (peak, Python included)."""
    paths = {}
    for spec in HOSTILE:
        paths[spec.name] = tmp_path / spec.file_name
        paths[spec.name].write_bytes(build(spec.name))
    done = subprocess.run(
        [sys.executable, "-c", MEASURED_CLI, sqlite_corpus_db.url, *map(str, paths.values())],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=os.environ,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout)
    for spec in HOSTILE:
        result = results[str(paths[spec.name])]
        printed = result["printed"]
        assert result["code"] == 2 and printed.startswith(f"{spec.file_name}: 問題が "), (spec.name, printed[-500:])
        assert "何も書き込んでいません" in printed, spec.name
        assert result["seconds"] < MAX_SECONDS and result["peak_mb"] < MAX_RSS_MB, (spec.name, result["seconds"])
        print(f"\n{spec.name} ({spec.problem}): {result['seconds']:.1f} s, peak {result['peak_mb']} MB")


def test_the_problem_list_is_counted_whole_but_written_out_once_capped(sqlite_corpus_db):
    spec = next(s for s in HOSTILE if s.problem == "unknown_code")
    outcome = import_file(sqlite_corpus_db, build(spec.name), spec.file_name, dry_run=True, today=TODAY)
    assert outcome.problem_count == 1_800_000 and len(outcome.problems) == 10_000
    assert [(p.row, p.column.ja) for p in outcome.problems[:2]] == [(2, "団体コード"), (2, "年度")]
