"""The 2013 dispute, and the years after it, in numbers.

The chapters on 2013 and after ask a handful of quantitative questions: what exchange rate a claim
stated in two currencies implies, how claims for past rocket crashes compare with what was paid,
how many Protons flew against the limits Kazakhstan set, how the gaps between events add up, and how
Vostochny's launch rate compares with Baikonur's. The answers come from small pure functions that
take the DataFrames :func:`baikonur.data.load_table` returns (``crash_claims``, ``dispute_2013``,
``launches_by_family``, ``launches_by_year``, ``vostochny_launches``) so that tests can pin them and
the chapters can glue them into the prose.

A missing payment is never a payment of zero: where the sources record no settlement, the result
says so with a missing value, not with ``0``.

This module draws no figures: the plots live in the chapters, where students read the code.
"""

from __future__ import annotations

import pandas as pd

PROTON = "Proton"
"""The ``rocket_family`` label of the Proton family in ``launches_by_family``."""

CAP_EVENTS: dict[int, tuple[str, str]] = {
    2013: ("proton-cap-approved", "proton-request"),
    2014: ("proton-plan-2014", "proton-request-2014"),
}
"""For each year Kazakhstan limited Proton launches, the ``dispute_2013`` events holding the
limit Kazakhstan set and the number Russia had asked for, as ``(cap_event_id, request_event_id)``."""

CLAIM_2013_ID = "crash-2013-environment-ministry"
"""The ``crash_claims`` row of Kazakhstan's claim for the crash of 2 July 2013, in the source that
gives the amount to the tenge."""


def implied_exchange_rate(local_amount: float, usd_amount: float) -> float:
    """Units of local currency per US dollar implied by one sum stated in both currencies.

    Both amounts must be in the same scale (both in millions, say):
    ``implied_exchange_rate(13_690.747305, 89.5)`` is about 153.0 tenge per dollar.
    """
    if usd_amount <= 0 or local_amount <= 0:
        raise ValueError(
            f"an exchange rate needs two positive amounts, got local={local_amount}, usd={usd_amount}"
        )
    return local_amount / usd_amount


def to_usd(local_amount: float, local_per_usd: float) -> float:
    """Convert a local-currency amount to US dollars at ``local_per_usd`` units per dollar."""
    if local_per_usd <= 0:
        raise ValueError(f"an exchange rate must be positive, got {local_per_usd}")
    return local_amount / local_per_usd


def claim_row(crash_claims: pd.DataFrame, claim_id: str) -> pd.Series:
    """One row of ``crash_claims`` by its ``claim_id``; KeyError names the ids that exist."""
    rows = crash_claims.loc[crash_claims["claim_id"] == claim_id]
    if rows.empty:
        raise KeyError(f"no claim {claim_id!r}; the table has {sorted(crash_claims['claim_id'])}")
    return rows.iloc[0]


def claims_against_settlements(crash_claims: pd.DataFrame) -> pd.DataFrame:
    """Summarise the crash claims by the year of the crash: what was claimed and what was paid.

    ``crash_claims`` holds one row per claim and source, so a crash whose sources disagree has
    several rows. The result has one row per crash year (index ``crash_year``) with:

    * ``claims_usd_millions_low`` / ``_high``: the smallest and largest claim in the sources;
    * ``paid_usd_millions_low`` / ``_high``: the smallest and largest reported payment;
    * ``paid_pct_of_claim_low`` / ``_high``: the payment as a share of the claim, the low end being
      the smallest payment over the largest claim and the high end the largest over the smallest;
    * ``sources``: how many rows (sources) the year rests on.

    Where no claim or no payment is recorded the value is missing (NaN), never zero.
    """
    table = crash_claims.assign(crash_year=pd.to_datetime(crash_claims["crash_date"]).dt.year)
    summary = table.groupby("crash_year").agg(
        claims_usd_millions_low=("claimed_usd_millions", "min"),
        claims_usd_millions_high=("claimed_usd_millions", "max"),
        paid_usd_millions_low=("paid_usd_millions", "min"),
        paid_usd_millions_high=("paid_usd_millions", "max"),
        sources=("claim_id", "count"),
    )
    summary = summary.astype(
        {column: "float64" for column in summary.columns if column != "sources"}
    )
    summary["paid_pct_of_claim_low"] = (
        100 * summary["paid_usd_millions_low"] / summary["claims_usd_millions_high"]
    )
    summary["paid_pct_of_claim_high"] = (
        100 * summary["paid_usd_millions_high"] / summary["claims_usd_millions_low"]
    )
    return summary


def family_per_year(by_family: pd.DataFrame, family: str = PROTON) -> pd.Series:
    """Baikonur launch attempts of one rocket family per year, as a Series indexed by year."""
    families = set(by_family["rocket_family"].astype(str))
    if family not in families:
        raise KeyError(f"unknown rocket family {family!r}; the table has {sorted(families)}")
    rows = by_family.loc[by_family["rocket_family"].astype(str) == family]
    series = rows.set_index("year")["launch_attempts"].astype(int).sort_index()
    series.name = f"{family.lower()}_launches"
    return series


def event_value(dispute: pd.DataFrame, event_id: str) -> float:
    """The ``value`` of one ``dispute_2013`` event; KeyError if the event is missing or has none."""
    rows = dispute.loc[dispute["event_id"] == event_id]
    if rows.empty:
        raise KeyError(f"no event {event_id!r} in the dispute table")
    value = rows.iloc[0]["value"]
    if pd.isna(value):
        raise KeyError(f"event {event_id!r} has no value")
    return float(value)


def launches_against_caps(by_family: pd.DataFrame, dispute: pd.DataFrame) -> pd.DataFrame:
    """Proton launches flown in each capped year against Kazakhstan's cap and Russia's request.

    One row per year in :data:`CAP_EVENTS` (index ``year``) with ``proton_launches`` (from the
    launch record), ``kazakh_cap``, ``russian_request``, ``under_cap`` (flown at or below the cap)
    and ``launches_below_cap`` (cap minus flown).
    """
    protons = family_per_year(by_family)
    rows = []
    for year, (cap_id, request_id) in sorted(CAP_EVENTS.items()):
        if year not in protons.index:
            raise KeyError(f"the launch table has no row for {year}")
        cap = int(event_value(dispute, cap_id))
        rows.append(
            {
                "year": year,
                "proton_launches": int(protons[year]),
                "kazakh_cap": cap,
                "russian_request": int(event_value(dispute, request_id)),
            }
        )
    table = pd.DataFrame(rows).set_index("year")
    table["under_cap"] = table["proton_launches"] <= table["kazakh_cap"]
    table["launches_below_cap"] = table["kazakh_cap"] - table["proton_launches"]
    return table


def days_between(events: pd.DataFrame, first_id: str, second_id: str) -> int:
    """Days from one event to another in a table with ``event_id`` and ``date`` columns.

    Raises ValueError when either date is known only to the month or the year (a
    ``date_precision`` other than ``day``), because a day count would then be false precision.
    """
    dates = {}
    for event_id in (first_id, second_id):
        rows = events.loc[events["event_id"] == event_id]
        if rows.empty:
            raise KeyError(f"no event {event_id!r} in the table")
        row = rows.iloc[0]
        if "date_precision" in row.index and row["date_precision"] != "day":
            raise ValueError(
                f"event {event_id!r} is dated only to the {row['date_precision']}; "
                "a count of days would be false precision"
            )
        dates[event_id] = pd.Timestamp(row["date"])
    return int((dates[second_id] - dates[first_id]).days)


def baikonur_and_vostochny(by_year: pd.DataFrame, vostochny: pd.DataFrame) -> pd.DataFrame:
    """Orbital launch attempts per year from Baikonur and from Vostochny, side by side.

    Covers the years of ``vostochny`` (Vostochny's first launch year onward) that
    ``by_year`` also holds, indexed by ``year``, with ``baikonur_attempts``,
    ``vostochny_attempts`` and ``vostochny_share_pct`` (Vostochny's attempts as a percentage of
    the two sites' combined).
    """
    merged = vostochny.merge(by_year[["year", "baikonur_attempts"]], on="year", how="inner")
    table = merged.set_index("year")[["baikonur_attempts", "vostochny_attempts"]].astype(int)
    combined = table["baikonur_attempts"] + table["vostochny_attempts"]
    table["vostochny_share_pct"] = 100 * table["vostochny_attempts"] / combined
    return table.sort_index()
