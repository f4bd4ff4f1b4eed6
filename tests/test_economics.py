"""Pin the lease arithmetic of the economics chapter: real terms, sums, present values, scenarios.

Most tests use small hand-made Series (the three BLS CPI-U annual averages the chapter quotes)
so each expected value can be checked on paper. The tests marked with the data tables check that
the quiz answers computed from ``data/`` agree with the published figures, and the slow test runs
the chapter as a notebook from outside the repository and moves a slider.
"""

from __future__ import annotations

import math

import ipywidgets
import pandas as pd
import pytest

from baikonur import BOOK_BUILD_ENV, scenarios
from baikonur.economics import (
    cumulative_payments,
    discount_factors,
    index_linked_rent,
    present_value,
    projected_price_index,
    rent_in_real_terms,
    total_payments,
    value_in_other_year_dollars,
)
from baikonur.scenarios import (
    EARLY_EXIT,
    INDEX_LINKED,
    RENEGOTIATED,
    TREATY,
    ScenarioAssumptions,
    ScenarioExplorer,
    scenario_payments,
    scenario_table,
)
from conftest import REPO

# BLS CPI-U (CUUR0000SA0) annual averages: means of the twelve monthly values.
CPI_1994, CPI_2013, CPI_2024 = 148.225, 232.957, 313.689


@pytest.fixture
def cpi() -> pd.Series:
    return pd.Series({1994: CPI_1994, 2013: CPI_2013, 2024: CPI_2024}, name="cpi_u_annual_avg")


@pytest.fixture
def yearly_cpi() -> pd.Series:
    """A price index for 1994-2025 rising 3% a year (round numbers for scenario tests)."""
    years = range(1994, 2026)
    return pd.Series(
        [100 * 1.03 ** (year - 1994) for year in years], index=pd.Index(years, name="year")
    )


@pytest.fixture
def treaty_schedule() -> pd.Series:
    return pd.Series(
        115.0, index=pd.Index(range(1994, 2051), name="year"), name="rent_usd_millions"
    )


@pytest.fixture
def live_mode(monkeypatch):
    monkeypatch.delenv(BOOK_BUILD_ENV, raising=False)


# ---------------------------------------------------------------------------------------------
# Nominal and real


def test_115_million_of_1994_is_180_7_million_of_2013(cpi):
    assert round(value_in_other_year_dollars(115, 1994, 2013, cpi), 1) == 180.7


def test_115_million_of_1994_is_243_4_million_of_2024(cpi):
    assert round(value_in_other_year_dollars(115, 1994, 2024, cpi), 1) == 243.4


def test_fixed_115_million_paid_in_2024_was_worth_54_3_million_of_1994(cpi):
    assert round(value_in_other_year_dollars(115, 2024, 1994, cpi), 1) == 54.3


def test_115_million_of_2013_is_154_9_million_of_2024(cpi):
    assert round(value_in_other_year_dollars(115, 2013, 2024, cpi), 1) == 154.9


def test_converting_to_the_same_year_changes_nothing(cpi):
    assert value_in_other_year_dollars(115, 2013, 2013, cpi) == 115


def test_conversion_to_a_year_without_an_index_value_names_the_year(cpi):
    with pytest.raises(ValueError, match="2030"):
        value_in_other_year_dollars(115, 1994, 2030, cpi)


def test_a_non_positive_price_index_is_refused():
    with pytest.raises(ValueError, match="positive"):
        value_in_other_year_dollars(115, 1994, 2013, pd.Series({1994: 0.0, 2013: 232.957}))


def test_rent_in_real_terms_deflates_each_year_to_base_year_prices(cpi):
    nominal = pd.Series({1994: 115.0, 2013: 115.0, 2024: 115.0})
    real = rent_in_real_terms(nominal, cpi, base_year=1994)
    assert real.round(1).tolist() == [115.0, 73.2, 54.3]
    assert real.name == "usd_millions_of_1994"


def test_rent_in_real_terms_refuses_years_the_index_does_not_cover(cpi):
    with pytest.raises(ValueError, match=r"\[2025\]"):
        rent_in_real_terms(pd.Series({2024: 115.0, 2025: 115.0}), cpi, base_year=1994)


def test_rent_in_real_terms_refuses_missing_payments(cpi):
    with pytest.raises(ValueError, match="missing"):
        rent_in_real_terms(pd.Series({1994: 115.0, 2013: math.nan}), cpi, base_year=1994)


def test_a_fixed_rent_lost_52_7_percent_of_its_value_1994_to_2024(cpi):
    fixed = pd.Series({1994: 115.0, 2024: 115.0})
    real = rent_in_real_terms(fixed, cpi, base_year=1994)
    assert real[1994] == 115.0
    assert round(100 * (1 - real[2024] / real[1994]), 1) == 52.7


def test_index_linked_rent_keeps_pace_with_prices(cpi):
    linked = index_linked_rent(115.0, cpi, base_year=1994)
    assert linked.round(1).to_dict() == {1994: 115.0, 2013: 180.7, 2024: 243.4}


def test_index_linked_rent_starts_in_its_base_year(cpi):
    assert index_linked_rent(115.0, cpi, base_year=2013).index.tolist() == [2013, 2024]


def test_projected_price_index_keeps_known_years_and_compounds_after(yearly_cpi):
    projected = projected_price_index(yearly_cpi, inflation=0.02, last_year=2027)
    assert projected.loc[:2025].equals(yearly_cpi.astype(float))
    assert projected[2026] == pytest.approx(yearly_cpi[2025] * 1.02)
    assert projected[2027] == pytest.approx(yearly_cpi[2025] * 1.02**2)


def test_projected_price_index_needs_no_projection_inside_the_data(yearly_cpi):
    assert projected_price_index(yearly_cpi, inflation=0.02, last_year=2000).equals(
        yearly_cpi.astype(float)
    )


# ---------------------------------------------------------------------------------------------
# Adding up


def test_cumulative_payments_are_a_running_total(treaty_schedule):
    running = cumulative_payments(treaty_schedule, 1994, 1998)
    assert running.tolist() == [115.0, 230.0, 345.0, 460.0, 575.0]


def test_cumulative_payments_sort_the_years_first():
    shuffled = pd.Series({1996: 3.0, 1994: 1.0, 1995: 2.0})
    assert cumulative_payments(shuffled).tolist() == [1.0, 3.0, 6.0]


def test_cumulative_payments_outside_the_schedule_is_an_error(treaty_schedule):
    with pytest.raises(ValueError, match="no payments"):
        cumulative_payments(treaty_schedule, 2060, 2070)


def test_twenty_years_of_rent_is_2300_million(treaty_schedule):
    assert total_payments(treaty_schedule, 1994, 2013) == 2300.0


def test_the_whole_lease_to_2050_is_6555_million(treaty_schedule):
    assert total_payments(treaty_schedule, 1994, 2050) == 6555.0


def test_total_payments_refuses_a_gap_in_the_schedule():
    with pytest.raises(ValueError, match=r"\[1995\]"):
        total_payments(pd.Series({1994: 115.0, 1996: 115.0}), 1994, 1996)


def test_total_payments_refuses_reversed_years(treaty_schedule):
    with pytest.raises(ValueError, match="after"):
        total_payments(treaty_schedule, 2013, 1994)


# ---------------------------------------------------------------------------------------------
# Present value


def test_present_value_matches_a_hand_computation():
    payments = pd.Series({2026: 100.0, 2027: 100.0, 2028: 100.0})
    by_hand = 100 + 100 / 1.1 + 100 / 1.1**2  # 100 + 90.909 + 82.645
    assert present_value(payments, 0.10, 2026) == pytest.approx(by_hand)
    assert round(present_value(payments, 0.10, 2026), 3) == 273.554


def test_present_value_of_the_rent_2026_2050_matches_the_annuity_formula(treaty_schedule):
    rate, years = 0.05, 25
    annuity_due = 115 * (1 - (1 + rate) ** -years) / rate * (1 + rate)
    value = present_value(treaty_schedule.loc[2026:2050], rate, 2026)
    assert value == pytest.approx(annuity_due)
    assert round(value, 1) == 1701.8


def test_present_value_at_zero_rate_is_the_plain_sum(treaty_schedule):
    assert present_value(treaty_schedule.loc[2026:2050], 0.0, 2026) == 25 * 115


def test_present_value_carries_earlier_payments_forward():
    assert present_value(pd.Series({2025: 100.0}), 0.10, 2026) == pytest.approx(110.0)


def test_present_value_falls_as_the_rate_rises(treaty_schedule):
    values = pd.Series(
        [
            present_value(treaty_schedule.loc[2026:2050], rate, 2026)
            for rate in [0.0, 0.03, 0.06, 0.09]
        ]
    )
    assert values.is_monotonic_decreasing


@pytest.mark.parametrize("rate", [-1.0, -2.0, math.nan, math.inf])
def test_present_value_refuses_impossible_rates(rate):
    with pytest.raises(ValueError, match="discount rate"):
        present_value(pd.Series({2026: 100.0}), rate, 2026)


def test_present_value_of_nothing_is_an_error():
    with pytest.raises(ValueError, match="no payments"):
        present_value(pd.Series(dtype=float), 0.05, 2026)


def test_present_value_refuses_missing_payments():
    with pytest.raises(ValueError, match="missing"):
        present_value(pd.Series({2026: 100.0, 2027: math.nan}), 0.05, 2026)


def test_discount_factor_is_one_in_the_base_year():
    factors = discount_factors([2026, 2027], 0.25, 2026)
    assert factors.tolist() == [1.0, 0.8]


def test_scenario_payments_follow_their_definitions(treaty_schedule, yearly_cpi):
    assumptions = ScenarioAssumptions(inflation=0.02, renegotiated_rent=150.0, exit_year=2030)
    payments = scenario_payments(treaty_schedule, yearly_cpi, assumptions)
    assert payments.index.tolist() == list(range(2026, 2051))
    assert list(payments.columns) == [TREATY, INDEX_LINKED, RENEGOTIATED, EARLY_EXIT]
    assert (payments[TREATY] == 115.0).all()
    assert (payments[RENEGOTIATED] == 150.0).all()
    assert (
        payments[EARLY_EXIT].loc[:2030].eq(115.0).all()
        and payments[EARLY_EXIT].loc[2031:].eq(0.0).all()
    )
    last_known = 115.0 * yearly_cpi[2025] / yearly_cpi[1994]
    assert payments.loc[2026, INDEX_LINKED] == pytest.approx(last_known * 1.02)
    assert payments.loc[2050, INDEX_LINKED] == pytest.approx(last_known * 1.02**25)


def test_exit_before_the_first_year_means_no_payments(treaty_schedule, yearly_cpi):
    payments = scenario_payments(treaty_schedule, yearly_cpi, ScenarioAssumptions(exit_year=2025))
    assert payments[EARLY_EXIT].sum() == 0.0


def test_scenario_table_values_each_stream(treaty_schedule, yearly_cpi):
    assumptions = ScenarioAssumptions(discount_rate=0.05, inflation=0.02)
    payments = scenario_payments(treaty_schedule, yearly_cpi, assumptions)
    table = scenario_table(payments, yearly_cpi, assumptions)
    assert table.loc[TREATY, "nominal_total_usd_millions"] == 25 * 115
    assert table.loc[TREATY, "present_value_2026_usd_millions"] == pytest.approx(
        present_value(treaty_schedule.loc[2026:2050], 0.05, 2026)
    )
    real_by_hand = sum(115 / 1.02 ** (year - 2026) for year in range(2026, 2051))
    assert table.loc[TREATY, "real_total_usd_millions_of_2026"] == pytest.approx(real_by_hand)
    assert table.loc[TREATY, "present_value_change_vs_treaty_usd_millions"] == 0.0
    assert table["present_value_2026_usd_millions"].idxmax() == INDEX_LINKED
    assert table["present_value_2026_usd_millions"].idxmin() == EARLY_EXIT


def test_when_discount_rate_equals_inflation_present_value_equals_real_total(
    treaty_schedule, yearly_cpi
):
    assumptions = ScenarioAssumptions(discount_rate=0.03, inflation=0.03)
    payments = scenario_payments(treaty_schedule, yearly_cpi, assumptions)
    table = scenario_table(payments, yearly_cpi, assumptions)
    assert table["present_value_2026_usd_millions"].to_numpy() == pytest.approx(
        table["real_total_usd_millions_of_2026"].to_numpy()
    )


@pytest.mark.parametrize(
    "change, message",
    [
        ({"discount_rate": -1.5}, "discount rate"),
        ({"inflation": math.nan}, "inflation"),
        ({"renegotiated_rent": -10.0}, "renegotiated rent"),
        ({"exit_year": 2051}, "exit_year"),
        ({"first_year": 2051}, "first_year"),
    ],
)
def test_impossible_assumptions_are_refused(change, message):
    with pytest.raises(ValueError, match=message):
        ScenarioAssumptions(**change)


def test_scenarios_beyond_the_schedule_name_the_missing_years(treaty_schedule, yearly_cpi):
    with pytest.raises(ValueError, match="rent schedule"):
        scenario_payments(
            treaty_schedule, yearly_cpi, ScenarioAssumptions(last_year=2055, exit_year=2055)
        )


# ---------------------------------------------------------------------------------------------
# The interactive cell


def test_explorer_sliders_redraw_the_table_and_the_figure(live_mode, treaty_schedule, yearly_cpi):
    explorer = ScenarioExplorer(treaty_schedule, yearly_cpi, ScenarioAssumptions())
    table_before, html_before, png_before = (
        explorer.table.copy(),
        explorer.table_view.value,
        explorer.chart.value,
    )
    explorer.discount_rate.value = 0.10
    assert (
        explorer.table.loc[TREATY, "present_value_2026_usd_millions"]
        < table_before.loc[TREATY, "present_value_2026_usd_millions"]
    )
    assert explorer.table_view.value != html_before
    assert explorer.chart.value != png_before
    assert "10.0%" in explorer.table_view.value


def test_each_slider_changes_the_scenario_it_drives(live_mode, treaty_schedule, yearly_cpi):
    explorer = ScenarioExplorer(treaty_schedule, yearly_cpi, ScenarioAssumptions())
    column = "nominal_total_usd_millions"
    before = explorer.table[column].copy()
    explorer.renegotiated_rent.value = 200.0
    assert explorer.table.loc[RENEGOTIATED, column] == 25 * 200.0
    explorer.exit_year.value = 2030
    assert explorer.table.loc[EARLY_EXIT, column] == 5 * 115.0
    explorer.inflation.value = 0.06
    assert explorer.table.loc[INDEX_LINKED, column] > before[INDEX_LINKED]
    assert explorer.table.loc[TREATY, column] == before[TREATY]


# ---------------------------------------------------------------------------------------------
# Against the book's data tables


def test_the_rent_offset_against_debt_in_1998_sums_to_575_million():
    from baikonur.data import load_table

    rent = load_table("rent_schedule")
    offset = rent.loc[rent["settlement"] == "offset against debt", "rent_usd_millions"]
    assert offset.sum() == 575.0


def test_scenario_explorer_in_the_book_build_creates_no_widget(monkeypatch):
    monkeypatch.setenv(BOOK_BUILD_ENV, "1")
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *objects, **kwargs: shown.extend(objects))
    created = []
    original_init = ipywidgets.Widget.__init__

    def recording_init(self, **kwargs):
        created.append(type(self).__name__)
        original_init(self, **kwargs)

    monkeypatch.setattr(ipywidgets.Widget, "__init__", recording_init)
    assert scenarios.scenario_explorer() is None
    assert created == []
    assert len(shown) == 1, "one output, so the chapter can caption it as one figure"
    bundle = shown[0]
    assert {"text/html", "image/svg+xml", "text/plain"} <= set(bundle)
    page = bundle["text/html"]
    assert "<table" in page and "Treaty rent" in page
    assert '<img src="data:image/svg+xml;base64,' in page and 'alt="Top, yearly payments' in page
    assert "Try other assumptions" in page and "in Jupyter" in page


def test_scenario_alt_text_states_the_present_values(treaty_schedule, yearly_cpi):
    assumptions = ScenarioAssumptions()
    payments = scenario_payments(treaty_schedule, yearly_cpi, assumptions)
    table = scenario_table(payments, yearly_cpi, assumptions)
    alt = scenarios.scenario_alt_text(payments, table, assumptions)
    treaty_value = table.loc[TREATY, "present_value_2026_usd_millions"]
    assert f"Treaty rent (USD 115 million) {treaty_value:,.0f}" in alt
    assert alt.index("Index-linked") < alt.index("Early exit after 2035")


def test_scenario_explorer_in_jupyter_returns_live_sliders(live_mode):
    explorer = scenarios.scenario_explorer()
    assert isinstance(explorer, ScenarioExplorer)
    assert [type(slider).__name__ for slider in explorer.sliders] == [
        "FloatSlider",
        "FloatSlider",
        "FloatSlider",
        "IntSlider",
    ]


DRIVE_THE_SLIDERS = """
from baikonur.scenarios import ScenarioExplorer, TREATY
explorers = [value for value in Out.values() if isinstance(value, ScenarioExplorer)]
assert len(explorers) == 1, explorers
explorer = explorers[0]
before = explorer.table.copy()
view_before = explorer.table_view.value
explorer.discount_rate.value = 0.12
assert explorer.table.loc[TREATY, "present_value_2026_usd_millions"] < before.loc[TREATY, "present_value_2026_usd_millions"]
assert explorer.table_view.value != view_before
print("sliders respond")
"""


@pytest.mark.slow
def test_chapter_runs_as_a_notebook_outside_the_repo_with_working_sliders(tmp_path, monkeypatch):
    """A student's run: jupytext to a notebook in a temporary folder, execute there, move a slider."""
    import jupytext
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.delenv(BOOK_BUILD_ENV, raising=False)
    notebook = jupytext.read(REPO / "chapters" / "economics.md")
    notebook.cells.append(nbformat.v4.new_code_cell(DRIVE_THE_SLIDERS))
    client = NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    scenario_cell = next(
        cell
        for cell in notebook.cells
        if cell.cell_type == "code" and cell.source.startswith("scenario_explorer(")
    )
    mime_types = [
        kind for output in scenario_cell.get("outputs", []) for kind in output.get("data", {})
    ]
    assert "application/vnd.jupyter.widget-view+json" in mime_types, mime_types
    last = notebook.cells[-1]["outputs"]
    assert any("sliders respond" in output.get("text", "") for output in last), last
