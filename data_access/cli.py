"""Command line: `python -m data_access --help`.

Errors are reported in Japanese on stderr with a non-zero exit code, never as a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from core import settings
from data_access import demo_build, loaders, official_statistics, queries
from data_access.database import Database, DatabaseError
from data_access.japanese_dates import parse_fiscal_year


def _database(args: argparse.Namespace) -> Database:
    db = Database(args.database_url or settings.database_url())
    db.check_connection()
    return db


def _initialised_database(args: argparse.Namespace) -> Database:
    db = _database(args)
    if not queries.is_initialised(db):
        raise DatabaseError(
            "データベースが初期化されていません。先に `python -m data_access init` を実行してください。"
        )
    return db


def cmd_init(args: argparse.Namespace) -> int:
    """Migrate the schema to the latest revision (keeping data), load the municipality master and the national
    reference counts, and the official statistics when their directory exists."""
    db = _database(args)
    before = db.current_revision() if "alembic_version" in db.table_names() else None
    db.migrate()
    report = loaders.load_master(db)
    reference = loaders.load_reference(db)
    print(
        f"データベース {db.display_url}: スキーマ {before or '（新規）'} → {db.current_revision()}、"
        f"自治体マスタ 追加 {report.total_inserted} 件・更新 {report.total_updated} 件"
        f"・削除 {sum(report.deleted.values())} 件、全国の参考値 追加 {reference.total_inserted} 件"
    )
    _load_population_if_present(db)
    return 0


def _load_population_if_present(db: Database) -> None:
    directory = settings.population_dir()
    if directory is None or not directory.is_dir():
        print(
            "人口統計のフォルダがないため、公式の人口・世帯数等は読み込みませんでした"
            "（人口当たりの値は「人口データなし」と表示されます。設定 DASHBOARD_POPULATION_DIR を指定し "
            "`python -m data_access load-population` を実行してください）。"
        )
        return
    print(official_statistics.load_statistics(db, directory).summary())


def cmd_load_population(args: argparse.Namespace) -> int:
    """Load the official statistics (population, households, age, area, census, designations)."""
    db = _database(args)
    if not queries.is_initialised(db):
        raise DatabaseError(
            "データベースが初期化されていません。先に `python -m data_access init` を実行してください。"
        )
    directory = Path(args.directory) if args.directory else settings.population_dir()
    if directory is None:
        raise DatabaseError("人口統計のフォルダを指定してください（引数、または設定 DASHBOARD_POPULATION_DIR）。")
    print(official_statistics.load_statistics(db, directory, user=args.user).summary())
    return 0


def cmd_load_demo(args: argparse.Namespace) -> int:
    """Load the demo data (real facts with their source lines + labelled synthetic rows)."""
    db = _initialised_database(args)
    report = loaders.load_demo(db, Path(args.file) if args.file else demo_build.DEMO_FILE)
    print(
        f"デモデータ: 追加 {report.total_inserted} 件・更新 {report.total_updated} 件・"
        f"変更なし {sum(report.unchanged.values())} 件"
    )
    return 0


def cmd_ensure_demo(args: argparse.Namespace) -> int:
    """init (always: it changes nothing when up to date) + load-demo when the demo is not loaded (make run)."""
    cmd_init(args)  # idempotent: schema, master, reference counts, official statistics
    db = _database(args)
    if not queries.is_loaded(db) or not queries.has_synthetic(db):
        cmd_load_demo(argparse.Namespace(**{**vars(args), "file": None}))
    else:
        print(f"データベース {db.display_url} のデモデータは読み込み済みです。")
    return 0


def cmd_build_demo(args: argparse.Namespace) -> int:
    """Rebuild data_access/demo/demo_data.json from the seed documents (and the official populations, in
    proportion to which the samples are drawn)."""
    seeds = Path(args.seeds_dir) if args.seeds_dir else settings.seeds_dir()
    if seeds is None:
        raise DatabaseError("資料フォルダが見つかりません。設定 DASHBOARD_SEEDS_DIR を指定してください。")
    population = settings.population_dir()
    if population is None:
        raise DatabaseError("人口統計のフォルダが見つかりません。設定 DASHBOARD_POPULATION_DIR を指定してください。")
    print(f"書き出しました: {demo_build.write(seeds, population)}")
    return 0


def cmd_parse_report(args: argparse.Namespace) -> int:
    """Print the reports of a model-project compilation as a JSON array."""
    from data_access.report_parser import parse_report_file

    json.dump(parse_report_file(args.path, args.fiscal_year), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Validate a CSV/Excel file of one template kind and write it in one transaction (or only validate)."""
    from data_access.imports.pipeline import run_import_command

    return run_import_command(_database(args), args)


def cmd_template(args: argparse.Namespace) -> int:
    """Write an empty reporting template (header row, example row, data dictionary)."""
    from data_access.templates import run_template_command

    return run_template_command(args)


def cmd_import_report(args: argparse.Namespace) -> int:
    """Store a report compilation: basic facts directly, outcomes into the review queue."""
    from data_access.report_import import run_import_report_command

    return run_import_report_command(_database(args), args)


def cmd_generate_synthetic(args: argparse.Namespace) -> int:
    """Fill a database with a deterministic synthetic nationwide dataset (benchmarks only)."""
    from data_access.synthetic_national import run_generate_command

    return run_generate_command(_database(args), args)


def cmd_hash_password(_args: argparse.Namespace) -> int:
    """Print the argon2id hash of a password typed twice (never an argument: it would stay in the shell
    history and the process list), for [accounts.<username>] password_hash in .streamlit/secrets.toml."""
    from data_access.accounts import hash_password

    password = getpass.getpass("パスワード (password): ")
    if getpass.getpass("もう一度 (again): ") != password:
        raise ValueError("2回の入力が一致しません (the two entries differ)。")
    print(hash_password(password))
    return 0


def cmd_settings(_args: argparse.Namespace) -> int:
    """List every setting with its current value and help."""
    for setting in settings.SETTINGS.values():
        print(f"{setting.env}={setting.value()}\n    {setting.help}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m data_access",
        description="地域支援体制ダッシュボードのデータベース管理 (database administration)",
    )
    parser.add_argument("--database-url", help="DATABASE_URL を一時的に上書きする (overrides the DATABASE_URL setting)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands = {
        "init": (cmd_init, "スキーマを最新化し自治体マスタを読み込む (migrate + load master data)"),
        "load-demo": (cmd_load_demo, "デモデータを読み込む (load demo data; idempotent)"),
        "load-population": (
            cmd_load_population,
            "公式の人口・世帯数・年齢・面積・指定都市等を読み込む (load the official statistics; idempotent)",
        ),
        "ensure-demo": (cmd_ensure_demo, "未準備なら init と load-demo を行う (used by make run)"),
        "build-demo": (cmd_build_demo, "資料からデモデータファイルを作り直す (rebuild the demo data file)"),
        "parse-report": (cmd_parse_report, "モデル事業報告書の集約テキストを JSON に変換 (parse a report compilation)"),
        "import-report": (
            cmd_import_report,
            "報告書の基本情報を登録し、成果の値をレビュー待ちにする (store a report compilation)",
        ),
        "import": (cmd_import, "CSV/Excel を検証して取り込む (validate and import a template file)"),
        "template": (cmd_template, "報告用テンプレートを書き出す (write a reporting template)"),
        "generate-synthetic": (cmd_generate_synthetic, "全国規模の合成データを作る (synthetic nationwide dataset)"),
        "hash-password": (cmd_hash_password, "ログイン用パスワードの argon2id ハッシュを作る (hash a login password)"),
        "settings": (cmd_settings, "設定の一覧 (list settings)"),
    }
    for name, (func, help_text) in commands.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(func=func)
        if name == "load-demo":
            command.add_argument("--file", help="デモデータファイル (default: data_access/demo/demo_data.json)")
        if name == "build-demo":
            command.add_argument("--seeds-dir", help="資料フォルダ (default: DASHBOARD_SEEDS_DIR)")
        if name in ("parse-report", "import-report"):
            command.add_argument("path", help="テキストファイルのパス")
            command.add_argument(
                "--fiscal-year",
                type=parse_fiscal_year,
                help="報告の年度（平成30年度、2018 など。省略時は本文に最も多く書かれた年度）",
            )
        if name in ("import", "import-report"):
            command.add_argument(
                "--user", default="cli", help="監査ログに記録する登録者名 (user recorded in the audit log)"
            )
        if name == "import":
            command.add_argument("file", help="CSV または Excel (.xlsx) ファイル")
            command.add_argument("--kind", help="テンプレートの種類（省略時はファイルから判定）")
            command.add_argument("--dry-run", action="store_true", help="検証のみ行い、書き込まない")
        if name == "template":
            command.add_argument("kind", help="テンプレートの種類")
            command.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
            command.add_argument("--output", help="出力先（省略時はカレントディレクトリ）")
        if name == "generate-synthetic":
            command.add_argument("--scale", choices=("national", "prefecture"), default="national")
            command.add_argument("--seed", type=int, default=1)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if problems := settings.problems():  # every command reads settings: a bad value is named before anything runs
        for problem in problems:
            print(f"エラー: {problem}", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except (DatabaseError, FileNotFoundError, ValueError) as exc:
        print(f"エラー: {exc}", file=sys.stderr)
        return 2
