"""The static quiz form: semantic, self-contained, escaped, readable without JavaScript, small."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from baikonur.quiz import Quiz, load_quiz
from baikonur.quiz.static import format_answer
from conftest import fixture_bank, make_quiz_project

STATIC = Path(__file__).resolve().parent.parent / "_static"
# The front-end grades, reads typed numbers, keeps question states and writes the results file;
# it keeps answers per learner and records resets; a page with a five-question quiz still adds less
# than a small image.
BUDGET_BYTES = 32_000


@pytest.fixture
def sampler(tmp_path, monkeypatch) -> Quiz:
    data = make_quiz_project(tmp_path, {"sampler": fixture_bank("sampler")})
    monkeypatch.setenv("BAIKONUR_DATA_DIR", str(data))
    return load_quiz("sampler")


def parse(quiz: Quiz) -> BeautifulSoup:
    return BeautifulSoup(quiz.to_html(), "html.parser")


def form(html: BeautifulSoup, question_id: str):
    return html.select_one(f'form[data-q="{question_id}"]')


def test_every_question_is_a_fieldset_with_a_numbered_legend(sampler):
    html = parse(sampler)
    forms = html.select("section.bq > form.bq-q")
    assert [f["data-q"] for f in forms] == [q.id for q in sampler.bank.questions]
    for number, question_form in enumerate(forms, 1):
        assert question_form.fieldset.legend.get_text().startswith(f"{number}. ")
    assert html.section["aria-labelledby"] == html.h3["id"]


def test_choices_are_real_labelled_inputs_in_one_group_per_question(sampler):
    html = parse(sampler)
    radios = form(html, "capital").select("label > input[type=radio]")
    assert [r["value"] for r in radios] == ["a", "b", "c"] and len({r["name"] for r in radios}) == 1
    checkboxes = form(html, "launchers").select("label > input[type=checkbox]")
    assert len(checkboxes) == 4 and radios[0]["name"] != checkboxes[0]["name"]


def test_numeric_input_is_labelled_and_described_by_its_unit(sampler):
    html = parse(sampler)
    number = form(html, "rent").select_one("input[inputmode=decimal]")
    assert html.select_one(f'label[for="{number["id"]}"]').get_text() == "Your answer"
    assert html.select_one(f"#{number['aria-describedby']}").get_text() == "USD millions"
    assert number["type"] == "text" and number["inputmode"] == "decimal"


def test_ordering_items_start_shuffled(sampler):
    items = form(parse(sampler), "order").select("ol.bq-order > li")
    assert [li["data-item"] for li in items] == ["gagarin", "sputnik", "buran"]


def test_answers_and_explanations_are_folded_below_each_question(sampler):
    html = parse(sampler)
    for question in sampler.bank.questions:
        details = form(html, question.id).details
        assert details.summary.get_text() == "Answer" and not details.has_attr("open")
        assert question.explanation in details.get_text()
        assert details.select_one(".bq-ex a")["href"] == f"#{question.section.label}"
    # Lettered as on the printed question sheet, where options keep their order.
    assert "Answer: B. Astana" in form(html, "capital").details.get_text()
    assert (
        "Answer: 115.00 USD millions (accepted within ±0.5)"
        in form(html, "rent").details.get_text()
    )
    order = [li.get_text()[3:] for li in form(html, "order").details.select("ol li")]
    assert order == [
        "Sputnik 1 is launched",
        "Gagarin orbits the Earth",
        "Buran flies its only mission",
    ]


@pytest.mark.parametrize(
    ("answer", "tolerance", "shown"),
    [
        (3.041825095057034, 0.1, "3.0"),
        (48.4713, 0.05, "48.47"),
        (1725.0, 1.0, "1,725"),
        (61.0, 0.0, "61"),
        (0.125, 0.0, "0.125"),
    ],
)
def test_numeric_answer_key_is_rounded_to_the_tolerance(answer, tolerance, shown):
    assert format_answer(answer, tolerance) == shown


def test_bank_text_is_escaped_everywhere(sampler):
    raw = sampler.to_html()
    html = parse(sampler)
    scripts = html.find_all("script")
    # The grading data and the quiz's words: data only, never a script that runs.
    assert [script["type"] for script in scripts] == ["application/json"] * 2
    assert scripts[1].has_attr("data-words")
    assert not html.find_all(["em", "b", "i"])
    assert "<script>alert('x')</script>" in form(html, "markup").legend.get_text()
    assert (
        "</script><script>"
        not in raw.split('<script type="application/json">')[1].rsplit("</script>", 1)[0]
    )


def test_embedded_grading_data_matches_the_bank(sampler):
    specs = json.loads(parse(sampler).script.string)
    assert list(specs) == [q.id for q in sampler.bank.questions]
    assert specs["launchers"] == {
        "type": "multiple",
        "options": ["soyuz", "proton", "ariane", "falcon"],
        "feedback": {"ariane": "Ariane flies from Kourou, in French Guiana."},
        "answer": ["soyuz", "proton"],
    }


def test_two_displays_of_one_quiz_get_separate_ids(sampler):
    again = Quiz(sampler.bank)
    first, second = parse(sampler), parse(again)
    assert first.section["id"] != second.section["id"]
    first_names = {i["name"] for i in first.select("input[name]")}
    assert not first_names & {i["name"] for i in second.select("input[name]")}


def test_five_question_quiz_adds_less_than_the_budget(sampler):
    assert len(sampler.bank.questions) == 5
    added = len(sampler.to_html().encode()) + sum(
        (STATIC / name).stat().st_size for name in ("quiz.js", "quiz.css")
    )
    assert added < BUDGET_BYTES, f"a five-question quiz adds {added} bytes (budget {BUDGET_BYTES})"


def test_static_front_end_makes_no_network_request():
    script = (STATIC / "quiz.js").read_text() + (STATIC / "theme-fixes.js").read_text()
    for call in (
        "fetch(",
        "XMLHttpRequest",
        "import(",
        "http://",
        "https://",
        "innerHTML",
        "insertAdjacentHTML",
    ):
        assert call not in script
