"""Turn a chapter's executed notebook into one that reads as the chapter in any Jupyter.

The notebook myst-nb writes for a page carries the chapter's MyST source in its Markdown cells:
glue roles where the numbers go, citation keys, glossary roles, directive fences, and every
exercise's solution right under it. Plain JupyterLab, Colab or a school hub shows all of that as
literal text. :func:`render_notebook` rewrites the Markdown into plain Markdown:

* ``{glue:text}`key:fmt``` becomes the value the build computed, formatted as the page shows it;
* ``{cite:p}``/``{cite:t}`` become the page's author-year text, and a "References" cell at the
  end lists every work the notebook cites;
* ``{term}`` becomes its word, ``{ref}``/``{numref}`` a link to the book's page (with the
  figure's or exercise's number), ``{sub}``/``{sup}`` HTML;
* admonitions become block quotes with a bold title; exercises keep a numbered heading and their
  prompt; solutions (their text and their code cells) are left out;
* a figure's caption follows its cell as a Markdown cell; code cells tagged ``book-only`` are left
  out.

The chapter sources are not touched. Anything the renderer does not know (a new role or
directive) stops the build with the page and the construct named, rather than leaking MyST into
a student's notebook. The book's own build data are passed in as a :class:`PageFacts`, so this
module needs no Sphinx.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLE = re.compile(r"\{(?P<name>[a-zA-Z][\w:-]*)\}`(?P<body>[^`]*)`")
LABEL_LINE = re.compile(r"^\([\w:.-]+\)=[ \t]*$", re.MULTILINE)
# A directive fence: backticks or colons (3 or more), then {name}, then its argument.
FENCE_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}[ \t]*(?P<arg>.*)$")
OPTION = re.compile(r"^:(?P<key>[\w-]+):[ \t]*(?P<value>.*)$")
ADMONITIONS = {
    "admonition",
    "note",
    "tip",
    "important",
    "warning",
    "caution",
    "attention",
    "danger",
    "error",
    "hint",
    "seealso",
}
EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)


BOOK_ONLY = "book-only"
"""Tag of a code cell that only the static book needs (it shows nothing in a live Jupyter)."""


class RenderError(ValueError):
    """A construct in a chapter that the published notebook cannot show as plain Markdown."""


@dataclass
class PageFacts:
    """What the book build knows about one page, for rendering its notebook.

    ``glue`` maps each glued name to its ``text/plain`` value. The callables return Markdown:
    ``cite(kind, keys)`` the citation as the page prints it ("p" or "t"), ``ref(label, text)`` a
    link to a labelled section, ``numbered(label)`` a figure's or exercise's number as the page
    shows it ("Fig. 1.2", "Exercise 2.3") or None. ``references()`` lists the cited works, as
    Markdown, one string per work, once rendering is done.
    """

    page: str
    glue: dict[str, str]
    cite: Callable[[str, str], str]
    ref: Callable[[str, str | None], str]
    numbered: Callable[[str], str | None]
    references: Callable[[], list[str]] = field(default=lambda: [])
    term: Callable[[str, str], str] = field(default=lambda text, target: text)


def format_glue(text: str, fmt: str) -> str:
    """A glued ``text/plain`` value formatted as myst-nb's ``{glue:text}`` formats it."""
    from ast import literal_eval

    try:
        value: Any = literal_eval(text)
    except (SyntaxError, ValueError):
        value = text
    if fmt == "":
        return str(value)
    kind = fmt[-1]
    if kind == "s":
        value = str(value)
    elif kind in "bcdoxX":
        value = int(value)
    elif kind in "eEfFgGn%":
        value = float(value)
    return format(value, fmt)


def _split_explicit(body: str) -> tuple[str | None, str]:
    match = EXPLICIT.match(body.strip())
    if match:
        return match.group("text").strip(), match.group("target").strip()
    return None, body.strip()


def render_inline(text: str, facts: PageFacts) -> str:
    """``text`` with every MyST role replaced by plain Markdown."""

    def replace(match: re.Match) -> str:
        name, body = match.group("name"), match.group("body")
        if name == "glue:text" or name == "glue":
            key, _, fmt = body.rpartition(":") if ":" in body else (body, "", "")
            if "::" in body:
                raise RenderError(
                    f"{facts.page}: glue from another page ({body}) is not supported in notebooks"
                )
            if key not in facts.glue:
                raise RenderError(
                    f"{facts.page}: no glued value named {key!r} (in {match.group(0)})"
                )
            return format_glue(facts.glue[key], fmt)
        if name in ("cite:p", "cite:t", "cite"):
            return facts.cite("t" if name == "cite:t" else "p", body)
        if name == "term":
            shown, target = _split_explicit(body)
            return facts.term(shown or target, target)
        if name in ("ref", "doc"):
            shown, target = _split_explicit(body)
            return facts.ref(target, shown)
        if name == "numref":
            shown, target = _split_explicit(body)
            number = facts.numbered(target)
            if number is None:
                raise RenderError(
                    f"{facts.page}: {match.group(0)} names no numbered figure or exercise"
                )
            if shown:
                digits = number.split(" ", 1)[-1]
                return facts.ref(target, shown.replace("%s", digits).replace("{number}", digits))
            return facts.ref(target, number)
        if name in ("sub", "sup"):
            return f"<{name}>{body}</{name}>"
        raise RenderError(
            f"{facts.page}: the role {{{name}}} has no plain-Markdown form for the notebook"
        )

    return _escape_dollars(ROLE.sub(replace, text))


def _escape_dollars(text: str) -> str:
    """Every ``$`` outside code written ``\\$``: Jupyter's Markdown reads a pair of bare dollar
    signs ("US$115 million ... US$65 million") as TeX, while the book, with no maths, shows them."""
    parts = re.split(r"(`+[^`]*`+)", text)
    return "".join(
        part if index % 2 else re.sub(r"(?<!\\)\$", r"\\$", part)
        for index, part in enumerate(parts)
    )


def _quote(title: str, body: str) -> str:
    lines = [f"> **{title}**", ">"]
    lines += [f"> {line}" if line.strip() else ">" for line in body.strip("\n").splitlines()]
    return "\n".join(lines)


class _State:
    """Where the renderer is across cells: inside a solution, everything is dropped."""

    def __init__(self) -> None:
        self.in_solution = False


def _directive_block(
    lines: list[str], start: int
) -> tuple[str, str, dict[str, str], list[str], int]:
    """Parse the directive opening at ``lines[start]``: name, argument, options, body lines and
    the index after its closing fence (``len(lines)`` when it is not closed in this cell)."""
    match = FENCE_OPEN.match(lines[start])
    fence = match.group("fence")
    index = start + 1
    options: dict[str, str] = {}
    if index < len(lines) and lines[index].strip() == "---":  # YAML options block
        index += 1
        while index < len(lines) and lines[index].strip() != "---":
            key, _, value = lines[index].partition(":")
            options[key.strip()] = value.strip()
            index += 1
        index += 1
    while index < len(lines) and OPTION.match(lines[index]):
        option = OPTION.match(lines[index])
        options[option.group("key")] = option.group("value")
        index += 1
    body = []
    open_fences = [fence]  # this directive's fence, then those of directives nested in it
    while index < len(lines):
        line = lines[index]
        inner = FENCE_OPEN.match(line)
        bare = line.strip()
        if inner:
            open_fences.append(inner.group("fence"))
        elif bare and set(bare) == {open_fences[-1][0]} and len(bare) >= len(open_fences[-1]):
            open_fences.pop()
            if not open_fences:
                return match.group("name"), match.group("arg").strip(), options, body, index + 1
        body.append(line)
        index += 1
    return match.group("name"), match.group("arg").strip(), options, body, len(lines)


def render_markdown(source: str, facts: PageFacts, state: _State | None = None) -> str:
    """One Markdown cell's source as plain Markdown (empty when all of it is solution)."""
    state = state or _State()
    lines = LABEL_LINE.sub("", source).splitlines()
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        opening = FENCE_OPEN.match(line)
        if state.in_solution:
            if opening and opening.group("name") == "solution-end":
                _, _, _, _, index = _directive_block(lines, index)
                state.in_solution = False
            else:
                index += 1
            continue
        if not opening:
            out.append(line)
            index += 1
            continue
        name, argument, options, body, index = _directive_block(lines, index)
        if name == "solution-start":
            state.in_solution = True
        elif name in ("solution", "exercise") and not name.endswith("start"):
            if name == "exercise":
                heading = facts.numbered(options.get("label", "")) or "Exercise"
                title = f"{heading}: {render_inline(argument, facts)}" if argument else heading
                out.extend(["", _quote(title, render_markdown("\n".join(body), facts)), ""])
            # a {solution} block is left out entirely
        elif name == "exercise-start":
            heading = facts.numbered(options.get("label", "")) or "Exercise"
            title = f"{heading}: {render_inline(argument, facts)}" if argument else heading
            out.extend(["", f"#### {title}", ""])
        elif name == "exercise-end":
            pass
        elif name in ADMONITIONS:
            title = (
                render_inline(argument, facts)
                if argument and name == "admonition"
                else (argument or name.capitalize())
            )
            out.extend(["", _quote(title, render_markdown("\n".join(body), facts)), ""])
        else:
            raise RenderError(
                f"{facts.page}: the directive {{{name}}} has no plain-Markdown form for the notebook"
            )
    text = "\n".join(out)
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
    return render_inline(text, facts)


def figure_caption_cell(cell: dict, facts: PageFacts) -> dict | None:
    """A Markdown cell with the caption of the figure ``cell`` makes, if it has one."""
    figure = cell.get("metadata", {}).get("mystnb", {}).get("figure", {})
    caption = figure.get("caption")
    if not caption:
        return None
    number = facts.numbered(figure.get("name", "")) if figure.get("name") else None
    text = render_inline(" ".join(caption.split()), facts)
    source = f"**{number}.** {text}" if number else text
    return {
        "cell_type": "markdown",
        "id": f"{cell.get('id', 'cell')}-caption",
        "metadata": {},
        "source": source,
    }


def render_notebook(notebook: dict, facts: PageFacts) -> dict:
    """A copy of ``notebook`` whose Markdown reads as the book's page (see the module's docstring)."""
    result = copy.deepcopy(notebook)
    state = _State()
    cells = []
    for cell in result["cells"]:
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            text = render_markdown(source, facts, state)
            if text.strip():
                cell["source"] = text
                cells.append(cell)
            continue
        if state.in_solution or BOOK_ONLY in cell.get("metadata", {}).get("tags", []):
            continue
        cells.append(cell)
        if cell["cell_type"] == "code":
            caption = figure_caption_cell(cell, facts)
            if caption:
                cells.append(caption)
    if state.in_solution:
        raise RenderError(f"{facts.page}: a solution is not closed with {{solution-end}}")
    references = facts.references()
    if references:
        cells.append(
            {
                "cell_type": "markdown",
                "id": "references",
                "metadata": {},
                "source": "## References\n\n" + "\n".join(f"- {entry}" for entry in references),
            }
        )
    result["cells"] = cells
    return result
