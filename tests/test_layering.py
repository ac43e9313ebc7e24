"""What the import-linter contracts (pyproject.toml, run by `make lint`) cannot say: which Streamlit elements the
screens may call. The contracts themselves are checked here too, so `pytest` alone also catches a layer pointing up."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


SCREEN_FILES = sorted([*(ROOT / "pages").glob("*.py"), *(ROOT / "dashboard").rglob("*.py")])


@pytest.mark.parametrize("path", SCREEN_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_screens_do_not_import_plotly_or_altair(path):
    """Charts are inline SVG drawn on the server (dashboard/charts.py): plotly.js would add seconds to every page
    load, an Altair (Vega-Lite) chart makes Streamlit load its vega-embed bundle (~1.4 × an empty page alone)."""
    assert not _imports(path) & {"plotly", "altair"}


# Streamlit elements that load a large script bundle of their own on first use, and what screens use instead
HEAVY_ELEMENTS = {
    "dataframe": "widgets.table",
    "data_editor": "widgets.table",
    "table": "widgets.table",
    "altair_chart": "widgets.chart",
    "vega_lite_chart": "widgets.chart",
    "plotly_chart": "widgets.chart",
    "line_chart": "widgets.chart",
    "bar_chart": "widgets.chart",
    "scatter_chart": "widgets.chart",
    "area_chart": "widgets.chart",
    "slider": "st.selectbox / st.radio",
    "select_slider": "st.selectbox",
}


@pytest.mark.parametrize("path", SCREEN_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_screens_avoid_elements_with_their_own_script_bundle(path):
    """The benchmark's element probes: one st.dataframe or one Vega-Lite chart alone costs ~1.35–1.45 × an empty
    page (a lazily loaded bundle of 0.5–1.2 MB), an HTML table or an SVG chart almost nothing."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "st"
    }
    assert not {f"st.{name} → {use}" for name, use in HEAVY_ELEMENTS.items() if name in calls}


def test_charts_render_without_streamlit():
    """dashboard/charts.py only renders markup; dashboard/widgets.py puts it on the page."""
    assert not _imports(ROOT / "dashboard" / "charts.py") & {"streamlit", "pages"}


def test_import_contracts_hold():
    """Layers point down, only the UI imports Streamlit, screens hold no SQL and do not import each other."""
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
