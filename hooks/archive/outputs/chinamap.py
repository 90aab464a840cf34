"""The map of education sites on the places index: an inline SVG of China's provinces, drawn
from data shipped with the site (mapdata/, see its README), with the places as links.

No tiles, no script, no request outside the page: it works on an intranet. Provinces and
points go through the same projection (Albers equal-area conic, the usual one for maps of
China); scripts/make_china_map.py wrote the provinces with it once, places are projected here.
"""
from __future__ import annotations

import json
import math
import posixpath
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from ..domain.model import Archive, Entity
from ..text.markup import attr

MAP_FILE = Path(__file__).with_name("mapdata") / "china-provinces.json"
CAPTION = "示意图，不作为国界划分依据"

# Albers equal-area conic for China: standard parallels 25°N and 47°N, central meridian 105°E.
LON0, LAT1, LAT2 = 105.0, 25.0, 47.0


def albers(lon: float, lat: float) -> tuple[float, float]:
    """(x, y) on the unit sphere, y up."""
    p1, p2 = math.radians(LAT1), math.radians(LAT2)
    n = (math.sin(p1) + math.sin(p2)) / 2
    c = math.cos(p1) ** 2 + 2 * n * math.sin(p1)
    rho0 = math.sqrt(c) / n                       # at the equator (latitude of origin 0°)
    rho = math.sqrt(c - 2 * n * math.sin(math.radians(lat))) / n
    theta = n * math.radians(lon - LON0)
    return rho * math.sin(theta), rho0 - rho * math.cos(theta)


@lru_cache(maxsize=1)
def map_data() -> dict:
    return json.loads(MAP_FILE.read_text(encoding="utf-8"))


def project(lon: float, lat: float, data: dict | None = None) -> tuple[float, float]:
    """Longitude, latitude → SVG coordinates of the main map (the same transform as the provinces)."""
    t = (data or map_data())["transform"]
    x, y = albers(lon, lat)
    return t["scale"] * x + t["dx"], -t["scale"] * y + t["dy"]


def _in_inset_region(lon: float, lat: float, inset: dict) -> bool:
    west, south, east, north = inset["region"]
    return west <= lon <= east and south <= lat <= north


def place_point(lon: float, lat: float, data: dict | None = None) -> tuple[float, float]:
    """Where a place is drawn: on the main map, or in the 南海诸岛 inset if it lies south of the
    main map (an island); the inset shows the main map's coordinates scaled and moved."""
    data = data or map_data()
    x, y = project(lon, lat, data)
    inset = data["inset"]
    outside = not (0 <= x <= data["width"] and 0 <= y <= data["height"])
    under_inset = inset["x"] <= x <= inset["x"] + inset["width"] and inset["y"] <= y <= inset["y"] + inset["height"]
    if (outside or under_inset) and _in_inset_region(lon, lat, inset):
        return inset["scale"] * x + inset["dx"], inset["scale"] * y + inset["dy"]
    return x, y


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def coordinates(e: Entity) -> tuple[float, float] | None:
    coords = e.meta.get("coordinates") or {}
    lat, lon = coords.get("lat"), coords.get("lon")
    if isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
        return float(lon), float(lat)
    return None


def point(e: Entity, data: dict | None = None) -> tuple[float, float] | None:
    """Where the place is drawn, or None without coordinates or with coordinates off the map
    (e.g. latitude and longitude swapped)."""
    data = data or map_data()
    where = coordinates(e)
    if where is None:
        return None
    x, y = place_point(*where, data)
    return (x, y) if 0 <= x <= data["width"] and 0 <= y <= data["height"] else None


def svg(places: list[Entity], href, data: dict | None = None) -> str:
    """The map: provinces (those with sites shaded), the national border and the maritime
    boundary line, the 南海诸岛 inset, and one link per place that has usable coordinates."""
    data = data or map_data()
    counts: dict[str, int] = defaultdict(int)
    for e in places:
        counts[str(e.meta.get("province"))] += 1
    width, height, inset = data["width"], data["height"], data["inset"]
    out = [f'<svg class="ea-map-svg" viewBox="0 0 {width} {height}" role="group" '
           f'aria-labelledby="ea-map-title" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="ea-map-title">教育基地分布图（{CAPTION}）</title>',
           '<defs><g id="ea-map-land">']
    for prov in data["provinces"]:
        n = counts.get(prov["name"], 0)
        if n:   # only these are named (on hover): the others would just add noise to the search index
            out.append(f'<path class="ea-map-province ea-map-has-site" d="{prov["d"]}">'
                       f"<title>{attr(prov['name'])}：{n} 处教育基地</title></path>")
        else:
            out.append(f'<path class="ea-map-province" d="{prov["d"]}"/>')
    out.append(f'<path class="ea-map-border" d="{data["border"]}"/>')
    out += [f'<circle class="ea-map-islet" cx="{_num(x)}" cy="{_num(y)}" r="1"/>' for x, y in data["small_islands"]]
    out.append(f'<path class="ea-map-sea-line" d="{data["sea_line"]}"/>')
    out.append('</g><clipPath id="ea-map-inset-clip">'
               f'<rect x="{inset["x"]}" y="{inset["y"]}" width="{inset["width"]}" height="{inset["height"]}"/>'
               "</clipPath></defs>")
    out.append('<use href="#ea-map-land"/>')
    # The inset: the same drawing, scaled and moved into a framed box (the islands and the
    # southern part of the boundary line lie far south of the main map).
    out.append(f'<rect class="ea-map-inset" x="{inset["x"]}" y="{inset["y"]}" width="{inset["width"]}" '
               f'height="{inset["height"]}"/>')
    out.append(f'<g clip-path="url(#ea-map-inset-clip)"><use href="#ea-map-land" '
               f'transform="translate({_num(inset["dx"])} {_num(inset["dy"])}) scale({inset["scale"]})"/>')
    for x, y in data["islands"]:
        out.append(f'<circle class="ea-map-island" cx="{_num(x)}" cy="{_num(y)}" r="1.2"/>')
    out.append(f'<text class="ea-map-inset-label" x="{_num(inset["x"] + inset["width"] - 6)}" '
               f'y="{_num(inset["y"] + inset["height"] - 8)}" text-anchor="end">南海诸岛</text></g>')
    for e in places:
        where = point(e, data)
        if where is None:
            continue
        x, y = where    # the label (22 units, archive.css) beside the point, centred on it
        out.append(f'<a class="ea-map-place" href="{attr(href(e))}"><title>{attr(e.title)}</title>'
                   f'<circle cx="{_num(x)}" cy="{_num(y)}" r="6"/>'
                   f'<text x="{_num(x + 10)}" y="{_num(y + 7)}">{attr(e.title)}</text></a>')
    out.append("</svg>")
    return "".join(out)


def section(archive: Archive, from_url: str) -> str:
    """HTML for the places index: the map, and beside it the places that cannot be drawn (no
    coordinates yet, or coordinates off the map); their provinces are shaded all the same."""
    places = archive.of_kind("place")

    def href(e: Entity) -> str:
        return posixpath.relpath(e.url, from_url) + "/"

    missing = [e for e in places if point(e) is None]
    aside = ""
    if missing:
        order = {name: i for i, name in enumerate(archive.schema.vocabularies.get("provinces") or [])}
        by_province: dict[str, list[Entity]] = defaultdict(list)
        for e in missing:
            by_province[str(e.meta.get("province"))].append(e)
        items = "".join(
            f"<li>{attr(province)}：" + "、".join(f'<a href="{attr(href(e))}">{attr(e.title)}</a>'
                                                 + ("（坐标超出图幅，请核对）" if coordinates(e) else "") for e in group)
            + "</li>" for province, group in sorted(by_province.items(), key=lambda item: order.get(item[0], len(order))))
        aside = (f'<div class="ea-map-missing"><p>以下 {len(missing)} 处没有可用的坐标，未在图上标点'
                 f"（所在省份已着色）：</p><ul>{items}</ul></div>")
    figure = (f'<figure class="ea-map-figure">{svg(places, href)}'
              f"<figcaption>{CAPTION}。各点链接到基地页面；着色的省份有已收录的教育基地"
              '<span class="ea-map-key">；右下框为南海诸岛，红点所示基地的名称见下方列表</span>。</figcaption></figure>')
    return f'<div class="ea-map">{figure}{aside}</div>'
