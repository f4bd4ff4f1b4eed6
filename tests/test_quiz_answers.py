"""The quiz banks' computed answers, pinned against the book's data tables."""

import pytest

from baikonur.quiz import answers


def test_history_answers_are_the_peak_year_and_the_2024_share():
    assert answers.peak_year_attempts() == 48
    assert answers.baikonur_share_2024_pct() == pytest.approx(100 * 8 / 263)


def test_economics_answers_convert_discount_and_sum_the_rent():
    assert round(answers.rent_1994_in_2024_dollars(), 1) == 243.4
    assert round(answers.rent_2024_in_1994_dollars(), 1) == 54.3
    assert answers.total_rent_due_1994_2050() == 6555.0
    assert round(answers.present_value_of_rent_2026_2050_at_5_percent(), 1) == 1701.8


def test_the_2013_claim_implies_about_153_tenge_per_dollar():
    assert answers.claim_2013_kzt_per_usd() == pytest.approx(153.0, abs=0.05)


def test_ten_protons_flew_in_2013_and_36_in_2014_2024():
    assert answers.proton_launches_2013() == 10
    assert answers.proton_launches_2014_2024() == 36


def test_vostochny_made_19_of_the_two_sites_110_launches_in_2016_2024():
    assert answers.vostochny_attempts_2016_2024() == 19
    assert answers.vostochny_share_2016_2024_pct() == pytest.approx(100 * 19 / 110)


def test_every_answer_function_is_named_by_a_bank():
    from pathlib import Path

    banks = "\n".join(
        path.read_text() for path in (Path(__file__).parent.parent / "quizzes").glob("*.yml")
    )
    public = [
        name
        for name in vars(answers)
        if not name.startswith("_")
        and callable(getattr(answers, name))
        and getattr(getattr(answers, name), "__module__", "") == answers.__name__
    ]
    unused = [name for name in public if f"baikonur.quiz.answers:{name}" not in banks]
    assert not unused, f"answer functions no bank uses: {unused}"
