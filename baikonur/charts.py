"""The book's visual language: one colour and marker per category, the chart style, the timeline.

Everything a chart in the book needs to look like the others lives here:

* :data:`STYLES`, the one mapping from a category (an event kind, a rocket family, a launch site, a
  place on a map, a rent scenario, ...) to its colour and marker. A category has the same colour
  in every chapter; chapters ask for it with :func:`colour` and :func:`marker` and type no colour
  of their own.
* :func:`apply_style`, the defaults every chapter sets once: SVG output (sharp on any screen, text
  kept as text), type no smaller than the page's small print, and a white chart background that
  stays readable on the dark theme, where the page shows each figure on a light card.
* :func:`timeline`, the one chart of dated events used by every chapter that draws a timeline, with
  full, wrapped labels that name who acted.

Plots themselves live in the chapters, where students can read them; maps are drawn there too, from
the boundary and place tables in ``data/``. This module holds no data and computes no result.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.path import Path
from matplotlib.transforms import blended_transform_factory

# Okabe–Ito palette: distinguishable with the common forms of colour-blindness. Every colour has a
# contrast of at least 3:1 against the white chart background except yellow and sky, which only
# fill shapes that also carry a dark outline.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#666666",
}
INK = "#222222"
"""Text, axes and reference lines."""
LAND = "#F2F0EB"
"""Fill of the country shown on a map; neighbours are drawn in :data:`NEIGHBOUR`."""
NEIGHBOUR = "#FFFFFF"
MUTED = PALETTE["grey"]
"""Secondary text: names of neighbouring countries, notes beside the data."""
GRID = "#B0B0B0"
PAPER = "#FFFFFF"
"""The chart background, and the box behind a label that sits on a map."""
LABEL_BOX = {"boxstyle": "round,pad=0.15", "facecolor": PAPER, "edgecolor": "none", "alpha": 0.85}
"""``bbox`` for a label drawn over a map, so that borders and rivers do not run through its text."""
WATER = "#BFDDF0"
"""Lakes and seas on a map; rivers are drawn in :data:`RIVER`."""
RIVER = "#4A90C0"


@dataclass(frozen=True)
class Style:
    """How one category is drawn: a colour (hex) and a matplotlib marker."""

    colour: str
    marker: str = "o"


def _styles(names: dict[str, tuple[str, str]]) -> dict[str, Style]:
    return {
        category: Style(PALETTE[colour], marker) for category, (colour, marker) in names.items()
    }


STYLES: dict[str, dict[str, Style]] = {
    # The event categories of the timeline table (data/timeline.csv, column "category").
    "event": _styles(
        {
            "founding": ("black", "*"),
            "milestone": ("blue", "o"),
            "accident": ("vermillion", "X"),
            "agreement": ("green", "s"),
            "ratification": ("sky", "D"),
            "policy": ("purple", "^"),
            "economy": ("yellow", "P"),
            "dispute": ("orange", "v"),
            "infrastructure": ("grey", "h"),
        }
    ),
    # Rocket families of the launch tables (data/launches_by_family.csv).
    "rocket_family": _styles(
        {
            "R-7/Soyuz": ("blue", "o"),
            "Proton": ("vermillion", "s"),
            "R-36/Tsiklon/Dnepr": ("green", "^"),
            "Zenit": ("orange", "D"),
            "Kosmos": ("sky", "v"),
            "N1": ("purple", "P"),
            "Energia": ("black", "X"),
            "UR-100N/Strela/Rokot": ("grey", "h"),
        }
    ),
    # Launch sites, and the world as a whole, wherever launches are counted or mapped.
    "site": _styles(
        {
            "Baikonur": ("blue", "*"),
            "Vostochny": ("orange", "o"),
            "Plesetsk": ("green", "s"),
            "Kapustin Yar": ("purple", "^"),
            "World": ("grey", "o"),
        }
    ),
    # Kinds of place in the place table (data/places.csv); launch sites take their site colour.
    "place": _styles(
        {
            "launch site": ("blue", "*"),
            "town": ("black", "o"),
            "capital": ("black", "s"),
            "water": ("blue", ""),
        }
    ),
    # The rent scenarios of baikonur.scenarios, and the other ways the economics chapter counts rent.
    "scenario": _styles(
        {
            "Treaty rent": ("black", "o"),
            "Index-linked since 1994": ("vermillion", "s"),
            "Renegotiated rent": ("blue", "^"),
            "Early exit": ("green", "D"),
        }
    ),
    "rent": _styles(
        {
            "nominal": ("black", "o"),
            "in 1994 dollars": ("sky", "o"),
            "index-linked": ("vermillion", "s"),
            "present value": ("blue", "o"),
            "marked rate": ("vermillion", "o"),
        }
    ),
    # How each year's rent was settled (data/rent_schedule.csv, column "settlement").
    "settlement": _styles(
        {
            "offset against debt": ("vermillion", "s"),
            "cash and goods": ("orange", "s"),
            "cash": ("blue", "s"),
            "scheduled": ("sky", "s"),
        }
    ),
    # Sums of money set side by side: claims, payments, limits, budgets.
    "money": _styles(
        {
            "claimed": ("vermillion", "o"),
            "paid": ("blue", "s"),
            "limit": ("black", "_"),
            "request": ("orange", "v"),
            "rent": ("black", "s"),
            "Vostochny": ("orange", "s"),
            "budget": ("purple", "s"),
            "claim": ("vermillion", "s"),
        }
    ),
}
"""Category group → category → :class:`Style`. The one place a chart's colours come from."""

SCENARIO_STYLES = {
    "Treaty rent": {"color": STYLES["scenario"]["Treaty rent"].colour, "linestyle": "-"},
    "Index-linked since 1994": {
        "color": STYLES["scenario"]["Index-linked since 1994"].colour,
        "linestyle": "--",
    },
    "Renegotiated rent": {
        "color": STYLES["scenario"]["Renegotiated rent"].colour,
        "linestyle": "-.",
    },
    "Early exit": {"color": STYLES["scenario"]["Early exit"].colour, "linestyle": ":"},
}
"""Colour and line style of each rent scenario (:mod:`baikonur.scenarios`), wherever it is drawn."""

FIGURE_WIDTH_INCHES = 7.0
"""Every chart is this wide, so that its type has one displayed size across the book."""
SMALLEST_FONT_POINTS = 12.0
"""A 7-inch chart is 672 CSS pixels wide as SVG, the width of the page's text column on a desktop,
so 12 pt type displays at 16 px, above the theme's small print (0.9 rem, 14.4 px) with room for a
chart whose labels widen it a little."""


def book_colours() -> set[str]:
    """Every colour a chart may use, lower-case hex: the categories' and the few neutral ones above."""
    neutral = {INK, MUTED, GRID, PAPER, LAND, NEIGHBOUR, WATER, RIVER}
    return {
        c.lower()
        for c in neutral | {style.colour for group in STYLES.values() for style in group.values()}
    }


def colour(group: str, category: str) -> str:
    """The colour of ``category`` in ``group`` (see :data:`STYLES`); a KeyError names what exists."""
    return _style(group, category).colour


def marker(group: str, category: str) -> str:
    """The marker of ``category`` in ``group`` (see :data:`STYLES`)."""
    return _style(group, category).marker


def _style(group: str, category: str) -> Style:
    if group not in STYLES:
        raise KeyError(f"no category group {group!r}; the groups are: {', '.join(STYLES)}")
    if category not in STYLES[group]:
        raise KeyError(
            f"no style for {category!r} in {group!r}; add it to baikonur.charts.STYLES "
            f"(known: {', '.join(STYLES[group])})"
        )
    return STYLES[group][category]


def legend_handles(group: str, categories: list[str], line: bool = False) -> list:
    """Legend entries for ``categories`` of ``group``: a marker each, or a short bar with ``line``."""
    from matplotlib.lines import Line2D

    return [
        Line2D(
            [],
            [],
            color=colour(group, c),
            marker=None if line else marker(group, c),
            linestyle="-" if line else "",
            linewidth=6 if line else 0,
            markersize=10,
            markeredgecolor=INK,
            markeredgewidth=0.6,
            label=c,
        )
        for c in categories
    ]


def apply_style() -> None:
    """Set matplotlib defaults for every figure in the book, and show figures as SVG."""
    mpl.rcParams.update(
        {
            "figure.figsize": (FIGURE_WIDTH_INCHES, 4.5),
            "figure.dpi": 100,
            "figure.facecolor": PAPER,
            "savefig.facecolor": PAPER,
            "axes.facecolor": PAPER,
            "legend.facecolor": PAPER,
            "grid.color": GRID,
            "savefig.dpi": 200,
            "svg.fonttype": "none",
            "font.family": "sans-serif",
            "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica", "Liberation Sans"],
            "font.size": SMALLEST_FONT_POINTS + 1,
            "axes.titlesize": SMALLEST_FONT_POINTS + 2,
            "axes.labelsize": SMALLEST_FONT_POINTS + 1,
            "xtick.labelsize": SMALLEST_FONT_POINTS,
            "ytick.labelsize": SMALLEST_FONT_POINTS,
            "legend.fontsize": SMALLEST_FONT_POINTS,
            "legend.title_fontsize": SMALLEST_FONT_POINTS,
            "text.color": INK,
            "axes.labelcolor": INK,
            "axes.edgecolor": INK,
            "xtick.color": INK,
            "ytick.color": INK,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "legend.frameon": False,
            "axes.prop_cycle": mpl.cycler(
                color=[
                    PALETTE[c]
                    for c in (
                        "blue",
                        "orange",
                        "green",
                        "vermillion",
                        "sky",
                        "purple",
                        "black",
                        "grey",
                    )
                ]
            ),
        }
    )
    # Chart text in the edition's language (a no-op in the English edition); see baikonur/i18n.py.
    from baikonur.i18n import install_chart_translation

    install_chart_translation()
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # not in a Jupyter kernel: nothing is displayed inline
        return
    set_matplotlib_formats("svg")


def svg_bytes(figure: Figure) -> bytes:
    """Render a matplotlib figure as SVG (without pyplot, so nothing is displayed twice)."""
    import io

    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", facecolor=PAPER)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Timelines

_PERIOD_END = {
    "day": pd.offsets.Day(0),
    "month": pd.offsets.MonthEnd(0),
    "year": pd.offsets.YearEnd(0),
}
_DATE_FORMAT = {"day": "%-d %b %Y", "month": "%b %Y", "year": "%Y"}
LABEL_WIDTH_CHARACTERS = 44
"""Timeline labels wrap at this many characters: the label column is about 60% of the figure."""


def event_label(date: pd.Timestamp, precision: str, actor: str | float, text: str) -> str:
    """One timeline label: the date as precisely as it is known, then who acted, then what they did."""
    when = date.strftime(_DATE_FORMAT[precision])
    who = f"{actor}: " if isinstance(actor, str) and actor else ""
    return f"{when} · {who}{text}"


AXIS_WIDTH_FRACTION = 0.33
"""The timeline's time axis takes this share of the figure's width; the labels take the rest."""


def _fitting_ticks(
    locator: mdates.DateLocator,
    start: pd.Timestamp,
    end: pd.Timestamp,
    date_format: str,
    axis_inches: float,
) -> mdates.DateLocator | mpl.ticker.FixedLocator:
    """``locator``'s dates between ``start`` and ``end``, thinned to every second (third, ...) one
    when their labels would not fit side by side on an axis ``axis_inches`` wide."""
    ticks = [
        t
        for t in locator.tick_values(start, end)
        if mdates.date2num(start) <= t <= mdates.date2num(end)
    ]
    if not ticks:
        return locator
    longest = max(
        len(line) for t in ticks for line in mdates.num2date(t).strftime(date_format).split("\n")
    )
    # A digit of DejaVu Sans is 0.636 em wide; neighbouring labels keep 0.4 em apart.
    label_inches = (0.636 * longest + 0.4) * SMALLEST_FONT_POINTS / 72
    span = mdates.date2num(end) - mdates.date2num(start)
    spacing = (
        min(b - a for a, b in zip(ticks, ticks[1:], strict=False)) / span * axis_inches
        if len(ticks) > 1
        else axis_inches
    )
    step = math.ceil(label_inches / spacing)
    return mpl.ticker.FixedLocator(ticks[::step]) if step > 1 else locator


def timeline(
    events: pd.DataFrame,
    *,
    text: str,
    category: str,
    start: pd.Timestamp,
    end: pd.Timestamp,
    date_ticks: mdates.DateLocator,
    date_format: str = "%Y",
    actor: str = "actor",
) -> Figure:
    """A vertical timeline of ``events``, one row each, earliest at the top.

    ``events`` needs the columns ``date``, ``date_precision`` (day, month or year), ``actor`` (who
    acted) and the columns named by ``text`` (what happened) and ``category`` (an event category of
    :data:`STYLES`). A dot marks an event known to the day; a bar spans the month or year of one
    known only that precisely (never narrower than 1% of the axis, so it stays visible). Each event's full label (:func:`event_label`), wrapped, stands in a
    column to the right of the time axis, level with its mark, so no label is ever cut or
    overlaps another. The figure grows in height with the number of label lines.
    """
    rows = events.sort_values("date", kind="stable").reset_index(drop=True)
    labels = [
        textwrap.wrap(
            event_label(row["date"], str(row["date_precision"]), row[actor], row[text]),
            LABEL_WIDTH_CHARACTERS,
        )
        for _, row in rows.iterrows()
    ]
    line_height_in = SMALLEST_FONT_POINTS * 1.25 / 72
    gap_lines = 0.6
    total_lines = sum(len(lines) + gap_lines for lines in labels)
    legend_in, axis_in = 0.9, 0.6
    height = total_lines * line_height_in + legend_in + axis_in
    figure = Figure(figsize=(FIGURE_WIDTH_INCHES, height))
    ax = figure.add_axes(
        (0.03, axis_in / height, AXIS_WIDTH_FRACTION, 1 - (legend_in + axis_in) / height)
    )
    ax.set_ylim(total_lines, 0)
    ax.set_xlim(start, end)
    ax.xaxis.set_major_locator(
        _fitting_ticks(
            date_ticks, start, end, date_format, AXIS_WIDTH_FRACTION * FIGURE_WIDTH_INCHES
        )
    )
    ax.xaxis.set_major_formatter(mdates.DateFormatter(date_format))
    ax.tick_params(axis="x", labelrotation=0)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.grid(axis="y", visible=False)
    label_x = 0.39
    shortest_bar = (
        mdates.date2num(end) - mdates.date2num(start)
    ) / 100  # a month on a 70-year axis stays visible
    label_transform = blended_transform_factory(figure.transFigure, ax.transData)
    top = 0.0
    for (_, row), lines in zip(rows.iterrows(), labels, strict=True):
        centre = top + (len(lines) + gap_lines) / 2
        style = _style("event", str(row[category]))
        precision = str(row["date_precision"])
        ax.axhline(centre, color=style.colour, alpha=0.25, linewidth=0.8, zorder=1)
        if precision == "day":
            ax.plot(
                row["date"],
                centre,
                marker=style.marker,
                color=style.colour,
                markersize=10,
                markeredgecolor=INK,
                markeredgewidth=0.6,
                zorder=3,
            )
        else:
            first_day = mdates.date2num(row["date"])
            period = mdates.date2num(row["date"] + _PERIOD_END[precision]) - first_day
            ax.add_patch(
                Rectangle(
                    (first_day, centre - 0.35),
                    max(period, shortest_bar),
                    0.7,
                    facecolor=style.colour,
                    edgecolor=INK,
                    linewidth=0.6,
                    zorder=3,
                )
            )
        figure.text(
            label_x,
            centre,
            "\n".join(lines),
            va="center",
            ha="left",
            fontsize=SMALLEST_FONT_POINTS,
            linespacing=1.1,
            transform=label_transform,
            color=INK,
        )
        top += len(lines) + gap_lines
    present = list(dict.fromkeys(str(c) for c in rows[category]))
    ordered = [c for c in STYLES["event"] if c in present]
    figure.legend(
        handles=legend_handles("event", ordered),
        loc="upper left",
        bbox_to_anchor=(0.02, 1.0),
        ncols=min(len(ordered), 4),
        frameon=False,
        title="Kind of event (a bar: known only to the month or year)",
        alignment="left",
        handletextpad=0.3,
        columnspacing=1.0,
    )
    return figure


# ---------------------------------------------------------------------------------------------
# Maps

KM_PER_DEGREE = 111.32
"""Kilometres per degree of latitude (and of longitude at the equator), for the maps' scale bars."""


def draw_base_map(
    ax,
    shapes: pd.DataFrame,
    extent: tuple[float, float, float, float],
    highlight: str,
    rivers: bool = True,
) -> None:
    """Draw the outlines of ``shapes`` (the ``map_shapes`` table) on ``ax``, cropped to ``extent``.

    ``extent`` is (west, east, south, north) in degrees. The map is a plate carrée stretched so that
    a degree of longitude has its true length at the middle latitude: distances read true near the
    middle of the map. The country named ``highlight`` is filled in :data:`LAND`, the others in
    :data:`NEIGHBOUR`; lakes are filled in :data:`WATER` and, unless ``rivers`` is false, rivers
    drawn in :data:`RIVER`.
    """
    west, east, south, north = extent
    groups = shapes.groupby(["layer", "name", "part"], observed=True, sort=False, dropna=False)
    for (layer, name, _), ring in groups:
        points = _pinned_to_frame(ring[["lon", "lat"]].to_numpy(), extent)
        if len(points) < 2:
            continue
        if layer == "river" and rivers:
            ax.plot(points[:, 0], points[:, 1], color=RIVER, linewidth=1.2, zorder=2)
        elif layer == "country":
            ax.fill(
                points[:, 0],
                points[:, 1],
                facecolor=LAND if name == highlight else NEIGHBOUR,
                edgecolor=INK,
                linewidth=0.9 if name == highlight else 0.5,
                zorder=1,
            )
        elif layer == "lake":
            ax.fill(
                points[:, 0],
                points[:, 1],
                facecolor=WATER,
                edgecolor=RIVER,
                linewidth=0.5,
                zorder=2,
            )
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
    ax.set_facecolor(WATER)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color(INK)


_FRAME_MARGIN_DEGREES = 3.0


def _pinned_to_frame(points: np.ndarray, extent: tuple[float, float, float, float]) -> np.ndarray:
    """Move the vertices well outside the map onto a frame just beyond it, and drop the repeats.

    What shows inside the map is unchanged (the lines are simplified to well under the margin), but
    the page no longer carries every vertex of a coast thousands of kilometres off the map.
    """
    west, east, south, north = extent
    m = _FRAME_MARGIN_DEGREES
    pinned = np.column_stack(
        [points[:, 0].clip(west - m, east + m), points[:, 1].clip(south - m, north + m)]
    )
    keep = np.ones(len(pinned), dtype=bool)
    keep[1:-1] = ~(
        (pinned[1:-1] == pinned[:-2]).all(axis=1) & (pinned[1:-1] == pinned[2:]).all(axis=1)
    )
    pinned = pinned[keep]
    outside = (
        (pinned[:, 0] <= west - m)
        | (pinned[:, 0] >= east + m)
        | (pinned[:, 1] <= south - m)
        | (pinned[:, 1] >= north + m)
    )
    return pinned[:0] if outside.all() else pinned


def country_label_point(
    shapes: pd.DataFrame,
    country: str,
    extent: tuple[float, float, float, float],
    avoid: pd.DataFrame | None = None,
) -> tuple[float, float]:
    """Where to print a country's name on a map of ``extent``: the point of the country, inside the map,
    farthest from its border, from the map's edge and from the places in ``avoid`` (a frame with
    ``lon`` and ``lat`` columns), searched on a grid, as (lon, lat)."""
    west, east, south, north = extent
    squeeze = math.cos(
        math.radians((south + north) / 2)
    )  # a degree of longitude, in degrees of latitude
    lons, lats = np.meshgrid(np.linspace(west, east, 60), np.linspace(south, north, 40))
    grid = np.column_stack([lons.ravel(), lats.ravel()])
    best, best_room = (float("nan"), float("nan")), -1.0
    rings = shapes[(shapes["layer"] == "country") & (shapes["name"] == country)].groupby("part")
    for _, ring in rings:
        pinned = _pinned_to_frame(ring[["lon", "lat"]].to_numpy(), extent)
        if len(pinned) < 3:
            continue
        outline = Path(pinned, closed=True)
        inside = grid[outline.contains_points(grid)]
        if not len(inside):
            continue
        border = outline.vertices
        if avoid is not None:
            border = np.vstack([border, avoid[["lon", "lat"]].to_numpy(dtype=float)])
        to_border = np.hypot(
            (inside[:, None, 0] - border[None, :, 0]) * squeeze,
            inside[:, None, 1] - border[None, :, 1],
        ).min(axis=1)
        to_edge = np.minimum.reduce(
            [
                (inside[:, 0] - west) * squeeze,
                (east - inside[:, 0]) * squeeze,
                inside[:, 1] - south,
                north - inside[:, 1],
            ]
        )
        room = np.minimum(to_border, to_edge)
        if room.max() > best_room:
            best_room, best = (
                float(room.max()),
                (float(inside[room.argmax(), 0]), float(inside[room.argmax(), 1])),
            )
    return best


def draw_scale_bar(
    ax, length_km: float, extent: tuple[float, float, float, float], corner: str = "left"
) -> None:
    """A scale bar of ``length_km`` in the lower ``corner`` (left or right), true at the map's middle latitude."""
    west, east, south, north = extent
    middle = math.radians((south + north) / 2)
    span = length_km / (KM_PER_DEGREE * math.cos(middle))
    x0 = west + 0.04 * (east - west) if corner == "left" else east - 0.04 * (east - west) - span
    y0 = south + 0.05 * (north - south)
    ax.plot([x0, x0 + span], [y0, y0], color=INK, linewidth=3, solid_capstyle="butt", zorder=5)
    ax.text(
        x0 + span / 2,
        y0 + 0.015 * (north - south),
        f"{length_km:,.0f} km",
        ha="center",
        va="bottom",
        fontsize=SMALLEST_FONT_POINTS,
        color=INK,
        zorder=5,
    )
