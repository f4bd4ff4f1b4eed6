"""Figures: sharp, in the book's one set of colours, with timelines that keep every label whole and
maps whose places and outlines come from validated tables in data/."""

from __future__ import annotations

import ast
import base64
import re
import shutil
from pathlib import Path

import jupytext
import matplotlib
import matplotlib.dates as mdates
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from matplotlib.backends.backend_agg import FigureCanvasAgg

from baikonur import charts, data
from baikonur.data import DataValidationError, load_table, validate_package
from conftest import REPO, build_book, chapter_files, copy_book_sources

matplotlib.use("agg")

COLUMN_PX = 672
"""Width of the page's text column, in CSS pixels, on a 1280 px desktop window (measured in Chromium)."""
SMALL_PRINT_PX = 14.4
"""The theme's small print: 0.9 rem."""
COLOUR_KEYWORDS = {
    "color",
    "colour",
    "colors",
    "c",
    "facecolor",
    "edgecolor",
    "markerfacecolor",
    "markeredgecolor",
}
COORDINATE_CALLS = {"plot", "text", "annotate", "scatter"}


def code_cells(chapter: Path) -> list[str]:
    notebook = jupytext.read(chapter)
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def typed_colours(source: str) -> list[str]:
    """Colours typed in chart code: hex strings, PALETTE look-ups, and string literals given as a colour."""
    found = re.findall(r"""["']#[0-9a-fA-F]{3,8}["']""", source)
    found += re.findall(r"PALETTE\[", source)
    for node in ast.walk(ast.parse(source)):
        pairs = []
        if isinstance(node, ast.Call):
            pairs = [(keyword.arg, keyword.value) for keyword in node.keywords]
        elif isinstance(node, ast.Dict):
            pairs = [
                (key.value, value)
                for key, value in zip(node.keys, node.values, strict=True)
                if isinstance(key, ast.Constant)
            ]
        found += [
            f"{name}={value.value!r}"
            for name, value in pairs
            if name in COLOUR_KEYWORDS
            and isinstance(value, ast.Constant)
            and isinstance(value.value, str)
        ]
    return found


def typed_coordinates(source: str) -> list[float]:
    """Numbers in a map cell that look like a position: decimals of 20 or more, or a number given as
    the position of a mark or label."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, float)
            and 20 <= abs(node.value) <= 180
        ):
            found.append(node.value)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in COORDINATE_CALLS
        ):
            position = node.args[:2] + [
                item for arg in node.args[1:2] if isinstance(arg, ast.Tuple) for item in arg.elts
            ]
            found += [
                arg.value
                for arg in position
                if isinstance(arg, ast.Constant) and isinstance(arg.value, (int, float))
            ]
    return found


def map_cells() -> list[tuple[str, str]]:
    return [
        (chapter.stem, source)
        for chapter in chapter_files()
        for source in code_cells(chapter)
        if "draw_base_map(" in source
    ]


# --- One visual language ------------------------------------------------------------------------


def test_the_colour_scan_finds_a_colour_typed_in_chart_code():
    typed = 'ax.bar(x, y, color="red")\nax.plot(x, y, color="#ff0000")\nax.text(0, 0, "a", bbox={"facecolor": "white"})'
    assert typed_colours(typed) == [
        '"#ff0000"',
        "color='red'",
        "color='#ff0000'",
        "facecolor='white'",
    ]
    assert typed_colours('ax.bar(x, y, color=charts.colour("site", "Baikonur"))') == []


@pytest.mark.parametrize("chapter", chapter_files(), ids=lambda path: path.stem)
def test_chapter_charts_take_every_colour_from_the_one_mapping(chapter):
    typed = [found for source in code_cells(chapter) for found in typed_colours(source)]
    assert not typed, f"{chapter.name} types colours instead of asking baikonur.charts: {typed}"


def test_package_code_types_no_colour_outside_the_charts_module():
    for module in (REPO / "baikonur").rglob("*.py"):
        if module.name != "charts.py":
            assert not typed_colours(module.read_text()), (
                f"{module.relative_to(REPO)} types a colour"
            )


def test_no_two_categories_of_a_group_look_the_same():
    for group, styles in charts.STYLES.items():
        looks = [(style.colour, style.marker) for style in styles.values()]
        assert len(set(looks)) == len(looks), (
            f"two categories of {group!r} share a colour and marker"
        )


def test_event_categories_have_one_colour_each_and_cover_the_timeline_table():
    events = charts.STYLES["event"]
    assert len({style.colour for style in events.values()}) == len(events)
    assert set(load_table("timeline")["category"].cat.categories) == set(events)


def test_a_category_without_a_style_is_refused_with_the_place_to_add_it():
    with pytest.raises(KeyError, match="add it to baikonur.charts.STYLES"):
        charts.colour("event", "coronation")


# --- Timelines ------------------------------------------------------------------------------------


def dispute_events() -> pd.DataFrame:
    events = load_table("dispute_2013")
    events = events[~events["kind"].isin(["measurement", "count"])]
    return events.assign(category="dispute")


def test_timeline_labels_are_whole_name_the_actor_and_never_overlap():
    events = dispute_events()
    figure = charts.timeline(
        events,
        text="event",
        category="category",
        start=pd.Timestamp("2012-11-01"),
        end=pd.Timestamp("2014-12-31"),
        date_ticks=mdates.YearLocator(),
    )
    renderer = FigureCanvasAgg(figure).get_renderer()
    labels = [text for text in figure.texts]
    assert len(labels) == len(events)
    shown = sorted(" ".join(label.get_text().split()) for label in labels)
    expected = sorted(
        " ".join(
            charts.event_label(
                row["date"], row["date_precision"], row["actor"], row["event"]
            ).split()
        )
        for _, row in events.iterrows()
    )
    assert shown == expected, "a label was shortened or changed"
    assert not any("…" in label for label in shown)
    for _, row in events.iterrows():
        assert any(f"{row['actor']}: {row['event']}" in label for label in shown), (
            f"no label names {row['actor']}"
        )
    boxes = [label.get_window_extent(renderer) for label in labels]
    width = figure.get_figwidth() * figure.dpi
    assert all(box.x1 <= width for box in boxes), "a label runs off the figure"
    for first, second in zip(boxes, boxes[1:], strict=False):
        assert not first.overlaps(second), "two timeline labels overlap"


def test_event_label_gives_the_date_as_precisely_as_it_is_known_then_the_actor():
    assert (
        charts.event_label(pd.Timestamp("2013-11-01"), "month", "Kazakhstan", "Bills Russia")
        == "Nov 2013 · Kazakhstan: Bills Russia"
    )
    assert (
        charts.event_label(pd.Timestamp("2018-01-01"), "year", float("nan"), "A protocol")
        == "2018 · A protocol"
    )


def test_every_timeline_event_of_the_book_names_who_acted_unless_its_source_names_no_one():
    timeline = load_table("timeline")
    unnamed = timeline.loc[timeline["actor"].isna(), "event_id"].tolist()
    assert unnamed == ["dnepr-crash-2006"], unnamed


# --- Maps -------------------------------------------------------------------------------------


def test_the_coordinate_scan_finds_a_position_typed_in_a_map_cell():
    assert typed_coordinates('ax.plot(63.34, 45.92, "*")') == [63.34, 45.92, 63.34, 45.92]
    assert typed_coordinates('ax.annotate("Baikonur", (63, 46))') == [63, 46]
    assert typed_coordinates('ax.plot(place["lon"], place["lat"], markersize=18)') == []


def test_both_maps_are_in_the_book_and_type_no_coordinate():
    cells = map_cells()
    assert sorted(chapter for chapter, _ in cells) == ["after-2013", "history"]
    for chapter, source in cells:
        assert not typed_coordinates(source), (
            f"{chapter}: a position is typed in the map cell, not read from places"
        )


def test_every_place_a_map_shows_is_in_the_place_table_with_a_source():
    places = load_table("places").set_index("place_id")
    history = " ".join(code_cells(REPO / "chapters" / "history.md"))
    shown = re.search(r"shown = (\[[^\]]*\])", history).group(1)
    assert set(ast.literal_eval(shown)) <= set(places.index)
    assert {"launch site"} <= set(places["kind"])
    assert places.loc[places["kind"] == "launch site"].shape[0] == 4
    assert places["source_key"].notna().all()


def test_map_shapes_hold_kazakhstan_russia_and_the_aral_basin_water():
    shapes = load_table("map_shapes")
    countries = set(shapes.loc[shapes["layer"] == "country", "name"])
    assert {"Kazakhstan", "Russia", "Uzbekistan", "China"} <= countries
    water = shapes[shapes["layer"].isin(["lake", "river"])]
    assert water["lon"].between(52, 76).any() and water["lat"].between(38, 50).any()


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    shutil.copytree(REPO / "data", tmp_path / "data")
    shutil.copy(REPO / "references.bib", tmp_path / "references.bib")
    monkeypatch.setenv(data.DATA_DIR_ENV, str(tmp_path / "data"))
    return tmp_path / "data"


def corrupt_vertex(path: Path, line_number: int, column: int, value: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[line_number - 1].rstrip("\n").split(",")
    cells[column] = value
    lines[line_number - 1] = ",".join(cells) + "\n"
    path.write_text("".join(lines), encoding="utf-8")


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        (3, "sixty", "not a valid number"),
        (4, "95.0", "out of range"),
        (0, "ocean", "not an allowed value"),
    ],
)
def test_a_corrupted_boundary_file_is_refused_naming_file_line_and_column(
    data_copy, column, value, problem
):
    corrupt_vertex(data_copy / "map_shapes.csv", 40, column, value)
    with pytest.raises(DataValidationError) as error:
        validate_package()
    message = str(error.value)
    assert "data/map_shapes.csv, line 40" in message and problem in message


def test_a_place_without_a_known_source_is_refused(data_copy):
    path = data_copy / "places.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",geonames\n", ",atlas_of_nowhere\n", 1),
        encoding="utf-8",
    )
    with pytest.raises(
        DataValidationError, match=r"data/places.csv, line \d+, column \"source_key\""
    ):
        validate_package()


@pytest.mark.build
@pytest.mark.slow
def test_book_build_stops_on_a_corrupted_boundary_file_naming_it(tmp_path):
    book = copy_book_sources(tmp_path / "book")
    corrupt_vertex(book / "data" / "map_shapes.csv", 40, 3, "sixty")
    result = build_book(book, tmp_path / "out", env={data.DATA_DIR_ENV: str(book / "data")})
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "data/map_shapes.csv, line 40" in output


# --- Sharp, readable charts in the built book ---------------------------------------------------


def chart_images(book_html: Path) -> list[tuple[str, str, bytes]]:
    """(page, source, bytes) of every image in a chapter page's cell outputs."""
    images = []
    for html in sorted((book_html / "chapters").glob("*.html")):
        soup = BeautifulSoup(html.read_text(), "html.parser")
        for image in soup.select("div.cell_output img"):
            source = image["src"]
            if source.startswith("data:"):
                header, payload = source.split(",", 1)
                images.append((html.stem, header, base64.b64decode(payload)))
            else:
                images.append((html.stem, source, (html.parent / source).read_bytes()))
    return images


def svg_width_and_smallest_font(svg: bytes) -> tuple[float, float]:
    text = svg.decode("utf-8")
    view_width = float(re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+)', text).group(1))
    sizes = [float(size) for size in re.findall(r"font-size:\s*([\d.]+)px", text)]
    return view_width, min(sizes)


@pytest.mark.build
def test_every_chart_is_svg_or_a_bitmap_twice_its_display_size(book_html):
    images = chart_images(book_html)
    assert len(images) >= 16
    for page, source, content in images:
        if content.lstrip().startswith(b"<?xml") or b"<svg" in content[:500]:
            continue
        from io import BytesIO

        from PIL import Image

        width = Image.open(BytesIO(content)).width
        assert width >= 2 * COLUMN_PX, (
            f"{page}: {source[:60]} is a {width} px bitmap, less than twice its display width"
        )


@pytest.mark.build
def test_chart_text_is_no_smaller_than_the_small_print_on_a_desktop(book_html):
    for page, source, content in chart_images(book_html):
        view_width, smallest = svg_width_and_smallest_font(content)
        natural_px = view_width * 4 / 3  # SVG sizes are in points
        shown_px = smallest * min(natural_px, COLUMN_PX) / view_width
        assert shown_px >= SMALL_PRINT_PX, (
            f"{page}: text in {source[:60]} shows at {shown_px:.1f} px"
        )


@pytest.mark.build
def test_every_colour_drawn_in_a_chart_comes_from_the_one_mapping(book_html):
    allowed = charts.book_colours()
    for page, source, content in chart_images(book_html):
        drawn = {
            colour.lower()
            for colour in re.findall(r"(?:fill|stroke):\s*(#[0-9a-fA-F]{6})", content.decode())
        }
        assert drawn <= allowed, (
            f"{page}: {source[:60]} draws colours not in baikonur.charts: {sorted(drawn - allowed)}"
        )


@pytest.mark.build
def test_every_figure_has_a_caption_alt_text_and_a_full_size_link_target(book_html):
    for html in sorted((book_html / "chapters").glob("*.html")):
        soup = BeautifulSoup(html.read_text(), "html.parser")
        for figure in soup.select("figure"):
            image = figure.select_one("img")
            assert image is not None and len(image.get("alt", "")) > 80, (
                f"{html.stem}: a figure without real alt text"
            )
            assert figure.select_one("figcaption"), f"{html.stem}: a figure without a caption"
    script = (book_html / "_static" / "figure-full-size.js").read_text()
    assert "Open the figure at full size" in script


@pytest.mark.build
def test_no_chapter_page_with_its_images_is_heavier_than_the_budget(book_html):
    budget_bytes = 480_000  # 0.48 MB: the history chapter's weight before its charts became SVG
    for html in sorted((book_html / "chapters").glob("*.html")):
        soup = BeautifulSoup(html.read_text(), "html.parser")
        sources = {
            image["src"]
            for image in soup.select("img")
            if not image["src"].startswith(("data:", "http"))
        }
        weight = html.stat().st_size + sum(
            (html.parent / source).stat().st_size for source in sources
        )
        assert weight <= budget_bytes, f"{html.stem}: {weight / 1e6:.3f} MB of HTML and images"
