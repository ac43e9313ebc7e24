import pytest

from data_access.cli import main


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command in ("init", "load-demo", "build-demo", "parse-report", "settings"):
        assert command in out


def test_init_then_load_demo(database_url, capsys):
    assert main(["--database-url", database_url, "init"]) == 0
    assert "自治体マスタ 追加 1959 件" in capsys.readouterr().out  # 47 prefectures, 1,741 municipalities, 171 wards
    assert main(["--database-url", database_url, "load-demo"]) == 0
    assert main(["--database-url", database_url, "load-demo"]) == 0
    assert "追加 0 件・更新 0 件" in capsys.readouterr().out.splitlines()[-1]


def test_load_demo_before_init_explains_what_to_run(database_url, capsys):
    assert main(["--database-url", database_url, "load-demo"]) == 2
    assert "python -m data_access init" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("url", "message"),
    [("postgresql+psycopg://app@127.0.0.1:1/none", "接続できません"), ("nonsense", "形式が正しくありません")],
)
def test_bad_database_url_exits_non_zero_with_a_japanese_message(url, message, capsys):
    assert main(["--database-url", url, "init"]) == 2
    err = capsys.readouterr().err
    assert "DATABASE_URL" in err and message in err
    assert "Traceback" not in err


def test_settings_lists_every_setting(capsys):
    assert main(["settings"]) == 0
    out = capsys.readouterr().out
    assert "DATABASE_URL=" in out and "DASHBOARD_GEO_DIR=" in out
