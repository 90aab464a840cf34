"""Reading the contributors' files: regular files only, and no more bytes than a file may hold.

A profile that is a symbolic link to /dev/zero made `make check`, build and serve read until
memory ran out; a link to a file outside the repository was published. Every reader of
profiles, photos and the vocabularies goes through here: a symbolic link, a device, a pipe or a
directory is refused before anything is read, and a file is read only up to its limit.
"""
from __future__ import annotations

import errno
import os
import stat


class NotRegular(OSError):
    """Not a regular file; `what` says what it is, in Chinese."""

    def __init__(self, what: str):
        super().__init__(errno.EINVAL, what)
        self.what = what


class TooLarge(OSError):
    def __init__(self, size: int):
        super().__init__(errno.EFBIG, "文件过大")
        self.size = size


def kind_of(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "符号链接"
    if stat.S_ISDIR(mode):
        return "目录"
    if stat.S_ISFIFO(mode):
        return "管道"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字"
    return "文件"


def is_regular(path) -> bool:
    """A regular file, not a link to one."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def read_regular(path, limit: int | None = None) -> bytes:
    """The bytes of a regular file (never through a symbolic link); TooLarge past limit bytes."""
    mode = os.lstat(path).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegular(kind_of(mode))
    # O_NOFOLLOW and the fstat: the file cannot be swapped for a link or a device in between.
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(kind_of(info.st_mode))
        if limit is not None and info.st_size > limit:
            raise TooLarge(info.st_size)
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if limit is not None and size > limit:      # grew while read
                raise TooLarge(size)
        return b"".join(chunks)
    finally:
        os.close(fd)


def regular_files(folder) -> tuple[list[str], list[tuple[str, str]]]:
    """(the regular files under folder, relative paths; and (path, what) of everything else that
    is not a directory one may walk into: links, devices …), hidden names left out."""
    files, others = [], []
    for parent, folders, names in os.walk(folder):
        for name in list(folders):
            full = os.path.join(parent, name)
            if os.path.islink(full):
                folders.remove(name)
                if not name.startswith("."):
                    others.append((os.path.relpath(full, folder), "符号链接"))
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in names:
            if name.startswith("."):
                continue
            full = os.path.join(parent, name)
            mode = os.lstat(full).st_mode
            rel = os.path.relpath(full, folder)
            (files.append(rel) if stat.S_ISREG(mode) else others.append((rel, kind_of(mode))))
    return sorted(files), sorted(others)
