"""Reporting templates: one declaration gives the Excel workbook, the CSV and the data dictionary."""

import argparse
import io

import pytest
from openpyxl import load_workbook

from data_access import cli
from data_access.templates import (
    DATA_SHEET,
    DICTIONARY_SHEET,
    TEMPLATES,
    run_template_command,
    template,
    template_csv,
    template_xlsx,
)
from data_access.vocabulary import ACTIVITY_METRICS, TARGET_METRICS

KINDS = ["districts_councils", "council_activity", "program_status", "consultations", "targets", "training"]


def test_every_requested_kind_is_declared():
    assert list(TEMPLATES) == KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_xlsx_has_header_example_and_dictionary(kind):
    tpl = TEMPLATES[kind]
    book = load_workbook(io.BytesIO(template_xlsx(kind)))
    assert book.sheetnames == [DATA_SHEET, DICTIONARY_SHEET]
    rows = [[c if c is not None else "" for c in row] for row in book[DATA_SHEET].iter_rows(values_only=True)]
    assert rows[0] == [c.ja for c in tpl.columns]
    assert rows[1] == [c.example for c in tpl.columns]
    dictionary = list(book[DICTIONARY_SHEET].iter_rows(values_only=True))
    header = dictionary.index(("列名", "英語名", "必須", "形式", "使用できる値・単位", "説明", "記入例"))
    described = dictionary[header + 1 :]
    assert [row[0] for row in described] == [c.ja for c in tpl.columns]
    assert [row[2] == "必須" for row in described] == [c.required for c in tpl.columns]


@pytest.mark.parametrize("kind", KINDS)
def test_csv_is_utf8_with_bom_header_and_example(kind):
    data = template_csv(kind)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert len(lines) == 2
    assert lines[0].split(",") == [c.ja for c in TEMPLATES[kind].columns]


def test_choices_come_from_the_vocabulary():
    assert list(template("council_activity").column("metric").allowed) == [
        m.name("ja") for m in ACTIVITY_METRICS.values()
    ]
    assert list(template("targets").column("metric").allowed) == [m.name("ja") for m in TARGET_METRICS.values()]
    assert template("districts_councils").column("council_status").allowed == {
        "未設置": "not_started",
        "準備中": "preparing",
        "設置済": "established",
    }
    assert list(template("program_status").column("stage").allowed) == ["本格実施", "移行準備", "検討中", "未実施"]


def test_consultation_columns_in_order():
    assert [c.ja for c in template("consultations").columns] == [
        "団体コード",
        "都道府県",
        "市区町村名",
        "地区コード",
        "年度",
        "集計時点",
        "年度途中",
        "区分",
        "実数/延べ",
        "単位",
        "新規",
        "継続",
        "終結",
        "つないだ件数",
        "対応中",
    ]


def test_unknown_kind_is_a_japanese_error():
    with pytest.raises(ValueError, match="テンプレートの種類「nope」はありません"):
        template("nope")


def test_run_template_command_writes_the_file(tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    assert run_template_command(argparse.Namespace(kind="training", format="xlsx", output=str(out))) == 0
    assert load_workbook(out)[DATA_SHEET]["A1"].value == "都道府県"
    assert "研修の参加状況" in capsys.readouterr().out


def test_cli_template_into_a_directory(tmp_path):
    assert cli.main(["template", "targets", "--format", "csv", "--output", str(tmp_path)]) == 0
    assert (tmp_path / "template_targets.csv").read_bytes() == template_csv("targets")


def test_cli_unknown_kind_exits_2(tmp_path, capsys):
    assert cli.main(["template", "nope", "--output", str(tmp_path)]) == 2
    assert "テンプレートの種類「nope」はありません" in capsys.readouterr().err
