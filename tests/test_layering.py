"""Only dashboard/ and pages/ may import streamlit; the layers below stay testable without it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOWER_LAYERS = ("data_access", "geo", "analytics", "briefing")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted(p for layer in LOWER_LAYERS for p in (ROOT / layer).rglob("*.py")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_lower_layers_do_not_import_streamlit_or_the_ui(path):
    imported = _imports(path)
    assert not imported & {"streamlit", "streamlit_folium", "pages"}
    assert "dashboard" not in imported or path.name == "cli.py"  # the CLI reads the declared settings


@pytest.mark.parametrize("path", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.name)
def test_pages_hold_no_sql(path):
    imported = _imports(path)
    assert "sqlalchemy" not in imported
    assert "scipy" not in imported and "statsmodels" not in imported


@pytest.mark.parametrize("path", sorted([*(ROOT / "pages").glob("*.py"), *(ROOT / "dashboard").rglob("*.py")]),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_screens_do_not_import_plotly(path):
    """Charts are inline SVG drawn on the server (dashboard/charts.py): plotly.js would add seconds to every page
    load."""
    assert "plotly" not in _imports(path)


@pytest.mark.parametrize("path", sorted([*(ROOT / "pages").glob("*.py"), *(ROOT / "dashboard").rglob("*.py")]),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_screens_do_not_import_altair(path):
    """An Altair (Vega-Lite) chart makes Streamlit load its vega-embed bundle, ~1.4 × an empty page on its own."""
    assert "altair" not in _imports(path)


def test_charts_render_without_streamlit():
    """dashboard/charts.py only renders markup; dashboard/widgets.py puts it on the page."""
    assert not _imports(ROOT / "dashboard" / "charts.py") & {"streamlit", "pages"}
