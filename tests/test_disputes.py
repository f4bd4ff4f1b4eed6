"""Pin the numbers the 2013 and after-2013 chapters state, and the rules behind them.

The first group tests the pure functions of :mod:`baikonur.disputes` on small hand-made tables, so
a failure points at the function. The second group pins the results on the book's real tables
(``data/``), so a change to the data that would change a sentence in a chapter fails here first.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from baikonur import disputes
from baikonur.data import load_table

QUIZ_DIR = Path(__file__).resolve().parent.parent / "quizzes"


# --- pure functions on hand-made tables ---------------------------------------------------------


def test_implied_exchange_rate_divides_local_by_dollars():
    assert disputes.implied_exchange_rate(13_690.747305, 89.5) == pytest.approx(152.969, abs=1e-3)


@pytest.mark.parametrize("local, usd", [(0, 89.5), (100, 0), (-5, 10)])
def test_implied_exchange_rate_rejects_non_positive_amounts(local, usd):
    with pytest.raises(ValueError, match="two positive amounts"):
        disputes.implied_exchange_rate(local, usd)


def test_to_usd_is_the_inverse_of_the_implied_rate():
    rate = disputes.implied_exchange_rate(13_690.747305, 89.5)
    assert disputes.to_usd(13_690.747305, rate) == pytest.approx(89.5)
    with pytest.raises(ValueError):
        disputes.to_usd(100, 0)


def _claims(rows):
    columns = ["claim_id", "crash_date", "claimed_usd_millions", "paid_usd_millions"]
    table = pd.DataFrame(rows, columns=columns)
    table["crash_date"] = pd.to_datetime(table["crash_date"])
    return table


def test_claims_against_settlements_keeps_the_range_where_sources_disagree():
    claims = _claims(
        [
            ("low", "2007-09-05", 8.5, None),
            ("high", "2007-09-05", 60.0, None),
            ("paid", "2007-09-05", None, 2.4),
        ]
    )
    row = disputes.claims_against_settlements(claims).loc[2007]
    assert (row["claims_usd_millions_low"], row["claims_usd_millions_high"]) == (8.5, 60.0)
    assert row["paid_pct_of_claim_low"] == pytest.approx(4.0)
    assert row["paid_pct_of_claim_high"] == pytest.approx(100 * 2.4 / 8.5)
    assert row["sources"] == 3


def test_claims_against_settlements_reports_no_payment_as_missing_not_zero():
    claims = _claims([("claim", "2013-07-02", 89.5, None)])
    row = disputes.claims_against_settlements(claims).loc[2013]
    assert math.isnan(row["paid_usd_millions_low"])
    assert math.isnan(row["paid_pct_of_claim_low"])


def test_days_between_counts_days_between_day_precise_events():
    events = pd.DataFrame(
        {
            "event_id": ["a", "b"],
            "date": pd.to_datetime(["2013-07-02", "2013-12-24"]),
            "date_precision": ["day", "day"],
        }
    )
    assert disputes.days_between(events, "a", "b") == 175
    assert disputes.days_between(events, "b", "a") == -175


def test_days_between_refuses_dates_known_only_to_the_month():
    events = pd.DataFrame(
        {
            "event_id": ["note", "lavrov"],
            "date": pd.to_datetime(["2013-01-01", "2013-01-25"]),
            "date_precision": ["month", "day"],
        }
    )
    with pytest.raises(ValueError, match="dated only to the month"):
        disputes.days_between(events, "note", "lavrov")


def test_days_between_names_a_missing_event():
    events = pd.DataFrame({"event_id": ["a"], "date": pd.to_datetime(["2013-07-02"])})
    with pytest.raises(KeyError, match="no event 'z'"):
        disputes.days_between(events, "a", "z")


def test_family_per_year_rejects_an_unknown_family():
    by_family = pd.DataFrame({"year": [2013], "rocket_family": ["Proton"], "launch_attempts": [10]})
    with pytest.raises(KeyError, match="unknown rocket family 'Angara'"):
        disputes.family_per_year(by_family, "Angara")


def test_event_value_refuses_an_event_without_a_value():
    dispute = pd.DataFrame({"event_id": ["roadmap"], "value": [float("nan")]})
    with pytest.raises(KeyError, match="has no value"):
        disputes.event_value(dispute, "roadmap")


def test_baikonur_and_vostochny_covers_only_years_both_tables_hold():
    by_year = pd.DataFrame({"year": [2015, 2016, 2017], "baikonur_attempts": [18, 11, 13]})
    vostochny = pd.DataFrame({"year": [2016, 2017, 2018], "vostochny_attempts": [1, 1, 2]})
    table = disputes.baikonur_and_vostochny(by_year, vostochny)
    assert list(table.index) == [2016, 2017]
    assert table.loc[2016, "vostochny_share_pct"] == pytest.approx(100 / 12)


# --- the chapters' numbers, on the book's tables --------------------------------------------------


def test_2013_claim_is_13_690_747_305_tenge_and_89_5_million_dollars():
    claim = disputes.claim_row(load_table("crash_claims"), disputes.CLAIM_2013_ID)
    assert round(claim["claimed_amount_millions"] * 1_000_000) == 13_690_747_305
    assert claim["claimed_usd_millions"] == pytest.approx(89.5)


def test_russia_flew_under_the_cap_in_2013_and_2014():
    caps = disputes.launches_against_caps(
        load_table("launches_by_family"), load_table("dispute_2013")
    )
    assert caps.loc[2013, ["proton_launches", "kazakh_cap", "russian_request"]].tolist() == [
        10,
        12,
        17,
    ]
    assert caps.loc[2014, ["proton_launches", "kazakh_cap", "russian_request"]].tolist() == [
        8,
        10,
        14,
    ]
    assert caps["under_cap"].all()


def test_no_payment_is_recorded_for_2013_while_earlier_crashes_were_settled_for_a_fraction():
    settlements = disputes.claims_against_settlements(load_table("crash_claims"))
    assert math.isnan(settlements.loc[2013, "paid_usd_millions_high"])
    assert settlements.loc[2006, "paid_pct_of_claim_low"] == pytest.approx(100 * 1.1 / 340)
    assert settlements.loc[2006, "paid_pct_of_claim_high"] == pytest.approx(100 * 1.1 / 333)
    assert settlements.loc[2007, "paid_pct_of_claim_low"] == pytest.approx(4.0, abs=0.05)
    assert settlements.loc[2007, "paid_pct_of_claim_high"] == pytest.approx(28.2, abs=0.05)
    assert math.isnan(settlements.loc[1999, "claims_usd_millions_high"])


def test_the_road_map_came_175_days_after_the_crash():
    assert disputes.days_between(load_table("dispute_2013"), "proton-crash", "roadmap") == 175


def test_site_31_was_out_of_action_for_96_days():
    assert (
        disputes.days_between(load_table("timeline"), "site-31-damaged", "site-31-repaired") == 96
    )
