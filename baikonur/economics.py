"""The lease arithmetic behind the economics chapter.

Small, pure functions that turn the rent schedule and the US consumer price index into the
quantities the chapter discusses: a payment in another year's dollars, the rent in real terms, an
index-linked rent, cumulative payments, present values and the scenario table (treaty rent,
index-linked, renegotiated, early exit). Money is in US dollar millions throughout, and a stream of
payments is a pandas Series indexed by calendar year, so every function can be read, tested and
reused on its own.

It is not a loader and not a finance library: the data come from :mod:`baikonur.data`, and only
the few zero-argument functions at the end (which answer the chapter's quiz questions) read them.
:func:`scenario_explorer` is the chapter's one interactive cell: sliders in a live Jupyter session,
a table and a figure computed once in the static book.
"""

from __future__ import annotations

import base64
import html
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

import ipywidgets as widgets
import pandas as pd
from matplotlib.figure import Figure

from baikonur.build import image_dpi, in_book_build

TREATY_RENT_USD_MILLIONS = 115.0
"""The annual rent the 1994 agreements fixed, in nominal US dollar millions."""

TREATY = "Treaty rent"
INDEX_LINKED = "Index-linked since 1994"
RENEGOTIATED = "Renegotiated rent"
EARLY_EXIT = "Early exit"
SCENARIOS = (TREATY, INDEX_LINKED, RENEGOTIATED, EARLY_EXIT)
"""Scenario names, in the order the table and the figure show them."""


# ---------------------------------------------------------------------------------------------
# Checks shared by the public functions


def _require_year(series: pd.Series, year: int, what: str) -> None:
    if year not in series.index:
        first, last = int(series.index.min()), int(series.index.max())
        raise ValueError(f"{what} has no value for {year}; it covers {first}-{last}")


def _require_years(series: pd.Series, years: Iterable[int], what: str) -> None:
    missing = sorted(set(years) - set(series.index))
    if missing:
        first, last = int(series.index.min()), int(series.index.max())
        raise ValueError(f"{what} has no value for {missing}; it covers {first}-{last}")


def _require_finite(series: pd.Series, what: str) -> None:
    if series.isna().any():
        raise ValueError(f"{what} has missing values in {list(series.index[series.isna()])}")


def _require_positive_index(cpi: pd.Series) -> None:
    if (cpi <= 0).any():
        raise ValueError(f"a price index must be positive; got {cpi[cpi <= 0].to_dict()}")


def _require_rate(rate: float, what: str) -> None:
    if not math.isfinite(rate) or rate <= -1:
        raise ValueError(f"{what} must be a finite number greater than -1 (e.g. 0.05 for 5%); got {rate}")


# ---------------------------------------------------------------------------------------------
# Nominal and real


def value_in_other_year_dollars(amount: float, from_year: int, to_year: int, cpi: pd.Series) -> float:
    """Express ``amount`` dollars of ``from_year`` in dollars of ``to_year``.

    The price index ``cpi`` (a Series indexed by year) scales the amount:
    ``amount * cpi[to_year] / cpi[from_year]``. US$115M of 1994 is about US$243M of 2024; read the
    other way, US$115M paid in 2024 was worth about US$54M of 1994.
    """
    _require_positive_index(cpi)
    _require_years(cpi, [from_year, to_year], "the price index")
    return float(amount * cpi[to_year] / cpi[from_year])


def rent_in_real_terms(nominal: pd.Series, cpi: pd.Series, base_year: int) -> pd.Series:
    """Convert yearly nominal payments into dollars of ``base_year`` (constant, or real, dollars).

    Each year's payment is multiplied by ``cpi[base_year] / cpi[year]``: what it could buy,
    measured in the prices of the base year.
    """
    _require_positive_index(cpi)
    _require_finite(nominal, "the nominal payments")
    _require_year(cpi, base_year, "the price index")
    _require_years(cpi, nominal.index, "the price index")
    price_ratio = cpi[base_year] / cpi.reindex(nominal.index)
    return (nominal * price_ratio).rename(f"usd_millions_of_{base_year}")


def share_of_value_lost(from_year: int, to_year: int, cpi: pd.Series) -> float:
    """Fraction of its purchasing power that a fixed nominal sum lost between two years (0.527 = 52.7%)."""
    _require_positive_index(cpi)
    _require_years(cpi, [from_year, to_year], "the price index")
    return float(1 - cpi[from_year] / cpi[to_year])


def index_linked_rent(base_rent: float, cpi: pd.Series, base_year: int) -> pd.Series:
    """The rent each year had ``base_rent`` been raised in line with prices since ``base_year``.

    Returns a Series for every year of ``cpi`` from ``base_year`` on:
    ``base_rent * cpi[year] / cpi[base_year]``.
    """
    _require_positive_index(cpi)
    _require_year(cpi, base_year, "the price index")
    later = cpi[cpi.index >= base_year]
    return (base_rent * later / cpi[base_year]).rename("index_linked_rent_usd_millions")


def projected_price_index(cpi: pd.Series, inflation: float, last_year: int) -> pd.Series:
    """Extend a yearly price index to ``last_year``, assuming constant ``inflation`` after its last year.

    Years already in ``cpi`` are kept as they are; each later year is the previous one times
    ``1 + inflation``.
    """
    _require_rate(inflation, "inflation")
    _require_positive_index(cpi)
    final_year = int(cpi.index.max())
    future_years = range(final_year + 1, last_year + 1)
    future = pd.Series(
        [cpi[final_year] * (1 + inflation) ** (year - final_year) for year in future_years],
        index=pd.Index(future_years, dtype=cpi.index.dtype, name=cpi.index.name),
        dtype=float,
    )
    return pd.concat([cpi.astype(float), future]).rename(cpi.name)


# ---------------------------------------------------------------------------------------------
# Adding up


def cumulative_payments(payments: pd.Series, first_year: int | None = None, last_year: int | None = None) -> pd.Series:
    """Running total of yearly payments, optionally restricted to ``first_year``..``last_year``."""
    _require_finite(payments, "the payments")
    selected = payments.sort_index().loc[first_year:last_year]
    if selected.empty:
        raise ValueError(f"no payments between {first_year} and {last_year}")
    return selected.cumsum().rename("cumulative_usd_millions")


def total_payments(payments: pd.Series, first_year: int, last_year: int) -> float:
    """Sum of the yearly payments from ``first_year`` to ``last_year``, both included."""
    if first_year > last_year:
        raise ValueError(f"first_year ({first_year}) is after last_year ({last_year})")
    _require_years(payments, range(first_year, last_year + 1), "the payments")
    return float(cumulative_payments(payments, first_year, last_year).iloc[-1])


def discount_factors(years: Iterable[int], rate: float, base_year: int) -> pd.Series:
    """What one dollar paid in each year is worth in ``base_year``: ``1 / (1 + rate) ** (year - base_year)``.

    A payment in the base year itself is not discounted (factor 1); a payment a year later is
    divided by ``1 + rate``, and so on. Years before the base year get factors above 1: money
    paid earlier is carried forward with interest.
    """
    _require_rate(rate, "the discount rate")
    index = pd.Index(list(years), name="year")
    return pd.Series([(1 + rate) ** -(year - base_year) for year in index], index=index, name="discount_factor")


def present_value(payments: pd.Series, rate: float, base_year: int) -> float:
    """Value in ``base_year`` of yearly payments, discounted at ``rate`` a year.

    ``PV = sum(payment[t] / (1 + rate) ** (t - base_year))``; see :func:`discount_factors` for
    the timing convention.
    """
    _require_finite(payments, "the payments")
    if payments.empty:
        raise ValueError("there are no payments to discount")
    factors = discount_factors(payments.index, rate, base_year)
    return float((payments.to_numpy() * factors.to_numpy()).sum())


def present_value_by_rate(payments: pd.Series, rates: Iterable[float], base_year: int) -> pd.Series:
    """Present value of the same payments at each of several discount rates."""
    rates = list(rates)
    values = [present_value(payments, rate, base_year) for rate in rates]
    return pd.Series(values, index=pd.Index(rates, name="discount_rate"), name="present_value_usd_millions")


def level_rent_with_same_present_value(target_present_value: float, years: Iterable[int], rate: float, base_year: int) -> float:
    """The fixed yearly rent over ``years`` whose present value equals ``target_present_value``."""
    factors = discount_factors(years, rate, base_year)
    if factors.empty:
        raise ValueError("no years given")
    return float(target_present_value / factors.sum())


# ---------------------------------------------------------------------------------------------
# Scenarios


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


def scenario_table_html(table: pd.DataFrame, assumptions: ScenarioAssumptions) -> str:
    """The scenario table as an HTML table with readable headings and a caption naming the assumptions."""
    base = assumptions.first_year
    headings = {
        "nominal_total_usd_millions": f"Total paid {base}–{assumptions.last_year}, nominal (USD million)",
        f"real_total_usd_millions_of_{base}": f"Total in {base} dollars (USD million)",
        f"present_value_{base}_usd_millions": f"Present value in {base} (USD million)",
        "present_value_change_vs_treaty_usd_millions": "Present value minus treaty rent (USD million)",
    }
    readable = table.rename(columns=headings).rename(index=_scenario_labels(assumptions))
    readable.index.name = None
    caption = (
        f"Payments {base}–{assumptions.last_year} under four scenarios: discount rate "
        f"{assumptions.discount_rate:.1%}, inflation {assumptions.inflation:.1%} a year, renegotiated rent "
        f"USD {assumptions.renegotiated_rent:,.0f} million, early exit after {assumptions.exit_year}."
    )
    styler = readable.style.format("{:,.0f}").set_caption(caption).set_uuid("economics-scenarios")
    return styler.to_html()


def _scenario_labels(assumptions: ScenarioAssumptions) -> dict[str, str]:
    return {
        TREATY: "Treaty rent (USD 115 million)",
        INDEX_LINKED: "Index-linked since 1994",
        RENEGOTIATED: f"Renegotiated to USD {assumptions.renegotiated_rent:,.0f} million",
        EARLY_EXIT: f"Early exit after {assumptions.exit_year}",
    }


def scenario_figure(payments: pd.DataFrame, table: pd.DataFrame, assumptions: ScenarioAssumptions) -> Figure:
    """Two panels, one above the other: yearly payments under each scenario, and each scenario's present value."""
    labels = _scenario_labels(assumptions)
    colours = {TREATY: "#000000", INDEX_LINKED: "#D55E00", RENEGOTIATED: "#0072B2", EARLY_EXIT: "#009E73"}
    styles = {TREATY: "-", INDEX_LINKED: "--", RENEGOTIATED: "-.", EARLY_EXIT: ":"}
    figure = Figure(figsize=(8, 7.5), layout="constrained")
    yearly, values = figure.subplots(2, 1, height_ratios=[3, 2])
    for scenario in payments.columns:
        yearly.plot(payments.index, payments[scenario], styles[scenario], color=colours[scenario], linewidth=2,
                    label=labels[scenario])
    yearly.set_ylim(bottom=0)
    yearly.set_xlabel("Year")
    yearly.set_ylabel("Payment (USD million, nominal)")
    yearly.set_title("Yearly payments")
    yearly.legend(loc="upper left", fontsize=10)
    pv = table[f"present_value_{assumptions.first_year}_usd_millions"]
    positions = range(len(pv))
    bars = values.barh(list(positions), pv.to_numpy(), color=[colours[s] for s in pv.index])
    values.bar_label(bars, labels=[f"{value:,.0f}" for value in pv], padding=3, fontsize=10)
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
    figure.savefig(buffer, format="png", dpi=image_dpi())
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
    built (:func:`baikonur.build.in_book_build`) it creates no widget at all: it displays
    :func:`static_scenarios` (the table, the figure and a note on how to run the live version) as
    one output, so that the chapter can caption it as one figure, and returns ``None``.
    """
    rent_schedule, cpi = _rent_and_cpi()
    assumptions = assumptions or ScenarioAssumptions()
    if in_book_build():
        from IPython.display import display

        display(static_scenarios(rent_schedule, cpi, assumptions), raw=True)
        return None
    return ScenarioExplorer(rent_schedule, cpi, assumptions)


def static_scenarios(rent_schedule: pd.Series, cpi: pd.Series, assumptions: ScenarioAssumptions) -> dict[str, str]:
    """The scenarios as one MIME bundle: HTML (table, chart with alt text, note) plus PNG and plain text."""
    payments = scenario_payments(rent_schedule, cpi, assumptions)
    table = scenario_table(payments, cpi, assumptions)
    png = base64.b64encode(figure_png(scenario_figure(payments, table, assumptions))).decode("ascii")
    alt = html.escape(scenario_alt_text(payments, table, assumptions), quote=True)
    page = (
        f'<div class="economics-scenarios" style="text-align: left;">{scenario_table_html(table, assumptions)}'
        f'<img src="data:image/png;base64,{png}" alt="{alt}" style="max-width: 100%; height: auto;">'
        f"<p>{html.escape(LIVE_VERSION_NOTE)}</p></div>"
    )
    return {"text/html": page, "image/png": png, "text/plain": scenario_alt_text(payments, table, assumptions)}


def scenario_alt_text(payments: pd.DataFrame, table: pd.DataFrame, assumptions: ScenarioAssumptions) -> str:
    """A sentence or two describing the scenario chart, with the numbers it shows."""
    pv = table[f"present_value_{assumptions.first_year}_usd_millions"]
    labels = _scenario_labels(assumptions)
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
        self.table_view.value = scenario_table_html(self.table, assumptions)
        self.chart.value = figure_png(scenario_figure(payments, self.table, assumptions))


# ---------------------------------------------------------------------------------------------
# Answers computed from the book's data (the quiz's numeric questions point here)


def _rent_and_cpi() -> tuple[pd.Series, pd.Series]:
    from baikonur.data import load_table

    rent = load_table("rent_schedule").set_index("year")["rent_usd_millions"].astype(float)
    cpi = load_table("cpi_u").set_index("year")["cpi_u_annual_avg"].astype(float)
    return rent, cpi


def rent_1994_in_2024_dollars() -> float:
    """The 1994 rent expressed in 2024 dollars (about 243.4)."""
    rent, cpi = _rent_and_cpi()
    return value_in_other_year_dollars(rent[1994], 1994, 2024, cpi)


def rent_2024_in_1994_dollars() -> float:
    """What the rent paid in 2024 could buy, in 1994 dollars (about 54.3)."""
    rent, cpi = _rent_and_cpi()
    return value_in_other_year_dollars(rent[2024], 2024, 1994, cpi)


def percent_of_rent_value_lost_1994_2024() -> float:
    """Percentage of its purchasing power a fixed rent lost between 1994 and 2024 (about 52.7)."""
    _, cpi = _rent_and_cpi()
    return 100 * share_of_value_lost(1994, 2024, cpi)


def total_rent_due_1994_2013() -> float:
    """Nominal rent due for the lease's first twenty years, 1994-2013."""
    rent, _ = _rent_and_cpi()
    return total_payments(rent, 1994, 2013)


def total_rent_due_1994_2050() -> float:
    """Nominal rent due over the whole lease as extended, 1994-2050."""
    rent, _ = _rent_and_cpi()
    return total_payments(rent, 1994, 2050)


def present_value_of_rent_2026_2050_at_5_percent() -> float:
    """Present value in 2026 of the treaty rent for 2026-2050, discounted at 5% a year."""
    rent, _ = _rent_and_cpi()
    return present_value(rent.loc[2026:2050], 0.05, 2026)
