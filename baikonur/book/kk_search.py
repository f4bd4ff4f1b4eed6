"""Search for the Kazakh edition: a light suffix stemmer for Sphinx's search.

Sphinx has no Kazakh search language (and Snowball no Kazakh stemmer), so without this the Kazakh
edition falls back to English rules and an inflected query finds nothing: "Байқоңырға" (to
Baikonur) does not match "Байқоңыр" or "Байқоңырдың". Kazakh is agglutinative and its inflection
is almost all suffixes, so stripping plural, possessive and case endings from the end of a word
brings the forms of a word together.

The same rules run twice: in Python when Sphinx writes the search index (:func:`stem`) and in the
reader's browser on the query (:data:`JS_STEMMER`, made from the same suffix list). Over-stemming is
harmless as long as both sides do the same: "Қазақстан" and "Қазақстанға" both become "қазақс".
"""

from __future__ import annotations

import json

from sphinx.search import SearchLanguage

SUFFIXES: tuple[str, ...] = tuple(
    sorted(
        set(
            """
            лар лер дар дер тар тер
            ның нің дың дің тың тің
            ға ге қа ке на не
            ны ні ды ді ты ті
            да де та те нда нде
            дан ден тан тен нан нен
            мен бен пен менен бенен пенен
            дағы дегі тағы тегі ндағы ндегі
            ымыз іміз ыңыз іңіз мыз міз ңыз ңіз
            сы сі ым ім ың ің
            ы і а е н м ң
            """.split()
        ),
        key=lambda suffix: (-len(suffix), suffix),
    )
)
"""Plural, possessive and case endings, longest first (the first that fits is cut)."""

ROUNDS = 6
"""At most this many endings are cut from one word (plural + possessive + case, and variants)."""

SHORTEST_STEM = 3
"""A stem keeps at least this many letters; after a one-letter ending, at least :data:`SHORTEST_STEM_SINGLE`."""
SHORTEST_STEM_SINGLE = 5


def stem(word: str) -> str:
    """The search stem of a Kazakh word: lower case, with up to :data:`ROUNDS` endings cut."""
    word = word.lower()
    for _ in range(ROUNDS):
        for suffix in SUFFIXES:
            shortest = SHORTEST_STEM_SINGLE if len(suffix) == 1 else SHORTEST_STEM
            if word.endswith(suffix) and len(word) - len(suffix) >= shortest:
                word = word[: -len(suffix)]
                break
        else:
            break
    return word


JS_STEMMER = """
/* Kazakh suffix stemmer: the rules of baikonur/book/kk_search.py, applied to the query. */
var Stemmer = function () {
  const SUFFIXES = %(suffixes)s;
  this.stemWord = function (word) {
    word = word.toLowerCase();
    for (let round = 0; round < %(rounds)d; round++) {
      let cut = false;
      for (const suffix of SUFFIXES) {
        const shortest = suffix.length === 1 ? %(single)d : %(shortest)d;
        if (word.endsWith(suffix) && word.length - suffix.length >= shortest) {
          word = word.slice(0, -suffix.length);
          cut = true;
          break;
        }
      }
      if (!cut) break;
    }
    return word;
  };
};
""" % {
    "suffixes": json.dumps(list(SUFFIXES), ensure_ascii=False),
    "rounds": ROUNDS,
    "single": SHORTEST_STEM_SINGLE,
    "shortest": SHORTEST_STEM,
}


class SearchKazakh(SearchLanguage):
    lang = "kk"
    language_name = "Kazakh"
    js_stemmer_code = JS_STEMMER
    stopwords: set[str] = set()

    def stem(self, word: str) -> str:
        return stem(word)
