"""Stable URLs (principle 6): renamed profiles keep their old URL through a redirect, and
no published URL may disappear unnoticed.

- profiles/redirects.yaml maps an old URL path to the id now at its place:
  `people/tan-youyou: tu-youyou`. The build writes a small page at the old URL that
  sends the reader on (relative links, no script: works offline and under a sub-path).
- profiles/published-urls.txt lists every profile URL ever published (`make urls` adds
  the current ones). The check fails when one of them has neither a profile nor a redirect.
"""
from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

from ..domain.frontmatter import parse_data_file
from ..domain.problems import Problem, os_error, problem
from ..runtime import files

REDIRECTS = "profiles/redirects.yaml"
PUBLISHED = "profiles/published-urls.txt"
_OLD = re.compile(r"^[a-z]+/[a-z0-9]+(?:-[a-z0-9]+)*$")


def load(root: Path) -> tuple[dict[str, str], dict[str, int], list[Problem]]:
    """(old path → new id, old path → line, problems of the file's own form)."""
    try:
        raw = files.read_regular(root / REDIRECTS, 1 << 20)
    except FileNotFoundError:
        return {}, {}, []
    except OSError as err:
        return {}, {}, [problem(REDIRECTS, 0, "E208", detail=f"无法读取（{os_error(err)}）")]
    parsed = parse_data_file(raw, REDIRECTS)       # YAML problems (tags, duplicates …) as in profiles
    if parsed.problems:
        return {}, {}, parsed.problems
    redirects, lines, problems = {}, {}, []
    for key, value in (parsed.meta or {}).items():
        line = parsed.line_of((key,))
        old = key.strip().strip("/")
        if not _OLD.match(old) or not isinstance(value, str) or not value.strip():
            problems.append(problem(REDIRECTS, line, "E208", detail=f"“{key}: {value}”这一行无法识别"))
            continue
        redirects[old], lines[old] = value.strip(), line
    return redirects, lines, problems


def published(root: Path) -> list[tuple[int, str]]:
    """(line, URL path without slashes) of every published profile URL."""
    path = root / PUBLISHED
    if not path.is_file():
        return []
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip().strip("/")
        if line:
            out.append((n, line))
    return out


def check(archive, redirects: dict[str, str], lines: dict[str, int]) -> list[Problem]:
    """Targets exist, old URLs are free, and every published URL still leads somewhere."""
    root = archive.root
    kinds = {**archive.unread, **{i: e.kind for i, e in archive.entities.items()}}
    current = {f"{archive.schema.kinds[kind]['folder']}/{entity_id}": entity_id for entity_id, kind in kinds.items()}
    folders = archive.schema.folders()
    out: list[Problem] = []
    for old, new in redirects.items():
        if old.split("/")[0] not in folders:      # browse/a-z: would replace a page of the site
            out.append(problem(REDIRECTS, lines[old], "E208", detail=f"“{old}”不是档案的地址（目录应是 "
                                                                     f"{'、'.join(sorted(folders))} 之一）"))
            continue
        if new not in kinds:
            out.append(problem(REDIRECTS, lines[old], "E205", value=old, target=new))
        if old in current:
            out.append(problem(REDIRECTS, lines[old], "E206", value=old, other=f"profiles/{old}.md"))
    for line, url in published(root):
        if url not in current and url not in redirects:
            out.append(problem(PUBLISHED, line, "E207", value=f"{url}/", old=url))
    return out


def current_urls(archive) -> list[str]:
    kinds = {**archive.unread, **{i: e.kind for i, e in archive.entities.items()}}
    return sorted(f"{archive.schema.kinds[kind]['folder']}/{entity_id}/" for entity_id, kind in kinds.items())


def pages(archive) -> list[tuple[str, str]]:
    """(src path, HTML) of a redirect page at each old URL."""
    out, folders = [], archive.schema.folders()
    for old, new in sorted(archive.redirects.items()):
        target = archive.get(new)
        if target is None or old.split("/")[0] not in folders:    # (E205, E208)
            continue
        href = html.escape(posixpath.relpath(target.url, old) + "/", quote=True)
        title = html.escape(target.title)
        out.append((f"{old}/index.html", (
            '<!doctype html>\n<html lang="zh">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{title}（页面已移动）</title>\n"
            f'<meta http-equiv="refresh" content="0; url={href}">\n'
            f'<link rel="canonical" href="{href}">\n<meta name="robots" content="noindex">\n'
            f'</head>\n<body>\n<p>本页已移至：<a href="{href}">{title}</a></p>\n</body>\n</html>\n')))
    return out
