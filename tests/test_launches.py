"""Launch statistics: pinned against the book's launch tables, and checked on small made-up tables.

The pinned values are the ones the history and after-2013 chapters state (through glue) and the
fact base records in section E: if a table or a helper changes, these tests say which number moved.
"""

from __future__ import annotations

import pandas as pd
import pytest

from baikonur import launches
from baikonur.data import load_table


@pytest.fixture(scope="module")
def by_year() -> pd.DataFrame:
    return load_table("launches_by_year")


@pytest.fixture(scope="module")
def by_family() -> pd.DataFrame:
    return load_table("launches_by_family")


def tiny_year_table(rows: list[tuple[int, int, int, int]]) -> pd.DataFrame:
    """A launches_by_year-shaped table from (year, baikonur_attempts, baikonur_failures, world_attempts)."""
    frame = pd.DataFrame(
        rows, columns=["year", "baikonur_attempts", "baikonur_failures", "world_attempts"]
    )
    frame["baikonur_successes"] = frame["baikonur_attempts"] - frame["baikonur_failures"]
    frame["baikonur_share_pct"] = (
        100 * frame["baikonur_attempts"] / frame["world_attempts"]
    ).round(1)
    return frame


# Pinned against the data


def test_peak_year_is_1987_with_48_attempts_and_42_percent_of_the_world(by_year):
    assert launches.peak_year(by_year) == (1987, 48)
    assert launches.share_in_year(by_year, 1987) == pytest.approx(42.1, abs=0.05)


def test_share_fell_from_28_4_percent_in_2013_to_3_0_percent_in_2024(by_year):
    assert launches.share_in_year(by_year, 2013) == pytest.approx(28.4, abs=0.05)
    assert launches.share_in_year(by_year, 2024) == pytest.approx(3.0, abs=0.05)


def test_share_in_year_agrees_with_the_rounded_share_column(by_year):
    for year in by_year["year"]:
        row = by_year.loc[by_year["year"] == year].iloc[0]
        assert launches.share_in_year(by_year, year) == pytest.approx(
            row["baikonur_share_pct"], abs=0.051
        )


def test_decade_averages_per_year_match_the_fact_base(by_year):
    # Fact E04 gives 8.8 for 2020-24: 44 launches over 5 years, counted before the last Baikonur
    # launch of 2024 (Resurs-P No. 5, 25 December) was added. With it (fact E06: 8 in 2024) the
    # five years hold 45 launches, 9.0 a year.
    expected = {
        "1960s": 26.6,
        "1970s": 27.1,
        "1980s": 36.9,
        "1990s": 21.7,
        "2000s": 19.1,
        "2010s": 17.7,
        "2020s": 9.0,
    }
    decades = launches.by_decade(by_year)
    for decade, average in expected.items():
        assert decades.loc[decade, "attempts_per_year"] == pytest.approx(average, abs=0.05), decade


def test_decade_failures_match_the_fact_base(by_year):
    expected = {
        "1950s": 5,
        "1960s": 55,
        "1970s": 18,
        "1980s": 17,
        "1990s": 12,
        "2000s": 5,
        "2010s": 11,
        "2020s": 0,
    }
    assert launches.by_decade(by_year)["baikonur_failures"].to_dict() == expected


def test_short_decades_are_averaged_over_the_years_the_data_hold(by_year):
    decades = launches.by_decade(by_year)
    assert decades.loc["1950s", ["first_year", "last_year", "years_in_data"]].tolist() == [
        1957,
        1959,
        3,
    ]
    assert decades.loc["2020s", ["first_year", "last_year", "years_in_data"]].tolist() == [
        2020,
        2024,
        5,
    ]


def test_r7_family_leads_and_proton_flew_428_times_from_1965_to_2023(by_family):
    totals = launches.family_totals(by_family)
    assert totals.index[0] == "R-7/Soyuz"
    assert totals.loc["R-7/Soyuz", ["launch_attempts", "first_year", "last_year"]].tolist() == [
        906,
        1957,
        2024,
    ]
    assert totals.loc["Proton", ["launch_attempts", "first_year", "last_year"]].tolist() == [
        428,
        1965,
        2023,
    ]
    assert totals.loc["N1", "launch_attempts"] == 4
    assert totals.loc["Energia", "launch_attempts"] == 2


def test_families_wide_rows_add_up_to_the_yearly_totals(by_year, by_family):
    wide = launches.families_wide(by_family)
    yearly = by_year.set_index("year")["baikonur_attempts"]
    pd.testing.assert_series_equal(
        wide.sum(axis="columns"), yearly, check_names=False, check_dtype=False
    )


def test_families_wide_keeps_the_category_order(by_family):
    wide = launches.families_wide(by_family)
    assert list(wide.columns) == [str(c) for c in by_family["rocket_family"].cat.categories]


def test_family_share_of_r7_is_906_of_1547(by_family):
    assert launches.family_share_pct(by_family, "R-7/Soyuz") == pytest.approx(100 * 906 / 1547)


# Behaviour on small made-up tables


def test_decade_share_is_a_ratio_of_totals_not_a_mean_of_yearly_shares():
    table = tiny_year_table([(1990, 1, 0, 2), (1991, 10, 0, 100)])
    decade = launches.by_decade(table).loc["1990s"]
    assert decade["share_pct"] == pytest.approx(100 * 11 / 102)
    assert decade["share_pct"] != pytest.approx(table["baikonur_share_pct"].mean())


def test_decade_success_rate_weighs_years_by_attempts():
    table = tiny_year_table([(1960, 2, 2, 5), (1961, 20, 0, 30)])
    assert launches.by_decade(table).loc["1960s", "success_rate_pct"] == pytest.approx(
        100 * 20 / 22
    )


def test_peak_year_ties_go_to_the_earlier_year():
    table = tiny_year_table([(1980, 5, 0, 10), (1981, 7, 0, 10), (1982, 7, 0, 10)])
    assert launches.peak_year(table) == (1981, 7)


def test_share_in_year_outside_the_table_names_the_years_it_covers():
    table = tiny_year_table([(2000, 1, 0, 2), (2001, 1, 0, 2)])
    with pytest.raises(KeyError, match="1999 is not in the launch table, which covers 2000-2001"):
        launches.share_in_year(table, 1999)


def test_family_share_of_an_unknown_family_lists_the_known_ones(by_family):
    with pytest.raises(KeyError, match="unknown rocket family 'Saturn V'.*R-7/Soyuz"):
        launches.family_share_pct(by_family, "Saturn V")
