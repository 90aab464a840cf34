"""When each profile was last changed, and by whom: read from git history, once per build.

One `git log` for all profiles (principle 5). Outside a git repository, or without git,
there is simply no history to show; that is never an error (said at debug level: `mkdocs build -v`).
"""
from __future__ import annotations

import logging
import subprocess
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.archive.history")
CHINA_TIME = timezone(timedelta(hours=8))   # dates as the editors in China see them


@dataclass(frozen=True)
class Change:
    date: str        # YYYY-MM-DD (China time) of the last commit that touched the file
    author: str


def parse_log(output: str) -> dict[str, Change]:
    """Output of `git log --format=%x1e%ct%x1f%an --name-only`: newest first, so the first
    commit that names a file is its last change."""
    changes: dict[str, Change] = {}
    for record in output.split("\x1e")[1:]:
        head, _, names = record.partition("\n")
        stamp, _, author = head.partition("\x1f")
        try:
            when = datetime.fromtimestamp(int(stamp), CHINA_TIME).strftime("%Y-%m-%d")
        except ValueError:
            continue
        for name in names.splitlines():
            if name.strip() and name not in changes:
                changes[name] = Change(when, author.strip())
    return changes


@dataclass(frozen=True)
class FileHistory:
    created: int     # Unix time of the first commit that added the file (when it was published)
    changed: int     # Unix time of the last commit that touched it


def parse_history(output: str) -> dict[str, FileHistory]:
    """The same log (newest first): the last commit naming a file is the one that added it."""
    history: dict[str, FileHistory] = {}
    for record in output.split("\x1e")[1:]:
        head, _, names = record.partition("\n")
        try:
            stamp = int(head.partition("\x1f")[0])
        except ValueError:
            continue
        for name in names.splitlines():
            if name.strip():
                known = history.get(name)
                history[name] = FileHistory(stamp, known.changed if known else stamp)
    return history


def _git_log(root: Path, folder: str) -> str:
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%x1e%ct%x1f%an", "--name-only", "--relative",
             "--", folder],
            capture_output=True, text=True, timeout=120, check=False)
    except (OSError, subprocess.SubprocessError) as error:
        log.debug("history: no git log of %s (%s: %s): pages show no dates of change", folder, type(error).__name__, error)
        return ""
    if result.returncode != 0:
        log.debug("history: git log of %s failed (%s): pages show no dates of change", folder,
                  result.stderr.strip().splitlines()[0] if result.stderr.strip() else f"exit {result.returncode}")
        return ""
    return result.stdout


def last_changes(root: Path, folder: str = "profiles") -> dict[str, Change]:
    """Repository path (profiles/people/tu-youyou.md) → its last change."""
    return parse_log(_git_log(root, folder))


def file_history(root: Path, folder: str = "profiles") -> dict[str, FileHistory]:
    """Repository path → when it was added and last changed (for the feed)."""
    return parse_history(_git_log(root, folder))
