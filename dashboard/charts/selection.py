"""What a reader picked on a chart, read from st.plotly_chart's selection state: the municipality codes of the
points (each point's customdata starts with its code, see dashboard.charts.outcomes)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Pick:
    """`kind` "click" (one point, to open), "area" (a box, a lasso or several points, to list) or "none" (the
    selection was cleared); `codes` in the order plotly gave them, each once."""

    kind: str
    codes: tuple[str, ...]


def picked(state: Mapping | None) -> Pick:
    selection = (state or {}).get("selection") or {}
    codes = tuple(
        dict.fromkeys(
            str(point["customdata"][0])
            for point in selection.get("points") or ()
            if isinstance(point.get("customdata"), list | tuple) and point["customdata"]
        )
    )
    if selection.get("box") or selection.get("lasso") or len(codes) > 1:
        return Pick("area", codes)
    return Pick("click", codes) if codes else Pick("none", ())
