"""What-if scenarios for the rent, 2026-2050: the economics chapter's interactive cell.

Four payment streams are compared: the treaty rent as it stands, the 1994 rent index-linked to US
prices, a renegotiated flat rent, and an early exit. :func:`scenario_payments` and
:func:`scenario_table` compute them with the functions of :mod:`baikonur.economics`;
:func:`scenario_explorer` shows them as sliders above a table and a figure in a live Jupyter session,
and as the same table and figure, computed once, in the static book.

It is not where the arithmetic is defined (see :mod:`baikonur.economics`), and it types no number the
data hold: the treaty rent in the labels comes from the rent schedule.
"""

from __future__ import annotations

import base64
import html
import io
import math
from dataclasses import dataclass, replace

import ipywidgets as widgets
import pandas as pd
from matplotlib.figure import Figure

from baikonur import in_book_build
from baikonur.charts import FIGURE_WIDTH_INCHES, SCENARIO_STYLES, svg_bytes
from baikonur.data import load_table
from baikonur.economics import (
    _require_rate,
    _require_years,
    index_linked_rent,
    present_value,
    projected_price_index,
    rent_in_real_terms,
)

TREATY = "Treaty rent"
INDEX_LINKED = "Index-linked since 1994"
RENEGOTIATED = "Renegotiated rent"
EARLY_EXIT = "Early exit"


def rent_and_cpi() -> tuple[pd.Series, pd.Series]:
    """The rent schedule and the US price index as Series indexed by year."""
    rent = load_table("rent_schedule").set_index("year")["rent_usd_millions"].astype(float)
    cpi = load_table("cpi_u").set_index("year")["cpi_u_annual_avg"].astype(float)
    return rent, cpi


@dataclass(frozen=True)
class ScenarioAssumptions:
    """The choices behind the scenario table; the live explorer's sliders change them.

    ``discount_rate`` and ``inflation`` are yearly rates (0.05 is 5%); ``renegotiated_rent`` is in
    US dollar millions a year; ``exit_year`` is the last year Russia pays in the early-exit
    scenario. Payments run from ``first_year`` to ``last_year`` and are valued in ``first_year``.
    """

    discount_rate: float = 0.05
    inflation: float = 0.025
    renegotiated_rent: float = 150.0
    exit_year: int = 2035
    first_year: int = 2026
    last_year: int = 2050

    def __post_init__(self) -> None:
        _require_rate(self.discount_rate, "the discount rate")
        _require_rate(self.inflation, "inflation")
        if not math.isfinite(self.renegotiated_rent) or self.renegotiated_rent < 0:
            raise ValueError(f"the renegotiated rent must be zero or more; got {self.renegotiated_rent}")
        if self.first_year > self.last_year:
            raise ValueError(f"first_year ({self.first_year}) is after last_year ({self.last_year})")
        if not self.first_year - 1 <= self.exit_year <= self.last_year:
            raise ValueError(
                f"exit_year must lie between {self.first_year - 1} (no payment at all) and {self.last_year}; "
                f"got {self.exit_year}"
            )


def scenario_payments(rent_schedule: pd.Series, cpi: pd.Series, assumptions: ScenarioAssumptions) -> pd.DataFrame:
    """Yearly payments under each scenario, one column per scenario, one row per year.

    * Treaty rent: the schedule as it stands.
    * Index-linked since 1994: the 1994 rent raised with US prices (known CPI, then the assumed
      ``inflation`` after the last published year).
    * Renegotiated rent: a fixed ``renegotiated_rent`` every year.
    * Early exit: the treaty rent up to ``exit_year``, nothing after.
    """
    years = range(assumptions.first_year, assumptions.last_year + 1)
    _require_years(rent_schedule, years, "the rent schedule")
    index = pd.Index(years, name="year")
    treaty = rent_schedule.reindex(index).astype(float)
    first_rent_year = int(rent_schedule.index.min())
    prices = projected_price_index(cpi, assumptions.inflation, assumptions.last_year)
    indexed = index_linked_rent(float(rent_schedule[first_rent_year]), prices, first_rent_year).reindex(index)
    renegotiated = pd.Series(assumptions.renegotiated_rent, index=index, dtype=float)
    early_exit = treaty.where(index <= assumptions.exit_year, 0.0)
    return pd.DataFrame(
        {TREATY: treaty, INDEX_LINKED: indexed, RENEGOTIATED: renegotiated, EARLY_EXIT: early_exit},
        index=index,
    )


def scenario_table(payments: pd.DataFrame, cpi: pd.Series, assumptions: ScenarioAssumptions) -> pd.DataFrame:
    """Summarise :func:`scenario_payments`: one row per scenario.

    Columns: the nominal total, the total in dollars of ``first_year`` (deflated with the
    projected price index), the present value in ``first_year`` at ``discount_rate``, and the
    present value's difference from the treaty rent.
    """
    base = assumptions.first_year
    prices = projected_price_index(cpi, assumptions.inflation, assumptions.last_year)
    rows = {}
    for scenario in payments.columns:
        stream = payments[scenario]
        rows[scenario] = {
            "nominal_total_usd_millions": float(stream.sum()),
            f"real_total_usd_millions_of_{base}": float(rent_in_real_terms(stream, prices, base).sum()),
            f"present_value_{base}_usd_millions": present_value(stream, assumptions.discount_rate, base),
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "scenario"
    pv = table[f"present_value_{base}_usd_millions"]
    table["present_value_change_vs_treaty_usd_millions"] = pv - pv[TREATY]
    return table


def scenario_table_html(payments: pd.DataFrame, table: pd.DataFrame, assumptions: ScenarioAssumptions) -> str:
    """The scenario table as an HTML table with readable headings and a caption naming the assumptions."""
    base = assumptions.first_year
    headings = {
        "nominal_total_usd_millions": f"Total paid {base}–{assumptions.last_year}, nominal (USD million)",
        f"real_total_usd_millions_of_{base}": f"Total in {base} dollars (USD million)",
        f"present_value_{base}_usd_millions": f"Present value in {base} (USD million)",
        "present_value_change_vs_treaty_usd_millions": "Present value minus treaty rent (USD million)",
    }
    readable = table.rename(columns=headings).rename(index=_scenario_labels(payments, assumptions))
    readable.index.name = None
    caption = (
        f"Payments {base}–{assumptions.last_year} under four scenarios: discount rate "
        f"{assumptions.discount_rate:.1%}, inflation {assumptions.inflation:.1%} a year, renegotiated rent "
        f"USD {assumptions.renegotiated_rent:,.0f} million, early exit after {assumptions.exit_year}."
    )
    styler = readable.style.format("{:,.0f}").set_caption(caption).set_uuid("economics-scenarios")
    return styler.to_html()


def _scenario_labels(payments: pd.DataFrame, assumptions: ScenarioAssumptions) -> dict[str, str]:
    treaty_rents = payments[TREATY].unique()
    treaty = f"USD {treaty_rents[0]:,.0f} million" if len(treaty_rents) == 1 else "as scheduled"
    return {
        TREATY: f"Treaty rent ({treaty})",
        INDEX_LINKED: "Index-linked since 1994",
        RENEGOTIATED: f"Renegotiated to USD {assumptions.renegotiated_rent:,.0f} million",
        EARLY_EXIT: f"Early exit after {assumptions.exit_year}",
    }


def scenario_figure(payments: pd.DataFrame, table: pd.DataFrame, assumptions: ScenarioAssumptions) -> Figure:
    """Two panels, one above the other: yearly payments under each scenario, and the present values, largest first."""
    labels = _scenario_labels(payments, assumptions)
    figure = Figure(figsize=(FIGURE_WIDTH_INCHES, 7), layout="constrained")
    yearly, values = figure.subplots(2, 1, height_ratios=[3, 2])
    for scenario in payments.columns:
        yearly.plot(payments.index, payments[scenario], SCENARIO_STYLES[scenario]["linestyle"],
                    color=SCENARIO_STYLES[scenario]["color"], linewidth=2,
                    label=labels[scenario])
    yearly.set_ylim(bottom=0)
    yearly.set_xlabel("Year")
    yearly.set_ylabel("Payment (USD million, nominal)")
    yearly.set_title("Yearly payments")
    yearly.legend(loc="upper left")
    pv = table[f"present_value_{assumptions.first_year}_usd_millions"].sort_values(ascending=False)
    positions = range(len(pv))
    bars = values.barh(list(positions), pv.to_numpy(), color=[SCENARIO_STYLES[s]["color"] for s in pv.index])
    values.bar_label(bars, labels=[f"{value:,.0f}" for value in pv], padding=3)
    short_labels = {TREATY: "Treaty rent", INDEX_LINKED: "Index-linked", RENEGOTIATED: "Renegotiated", EARLY_EXIT: "Early exit"}
    values.set_yticks(list(positions), [short_labels[s] for s in pv.index])
    values.invert_yaxis()
    values.set_xlim(0, pv.max() * 1.25)
    values.set_xlabel(f"USD million of {assumptions.first_year}")
    values.set_title(f"Present value at {assumptions.discount_rate:.1%}")
    values.grid(axis="y", visible=False)
    return figure


def figure_png(figure: Figure) -> bytes:
    """Render a matplotlib figure to PNG bytes (without pyplot, so nothing is displayed twice)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# The chapter's interactive cell

LIVE_VERSION_NOTE = (
    "This table and figure use fixed assumptions. To change them, open this chapter as a notebook "
    "in Jupyter (the module's README explains how) and run it: the same cell then shows sliders for "
    "the discount rate, inflation, the renegotiated rent and the exit year, and redraws the table "
    "and the figure as you move them."
)


def scenario_explorer(assumptions: ScenarioAssumptions | None = None) -> ScenarioExplorer | None:
    """Show the scenario table and figure: live sliders in Jupyter, fixed output in the static book.

    In a Jupyter session this returns a :class:`ScenarioExplorer` widget. While the book is being
    built (:func:`baikonur.in_book_build`) it creates no widget at all: it displays
    :func:`static_scenarios` (the table, the figure and a note on how to run the live version) as
    one output, so that the chapter can caption it as one figure, and returns ``None``.
    """
    rent_schedule, cpi = rent_and_cpi()
    assumptions = assumptions or ScenarioAssumptions()
    if in_book_build():
        from IPython.display import display

        display(static_scenarios(rent_schedule, cpi, assumptions), raw=True)
        return None
    return ScenarioExplorer(rent_schedule, cpi, assumptions)


def static_scenarios(rent_schedule: pd.Series, cpi: pd.Series, assumptions: ScenarioAssumptions) -> dict[str, str]:
    """The scenarios as one MIME bundle: HTML (table, SVG chart with alt text, note) plus SVG and plain text."""
    payments = scenario_payments(rent_schedule, cpi, assumptions)
    table = scenario_table(payments, cpi, assumptions)
    svg = svg_bytes(scenario_figure(payments, table, assumptions))
    alt = html.escape(scenario_alt_text(payments, table, assumptions), quote=True)
    page = (
        f'<div class="economics-scenarios" style="text-align: left;">{scenario_table_html(payments, table, assumptions)}'
        f'<img src="data:image/svg+xml;base64,{base64.b64encode(svg).decode("ascii")}" alt="{alt}" '
        'style="max-width: 100%; height: auto;">'
        f"<p>{html.escape(LIVE_VERSION_NOTE)}</p></div>"
    )
    return {"text/html": page, "image/svg+xml": svg.decode("utf-8"), "text/plain": scenario_alt_text(payments, table, assumptions)}


def scenario_alt_text(payments: pd.DataFrame, table: pd.DataFrame, assumptions: ScenarioAssumptions) -> str:
    """A sentence or two describing the scenario chart, with the numbers it shows."""
    pv = table[f"present_value_{assumptions.first_year}_usd_millions"]
    labels = _scenario_labels(payments, assumptions)
    ranked = ", ".join(f"{labels[scenario]} {value:,.0f}" for scenario, value in pv.sort_values(ascending=False).items())
    indexed = payments[INDEX_LINKED]
    return (
        f"Top, yearly payments {assumptions.first_year}-{assumptions.last_year} under four scenarios: the "
        f"index-linked rent rises from {indexed.iloc[0]:,.0f} to {indexed.iloc[-1]:,.0f} million US dollars, the "
        f"treaty and renegotiated rents are flat, and the early exit drops to zero after {assumptions.exit_year}. "
        f"Bottom, present values in {assumptions.first_year} at {assumptions.discount_rate:.1%}, largest first, in "
        f"million US dollars: {ranked}."
    )


class ScenarioExplorer(widgets.VBox):
    """Sliders for the scenario assumptions above a table and a figure that redraw on every change.

    ``table`` holds the current scenario table (a DataFrame); ``table_view`` and ``chart`` are the
    widgets that show it; the four sliders are attributes named after the assumption they set.
    """

    def __init__(self, rent_schedule: pd.Series, cpi: pd.Series, assumptions: ScenarioAssumptions) -> None:
        super().__init__()
        self._rent_schedule = rent_schedule
        self._cpi = cpi
        self._fixed = assumptions
        wide = {"description_width": "18em"}
        layout = widgets.Layout(width="40em")
        self.discount_rate = widgets.FloatSlider(
            value=assumptions.discount_rate, min=0.0, max=0.15, step=0.005, readout_format=".1%",
            description="Discount rate", continuous_update=False, style=wide, layout=layout)
        self.inflation = widgets.FloatSlider(
            value=assumptions.inflation, min=0.0, max=0.10, step=0.005, readout_format=".1%",
            description="Future US inflation", continuous_update=False, style=wide, layout=layout)
        self.renegotiated_rent = widgets.FloatSlider(
            value=assumptions.renegotiated_rent, min=0.0, max=400.0, step=5.0, readout_format=",.0f",
            description="Renegotiated rent (USD million)", continuous_update=False, style=wide, layout=layout)
        self.exit_year = widgets.IntSlider(
            value=assumptions.exit_year, min=assumptions.first_year - 1, max=assumptions.last_year,
            description="Last year paid (early exit)", continuous_update=False, style=wide, layout=layout)
        self.table_view = widgets.HTML()
        self.chart = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        for slider in self.sliders:
            slider.observe(self._redraw, names="value")
        self.children = [widgets.VBox(self.sliders), self.table_view, self.chart]
        self._redraw()

    @property
    def sliders(self) -> list[widgets.ValueWidget]:
        return [self.discount_rate, self.inflation, self.renegotiated_rent, self.exit_year]

    @property
    def assumptions(self) -> ScenarioAssumptions:
        return replace(
            self._fixed,
            discount_rate=float(self.discount_rate.value),
            inflation=float(self.inflation.value),
            renegotiated_rent=float(self.renegotiated_rent.value),
            exit_year=int(self.exit_year.value),
        )

    def _redraw(self, change: dict | None = None) -> None:
        assumptions = self.assumptions
        payments = scenario_payments(self._rent_schedule, self._cpi, assumptions)
        self.table = scenario_table(payments, self._cpi, assumptions)
        self.table_view.value = scenario_table_html(payments, self.table, assumptions)
        self.chart.value = figure_png(scenario_figure(payments, self.table, assumptions))
