"""`mkdocs build` replaces the last site without waiting for it to be deleted (README "性能").

MkDocs empties site/ before building: at 1,000 profiles some 2,500 folders removed one by one,
most of a second. Instead, once the archive is valid (a failed validation leaves the last site
as it was: on_pre_build), the old site's entries are renamed into one hidden folder inside
site/ (instant, and on the same file system even when site/ is a mount point). MkDocs leaves
hidden entries alone; a separate process deletes the folder while the new site is built, and
the build waits for it before it ends (on_shutdown), so no old file outlives the build. The
process runs in its own session: a build stopped by Ctrl-C still leaves nothing behind, and a
folder left by a killed build is deleted by the next one.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile

PREFIX = ".archive-old-"
_DELETE = "import shutil, sys\nfor path in sys.argv[1:]:\n    shutil.rmtree(path, ignore_errors=True)"
_state: dict = {"enabled": False, "running": []}


def start(command: str, dirty: bool) -> None:
    """From on_startup: only a clean `mkdocs build` (not serve, not --dirty) replaces the site."""
    _state["enabled"] = command in ("build", "gh-deploy") and not dirty


def set_aside(site_dir: str) -> None:
    """Move the old site out of MkDocs' way and start deleting it."""
    if not _state["enabled"]:
        return
    try:
        names = os.listdir(site_dir)
    except OSError:
        return                                  # no site yet
    doomed = [os.path.join(site_dir, name) for name in names if name.startswith(PREFIX)]
    entries = [name for name in names if not name.startswith(".")]   # MkDocs keeps hidden ones too
    if entries:
        try:
            aside = tempfile.mkdtemp(prefix=PREFIX, dir=site_dir)
        except OSError:
            return                              # MkDocs deletes the old site itself
        doomed.append(aside)
        for name in entries:
            try:
                os.rename(os.path.join(site_dir, name), os.path.join(aside, name))
            except OSError:
                pass                            # left where it is: MkDocs deletes it
    if not doomed:
        return
    try:
        _state["running"].append(subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _DELETE, *doomed], start_new_session=True,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    except OSError:
        for path in doomed:
            shutil.rmtree(path, ignore_errors=True)


def wait() -> None:
    """From on_shutdown: the old site is gone before the build ends."""
    while _state["running"]:
        _state["running"].pop().wait()
