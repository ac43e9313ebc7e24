"""The print map uses the screen map's categories, colours and legend counts; samples are hatched."""

import matplotlib
import pandas as pd
import pytest
from matplotlib.figure import Figure

from core.domain import NO_DATA_FILL
from geo import boundaries
from geo.maps import LAYERS
from geo.static_map import SAMPLE_HATCH, legend_handles, status_map

matplotlib.use("Agg")


def _values():
    return pd.DataFrame(
        {
            "code": ["341002", "342025", "342033"],
            "value": ["full", "preparing", None],
            "sample": [False, True, False],
        }
    )


@pytest.mark.parametrize("detailed", [False, True])
def test_jusou_legend_counts_and_colours(detailed, request):
    geo_dir = request.getfixturevalue("geo_dir") if detailed else None
    shapes = boundaries.load_municipalities(geo_dir, "34").gdf
    ax = Figure().add_subplot()
    entries = status_map(ax, shapes, _values(), "jusou_status")
    labels = [e.label for e in entries]
    assert labels[:3] == ["本格実施（1）", "移行準備（1）", "未実施（0）"]
    assert labels[3] == f"データなし（{len(shapes) - 2}）"
    assert labels[-1] == "サンプル（合成データ）（1）" and entries[-1].hatch == SAMPLE_HATCH
    assert [e.facecolor for e in entries[:3]] == list(LAYERS["jusou_status"].colours.values()) and entries[
        3
    ].facecolor == NO_DATA_FILL
    assert len(legend_handles(entries)) == len(entries)
    assert not ax.axison


def test_rate_layer_in_english_and_unknown_category():
    shapes = boundaries.load_municipalities(None, "09").gdf
    values = pd.DataFrame({"code": ["092011", "092029"], "value": [66.7, 10.0]})
    entries = status_map(Figure().add_subplot(), shapes, values, "council_coverage", lang="en")
    assert [e.label for e in entries[:2]] == ["0 to <20 (1)", "20 to <40 (0)"]
    assert entries[3].label == "60 to <80 (1)" and entries[5].label.startswith("No data")
    with pytest.raises(ValueError, match="不明"):
        status_map(Figure().add_subplot(), shapes, pd.DataFrame({"code": ["092011"], "value": ["実施中"]}))
