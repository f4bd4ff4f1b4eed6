"""The lease arithmetic behind the economics chapter.

Small, pure functions that turn the rent schedule and the US consumer price index into the
quantities the chapter discusses: a payment in another year's dollars, the rent in real terms, an
index-linked rent, cumulative payments and present values. Money is in US dollar millions throughout, and a stream of
payments is a pandas Series indexed by calendar year, so every function can be read, tested and
reused on its own. The scenario explorer (:mod:`baikonur.scenarios`) and the quiz's computed
answers (:mod:`baikonur.quiz.answers`) are built on them; the chapter itself writes the same
calculations in front of the reader, because learning to write them is its objective.

It is not a loader and not a finance library: the data come from :mod:`baikonur.data`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

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
        raise ValueError(
            f"{what} must be a finite number greater than -1 (e.g. 0.05 for 5%); got {rate}"
        )


# ---------------------------------------------------------------------------------------------
# Nominal and real


def value_in_other_year_dollars(
    amount: float, from_year: int, to_year: int, cpi: pd.Series
) -> float:
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


def cumulative_payments(
    payments: pd.Series, first_year: int | None = None, last_year: int | None = None
) -> pd.Series:
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
    return pd.Series(
        [(1 + rate) ** -(year - base_year) for year in index], index=index, name="discount_factor"
    )


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
