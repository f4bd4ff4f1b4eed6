"""Tests for the data tables and their loader (baikonur.data).

Three layers: every table loads with the types its description promises; a corrupt copy of a
table (in a temporary folder, through BAIKONUR_DATA_DIR) raises one DataValidationError that names
the file, line and column; and the tables agree with each other and with the facts they encode.
The last test checks that the book build itself stops on a corrupt table.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from baikonur import data
from baikonur.data import (
    DataValidationError,
    bibliography_keys,
    list_tables,
    load_table,
    validate_package,
)
from conftest import REPO, build_book, copy_book_sources

DATA = REPO / "data"
DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {resource["name"]: resource for resource in DESCRIPTOR["resources"]}


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A private copy of data/, references.bib and _toc.yml that the loader reads instead of the real ones."""
    shutil.copytree(DATA, tmp_path / "data")
    shutil.copy(REPO / "references.bib", tmp_path / "references.bib")
    shutil.copy(REPO / "_toc.yml", tmp_path / "_toc.yml")
    monkeypatch.setenv(data.DATA_DIR_ENV, str(tmp_path / "data"))
    return tmp_path / "data"


def edit_line(path: Path, line_number: int, old: str, new: str) -> None:
    """Replace the first `old` on one line (1-based, the header is line 1) of a CSV file."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[line_number - 1], f"{old!r} not on line {line_number} of {path.name}"
    lines[line_number - 1] = lines[line_number - 1].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")


def drop_column(path: Path, column: str) -> None:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.drop(columns=column).to_csv(path, index=False)


def validation_message() -> str:
    with pytest.raises(DataValidationError) as caught:
        validate_package()
    return str(caught.value)


# --- Loading and types -------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(RESOURCES))
def test_table_loads_with_the_dtypes_its_schema_declares(name):
    frame = load_table(name)
    fields = RESOURCES[name]["schema"]["fields"]
    assert list(frame.columns) == [field["name"] for field in fields]
    assert len(frame) > 0
    for field in fields:
        column = frame[field["name"]]
        enum = field.get("constraints", {}).get("enum")
        if enum:
            assert isinstance(column.dtype, pd.CategoricalDtype), field["name"]
            assert list(column.cat.categories) == enum
        elif field["type"] == "integer":
            assert pd.api.types.is_integer_dtype(column), field["name"]
        elif field["type"] == "number":
            assert column.dtype == "float64", field["name"]
        elif field["type"] == "date":
            assert pd.api.types.is_datetime64_dtype(column), field["name"]
        else:
            assert pd.api.types.is_string_dtype(column), field["name"]


def test_reported_figures_and_exchange_rates_load_as_numbers_with_their_units_as_categories():
    figures = load_table("lease_figures")
    assert figures["amount"].dtype == "float64"
    assert figures["year"].dtype == "int64"
    assert list(figures["unit"].cat.categories) == [
        "USD millions",
        "USD millions a year",
        "RUB millions",
    ]
    assert isinstance(figures["topic"].dtype, pd.CategoricalDtype)
    assert not figures["topic"].isna().any()
    rates = load_table("exchange_rates")
    assert rates["per_usd"].dtype == "float64"
    assert pd.api.types.is_datetime64_dtype(rates["date"])
    assert list(rates["currency"].cat.categories) == ["RUB", "KZT"]


def test_list_tables_names_every_csv_file_in_the_data_folder():
    assert sorted(list_tables()) == sorted(path.stem for path in DATA.glob("*.csv"))


def test_unknown_table_name_raises_key_error_listing_the_tables():
    with pytest.raises(KeyError, match="launches_by_year"):
        load_table("launches_per_decade")


def test_load_table_returns_a_fresh_copy_each_time():
    first = load_table("rent_schedule")
    first.loc[0, "rent_usd_millions"] = 0.0
    assert load_table("rent_schedule").loc[0, "rent_usd_millions"] == 115.0


def test_data_folder_can_be_redirected_with_the_environment_variable(data_copy):
    edit_line(data_copy / "rent_schedule.csv", 2, "115.0", "116.0")
    assert load_table("rent_schedule").loc[0, "rent_usd_millions"] == 116.0


def test_bibliography_keys_reads_every_entry_of_references_bib():
    keys = bibliography_keys()
    entries = (REPO / "references.bib").read_text(encoding="utf-8").count("\n@")
    assert {"mcdowell_gcat", "bls_cpi_u"} <= keys
    assert len(keys) == entries


def test_the_real_package_is_valid():
    validate_package()


# --- Corrupt tables ----------------------------------------------------------------------------

CORRUPTIONS = {
    "number-not-a-number": (
        "rent_schedule.csv",
        14,
        "115.0",
        "abc",
        ['line 14, column "rent_usd_millions"', "not a valid number"],
    ),
    "integer-with-decimals": (
        "launches_by_year.csv",
        2,
        "1957,2,",
        "1957,2.5,",
        ['line 2, column "baikonur_attempts"', "not a valid integer"],
    ),
    "date-not-a-date": (
        "timeline.csv",
        3,
        "1955-06-02",
        "1955-13-02",
        ['line 3, column "date"', "not a valid date", "YYYY-MM-DD"],
    ),
    "date-in-wrong-format": (
        "dispute_2013.csv",
        2,
        "2012-12-10",
        "10/12/2012",
        ['line 2, column "date"', "not a valid date"],
    ),
    "value-outside-enum": (
        "rent_schedule.csv",
        3,
        "offset against debt",
        "offset",
        ['line 3, column "settlement"', "not an allowed value", '"cash and goods"'],
    ),
    "category-outside-enum": (
        "timeline.csv",
        4,
        ",milestone,",
        ",triumph,",
        ['line 4, column "category"', "triumph"],
    ),
    "below-minimum": (
        "launches_by_year.csv",
        5,
        "1960,9,",
        "1960,-9,",
        ['line 5, column "baikonur_attempts"', "from 0"],
    ),
    "required-cell-empty": (
        "cpi_u.csv",
        4,
        "156.85",
        "",
        ['line 4, column "cpi_u_annual_avg"', "required"],
    ),
    "duplicate-key": (
        "launches_by_year.csv",
        3,
        "1958,",
        "1957,",
        ['line 3, column "year"', "duplicate key year = 1957", "line 2"],
    ),
    "duplicate-composite-key": (
        "launches_by_family.csv",
        3,
        "Proton",
        "R-7/Soyuz",
        ["line 3", "duplicate key", "R-7/Soyuz"],
    ),
    "renamed-column": (
        "timeline.csv",
        1,
        ",title,",
        ",name,",
        ["line 1 (header)", '"name"', '"title"'],
    ),
    "source-key-not-in-bibliography": (
        "timeline.csv",
        6,
        "mcdowell_gcat",
        "nobody_2099_unknown",
        ['line 6, column "source_key"', "nobody_2099_unknown", "references.bib"],
    ),
    "figure-amount-not-a-number": (
        "lease_figures.csv",
        6,
        ",1318,",
        ",1.318 bn,",
        ['line 6, column "amount"', "not a valid number"],
    ),
    "figure-unit-outside-enum": (
        "lease_figures.csv",
        2,
        "USD millions a year",
        "dollars",
        ['line 2, column "unit"', "not an allowed value", '"USD millions a year"'],
    ),
    "figure-source-key-not-in-bibliography": (
        "lease_figures.csv",
        3,
        "yonhap_1994_baikonur_lease",
        "yonhap_1994_unknown",
        ['line 3, column "source_key"', "yonhap_1994_unknown", "references.bib"],
    ),
    "rate-not-a-number": (
        "exchange_rates.csv",
        4,
        "155.56",
        "155.56 KZT",
        ['line 4, column "per_usd"', "not a valid number"],
    ),
    "rate-currency-outside-enum": (
        "exchange_rates.csv",
        2,
        ",RUB,",
        ",RUR,",
        ['line 2, column "currency"', "not an allowed value", '"KZT"'],
    ),
    "rate-date-in-wrong-format": (
        "exchange_rates.csv",
        3,
        "2014-02-11",
        "11.02.2014",
        ['line 3, column "date"', "not a valid date"],
    ),
    "chapter-not-in-the-toc": (
        "timeline.csv",
        2,
        ",history,",
        ",histroy,",
        [
            'line 2, column "chapter"',
            '"histroy" is not a chapter of _toc.yml',
            "history, economics",
        ],
    ),
    "rate-source-key-not-in-bibliography": (
        "exchange_rates.csv",
        5,
        "ria_2014_tenge_devaluation",
        "ria_2014_unknown",
        ['line 5, column "source_key"', "ria_2014_unknown", "references.bib"],
    ),
}


@pytest.mark.parametrize("kind", list(CORRUPTIONS))
def test_corrupt_table_raises_one_error_naming_file_line_and_column(data_copy, kind):
    filename, line, old, new, expected = CORRUPTIONS[kind]
    edit_line(data_copy / filename, line, old, new)
    message = validation_message()
    assert f"data/{filename}" in message
    for fragment in expected:
        assert fragment in message
    assert "Fix:" in message


def test_a_chapter_added_to_the_toc_is_a_valid_chapter_of_the_timeline(data_copy):
    edit_line(data_copy / "timeline.csv", 2, ",history,", ",launch-pads,")
    assert '"launch-pads" is not a chapter of _toc.yml' in validation_message()
    toc = data_copy.parent / "_toc.yml"
    lines = toc.read_text().splitlines(keepends=True)
    last = max(number for number, line in enumerate(lines) if "- file: chapters/" in line)
    lines.insert(last + 1, lines[last].split("- file:")[0] + "- file: chapters/launch-pads\n")
    toc.write_text("".join(lines))
    assert data.toc_chapters(toc)[-1] == "launch-pads"
    validate_package()
    assert "launch-pads" in set(load_table("timeline")["chapter"])


def test_missing_column_is_named_in_the_error(data_copy):
    drop_column(data_copy / "rent_schedule.csv", "settlement")
    message = validation_message()
    assert "data/rent_schedule.csv, line 1 (header)" in message
    assert '"settlement"' in message


def test_missing_file_is_named_in_the_error(data_copy):
    (data_copy / "vostochny_launches.csv").unlink()
    assert "data/vostochny_launches.csv" in validation_message()


def test_problems_in_several_files_are_reported_together(data_copy):
    edit_line(data_copy / "rent_schedule.csv", 14, "115.0", "abc")
    edit_line(data_copy / "cpi_u.csv", 4, "156.85", "n/a")
    message = validation_message()
    assert "data/rent_schedule.csv, line 14" in message
    assert "data/cpi_u.csv, line 4" in message


def test_load_table_refuses_to_load_from_a_corrupt_package(data_copy):
    edit_line(data_copy / "cpi_u.csv", 4, "156.85", "n/a")
    with pytest.raises(DataValidationError, match=r"data/cpi_u\.csv, line 4"):
        load_table("rent_schedule")


def test_a_table_corrupted_after_validation_is_caught_on_the_next_load(data_copy):
    load_table("cpi_u")
    edit_line(data_copy / "cpi_u.csv", 4, "156.85", "n/a")
    with pytest.raises(DataValidationError, match=r"data/cpi_u\.csv, line 4"):
        load_table("cpi_u")


# --- Consistency across tables -----------------------------------------------------------------


def test_family_counts_sum_to_the_yearly_baikonur_totals():
    families = load_table("launches_by_family").groupby("year")["launch_attempts"].sum()
    yearly = load_table("launches_by_year").set_index("year")["baikonur_attempts"]
    pd.testing.assert_series_equal(families, yearly, check_names=False)


def test_family_table_has_every_year_and_family_once():
    families = load_table("launches_by_family")
    years = load_table("launches_by_year")["year"]
    assert len(families) == len(years) * len(families["rocket_family"].cat.categories)


def test_baikonur_never_exceeds_the_world():
    launches = load_table("launches_by_year")
    for outcome in ("attempts", "successes", "failures"):
        assert (launches[f"baikonur_{outcome}"] <= launches[f"world_{outcome}"]).all(), outcome


def test_successes_plus_failures_equal_attempts():
    launches = load_table("launches_by_year")
    for place in ("baikonur", "world"):
        total = launches[f"{place}_successes"] + launches[f"{place}_failures"]
        assert (total == launches[f"{place}_attempts"]).all(), place


def test_share_is_baikonur_attempts_over_world_attempts():
    launches = load_table("launches_by_year")
    share = (100 * launches["baikonur_attempts"] / launches["world_attempts"]).round(1)
    assert (share - launches["baikonur_share_pct"]).abs().max() < 0.051


def test_launch_years_run_1957_to_2024_without_gaps():
    assert load_table("launches_by_year")["year"].tolist() == list(range(1957, 2025))


def test_launch_totals_match_the_gcat_derivation():
    launches = load_table("launches_by_year")
    assert launches[
        ["baikonur_attempts", "baikonur_successes", "baikonur_failures"]
    ].sum().tolist() == [1547, 1424, 123]
    assert launches["world_attempts"].sum() == 6836
    assert load_table("vostochny_launches")["vostochny_attempts"].sum() == 19


def test_rent_schedule_covers_1994_to_2050_with_no_gaps():
    rent = load_table("rent_schedule")
    assert rent["year"].tolist() == list(range(1994, 2051))
    assert (rent["rent_usd_millions"] == 115.0).all()


def test_rent_settlement_follows_the_history_of_payment():
    settlement = load_table("rent_schedule").set_index("year")["settlement"].astype(str)
    expected = {
        range(1994, 1999): "offset against debt",
        range(1999, 2002): "cash and goods",
        range(2002, 2026): "cash",
        range(2026, 2051): "scheduled",
    }
    for years, kind in expected.items():
        assert (settlement.loc[list(years)] == kind).all(), kind


def test_cpi_covers_every_rent_year_up_to_2025():
    cpi_years = set(load_table("cpi_u")["year"])
    rent_years = set(load_table("rent_schedule").query("year <= 2025")["year"])
    assert rent_years <= cpi_years
    assert load_table("cpi_u").set_index("year").loc[2013, "cpi_u_annual_avg"] == 232.957


def test_every_source_key_in_every_table_resolves_to_the_bibliography():
    keys = bibliography_keys()
    used = set()
    for name, resource in RESOURCES.items():
        used |= set(resource.get("source_keys", []))
        frame = load_table(name)
        for column in frame.columns:
            if column.endswith("source_key"):
                used |= set(frame[column].dropna())
    assert used, "no source keys found"
    assert used <= keys, sorted(used - keys)


def test_timeline_has_at_least_40_events_from_1955_to_2026_each_told_by_a_chapter():
    timeline = load_table("timeline")
    assert len(timeline) >= 40
    assert timeline["date"].dt.year.min() == 1955
    assert timeline["date"].dt.year.max() == 2026
    assert set(timeline["chapter"]) <= set(data.toc_chapters(REPO / "_toc.yml"))
    assert timeline["date"].is_monotonic_increasing


@pytest.mark.parametrize("name", ["timeline", "dispute_2013"])
def test_partial_dates_are_stored_as_the_first_day_of_their_period(name):
    events = load_table(name)
    month = events[events["date_precision"] == "month"]["date"]
    year = events[events["date_precision"] == "year"]["date"]
    assert (month.dt.day == 1).all()
    assert ((year.dt.day == 1) & (year.dt.month == 1)).all()


def test_crash_claims_cover_the_four_crashes_and_flag_disagreements():
    claims = load_table("crash_claims")
    assert set(claims["crash_date"].dt.year) == {1999, 2006, 2007, 2013}
    for year, rows in claims.groupby(claims["crash_date"].dt.year):
        if rows["paid_usd_millions"].nunique() > 1 or rows["claimed_usd_millions"].nunique() > 1:
            assert rows["note"].notna().all(), f"{year}: sources disagree but a row has no note"


def test_the_2013_proton_cap_and_request_are_recorded():
    dispute = load_table("dispute_2013").set_index("event_id")
    assert dispute.loc["proton-cap-approved", "value"] == 12
    assert dispute.loc["proton-request", "value"] == 17


def test_vostochny_estimates_keep_their_spread():
    estimates = load_table("comparisons").query("topic == 'Vostochny cost' and currency == 'RUB'")
    assert len(estimates) >= 5
    assert estimates["amount_millions"].max() / estimates["amount_millions"].min() > 5


def test_the_analysts_dollar_figure_for_the_roscosmos_budget_is_close_to_the_budget_at_the_2013_rate():
    budget_roubles = (
        load_table("comparisons")
        .set_index("figure_id")
        .loc["roscosmos-budget-2013", "amount_millions"]
    )
    roubles_per_dollar = (
        load_table("exchange_rates").set_index("rate_id").loc["rub-per-usd-2013", "per_usd"]
    )
    analyst_dollars = (
        load_table("lease_figures")
        .set_index("figure_id")
        .loc["roscosmos-usd-budget-rate", "amount"]
    )
    assert abs(analyst_dollars / (budget_roubles / roubles_per_dollar) - 1) < 0.05


def test_the_tenge_was_devalued_on_11_february_2014_into_a_corridor_above_the_old_rate():
    tenge = load_table("exchange_rates").query("currency == 'KZT'").set_index("rate_id")
    before = tenge.loc["kzt-per-usd-before"]
    corridor = tenge.loc[["kzt-per-usd-after-low", "kzt-per-usd-after-high"]]
    assert (corridor["date"] == pd.Timestamp("2014-02-11")).all()
    assert before["date"] < corridor["date"].min()
    assert before["per_usd"] < corridor["per_usd"].min() < corridor["per_usd"].max()


# --- The book build ----------------------------------------------------------------------------


@pytest.mark.build
@pytest.mark.slow
def test_book_build_stops_on_a_corrupt_table_naming_file_and_line(tmp_path):
    book = copy_book_sources(tmp_path / "book")
    edit_line(book / "data" / "rent_schedule.csv", 14, "115.0", "abc")
    result = build_book(book, tmp_path / "out", env={data.DATA_DIR_ENV: str(book / "data")})
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "data/rent_schedule.csv, line 14" in output
    assert 'column "rent_usd_millions"' in output
