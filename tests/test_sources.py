"""Sources are original outlets, Wikipedia never stands alone, and the reader's page is clean.

The helpers (relay domains, citation groups, glossary terms) live in conftest.py; each check runs
once on the book and once on a small corrupted example, so a broken checker cannot pass quietly.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_file, parse_string

from baikonur import disputes
from baikonur.book.bibstyle import CasePreservingStyle
from baikonur.data import load_table
from conftest import (
    REPO,
    book_pages,
    chapter_files,
    relay_citations,
    undefined_frequent_terms,
    wikipedia_only_citations,
)

BIBFILE = REPO / "references.bib"


def test_no_bibliography_entry_cites_a_relay_or_mirror():
    assert relay_citations(BIBFILE) == []


def test_an_entry_on_a_relay_domain_is_reported(tmp_path):
    bibfile = tmp_path / "refs.bib"
    bibfile.write_text(
        BIBFILE.read_text()
        + "\n@misc{relayed, author = {{TASS}}, title = {Relayed}, year = {2025},"
        " url = {https://www.congofocus.com/news/le-kazakhstan}}\n"
    )
    problems = relay_citations(bibfile)
    assert len(problems) == 1 and "relayed" in problems[0] and "congofocus.com" in problems[0]


def test_no_citation_group_cites_wikipedia_alone():
    assert wikipedia_only_citations(book_pages(), BIBFILE) == []


def test_a_citation_group_of_wikipedia_keys_only_is_reported(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "Named {cite:p}`wikipedia_baikonur`.\n"
        "Backed {cite:p}`wikipedia_baikonur,nasa_baikonur`.\n"
        "Told {cite:t}`wikipedia_baikonur_cosmodrome, wikipedia_ru_baikonur_city`.\n"
    )
    problems = wikipedia_only_citations([page], BIBFILE)
    assert [problem.split(":")[1] for problem in problems] == ["1", "3"]


def test_dollar_signs_in_titles_render_without_their_latex_escape():
    entry = parse_string(
        r"@misc{ap, author = {{Associated Press}}, title = {Russia to pay Kazakhstan \$1.1m, 5\% more}, year = {2006}}",
        "bibtex",
    ).entries["ap"]
    text = CasePreservingStyle().format_entry("ap", entry).text.render_as("text")
    assert "Russia to pay Kazakhstan $1.1m, 5% more" in text
    assert "\\" not in text


@pytest.mark.build
def test_the_rendered_bibliography_shows_no_backslash_escapes(book_html):
    page = BeautifulSoup((book_html / "appendix" / "bibliography.html").read_text(), "html.parser")
    entries = [item.get_text(" ", strip=True) for item in page.select("main div.citation")]
    assert len(entries) >= 100, "the bibliography page lists too few entries to be the real one"
    escaped = [entry for entry in entries if "\\" in entry]
    assert escaped == [], f"backslash escapes reach the page: {escaped[:3]}"
    assert any("$1.1m" in entry for entry in entries), "the AP title's dollar sign is missing"


def test_every_frequent_term_has_a_glossary_entry():
    assert undefined_frequent_terms(chapter_files(), REPO / "appendix" / "glossary.md") == []


def test_a_frequent_term_missing_from_the_glossary_is_reported(tmp_path):
    glossary = tmp_path / "glossary.md"
    original = (REPO / "appendix" / "glossary.md").read_text()
    glossary.write_text(original.replace("\nTenge\n", "\nTenge coin\n"))
    problems = undefined_frequent_terms(chapter_files(), glossary)
    assert len(problems) == 1 and "'tenge'" in problems[0]


# --- Claims the sources contradict or do not hold ------------------------------------------------

#: Wordings and dates that a check against the sources found wrong or stated more strongly than the
#: sources allow. Each pattern matches the wrong claim, not the corrected one; the message says what
#: the sources hold. Matched across line breaks, case-insensitively.
KNOWN_WRONG = (
    (
        r"concept[^.]{0,150}December 2017|December 2017[^.]{0,80}concept|concept-2017|2017-12-26|_2017_concept",
        "the concept of cooperation at Baikonur was signed on 26 December 2016 (Kazinform), not in 2017",
    ),
    (
        r"unreasonably harsh",
        'the note reported by Tengrinews calls the statements "unreasonably rough"',
    ),
    (
        r"\bprosecutors\b[^.]{0,40}\bopened",
        "Russia's Investigative Committee opened the criminal case (Interfax, 4 July 2013)",
    ),
    (
        r"No\. 273-IV\)?,? (?:is dated 29 April 2010 and )?(?:entered into force|in force) (?:on )?7 June 2010",
        "7 June 2010 is the day the 2004 agreement entered into force, not law No. 273-IV",
    ),
    (
        r"flight tests in 2022|(?:due|expected) in 2022",
        "TASS (28 October 2020) gives 2023 for Soyuz-5's first launch",
    ),
    (
        r"17\s*[\u2013-]\s*20\s*(?:t\b|tonnes)",
        "no cited source gives the service cabin's mass as 17-20 tonnes",
    ),
    (
        r"25\s*[\u2013-]\s*26 December 2025|night of 25",
        "no cited source sets Soyuz-5 for the night of 25-26 December 2025",
    ),
    (
        r"reported sent on 22 November|143 days after",
        "the bill was reported sent on 16 November (Karavan) and its sum announced on 22 November",
    ),
    (
        r"without waiting for Kazakh approval",
        "Izvestia reported Roscosmos would not wait for the Environment Ministry's approval; Kazakhstan's space agency said it could agree",
    ),
    (
        r"last use of a DM-type",
        "neither cited report says the 2026 Proton was the last DM-type upper stage at Baikonur",
    ),
    (
        r"Decree No\. 2195|1995-04-17",
        "no source used here gives the day or decree of Kazakhstan's ratification of the Lease Treaty",
    ),
    (
        r"from which Russia has launched its crews",
        "Site 31 launched crews long before 2019; since then it has been the only such pad",
    ),
    (r"cash (?:payments )?since 1999", "part of the rent was paid in goods until 2001"),
    (r"16\.4% more than in 2012", "the 16.4% is against the originally approved 2012 budget"),
    (
        r"150 km south of the pad",
        "the Dnepr crash distance differs between reports (150 km, 24 km); report the disagreement",
    ),
    (
        r"170 tonnes of heptyl|more than 500 tonnes of fuel in all",
        "figures from a relay; TASS gives about 500 tonnes of fuel, Reuters 172 tonnes of heptyl",
    ),
    (
        r"74 killed in the fire|officially 78",
        "the official toll of 74 plus 4 rests on Wikipedia alone",
    ),
    (
        r"decree of President Yeltsin renamed",
        "the renaming decree of 20 December 1995 rests on Wikipedia alone",
    ),
    (r"suspended in 2014", "Baiterek's suspension in 2014 rests on Wikipedia alone"),
)


def source_files(root: Path = REPO) -> list[Path]:
    """Every file that puts a claim before a reader: pages, assignments, quiz banks, data and bibliography."""
    return [
        *book_pages(root),
        *sorted((root / "assignments").glob("*/*.md")),
        *sorted((root / "quizzes").glob("*.yml")),
        *sorted((root / "data").glob("*.csv")),
        root / "data" / "README.md",
        root / "data" / "datapackage.json",
        root / "references.bib",
    ]


def known_wrong_claims(named_texts: list[tuple[str, str]]) -> list[str]:
    """One message for every known-wrong claim found in the (name, text) pairs, with its line."""
    problems = []
    for name, text in named_texts:
        for pattern, why in KNOWN_WRONG:
            for match in re.finditer(pattern, text, re.IGNORECASE):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"{name}:{line}: {match.group(0)!r}: {why}")
    return problems


def test_no_known_wrong_claim_returns_to_the_sources():
    files = [
        (str(path.relative_to(REPO)), path.read_text()) for path in source_files() if path.exists()
    ]
    assert len(files) > 20, "too few source files found to be the book's"
    assert known_wrong_claims(files) == []


WRONG_EXAMPLES = (
    "In December 2017 Rogozin and Mamin signed a concept of cooperation.",
    "concept-2017,2017-12-26,day,Rogozin and Mamin,Sign a concept",
    'Russia asked Kazakhstan to explain Musabayev\'s "unreasonably harsh" statements.',
    "Prosecutors in Baikonur opened a criminal case.",
    "its ratification law, No. 273-IV, is dated 29 April 2010 and entered into force on 7 June 2010.",
    "Ratifies the 2004 extension (Law No. 273-IV), in force 7 June 2010",
    "in 2020 Rogozin expected flight tests in 2022;",
    "Its first launch, once expected in 2022, was postponed.",
    "the mobile service cabin, a structure of about 17\u201320 tonnes, fell.",
    "the launch was then set for the night of 25\u201326 December 2025.",
    "The bill was reported sent on 22 November, 143 days after the crash.",
    "Russia resumed Proton launches without waiting for Kazakh approval.",
    "the last use of a DM-type upper stage at Baikonur",
    "Kazakh ratification by Presidential Decree No. 2195",
    "The launch pad from which Russia has launched its crews since 2019.",
    "against the record of cash payments since 1999",
    "16.4% more than in 2012, by Igor Lisov's count",
    "a Dnepr came down about 150 km south of the pad",
    "about 170 tonnes of heptyl burning",
    "The official count was 74 killed in the fire and 4 who died later.",
    "On 20 December 1995 a decree of President Yeltsin renamed Leninsk as Baikonur.",
    "The project was later moved to the Zenit rocket and then suspended in 2014.",
)


@pytest.mark.parametrize("example", WRONG_EXAMPLES)
def test_each_known_wrong_claim_is_reported(example):
    problems = known_wrong_claims([("page.md", "A first line.\n" + example + "\n")])
    assert len(problems) >= 1 and all(problem.startswith("page.md:2:") for problem in problems)


def test_the_corrected_wordings_are_not_reported():
    corrected = (
        "On 26 December 2016 Rogozin and Mamin signed a concept of cooperation in St Petersburg.\n"
        "A separate protocol, signed in Chelyabinsk on 9 November 2017, returned 11,600 hectares.\n"
        "Russia's Investigative Committee opened a criminal case (prosecutor's office statement).\n"
        "its ratification law, No. 273-IV, is dated 29 April 2010, and the agreement itself entered into force on 7 June 2010.\n"
        "in October 2020 Rogozin expected the first launch in 2023;\n"
        '"unreasonably rough" statements\n'
    )
    assert known_wrong_claims([("page.md", corrected)]) == []


def test_the_2013_bill_is_dated_to_the_month_in_both_tables_and_its_reports_to_the_day():
    dispute = load_table("dispute_2013").set_index("event_id")
    timeline = load_table("timeline").set_index("event_id")
    assert dispute.loc["damage-claim", "date_precision"] == "month"
    assert timeline.loc["damage-claim-2013", "date_precision"] == "month"
    assert (
        str(dispute.loc["damage-claim", "date"])[:7]
        == str(timeline.loc["damage-claim-2013", "date"])[:7]
        == "2013-11"
    )
    with pytest.raises(ValueError):
        disputes.days_between(load_table("dispute_2013"), "proton-crash", "damage-claim")
    first, announced = (
        disputes.days_between(load_table("dispute_2013"), "proton-crash", event)
        for event in ("no-bill-received", "claim-announced")
    )
    assert (first, announced) == (137, 143)


def test_the_concept_of_cooperation_is_dated_26_december_2016_everywhere():
    agreements = load_table("lease_agreements").set_index("agreement_id")
    timeline = load_table("timeline").set_index("event_id")
    assert str(agreements.loc["concept-2016", "signed_date"])[:10] == "2016-12-26"
    assert str(timeline.loc["concept-2016", "date"])[:10] == "2016-12-26"
    land = agreements.loc["land-protocol-2017"]
    assert (
        str(land["signed_date"])[:10] == "2017-11-09"
        and str(land["ratified_kazakhstan"])[:10] == "2019-12-25"
    )
    entries = parse_file(str(BIBFILE)).entries
    for key in ("kazinform_2016_concept", "interfax_2016_concept", "timesca_2016_baikonur"):
        assert entries[key].fields["year"].startswith("2016"), key
    assert "14 October 2023" in entries["tass_2023_gagarins_start"].fields["howpublished"]


def test_entries_without_an_address_say_why_and_name_an_outlet():
    """An entry with no web address must say that the original's address was not found, and
    every entry must name where it was published."""
    problems = []
    for key, entry in parse_file(str(BIBFILE)).entries.items():
        fields = {name.lower(): value for name, value in entry.fields.items()}
        if not any(fields.get(name) for name in ("howpublished", "journal", "publisher")):
            problems.append(f"{key}: names no outlet")
        if not fields.get("url") and not fields.get("doi") and entry.type == "misc":
            note = fields.get("note", "")
            printed = (
                "sobranie" in fields.get("howpublished", "").lower()
            )  # a printed official gazette
            if not printed and not re.search(
                r"\b(?:not|no)\b.*\b(?:found|recorded)\b", note, re.IGNORECASE
            ):
                problems.append(f"{key}: no address and no note saying why")
    assert problems == []


@pytest.mark.build
def test_the_built_pages_carry_none_of_the_known_wrong_claims(book_html):
    pages = [
        book_html / "intro.html",
        *sorted((book_html / "chapters").glob("*.html")),
        book_html / "appendix" / "glossary.html",
    ]
    texts = []
    for page in pages:
        main = BeautifulSoup(page.read_text(), "html.parser").select_one("main") or BeautifulSoup(
            page.read_text(), "html.parser"
        )
        texts.append((page.name, main.get_text(" ")))
    assert len(texts) >= 5
    assert known_wrong_claims(texts) == []
    # The bill's range of days is glued from the two dated reports in dispute_2013.
    dispute = load_table("dispute_2013")
    reports = ("no-bill-received", "claim-announced")
    to_reports = sorted(disputes.days_between(dispute, "proton-crash", event) for event in reports)
    to_roadmap = sorted(disputes.days_between(dispute, event, "roadmap") for event in reports)
    disputes_text = " ".join(dict(texts)["disputes-2013.html"].split())
    assert f"{to_reports[0]} to {to_reports[1]} days" in disputes_text
    assert f"{to_roadmap[0]} to {to_roadmap[1]} days" in disputes_text
    after_text = " ".join(dict(texts)["after-2013.html"].split())
    assert "26 December 2016" in after_text and "9 November 2017" in after_text
