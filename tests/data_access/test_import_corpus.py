"""The malformed-import corpus of issue #20 (tests/import_corpus.py: 508 files in 33 classes, built from the templates
when a test asks for them), through the importer's real entry points.

How the corpus is split, so that it costs well under a minute of CPU on both databases:
- every file through validation (the 検証 step, `validate_file`) on SQLite: the expected answer, no exception,
  nothing written, every message in Japanese naming the file, and its row and column where the problem is in one;
- one file per class through the CLI's full import (`python -m data_access import`), on SQLite and PostgreSQL:
  exit code, printed messages, nothing written when there are problems, exactly the counted rows when not;
- the eight hostile files (shared-strings bomb, a 100,000-cell row, 21 MB, 2 million cells, 2 million blank lines,
  one wide row over a million short ones, a 200,000-character cell, 1.8 million problems) through the CLI in a
  process of their own: time and peak memory bounded;
- one file per class through the upload screen (AppTest): tests/dashboard/test_import_corpus_upload.py.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import time

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
MAX_SECONDS, MAX_RSS_MB = 30, 600  # a hostile file's bounds (the server's import of 100,000 rows takes ~5 s)


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


# The CLI in a process of its own, reporting its peak memory from /proc (VmHWM: this process's own high-water mark;
# ru_maxrss of a child also counts the parent's memory it was forked from, which is the test worker's).
MEASURED_CLI = """
import sys
from data_access import cli
code = cli.main(sys.argv[1:])
status = open("/proc/self/status").read()
print(int(status.split("VmHWM:")[1].split()[0]) // 1024, file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.parametrize("spec", HOSTILE, ids=[s.name for s in HOSTILE])
def test_a_hostile_file_is_refused_or_described_within_bounds(spec, sqlite_corpus_db, tmp_path):
    """Issue #20: a 1 GB shared-strings bomb ran for minutes, a 100,000-cell row took 68 s, an all-invalid upload
    held 1.9 GB. Each now answers in its own process within MAX_SECONDS and MAX_RSS_MB (peak, Python included)."""
    path = tmp_path / spec.file_name
    path.write_bytes(build(spec.name))
    arguments = ["--database-url", sqlite_corpus_db.url, "import", str(path), "--dry-run"]
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURED_CLI, *arguments], capture_output=True, text=True, cwd=ROOT, env=os.environ
    )
    seconds, peak_mb = time.perf_counter() - started, int(done.stderr.split()[-1])
    assert done.returncode == 2, (done.stdout[-2000:], done.stderr[-2000:])
    assert done.stdout.startswith(f"{spec.file_name}: 問題が ") and "何も書き込んでいません" in done.stdout
    assert seconds < MAX_SECONDS and peak_mb < MAX_RSS_MB, (seconds, peak_mb)
    print(f"\n{spec.name}: {seconds:.1f} s, peak {peak_mb} MB")


def test_the_problem_list_is_counted_whole_but_written_out_once_capped(sqlite_corpus_db):
    spec = next(s for s in HOSTILE if s.problem == "unknown_code")
    outcome = import_file(sqlite_corpus_db, build(spec.name), spec.file_name, dry_run=True, today=TODAY)
    assert outcome.problem_count == 1_800_000 and len(outcome.problems) == 10_000
    assert [(p.row, p.column.ja) for p in outcome.problems[:2]] == [(2, "団体コード"), (2, "年度")]
