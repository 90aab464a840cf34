"""The build context: what kind of build this is, said once and passed to what needs it (instead of
flags kept in modules). Made by the MkDocs adapter (hooks/adapter.py) at the start of every build,
or by a test or script that runs the archive's code as a build would."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .cache import CACHE, Cache


@dataclass
class BuildContext:
    root: Path | None              # the folder of mkdocs.yml (the cache's .cache/ is there); None: no folder
    site_url: str = ""             # SITE_URL, or "" (no QR codes, relative links in the feed)
    serving: bool = False          # `mkdocs serve`: the editors' view, caches kept from rebuild to rebuild
    dirty: bool = False            # `mkdocs build --dirty`: MkDocs keeps the old site's files itself
    render_here: bool = True       # the generated pages outside the navigation rendered by the archive
                                   # (hooks/page_renderer.py); ARCHIVE_RENDER=mkdocs leaves them to MkDocs
    cache: Cache = field(default=CACHE)

    @classmethod
    def for_build(cls, root: Path | None, site_url: str, serving: bool, dirty: bool = False) -> "BuildContext":
        """The context of a build, from the environment (ARCHIVE_RENDER) and MkDocs' options; the
        caches begin the build (they read what the last build kept)."""
        context = cls(root, site_url or "", serving, dirty, os.environ.get("ARCHIVE_RENDER", "").lower() != "mkdocs")
        context.cache.begin(root, serving=serving)
        return context

    @property
    def reuse_old_site(self) -> bool:
        """Whether the last build's site folders are reused (hooks/old_site.py): not in a --dirty
        build (MkDocs does not clean), nor with the cache off (a build from nothing)."""
        return not self.dirty and self.cache.folder is not None
