"""The dashboard's charts as plotly figures, built by pure functions (DataFrame in, `go.Figure` out).

`style` gives every figure one look (template, title and notes that travel with an exported image, the mode bar and
its words), `outcomes` and `councils` build the figures of the screens, `selection` reads what a reader clicked or
boxed. Nothing here imports Streamlit (an import-linter contract): `dashboard.widgets.chart` puts a figure on the
page, so tests can inspect a figure's traces, data and hover text without running a screen.
"""

from dashboard.charts.outcomes import Axis, Measure
from dashboard.charts.style import Heading

__all__ = ["Axis", "Heading", "Measure"]
