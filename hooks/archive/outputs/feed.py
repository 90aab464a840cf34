"""RSS 2.0 feed (feed.xml at the site root) of new and updated profiles, for the editors of
the 公众号 and of websites who pick up what changed.

Dates come from git history (first commit of a file = published, last commit = updated), never
from the clock: two builds of one commit give the same bytes. Links are absolute when the site
address (SITE_URL) is known; without it they are relative to the feed, which sits at the root.
"""
from __future__ import annotations

import html
import re
from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape, quoteattr

from ..domain.history import CHINA_TIME, FileHistory
from ..domain.model import Archive, Entity

SRC = "feed.xml"
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")   # characters XML 1.0 cannot hold
LIMIT = 50
TITLE = "楷模档案：新增与更新"


def _x(value: object) -> str:
    return escape(_NOT_XML.sub("", str(value)))


def rfc822(stamp: int) -> str:
    return format_datetime(datetime.fromtimestamp(stamp, CHINA_TIME))


def _item(archive: Archive, e: Entity, history: FileHistory | None, site_url: str) -> str:
    label = archive.schema.label(e.kind)
    link = site_url + e.url
    lines = ["<item>"]
    if history is None:          # not committed yet, or no git: no date to tell
        lines.append(f"<title>{_x(f'{label}：{e.title}')}</title>")
        guid = e.url
    else:
        change = "新增" if history.created == history.changed else "更新"
        lines.append(f"<title>{_x(f'{change}{label}：{e.title}')}</title>")
        lines.append(f"<category>{change}</category>")
        guid = f"{e.url}@{history.changed}"      # a new item for each new version of the profile
    lines.append(f"<link>{_x(link)}</link>")
    description = str(e.meta.get("abstract") or "")
    if history is not None and history.created != history.changed:
        description += f"（首次收录于 {datetime.fromtimestamp(history.created, CHINA_TIME):%Y-%m-%d}）"
    # RSS readers show <description> as HTML: the abstract is text, so it is escaped as HTML
    # (what the site shows as "<b>" stays "<b>", not bold) and then, that HTML, as XML.
    lines.append(f"<description>{_x(html.escape(description, quote=False))}</description>")
    lines.append(f"<category>{_x(label)}</category>")
    if e.pending_review:
        lines.append("<category>待审核</category>")
    if history is not None:
        lines.append(f"<pubDate>{rfc822(history.changed)}</pubDate>")
    lines.append(f'<guid isPermaLink="false">{_x(guid)}</guid>')
    lines.append("</item>")
    return "\n".join(lines)


def feed_xml(archive: Archive, history: dict[str, FileHistory], site_url: str = "",
             description: str = "", limit: int = LIMIT) -> bytes:
    """The newest `limit` profiles by last change; profiles without history come last, by id."""
    site_url = site_url.rstrip("/") + "/" if site_url else ""
    kinds = list(archive.schema.kinds)        # within one commit: people first, as the schema lists them
    entities = sorted(archive.entities.values(),
                      key=lambda e: (-history[e.path].changed if e.path in history else 1, kinds.index(e.kind), e.id))
    items = [_item(archive, e, history.get(e.path), site_url) for e in entities[:limit]]
    dated = [history[e.path].changed for e in entities if e.path in history]
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
        "<channel>",
        f"<title>{_x(TITLE)}</title>",
        f"<link>{_x(site_url or './')}</link>",
        f"<description>{_x(description or TITLE)}</description>",
        "<language>zh-CN</language>",
    ]
    if site_url:
        head.append(f"<atom:link href={quoteattr(site_url + SRC)} rel=\"self\" type=\"application/rss+xml\"/>")
    if dated:   # the newest change, not the time of the build
        head.append(f"<lastBuildDate>{rfc822(max(dated))}</lastBuildDate>")
    text = "\n".join(head + items + ["</channel>", "</rss>"]) + "\n"
    return text.encode("utf-8")
