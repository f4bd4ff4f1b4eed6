"""Chart text that must stay readable however many dates an axis is asked to show: a timeline's date
labels stand apart on its narrow time axis."""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from baikonur import charts


def events(start: str, end: str) -> pd.DataFrame:
    dates = pd.date_range(start, end, periods=4)
    return pd.DataFrame(
        {
            "date": dates,
            "date_precision": "day",
            "actor": "Roscosmos",
            "title": [f"Event {n}" for n in range(4)],
            "category": "milestone",
        }
    )


@pytest.mark.parametrize(
    "start, end, ticks, date_format",
    [
        ("2015-07-01", "2026-12-31", mdates.YearLocator(2), "%Y"),
        ("2015-07-01", "2026-12-31", mdates.YearLocator(1), "%Y"),
        ("2012-11-20", "2014-01-10", mdates.MonthLocator(bymonth=[1, 4, 7, 10]), "%b\n%Y"),
        ("1953-01-01", "2027-12-31", mdates.YearLocator(20), "%Y"),
    ],
)
def test_timeline_date_labels_never_run_together(start, end, ticks, date_format):
    figure = charts.timeline(
        events(start, end),
        text="title",
        category="category",
        start=pd.Timestamp(start),
        end=pd.Timestamp(end),
        date_ticks=ticks,
        date_format=date_format,
    )
    renderer = FigureCanvasAgg(figure).get_renderer()
    ax = figure.axes[0]
    labels = [label for label in ax.get_xticklabels() if label.get_text() and label.get_visible()]
    lo, hi = ax.get_xlim()
    labels = [label for label in labels if lo <= label.get_position()[0] <= hi]
    assert len(labels) >= 2, "the time axis needs at least two dates"
    boxes = sorted((label.get_window_extent(renderer) for label in labels), key=lambda box: box.x0)
    gap = charts.SMALLEST_FONT_POINTS / 72 * figure.dpi * 0.3
    for left, right in zip(boxes, boxes[1:], strict=False):
        assert right.x0 - left.x1 >= gap, (
            f"date labels closer than 0.3 em: {[label.get_text() for label in labels]}"
        )
