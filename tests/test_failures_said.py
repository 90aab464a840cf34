"""Failures the build goes on after are said, not swallowed (issue 21): what only changes speed
or leaves something out at debug level (`mkdocs build -v`), what a contributor must fix as a
problem or in Chinese."""
from __future__ import annotations

import logging
import struct
import subprocess
import zlib

from archive.domain import history
from archive.load import media
from archive.runtime import forking


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_header(width: int, height: int) -> bytes:
    """A PNG's signature, header and the start of its data: all Pillow reads to know its size."""
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + _chunk(b"IDAT", zlib.compress(b"")))


def test_no_worker_processes_is_said_at_debug_level(monkeypatch, caplog):
    def no_fork(_method):
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(forking.multiprocessing, "get_context", no_fork)
    with caplog.at_level(logging.DEBUG, logger="mkdocs.hooks.archive.forking"):
        with forking.pool(2) as workers:
            assert workers is None
    said = [r for r in caplog.records if r.name == "mkdocs.hooks.archive.forking"]
    assert len(said) == 1 and said[0].levelno == logging.DEBUG and "Function not implemented" in said[0].getMessage()


def test_no_git_history_is_said_at_debug_level(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    with caplog.at_level(logging.DEBUG, logger="mkdocs.hooks.archive.history"):
        assert history.last_changes(tmp_path) == {}                       # not a repository
    assert "git log of profiles failed" in caplog.text

    def no_git(*_args, **_kwargs):
        raise subprocess.TimeoutExpired("git", 120)

    caplog.clear()
    monkeypatch.setattr(history.subprocess, "run", no_git)
    with caplog.at_level(logging.DEBUG, logger="mkdocs.hooks.archive.history"):
        assert history.file_history(tmp_path) == {}
    assert "no git log of profiles (TimeoutExpired" in caplog.text


def test_a_decompression_bomb_is_a_photo_too_large(tmp_path):
    """A few bytes announcing 20000×20000 pixels: Pillow refuses to open it, and so did the check
    (it passed, to be unpacked by every reader's browser)."""
    (tmp_path / "bomb.png").write_bytes(_png_header(20_000, 20_000))
    [found] = media.check(tmp_path, {"bomb.png"})
    assert found.code == "E116" and f"超过 {2 * media.Image.MAX_IMAGE_PIXELS} 像素" in found.message


def test_a_damaged_photo_is_said_in_chinese_and_still_accepted(tmp_path, caplog):
    (tmp_path / "damaged.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 10)
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.archive.media"):
        assert media.check(tmp_path, {"damaged.png"}) == []
    said = [r for r in caplog.records if r.name == "mkdocs.hooks.archive.media"]
    assert len(said) == 1 and said[0].levelno == logging.INFO
    assert said[0].getMessage().startswith("profiles/media/damaged.png：无法读出图片的尺寸")


def test_make_fix_says_in_chinese_which_photos_it_cannot_shrink(tmp_path):
    """A bomb and a large damaged photo: `make fix` names each, says why, and ends without a traceback."""
    from conftest import BIN, ENV, copy_repo, write
    repo = copy_repo(tmp_path)
    write(repo, "profiles/media/bomb.png", _png_header(20_000, 20_000))
    write(repo, "profiles/media/damaged.png", _png_header(3000, 3000) + b"\0" * (3 * 1024 * 1024))
    result = subprocess.run([str(BIN / "python"), "scripts/fix.py"], cwd=repo, env=ENV,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert f"无法缩小 profiles/media/bomb.png：超过 {2 * media.Image.MAX_IMAGE_PIXELS} 像素，无法自动缩小" in result.stderr
    assert "无法缩小 profiles/media/damaged.png：无法读取这张图片" in result.stderr
    assert "已缩小" not in result.stdout
