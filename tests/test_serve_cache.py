"""Rebuilds under `mkdocs serve` reuse unchanged pages (hooks/page_cache.py) and update the
search index incrementally: the site they produce is byte for byte the site a fresh build makes."""
from __future__ import annotations

import filecmp
import json
import subprocess
import sys

import pytest

from archive import load_archive
from archive.runtime.collector import IDLE_S
from conftest import BIN, ENV, copy_repo, write
from test_build_media import PNG

# Two builds in one process, as `mkdocs serve` does them (config loaded afresh, on_startup once),
# with an edit in between; prints how many pages the second build took from the cache.
REBUILD = """
import json, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
site = sys.argv[1]
config = load_config("mkdocs.yml", site_dir=site)
config.plugins.on_startup(command="serve", dirty=False)
build(config)
for path, old, new in json.loads(sys.argv[2]):
    p = Path(path)
    p.write_text(p.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
build(load_config("mkdocs.yml", site_dir=site))
from archive.runtime.cache import CACHE
stats = CACHE.stats()       # of the last build
mkdocs_pages, archive_pages, listings = stats["mkdocs pages"], stats["rendered pages"], stats["listings"]
print(json.dumps({"reused": mkdocs_pages["hits"] + archive_pages["hits"],
                  "rendered": mkdocs_pages["missed"] + archive_pages["missed"],
                  "listings": {"made": listings["missed"], "kept": listings["hit"]},
                  "posters made": stats["posters"]["missed"]}))
"""

EDITS = [  # a new sentence mentioning 钱学森 (his page gains a backlink), a new abstract (the index changes)
    ("profiles/people/tu-youyou.md", "\n---\n", "\n---\n她曾读过钱学森的文章（测试用句）。\n\n"),
    ("profiles/people/wu-mengchao.md", "abstract:", "abstract: 测试改写的摘要。"),
    # a new spelling: pages that list 钱学森 by pinyin (backlinks, A–Z) change, his name does not
    ("profiles/people/qian-xuesen.md", "name: 钱学森\n", "name: 钱学森\npinyin: Aaa Xuesen\n"),
    # a policy's date: the pages that list it under “见于文件” show it (a reviewer found them stale)
    ("profiles/policies/zhonghua-yixuehui-aiguo-fendou-gongzuo-fangan-2018.md", 'date: "2018"', 'date: "2018-10-01"'),
    # a member the group names already (in `related`): 白求恩's 相关人物 no longer lists the group
    ("profiles/groups/baiqiuen-jiangzhang-huodezhe.md", "members: [wang-zhongcheng, zhong-nanshan, ye-xin]",
     "members: [wang-zhongcheng, zhong-nanshan, ye-xin, bai-qiuen]"),
]


# One build as `mkdocs serve` makes it, in a fresh process: what the rebuilds must give. (A `mkdocs
# build` differs on purpose: it is the readers' edition, without the editors' review notes and
# with the published site's Content-Security-Policy.)
FRESH = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config("mkdocs.yml", site_dir=sys.argv[1])
config.plugins.on_startup(command="serve", dirty=False)
build(config)
"""


def fresh_build(root, site, env) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "python"), "-c", FRESH, str(site)], cwd=root,
                          env={**env, "PYTHONPATH": str(root / "hooks")}, capture_output=True, text=True, timeout=600)


def differences(a, b) -> list[str]:
    out = []

    def walk(cmp, rel=""):
        out.extend(f"{rel}{name}" for name in cmp.left_only + cmp.right_only + cmp.diff_files)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{rel}{name}/")
    walk(filecmp.dircmp(a, b))
    return out


def test_a_cached_rebuild_gives_the_site_of_a_fresh_build(tmp_path):
    (tmp_path / "repo").mkdir()
    root = copy_repo(tmp_path / "repo")
    env = {**ENV, "SOURCE_DATE_EPOCH": "1795431259"}
    result = subprocess.run([str(BIN / "python"), "-c", REBUILD, str(tmp_path / "served"), json.dumps(EDITS)],
                            cwd=root, env={**env, "PYTHONPATH": str(root / "hooks")},
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout.strip().splitlines()[-1])
    fresh = fresh_build(root, tmp_path / "fresh", env)
    assert fresh.returncode == 0, fresh.stderr
    assert differences(tmp_path / "served", tmp_path / "fresh") == []
    assert "的文章（测试用句）" in (tmp_path / "served/people/tu-youyou/index.html").read_text(encoding="utf-8")
    # most pages came from the cache; the edited ones, the page that gained a backlink and the
    # index listing the new abstract were rendered again
    assert stats["reused"] > 100
    assert {"people/tu-youyou.md", "people/wu-mengchao.md", "people/qian-xuesen.md",
            "people/index.md"} <= set(stats["rendered"])


def test_after_an_edit_of_a_profiles_text_the_lists_of_profiles_are_kept_and_the_site_is_a_fresh_builds(tmp_path):
    (tmp_path / "repo").mkdir()
    root = copy_repo(tmp_path / "repo")
    env = {**ENV, "SOURCE_DATE_EPOCH": "1795431259", "SITE_URL": "http://archive.example.internal/"}
    text_only = [("profiles/people/tu-youyou.md", "\n---\n", "\n---\n这是一句测试用的新正文。\n\n")]
    result = subprocess.run([str(BIN / "python"), "-c", REBUILD, str(tmp_path / "served"), json.dumps(text_only)],
                            cwd=root, env={**env, "PYTHONPATH": str(root / "hooks")},
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout.strip().splitlines()[-1])
    assert stats["listings"] == {"made": [], "kept": ["listing pages", "open data"]}
    # Her posters (pages/posters.py) quote the lead of her text, which changed: made again, they alone.
    assert stats["posters made"] == ["tu-youyou"]
    fresh = fresh_build(root, tmp_path / "fresh", env)
    assert fresh.returncode == 0, fresh.stderr
    assert differences(tmp_path / "served", tmp_path / "fresh") == []
    assert "这是一句测试用的新正文" in (tmp_path / "served/people/tu-youyou/index.html").read_text(encoding="utf-8")


def test_after_a_rename_pages_that_did_not_change_are_searched_as_a_fresh_build_would(tmp_path):
    """The search's dictionary holds the profiles' names: renaming one changes how other pages'
    text is cut into words (the field reference quotes 屠呦呦 as an example), though their HTML
    stays the same. Their search entries are made again, as a fresh build makes them."""
    (tmp_path / "repo").mkdir()
    root = copy_repo(tmp_path / "repo")
    env = {**ENV, "SOURCE_DATE_EPOCH": "1795431259"}
    rename = [("profiles/people/tu-youyou.md", "name: 屠呦呦\n", "name: 屠幽幽\n")]
    result = subprocess.run([str(BIN / "python"), "-c", REBUILD, str(tmp_path / "served"), json.dumps(rename)],
                            cwd=root, env={**env, "PYTHONPATH": str(root / "hooks")},
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    fresh = fresh_build(root, tmp_path / "fresh", env)
    assert fresh.returncode == 0, fresh.stderr
    assert differences(tmp_path / "served", tmp_path / "fresh") == []
    fields = (tmp_path / "served/guide/fields/index.html").read_text(encoding="utf-8")
    assert "屠呦呦" in fields           # the page quoting the old name is the same page


# Rebuilds as `mkdocs serve` makes them, one per round of edits. An edit may keep the file's size
# and modification time (only its change time then tells it changed), delete a file, or put it back.
# After a round marked so, the served site is copied to <site>-<round>, and a fresh build of the
# profiles as they are then is made in <site>-fresh-<round> (argv[3]: the fresh build's script).
ROUNDS = """
import json, os, shutil, subprocess, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
site = sys.argv[1]
config = load_config("mkdocs.yml", site_dir=site)
config.plugins.on_startup(command="serve", dirty=False)
build(config)
saved = {}
for round, (pause, edits, compare) in enumerate(json.loads(sys.argv[2])):
    time.sleep(pause)
    for edit in edits:
        p = Path(edit[1])
        if edit[0] == "delete":
            saved[edit[1]] = p.read_bytes()
            p.unlink()
        elif edit[0] == "restore":
            p.write_bytes(saved.pop(edit[1]))
        else:
            _, path, old, new, same_time = edit
            before = p.stat()
            text = p.read_text(encoding="utf-8")
            assert old in text and (len(old.encode()) == len(new.encode()) or not same_time)
            p.write_text(text.replace(old, new, 1), encoding="utf-8")
            if same_time:
                os.utime(p, ns=(before.st_atime_ns, before.st_mtime_ns))
    build(load_config("mkdocs.yml", site_dir=site))
    if compare:
        shutil.copytree(site, f"{site}-{round}")
        fresh = subprocess.run([sys.executable, "-c", sys.argv[3], f"{site}-fresh-{round}"], capture_output=True, text=True)
        assert fresh.returncode == 0, fresh.stderr
"""

ROUNDS_OF_EDITS = [
    # files not changed for two seconds are known by what os.stat says of them from here on
    (2.2, [], True),
    # the same size, the same modification time: only the change time differs; a spelling of a
    # name that other pages show (邓稼先's page changes with it)
    (0, [["replace", "profiles/people/tu-youyou.md", "屠呦呦是药学家", "屠呦呦是测试家", True],
         ["replace", "profiles/people/qian-xuesen.md", "name: 钱学森\n", "name: 钱学森\npinyin: Aaa Xuesen\n", False]], True),
    # settled again; a person removed, then back, with the spelling changed again
    (2.2, [["delete", "profiles/people/hu-peilan.md"]], True),
    (0, [["restore", "profiles/people/hu-peilan.md"],
         ["replace", "profiles/people/qian-xuesen.md", "pinyin: Aaa Xuesen\n", "pinyin: Zzz Xuesen\n", False]], True),
]


def test_rebuilds_that_read_only_changed_files_give_the_site_of_a_fresh_build(tmp_path):
    """From the second rebuild on, a rebuild reads only the files whose size, times or inode
    changed, leaves unwalked the folders of the last site, and keeps pages whose profiles are
    shown as they were: after edits, a removal and a return, the site is a fresh build's."""
    (tmp_path / "repo").mkdir()
    root = copy_repo(tmp_path / "repo")
    env = {**ENV, "SOURCE_DATE_EPOCH": "1795431259"}
    served = tmp_path / "served"
    result = subprocess.run([str(BIN / "python"), "-c", ROUNDS, str(served), json.dumps(ROUNDS_OF_EDITS), FRESH],
                            cwd=root, env={**env, "PYTHONPATH": str(root / "hooks")},
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    for round in (0, 1, 2, 3):
        assert differences(tmp_path / f"served-{round}", tmp_path / f"served-fresh-{round}") == [], round
    assert "屠呦呦是测试家" in (tmp_path / "served-1/people/tu-youyou/index.html").read_text(encoding="utf-8")
    deng = [(tmp_path / f"served-{round}/people/deng-jiaxian/index.html").read_bytes() for round in (0, 1)]
    assert deng[0] != deng[1]          # his own file unchanged, the page changed with 钱学森's spelling
    assert not (tmp_path / "served-2/people/hu-peilan").exists()
    assert (tmp_path / "served-3/people/hu-peilan/index.html").exists()


@pytest.fixture
def serving():
    """The archive package as `mkdocs serve` runs it: pages remembered from build to build."""
    from archive import pages
    from archive.runtime.cache import CACHE
    CACHE.reset(serving=True)
    yield pages
    CACHE.reset()


def test_lists_of_profiles_are_made_again_when_what_they_show_changes(scratch, serving):
    """Kept across edits of a person's text, made again when a text's mentions, any front matter,
    a policy's text, the site's address or the vocabularies change; always what a fresh build makes."""
    from archive.pages import writer
    from archive.pages.posters import KINDS as poster_kinds
    from archive.runtime.cache import CACHE
    from archive.runtime.context import BuildContext
    from conftest import VALID_PERSON

    for i in range(writer.BACKLINKS_SHOWN + 2):      # enough mentions for a page listing them all
        body = VALID_PERSON.replace("name: 测试人", f"name: 测试{chr(0x4e00 + i)}{chr(0x4e00 + i)}")
        write(scratch, f"profiles/people/ce-shi-{i:03d}.md", body.replace("测试人的生平。", "读过测试人的文章。"))
    mentioner = scratch / "profiles/people/ce-shi-000.md"
    write(scratch, "profiles/organizations/ce-shi-jigou.md", "---\nname: 测试机构\nabstract: 测试用机构。\nreview: {status: 待审核}\n---\n")
    policy = write(scratch, "profiles/policies/ce-shi-wenjian.md", "---\ntitle: 测试文件\nissuers: [ce-shi-jigou]\n"
                   "source: {note: 测试}\nabstract: 测试用文件。\nreview: {status: 待审核}\n---\n各单位学习测试人和测试一一的事迹。\n")

    def build(site_url: str) -> dict:
        archive = load_archive(scratch)
        return dict(serving.all_pages(archive, BuildContext(None, site_url)) + serving.other_files(archive, BuildContext(None, site_url)))

    def build_and_compare(made: set[str], posters, site_url: str = "") -> dict:
        """made: the listings made again; posters: the profiles whose posters were ("all": every one)."""
        CACHE.begin(None, serving=True)
        served = build(site_url)
        stats = CACHE.stats()
        listings = stats["listings"]
        assert {"made": set(listings["missed"]), "kept": set(listings["hit"])} == \
            {"made": made, "kept": {"listing pages", "open data"} - made}
        archive = load_archive(scratch)
        every_poster = {e.id for kind in poster_kinds for e in archive.of_kind(kind)}
        assert set(stats["posters"]["missed"]) == (every_poster if posters == "all" else posters)
        CACHE.serving = False          # a build: nothing remembered
        try:
            assert served == build(site_url)                  # as a fresh build
        finally:
            CACHE.serving = True
        return served

    everything = {"listing pages", "open data"}
    build_and_compare(everything, "all")
    mentioner.write_text(mentioner.read_text(encoding="utf-8") + "又及。\n", encoding="utf-8")
    build_and_compare(set(), {"ce-shi-000"})                    # text only: nothing listed changed (its
                                                                # poster's 事迹 quotes this short text)
    mentioner.write_text(mentioner.read_text(encoding="utf-8").replace("读过测试人的文章。", "读过文章。"),
                         encoding="utf-8")
    pages = build_and_compare({"listing pages"}, "all")         # one mention fewer (posters show mentions)
    assert pages["browse/mentions/ce-shiren.md"].count('href="../../../people/ce-shi-') == writer.BACKLINKS_SHOWN + 1
    mentioner.write_text(mentioner.read_text(encoding="utf-8").replace("abstract: 测试用人物。", "abstract: 新摘要。"),
                         encoding="utf-8")
    pages = build_and_compare(everything, "all")                # front matter
    assert "新摘要。" in pages["people/index.md"]
    policy.write_text(policy.read_text(encoding="utf-8").replace("测试人和测试一一", "测试一一和测试人"), encoding="utf-8")
    pages = build_and_compare(everything, "all")                # a policy's text: its kit follows the text's order
    kit = pages["study/ce-shi-wenjian.md"]
    assert 0 < kit.index("../people/ce-shi-000/") < kit.index("../people/ce-shiren/")
    pages = build_and_compare(everything, "all", "http://archive.example.internal/")  # the address
    assert "http://archive.example.internal/people/ce-shiren/" in pages["data/people.json"].decode("utf-8")
    vocabularies = scratch / "profiles/vocabularies.yaml"
    vocabularies.write_text(vocabularies.read_text(encoding="utf-8").replace("医学界楷模", "医学界的楷模"),
                            encoding="utf-8")
    build_and_compare(everything, "all", "http://archive.example.internal/")  # the vocabularies


def test_a_problem_found_on_rebuild_shows_on_pages_whose_own_profile_did_not_change(tmp_path):
    (tmp_path / "repo").mkdir()
    root = copy_repo(tmp_path / "repo")
    broken = [("profiles/people/wu-mengchao.md", 'birth: "1922-08-31"', 'birth: "1922-13-45"')]
    result = subprocess.run([str(BIN / "python"), "-c", REBUILD, str(tmp_path / "served"), json.dumps(broken)],
                            cwd=root, env={**ENV, "PYTHONPATH": str(root / "hooks")},
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    for page in ("people/tu-youyou/index.html", "people/tu-youyou/poster/index.html", "index.html"):
        html = (tmp_path / "served" / page).read_text(encoding="utf-8")
        assert "档案检查发现 1 个问题" in html, page
        assert "profiles/people/wu-mengchao.md" in html, page


# A first build as `mkdocs serve` makes it, noting when full collections begin (`full`), and
# how to time a rebuild after an edit of one profile (`edited_and_rebuilt`).
SERVED_ONCE = """
import gc, json, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
site = sys.argv[1]
full = []
gc.callbacks.append(lambda phase, info: phase == "start" and info["generation"] == 2 and full.append(time.monotonic()))
config = load_config("mkdocs.yml", site_dir=site)
config.plugins.on_startup(command="serve", dirty=False)
build(config)
import adapter
def edited_and_rebuilt():
    p = Path("profiles/people/tu-youyou.md")
    p.write_text(p.read_text(encoding="utf-8").replace("\\n---\\n", "\\n---\\n一句新正文。\\n\\n", 1), encoding="utf-8")
    start = time.monotonic()
    build(load_config("mkdocs.yml", site_dir=site))
    end = time.monotonic()
    time.sleep(adapter.collector.IDLE_S + 1)
    return {"during": len([t for t in full if start <= t <= end]), "after": len([t for t in full if t > end])}
"""

# A rebuild as above; notes whether Python's cycle collector could run while the rebuild made
# its pages, and how many full collections came during the rebuild and after it.
COLLECTIONS = SERVED_ONCE + """
enabled = []       # (at the start of the pages' generation, at their rendering) of each rebuild
all_pages, render = adapter.all_pages, adapter.page_renderer.render
adapter.all_pages = lambda *a, **k: (enabled.append([gc.isenabled()]), all_pages(*a, **k))[1]
adapter.page_renderer.render = lambda *a, **k: (enabled[-1].append(gc.isenabled()), render(*a, **k))[1]
time.sleep(adapter.collector.IDLE_S + 1)
seen = edited_and_rebuilt()
template = Path("docs/overrides/main.html")          # every page is rendered again
template.write_text(template.read_text(encoding="utf-8") + "\\n{# 改动 #}\\n", encoding="utf-8")
build(load_config("mkdocs.yml", site_dir=site))
print(json.dumps({"enabled": enabled, **seen}))
"""

# An edit saved as soon as the site is built: the rebuild begins before the collection set for
# after the first build, and is made to last longer than the wait for it (at 10,000 profiles a
# rebuild takes about 2 s).
EDIT_AT_ONCE = SERVED_ONCE + """
all_pages = adapter.all_pages
adapter.all_pages = lambda *a, **k: (time.sleep(adapter.collector.IDLE_S + 0.5), all_pages(*a, **k))[1]
print(json.dumps(edited_and_rebuilt()))
"""


# Edits saved one after another, each 0.4 s after the last rebuild (autosave, a script): the
# full collections from the first of these rebuilds to the end of the last.
QUICK_EDITS = SERVED_ONCE + """
p = Path("profiles/people/tu-youyou.md")
text = p.read_text(encoding="utf-8")
start = time.monotonic()
for i in range(6):
    time.sleep(0.4)
    p.write_text(text.replace("\\n---\\n", f"\\n---\\n第{i}句新正文。\\n\\n", 1), encoding="utf-8")
    build(load_config("mkdocs.yml", site_dir=site))
print(json.dumps({"during": len([t for t in full if t >= start]), "seconds": round(time.monotonic() - start, 1)}))
"""


def _collections(tmp_path, script: str) -> dict:
    (tmp_path / "repo").mkdir()
    root = copy_repo(tmp_path / "repo")
    result = subprocess.run([str(BIN / "python"), "-c", script, str(tmp_path / "served")],
                            cwd=root, env={**ENV, "PYTHONPATH": str(root / "hooks")},
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_rebuild_under_serve_leaves_the_cycle_collector_until_it_is_over(tmp_path):
    """At 10,000 profiles a full collection (0.7–1.4 s) came in most rebuilds while the editor
    waited for the page; it now runs once, after the rebuild (archive/runtime/collector.py). A
    rebuild that renders every page again runs with the collector, as a first build does."""
    # a profile edited: paused from the start; then a template changed: as usual while pages render
    assert _collections(tmp_path, COLLECTIONS) == {"enabled": [[False, False], [False, True]], "during": 0, "after": 1}


def test_an_edit_saved_right_after_the_first_build_is_not_slowed_by_its_collection(tmp_path):
    """The collection set for after the first build (the largest: 1.1 s at 10,000 profiles) is
    called off when a rebuild begins first; the rebuild's own comes after it."""
    assert _collections(tmp_path, EDIT_AT_ONCE) == {"during": 0, "after": 1}


def test_edits_that_keep_coming_still_let_the_garbage_be_collected(tmp_path):
    """A rebuild calls off the collection set for after the last build, but not twice in a row:
    edits saved sooner than that collection would wait, one after another, would otherwise keep
    every build's garbage until they stop."""
    seen = _collections(tmp_path, QUICK_EDITS)
    assert seen["seconds"] > 2 * IDLE_S and seen["during"] >= 1, seen


def test_the_collection_after_a_rebuild_frees_the_garbage_of_the_build():
    import gc
    import weakref

    from archive.runtime import collector

    class Node:
        pass

    was = gc.isenabled()
    try:
        collector.pause()
        a, b = Node(), Node()
        a.other, b.other = b, a           # a cycle: reference counting never frees it
        gone = weakref.ref(a)
        del a, b
        assert gone() is not None
        collector.collect_when_idle(0.05).join(5)
        assert gone() is None
    finally:
        (gc.enable if was else gc.disable)()


def test_a_kept_profile_page_changes_with_every_field_it_shows_of_another_profile(tmp_path, serving):
    """A profile page is kept (under serve, and from .cache/ in builds) while its own profile and
    what it shows of others (writer.seen) are as they were. Each one-line field of the profiles
    others name most, changed one at a time and changed back: every page is what a fresh build
    makes (a policy's changed date stayed on the pages listing it under “见于文件”)."""
    import re
    from pathlib import Path

    from archive.runtime.cache import CACHE
    from archive.runtime.context import BuildContext

    (tmp_path / "repo").mkdir()
    root = copy_repo(tmp_path / "repo")

    def build(kept: bool) -> dict:
        CACHE.serving = kept           # not kept: a build from nothing (no .cache/ here)
        try:
            return dict(serving.all_pages(load_archive(root, advice=False), BuildContext(None, "", serving=True)))
        finally:
            CACHE.serving = True

    archive = load_archive(root, advice=False)
    named = sorted(archive.entities.values(), key=lambda e: -len(archive.referenced_by.get(e.id, ())))
    shown = list({e.kind: e for e in reversed(named)}.values())      # of each kind, the one named most
    build(True)
    tried = []
    for e in shown:
        path = Path(root / e.path)
        text = path.read_text(encoding="utf-8")
        for line in text.split("\n---\n", 1)[0].splitlines()[1:]:
            field = re.match(r"([a-z_]+): ([^\[{].*)$", line)
            if field is None:
                continue
            key, value = field.groups()
            new = '"1901-02-03"' if re.fullmatch(r'"?\d{4}(-\d\d){0,2}"?', value) else f"{value.strip(chr(34))}改"
            for content in (text.replace(line, f"{key}: {new}", 1), text):
                path.write_text(content, encoding="utf-8")
                kept, fresh = build(True), build(False)
                assert [src for src in fresh if kept.get(src) != fresh[src]] == [], (e.id, key)
            tried.append((e.kind, key))
    assert {"policy", "spirit", "person"} <= {kind for kind, _ in tried} and ("policy", "date") in tried


# Under serve a page found current in the last rebuild is kept without its key being made when
# nothing it reads changed since (profiles._SinceLastRebuild): each step changes one thing that
# reaches pages whose own files stay as they were.
REACHING_STEPS = [
    ("referenced_by", [("profiles/places/ruijin-jiankangbao-jiuzhi.md", "people: [he-cheng]", "people: [he-cheng, tu-youyou]")]),
    ("mentioned_by", [("profiles/people/hu-peilan.md", "\n---\n", "\n---\n她与钱学森通过信（测试用句）。\n\n")]),
    ("related", [("profiles/people/lin-qiaozhi.md", "fields: [妇产科学]", "fields: [妇产科学, 医学教育]")]),
    ("documents", [("profiles/campaigns/zhongguo-kexie-aiguo-fendou-huodong-2018.md",
                    "policy: zhongguo-kexie-aiguo-fendou-tongzhi-2018", "policy: zhonghua-yixuehui-aiguo-fendou-gongzuo-fangan-2018")]),
    ("shown", [("profiles/people/qian-xuesen.md", "name: 钱学森\n", "name: 钱学森\npinyin: Aaa Xuesen\n")]),
    # a member named by the group already (in `related`): referenced_by stays, the person's 相关人物
    # no longer lists the group (found by a reviewer, on kept pages under serve and from .cache/)
    ("member_of", [("profiles/groups/baiqiuen-jiangzhang-huodezhe.md", "members: [wang-zhongcheng, zhong-nanshan, ye-xin]",
                    "members: [wang-zhongcheng, zhong-nanshan, ye-xin, bai-qiuen]")]),
    # her photo, named in her fields before the file was there: her posters show it (found by a reviewer)
    ("photo", [("profiles/media/tu-youyou.png", None, "PNG")]),
    ("history", "commit"),          # the files changed above, committed: their pages' “最后更新”
]


def test_kept_profile_pages_follow_every_change_that_reaches_them_from_other_files(tmp_path, serving):
    """Under serve, after each change that reaches profile pages from other files (a reference in
    a field, a mention in a text, shared fields, a campaign's policy, another's spelling, a commit),
    every page is the one a fresh build makes, and some page whose own file did not change changed."""
    from archive.runtime.cache import CACHE
    from archive.runtime.context import BuildContext

    (tmp_path / "repo").mkdir()
    root = copy_repo(tmp_path / "repo")
    git_env = {**ENV, "GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "测试",
               "GIT_COMMITTER_EMAIL": "t@example.org"}

    def git(*args: str, when: str = "2020-01-02T03:04:05+08:00") -> None:
        done = subprocess.run(["git", "-C", str(root), *args], env={**git_env, "GIT_AUTHOR_DATE": when,
                                                                      "GIT_COMMITTER_DATE": when},
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr

    profile = root / "profiles/people/tu-youyou.md"     # a photo not yet in profiles/media/ (E114)
    profile.write_text(profile.read_text(encoding="utf-8").replace(
        "\nabstract:", "\nimages:\n  - {file: tu-youyou.png, credit: 测试摄影者, licence: CC0}\nabstract:", 1), encoding="utf-8")
    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "profiles")

    def build(kept: bool) -> dict:
        CACHE.serving = kept           # not kept: a build from nothing
        try:
            return dict(serving.all_pages(load_archive(root, advice=False), BuildContext(None, "", serving=True)))
        finally:
            CACHE.serving = True

    build(True)
    before = build(True)               # pages found current once: kept by what changed alone from here on
    for label, edits in REACHING_STEPS:
        if edits == "commit":
            git("commit", "-q", "-a", "-m", "edits", when="2021-06-07T08:09:10+08:00")
            touched = set()
        else:
            for path, old, new in edits:
                if old is None:                 # a new file
                    write(root, path, PNG)
                    continue
                text = (root / path).read_text(encoding="utf-8")
                assert old in text, (label, path)
                (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")
            touched = {path.split("/", 1)[1] for path, _, _ in edits}      # (the pages of the files changed)
        kept, fresh = build(True), build(False)
        assert [src for src in fresh if kept.get(src) != fresh[src]] == [], label
        reached = [src for src in fresh if src not in touched and before.get(src) != fresh[src]
                   and ((src.count("/") == 1 and not src.endswith("index.md")) or src.endswith("/poster.md"))]
        assert reached, f"{label}: no other profile's page changed"
        before = kept


def test_after_a_rebuild_that_failed_while_writing_pages_the_next_gives_a_fresh_builds_pages(tmp_path, serving, monkeypatch):
    """A rebuild that stopped half-way through the profiles' pages (an error in a page) left the
    rest unchecked: the next rebuild must not take them for current."""
    from archive.pages import profiles
    from archive.runtime.cache import CACHE
    from archive.runtime.context import BuildContext

    (tmp_path / "repo").mkdir()
    root = copy_repo(tmp_path / "repo")

    def build(kept: bool) -> dict:
        CACHE.serving = kept
        try:
            return dict(serving.all_pages(load_archive(root, advice=False), BuildContext(None, "", serving=True)))
        finally:
            CACHE.serving = True

    build(True)
    build(True)
    path = root / "profiles/people/qian-xuesen.md"
    path.write_text(path.read_text(encoding="utf-8").replace("name: 钱学森\n", "name: 钱学森\npinyin: Aaa Xuesen\n", 1),
                    encoding="utf-8")

    def fails(w, e):
        raise RuntimeError("测试：写页面时出错")
    with monkeypatch.context() as patched:
        patched.setitem(profiles.PAGES, "person", fails)
        with pytest.raises(RuntimeError):
            build(True)
    kept, fresh = build(True), build(False)
    assert "Aaa" in fresh["people/qian-xuesen.md"]
    assert [src for src in fresh if kept.get(src) != fresh[src]] == []
