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
            raise ValueError(
                f"the renegotiated rent must be zero or more; got {self.renegotiated_rent}"
            )
        if self.first_year > self.last_year:
            raise ValueError(
                f"first_year ({self.first_year}) is after last_year ({self.last_year})"
            )
        if not self.first_year - 1 <= self.exit_year <= self.last_year:
            raise ValueError(
                f"exit_year must lie between {self.first_year - 1} (no payment at all) and {self.last_year}; "
                f"got {self.exit_year}"
            )


def scenario_payments(
    rent_schedule: pd.Series, cpi: pd.Series, assumptions: ScenarioAssumptions
) -> pd.DataFrame:
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
    indexed = index_linked_rent(
        float(rent_schedule[first_rent_year]), prices, first_rent_year
    ).reindex(index)
    renegotiated = pd.Series(assumptions.renegotiated_rent, index=index, dtype=float)
    early_exit = treaty.where(index <= assumptions.exit_year, 0.0)
    return pd.DataFrame(
        {TREATY: treaty, INDEX_LINKED: indexed, RENEGOTIATED: renegotiated, EARLY_EXIT: early_exit},
        index=index,
    )


def scenario_table(
    payments: pd.DataFrame, cpi: pd.Series, assumptions: ScenarioAssumptions
) -> pd.DataFrame:
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
            f"real_total_usd_millions_of_{base}": float(
                rent_in_real_terms(stream, prices, base).sum()
            ),
            f"present_value_{base}_usd_millions": present_value(
                stream, assumptions.discount_rate, base
            ),
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "scenario"
    pv = table[f"present_value_{base}_usd_millions"]
    table["present_value_change_vs_treaty_usd_millions"] = pv - pv[TREATY]
    return table


def scenario_table_html(
    payments: pd.DataFrame, table: pd.DataFrame, assumptions: ScenarioAssumptions
) -> str:
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


def scenario_figure(
    payments: pd.DataFrame, table: pd.DataFrame, assumptions: ScenarioAssumptions
) -> Figure:
    """Two panels, one above the other: yearly payments under each scenario, and the present values, largest first."""
    labels = _scenario_labels(payments, assumptions)
    figure = Figure(figsize=(FIGURE_WIDTH_INCHES, 7), layout="constrained")
    yearly, values = figure.subplots(2, 1, height_ratios=[3, 2])
    for scenario in payments.columns:
        yearly.plot(
            payments.index,
            payments[scenario],
            SCENARIO_STYLES[scenario]["linestyle"],
            color=SCENARIO_STYLES[scenario]["color"],
            linewidth=2,
            label=labels[scenario],
        )
    yearly.set_ylim(bottom=0)
    yearly.set_xlabel("Year")
    yearly.set_ylabel("Payment (USD million, nominal)")
    yearly.set_title("Yearly payments")
    yearly.legend(loc="upper left")
    pv = table[f"present_value_{assumptions.first_year}_usd_millions"].sort_values(ascending=False)
    positions = range(len(pv))
    bars = values.barh(
        list(positions), pv.to_numpy(), color=[SCENARIO_STYLES[s]["color"] for s in pv.index]
    )
    values.bar_label(bars, labels=[f"{value:,.0f}" for value in pv], padding=3)
    short_labels = {
        TREATY: "Treaty rent",
        INDEX_LINKED: "Index-linked",
        RENEGOTIATED: "Renegotiated",
        EARLY_EXIT: "Early exit",
    }
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
    "This table and figure use fixed assumptions. On the book's web page, the sliders under \u201cTry "
    "other assumptions\u201d change them; in Jupyter (the module's README explains how to open the "
    "chapter there) this same cell shows sliders for the discount rate, inflation, the renegotiated "
    "rent and the exit year, and redraws the table and the figure as you move them."
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


def static_scenarios(
    rent_schedule: pd.Series, cpi: pd.Series, assumptions: ScenarioAssumptions
) -> dict[str, str]:
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
    return {
        "text/html": page,
        "image/svg+xml": svg.decode("utf-8"),
        "text/plain": scenario_alt_text(payments, table, assumptions),
    }


def scenario_alt_text(
    payments: pd.DataFrame, table: pd.DataFrame, assumptions: ScenarioAssumptions
) -> str:
    """A sentence or two describing the scenario chart, with the numbers it shows."""
    pv = table[f"present_value_{assumptions.first_year}_usd_millions"]
    labels = _scenario_labels(payments, assumptions)
    ranked = ", ".join(
        f"{labels[scenario]} {value:,.0f}"
        for scenario, value in pv.sort_values(ascending=False).items()
    )
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

    def __init__(
        self, rent_schedule: pd.Series, cpi: pd.Series, assumptions: ScenarioAssumptions
    ) -> None:
        super().__init__()
        self._rent_schedule = rent_schedule
        self._cpi = cpi
        self._fixed = assumptions
        wide = {"description_width": "18em"}
        layout = widgets.Layout(width="40em")

        def slider(name: str, description: str, readout_format: str) -> widgets.FloatSlider:
            low, high, step = EXPLORER_RANGES[name]
            return widgets.FloatSlider(
                value=getattr(assumptions, name),
                min=low,
                max=high,
                step=step,
                readout_format=readout_format,
                description=description,
                continuous_update=False,
                style=wide,
                layout=layout,
            )

        self.discount_rate = slider("discount_rate", "Discount rate", ".1%")
        self.inflation = slider("inflation", "Future US inflation", ".1%")
        self.renegotiated_rent = slider(
            "renegotiated_rent", "Renegotiated rent (USD million)", ",.0f"
        )
        self.exit_year = widgets.IntSlider(
            value=assumptions.exit_year,
            min=assumptions.first_year - 1,
            max=assumptions.last_year,
            description="Last year paid (early exit)",
            continuous_update=False,
            style=wide,
            layout=layout,
        )
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


# ---------------------------------------------------------------------------------------------
# The kernel-free explorer of the static book

EXPLORER_RANGES = {
    "discount_rate": (0.0, 0.15, 0.005),
    "inflation": (0.0, 0.10, 0.005),
    "renegotiated_rent": (0.0, 400.0, 5.0),
}
"""Minimum, maximum and step of the sliders, in the live explorer and in the static book's."""

GRID_SCALE = 10**9
"""Deflators and discount factors are stored as integers, in billionths, to keep the file small."""

EXPLORER_GRID_FILE = "scenario-grid.json"
"""The precomputed scenarios, written beside the page that shows the explorer."""


def _steps(low: float, high: float, step: float) -> list[float]:
    return [round(low + index * step, 6) for index in range(round((high - low) / step) + 1)]


def scenario_grid(
    rent_schedule: pd.Series, cpi: pd.Series, assumptions: ScenarioAssumptions | None = None
) -> dict:
    """Every number the static explorer needs, computed with this module's functions.

    The model is separable: the treaty and early-exit streams are fixed, the index-linked stream
    depends on inflation only, the real-terms deflators on inflation only, and present values on
    the discount rate only. So the grid holds, per year of ``first_year``..``last_year``: the
    treaty stream; for each inflation step, the index-linked stream and the value in
    ``first_year`` dollars of one dollar paid that year; for each discount rate, the present value
    of one dollar paid that year (these two in billionths, ``scale``). A table row is then a sum of products of these numbers, which is
    all the page's script computes.
    """
    assumptions = assumptions or ScenarioAssumptions()
    years = list(range(assumptions.first_year, assumptions.last_year + 1))
    index = pd.Index(years, name="year")
    ones = pd.Series(1.0, index=index)
    discount = _steps(*EXPLORER_RANGES["discount_rate"])
    inflation = _steps(*EXPLORER_RANGES["inflation"])
    low, high, step = EXPLORER_RANGES["renegotiated_rent"]
    treaty = scenario_payments(rent_schedule, cpi, assumptions)[TREATY]
    indexed, deflators = [], []
    for rate in inflation:
        scenario = replace(assumptions, inflation=rate)
        indexed.append(
            [
                round(value, 5)
                for value in scenario_payments(rent_schedule, cpi, scenario)[INDEX_LINKED]
            ]
        )
        prices = projected_price_index(cpi, rate, assumptions.last_year)
        deflators.append(
            [
                round(value * GRID_SCALE)
                for value in rent_in_real_terms(ones, prices, assumptions.first_year)
            ]
        )
    factors = [
        [
            round(
                present_value(pd.Series([1.0], index=[year]), rate, assumptions.first_year)
                * GRID_SCALE
            )
            for year in years
        ]
        for rate in discount
    ]
    return {
        "years": years,
        "discount": discount,
        "inflation": inflation,
        "rent": {"min": low, "max": high, "step": step},
        "exit": {"min": assumptions.first_year - 1, "max": assumptions.last_year},
        "treaty": [round(float(value), 6) for value in treaty],
        "indexed": indexed,
        "deflator": deflators,
        "factor": factors,
        "scale": GRID_SCALE,
    }


def static_explorer_html(
    assumptions: ScenarioAssumptions, grid_file: str = EXPLORER_GRID_FILE
) -> str:
    """The static book's explorer: labelled sliders, a results table and a bar chart, hidden until
    ``_static/explorer.js`` has loaded the precomputed ``grid_file``; without JavaScript the
    figure above it stays the page's answer."""
    base, last = assumptions.first_year, assumptions.last_year
    discount_low, discount_high, discount_step = EXPLORER_RANGES["discount_rate"]
    inflation_low, inflation_high, inflation_step = EXPLORER_RANGES["inflation"]
    rent_low, rent_high, rent_step = EXPLORER_RANGES["renegotiated_rent"]

    def slider(name: str, label: str, low, high, step, value) -> str:
        return (
            f'<div class="scenario-explorer__control"><label for="scenario-{name}">{label}</label>'
            f'<input type="range" id="scenario-{name}" name="{name}" min="{low:g}" max="{high:g}" '
            f'step="{step:g}" value="{value:g}"><output for="scenario-{name}" id="scenario-{name}-value"></output></div>'
        )

    rows = "".join(
        f'<tr data-scenario="{html.escape(name)}"><th scope="row">{html.escape(name)}</th>'
        "<td></td><td></td><td></td><td></td></tr>"
        for name in (TREATY, INDEX_LINKED, RENEGOTIATED, EARLY_EXIT)
    )
    bars = "".join(
        f'<div class="scenario-explorer__bar" data-scenario="{html.escape(name)}"><span>{html.escape(name)}</span>'
        '<span class="scenario-explorer__track"><span class="scenario-explorer__fill"></span></span><span class="scenario-explorer__amount"></span></div>'
        for name in (TREATY, INDEX_LINKED, RENEGOTIATED, EARLY_EXIT)
    )
    return (
        f'<section class="scenario-explorer" data-grid="{html.escape(grid_file)}" aria-labelledby="scenario-explorer-title" hidden>'
        f'<h3 id="scenario-explorer-title">Try other assumptions</h3>'
        "<p>Move the sliders (or use the arrow keys on a focused slider): the table and the bars show "
        "the scenarios again, from numbers the book computed in Python for every slider position.</p>"
        '<div class="scenario-explorer__controls" role="group" aria-label="Assumptions">'
        + slider(
            "discount",
            "Discount rate",
            discount_low,
            discount_high,
            discount_step,
            assumptions.discount_rate,
        )
        + slider(
            "inflation",
            "Future US inflation",
            inflation_low,
            inflation_high,
            inflation_step,
            assumptions.inflation,
        )
        + slider(
            "rent",
            "Renegotiated rent (USD million)",
            rent_low,
            rent_high,
            rent_step,
            assumptions.renegotiated_rent,
        )
        + slider("exit", "Last year paid (early exit)", base - 1, last, 1, assumptions.exit_year)
        + "</div>"
        '<p class="scenario-explorer__summary" aria-live="polite"></p>'
        '<div class="scenario-explorer__scroll" tabindex="0" role="region" aria-label="Scenario results table">'
        f"<table><caption>Payments {base}–{last} under four scenarios (USD million)</caption>"
        f'<thead><tr><th scope="col">Scenario</th><th scope="col">Total paid, nominal</th>'
        f'<th scope="col">Total in {base} dollars</th><th scope="col">Present value in {base}</th>'
        f'<th scope="col">Present value minus treaty rent</th></tr></thead><tbody>{rows}</tbody></table></div>'
        f'<div class="scenario-explorer__bars" aria-hidden="true"><p class="scenario-explorer__bars-title">Present value in {base} (USD million)</p>{bars}</div>'
        "</section>"
    )


def kernel_free_explorer(assumptions: ScenarioAssumptions | None = None) -> None:
    """In the book build, display the static book's explorer (see :func:`static_explorer_html`);
    in a live Jupyter, where the widget above already answers, show nothing."""
    if in_book_build():
        from IPython.display import HTML, display

        display(HTML(static_explorer_html(assumptions or ScenarioAssumptions())))
