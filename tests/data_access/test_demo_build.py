"""The committed demo file is reproducible from the seeds, and every real number is on its cited line."""

import json
import shutil

import pytest

from data_access import demo_build, master
from data_access.japanese_dates import normalize


def test_committed_demo_file_is_what_build_demo_writes(seeds, population_dir, tmp_path):
    rebuilt = demo_build.write(seeds, population_dir, tmp_path / "demo.json")
    assert rebuilt.read_text(encoding="utf-8") == demo_build.DEMO_FILE.read_text(encoding="utf-8")


def _real_rows(data):
    for key, row in demo_build.iter_rows(data):
        if row["source"] != demo_build.SYNTHETIC:
            yield key, row


def _expected_on_line(key, row):
    """What the cited line must contain: the numbers of the row, or the name it names."""
    if key == "council_activities" and row["metric"] == "exchange_meetings":
        return []  # cited at its date line: one meeting is implied
    if key == "districts":
        return [row["name"]]
    if key == "program_statuses" and row["stage"] != "none" and row["municipality_code"][:2] == "34":
        return [master.municipalities_by_code()[row["municipality_code"]].name]
    return [str(int(row[f])) for f in ("value", "municipalities", "participants") if row.get(f) is not None]


def test_every_real_fact_appears_on_its_cited_line(seeds):
    data = json.loads(demo_build.DEMO_FILE.read_text(encoding="utf-8"))
    checked = 0
    for key, row in _real_rows(data):
        line = (seeds / row["source"]["document"]).read_text(encoding="utf-8").splitlines()[row["source"]["line"] - 1]
        for expected in _expected_on_line(key, row):
            assert expected in normalize(line), (key, row, line)
            checked += 1
    assert checked >= 35


def test_no_sentences_from_the_seeds_in_the_demo_file(seeds):
    """Facts only: no string value in the demo file is longer than a name or a short label."""
    data = json.loads(demo_build.DEMO_FILE.read_text(encoding="utf-8"))
    strings = [v for _, row in demo_build.iter_rows(data) for v in row.values() if isinstance(v, str)]
    assert max(len(s) for s in strings) <= 30


def test_a_changed_document_is_reported_not_silently_misread(seeds, population_dir, tmp_path):
    for name in (demo_build.DOC_UTSUNOMIYA, demo_build.DOC_KOCHI, demo_build.DOC_TAKASAKI, demo_build.DOC_HIROSHIMA):
        shutil.copy(seeds / name, tmp_path / name)
    path = tmp_path / demo_build.DOC_UTSUNOMIYA
    path.write_text(path.read_text(encoding="utf-8").replace("累計", "合計"), encoding="utf-8")
    with pytest.raises(demo_build.SeedMismatch, match="000_db3c69513faeee6a.txt"):
        demo_build.build(tmp_path, population_dir)


def test_missing_seed_directory_is_explained(population_dir, tmp_path):
    with pytest.raises(FileNotFoundError, match="DASHBOARD_SEEDS_DIR"):
        demo_build.build(tmp_path, population_dir)


def test_the_demo_invents_no_population_households_or_ages():
    """Those are official statistics (load-population); the demo only invents rollout facts."""
    data = json.loads(demo_build.DEMO_FILE.read_text(encoding="utf-8"))
    metrics = {row["metric"] for row in data["municipality_facts"]}
    assert metrics == {"tier2_districts_total", "tier2_councils_established"}
