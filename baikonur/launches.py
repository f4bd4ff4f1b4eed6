"""Launch statistics for Baikonur and the world, from the book's launch tables.

The history chapter and the after-2013 chapter ask the same questions of the launch record: how
many attempts, in which year the most, what share of the world's launches, how often they failed,
which rocket families flew. The answers are computed here, by small pure functions that take the
DataFrames :func:`baikonur.data.load_table` returns (``launches_by_year`` and
``launches_by_family``) and return numbers or new DataFrames, so tests can pin them and the chapters
can glue them into the prose.

Two rules hold throughout. Shares and rates over several years are ratios of sums (all Baikonur
attempts in a decade over all the world's), never averages of the yearly percentages. And a decade
with fewer years in the data (the 1950s start in 1957, the 2020s stop in 2024) is averaged over the
years it has, which :func:`by_decade` reports beside each mean.

This module is not a plotting library: the figures are drawn in the chapters, where students read
the code.
"""

from __future__ import annotations

import pandas as pd


def peak_year(by_year: pd.DataFrame, column: str = "baikonur_attempts") -> tuple[int, int]:
    """Return ``(year, count)`` for the year with the most launches in ``column``.

    When several years tie, the earliest is returned.
    """
    ordered = by_year.sort_values([column, "year"], ascending=[False, True])
    top = ordered.iloc[0]
    return int(top["year"]), int(top[column])


def share_in_year(by_year: pd.DataFrame, year: int) -> float:
    """Baikonur's attempts as a percentage of the world's in one year, computed from the counts.

    Raises KeyError when the year is not in the table.
    """
    rows = by_year.loc[by_year["year"] == year]
    if rows.empty:
        first, last = int(by_year["year"].min()), int(by_year["year"].max())
        raise KeyError(f"year {year} is not in the launch table, which covers {first}-{last}")
    row = rows.iloc[0]
    return 100.0 * int(row["baikonur_attempts"]) / int(row["world_attempts"])


def by_decade(by_year: pd.DataFrame) -> pd.DataFrame:
    """Summarise a per-year launch table by decade.

    Returns one row per decade (index ``decade``) with the summed counts, the number of years the
    data hold for that decade (``years_in_data``), and three derived columns:

    * ``attempts_per_year``: Baikonur's attempts divided by ``years_in_data``;
    * ``share_pct``: Baikonur's attempts over the world's, as a percentage of the sums;
    * ``success_rate_pct``: Baikonur's successes over its attempts, as a percentage.
    """
    summed = (
        by_year.assign(decade=by_year["year"].map(lambda year: f"{(int(year) // 10) * 10}s"))
        .groupby("decade")
        .agg(
            first_year=("year", "min"),
            last_year=("year", "max"),
            years_in_data=("year", "count"),
            baikonur_attempts=("baikonur_attempts", "sum"),
            baikonur_successes=("baikonur_successes", "sum"),
            baikonur_failures=("baikonur_failures", "sum"),
            world_attempts=("world_attempts", "sum"),
        )
    )
    summed["attempts_per_year"] = summed["baikonur_attempts"] / summed["years_in_data"]
    summed["share_pct"] = 100 * summed["baikonur_attempts"] / summed["world_attempts"]
    summed["success_rate_pct"] = 100 * summed["baikonur_successes"] / summed["baikonur_attempts"]
    return summed


def families_wide(by_family: pd.DataFrame) -> pd.DataFrame:
    """Turn the long ``launches_by_family`` table into one row per year, one column per family.

    Columns keep the order of the ``rocket_family`` categories, so colours in a stacked chart stay
    the same from figure to figure.
    """
    wide = by_family.pivot_table(
        index="year",
        columns="rocket_family",
        values="launch_attempts",
        aggfunc="sum",
        observed=False,
    )
    wide.columns = [str(column) for column in wide.columns]
    return wide.fillna(0).astype(int)


def family_totals(by_family: pd.DataFrame) -> pd.DataFrame:
    """Total attempts per rocket family with the first and last year it launched, largest first."""
    flown = by_family.loc[by_family["launch_attempts"] > 0].copy()
    flown["rocket_family"] = flown["rocket_family"].astype(str)
    totals = flown.groupby("rocket_family").agg(
        launch_attempts=("launch_attempts", "sum"),
        first_year=("year", "min"),
        last_year=("year", "max"),
    )
    return totals.sort_values("launch_attempts", ascending=False)


def family_share_pct(by_family: pd.DataFrame, family: str) -> float:
    """One rocket family's attempts as a percentage of all Baikonur attempts in the table."""
    families = set(by_family["rocket_family"].astype(str))
    if family not in families:
        raise KeyError(f"unknown rocket family {family!r}; the table has {sorted(families)}")
    in_family = by_family.loc[by_family["rocket_family"].astype(str) == family, "launch_attempts"]
    return 100.0 * int(in_family.sum()) / int(by_family["launch_attempts"].sum())
