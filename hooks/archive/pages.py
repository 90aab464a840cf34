"""Every generated page of the site, as (src_uri, markdown): the one entry point
the MkDocs hooks (or another generator) need."""
from __future__ import annotations

from .browse import Browse
from .model import Archive
from .render import PageWriter


def all_pages(archive: Archive) -> list[tuple[str, str]]:
    writer = PageWriter(archive)
    pages = [(e.src_uri, writer.page(e)) for e in archive.entities.values()]
    pages += [writer.index(kind) for kind in archive.schema.kinds]
    pages += Browse(writer).pages()
    return sorted(pages)
