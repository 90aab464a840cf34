"""A rebuild reuses the last site's page folders and deletes the rest of it in the background
(README "性能").

MkDocs empties site/ before each build and writes every file anew: at 1,000 profiles some 2,500
folders deleted one by one and made again and as many files created, most of a rebuild's time
(in the kernel, on this kind of disk). Instead, once the archive is valid (a failed validation
leaves the last site as it was: on_pre_build):

- set_aside: the old site's entries are renamed into one hidden folder inside site/ (instant,
  and on the same file system even when site/ is a mount point); MkDocs leaves hidden entries
  alone, so its cleaning finds nothing to do.
- take_back (on_nav): the folders holding the pages page_renderer renders (people/, browse/ …)
  and the search index's shards are renamed back; page_renderer and search_index.write do not
  rewrite a file that holds the same bytes. A separate process deletes the rest of the old site
  meanwhile.
- finish (on_post_build): whatever the folders taken back hold that this build did not make
  (the pages of a removed profile) is deleted, and the build waits for the deleting process,
  so that no old file outlives the build. Under serve the folders are not walked from the second
  rebuild on: what they hold is what the last build made (MkDocs' temporary folder, written by
  its rebuilds only), so the files to delete are those it made and this build did not (22,000
  files at 10,000 profiles took 0.2-0.5 s of every rebuild to go through). They hold only pages and files MkDocs knows of: a
  plugin writing there on its own would have its files deleted (none does).

The deleting process runs in its own session: a build stopped by Ctrl-C still leaves no old
files behind, and a folder left by a killed build is deleted by the next one.

Not in a `--dirty` build (MkDocs keeps the old files itself), nor with ARCHIVE_CACHE=off (a build
from nothing): BuildContext.reuse_old_site. The state lives on an OldSite, which the MkDocs
adapter keeps (under serve from rebuild to rebuild: a failed rebuild's folders are dealt with by
the next).
"""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile

PREFIX = ".archive-old-"
_DELETE = "import shutil, sys\nfor path in sys.argv[1:]:\n    shutil.rmtree(path, ignore_errors=True)"
log = logging.getLogger("mkdocs.hooks.archive.old_site")


class OldSite:
    def __init__(self):
        self.enabled = False
        self.site: str | None = None
        self.aside: str | None = None
        self.doomed: list[str] = []
        self.taken: list[str] = []
        self.running: list[subprocess.Popen] = []
        # Under serve: every file the last build made (all the folders taken back hold), or None
        # when not known (the first build, or one that failed after taking folders back).
        self.made: set[str] | None = None

    def set_aside(self, site_dir: str, enabled: bool) -> None:
        """Move the old site out of MkDocs' way (nothing is deleted yet); enabled: this build
        reuses it (BuildContext.reuse_old_site)."""
        self.finish()                                # a failed rebuild's, under serve
        self.aside, self.enabled = None, enabled
        if not enabled:
            return
        try:
            names = os.listdir(site_dir)
        except OSError:
            return                                   # no site yet
        site_dir = self.site = os.path.normpath(site_dir)    # as MkDocs writes File.abs_dest_path
        self.doomed = [os.path.join(site_dir, name) for name in names if name.startswith(PREFIX)]
        entries = [name for name in names if not name.startswith(".")]   # MkDocs keeps hidden ones too
        if not entries:
            return
        try:
            aside = tempfile.mkdtemp(prefix=PREFIX, dir=site_dir)
        except OSError as error:
            log.debug("old site: cannot make a folder in %s (%s): MkDocs deletes it", site_dir, error)
            return
        self.aside = aside
        self.doomed.append(aside)
        for name in entries:
            try:
                os.rename(os.path.join(site_dir, name), os.path.join(aside, name))
            except OSError as error:
                log.debug("old site: %s left where it is (%s): MkDocs deletes it", name, error)

    def take_back(self, folders: set[str], scrub: bool = True) -> None:
        """Put these folders of the old site (paths under site/) back before anything is written,
        and start deleting the rest. scrub: remove links from them (not under serve: its site is
        MkDocs' own temporary folder, written by its rebuilds only; 22,000 folders at 10,000
        profiles take a second to go through)."""
        aside, site = self.aside, self.site
        for name in sorted(folders) if aside else ():
            old, new = os.path.join(aside, name), os.path.normpath(os.path.join(site, name))
            if os.path.isdir(old) and not os.path.islink(old) and not os.path.lexists(new):
                os.makedirs(os.path.dirname(new), exist_ok=True)
                os.rename(old, new)
                if scrub:
                    _only_files_and_folders(new)
                self.taken.append(new)
        self._delete()

    def _delete(self) -> None:
        doomed, self.doomed = self.doomed, []
        if not doomed:
            return
        try:
            self.running.append(subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", _DELETE, *doomed], start_new_session=True,
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        except OSError as error:
            log.debug("old site: no process to delete it (%s): deleted here", error)
            for path in doomed:
                shutil.rmtree(path, ignore_errors=True)

    def finish(self, made: set[str] | None = None, serving: bool = False) -> None:
        """Delete from the folders taken back every file not in `made` (the paths this build wrote),
        then wait until the rest of the old site is gone. Without `made` (a build that failed),
        the folders taken back are left as they are. serving: the site is serve's own folder,
        which only its rebuilds write."""
        taken, self.taken = self.taken, []
        last = self.made
        if made is not None:
            self.made = made if serving else None
            if taken and serving and last is not None:
                _delete_gone(last - made, taken)
                taken = []
        elif taken:
            self.made = None                  # a failed build's folders: what they hold is not known
        removed: set[str] = set()
        for folder in taken if made is not None else ():
            for parent, dirs, names in os.walk(folder, topdown=False):
                kept = False
                for name in names:
                    path = os.path.join(parent, name)
                    if path in made:
                        kept = True
                    else:
                        os.unlink(path)
                if not kept and all(os.path.join(parent, name) in removed for name in dirs):
                    os.rmdir(parent)
                    removed.add(parent)
        self._delete()
        while self.running:
            self.running.pop().wait()


def _delete_gone(gone: set[str], folders: list[str]) -> None:
    """Delete the files of `gone` that lie in these folders, and the folders they leave empty."""
    inside = tuple(folder + os.sep for folder in folders)
    for path in sorted(gone, reverse=True):
        if not path.startswith(inside):
            continue
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        parent = os.path.dirname(path)
        while parent.startswith(inside) or parent + os.sep in inside:     # up to the folder taken back
            try:
                os.rmdir(parent)            # only if empty
            except OSError:
                break
            parent = os.path.dirname(parent)


def _only_files_and_folders(folder: str) -> None:
    """Remove links (and anything but files and folders) from a folder taken back: the build
    writes pages into it, and must not write through a link to somewhere outside the site."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                _only_files_and_folders(entry.path)
            elif not entry.is_file(follow_symlinks=False):       # a link, a pipe …
                os.unlink(entry.path)
                log.debug("old site: %s is no file or folder, removed", entry.path)
