"""Computed answers for the quiz banks' numeric questions.

A bank names one of these functions instead of typing a number
(``answer_from: baikonur.quiz.answers:peak_year_attempts``), so a quiz answer changes with the data
exactly as the chapter's glued prose does. Each function takes no argument, loads the tables it
needs through :func:`baikonur.data.load_table`, and computes with the package's analysis functions.
It is not for chapters to import: they compute these numbers in front of the reader.
"""

from __future__ import annotations

import pandas as pd

from baikonur import disputes, economics, launches
from baikonur.data import load_table
from baikonur.scenarios import rent_and_cpi


def _both_sites_2016_2024() -> pd.DataFrame:
    table = disputes.baikonur_and_vostochny(
        load_table("launches_by_year"), load_table("vostochny_launches")
    )
    return table.loc[2016:2024]


# History


def peak_year_attempts() -> int:
    """Baikonur's orbital launch attempts in its busiest year."""
    return launches.peak_year(load_table("launches_by_year"))[1]


def baikonur_share_2024_pct() -> float:
    """Baikonur's share of the world's orbital launch attempts in 2024, in percent."""
    return launches.share_in_year(load_table("launches_by_year"), 2024)


# Economics


def rent_1994_in_2024_dollars() -> float:
    """The 1994 rent expressed in 2024 dollars."""
    rent, cpi = rent_and_cpi()
    return economics.value_in_other_year_dollars(rent[1994], 1994, 2024, cpi)


def rent_2024_in_1994_dollars() -> float:
    """What the rent paid in 2024 could buy, in 1994 dollars."""
    rent, cpi = rent_and_cpi()
    return economics.value_in_other_year_dollars(rent[2024], 2024, 1994, cpi)


def total_rent_due_1994_2050() -> float:
    """Nominal rent due over the whole lease as extended, 1994-2050."""
    rent, _ = rent_and_cpi()
    return economics.total_payments(rent, 1994, 2050)


def present_value_of_rent_2026_2050_at_5_percent() -> float:
    """Present value in 2026 of the treaty rent for 2026-2050, discounted at 5% a year."""
    rent, _ = rent_and_cpi()
    return economics.present_value(rent.loc[2026:2050], 0.05, 2026)


# The 2013 disputes and after


def claim_2013_kzt_per_usd() -> float:
    """Tenge per US dollar implied by the 2013 claim's amount in tenge and in dollars."""
    row = disputes.claim_row(load_table("crash_claims"), disputes.CLAIM_2013_ID)
    return disputes.implied_exchange_rate(
        float(row["claimed_amount_millions"]), float(row["claimed_usd_millions"])
    )


def proton_launches_2013() -> int:
    """Proton launch attempts from Baikonur in 2013, the failed one included."""
    return int(disputes.family_per_year(load_table("launches_by_family"))[2013])


def proton_launches_2014_2024() -> int:
    """Proton launch attempts from Baikonur after the dispute year, 2014-2024."""
    return int(disputes.family_per_year(load_table("launches_by_family")).loc[2014:2024].sum())


def vostochny_attempts_2016_2024() -> int:
    """Orbital launch attempts from Vostochny, 2016-2024."""
    return int(_both_sites_2016_2024()["vostochny_attempts"].sum())


def vostochny_share_2016_2024_pct() -> float:
    """Vostochny's share of the two sites' combined launch attempts, 2016-2024, in percent."""
    table = _both_sites_2016_2024()
    vostochny = table["vostochny_attempts"].sum()
    return float(100 * vostochny / (vostochny + table["baikonur_attempts"].sum()))
