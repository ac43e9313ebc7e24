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


SCREEN_FILES = sorted([*(ROOT / "pages").glob("*.py"), *(ROOT / "dashboard").rglob("*.py")])


@pytest.mark.parametrize("path", SCREEN_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_screens_do_not_import_plotly_or_altair(path):
    """Charts are inline SVG drawn on the server (dashboard/charts.py): plotly.js would add seconds to every page
    load, an Altair (Vega-Lite) chart makes Streamlit load its vega-embed bundle (~1.4 × an empty page alone)."""
    assert not _imports(path) & {"plotly", "altair"}


# Streamlit elements that load a large script bundle of their own on first use, and what screens use instead
HEAVY_ELEMENTS = {"dataframe": "widgets.table", "data_editor": "widgets.table", "table": "widgets.table",
                  "altair_chart": "widgets.chart", "vega_lite_chart": "widgets.chart", "plotly_chart": "widgets.chart",
                  "line_chart": "widgets.chart", "bar_chart": "widgets.chart", "scatter_chart": "widgets.chart",
                  "area_chart": "widgets.chart", "slider": "st.selectbox / st.radio", "select_slider": "st.selectbox"}


@pytest.mark.parametrize("path", SCREEN_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_screens_avoid_elements_with_their_own_script_bundle(path):
    """The benchmark's element probes: one st.dataframe or one Vega-Lite chart alone costs ~1.35–1.45 × an empty
    page (a lazily loaded bundle of 0.5–1.2 MB), an HTML table or an SVG chart almost nothing."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = {node.func.attr for node in ast.walk(tree) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
             and node.func.value.id == "st"}
    assert not {f"st.{name} → {use}" for name, use in HEAVY_ELEMENTS.items() if name in calls}


def test_charts_render_without_streamlit():
    """dashboard/charts.py only renders markup; dashboard/widgets.py puts it on the page."""
    assert not _imports(ROOT / "dashboard" / "charts.py") & {"streamlit", "pages"}
