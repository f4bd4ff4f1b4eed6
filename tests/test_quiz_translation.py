"""The quizzes in the Russian and Kazakh editions: one YAML bank, a catalog per language, the
quiz's own words from ``quiz.po``, every translated bank validated as the English one is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from baikonur.quiz import QuizBankError, load_quiz, validate_all_banks
from baikonur.quiz.bank import bank_names, bank_path, feedback_giveaways, load_bank
from baikonur.quiz.grading import grade
from baikonur.quiz.translation import bank_template
from baikonur.quiz.words import WORDS, MissingTranslation, translated
from conftest import REPO, fixture_bank, make_quiz_project

EDITIONS = ("ru", "kk")


def _write_po(path: Path, messages: list[tuple[str | None, str, str]], language: str) -> None:
    catalog = Catalog(locale=language, charset="utf-8")
    for context, msgid, msgstr in messages:
        catalog.add(msgid, msgstr, context=context)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0)


def _words_po(locales: Path, language: str, skip: str | None = None) -> None:
    """A quiz.po that marks every word, keeping its placeholders: "Check" -> "[ru] Check"."""
    _write_po(
        locales / language / "LC_MESSAGES" / "quiz.po",
        [(key, text, f"[{language}] {text}") for key, text in WORDS.items() if key != skip],
        language,
    )


@pytest.fixture
def russian_sampler(tmp_path, monkeypatch):
    """The sampler bank with a Russian catalog (every text marked "[ru] "), the headings of its
    chapter translated, and the quiz's words; returns a function that rewrites one message."""
    bank = fixture_bank("sampler")
    data = make_quiz_project(tmp_path, {"sampler": bank})
    locales = tmp_path / "locales"
    monkeypatch.setenv("BAIKONUR_DATA_DIR", str(data))
    monkeypatch.setenv("BAIKONUR_LOCALES", str(locales))
    monkeypatch.setenv("BAIKONUR_LANGUAGE", "ru")
    template = bank_template(bank, "quizzes/sampler.yml")
    translations = {(m.context, m.id): f"[ru] {m.id}" for m in template if m.id}
    chapter = (tmp_path / "chapters" / "sampler.md").read_text()
    headings = re.findall(r"^#+ (.+)$", chapter, flags=re.M)
    _write_po(
        locales / "ru" / "LC_MESSAGES" / "chapters" / "sampler.po",
        [(None, heading, f"Раздел {heading.split()[-1]}") for heading in headings],
        "ru",
    )
    _words_po(locales, "ru")

    def write(changes: dict | None = None, drop: tuple | None = None) -> Path:
        messages = {**translations, **(changes or {})}
        messages.pop(drop, None)
        path = locales / "ru" / "LC_MESSAGES" / "quizzes" / "sampler.po"
        _write_po(path, [(c, i, s) for (c, i), s in messages.items()], "ru")
        return path

    write()
    return write


def _texts(document: dict) -> set[str]:
    texts = {document["title"]}
    for question in document["questions"]:
        texts |= {question[f] for f in ("prompt", "unit", "explanation") if f in question}
        for choice in question.get("options", []) + question.get("items", []):
            texts |= {choice["text"], *([choice["feedback"]] if "feedback" in choice else [])}
    return texts


def test_a_banks_template_holds_every_text_a_learner_reads_and_nothing_else():
    bank = fixture_bank("sampler")
    template = bank_template(bank, "quizzes/sampler.yml")
    assert {message.id for message in template if message.id} == _texts(bank)
    contexts = {message.context for message in template if message.id}
    assert contexts == {"title"} | {question["id"] for question in bank["questions"]}


def test_a_translated_bank_reads_in_its_language_and_grades_as_the_english_one(
    russian_sampler, monkeypatch
):
    russian = load_quiz("sampler")
    english = load_bank(russian.bank.path, language="en")
    assert russian.bank.title == "[ru] Sampler: one question of every type"
    assert russian.bank.topic == "one question of every type"  # the title after its lead-in
    for ours, theirs in zip(russian.bank.questions, english.questions, strict=True):
        assert ours.grading_spec() == {
            **theirs.grading_spec(),
            **(
                {"feedback": {k: f"[ru] {v}" for k, v in theirs.grading_spec()["feedback"].items()}}
                if "feedback" in theirs.grading_spec()
                else {}
            ),
        }
        assert ours.prompt == f"[ru] {theirs.prompt}"
        assert ours.section.title.startswith("Раздел ")
    html = russian.to_html()
    assert "[ru] Almaty was the capital until 1997." in html
    assert "[ru] Your answer" in html and ">Your answer<" not in html
    assert "[ru] Revisit “Раздел sampler-places”" in html
    assert "± 0,5" in html or "±0,5" in html  # the tolerance in the language's number format
    # The script's words ride along in the language; the page's script reads them from there.
    words = re.search(r"<script type=\"application/json\" data-words>(.*?)</script>", html)
    assert words and "[ru] Check" in words.group(1) and '"Check"' not in words.group(1)
    # The graders speak it too: the wrong option's feedback comes after "Not quite".
    capital = russian.bank.question("capital").grading_spec()
    assert grade(capital, "a").feedback == "[ru] Not quite. [ru] Almaty was the capital until 1997."
    assert grade(capital, None).feedback == "[ru] Choose an answer first."


def test_an_untranslated_message_stops_the_quiz_naming_the_catalog_and_the_message(
    russian_sampler,
):
    catalog = russian_sampler(drop=("capital", "Almaty was the capital until 1997."))
    with pytest.raises(QuizBankError) as error:
        load_quiz("sampler")
    message = str(error.value)
    assert str(catalog) in message
    assert "feedback shown when option a is chosen" in message and "Almaty was" in message


def test_a_translation_that_gives_the_answer_away_by_its_length_is_refused(russian_sampler):
    catalog = russian_sampler({("capital", "Astana"): "Астана, столица с 1997 года и по сей день"})
    with pytest.raises(QuizBankError, match="strictly longest") as error:
        load_quiz("sampler")
    assert str(error.value).startswith(str(catalog))


@pytest.mark.parametrize(
    ("language", "opening"), [("ru", "Верно, но столица сменилась."), ("kk", "Дұрыс, бірақ…")]
)
def test_feedback_that_sounds_like_approval_is_refused_in_each_language(
    russian_sampler, tmp_path, monkeypatch, language, opening
):
    if language == "kk":
        ru = tmp_path / "locales" / "ru"
        ru.rename(tmp_path / "locales" / "kk")
        monkeypatch.setenv("BAIKONUR_LANGUAGE", "kk")
        catalog = tmp_path / "locales" / "kk" / "LC_MESSAGES" / "quizzes" / "sampler.po"
        text = catalog.read_text().replace(
            'msgstr "[ru] Almaty was the capital until 1997."', f'msgstr "{opening}"'
        )
        catalog.write_text(text)
    else:
        russian_sampler({("capital", "Almaty was the capital until 1997."): opening})
    with pytest.raises(QuizBankError, match="begins as if the option were right"):
        load_quiz("sampler")


def test_a_missing_quiz_word_names_the_catalog_and_the_word(russian_sampler, tmp_path):
    _words_po(tmp_path / "locales", "ru", skip="show_answer")
    with pytest.raises(MissingTranslation, match=r"quiz\.po.*Show the answer.*show_answer"):
        translated("ru", tmp_path / "locales")


# --- The repository's catalogs ------------------------------------------------------------------


def _says_who_drafted_and_reviewed(path: Path) -> bool:
    """The catalog's header (comments and fields) says who drafted it and whether it was reviewed."""
    header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return "Drafted with" in header and re.search(r"Last-Translator: .*review", header) is not None


def _catalog(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("language", EDITIONS)
def test_every_bank_has_a_complete_catalog_that_matches_the_english_bank(language):
    for name in bank_names():
        path = REPO / "locales" / language / "LC_MESSAGES" / "quizzes" / f"{name}.po"
        assert path.exists(), f"{path}: missing; run `make catalogs` and translate it"
        document = yaml.safe_load(bank_path(name).read_text(encoding="utf-8"))
        wanted = {(m.context, m.id) for m in bank_template(document, name) if m.id}
        catalog = _catalog(path)
        have = {(m.context, m.id) for m in catalog if m.id}
        assert wanted - have == set(), f"{path}: English text not in the catalog; `make catalogs`"
        untranslated = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
        assert untranslated == [], f"{path}: untranslated or fuzzy"
        assert _says_who_drafted_and_reviewed(path), path


@pytest.mark.parametrize("language", EDITIONS)
def test_every_bank_passes_its_checks_in_every_edition(language, monkeypatch):
    """Each translated bank loads (schema, answers, sections, give-aways per bank), the give-away
    rules hold over all the banks of the edition together, and no wrong option's feedback names
    the right one."""
    monkeypatch.setenv("BAIKONUR_LANGUAGE", language)
    validate_all_banks()
    for name in bank_names():
        bank = load_bank(bank_path(name))
        assert bank.language == language
        assert feedback_giveaways(bank) == []
        english = load_bank(bank_path(name), language="en")
        assert [q.grading_spec()["answer"] for q in bank.questions] == [
            q.grading_spec()["answer"] for q in english.questions
        ]
        for ours, theirs in zip(bank.questions, english.questions, strict=True):
            assert ours.prompt != theirs.prompt, f"{name} {ours.id}: the prompt is still English"
            assert ours.section.title != theirs.section.title or ours.section.title is None


@pytest.mark.parametrize("language", EDITIONS)
def test_the_quiz_words_are_translated_with_their_placeholders_kept(language):
    path = REPO / "locales" / language / "LC_MESSAGES" / "quiz.po"
    words = translated(language, REPO / "locales")
    placeholder = re.compile(r"\{(\w+)\}")
    for key, english in WORDS.items():
        assert set(placeholder.findall(words[key])) == set(placeholder.findall(english)), (
            f"{path}: {key} must keep the placeholders of {english!r}"
        )
        if key not in ("full_stop",) and re.search(r"[A-Za-z]{3}", english):
            assert words[key] != english, f"{path}: {key} is still English"
    assert _says_who_drafted_and_reviewed(path)


def test_the_live_widget_speaks_the_editions_language(monkeypatch):
    """In Jupyter started for an edition (``BAIKONUR_LANGUAGE=kk make lab``), the widget's quiz,
    buttons and feedback are in that language."""
    monkeypatch.setenv("BAIKONUR_LANGUAGE", "kk")
    words = translated("kk", REPO / "locales")
    quiz = load_quiz("history")
    view = next(iter(quiz.widget.views.values()))
    assert view.check_button.description == words["check"]
    assert quiz.widget.name.description == words["your_name"]
    assert quiz.bank.title in quiz.widget.children[0].value
    view.check_button.click()
    assert words["choose_one"] in view.feedback.value
